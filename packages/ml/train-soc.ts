/**
 * Training of the data-driven SoC estimator ('nn', packages/core/bms/estimation/soc/nn.ts) with
 * TensorFlow.js (tfjs-core + the pure-JS CPU backend: runs in Node and in a browser; no Node
 * imports here).
 *
 * - Features: computed by the core's own online extractor (`extractNnFeatures`, sample by sample at
 *   the file's sampling period), then kept at about one row per `sampleStep_s` (default 1 s) for
 *   training speed. Inference therefore sees exactly the features the network was trained on.
 * - Target: the reference SoC given with each dataset (e.g. `referenceSoc`, Coulomb counting).
 * - Normalisation: mean and standard deviation of each feature over the training rows (a feature
 *   with std < 1e-9, e.g. temperature in a single-temperature synthetic set, gets std 1).
 * - Network: dense layers with `activation` (default tanh) and a linear output; Glorot-uniform
 *   weights drawn from the project's seeded Rng (not tfjs's RNG), zero biases.
 * - Loss: mean squared error; Adam (Kingma & Ba 2015) with a step decay of the learning rate
 *   (× 0.3 at 60 % and 85 % of the epochs: a common schedule that lets the last epochs settle).
 * - Mini-batches from the project's seeded shuffle (Fisher–Yates on Rng), so a run is reproducible
 *   from its seed: same data + same options → the same weights (tfjs's CPU kernels are deterministic).
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node bundle ships no gradient functions; tfjs-layers' bundle registers them all
// (in the registry shared through the global namespace), which training needs.
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import type { MeasuredSeries } from '../core/data/index.js';
import { InputError } from '../core/errors.js';
import { Rng } from '../core/numerics/index.js';
import {
  checkNnFeatures,
  DEFAULT_NN_FEATURES,
  extractNnFeatures,
  NN_WEIGHTS_SCHEMA,
  NN_WEIGHTS_VERSION,
  parseNnWeights,
  subsampleIndices,
  type NnActivation,
  type NnFeature,
  type NnWeights,
} from '../core/bms/index.js';

export interface SocTrainingSet {
  series: MeasuredSeries;
  /** Reference SoC per row of `series` (0..1). */
  referenceSoc: Float64Array;
  /** Name for provenance and errors (usually the file). */
  label: string;
}

export interface TrainSocOptions {
  /** Seed of the initial weights and the batch order. Default 1. */
  seed?: number;
  /**
   * Passes over the training rows. Default 8: with batches of 64 this was the better of the two
   * configurations tried on an internal 25 °C split of the Panasonic drive cycles (train on seven
   * cycles, validate on HWFTb: 0.53 % RMSE vs 0.68 % for 20 epochs of 256), and keeps training
   * on all 25 °C cycles near 2 minutes on one core.
   */
  epochs?: number;
  /** Hidden-layer widths. Default [32, 32] (two layers: the size class of Vidal et al. 2020; ≈ 1.4 k weights). */
  hidden?: number[];
  /** Hidden activation. Default 'tanh' (smooth, bounded: a saturating network extrapolates flat outside the training range). */
  activation?: Exclude<NnActivation, 'linear'>;
  /** Adam learning rate. Default 3e-3 (a little above Adam's usual 1e-3 because the batches are large; decayed, see above). */
  learningRate?: number;
  /** Mini-batch size. Default 64 (see `epochs`; tfjs's per-step overhead makes smaller batches slow). */
  batchSize?: number;
  /** Subsampling period of the training rows [s]. Default 1 s. */
  sampleStep_s?: number;
  /** Input features. Default DEFAULT_NN_FEATURES (see nn.ts). */
  features?: readonly NnFeature[];
  /** Extra provenance entries merged into the weights file (e.g. the reference definition). */
  provenance?: Record<string, unknown>;
  /** Called after each epoch with the training RMSE (SoC, 0..1). */
  onEpoch?: (epoch: number, rmse: number) => void;
}

/** How `trainSocNetworkStoppable` lets its caller stop it. */
export interface TrainingStop {
  /**
   * Awaited every PAUSE_EVERY_BATCHES mini-batches (the caller's, e.g. a setImmediate promise), so
   * that the caller's signal handlers run during training; `shouldStop` is polled after it.
   */
  pause: () => Promise<void>;
  /** True: stop now; the result holds the weights of the last finished epoch (null if none). */
  shouldStop: () => boolean;
}

