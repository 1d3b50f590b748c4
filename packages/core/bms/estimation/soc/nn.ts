/**
 * Data-driven SoC estimator (name 'nn'): a small feed-forward network on online-filtered
 * measurements, in the manner of Vidal, Kollmeyer et al. (feed-forward network on voltage,
 * current, temperature and their averages over a few time windows, trained and tested on the
 * Panasonic 18650PF drive cycles: C. Vidal, P. Kollmeyer, M. Naguib, P. Malysz, O. Gross,
 * A. Emadi, "Robust xEV battery state-of-charge estimator design using a feedforward deep neural
 * network", SAE Int. J. Adv. Curr. Prac. in Mobility 2(5), 2020; data: Kollmeyer, Mendeley Data,
 * doi:10.17632/wykht8y7tg.1).
 *
 * Features: each is a signal (terminal voltage [V], current [A] positive on discharge, or
 * temperature [K]) passed through a first-order low-pass filter with time constant τ (τ = 0: the
 * raw sample). The filters here are exponential (not the papers' moving averages) because an
 * exponential filter has an exact online update for any sampling period: with the sample x held
 * over the step Δt ending at it (zero-order hold, as the current in every estimator here),
 *
 *   y ← x + (y − x)·e^(−Δt/τ),
 *
 * so the same weights run at 0.1 s or 1 s sampling, and N steps of Δt equal one step of N·Δt
 * for a held input. The filters start at the first sample (reset).
 *
 * Network: features normalised as (f − mean)/std, then dense layers y = act(W·x + b) with
 * W stored row-major as [outputs][inputs]; the last layer has one output, the SoC. The read-out
 * is clamped to 0..1.
 *
 * Weights file: versioned JSON (schema "ssb-twin/nn-soc", version 1), validated by
 * {@link parseNnWeights}; written by `ssb train-soc` (packages/ml/train-soc.ts).
 *
 * Pure: no Node imports, no wall clock, no global RNG; allocation-free per update.
 */
import { z } from 'zod';
import type { SocEstimator } from '../../types.js';
import { InputError, NumericalError } from '../../../errors.js';
import { checkSocInputs } from './ocv.js';
import { allFinite } from '../../../schema.js';

export const NN_WEIGHTS_SCHEMA = 'ssb-twin/nn-soc';
export const NN_WEIGHTS_VERSION = 1;

export const NN_SIGNALS = ['voltage', 'current', 'temperature'] as const;
export type NnSignal = (typeof NN_SIGNALS)[number];
export const NN_ACTIVATIONS = ['linear', 'relu', 'tanh', 'sigmoid'] as const;
export type NnActivation = (typeof NN_ACTIVATIONS)[number];

/** One input feature: a signal low-pass filtered with time constant tau_s (0 = the raw sample). */
export interface NnFeature {
  signal: NnSignal;
  tau_s: number;
}

/**
 * Default features: raw V, I, T plus V and I filtered with τ = 10, 100 and 1000 s. Why these:
 * the papers above use the present V, I, T and averages of V and I over windows from seconds to
 * hundreds of seconds; τ = 10 s spans the charge-transfer relaxation, 100 s the diffusion, and
 * 1000 s approaches a "recent mean" in which the IR drop of the mean current is separable from the
 * OCV. Chosen before looking at any test file (not tuned).
 */
export const DEFAULT_NN_FEATURES: readonly NnFeature[] = Object.freeze([
  { signal: 'voltage', tau_s: 0 },
  { signal: 'current', tau_s: 0 },
  { signal: 'temperature', tau_s: 0 },
  { signal: 'voltage', tau_s: 10 },
  { signal: 'voltage', tau_s: 100 },
  { signal: 'voltage', tau_s: 1000 },
  { signal: 'current', tau_s: 10 },
  { signal: 'current', tau_s: 100 },
  { signal: 'current', tau_s: 1000 },
]);

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const layerSchema = z.strictObject({
  activation: z.enum(NN_ACTIVATIONS),
  /** [outputs][inputs]. */
  weights: z.array(z.array(finite).min(1)).min(1),
  biases: z.array(finite).min(1),
});

