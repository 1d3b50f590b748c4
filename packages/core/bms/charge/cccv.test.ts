import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestEcm } from '../estimation/soc/testing.js';
import { allocMeasurements, makeSensorLayout } from '../measurements.js';
import type { BmsContext, Measurements } from '../types.js';
import { CcCvChargeController, chargeTempNeeded_K, DEFAULT_CHARGE_CONTROL, type ChargeControlConfig } from './cccv.js';

const model = makeTestEcm(); // 3 Ah group, 1C = 3 A
const layout = { ...makeSensorLayout(1, 1, 1, 1), tempSensorGroup: Int32Array.from([0, 0]) }; // one group, two temperature sensors
const ctx: BmsContext = { mode: 'charge', pluggedIn: true, chargerMaxCurrent_A: 100, chargerMaxPower_W: 1e5, chargeTargetSoc: 1 };
const C0 = 273.15;

function meas(v: number, temps_K: number[]): Measurements {
  const m = allocMeasurements(layout);
  m.groupVoltage_V[0] = v;
  m.groupVoltageValid[0] = 1;
  m.packVoltage_V = v;
  m.packCurrent_A = 0;
  m.packCurrentValid = true;
  m.temp_K.set(temps_K);
  m.tempValid.fill(1);
  return m;
}

/** Closed loop: controller → ideal charger → two-RC group (exact discretisation) → noise-free measurement. */
function chargeRun(cfg: ChargeControlConfig, z0: number, T_K: number, maxSteps: number) {
  const c = new CcCvChargeController(cfg, model, 2);
  const dt = 1;
  let z = z0;
  let v1 = 0;
  let v2 = 0;
  let I = 0; // positive discharge
  const trace: { phase: string; req: number; v: number; z: number; complete: boolean }[] = [];
  for (let k = 0; k < maxSteps; k++) {
    const v = model.ocv_V(z, T_K) - v1 - v2 - model.r0_ohm(z, T_K) * I;
    const m = meas(v, [T_K, T_K]);
    m.packCurrent_A = I;
    const d = c.step(m, ctx, z, 1e9, dt);
    trace.push({ phase: d.phase, req: d.chargeRequest_A, v, z, complete: d.chargeComplete });
    if (d.chargeComplete) break;
    I = -d.chargeRequest_A;
    const a1 = Math.exp(-dt / model.tau1_s(z, T_K));
    const a2 = Math.exp(-dt / model.tau2_s(z, T_K));
    v1 = a1 * v1 + model.r1_ohm(z, T_K) * (1 - a1) * I;
    v2 = a2 * v2 + model.r2_ohm(z, T_K) * (1 - a2) * I;
    z -= (I * dt) / model.capacity_As;
  }
  return trace;
}

test('CC-CV: CC current = request, CV holds the voltage and tapers, stops at C/20', () => {
  const cfg: ChargeControlConfig = { ...DEFAULT_CHARGE_CONTROL, cvVoltage_V: 4.2 };
  const tr = chargeRun(cfg, 0.2, C0 + 25, 20000);
  const cc = tr.filter((s) => s.phase === 'cc');
  assert.ok(cc.length > 100);
  for (const s of cc) assert.equal(s.req, 0.5 * 3, 'CC at 0.5C');
  const cv = tr.filter((s) => s.phase === 'cv');
  assert.ok(cv.length > 100, `CV samples ${cv.length}`);
  for (const s of cv) assert.ok(s.v <= 4.2 + 0.005, `V ${s.v} above CV`);
  // Tapers: the CV current falls overall, and over windows of 60 samples it never rises.
  for (let k = 60; k < cv.length; k += 60) assert.ok(cv[k].req <= cv[k - 60].req + 1e-9);
  const last = tr[tr.length - 1];
  assert.equal(last.complete, true);
  assert.equal(last.req, 0);
  const lastCv = cv[cv.length - 1];
  assert.ok(lastCv.req <= 0.15 + 1e-9 && lastCv.req > 0.1, `end current ${lastCv.req}`);
  assert.ok(last.z > 0.9, `SoC at end ${last.z}`);
});

