import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupThevenin, limitCurrents, makeSopResult, packSop, rcStep, type GroupSopParams, type HorizonThevenin } from './sop.js';
import { InputError } from '../../errors.js';

const th = (): HorizonThevenin => ({ a_V: 0, b_ohm: 0, socDischargeMax_A: 0, socChargeMax_A: 0 });
const NO_CAPS = { discharge_A: Infinity, charge_A: Infinity };
const VMIN = 3.0;
const VMAX = 4.2;

test('zero RC, constant OCV: discharge limit = (OCV − vMin)/R0 and charge limit = (vMax − OCV)/R0 exactly', () => {
  const p: GroupSopParams = { ocv_V: 3.7, dOcvDz_V: 0, capacity_As: 1e9, r0_ohm: 2e-3, r1_ohm: 0, tau1_s: 10, r2_ohm: 0, tau2_s: 100 };
  const out = { discharge_A: 0, charge_A: 0 };
  for (const H of [2, 10, 30]) {
    limitCurrents(groupThevenin(0.5, 0, 0, p, H, th()), VMIN, VMAX, NO_CAPS, out);
    assert.ok(Math.abs(out.discharge_A - 0.7 / 2e-3) < 1e-9, `H = ${H}: ${out.discharge_A}`);
    assert.ok(Math.abs(out.charge_A - 0.5 / 2e-3) < 1e-9);
  }
});

test('with RC branches and a non-zero initial branch voltage the limit matches the exact exponential solution', () => {
  const p: GroupSopParams = { ocv_V: 3.8, dOcvDz_V: 0, capacity_As: 1e9, r0_ohm: 1e-3, r1_ohm: 0.5e-3, tau1_s: 8, r2_ohm: 0.8e-3, tau2_s: 150 };
  const v1 = 0.02;
  const v2 = 0.03;
  const out = { discharge_A: 0, charge_A: 0 };
  for (const H of [2, 10, 30]) {
    limitCurrents(groupThevenin(0.5, v1, v2, p, H, th()), VMIN, VMAX, NO_CAPS, out);
    const I = out.discharge_A;
    // simulate the constant current exactly (fine ZOH steps are exact for a constant current)
    let a = v1;
    let b = v2;
    const n = 1000;
    for (let k = 0; k < n; k++) {
      a = rcStep(a, I, p.r1_ohm, p.tau1_s, H / n);
      b = rcStep(b, I, p.r2_ohm, p.tau2_s, H / n);
    }
    const vEnd = p.ocv_V - p.r0_ohm * I - a - b;
    assert.ok(Math.abs(vEnd - VMIN) < 1e-9, `H = ${H}: V(end) = ${vEnd}`);
    // closed form by hand: I = (OCV − v1 e1 − v2 e2 − vMin) / (R0 + R1(1 − e1) + R2(1 − e2))
    const e1 = Math.exp(-H / 8);
    const e2 = Math.exp(-H / 150);
    const iHand = (3.8 - v1 * e1 - v2 * e2 - VMIN) / (1e-3 + 0.5e-3 * (1 - e1) + 0.8e-3 * (1 - e2));
    assert.ok(Math.abs(I - iHand) < 1e-6 * iHand);
  }
});

test('OCV slope: the SoC drop over the horizon enters as ∂OCV/∂z·Δt/Q; the SoC range bounds the current', () => {
  const p: GroupSopParams = { ocv_V: 3.7, dOcvDz_V: 0.5, capacity_As: 3600, r0_ohm: 10e-3, r1_ohm: 0, tau1_s: 1, r2_ohm: 0, tau2_s: 1 };
  const out = { discharge_A: 0, charge_A: 0 };
  limitCurrents(groupThevenin(0.5, 0, 0, p, 10, th()), VMIN, VMAX, NO_CAPS, out);
  assert.ok(Math.abs(out.discharge_A - 0.7 / (10e-3 + (0.5 * 10) / 3600)) < 1e-9);
  // nearly empty: 1 % of 1 Ah left = 36 A·s → at most 3.6 A for 10 s
  limitCurrents(groupThevenin(0.01, 0, 0, p, 10, th()), VMIN, VMAX, NO_CAPS, out);
  assert.ok(Math.abs(out.discharge_A - 3.6) < 1e-12);
});

test('SoP is limited by the current caps when voltage does not bind; pack = min over groups, power from the group voltages', () => {
  const p: GroupSopParams = { ocv_V: 3.7, dOcvDz_V: 0, capacity_As: 1e9, r0_ohm: 1e-3, r1_ohm: 0, tau1_s: 1, r2_ohm: 0, tau2_s: 1 };
  const out = { discharge_A: 0, charge_A: 0 };
  limitCurrents(groupThevenin(0.5, 0, 0, p, 10, th()), VMIN, VMAX, { discharge_A: 300, charge_A: 100 }, out);
  assert.equal(out.discharge_A, 300);
  assert.equal(out.charge_A, 100);
  // two groups, the second with twice the resistance: it limits discharge (700 mV / 2 mΩ = 350 A)
  const a = new Float64Array([3.7, 3.7]);
  const b = new Float64Array([1e-3, 2e-3]);
  const big = new Float64Array([1e9, 1e9]);
  const r = packSop(a, b, big, big, new Float64Array([1000, 1000]), new Float64Array([1000, 1000]), VMIN, VMAX, makeSopResult(10));
  assert.ok(Math.abs(r.dischargeCurrent_A - 350) < 1e-9);
  assert.equal(r.limitingDischargeGroup, 1);
  assert.ok(Math.abs(r.dischargePower_W - 350 * (3.7 - 0.35 + 3.0)) < 1e-6);
  // with a 200 A cap the cap binds in both groups
  const r2 = packSop(a, b, big, big, new Float64Array([200, 200]), new Float64Array([1000, 1000]), VMIN, VMAX, makeSopResult(10));
  assert.equal(r2.dischargeCurrent_A, 200);
  assert.ok(Math.abs(r2.dischargePower_W - 200 * (3.7 - 0.2 + 3.7 - 0.4)) < 1e-9);
});

test('invalid SoP input raises an InputError naming the field', () => {
  const p: GroupSopParams = { ocv_V: 3.7, dOcvDz_V: 0, capacity_As: 0, r0_ohm: 1e-3, r1_ohm: 0, tau1_s: 1, r2_ohm: 0, tau2_s: 1 };
  assert.throws(
    () => groupThevenin(0.5, 0, 0, p, 10, th()),
    (e: unknown) => e instanceof InputError && e.where.field === 'capacity_As',
  );
  assert.throws(
    () => groupThevenin(0.5, 0, 0, { ...p, capacity_As: 1 }, -1, th()),
    (e: unknown) => e instanceof InputError && e.where.field === 'horizon_s',
  );
});
