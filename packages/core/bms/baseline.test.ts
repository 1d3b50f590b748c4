import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../numerics/rng.js';
import { InputError } from '../errors.js';
import { makeTestEcm } from './estimation/soc/testing.js';
import { CentralizedSensing, DEFAULT_SENSORS, type SensedTruth } from '../sensing/centralized.js';
import { makeSensorLayout } from './measurements.js';
import { defaultProtectionLimits } from './safety/limits.js';
import { DEFAULT_PASSIVE_BALANCING } from './balancing/passive.js';
import { DEFAULT_CHARGE_CONTROL } from './charge/cccv.js';
import type { BmsCommands, BmsContext, EcmModel, Measurements, SensorLayout } from './types.js';
import { BaselineBms, groupModelFromCell, nearestTempSensor, type BaselineBmsConfig } from './baseline.js';

const cell = makeTestEcm();
const park: BmsContext = { mode: 'park', pluggedIn: false, chargerMaxCurrent_A: 0, chargerMaxPower_W: 0, chargeTargetSoc: 1 };
const drive: BmsContext = { ...park, mode: 'drive' };

function config(layout: SensorLayout, estimators: BaselineBmsConfig['estimators'] = ['ekf', 'coulomb']): BaselineBmsConfig {
  return {
    layout,
    model: cell,
    estimators,
    limits: defaultProtectionLimits(cell, layout.parallelCount),
    balancing: DEFAULT_PASSIVE_BALANCING,
    charge: DEFAULT_CHARGE_CONTROL,
  };
}

/** A minimal test plant: Ns two-RC groups in series at one temperature, sensed by a centralized front-end. */
class TestPlant {
  readonly z: Float64Array;
  readonly v1: Float64Array;
  readonly v2: Float64Array;
  readonly truth: SensedTruth;
  readonly sensing: CentralizedSensing;
  readonly gm: EcmModel;
  constructor(
    readonly layout: SensorLayout,
    z0: number[],
    readonly T_K: number,
    seed: number,
  ) {
    const ns = layout.seriesCount;
    this.gm = groupModelFromCell(cell, layout.parallelCount);
    this.z = Float64Array.from(z0);
    this.v1 = new Float64Array(ns);
    this.v2 = new Float64Array(ns);
    this.truth = {
      time_s: 0,
      groupVoltage_V: new Float64Array(ns),
      packCurrent_A: 0,
      packVoltage_V: 0,
      groupTemp_K: new Float64Array(ns).fill(T_K),
      modulePressure_Pa: new Float64Array(layout.pressureSensorModule.length).fill(2e6),
      coolant_K: T_K,
      ambient_K: T_K,
    };
    this.sensing = new CentralizedSensing(layout, DEFAULT_SENSORS, new Rng(seed));
  }
  /** Applies current I [A] (positive discharge) for dt, then samples the sensors. */
  step(t_s: number, I: number, dt: number): Measurements {
    const m = this.gm;
    const T = this.T_K;
    let vp = 0;
    for (let g = 0; g < this.z.length; g++) {
      const z = this.z[g];
      const a1 = Math.exp(-dt / m.tau1_s(z, T));
      const a2 = Math.exp(-dt / m.tau2_s(z, T));
      this.v1[g] = a1 * this.v1[g] + m.r1_ohm(z, T) * (1 - a1) * I;
      this.v2[g] = a2 * this.v2[g] + m.r2_ohm(z, T) * (1 - a2) * I;
      this.z[g] = z - (I * dt) / m.capacity_As;
      const v = m.ocv_V(this.z[g], T) - this.v1[g] - this.v2[g] - m.r0_ohm(this.z[g], T) * I;
      this.truth.groupVoltage_V[g] = v;
      vp += v;
    }
    this.truth.time_s = t_s;
    this.truth.packCurrent_A = I;
    this.truth.packVoltage_V = vp;
    return this.sensing.sample(this.truth);
  }
}