test('multi-step CC table follows the estimated SoC; target SoC ends the charge', () => {
  const cfg: ChargeControlConfig = {
    ...DEFAULT_CHARGE_CONTROL,
    ccSteps: [
      { socBelow: 0.5, cRate: 1 },
      { socBelow: Infinity, cRate: 0.3 },
    ],
  };
  const c = new CcCvChargeController(cfg, model, 2);
  assert.equal(c.step(meas(3.8, [C0 + 25, C0 + 25]), ctx, 0.3, 1e9, 1).chargeRequest_A, 3);
  assert.ok(Math.abs(c.step(meas(3.9, [C0 + 25, C0 + 25]), ctx, 0.6, 1e9, 1).chargeRequest_A - 0.9) < 1e-12);
  const c2 = new CcCvChargeController(cfg, model, 2);
  const tgt = { ...ctx, chargeTargetSoc: 0.8 };
  let d = c2.step(meas(3.9, [C0 + 25, C0 + 25]), tgt, 0.79, 1e9, 1);
  assert.equal(d.chargeComplete, false);
  for (let k = 0; k < 3; k++) d = c2.step(meas(3.9, [C0 + 25, C0 + 25]), tgt, 0.81, 1e9, 1);
  assert.equal(d.chargeComplete, true);
  assert.equal(d.chargeRequest_A, 0);
});

test('cold measured temperature lowers the request (coldest sensor counts); CCD limit is never exceeded', () => {
  const cfg: ChargeControlConfig = { ...DEFAULT_CHARGE_CONTROL, ccSteps: [{ socBelow: Infinity, cRate: 1 }], preheatBelow_K: 0, preheatUntil_K: 0 };
  const warm = new CcCvChargeController(cfg, model, 2).step(meas(3.8, [C0 + 25, C0 + 25]), ctx, 0.5, 1e9, 1).chargeRequest_A;
  const cold = new CcCvChargeController(cfg, model, 2).step(meas(3.8, [C0 + 5, C0 + 25]), ctx, 0.5, 1e9, 1).chargeRequest_A;
  assert.equal(warm, 3);
  assert.ok(Math.abs(cold - 0.2 * 3) < 1e-12, `cold ${cold}`); // 0.2C at 5 °C
  const frozen = new CcCvChargeController(cfg, model, 2).step(meas(3.8, [C0 - 1, C0 + 25]), ctx, 0.5, 1e9, 1).chargeRequest_A;
  assert.equal(frozen, 0);

  // CCD: a steep Arrhenius-like limit; sweep temperatures, the request never exceeds it.
  const ccd = (T: number) => 2.0 * Math.exp(-4000 * (1 / T - 1 / (C0 + 25)));
  const withCcd: ChargeControlConfig = { ...cfg, ccdChargeLimit_A: ccd };
  let binding = 0;
  for (let T = C0 - 5; T <= C0 + 50; T += 0.5) {
    const c = new CcCvChargeController(withCcd, model, 2);
    const r = c.step(meas(3.8, [T, T + 3]), ctx, 0.5, 1e9, 1).chargeRequest_A;
    assert.ok(r <= ccd(T) + 1e-12, `T ${T}: request ${r} > CCD ${ccd(T)}`);
    assert.ok(r <= c.decision.chargeCap_A + 1e-12);
    if (Math.abs(r - ccd(T)) < 1e-12) binding++;
  }
  assert.ok(binding > 10, 'the CCD limit binds somewhere in the sweep');
});