/** Mini-batches between two `pause()`s (each well under a millisecond for the default net: assumed prompt enough for Ctrl-C). */
const PAUSE_EVERY_BATCHES = 32;

export interface TrainSocResult {
  weights: NnWeights;
  /** Training RMSE (SoC, 0..1) over all training rows after each epoch. */
  history: { rmse: number[] };
}

let backendReady: Promise<void> | null = null;

/** Selects the CPU backend once, silencing its "running in Node.js" banner (printed on first use). */
export function initTfBackend(): Promise<void> {
  backendReady ??= (async () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      await tf.setBackend('cpu');
      await tf.ready();
      tf.tensor1d([0]).dispose(); // the banner comes with the first tensor write
    } finally {
      console.warn = warn;
    }
  })();
  return backendReady;
}

function intOpt(field: string, v: unknown, fallback: number, min: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new InputError(`must be an integer >= ${min}`, { field, value: v });
  return v;
}

function numOpt(field: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > 0)) throw new InputError('must be a finite number > 0', { field, value: v });
  return v;
}

/** Seeded Fisher–Yates shuffle in place. */
function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** Training rows of all datasets: features (row-major, float64) and targets. */
export function buildTrainingRows(datasets: SocTrainingSet[], features: readonly NnFeature[], sampleStep_s: number): { x: Float64Array; y: Float64Array; rows: number } {
  const parts: Float64Array[] = [];
  const targets: Float64Array[] = [];
  for (const d of datasets) {
    const s = d.series;
    if (d.referenceSoc.length !== s.length) throw new InputError('reference SoC must have one value per row', { file: d.label, field: 'referenceSoc', value: d.referenceSoc.length });
    const keep = subsampleIndices(s.time_s, s.length, sampleStep_s);
    parts.push(extractNnFeatures(features, s, keep, d.label));
    targets.push(Float64Array.from(keep, (k) => d.referenceSoc[k]));
  }
  const rows = targets.reduce((a, t) => a + t.length, 0);
  const nf = features.length;
  const x = new Float64Array(rows * nf);
  const y = new Float64Array(rows);
  let r = 0;
  for (let i = 0; i < parts.length; i++) {
    x.set(parts[i], r * nf);
    y.set(targets[i], r);
    r += targets[i].length;
  }
  for (let k = 0; k < x.length; k++) if (!Number.isFinite(x[k])) throw new InputError('a feature is not a finite number', { field: 'features', value: x[k] });
  for (let k = 0; k < y.length; k++) if (!Number.isFinite(y[k])) throw new InputError('a reference SoC is not a finite number', { field: 'referenceSoc', value: y[k] });
  return { x, y, rows };
}

/**
 * Largest network `trainSocNetwork` builds [weights and biases]. Assumed: the estimator runs at
 * every BMS step, and the default 32-32 net has ≈ 1 300; 1 000 000 (4 MB of float32) is far beyond
 * any use and still trains in memory (--hidden 100000,100000 failed with "Invalid typed array length").
 */
export const MAX_NN_PARAMETERS = 1_000_000;
/** Most hidden layers (assumed: a deeper net has no use for an SoC estimator). */
export const MAX_NN_HIDDEN_LAYERS = 16;

/** Refuses a network above MAX_NN_PARAMETERS or MAX_NN_HIDDEN_LAYERS, naming its size. */
export function checkNetworkSize(hidden: readonly number[], inputs: number): void {
  if (hidden.length > MAX_NN_HIDDEN_LAYERS) throw new InputError(`at most ${MAX_NN_HIDDEN_LAYERS} hidden layers`, { field: 'hidden', value: hidden.join(',') });
  const sizes = [inputs, ...hidden, 1];
  let n = 0;
  for (let l = 0; l + 1 < sizes.length; l++) n += (sizes[l] + 1) * sizes[l + 1];
  if (n > MAX_NN_PARAMETERS)
    throw new InputError(
      `the network has ${n.toExponential(2)} weights, above the limit of ${MAX_NN_PARAMETERS} (an SoC estimator runs at every BMS step; the default 32,32 has ${1 + 33 * 32 + (inputs + 1) * 32 + 32})`,
      {
        field: 'hidden',
        value: hidden.join(','),
      },
    );
}

