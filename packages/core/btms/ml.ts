/**
 * ML-assisted BTMS: a model learned inside the project (ridge regression on simulated runs,
 * `trainBtmsModel`, `ssb train-btms`) predicts the coldest and the hottest measured cell
 * temperature `horizon_s` ahead from recent measurements, the controller's own action and the
 * forecast (schedule + weather). The controller acts on the prediction — heats a pack that will
 * be below the window when it is used, cools one that will be above it — while the hard-coded
 * safety bounds of the thermostat stay in force and override it:
 *   • hottest measured > cool_on (window top): cool, never heat;
 *   • coldest measured < heat_on while driving/charging, or a BMS pre-heat request: heat;
 *   • the model may never heat when the hottest measured ≥ cool_off, nor cool when the coldest
 *     measured ≤ heat_off;
 *   • a non-finite prediction falls back to the thermostat.
 * Inference is two dot products of 13 features (≈ 0.1 µs). Sees measurements only.
 */
import { z } from 'zod';
import type { BtmsController, BtmsInputs, ThermalActuatorsConfig, ThermalCommand } from './types.js';
import { applyThermalDemand, makeThermalCommand, validateActuators } from './actuators.js';
import { MeasuredTemps } from './predictive.js';
import { allFinite, parseWithSchema } from '../schema.js';
import { ThermostatBands, type ThermostatConfig } from './thermostat.js';
import { InputError } from '../errors.js';
import type { Rng } from '../numerics/rng.js';

const C0 = 273.15;

export const BTMS_FEATURES = [
  'temp_min_C',
  'temp_max_C',
  'ambient_minus_mean_K',
  'coolant_minus_mean_K',
  'current_sq_filtered_kA2',
  'heat_fraction',
  'cool_fraction',
  'driving',
  'charging',
  'event_overlap',
  'fast_charge_overlap',
  'forecast_ambient_ahead_minus_mean_K',
  'heat_x_ambient_minus_mean_K',
] as const;
export const N_FEATURES = BTMS_FEATURES.length;
/** Time constant of the filtered I² [s] (assumed: of the order of a cell's surface-to-core thermal time). */
export const CURRENT_FILTER_TAU_s = 300;

const modelSchema = z.strictObject({
  schema: z.literal('ssb-twin/btms-temp-model'),
  version: z.literal(1),
  horizon_s: z.number().positive(),
  features: z.array(z.string()),
  mean: z.array(z.number()),
  std: z.array(z.number().positive()),
  targets: z.tuple([z.literal('dtemp_min_K'), z.literal('dtemp_max_K')]),
  /** Per target: one weight per (normalised) feature, then the bias. */
  weights: z.tuple([z.array(z.number()), z.array(z.number())]),
  provenance: z.record(z.string(), z.unknown()).refine(allFinite, 'must not hold NaN or Infinity').default({}),
});
export type BtmsTempModel = z.output<typeof modelSchema>;

/** Validate a parsed model file; errors name the file, field and value. */
export function parseBtmsModel(raw: unknown, file: string): BtmsTempModel {
  const m = parseWithSchema(modelSchema, raw, file);
  if (m.features.length !== N_FEATURES || m.features.some((f, k) => f !== BTMS_FEATURES[k]))
    throw new InputError(`features must be ${BTMS_FEATURES.join(', ')}`, { file, field: 'features', value: m.features.join(',') });
  for (const [name, arr, n] of [
    ['mean', m.mean, N_FEATURES],
    ['std', m.std, N_FEATURES],
    ['weights.0', m.weights[0], N_FEATURES + 1],
    ['weights.1', m.weights[1], N_FEATURES + 1],
  ] as const) {
    if (arr.length !== n) throw new InputError(`must have ${n} entries`, { file, field: name, value: arr.length });
    if (arr.some((x) => !Number.isFinite(x))) throw new InputError('entries must be finite', { file, field: name, value: arr.join(',') });
  }
  return m;
}

/** Computes the feature vector from the measurements, the forecast and a hypothetical action. */
export class BtmsFeatures {
  readonly x = new Float64Array(N_FEATURES);
  private i2f = 0;
  private lastTime = NaN;
  readonly temps = new MeasuredTemps();

  constructor(readonly horizon_s: number) {}