test('pre-heat holds charge at 0 when cold and releases when warm', () => {
  const c = new CcCvChargeController(DEFAULT_CHARGE_CONTROL, model, 2);
  let d = c.step(meas(3.8, [C0 + 2, C0 + 20]), ctx, 0.5, 1e9, 1);
  assert.equal(d.preheatRequest, true);
  assert.equal(d.chargeRequest_A, 0);
  d = c.step(meas(3.8, [C0 + 12, C0 + 20]), ctx, 0.5, 1e9, 1); // above preheatBelow, below preheatUntil
  assert.equal(d.preheatRequest, true);
  assert.equal(d.chargeRequest_A, 0);
  d = c.step(meas(3.8, [C0 + 16, C0 + 20]), ctx, 0.5, 1e9, 1);
  assert.equal(d.preheatRequest, false);
  assert.ok(d.chargeRequest_A > 0);
  // Not plugged in: no pre-heat, no request.
  const c2 = new CcCvChargeController(DEFAULT_CHARGE_CONTROL, model, 2);
  d = c2.step(meas(3.8, [C0 + 2, C0 + 2]), { ...ctx, pluggedIn: false, mode: 'park' }, 0.5, 1e9, 1);
  assert.equal(d.preheatRequest, false);
  assert.equal(d.chargeRequest_A, 0);
});

test('charger current, charger power and the protection limit cap the request', () => {
  const cfg: ChargeControlConfig = { ...DEFAULT_CHARGE_CONTROL, ccSteps: [{ socBelow: Infinity, cRate: 1 }] };
  const mk = () => new CcCvChargeController(cfg, model, 2);
  assert.equal(mk().step(meas(3.8, [C0 + 25, C0 + 25]), { ...ctx, chargerMaxCurrent_A: 1 }, 0.5, 1e9, 1).chargeRequest_A, 1);
  assert.ok(Math.abs(mk().step(meas(3.8, [C0 + 25, C0 + 25]), { ...ctx, chargerMaxPower_W: 3.8 }, 0.5, 1e9, 1).chargeRequest_A - 1) < 1e-12);
  assert.equal(mk().step(meas(3.8, [C0 + 25, C0 + 25]), ctx, 0.5, 0.5, 1).chargeRequest_A, 0.5);
});

test('pre-heat with preheatTrickle_A = Infinity charges at what the cell allows at its coldest reading, never above the CC step, and nothing at the CV set point', () => {
  const cfg: ChargeControlConfig = { ...DEFAULT_CHARGE_CONTROL, ccSteps: [{ socBelow: Infinity, cRate: 0.2 }], preheatTrickle_A: Infinity };
  const mk = () => new CcCvChargeController(cfg, model, 2);
  // 5 °C: derate 0.1C at 0 °C … 0.3C at 10 °C → 0.2C = 0.6 A; CC step 0.2C = 0.6 A
  let d = mk().step(meas(3.8, [C0 + 5, C0 + 20]), ctx, 0.5, 1e9, 1);
  assert.equal(d.preheatRequest, true);
  assert.ok(Math.abs(d.chargeRequest_A - d.chargeCap_A) < 1e-12 && d.chargeRequest_A > 0.5, `request ${d.chargeRequest_A}`);
  // 2 °C: the cap (0.14C) binds below the CC step
  d = mk().step(meas(3.8, [C0 + 2, C0 + 20]), ctx, 0.5, 1e9, 1);
  assert.ok(Math.abs(d.chargeRequest_A - 0.14 * 3) < 1e-9, `request ${d.chargeRequest_A}`);
  // 8 °C: the CC step (0.6 A) binds below the cap (0.26C)
  d = mk().step(meas(3.8, [C0 + 8, C0 + 20]), ctx, 0.5, 1e9, 1);
  assert.ok(Math.abs(d.chargeRequest_A - 0.6) < 1e-9, `request ${d.chargeRequest_A}`);
  // below the minimum charge temperature: nothing
  assert.equal(mk().step(meas(3.8, [C0 - 5, C0 + 20]), ctx, 0.5, 1e9, 1).chargeRequest_A, 0);
  // a group at the CV set point: nothing while heating
  assert.equal(mk().step(meas(model.vMax_V, [C0 + 5, C0 + 20]), ctx, 0.5, 1e9, 1).chargeRequest_A, 0);
  // the target SoC reached while heating ends the session (no heating to the end)
  const c = mk();
  const t = { ...ctx, chargeTargetSoc: 0.8 };
  for (let k = 0; k < 5; k++) d = c.step(meas(3.8, [C0 + 5, C0 + 20]), t, 0.81, 1e9, 1);
  assert.equal(d.chargeComplete, true);
  assert.equal(d.preheatRequest, false);
});

