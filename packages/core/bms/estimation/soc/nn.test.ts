import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocEstimator, NnSoc, referenceSoc } from './index.js';
import { DEFAULT_NN_FEATURES, extractNnFeatures, NnFeatureFilter, parseNnWeights, subsampleIndices } from './nn.js';
import { makeTestEcm } from './testing.js';

/** A hand-made network: 2 features → 2 tanh units → 1 sigmoid output. */
function tinyWeights(): Record<string, unknown> {
  return {
    schema: 'ssb-twin/nn-soc',
    version: 1,
    features: [
      { signal: 'voltage', tau_s: 0 },
      { signal: 'current', tau_s: 10 },
    ],
    normalisation: { mean: [3.7, 1], std: [0.5, 2] },
    layerSizes: [2, 2, 1],
    layers: [
      {
        activation: 'tanh',
        weights: [
          [1, -0.5],
          [0.25, 2],
        ],
        biases: [0.1, -0.2],
      },
      { activation: 'sigmoid', weights: [[1.5, -1]], biases: [0.3] },
    ],
    provenance: { note: 'hand-made' },
  };
}

test('nn: inference of a hand-made tiny network equals the hand computation', () => {
  const est = new NnSoc({ weights: tinyWeights() });
  est.reset({});
  // Sample 1 initialises the filters: features (4.0 V, 3 A).
  let x0 = (4.0 - 3.7) / 0.5,
    x1 = (3 - 1) / 2;
  let h0 = Math.tanh(1 * x0 - 0.5 * x1 + 0.1),
    h1 = Math.tanh(0.25 * x0 + 2 * x1 - 0.2);
  let expected = 1 / (1 + Math.exp(-(1.5 * h0 - 1 * h1 + 0.3)));
  assert.ok(Math.abs(est.update(3, 4.0, 298.15, 0.1) - expected) < 1e-15);
  // Sample 2 after 5 s at −1 A: current filter 3 → −1 + (3 + 1)·e^(−0.5).
  const iF = -1 + 4 * Math.exp(-0.5);
  x0 = (3.9 - 3.7) / 0.5;
  x1 = (iF - 1) / 2;
  h0 = Math.tanh(x0 - 0.5 * x1 + 0.1);
  h1 = Math.tanh(0.25 * x0 + 2 * x1 - 0.2);
  expected = 1 / (1 + Math.exp(-(1.5 * h0 - h1 + 0.3)));
  assert.ok(Math.abs(est.update(-1, 3.9, 298.15, 5) - expected) < 1e-15);
  assert.ok(Math.abs(est.features[1] - iF) < 1e-15);
  assert.equal(est.name, 'nn');
});

test('nn: weights JSON round trip gives the same weights and the same outputs', () => {
  const w = parseNnWeights(tinyWeights(), 'tiny.json');
  const back = parseNnWeights(JSON.parse(JSON.stringify(w)), 'tiny.json');
  assert.deepEqual(back, w);
  const a = createSocEstimator('nn', makeTestEcm(), { weights: w });
  const b = createSocEstimator('nn', makeTestEcm(), { weights: back });
  for (let k = 0; k < 50; k++) {
    const v = 3.6 + 0.01 * (k % 7),
      i = k % 3 === 0 ? 2 : -1;
    assert.equal(a.update(i, v, 290, 1), b.update(i, v, 290, 1));
  }
});

test('nn: parse errors name the file and the field', () => {
  // biome-ignore lint/suspicious/noExplicitAny: each case breaks the parsed weights file in its own way, wrong types included
  const cases: Array<[(w: any) => void, RegExp]> = [
    [(w) => (w.schema = 'other'), /tiny\.json, field 'schema'/],
    [(w) => (w.version = 2), /field 'version', value 2/],
    [(w) => (w.layers[0].weights[1] = [1]), /field 'layers\.0\.weights\.1', value "array of length 1"/],
    [(w) => (w.layers[1].activation = 'softmax'), /field 'layers\.1\.activation'/],
    [(w) => (w.normalisation.std[1] = 0), /field 'normalisation\.std\.1', value 0: nn weights: must be > 0/],
    [(w) => (w.normalisation.mean = [1]), /field 'normalisation\.mean'/],
    [(w) => (w.features[0].signal = 'soc'), /field 'features\.0\.signal'/],
    [(w) => (w.features[1].tau_s = -1), /field 'features\.1\.tau_s'/],
    [(w) => (w.layerSizes = [2, 3, 1]), /field 'layers\.0\.weights'/],
    [(w) => (w.layerSizes = [2, 2, 2]), /field 'layerSizes\.2'/],
    [(w) => (w.layers[0].biases = [1, null]), /field 'layers\.0\.biases\.1'/],
    [(w) => (w.extra = 1), /field 'extra'.*unknown field 'extra'/],
    [(w) => delete w.layers, /field 'layers'/],
  ];
  for (const [mutate, re] of cases) {
    const w = tinyWeights();
    mutate(w);
    assert.throws(
      () => parseNnWeights(w, 'tiny.json'),
      (e: Error) => e.name === 'InputError' && re.test(e.message),
      String(re),
    );
  }
  assert.throws(() => createSocEstimator('nn', makeTestEcm(), {}), /field 'weights'/);
});