const weightsSchema = z.strictObject({
  schema: z.literal(NN_WEIGHTS_SCHEMA),
  version: z.literal(NN_WEIGHTS_VERSION),
  /** Input features (order = network inputs). */
  features: z
    .array(
      z.strictObject({
        signal: z.enum(NN_SIGNALS),
        tau_s: finite.refine((v) => v >= 0, 'must be >= 0'),
      }),
    )
    .min(1),
  /** Input normalisation: (feature − mean)/std. */
  normalisation: z.strictObject({
    mean: z.array(finite).min(1),
    std: z.array(finite.refine((v) => v > 0, 'must be > 0')).min(1),
  }),
  /** Layer widths including the input and the output: [features, hidden…, 1]. */
  layerSizes: z.array(z.int().min(1)).min(2),
  layers: z.array(layerSchema).min(1),
  /** Where the weights come from (free-form; `ssb train-soc` writes the data files, seed, epochs, errors). */
  provenance: z.record(z.string(), z.unknown()).refine(allFinite, 'must not hold NaN or Infinity').default({}),
});

/** A parsed, validated weights file. */
export type NnWeights = z.output<typeof weightsSchema>;
export type NnLayer = NnWeights['layers'][number];

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v && typeof v === 'object') v = (v as Record<PropertyKey, unknown>)[k];
    else return undefined;
  }
  if (Array.isArray(v)) return `array of length ${v.length}`;
  if (v && typeof v === 'object') return 'object';
  return v;
}

/**
 * Validates a weights document (parsed JSON). The first problem becomes an `InputError` naming
 * `file`, the field (dot path, e.g. `layers.1.weights.3`) and the value (arrays summarised).
 * Besides the schema it checks that the shapes agree: features, normalisation and layerSizes[0];
 * each layer's weights [layerSizes[i+1]][layerSizes[i]] and biases; one output.
 */
export function parseNnWeights(json: unknown, file: string): NnWeights {
  const r = weightsSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = [...issue.path];
    let msg = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      msg = `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`;
      path.push(keys[0]);
    }
    throw new InputError(`nn weights: ${msg}`, { file, field: path.map(String).join('.') || '(top level)', value: valueAt(json, path) });
  }
  const w = r.data;
  const bad = (field: string, value: unknown, what: string): never => {
    throw new InputError(`nn weights: ${what}`, { file, field, value });
  };
  const nIn = w.features.length;
  if (w.normalisation.mean.length !== nIn) bad('normalisation.mean', `array of length ${w.normalisation.mean.length}`, `must have one entry per feature (${nIn})`);
  if (w.normalisation.std.length !== nIn) bad('normalisation.std', `array of length ${w.normalisation.std.length}`, `must have one entry per feature (${nIn})`);
  if (w.layerSizes[0] !== nIn) bad('layerSizes.0', w.layerSizes[0], `must equal the number of features (${nIn})`);
  if (w.layerSizes.length !== w.layers.length + 1) bad('layerSizes', `array of length ${w.layerSizes.length}`, `must have one more entry than layers (${w.layers.length})`);
  if (w.layerSizes[w.layerSizes.length - 1] !== 1) bad(`layerSizes.${w.layerSizes.length - 1}`, w.layerSizes[w.layerSizes.length - 1], 'the output layer must have 1 unit (SoC)');
  w.layers.forEach((l, i) => {
    const nI = w.layerSizes[i],
      nO = w.layerSizes[i + 1];
    if (l.weights.length !== nO) bad(`layers.${i}.weights`, `array of length ${l.weights.length}`, `must have layerSizes[${i + 1}] = ${nO} rows`);
    l.weights.forEach((row, j) => {
      if (row.length !== nI) bad(`layers.${i}.weights.${j}`, `array of length ${row.length}`, `must have layerSizes[${i}] = ${nI} entries`);
    });
    if (l.biases.length !== nO) bad(`layers.${i}.biases`, `array of length ${l.biases.length}`, `must have layerSizes[${i + 1}] = ${nO} entries`);
  });
  return w;
}

/** Checks a feature list (for training options and hand-made weights); InputError naming the field. */
export function checkNnFeatures(features: readonly NnFeature[], field = 'features'): void {
  if (!Array.isArray(features) || features.length === 0) throw new InputError('at least one feature is needed', { field, value: String(features) });
  features.forEach((f, i) => {
    if (!NN_SIGNALS.includes(f?.signal)) throw new InputError(`signal must be one of ${NN_SIGNALS.join(', ')}`, { field: `${field}.${i}.signal`, value: f?.signal });
    if (!(Number.isFinite(f.tau_s) && f.tau_s >= 0)) throw new InputError('tau_s must be a finite number >= 0', { field: `${field}.${i}.tau_s`, value: f.tau_s });
  });
}