  /** Update the filters with a new sample; false when no temperature was ever read. */
  update(inp: BtmsInputs): boolean {
    const ok = this.temps.update(inp);
    const I = inp.meas.packCurrentValid && Number.isFinite(inp.meas.packCurrent_A) ? inp.meas.packCurrent_A : 0;
    const dt = Number.isFinite(this.lastTime) ? Math.max(0, inp.time_s - this.lastTime) : 0;
    this.lastTime = inp.time_s;
    const i2 = (I * I) / 1e6;
    this.i2f = i2 + (this.i2f - i2) * Math.exp(-dt / CURRENT_FILTER_TAU_s);
    if (!ok) return false;
    const x = this.x;
    const mean = this.temps.mean;
    const amb = Number.isFinite(inp.meas.ambientTemp_K) ? inp.meas.ambientTemp_K : mean;
    const cool = Number.isFinite(inp.meas.coolantTemp_K) ? inp.meas.coolantTemp_K : mean;
    x[0] = this.temps.min - C0;
    x[1] = this.temps.max - C0;
    x[2] = amb - mean;
    x[3] = cool - mean;
    x[4] = this.i2f;
    x[7] = inp.ctx.mode === 'drive' ? 1 : 0;
    x[8] = inp.ctx.mode === 'charge' ? 1 : 0;
    const ev = inp.forecast?.nextEvent(inp.time_s) ?? null;
    const overlap = ev ? Math.min(1, Math.max(0, (inp.time_s + this.horizon_s - ev.start_s) / this.horizon_s)) : 0;
    x[9] = overlap;
    x[10] = ev?.fastCharge ? overlap : 0;
    x[11] = (inp.forecast ? inp.forecast.ambient_K(inp.time_s + this.horizon_s) : amb) - mean;
    this.setAction(0, 0);
    return true;
  }

  setAction(heat: number, cool: number): void {
    this.x[5] = heat;
    this.x[6] = cool;
    this.x[12] = heat * this.x[2];
  }
}

/** Predicted [coldest, hottest] measured temperature `horizon_s` ahead [K]. */
export function predictAhead(m: BtmsTempModel, f: BtmsFeatures, out: Float64Array): Float64Array {
  for (let k = 0; k < 2; k++) {
    const w = m.weights[k];
    let s = w[N_FEATURES];
    for (let i = 0; i < N_FEATURES; i++) s += (w[i] * (f.x[i] - m.mean[i])) / m.std[i];
    out[k] = s;
  }
  out[0] += f.temps.min;
  out[1] += f.temps.max;
  return out;
}

export interface MlConfig extends ThermostatConfig {
  /** Target coldest-cell temperature before a DC fast charge [K]. */
  fastChargeTarget_K: number;
}

export class MlController implements BtmsController {
  readonly name = 'ml';
  private readonly bands = new ThermostatBands();
  private mlHeating = false;
  private readonly feats: BtmsFeatures;
  private readonly pred = new Float64Array(2);
  private readonly cmd: ThermalCommand = makeThermalCommand();
  /** Last decision's prediction [K] (NaN before the first), and whether a bound overrode the model. */
  lastPrediction_K: [number, number] = [NaN, NaN];
  overridden = false;

  constructor(
    readonly actuators: ThermalActuatorsConfig,
    readonly cfg: MlConfig,
    readonly model: BtmsTempModel,
  ) {
    validateActuators(actuators);
    this.feats = new BtmsFeatures(model.horizon_s);
  }

  decide(inp: BtmsInputs, _dt_s: number): ThermalCommand {
    const c = this.cfg;
    if (!this.feats.update(inp)) return applyThermalDemand(this.actuators, 0, 0, false, this.cmd);
    const tMin = this.feats.temps.min;
    const tMax = this.feats.temps.max;
    // thermostat state (the hard bounds)
    this.bands.update(tMin, tMax, c, inp.heatNeed_K);
    const active = inp.ctx.mode !== 'park';
    // model: what happens without action
    predictAhead(this.model, this.feats, this.pred);
    const pMin = this.pred[0];
    const pMax = this.pred[1];
    this.lastPrediction_K = [pMin, pMax];
    let heat = false;
    let cool = false;
    if (Number.isFinite(pMin) && Number.isFinite(pMax)) {
      const ev = inp.forecast?.nextEvent(inp.time_s) ?? null;
      // as the predictive controller: a parked pack is heated for a charge only when plugged in
      const used = active || (this.feats.x[9] > 0 && (ev?.kind !== 'charge' || inp.ctx.pluggedIn));
      const target = this.feats.x[10] > 0 ? Math.max(c.fastChargeTarget_K, c.heatOff_K) : c.heatOn_K;
      if (this.mlHeating) this.mlHeating = used && tMin < (this.feats.x[10] > 0 ? target : c.heatOff_K);
      else this.mlHeating = used && pMin < target;
      heat = this.mlHeating;
      cool = pMax > c.coolOn_K;
    }
    const mlHeat = heat;
    const mlCool = cool;
    // hard-coded bounds override the model
    if (heat && tMax >= c.coolOff_K) heat = false;
    if (cool && tMin <= c.heatOff_K) cool = false;
    if (this.bands.cooling) cool = true;
    if ((this.bands.heating && active) || inp.preheatRequest) heat = true;
    if (cool) heat = false;
    this.overridden = heat !== mlHeat || cool !== mlCool;
    applyThermalDemand(this.actuators, heat ? 1 : 0, cool ? 1 : 0, false, this.cmd);
    this.cmd.preconditioning = heat && !active && mlHeat;
    return this.cmd;
  }
}