test('nn features: exact exponential filters — fed at 0.1 s or in one 1 s step give the same features', () => {
  const fine = new NnFeatureFilter(DEFAULT_NN_FEATURES);
  const coarse = new NnFeatureFilter(DEFAULT_NN_FEATURES);
  const a = new Float64Array(fine.size),
    b = new Float64Array(coarse.size);
  // A piecewise-constant (held) input changing every second.
  const sample = (s: number) => [3.5 + 0.3 * Math.sin(s), 5 * Math.cos(0.7 * s), 290 + 0.01 * s] as const;
  fine.push(...sample(0), 0, a);
  coarse.push(...sample(0), 0, b);
  for (let s = 1; s <= 3000; s++) {
    const [v, i, t] = sample(s);
    for (let j = 0; j < 10; j++) fine.push(v, i, t, 0.1, a);
    coarse.push(v, i, t, 1, b);
    for (let f = 0; f < a.length; f++) assert.ok(Math.abs(a[f] - b[f]) < 1e-12 * Math.max(1, Math.abs(b[f])), `s=${s} feature ${f}: ${a[f]} vs ${b[f]}`);
  }
  // First-order response to a step equals 1 − e^(−t/τ).
  const f = new NnFeatureFilter([{ signal: 'current', tau_s: 100 }]);
  const o = new Float64Array(1);
  f.push(0, 0, 300, 0, o);
  for (let k = 0; k < 250; k++) f.push(0, 1, 300, 0.4, o);
  assert.ok(Math.abs(o[0] - (1 - Math.exp(-1))) < 1e-12);
  // The batch extractor equals the online filter at the kept rows.
  const n = 100;
  const series = { length: n, time_s: new Float64Array(n), current_A: new Float64Array(n), voltage_V: new Float64Array(n), temp_K: new Float64Array(n) };
  for (let k = 0; k < n; k++) {
    series.time_s[k] = 0.1 * k + 0.001 * (k % 3);
    [series.voltage_V[k], series.current_A[k], series.temp_K[k]] = sample(k);
  }
  const keep = subsampleIndices(series.time_s, n, 1);
  assert.equal(keep.length, 10);
  const m = extractNnFeatures(DEFAULT_NN_FEATURES, series, keep);
  const on = new NnFeatureFilter(DEFAULT_NN_FEATURES);
  const row = new Float64Array(on.size);
  let r = 0;
  for (let k = 0; k < n; k++) {
    on.push(series.voltage_V[k], series.current_A[k], series.temp_K[k], k ? series.time_s[k] - series.time_s[k - 1] : 0, row);
    if (keep[r] === k) {
      assert.deepEqual(Array.from(m.subarray(r * on.size, (r + 1) * on.size)), Array.from(row));
      r++;
    }
  }
  assert.throws(() => extractNnFeatures(DEFAULT_NN_FEATURES, { ...series, temp_K: null }, undefined, 'a.csv'), /a\.csv, field 'temp_K'/);
});

test('nn: rejects non-finite inputs naming the quantity; reset restarts the filters from the next sample', () => {
  const est = new NnSoc({ weights: tinyWeights() });
  est.reset({ soc: 0.42 });
  assert.equal(est.soc, 0.42);
  assert.throws(
    () => est.update(NaN, 3.7, 298, 1),
    (e: Error) => e.message.includes("'nn'") && e.message.includes('current_A'),
  );
  assert.throws(() => est.update(1, 3.7, 298, -1), /dt_s/);
  const z1 = est.update(3, 4.0, 298, 1);
  est.update(-5, 3.5, 298, 100);
  est.reset({});
  assert.equal(est.update(3, 4.0, 298, 1), z1);
});

test('referenceSoc: Coulomb counting from the initial SoC with the nominal capacity', () => {
  const n = 3601;
  const s = { length: n, time_s: Float64Array.from({ length: n }, (_, k) => k), current_A: new Float64Array(n).fill(2.9) };
  const z = referenceSoc(s, 1, 2.9);
  assert.equal(z[0], 1);
  assert.ok(Math.abs(z[n - 1]) < 1e-12, `one hour at 1C from full: ${z[n - 1]}`);
  assert.ok(Math.abs(z[1800] - 0.5) < 1e-12);
  assert.throws(() => referenceSoc(s, 1, 0), /capacity_Ah/);
  assert.throws(() => referenceSoc(s, NaN, 2.9), /initialSoc/);
});