/**
 * The online feature extractor shared by inference and training: one exponential filter per
 * feature (see the file comment). `push` advances by one sample and writes the features.
 */
export class NnFeatureFilter {
  readonly size: number;
  private readonly signal: Int8Array;
  private readonly tau: Float64Array;
  private readonly y: Float64Array;
  private started = false;

  constructor(features: readonly NnFeature[]) {
    checkNnFeatures(features);
    this.size = features.length;
    this.signal = Int8Array.from(features, (f) => NN_SIGNALS.indexOf(f.signal));
    this.tau = Float64Array.from(features, (f) => f.tau_s);
    this.y = new Float64Array(features.length);
  }

  /** True once a sample has initialised the filters. */
  get initialised(): boolean {
    return this.started;
  }

  /** Forget the history; the next `push` initialises every filter to its sample. */
  reset(): void {
    this.started = false;
  }

  /**
   * Advance by one sample (held over the dt_s ending at it) and write the features into `out`
   * (length ≥ size). The first sample after a reset sets every filter to it (dt_s unused).
   */
  push(voltage_V: number, current_A: number, temp_K: number, dt_s: number, out: Float64Array): void {
    const n = this.size,
      sig = this.signal,
      tau = this.tau,
      y = this.y;
    const first = !this.started;
    this.started = true;
    for (let i = 0; i < n; i++) {
      const s = sig[i];
      const x = s === 0 ? voltage_V : s === 1 ? current_A : temp_K;
      const t = tau[i];
      if (first || t === 0) y[i] = x;
      else y[i] = x + (y[i] - x) * Math.exp(-dt_s / t);
      out[i] = y[i];
    }
  }
}

/** Rows of a measured series the feature extractor needs. */
export interface NnSeriesInput {
  length: number;
  time_s: Float64Array;
  current_A: Float64Array;
  voltage_V: Float64Array;
  temp_K: Float64Array | null;
}

/**
 * Features of a whole series, computed sample by sample with {@link NnFeatureFilter} (exactly as
 * the estimator sees them online), kept at the rows `keep` (ascending indices; default all).
 * @returns row-major matrix rows × features.
 */
export function extractNnFeatures(features: readonly NnFeature[], s: NnSeriesInput, keep?: Int32Array | readonly number[], file = 'series'): Float64Array {
  const f = new NnFeatureFilter(features);
  if (s.temp_K === null && features.some((x) => x.signal === 'temperature')) {
    throw new InputError('the network uses temperature but the series has no temperature column', { file, field: 'temp_K', value: null });
  }
  const nf = f.size;
  const rows = keep ? keep.length : s.length;
  const out = new Float64Array(rows * nf);
  const tmp = new Float64Array(nf);
  let r = 0;
  for (let k = 0; k < s.length && r < rows; k++) {
    const dt = k === 0 ? 0 : s.time_s[k] - s.time_s[k - 1];
    f.push(s.voltage_V[k], s.current_A[k], s.temp_K ? s.temp_K[k] : 0, dt, tmp);
    if (!keep || keep[r] === k) {
      out.set(tmp, r * nf);
      r++;
    }
  }
  return out;
}

/** Indices that subsample a series to about one row per step_s (the first row, then the first row at or after each multiple). */
export function subsampleIndices(time_s: Float64Array, length: number, step_s: number): Int32Array {
  if (!(step_s >= 0) || !Number.isFinite(step_s)) throw new InputError('subsampling step must be a finite number >= 0 s', { field: 'sampleStep_s', value: step_s });
  const idx: number[] = [];
  let next = -Infinity;
  for (let k = 0; k < length; k++) {
    if (time_s[k] >= next) {
      idx.push(k);
      next = time_s[k] + step_s - 1e-9;
    }
  }
  return Int32Array.from(idx);
}

function act(a: number, x: number): number {
  switch (a) {
    case 1:
      return x > 0 ? x : 0;
    case 2:
      return Math.tanh(x);
    case 3:
      return 1 / (1 + Math.exp(-x));
    default:
      return x;
  }
}