function cloneMeas(m: Measurements): Measurements {
  return {
    ...m,
    groupVoltage_V: m.groupVoltage_V.slice(),
    groupVoltageValid: m.groupVoltageValid.slice(),
    temp_K: m.temp_K.slice(),
    tempValid: m.tempValid.slice(),
    pressure_Pa: m.pressure_Pa.slice(),
    pressureValid: m.pressureValid.slice(),
  };
}

function snapshot(c: BmsCommands) {
  return { ...c, balanceSwitch: Array.from(c.balanceSwitch) };
}

test('BaselineBms: identical Measurements give identical commands; it cannot be given a plant', () => {
  const layout = makeSensorLayout(8, 2, 4, 2);
  const plant = new TestPlant(layout, [0.5, 0.52, 0.5, 0.55, 0.5, 0.49, 0.5, 0.5], 298.15, 1);
  const rng = new Rng(9);
  const stream: { m: Measurements; ctx: BmsContext }[] = [];
  for (let k = 0; k < 3000; k++) {
    const I = k < 1000 ? 6 * rng.uniform() - 2 : 0; // −2 … 4 A: inside the 1C charge / 3C discharge limits
    stream.push({ m: cloneMeas(plant.step(k * 0.1, I, 0.1)), ctx: k < 1000 ? drive : park });
  }
  const a = new BaselineBms(config(layout, ['ekf', 'ukf', 'coulomb', 'ocv']));
  // Run an unrelated pack and BMS in between: no hidden shared state may leak into the second BMS.
  const other = new TestPlant(layout, [0.9, 0.1, 0.9, 0.1, 0.9, 0.1, 0.9, 0.1], 260, 77);
  const noise = new BaselineBms(config(layout));
  for (let k = 0; k < 100; k++) noise.step(other.step(k * 0.1, 30, 0.1), drive, 0.1);
  const b = new BaselineBms(config(layout, ['ekf', 'ukf', 'coulomb', 'ocv']));
  let switchedOn = 0;
  for (const { m, ctx } of stream) {
    const ca = snapshot(a.step(m, ctx, 0.1));
    const cb = snapshot(b.step(m, ctx, 0.1));
    assert.deepEqual(ca, cb);
    switchedOn += ca.balanceSwitch.reduce((s, x) => s + x, 0);
  }
  assert.deepEqual(a.socEstimates(), b.socEstimates());
  assert.deepEqual(Array.from(a.groupSoc()), Array.from(b.groupSoc()));
  assert.deepEqual(a.events, b.events);
  assert.equal(a.balancingEnergy_J, b.balancingEnergy_J);
  assert.ok(switchedOn > 0, 'the stream exercised balancing');

  // The constructor takes exactly one argument, a configuration with only known keys.
  assert.equal(BaselineBms.length, 1);
  assert.throws(() => new BaselineBms({ ...config(layout), plant } as unknown as BaselineBmsConfig), InputError);
  assert.throws(() => new BaselineBms({ ...config(layout), truth: plant.truth } as unknown as BaselineBmsConfig), InputError);
});

test('BaselineBms initialises from OCV at rest, estimates per-group SoC, and balances the high group in park', () => {
  const layout = makeSensorLayout(8, 2, 4, 2);
  const z0 = [0.5, 0.5, 0.5, 0.6, 0.5, 0.5, 0.5, 0.5];
  const plant = new TestPlant(layout, z0, 298.15, 3);
  const bms = new BaselineBms(config(layout));
  let cmd!: BmsCommands;
  for (let k = 0; k < 50; k++) cmd = bms.step(plant.step(k * 0.1, 0, 0.1), park, 0.1);
  const gs = bms.groupSoc();
  for (let g = 0; g < 8; g++) assert.ok(Math.abs(gs[g] - z0[g]) < 0.01, `group ${g}: ${gs[g]}`);
  const est = bms.socEstimates();
  assert.deepEqual(Object.keys(est), ['ekf', 'coulomb']);
  const mean = z0.reduce((s, x) => s + x, 0) / 8;
  assert.ok(Math.abs(est.ekf - mean) < 0.01, 'pack SoC = mean of groups');
  assert.deepEqual(Array.from(cmd.balanceSwitch), [0, 0, 0, 1, 0, 0, 0, 0]);
  assert.equal(cmd.contactorsClosed, true);
  assert.equal(cmd.chargeRequest_A, 0, 'not charging in park');
  // Balancing energy ≈ V²/R × time switched on (BMS-side estimate).
  const v = plant.truth.groupVoltage_V[3];
  const onTime = 49 * 0.1; // switched on from the 2nd cycle (1st cycle initialises)
  assert.ok(Math.abs(bms.balancingEnergy_J - ((v * v) / 33) * onTime) / bms.balancingEnergy_J < 0.05, `E ${bms.balancingEnergy_J}`);
  assert.ok(bms.events.length === 0, JSON.stringify(bms.events));
});