// ---------------------------------------------------------------- training

/** One logged control cycle of an exploration run. */
export interface BtmsSample {
  time_s: number;
  x: Float64Array;
  tMin_K: number;
  tMax_K: number;
  /** 0 none, 1 heat, 2 cool. */
  action: number;
}

/**
 * Exploration controller for training data: the thermostat's bounds with random actions (none,
 * heat, cool) held for random blocks of 20–90 min, seeded; logs the features every `logEvery_s`.
 */
export class ExplorationController implements BtmsController {
  readonly name = 'exploration';
  readonly samples: BtmsSample[] = [];
  private action = 0;
  private until = -Infinity;
  private lastLog = -Infinity;
  private readonly feats: BtmsFeatures;
  private readonly cmd: ThermalCommand = makeThermalCommand();

  constructor(
    readonly actuators: ThermalActuatorsConfig,
    readonly rng: Rng,
    horizon_s: number,
    readonly logEvery_s = 60,
  ) {
    validateActuators(actuators);
    this.feats = new BtmsFeatures(horizon_s);
  }

  decide(inp: BtmsInputs, _dt_s: number): ThermalCommand {
    if (!this.feats.update(inp)) return applyThermalDemand(this.actuators, 0, 0, false, this.cmd);
    const t = inp.time_s;
    if (t >= this.until) {
      const u = this.rng.uniform();
      this.action = u < 0.5 ? 0 : u < 0.78 ? 1 : 2;
      this.until = t + 1200 + 4200 * this.rng.uniform();
    }
    // keep the exploration physical: no heating past 45 °C, no cooling below 0 °C
    let a = this.action;
    if (a === 1 && this.feats.temps.max > C0 + 45) a = 0;
    if (a === 2 && this.feats.temps.min < C0) a = 0;
    // a parked pack is heated only within two hours of its next use (else it would drain itself)
    const ev = inp.forecast?.nextEvent(t) ?? null;
    if (a === 1 && inp.ctx.mode === 'park' && !(ev && ev.start_s - t < 7200)) a = 0;
    this.feats.setAction(a === 1 ? 1 : 0, a === 2 ? 1 : 0);
    if (t - this.lastLog >= this.logEvery_s) {
      this.lastLog = t;
      this.samples.push({ time_s: t, x: this.feats.x.slice(), tMin_K: this.feats.temps.min, tMax_K: this.feats.temps.max, action: a });
    }
    applyThermalDemand(this.actuators, a === 1 ? 1 : 0, a === 2 ? 1 : 0, false, this.cmd);
    this.cmd.preconditioning = a === 1;
    return this.cmd;
  }
}

/** Training rows: samples whose action stays the same over the horizon, labelled with the change `horizon_s` later (linear interpolation between logs). */
export function samplesToRows(samples: BtmsSample[], horizon_s: number): { x: Float64Array[]; y: [number[], number[]] } {
  const x: Float64Array[] = [];
  const y: [number[], number[]] = [[], []];
  let j = 0;
  for (let i = 0; i < samples.length; i++) {
    const t1 = samples[i].time_s + horizon_s;
    if (j < i) j = i;
    while (j < samples.length && samples[j].time_s < t1) j++;
    if (j >= samples.length) break;
    let same = true;
    for (let k = i; k <= j && same; k++) if (samples[k].action !== samples[i].action) same = false;
    if (!same) continue;
    const a = samples[j - 1];
    const b = samples[j];
    const w = b.time_s > a.time_s ? (t1 - a.time_s) / (b.time_s - a.time_s) : 1;
    x.push(samples[i].x);
    y[0].push(a.tMin_K + w * (b.tMin_K - a.tMin_K) - samples[i].tMin_K);
    y[1].push(a.tMax_K + w * (b.tMax_K - a.tMax_K) - samples[i].tMax_K);
  }
  return { x, y };
}

/** Ridge regression on standardised features: (ZᵀZ + λI)w = Zᵀy with an unpenalised bias. */
export function fitRidge(x: Float64Array[], y: number[], mean: number[], std: number[], lambda: number): number[] {
  const n = N_FEATURES + 1;
  const A = Array.from({ length: n }, () => new Float64Array(n));
  const b = new Float64Array(n);
  const z = new Float64Array(n);
  for (let r = 0; r < x.length; r++) {
    for (let i = 0; i < N_FEATURES; i++) z[i] = (x[r][i] - mean[i]) / std[i];
    z[N_FEATURES] = 1;
    for (let i = 0; i < n; i++) {
      b[i] += z[i] * y[r];
      for (let k = 0; k < n; k++) A[i][k] += z[i] * z[k];
    }
  }
  for (let i = 0; i < N_FEATURES; i++) A[i][i] += lambda;
  return solveDense(A, b);
}

