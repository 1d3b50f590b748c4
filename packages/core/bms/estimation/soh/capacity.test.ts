import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CapacityTls, olsCapacity } from './capacity.js';
import { Rng } from '../../../numerics/rng.js';
import { InputError } from '../../../errors.js';

const QN = 100 * 3600; // nominal 100 Ah

/** Synthetic pairs from a known capacity with noise on ΔSoC (sx) and Δcharge (sy). */
function pairs(qTrue_As: number, n: number, sx: number, sy_As: number, seed: number) {
  const rng = new Rng(seed);
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const dz = (rng.uniform() < 0.5 ? -1 : 1) * (0.2 + 0.3 * rng.uniform());
    x.push(dz + rng.normal(0, sx));
    y.push(qTrue_As * dz + rng.normal(0, sy_As));
  }
  return { x, y };
}

test('weighted TLS recovers a known capacity (90 Ah of 100 Ah nominal) within 1 % from 60 noisy pairs', () => {
  const qTrue = 0.9 * QN;
  const { x, y } = pairs(qTrue, 60, 0.005, 0.5 * 3600, 1);
  const est = new CapacityTls(QN, { forgetting: 1 });
  for (let i = 0; i < x.length; i++) est.addPair(x[i], y[i], 0.005, 0.5 * 3600);
  const e = est.estimate;
  assert.ok(Math.abs(e.q_As / qTrue - 1) < 0.01, `Q = ${(e.q_As / 3600).toFixed(2)} Ah`);
  assert.ok(Math.abs(e.soh - 0.9) < 0.01);
  // the stated uncertainty is consistent with the error (within 3σ) and small
  assert.ok(Math.abs(e.q_As - qTrue) < 3 * e.qStd_As + 1e-9, `err ${(e.q_As - qTrue) / 3600} Ah vs σ ${e.qStd_As / 3600} Ah`);
  assert.ok(e.sohStd < 0.01);
  assert.equal(e.pairs, 60);
});

test('with noisy ΔSoC, weighted TLS beats ordinary least squares (which is biased low by regression dilution)', () => {
  const qTrue = 0.85 * QN;
  let errTls = 0;
  let errOls = 0;
  let biasTls = 0;
  const sx = 0.06;
  const runs = 10;
  for (let s = 0; s < runs; s++) {
    const { x, y } = pairs(qTrue, 128, sx, 0.2 * 3600, 100 + s);
    const est = new CapacityTls(QN, { forgetting: 1 });
    for (let i = 0; i < x.length; i++) est.addPair(x[i], y[i], sx, 0.2 * 3600);
    errTls += Math.abs(est.q_As / qTrue - 1);
    biasTls += est.q_As / qTrue - 1;
    errOls += Math.abs(olsCapacity(x, y) / qTrue - 1);
  }
  errTls /= runs;
  errOls /= runs;
  biasTls /= runs;
  // E[x²] ≈ 0.13, σx² = 0.0036 → OLS is ≈ 2.7 % low on average; TLS is unbiased (random error ≈ 1 %)
  assert.ok(errOls > 0.015, `OLS mean error ${(100 * errOls).toFixed(2)} %`);
  assert.ok(errTls < 0.6 * errOls, `TLS ${(100 * errTls).toFixed(2)} % vs OLS ${(100 * errOls).toFixed(2)} %`);
  assert.ok(Math.abs(biasTls) < 0.008, `TLS mean signed error ${(100 * biasTls).toFixed(2)} %`);
});

test('fading memory follows a capacity change; no pair → NaN; invalid input names the field', () => {
  const est = new CapacityTls(QN, { forgetting: 0.8 });
  assert.ok(Number.isNaN(est.q_As));
  for (let i = 0; i < 30; i++) est.addPair(0.3, 0.3 * QN, 0.003, 360);
  assert.ok(Math.abs(est.q_As / QN - 1) < 1e-3);
  for (let i = 0; i < 30; i++) est.addPair(0.3, 0.3 * 0.8 * QN, 0.003, 360);
  assert.ok(Math.abs(est.q_As / (0.8 * QN) - 1) < 0.01, `after the change: ${est.q_As / QN}`);
  assert.throws(
    () => est.addPair(0, 1, 0.01, 1),
    (e: unknown) => e instanceof InputError && e.where.field === 'dSoc',
  );
  assert.throws(
    () => est.addPair(0.3, NaN, 0.01, 1),
    (e: unknown) => e instanceof InputError && e.where.field === 'dCharge_As',
  );
  assert.throws(
    () => new CapacityTls(-1),
    (e: unknown) => e instanceof InputError && e.where.field === 'nominal_As',
  );
  assert.throws(
    () => new CapacityTls(QN, { forgetting: 1.5 }),
    (e: unknown) => e instanceof InputError && e.where.field === 'forgetting',
  );
});
