import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EcmModel } from '../../types.js';
import { Rng } from '../../../numerics/rng.js';
import { EkfSoc, UkfSoc } from './index.js';
import { HysteresisTracker, hysteresisStep } from './hysteresis.js';
import { socFromOcv } from './ocv.js';
import { drivePulseCurrent, makeTestEcm, simulateEcm } from './testing.js';

const T = 298.15;

/** Analytic solution of dh/dt = −γ|I|/C (h + sgn I) at constant I from h0. */
function hAnalytic(h0: number, I: number, t_s: number, gamma: number, c_As: number): number {
  const s = Math.sign(I);
  return -s + (h0 + s) * Math.exp((-gamma * Math.abs(I) * t_s) / c_As);
}

test('hysteresisStep: repeated steps equal the analytic ODE solution at constant current, any step size', () => {
  const gamma = 50;
  const c = 3 * 3600;
  for (const I of [3, -4.5, 0.2, -0.01]) {
    for (const h0 of [-1, -0.3, 0, 0.8, 1]) {
      for (const dt of [0.1, 1, 7.3]) {
        let h = h0;
        for (let k = 1; k <= 500; k++) {
          h = hysteresisStep(h, I, dt, gamma, c);
          const ref = hAnalytic(h0, I, k * dt, gamma, c);
          assert.ok(Math.abs(h - ref) < 1e-12, `I=${I} h0=${h0} dt=${dt} k=${k}: ${h} vs ${ref}`);
          assert.ok(h >= -1 && h <= 1);
        }
      }
    }
  }
  // The analytic solution satisfies the ODE (central difference), and rest leaves h unchanged.
  const t = 100,
    d = 1e-3,
    I = 2;
  const dhdt = (hAnalytic(0.4, I, t + d, gamma, c) - hAnalytic(0.4, I, t - d, gamma, c)) / (2 * d);
  const rhs = ((-gamma * Math.abs(I)) / c) * (hAnalytic(0.4, I, t, gamma, c) + 1);
  assert.ok(Math.abs(dhdt - rhs) < 1e-9 * Math.abs(rhs) + 1e-12);
  assert.equal(hysteresisStep(0.37, 0, 10, gamma, c), 0.37);
});

test('ekf/ukf propagate h exactly (the deterministic hysteresis state)', () => {
  const model = makeTestEcm({ hysteresisM_V: 0.02 });
  const gamma = model.hysteresis!.gamma;
  for (const est of [new EkfSoc(model), new UkfSoc(model)]) {
    est.reset({ soc: 0.7, h: 0.5 });
    assert.equal(est.hysteresis, 0.5);
    for (let k = 1; k <= 100; k++) {
      est.update(3, 3.8, T, 1);
      assert.ok(Math.abs(est.hysteresis - hAnalytic(0.5, 3, k, gamma, model.capacity_As)) < 1e-12);
    }
  }
  // No hysteresis element: h stays 0 and reset's h is ignored.
  const plain = new EkfSoc(makeTestEcm());
  plain.reset({ soc: 0.7, h: 0.5 });
  plain.update(3, 3.8, T, 1);
  assert.equal(plain.hysteresis, 0);
});

test('reset validates h; reset({voltage_V, h}) inverts OCV + m·h', () => {
  const model = makeTestEcm({ hysteresisM_V: 0.02 });
  const est = new EkfSoc(model);
  assert.throws(() => est.reset({ soc: 0.5, h: 1.5 }), /field 'h'/);
  assert.throws(() => est.reset({ soc: 0.5, h: NaN }), /field 'h'/);
  const z = 0.42;
  const v = model.ocv_V(z, T) + model.hysteresis!.m_V(z, T) * -1;
  est.reset({ voltage_V: v, temp_K: T, h: -1 });
  assert.ok(Math.abs(est.soc - z) < 1e-9);
  assert.ok(Math.abs(socFromOcv(model, v, T, -1) - z) < 1e-9);
  // Ignoring h reads a SoC off by about m·h / (∂OCV/∂z).
  assert.ok(Math.abs(socFromOcv(model, v, T) - z) > 0.01);
  assert.throws(() => new EkfSoc({ ...model, hysteresis: { m_V: () => 0.01, gamma: -1 } }), /hysteresis.gamma/);
});