test('BaselineBms: a max-safety over-voltage opens and latches the contactors; limits go to zero', () => {
  const layout = makeSensorLayout(4, 1, 4, 2);
  const plant = new TestPlant(layout, [0.5, 0.5, 0.5, 0.5], 298.15, 5);
  const bms = new BaselineBms(config(layout));
  const ctx: BmsContext = { mode: 'charge', pluggedIn: true, chargerMaxCurrent_A: 50, chargerMaxPower_W: 1e5, chargeTargetSoc: 1 };
  let cmd = bms.step(plant.step(0, 0, 0.1), ctx, 0.1);
  cmd = bms.step(plant.step(0.1, 0, 0.1), ctx, 0.1);
  assert.ok(cmd.chargeRequest_A > 0);
  for (let k = 2; k < 12; k++) {
    const m = plant.step(k * 0.1, 0, 0.1);
    m.groupVoltage_V[1] = cell.vMax_V + 0.1; // a stuck-high reading, above MSL
    cmd = bms.step(m, ctx, 0.1);
  }
  assert.equal(cmd.contactorsClosed, false);
  assert.equal(cmd.chargeRequest_A, 0);
  assert.equal(cmd.chargeLimit_A, 0);
  assert.equal(cmd.dischargeLimit_A, 0);
  assert.ok(bms.events.some((e) => e.quantity === 'cellOverVoltage' && e.tier === 'maxSafety' && e.index === 1 && e.action === 'open-contactors'));
  for (let k = 12; k < 40; k++) cmd = bms.step(plant.step(k * 0.1, 0, 0.1), ctx, 0.1);
  assert.equal(cmd.contactorsClosed, false, 'latched');
  bms.resetLatch();
  cmd = bms.step(plant.step(4, 0, 0.1), ctx, 0.1);
  assert.equal(cmd.contactorsClosed, true);
});

test('BaselineBms holds the last valid voltage of an invalid channel and marks the group degraded', () => {
  const layout = makeSensorLayout(4, 1, 4, 2);
  const plant = new TestPlant(layout, [0.5, 0.5, 0.5, 0.5], 298.15, 6);
  const bms = new BaselineBms(config(layout));
  for (let k = 0; k < 10; k++) bms.step(plant.step(k * 0.1, 0, 0.1), park, 0.1);
  assert.equal(bms.degraded, false);
  const before = bms.groupSoc()[2];
  for (let k = 10; k < 60; k++) {
    const m = plant.step(k * 0.1, 0, 0.1);
    m.groupVoltage_V[2] = NaN;
    m.groupVoltageValid[2] = 0;
    bms.step(m, park, 0.1);
  }
  assert.equal(bms.groupDegraded[2], 1);
  assert.equal(bms.groupDegraded[1], 0);
  assert.ok(Math.abs(bms.groupSoc()[2] - before) < 0.005);
  assert.ok(bms.events.some((e) => e.quantity === 'voltageSensorInvalid' && e.index === 2));
});

test('nearest temperature sensor prefers the closest group, ties broken towards the same module', () => {
  const L = { ...makeSensorLayout(8, 1, 4, 1), tempSensorGroup: Int32Array.from([2, 4]) };
  // Groups 0..3 are module 0, 4..7 module 1; group 3 is 1 away from both sensors → its own module's.
  assert.deepEqual(Array.from(nearestTempSensor(L)), [0, 0, 0, 0, 1, 1, 1, 1]);
});

