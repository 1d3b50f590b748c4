import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MeasuredSeries } from '../core/data/measured.js';
import { Rng } from '../core/numerics/rng.js';
import { NnSoc, referenceSoc, type NnWeights } from '../core/bms/estimation/soc/index.js';
import { drivePulseCurrent, makeTestEcm, simulateEcm } from '../core/bms/estimation/soc/testing.js';
import { trainSocNetwork, type SocTrainingSet } from './train-soc.js';

const T = 298.15;

/** A synthetic drive log of the test cell (1 s, 1 mV voltage noise) with its Coulomb-counted reference. */
function synthetic(seed: number, n: number): SocTrainingSet {
  const model = makeTestEcm({ capacity_Ah: 2 });
  const rng = new Rng(seed);
  const z0 = 0.95;
  const I = drivePulseCurrent(rng.fork('current'), n, 1, model.capacity_As, z0);
  const truth = simulateEcm(model, I, 1, z0, T);
  const noise = rng.fork('noise');
  const series: MeasuredSeries = {
    length: n,
    time_s: Float64Array.from({ length: n }, (_, k) => k),
    current_A: I,
    voltage_V: truth.voltage_V.map((v) => v + noise.normal(0, 1e-3)),
    temp_K: new Float64Array(n).fill(T),
    step: null,
    line: Float64Array.from({ length: n }, (_, k) => k + 2),
  };
  return { series, referenceSoc: referenceSoc(series, z0, 2), label: `synthetic-${seed}` };
}

function rmseOf(weights: NnWeights, d: SocTrainingSet): number {
  const est = new NnSoc({ weights });
  est.reset({});
  const s = d.series;
  let se = 0;
  for (let k = 0; k < s.length; k++) {
    const z = est.update(s.current_A[k], s.voltage_V[k], s.temp_K![k], k ? s.time_s[k] - s.time_s[k - 1] : 0);
    se += (z - d.referenceSoc[k]) ** 2;
  }
  return Math.sqrt(se / s.length);
}

test('trainSocNetwork: learns SoC of the synthetic cell (held-out RMSE < 2 %) and is reproducible from its seed', async () => {
  // Four 50-min drive logs (SoC 0.95 → ≈ 0.6) for training, a fifth one held out.
  const train = [1, 2, 3, 4].map((s) => synthetic(s, 3000));
  const heldOut = synthetic(99, 3000);
  const opts = { seed: 7, epochs: 12, hidden: [16], batchSize: 64, learningRate: 1e-2 };
  const a = await trainSocNetwork(train, opts);
  // The result is a valid core weights file with provenance.
  assert.equal(a.weights.schema, 'ssb-twin/nn-soc');
  assert.deepEqual(a.weights.layerSizes, [9, 16, 1]);
  assert.deepEqual(a.weights.provenance.trainedOn, ['synthetic-1', 'synthetic-2', 'synthetic-3', 'synthetic-4']);
  assert.equal(a.history.rmse.length, 12);
  assert.ok(a.history.rmse[11] < a.history.rmse[0]);
  const rTrain = rmseOf(a.weights, train[0]);
  const rHeld = rmseOf(a.weights, heldOut);
  assert.ok(rTrain < 0.015, `training RMSE ${rTrain}`);
  assert.ok(rHeld < 0.02, `held-out RMSE ${rHeld}`);
  // Reproducible: same seed and data → the same weights; another seed → other weights.
  const short = { ...opts, epochs: 2 };
  const b1 = await trainSocNetwork(train, short);
  const b2 = await trainSocNetwork(train, short);
  assert.deepEqual(b2.weights, b1.weights);
  assert.deepEqual(b2.history, b1.history);
  const c = await trainSocNetwork(train, { ...short, seed: 8 });
  assert.notDeepEqual(c.weights.layers, b1.weights.layers);
});

test('trainSocNetwork: bad options and data are InputErrors naming the field', async () => {
  const d = synthetic(1, 200);
  await assert.rejects(trainSocNetwork([], {}), /field 'datasets'/);
  await assert.rejects(trainSocNetwork([d], { epochs: 0 }), /field 'epochs'/);
  await assert.rejects(trainSocNetwork([d], { hidden: [4, 0] }), /field 'hidden\.1'/);
  await assert.rejects(trainSocNetwork([d], { learningRate: -1 }), /field 'learningRate'/);
  await assert.rejects(trainSocNetwork([{ ...d, referenceSoc: new Float64Array(3) }], {}), /synthetic-1, field 'referenceSoc'/);
  await assert.rejects(trainSocNetwork([{ ...d, series: { ...d.series, temp_K: null } }], {}), /synthetic-1, field 'temp_K'/);
});