test('on a cell with 20 mV hysteresis, ekf/ukf with the hysteresis element track SoC clearly better than without it', () => {
  const truthModel = makeTestEcm({ hysteresisM_V: 0.02 });
  const noHyst: EcmModel = { ...truthModel };
  delete noHyst.hysteresis;
  const N = 7200;
  for (const seed of [11, 12]) {
    const rng = new Rng(seed);
    const z0 = 0.9;
    const I = drivePulseCurrent(rng.fork('current'), N, 1, truthModel.capacity_As, z0);
    const truth = simulateEcm(truthModel, I, 1, z0, T, -1);
    const noise = rng.fork('voltage-noise');
    const v = truth.voltage_V.map((x) => x + noise.normal(0, 1e-3));
    const rmse = (est: EkfSoc | UkfSoc, h0: number | undefined) => {
      est.reset({ soc: 0.7, h: h0 });
      let se = 0;
      for (let k = 0; k < N; k++) {
        const zk = est.update(I[k], v[k], T, 1);
        if (k >= 600) se += (zk - truth.soc[k]) ** 2;
      }
      return Math.sqrt(se / (N - 600));
    };
    for (const [name, make] of [
      ['ekf', (m: EcmModel) => new EkfSoc(m)],
      ['ukf', (m: EcmModel) => new UkfSoc(m)],
    ] as const) {
      // h unknown at reset (0, not the true −1): the filter must get there on its own.
      const withH = rmse(make(truthModel), undefined);
      const without = rmse(make(noHyst), undefined);
      assert.ok(withH < 0.005, `${name} seed ${seed}: RMSE with hysteresis ${withH}`);
      assert.ok(without > 3 * withH && without > 0.01, `${name} seed ${seed}: RMSE without ${without} vs with ${withH}`);
    }
  }
});

test('HysteresisTracker, exponent 1: the same h as hysteresisStep, step by step (Plett)', () => {
  const c = 2.5 * 3600;
  const rng = new Rng(5);
  const tr = new HysteresisTracker(70, 1, c);
  tr.reset(0.4);
  let h = 0.4;
  for (let k = 0; k < 2000; k++) {
    const I = rng.uniform() < 0.2 ? 0 : -4 + 9 * rng.uniform();
    h = hysteresisStep(h, I, 0.5, 70, c);
    assert.equal(tr.step(I, 0.5), h);
  }
});

test('HysteresisTracker, exponent p > 1: a small reversal moves h ∝ q^p, a full one flips it, h stays in [−1, 1]', () => {
  const c = 3 * 3600;
  const gamma = 40;
  for (const p of [2, 3]) {
    const tr = new HysteresisTracker(gamma, p, c);
    tr.reset(1);
    // a long discharge: h reaches the discharge branch (−1) within a few 1/γ of SoC
    for (let k = 0; k < 600; k++) tr.step(3, 1); // 0.5 Ah = 17 % SoC ≫ 1/γ = 2.5 %
    assert.ok(Math.abs(tr.h + 1) < 1e-9, `p=${p}: after a full reversal h = ${tr.h}`);
    // a short regen pulse of Δq = 0.1 % SoC: closed form 2·(1 − exp(−(γΔq)^p)), ≪ Plett's 2·(1 − exp(−γΔq))
    const dq = 0.001;
    for (let k = 0; k < 10; k++) tr.step(-(dq * c) / 10, 1);
    const expected = -1 + 2 * (1 - Math.exp(-((gamma * dq) ** p)));
    assert.ok(Math.abs(tr.h - expected) < 1e-12, `p=${p}: ${tr.h} vs ${expected}`);
    const plett = -1 + 2 * (1 - Math.exp(-gamma * dq));
    assert.ok(tr.h + 1 < 0.1 * (plett + 1), `p=${p}: minor loop ${tr.h + 1} vs Plett ${plett + 1}`);
    // zero current leaves it, and the next discharge restarts from where the reversal left h
    const hr = tr.h;
    tr.step(0, 100);
    assert.equal(tr.h, hr);
    tr.step(1, 100);
    assert.ok(tr.h < hr && tr.h > -1);
  }
  // random currents: always within [−1, 1]
  const rng = new Rng(9);
  const tr = new HysteresisTracker(25, 2.5, c);
  tr.reset(0);
  for (let k = 0; k < 20000; k++) {
    const h = tr.step(-6 + 12 * rng.uniform(), 0.1 + 5 * rng.uniform());
    assert.ok(h >= -1 && h <= 1 && Number.isFinite(h), `k=${k}: h=${h}`);
  }
});

test('modelHysteresis: an exponent below 1 is refused with the field named', () => {
  const m = { ...makeTestEcm(), hysteresis: { m_V: () => 0.01, gamma: 30, exponent: 0.5 } };
  assert.throws(() => new EkfSoc(m), /hysteresis\.exponent[\s\S]*0\.5|exponent must be/);
});