/**
 * Trains a network on the datasets and returns it in the core weights format (validated with
 * `parseNnWeights`) with the per-epoch training RMSE.
 */
export async function trainSocNetwork(datasets: SocTrainingSet[], opts: TrainSocOptions = {}): Promise<TrainSocResult> {
  const r = await trainSocNetworkStoppable(datasets, opts, null);
  return { weights: r.weights!, history: r.history };
}

/**
 * The same training, stoppable between mini-batches (`stop`); `interrupted`: stopped before the
 * last epoch, the weights are those after `history.rmse.length` epochs (provenance `interrupted`,
 * `epochsFinished`), null when no epoch finished. Not stopped, the result equals `trainSocNetwork`'s.
 */
export async function trainSocNetworkStoppable(
  datasets: SocTrainingSet[],
  opts: TrainSocOptions,
  stop: TrainingStop | null,
): Promise<{ weights: NnWeights | null; interrupted: boolean; history: { rmse: number[] } }> {
  if (datasets.length === 0) throw new InputError('at least one training dataset is needed', { field: 'datasets', value: 0 });
  const seed = intOpt('seed', opts.seed, 1, 0);
  const epochs = intOpt('epochs', opts.epochs, 8, 1);
  const batchSize = intOpt('batchSize', opts.batchSize, 64, 1);
  const lr0 = numOpt('learningRate', opts.learningRate, 3e-3);
  const step_s = opts.sampleStep_s === undefined ? 1 : numOpt('sampleStep_s', opts.sampleStep_s, 1);
  const hidden = opts.hidden ?? [32, 32];
  if (!Array.isArray(hidden)) throw new InputError('hidden must be an array of layer widths', { field: 'hidden', value: String(hidden) });
  hidden.forEach((h, i) => {
    intOpt(`hidden.${i}`, h, 1, 1);
  });
  checkNetworkSize(hidden, (opts.features ?? DEFAULT_NN_FEATURES).length);
  const activation = opts.activation ?? 'tanh';
  if (!['relu', 'tanh', 'sigmoid'].includes(activation)) throw new InputError('activation must be relu, tanh or sigmoid', { field: 'activation', value: activation });
  const features = (opts.features ?? DEFAULT_NN_FEATURES).map((f) => ({ signal: f.signal, tau_s: f.tau_s }));
  checkNnFeatures(features);

  const { x, y, rows } = buildTrainingRows(datasets, features, step_s);
  if (rows < 2) throw new InputError('too few training rows', { field: 'datasets', value: rows });
  const nf = features.length;

  // Normalisation over the training rows.
  const mean = new Array<number>(nf).fill(0);
  const std = new Array<number>(nf).fill(0);
  for (let r = 0; r < rows; r++) for (let f = 0; f < nf; f++) mean[f] += x[r * nf + f];
  for (let f = 0; f < nf; f++) mean[f] /= rows;
  for (let r = 0; r < rows; r++) for (let f = 0; f < nf; f++) std[f] += (x[r * nf + f] - mean[f]) ** 2;
  for (let f = 0; f < nf; f++) {
    const s = Math.sqrt(std[f] / rows);
    std[f] = s < 1e-9 ? 1 : s;
  }
  const xn = new Float32Array(rows * nf);
  for (let r = 0; r < rows; r++) for (let f = 0; f < nf; f++) xn[r * nf + f] = (x[r * nf + f] - mean[f]) / std[f];

  await initTfBackend();
  const rng = new Rng(seed);
  const initRng = rng.fork('init');
  const shuffleRng = rng.fork('shuffle');
  const sizes = [nf, ...hidden, 1];
  const ws: tf.Variable[] = [];
  const bs: tf.Variable[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const nIn = sizes[l],
      nOut = sizes[l + 1];
    const limit = Math.sqrt(6 / (nIn + nOut)); // Glorot & Bengio 2010, uniform
    const w = new Float32Array(nIn * nOut);
    for (let i = 0; i < w.length; i++) w[i] = (2 * initRng.uniform() - 1) * limit;
    ws.push(tf.variable(tf.tensor2d(w, [nIn, nOut]), true));
    bs.push(tf.variable(tf.zeros([nOut]), true));
  }
  const actFn = activation === 'relu' ? tf.relu : activation === 'sigmoid' ? tf.sigmoid : tf.tanh;
  const forward = (inp: tf.Tensor2D): tf.Tensor2D => {
    let h: tf.Tensor2D = inp;
    for (let l = 0; l < ws.length; l++) {
      const z = tf.add(tf.matMul(h, ws[l]), bs[l]) as tf.Tensor2D;
      h = l + 1 < ws.length ? (actFn(z) as tf.Tensor2D) : z;
    }
    return h;
  };

  const xAll = tf.tensor2d(xn, [rows, nf]);
  const yAll = tf.tensor2d(Float32Array.from(y), [rows, 1]);
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  const history: number[] = [];
  const varList = [...ws, ...bs];
  let optimizer = tf.train.adam(lr0);
  let lr = lr0;
  const exportLayers = () =>
    ws.map((w, l) => {
      const kernel = w.arraySync() as number[][]; // [in][out]
      const nIn = sizes[l],
        nOut = sizes[l + 1];
      const rowsOut: number[][] = [];
      for (let o = 0; o < nOut; o++) {
        const row = new Array<number>(nIn);
        for (let i = 0; i < nIn; i++) row[i] = kernel[i][o];
        rowsOut.push(row);
      }
      return {
        activation: (l + 1 < ws.length ? activation : 'linear') as NnActivation,
        weights: rowsOut,
        biases: Array.from(bs[l].dataSync()),
      };
    });
  /** The weights after the last finished epoch (kept only when training can be stopped). */
  let layers: ReturnType<typeof exportLayers> | null = null;
  let interrupted = false;
  let batches = 0;
  try {
    training: for (let epoch = 0; epoch < epochs; epoch++) {
      const want = epoch >= Math.floor(0.85 * epochs) ? lr0 * 0.09 : epoch >= Math.floor(0.6 * epochs) ? lr0 * 0.3 : lr0;
      if (want !== lr) {
        // A new Adam with the lower rate keeps the run deterministic and simple (moments restart).
        optimizer.dispose();
        optimizer = tf.train.adam(want);
        lr = want;
      }
      shuffle(order, shuffleRng);
      for (let start = 0; start < rows; start += batchSize) {
        const idx = tf.tensor1d(order.subarray(start, Math.min(rows, start + batchSize)), 'int32');
        tf.tidy(() => {
          const xb = tf.gather(xAll, idx) as tf.Tensor2D;
          const yb = tf.gather(yAll, idx);
          optimizer.minimize(() => tf.mean(tf.squaredDifference(forward(xb), yb)) as tf.Scalar, false, varList);
        });
        idx.dispose();
        if (stop && ++batches % PAUSE_EVERY_BATCHES === 0) {
          await stop.pause();
          if (stop.shouldStop()) {
            interrupted = true;
            break training;
          }
        }
      }
      const rmse = tf.tidy(() => Math.sqrt(tf.mean(tf.squaredDifference(forward(xAll), yAll)).dataSync()[0]));
      if (!Number.isFinite(rmse)) throw new InputError('training diverged (loss is not finite); lower the learning rate', { field: 'learningRate', value: lr0 });
      history.push(rmse);
      if (stop) layers = exportLayers();
      opts.onEpoch?.(epoch + 1, rmse);
      if (stop) await stop.pause();
      if (stop?.shouldStop() && epoch + 1 < epochs) {
        interrupted = true;
        break;
      }
    }
    if (!interrupted) layers = exportLayers();
    if (!layers) return { weights: null, interrupted, history: { rmse: history } };
    const doc = {
      schema: NN_WEIGHTS_SCHEMA,
      version: NN_WEIGHTS_VERSION,
      features,
      normalisation: { mean, std },
      layerSizes: sizes,
      layers,
      provenance: {
        trainer: `packages/ml/train-soc.ts (tfjs-core ${tf.version_core}, cpu backend)`,
        trainedOn: datasets.map((d) => d.label),
        rows,
        sampleStep_s: step_s,
        seed,
        epochs,
        hidden,
        activation,
        learningRate: lr0,
        batchSize,
        loss: 'mse',
        trainRmse: history[history.length - 1],
        ...(interrupted ? { interrupted: true, epochsFinished: history.length } : {}),
        ...(opts.provenance ?? {}),
      },
    };
    return { weights: parseNnWeights(doc, 'trained network'), interrupted, history: { rmse: history } };
  } finally {
    optimizer.dispose();
    xAll.dispose();
    yAll.dispose();
    for (const v of varList) v.dispose();
  }
}