test('chargeTempNeeded_K: the lowest temperature at which the derate allows the demand (analytic on the Li-ion table)', () => {
  // Li-ion reference derate (design/data.ts LIION_EV_CHARGE, peak 2C): 1/3C at 0 °C, 0.75C at 10 °C, 2C from 25 °C
  const cfg = { ...DEFAULT_CHARGE_CONTROL, tempDerate: { temp_K: [273.15, 283.15, 298.15, 318.15], cRateMax: [1 / 3, 0.75, 2, 2] } };
  const oneC_A = 100;
  // a Level-2 charge of 0.1C needs only the charge window's bottom (0 °C)
  assert.equal(chargeTempNeeded_K(cfg, oneC_A, 10), 273.15);
  // 0.5C: 1/3 + (0.75 − 1/3)·T/10 K = 0.5 → T = 4 °C
  assert.ok(Math.abs(chargeTempNeeded_K(cfg, oneC_A, 50) - 277.15) < 0.26);
  // a DC fast charge at 2C needs 25 °C; more than any temperature allows → the temperature of the largest cap
  assert.ok(Math.abs(chargeTempNeeded_K(cfg, oneC_A, 200) - 298.15) < 1e-9);
  assert.ok(Math.abs(chargeTempNeeded_K(cfg, oneC_A, 500) - 298.15) < 1e-9);
});

test('pre-heat from the need: a slow AC charge at 2 °C charges without pre-heat, a DC fast charge at the same temperature pre-heats (and trickles)', () => {
  const cfg: ChargeControlConfig = {
    ...DEFAULT_CHARGE_CONTROL,
    preheatFromNeed: true,
    preheatTrickle_A: Infinity,
    tempDerate: { temp_K: [C0, C0 + 10, C0 + 25, C0 + 45], cRateMax: [1 / 3, 0.75, 2, 2] },
    ccSteps: [{ socBelow: Infinity, cRate: 2 }],
  };
  const run = (chargerMaxCurrent_A: number) => new CcCvChargeController(cfg, model, 2).step(meas(3.7, [C0 + 2, C0 + 2]), { ...ctx, chargerMaxCurrent_A }, 0.3, 1e9, 1);
  // 0.1C (0.3 A on the 3 Ah group): allowed from 0 °C, no heating
  const ac = run(0.3);
  assert.equal(ac.preheatRequest, false);
  assert.ok(Math.abs(ac.chargeRequest_A - 0.3) < 1e-9);
  // 2C needs 25 °C: pre-heat, charging meanwhile at what 2 °C allows (1/3 + 0.2·(0.75 − 1/3) C)
  const dc = run(6);
  assert.equal(dc.preheatRequest, true);
  assert.ok(Math.abs(dc.chargeRequest_A - 3 * (1 / 3 + 0.2 * (0.75 - 1 / 3))) < 1e-6, `trickle ${dc.chargeRequest_A} A`);
});

test('chargeTempNeeded_K: a demand the CCD limit keeps out of reach heats only to the knee of the derate (25 °C), not to the top of the charge window', () => {
  // a Li-metal cell: the CCD limit rises with temperature but never reaches 2C below 50 °C
  const cfg: ChargeControlConfig = { ...DEFAULT_CHARGE_CONTROL, tempDerate: { temp_K: [C0, C0 + 10, C0 + 25, C0 + 45], cRateMax: [0.1, 0.5, 2, 2] }, ccdChargeLimit_A: (T) => 0.05 * (T - C0) };
  assert.equal(chargeTempNeeded_K(cfg, 3, 6), C0 + 25);
});