test('BaselineBms state of power: on a plant that IS its nominal model, the SoP matches the prediction on the true state; health can be off; bad health keys are named', async () => {
  const { groupThevenin, makeSopResult, packSop } = await import('./estimation/sop.js');
  const layout = makeSensorLayout(4, 2, 4, 2);
  const plant = new TestPlant(layout, [0.6, 0.62, 0.58, 0.6], 298.15, 4);
  const base = config(layout);
  // current caps out of the way: the SoP is then voltage-limited on both sides
  const big = { ...base.limits.dischargeCurrent_A, maxOperating: 1e6, recommendedSafety: 1e6, maxSafety: 1e6 };
  const bms = new BaselineBms({
    ...base,
    limits: { ...base.limits, dischargeCurrent_A: big, chargeCurrent_A: { ...base.limits.chargeCurrent_A, maxOperating: 1e6, recommendedSafety: 1e6, maxSafety: 1e6 } },
    charge: { ...base.charge, tempDerate: { temp_K: [273.15], cRateMax: [1e4] } },
    initialSocGuess: 0.6,
  });
  const rng = new Rng(3);
  let I = 0;
  for (let k = 0; k < 3000; k++) {
    if (k % 50 === 0) I = 8 * rng.uniform() - 2;
    bms.step(plant.step(k * 0.1, I, 0.1), drive, 0.1);
  }
  const est = bms.stateOfPower();
  assert.deepEqual(
    est.map((r) => r.horizon_s),
    [2, 10, 30],
  );
  const gm = groupModelFromCell(cell, 2);
  const ns = 4;
  const a = new Float64Array(ns);
  const b = new Float64Array(ns);
  const sd = new Float64Array(ns);
  const sc = new Float64Array(ns);
  const inf = new Float64Array(ns).fill(Infinity);
  const th = { a_V: 0, b_ohm: 0, socDischargeMax_A: 0, socChargeMax_A: 0 };
  const T = 298.15;
  for (const r of est) {
    for (let g = 0; g < ns; g++) {
      const z = plant.z[g];
      groupThevenin(
        z,
        plant.v1[g],
        plant.v2[g],
        {
          ocv_V: gm.ocv_V(z, T),
          dOcvDz_V: gm.dOcvDz_V(z, T),
          capacity_As: gm.capacity_As,
          r0_ohm: gm.r0_ohm(z, T),
          r1_ohm: gm.r1_ohm(z, T),
          tau1_s: gm.tau1_s(z, T),
          r2_ohm: gm.r2_ohm(z, T),
          tau2_s: gm.tau2_s(z, T),
        },
        r.horizon_s,
        th,
      );
      a[g] = th.a_V;
      b[g] = th.b_ohm;
      sd[g] = th.socDischargeMax_A;
      sc[g] = th.socChargeMax_A;
    }
    const tru = packSop(a, b, sd, sc, inf, inf, gm.vMin_V, gm.vMax_V, makeSopResult(r.horizon_s));
    // differences come only from the SoC and RC-voltage estimates (and the resistance estimate)
    for (const k of ['dischargeCurrent_A', 'chargeCurrent_A', 'dischargePower_W', 'chargePower_W'] as const) {
      assert.ok(Math.abs(r[k] / tru[k] - 1) < 0.03, `${r.horizon_s} s ${k}: ${r[k]} vs ${tru[k]}`);
    }
  }

  const off = new BaselineBms({ ...config(layout), health: false });
  off.step(plant.step(300, 0, 0.1), park, 0.1);
  assert.deepEqual(off.stateOfPower(), []);
  assert.equal(off.healthReport(), null);
  assert.throws(
    () => new BaselineBms({ ...config(layout), health: { bogus: 1 } as never }),
    (e: unknown) => e instanceof InputError && e.where.field === 'health.bogus',
  );
});