/** Gaussian elimination with partial pivoting (small dense systems). */
export function solveDense(A: Float64Array[], b: Float64Array): number[] {
  const n = b.length;
  const M = A.map((r) => r.slice());
  const v = b.slice();
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    if (Math.abs(M[p][c]) < 1e-12) throw new InputError('singular training system (too few or constant samples)', { field: 'training data', value: c });
    [M[c], M[p]] = [M[p], M[c]];
    [v[c], v[p]] = [v[p], v[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      if (f === 0) continue;
      for (let k = c; k < n; k++) M[r][k] -= f * M[c][k];
      v[r] -= f * v[c];
    }
  }
  const w = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = v[r];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * w[k];
    w[r] = s / M[r][r];
  }
  return w;
}

/**
 * Fit the model on rows; returns it with a hold-out RMSE. With `rows.run` (the run each row comes
 * from) the hold-out is every 5th run, so no held-out row has a neighbour from its own run in the
 * training set (rows of one run 1 min apart are nearly the same: a split by row leaks); without it,
 * every 5th row (say so in provenance.holdout).
 */
export function trainBtmsModel(rows: { x: Float64Array[]; y: [number[], number[]]; run?: number[] }, horizon_s: number, lambda = 1, provenance: Record<string, unknown> = {}): BtmsTempModel {
  const n = rows.x.length;
  if (n < 10 * N_FEATURES) throw new InputError(`too few training rows (need ${10 * N_FEATURES})`, { field: 'training data', value: n });
  const mean = new Array<number>(N_FEATURES).fill(0);
  const std = new Array<number>(N_FEATURES).fill(0);
  for (const r of rows.x) for (let i = 0; i < N_FEATURES; i++) mean[i] += r[i] / n;
  for (const r of rows.x) for (let i = 0; i < N_FEATURES; i++) std[i] += (r[i] - mean[i]) ** 2 / n;
  for (let i = 0; i < N_FEATURES; i++) std[i] = Math.max(1e-6, Math.sqrt(std[i]));
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  const run = rows.run;
  if (run && run.length !== n) throw new InputError('one run index per training row', { field: 'training data.run', value: run.length });
  // runs numbered in order of first appearance, every 5th held out
  const runOrder = new Map<number, number>();
  if (run) for (const r of run) if (!runOrder.has(r)) runOrder.set(r, runOrder.size);
  for (let i = 0; i < n; i++) ((run ? runOrder.get(run[i])! : i) % 5 === 4 ? testIdx : trainIdx).push(i);
  if (testIdx.length === 0 || trainIdx.length === 0) throw new InputError('too few training runs for a hold-out split by run (need 5)', { field: 'training data.run', value: runOrder.size });
  const rmse: Record<string, number> = {};
  const weights: number[][] = [];
  for (let k = 0; k < 2; k++) {
    const wHold = fitRidge(
      trainIdx.map((i) => rows.x[i]),
      trainIdx.map((i) => rows.y[k][i]),
      mean,
      std,
      lambda,
    );
    const err = (idx: number[], w: number[]) => {
      let s = 0;
      for (const i of idx) {
        let p = w[N_FEATURES];
        for (let f = 0; f < N_FEATURES; f++) p += (w[f] * (rows.x[i][f] - mean[f])) / std[f];
        s += (p - rows.y[k][i]) ** 2;
      }
      return Math.sqrt(s / Math.max(1, idx.length));
    };
    const name = k === 0 ? 'min' : 'max';
    rmse[`holdout_rmse_${name}_K`] = Math.round(err(testIdx, wHold) * 1000) / 1000;
    let sd = 0;
    for (const i of testIdx) sd += rows.y[k][i] ** 2;
    rmse[`holdout_rms_change_${name}_K`] = Math.round(Math.sqrt(sd / Math.max(1, testIdx.length)) * 1000) / 1000;
    weights.push(fitRidge(rows.x, rows.y[k], mean, std, lambda));
  }
  return {
    schema: 'ssb-twin/btms-temp-model',
    version: 1,
    horizon_s,
    features: [...BTMS_FEATURES],
    mean,
    std,
    targets: ['dtemp_min_K', 'dtemp_max_K'],
    weights: [weights[0], weights[1]],
    provenance: {
      method: 'ridge regression on standardised features',
      lambda,
      rows: n,
      holdout: run ? `every 5th run (${Math.floor(runOrder.size / 5)} of ${runOrder.size} runs)` : 'every 5th row',
      ...rmse,
      ...provenance,
    },
  };
}