/** Forward pass of a parsed network (normalisation included); allocation-free per call. */
export class NnNetwork {
  private readonly mean: Float64Array;
  private readonly invStd: Float64Array;
  private readonly w: Float64Array[];
  private readonly b: Float64Array[];
  private readonly acts: Int8Array;
  private readonly sizes: number[];
  private readonly bufA: Float64Array;
  private readonly bufB: Float64Array;

  constructor(weights: NnWeights) {
    this.sizes = weights.layerSizes.slice();
    this.mean = Float64Array.from(weights.normalisation.mean);
    this.invStd = Float64Array.from(weights.normalisation.std, (s) => 1 / s);
    this.w = weights.layers.map((l) => Float64Array.from(l.weights.flat()));
    this.b = weights.layers.map((l) => Float64Array.from(l.biases));
    this.acts = Int8Array.from(weights.layers, (l) => NN_ACTIVATIONS.indexOf(l.activation));
    const widest = Math.max(...this.sizes);
    this.bufA = new Float64Array(widest);
    this.bufB = new Float64Array(widest);
  }

  /** Network output for one (un-normalised) feature vector. */
  evaluate(features: Float64Array): number {
    const sizes = this.sizes;
    let x = this.bufA,
      y = this.bufB;
    for (let i = 0; i < sizes[0]; i++) x[i] = (features[i] - this.mean[i]) * this.invStd[i];
    for (let l = 0; l < this.w.length; l++) {
      const nI = sizes[l],
        nO = sizes[l + 1],
        w = this.w[l],
        b = this.b[l],
        a = this.acts[l];
      for (let o = 0; o < nO; o++) {
        let s = b[o];
        const off = o * nI;
        for (let i = 0; i < nI; i++) s += w[off + i] * x[i];
        y[o] = act(a, s);
      }
      const t = x;
      x = y;
      y = t;
    }
    return x[0];
  }
}

/** Options of {@link NnSoc}. */
export interface NnSocOptions {
  /** The network: a weights document (parsed JSON, validated here) — required. */
  weights?: unknown;
  /** Name of the weights file for error messages. Default 'nn weights'. */
  weightsFile?: string;
}

/**
 * The network as a `SocEstimator`. Memoryless apart from its feature filters: a SoC given to
 * `reset({soc})` is only reported until the first update (the network cannot use it), and a
 * reset voltage is ignored: every reset (and a fresh instance) initialises the filters from the
 * first sample passed to `update`, so that the filters start from a consistent (V, I, T) triple.
 * The model passed to `createSocEstimator` is not used.
 */
export class NnSoc implements SocEstimator {
  readonly name = 'nn';
  readonly weights: NnWeights;
  private readonly net: NnNetwork;
  private readonly filter: NnFeatureFilter;
  private readonly feat: Float64Array;
  private z = 0.5;

  constructor(opts: NnSocOptions = {}) {
    const file = opts.weightsFile ?? 'nn weights';
    if (opts.weights === undefined) throw new InputError("SoC estimator 'nn' needs a weights file (option weights; see `ssb train-soc`)", { field: 'weights', value: undefined });
    this.weights = parseNnWeights(opts.weights, file);
    this.net = new NnNetwork(this.weights);
    this.filter = new NnFeatureFilter(this.weights.features);
    this.feat = new Float64Array(this.filter.size);
  }

  get soc(): number {
    const z = this.z;
    return z < 0 ? 0 : z > 1 ? 1 : z;
  }

  /** The feature vector of the last update (for diagnostics). */
  get features(): Float64Array {
    return this.feat;
  }

  reset(initial: { soc?: number; voltage_V?: number; temp_K?: number }): void {
    this.filter.reset();
    if (initial.soc !== undefined) {
      if (!Number.isFinite(initial.soc)) throw new InputError("SoC estimator 'nn': reset soc must be a finite number", { field: 'soc', value: initial.soc });
      this.z = initial.soc;
    }
  }

  update(current_A: number, voltage_V: number, temp_K: number, dt_s: number): number {
    checkSocInputs(this.name, current_A, voltage_V, temp_K, dt_s);
    this.filter.push(voltage_V, current_A, temp_K, dt_s, this.feat);
    const z = this.net.evaluate(this.feat);
    if (!Number.isFinite(z)) throw new NumericalError("SoC estimator 'nn': network output is not finite (check the weights and inputs)", { quantity: 'network output', value: z });
    this.z = z;
    return this.soc;
  }
}
