import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HealthMonitor } from './monitor.js';
import { makeTestEcm } from '../soc/testing.js';
import { Rng } from '../../../numerics/rng.js';
import { InputError } from '../../../errors.js';

/**
 * One group whose truth is the test model with 88 % of the nominal capacity and 1.3× its R0,
 * measured with 1 mV voltage noise and a 0.1 A current offset; the monitor gets the measured
 * voltage, current and temperature and the true SoC as its "primary estimate" (the SoC estimator
 * is tested elsewhere).
 */
test('HealthMonitor on a synthetic group: capacity from rest pairs, R0 factor from current steps, offset learnt at rest', () => {
  const nominal = makeTestEcm();
  const truth = makeTestEcm({ capacity_Ah: 0.88 * 3, r0Ref_ohm: 1.3 * 0.03 });
  const mon = new HealthMonitor(nominal, 1, 1, {});
  const rng = new Rng(21);
  const T = 298.15;
  const V = new Float64Array(1);
  const valid = new Uint8Array([1]);
  const temp = new Float64Array([T]);
  const soc = new Float64Array(1);
  let z = 0.95;
  let v1 = 0;
  let v2 = 0;
  let t = 0;
  const run = (I: number, dur_s: number, dt: number) => {
    for (let k = 0; k < dur_s / dt; k++) {
      t += dt;
      const a1 = Math.exp(-dt / truth.tau1_s(z, T));
      const a2 = Math.exp(-dt / truth.tau2_s(z, T));
      v1 = a1 * v1 + truth.r1_ohm(z, T) * (1 - a1) * I;
      v2 = a2 * v2 + truth.r2_ohm(z, T) * (1 - a2) * I;
      z -= (I * dt) / truth.capacity_As;
      V[0] = truth.ocv_V(z, T) - v1 - v2 - truth.r0_ohm(z, T) * I + rng.normal(0, 1e-3);
      soc[0] = z;
      mon.update(t, I + 0.1 + rng.normal(0, 0.02), true, V, valid, temp, soc, null);
    }
  };
  const pulses = (n: number) => {
    for (let i = 0; i < n; i++) {
      run(6, 10, 1);
      run(0, 20, 1);
    }
  };
  run(0, 4 * 3600, 60); // a night parked: the offset calibration converges (time constant 1 h)
  pulses(10);
  run(3, 1200, 1); // 1 Ah: ΔSoC ≈ 0.38 of the true capacity
  run(0, 3600, 60);
  pulses(10);
  run(-1.5, 1800, 1); // 0.75 Ah back: ΔSoC ≈ 0.28
  run(0, 3600, 60);
  run(1, 10, 1); // ends the rest: commits the last point
  const rep = mon.report();
  assert.ok(rep.capacityPairs >= 2, `pairs ${rep.capacityPairs}`);
  assert.ok(rep.capacitySoh !== null && Math.abs(rep.capacitySoh - 0.88) < 0.01, `SoH ${rep.capacitySoh}`);
  // σ is dominated by the assumed 0.02 A residual offset over hours (large for a 3 Ah cell)
  assert.ok(rep.capacitySohStd !== null && rep.capacitySohStd < 0.05 && Math.abs(rep.capacitySoh - 0.88) < 3 * rep.capacitySohStd, `σ ${rep.capacitySohStd}`);
  assert.ok(rep.resistanceFactor !== null && Math.abs(rep.resistanceFactor - 1.3) < 0.05, `R factor ${rep.resistanceFactor}`);
  assert.ok(Math.abs(rep.currentOffset_A - 0.1) < 0.01, `offset ${rep.currentOffset_A}`);
  assert.equal(rep.split, null, 'no nominal split configured');
  // SoP uses the estimates: R0 scaled by the factor, caps respected
  const sop = mon.computeSop(soc, 5, () => 2);
  assert.equal(sop.length, 3);
  for (const r of sop) {
    assert.ok(r.dischargeCurrent_A <= 5 && r.chargeCurrent_A <= 2);
    assert.ok(r.dischargeCurrent_A > 0 && r.chargeCurrent_A > 0);
  }
  assert.equal(mon.resistanceFactor(0), rep.resistanceFactor);
});

test('HealthMonitor options are validated and named', () => {
  const m = makeTestEcm();
  assert.throws(
    () => new HealthMonitor(m, 1, 1, { restTime_s: -1 }),
    (e: unknown) => e instanceof InputError && e.where.field === 'health.restTime_s',
  );
  assert.throws(
    () => new HealthMonitor(m, 1, 1, { sopHorizons_s: [10, 0] }),
    (e: unknown) => e instanceof InputError && e.where.field === 'health.sopHorizons_s',
  );
  assert.throws(
    () => new HealthMonitor(m, 1, 1, { nope: 1 } as never),
    (e: unknown) => e instanceof InputError && e.where.field === 'health.nope',
  );
});
