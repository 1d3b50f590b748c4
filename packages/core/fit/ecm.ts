/**
 * `fitEcm`: a temperature-dependent two-RC ECM with OCV hysteresis from one low-rate OCV test and
 * HPPC tests at one or more temperatures.
 *
 * Order: (1) OCV branches and usable capacity from the OCV test (`ocv.ts`); (2) every HPPC file
 * segmented and each pulse fitted (`hppc.ts`) with the OCV average for the OCV drop during a pulse
 * and the discharge branch (average − half-gap) to bridge logging gaps; (3) pulses grouped by
 * temperature (files within 2 K share a row, at the median pulse temperature) and aggregated on
 * the SoC grid: per cell the median of each parameter over the pulses nearest to that grid point,
 * empty cells filled from the nearest filled cell along SoC (a temperature row with no RC fit
 * takes the nearest row's RC values); (4) hysteresis from the OCV branches with the fitted
 * R0 + R1 + R2 at the OCV test's temperature as the low-rate IR drop (`finishOcv`); (5) every pulse
 * re-simulated with the final tables (bilinear at its SoC and temperature, anchored at its own
 * pre-pulse rest voltage) for the residuals reported per pulse and per temperature.
 * With `slowRc`, step (2) also fits a slow RC branch per file on its long rests (`slow-rc.ts`), and
 * step (3) writes R0 + R1 as R0, (R2, τ2) as the first pair and the slow branch as the second (the
 * residuals in (5) stay those of the pulse-scale tables on the windows without the slow branch).
 * With two or more temperature rows the file also carries, per SoC point, the Arrhenius slope
 * E_a/R of ln R0, ln R1, ln R2 against 1/T (least squares over all rows, floored at 0;
 * `resistance.activation_K`): outside the fitted temperatures the resistances follow it from the
 * edge row instead of being clamped (a drive cycle warms the cell above the HPPC temperature).
 */
import type { MeasuredSeries } from '../data/measured.js';
import { InputError } from '../errors.js';
import { capacityMismatch } from '../units/index.js';
import { fitInputsProblem } from './test-kind.js';
import { extractOcvBranches, finishOcv, GAMMA_MAX, monotoneIncreasing, type OcvResult } from './ocv.js';
import { fitHppc, simulateWindow, rmsDiff_mV, type HppcResult, type PulseFit } from './hppc.js';
import { arrheniusSlopes_K, ecmFromModelFile, ECM_MODEL_SCHEMA, ECM_MODEL_VERSION, type EcmModelFile } from './model-file.js';
import { round } from '../numerics/round.js';

const C_TO_K = 273.15;
/** Default SoC grid of the resistance tables: 5 % steps (HPPC tests step SoC by 5–10 %). */
export const RESISTANCE_SOC_STEP = 0.05;
/** Files whose median pulse temperatures are this close share a table row [K]. */
const SAME_TEMP_K = 2;

export interface FitInput {
  ocv: MeasuredSeries;
  hppc: MeasuredSeries[];
  /** Nominal capacity [Ah]: current threshold for the pulses (C/50) and a cross-check of the measured one. */
  capacity_Ah: number;
  /** Date of the fit (ISO 8601), recorded in the provenance (the core has no clock). */
  fitDate: string;
  /** File names for messages and provenance. */
  files?: { ocv?: string; hppc?: string[] };
  name?: string;
  generatedBy?: string;
  /** SoC at the first sample of each HPPC file (default 1). */
  initialSoc?: number;
  /** SoC grid step of the resistance tables (default 0.05). */
  socStep?: number;
  /**
   * Slow polarisation (default false): fit a slow RC branch (τ of minutes) on the HPPC files' long
   * rests (`slow-rc.ts`), take it out of the pulse windows, and write the model with the fastest
   * branch merged into R0 (R0 + R1, τ1 < ~1 s, is what a drive cycle sampled at ≥ 0.1 s sees) so that
   * the file's two RC pairs are the pulse-scale branch (R2, τ2 → R1, τ1) and the slow one (→ R2, τ2).
   */
  slowRc?: boolean;
  /**
   * Arrhenius extrapolation of R0, R1, R2 beyond the fitted temperatures (default true; needs two
   * or more temperature rows): writes `resistance.activation_K`. false: tables clamped at the edges.
   */
  arrhenius?: boolean;
}

/**
 * Process noise of the Kalman filters for a fitted model (z [1/s], v1 and v2 [V²/s]): chosen by a
 * grid search on the Panasonic 18650PF training cycles (`bench/panasonic-evidence.ts --tune`: the
 * objective was flat for voltage noise 10–40 mV, and preferred this process noise at every one).
 * A starting point for other cells; `ssb estimate` reads them from the model file.
 */
export const FITTED_PROCESS_NOISE = { z: 1e-9, v1: 1e-7, v2: 1e-9 } as const;
/** Floor of the voltage noise written for a fitted model [V] (a 1 mV ADC plus as much model error). */
const MIN_MEASUREMENT_NOISE_V = 0.002;
/**
 * Voltage noise = this × the model's RMS voltage error. The model error is not white: it stays
 * of one sign for minutes, so a filter that takes it as white noise of its RMS over-trusts every
 * sample. On the Panasonic training cycles (`--tune`) the best voltage noise was 40 mV for a
 * model RMS of 21 mV, i.e. ≈ 2×.
 */
const MODEL_ERROR_INFLATION = 2;

/** Kalman settings written into a fitted model file for a model whose voltage error is `modelRms_V`. */
export function fittedEstimatorSettings(modelRms_V: number): NonNullable<EcmModelFile['estimator']> {
  return { measurementNoise_V: round(Math.max(MIN_MEASUREMENT_NOISE_V, MODEL_ERROR_INFLATION * modelRms_V), 4), processNoise: { ...FITTED_PROCESS_NOISE } };
}

export interface PulseReport {
  file: string;
  index: number;
  temp_C: number;
  soc: number;
  current_A: number;
  duration_s: number;
  start_s: number;
  r0Step_ohm: number;
  r0_ohm: number;
  r1_ohm: number | null;
  tau1_s: number | null;
  r2_ohm: number | null;
  tau2_s: number | null;
  rcFitted: boolean;
  /** RMS of the pulse's own fit [mV] (null: R0 only). */
  rmsFit_mV: number | null;
  /** RMS of the final model (tables) over the pulse window [mV]. */
  rms_mV: number;
  /** Window (thinned): time from the file start [s], data, final model. */
  t_s: number[];
  v_V: number[];
  vModel_V: number[];
}

export interface FitReport {
  perTemperature: { temp_C: number; pulses: number; rms_mV: number; rmsFit_mV: number; files: string[] }[];
  /** Slow branch per HPPC file (with `slowRc`): R [Ω], τ [s], RMS of the rest fit with and without it [mV]. */
  slowRc: { file: string; temp_C: number; r_ohm: number; tau_s: number; rms_mV: number; rmsWithout_mV: number; points: number }[];
  pulses: PulseReport[];
  ocv: {
    file: string;
    capacity_Ah: number;
    nominalCapacity_Ah: number;
    chargeAh: number;
    current_A: number;
    temp_C: number | null;
    coulombicEfficiency: number;
    coulombicEfficiencyMeasured: number | null;
    gamma: number;
    gammaFitRms_mV: number | null;
    soc: number[];
    discharge_V: (number | null)[];
    charge_V: (number | null)[];
    ocv_V: number[];
    m_V: number[];
    irDrop_V: number[];
    raw: { dischargeSoc: number[]; dischargeV: number[]; chargeSoc: number[]; chargeV: number[] };
  };
  gaps: { file: string; start_s: number; length_s: number; bridgedAh: number }[];
  notes: string[];
}

export interface FitResult {
  model: EcmModelFile;
  report: FitReport;
}

function median(a: number[]): number {
  const s = a.slice().sort((x, y) => x - y);
  const n = s.length;
  return n % 2 ? s[n >> 1] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
}

const nullIfNaN = (x: number) => (Number.isFinite(x) ? x : null);

export function fitEcm(input: FitInput): FitResult {
  if (!(input.capacity_Ah > 0)) throw new InputError('capacity must be positive', { field: 'capacity_Ah', value: input.capacity_Ah });
  if (!input.hppc.length) throw new InputError('at least one HPPC test is needed', { field: 'hppc' });
  const ocvFile = input.files?.ocv ?? 'OCV test';
  const hppcFiles = input.hppc.map((_, i) => input.files?.hppc?.[i] ?? `HPPC test ${i + 1}`);
  const notes: string[] = [];

  // (0) files in the wrong place: an HPPC test given as the OCV test or the other way round
  const misplaced = fitInputsProblem(input.ocv, input.hppc);
  if (misplaced) throw new InputError(misplaced.message, { file: misplaced.which === 'ocv' ? ocvFile : hppcFiles[misplaced.which], field: 'current_A' });

  // (1) OCV branches
  const br = extractOcvBranches(input.ocv, { file: ocvFile });
  notes.push(...br.notes.map((n) => `${ocvFile}: ${n}`));
  // a nominal capacity far from the measured one (mAh for Ah) would set the pulse threshold C/50 wrong
  const wrongNominal = capacityMismatch(input.capacity_Ah, br.capacity_Ah, 1);
  if (wrongNominal) throw new InputError(`${wrongNominal} in the OCV test's discharge`, { file: ocvFile, field: 'capacity_Ah', value: input.capacity_Ah });
  if (Math.abs(br.capacity_Ah / input.capacity_Ah - 1) > 0.1) notes.push(`measured usable capacity ${br.capacity_Ah.toFixed(4)} Ah differs from the nominal ${input.capacity_Ah} Ah by more than 10 %`);
  const ocvCurve = { soc: br.soc, ocv_V: br.ocv_V };
  const disBranch = monotoneIncreasing(br.ocv_V.map((u, g) => u - br.halfGap_V[g]));
  const bridge = { soc: br.soc, ocv_V: disBranch };

  // (2) HPPC pulses
  const results: HppcResult[] = input.hppc.map((s, i) =>
    fitHppc(s, { file: hppcFiles[i], capacity_Ah: br.capacity_Ah, nominalCapacity_Ah: input.capacity_Ah, ocv: ocvCurve, bridge, initialSoc: input.initialSoc, slowRc: input.slowRc }),
  );
  for (const r of results) notes.push(...r.notes.map((n) => `${r.file}: ${n}`));

  // (3) temperature rows
  const order = results.map((r, i) => ({ r, i })).sort((a, b) => a.r.temp_K - b.r.temp_K);
  const groups: { files: number[]; pulses: { p: PulseFit; file: number }[] }[] = [];
  for (const { r, i } of order) {
    const g = groups[groups.length - 1];
    const gT = g ? median(g.pulses.map((x) => x.p.temp_K)) : NaN;
    const entry = r.pulses.map((p) => ({ p, file: i }));
    if (g && Math.abs(r.temp_K - gT) < SAME_TEMP_K) {
      g.files.push(i);
      g.pulses.push(...entry);
    } else groups.push({ files: [i], pulses: entry });
  }
  const usable = groups.filter((g) => g.pulses.length > 0);
  if (!usable.length) throw new InputError('no usable pulse in the HPPC tests', { field: 'hppc' });
  const tempRow_K = usable.map((g) => round(median(g.pulses.map((x) => x.p.temp_K)) - C_TO_K, 1) + C_TO_K);

  const step = input.socStep ?? RESISTANCE_SOC_STEP;
  const nz = Math.round(1 / step) + 1;
  const socGrid = Array.from({ length: nz }, (_, i) => round(i / (nz - 1), 6));
  const keys = ['r0_ohm', 'r1_ohm', 'tau1_s', 'r2_ohm', 'tau2_s'] as const;
  type Key = (typeof keys)[number];
  const tables: Record<Key, number[][]> = { r0_ohm: [], r1_ohm: [], tau1_s: [], r2_ohm: [], tau2_s: [] };
  const rowHasRc: boolean[] = [];
  for (const g of usable) {
    const cells: Record<Key, number[][]> = { r0_ohm: [], r1_ohm: [], tau1_s: [], r2_ohm: [], tau2_s: [] };
    for (const k of keys) for (let i = 0; i < nz; i++) cells[k].push([]);
    for (const { p } of g.pulses) {
      const ci = Math.min(nz - 1, Math.max(0, Math.round(p.soc * (nz - 1))));
      cells.r0_ohm[ci].push(p.r0_ohm);
      if (p.rcFitted) for (const k of ['r1_ohm', 'tau1_s', 'r2_ohm', 'tau2_s'] as const) cells[k][ci].push(p[k]);
    }
    let anyRc = false;
    for (const k of keys) {
      const row = cells[k].map((c) => (c.length ? median(c) : NaN));
      if (k !== 'r0_ohm' && row.some(Number.isFinite)) anyRc = true;
      tables[k].push(fillRow(row));
    }
    rowHasRc.push(anyRc);
  }
  // rows without any RC fit: the nearest row's RC values
  if (!rowHasRc.some(Boolean)) throw new InputError('no pulse long enough for the RC fit (≥ 2 s) in any HPPC test', { field: 'hppc' });
  for (let r = 0; r < rowHasRc.length; r++) {
    if (rowHasRc[r]) continue;
    let best = -1;
    for (let j = 0; j < rowHasRc.length; j++) if (rowHasRc[j] && (best < 0 || Math.abs(tempRow_K[j] - tempRow_K[r]) < Math.abs(tempRow_K[best] - tempRow_K[r]))) best = j;
    for (const k of ['r1_ohm', 'tau1_s', 'r2_ohm', 'tau2_s'] as const) tables[k][r] = tables[k][best].slice();
    notes.push(`${round(tempRow_K[r] - C_TO_K, 1)} °C: no pulse long enough for the RC fit; R1, τ1, R2, τ2 taken from ${round(tempRow_K[best] - C_TO_K, 1)} °C`);
  }
  for (let r = 0; r < tables.tau1_s.length; r++) for (let i = 0; i < nz; i++) if (!(tables.tau2_s[r][i] > tables.tau1_s[r][i])) tables.tau2_s[r][i] = 1.5 * tables.tau1_s[r][i];
  // the pulse-scale tables (for the residuals in (5)); with a slow branch the file's tables are remapped
  const pulseTables: Record<Key, number[][]> = { r0_ohm: [], r1_ohm: [], tau1_s: [], r2_ohm: [], tau2_s: [] };
  for (const k of keys) pulseTables[k] = tables[k].map((row) => row.slice());
  const slowRows: { r_ohm: number; tau_s: number }[] = [];
  if (input.slowRc) {
    for (const g of usable) {
      const fits = g.files.map((i) => results[i].slow).filter((f): f is NonNullable<typeof f> => f !== null);
      slowRows.push(fits.length ? { r_ohm: median(fits.map((f) => f.r_ohm)), tau_s: median(fits.map((f) => f.tau_s)) } : { r_ohm: NaN, tau_s: NaN });
    }
    if (!slowRows.some((r) => Number.isFinite(r.r_ohm))) throw new InputError('slow RC asked for, but no HPPC file has rests long enough (≥ 300 s after a pulse)', { field: 'hppc' });
    for (let r = 0; r < slowRows.length; r++) {
      if (Number.isFinite(slowRows[r].r_ohm)) continue;
      let best = -1;
      for (let j = 0; j < slowRows.length; j++) if (Number.isFinite(slowRows[j].r_ohm) && (best < 0 || Math.abs(tempRow_K[j] - tempRow_K[r]) < Math.abs(tempRow_K[best] - tempRow_K[r]))) best = j;
      slowRows[r] = { ...slowRows[best] };
      notes.push(`${round(tempRow_K[r] - C_TO_K, 1)} °C: no slow-RC fit; taken from ${round(tempRow_K[best] - C_TO_K, 1)} °C`);
    }
    for (let r = 0; r < slowRows.length; r++) {
      tables.r0_ohm[r] = pulseTables.r0_ohm[r].map((v, i) => v + pulseTables.r1_ohm[r][i]);
      tables.r1_ohm[r] = pulseTables.r2_ohm[r].slice();
      tables.tau1_s[r] = pulseTables.tau2_s[r].slice();
      tables.r2_ohm[r] = new Array(nz).fill(slowRows[r].r_ohm);
      // a slow branch of zero resistance keeps a valid time constant above τ1
      tables.tau2_s[r] = tables.tau1_s[r].map((t1) => Math.max(slowRows[r].tau_s, 1.5 * t1));
    }
    notes.push('slow RC: R0 = R0 + R1 of the pulse fits (τ1 < ~1 s merged), RC pair 1 = the pulse-scale pair (R2, τ2), RC pair 2 = the slow branch from the long rests (constant over SoC)');
  }

  // (4) hysteresis with the DC resistance at the OCV test's temperature
  const tOcv_K = Number.isFinite(br.temp_K) ? br.temp_K : tempRow_K[tempRow_K.length - 1];
  const partial: EcmModelFile = {
    schema: ECM_MODEL_SCHEMA,
    version: ECM_MODEL_VERSION,
    name: input.name ?? 'fitted ECM',
    capacity_Ah: br.capacity_Ah,
    coulombicEfficiency: br.coulombicEfficiency,
    vMin_V: 0,
    vMax_V: 0,
    ocv: { soc: Array.from(br.soc), ocv_V: Array.from(br.ocv_V), temp_C: round(tOcv_K - C_TO_K, 2), dOcvDt_V_K: null },
    hysteresis: { m_V: new Array(br.soc.length).fill(0), gamma: 0 },
    resistance: { soc: socGrid, temp_C: tempRow_K.map((T) => round(T - C_TO_K, 1)), ...tables },
    provenance: { generatedBy: '', fitDate: '', sources: [], perTemperature: [], notes: [] },
  };
  if (input.arrhenius !== false && tempRow_K.length >= 2) {
    const tC = partial.resistance.temp_C;
    partial.resistance.activation_K = {
      r0: arrheniusSlopes_K(tables.r0_ohm, tC).map((x) => round(x, 1)),
      r1: arrheniusSlopes_K(tables.r1_ohm, tC).map((x) => round(x, 1)),
      r2: arrheniusSlopes_K(tables.r2_ohm, tC).map((x) => round(x, 1)),
    };
    notes.push(
      `outside ${tC[0]}…${tC[tC.length - 1]} °C, R0, R1, R2 follow the Arrhenius law with E_a/R (resistance.activation_K) fitted per SoC point to ln R vs 1/T over the ${tC.length} temperature rows`,
    );
  }
  const ecm0 = ecmFromModelFile(partial);
  const ocv: OcvResult = finishOcv(br, (z) => ecm0.r0_ohm(z, tOcv_K) + ecm0.r1_ohm(z, tOcv_K) + ecm0.r2_ohm(z, tOcv_K));

  if (ocv.gammaFitRms_mV !== null && ocv.gamma >= GAMMA_MAX * 0.999)
    notes.push(`hysteresis rate γ at the upper end of its search (${GAMMA_MAX}): the OCV test cannot resolve a faster settling; γ = ${GAMMA_MAX} kept`);
  // voltage window: the lowest and highest voltage seen in the tests (the cut-offs the cycler used)
  let vMin = Infinity;
  let vMax = -Infinity;
  for (const s of [input.ocv, ...input.hppc])
    for (let k = 0; k < s.length; k++) {
      vMin = Math.min(vMin, s.voltage_V[k]);
      vMax = Math.max(vMax, s.voltage_V[k]);
    }

  const model: EcmModelFile = {
    ...partial,
    vMin_V: round(vMin, 4),
    vMax_V: round(vMax, 4),
    ocv: { ...partial.ocv, ocv_V: Array.from(ocv.ocv_V, (v) => round(v, 6)) },
    hysteresis: { m_V: Array.from(ocv.m_V, (v) => round(v, 6)), gamma: round(ocv.gamma, 3) },
    provenance: {
      generatedBy: input.generatedBy ?? 'ssb fit',
      fitDate: input.fitDate,
      sources: [
        { file: ocvFile, kind: 'ocv', temp_C: Number.isFinite(br.temp_K) ? round(br.temp_K - C_TO_K, 2) : null },
        ...results.map((r) => ({ file: r.file, kind: 'hppc' as const, temp_C: round(r.temp_K - C_TO_K, 2) })),
      ],
      perTemperature: [],
      notes: [],
    },
  };

  // (5) residuals of the final model
  // with a slow branch the windows had it removed: their residuals are of the pulse-scale tables
  const pe = ecmFromModelFile(input.slowRc ? { ...model, resistance: { ...model.resistance, ...pulseTables } } : model);
  const pulses: PulseReport[] = [];
  const perT: FitReport['perTemperature'] = [];
  usable.forEach((g) => {
    let ss = 0;
    let cnt = 0;
    let ssFit = 0;
    let cntFit = 0;
    for (const { p, file } of g.pulses) {
      const T = p.temp_K;
      const z = p.soc;
      const vm = simulateWindow(p.window, { r0_ohm: pe.r0_ohm(z, T), r1_ohm: pe.r1_ohm(z, T), tau1_s: pe.tau1_s(z, T), r2_ohm: pe.r2_ohm(z, T), tau2_s: pe.tau2_s(z, T) });
      for (let i = 0; i < vm.length; i++) ss += (vm[i] - p.v_V[i]) ** 2;
      cnt += vm.length;
      if (p.rcFitted) {
        for (let i = 0; i < vm.length; i++) ssFit += (p.vFit_V[i] - p.v_V[i]) ** 2;
        cntFit += vm.length;
      }
      pulses.push({
        file: results[file].file,
        index: p.index,
        temp_C: round(T - C_TO_K, 2),
        soc: round(z, 4),
        current_A: round(p.current_A, 4),
        duration_s: round(p.duration_s, 3),
        start_s: p.start_s,
        r0Step_ohm: p.r0Step_ohm,
        r0_ohm: p.r0_ohm,
        r1_ohm: nullIfNaN(p.r1_ohm),
        tau1_s: nullIfNaN(p.tau1_s),
        r2_ohm: nullIfNaN(p.r2_ohm),
        tau2_s: nullIfNaN(p.tau2_s),
        rcFitted: p.rcFitted,
        rmsFit_mV: p.rcFitted ? round(p.rms_mV, 3) : null,
        rms_mV: round(rmsDiff_mV(vm, p.v_V), 3),
        t_s: Array.from(p.t_s),
        v_V: Array.from(p.v_V),
        vModel_V: Array.from(vm, (v) => round(v, 6)),
      });
    }
    perT.push({
      temp_C: round(median(g.pulses.map((x) => x.p.temp_K)) - C_TO_K, 1),
      pulses: g.pulses.length,
      rms_mV: round(Math.sqrt(ss / Math.max(1, cnt)) * 1000, 3),
      rmsFit_mV: round(Math.sqrt(ssFit / Math.max(1, cntFit)) * 1000, 3),
      files: g.files.map((i) => results[i].file),
    });
  });
  notes.push('resistance tables come from discharge pulses; the residuals are of the pulse response (each pulse anchored at its own rest voltage), not of the absolute OCV');
  model.provenance.perTemperature = perT.map((p) => ({ temp_C: p.temp_C, pulses: p.pulses, rms_mV: p.rms_mV }));
  // (6) Kalman-filter settings for this model: from the model error at the OCV test's temperature
  // (it dwarfs a cycler's sensor noise)
  const atOcvT = perT.reduce((a, p) => (Math.abs(p.temp_C + C_TO_K - tOcv_K) < Math.abs(a.temp_C + C_TO_K - tOcv_K) ? p : a), perT[0]);
  model.estimator = fittedEstimatorSettings(atOcvT ? atOcvT.rms_mV / 1000 : 0);
  notes.push(
    `estimator settings: voltage noise ${(model.estimator.measurementNoise_V * 1000).toFixed(1)} mV (twice the pulse-table RMS at the OCV test's temperature), process noise ${JSON.stringify(model.estimator.processNoise)}`,
  );
  model.provenance.notes = notes;

  const arr = (a: Float64Array) => Array.from(a, nullIfNaN);
  const report: FitReport = {
    perTemperature: perT,
    slowRc: results.flatMap((r) => (r.slow ? [{ file: r.file, temp_C: round(r.temp_K - C_TO_K, 2), ...r.slow }] : [])),
    pulses,
    ocv: {
      file: ocvFile,
      capacity_Ah: br.capacity_Ah,
      nominalCapacity_Ah: input.capacity_Ah,
      chargeAh: br.chargeAh,
      current_A: br.dischargeCurrent_A,
      temp_C: Number.isFinite(br.temp_K) ? round(br.temp_K - C_TO_K, 2) : null,
      coulombicEfficiency: br.coulombicEfficiency,
      coulombicEfficiencyMeasured: br.coulombicEfficiencyMeasured,
      gamma: ocv.gamma,
      gammaFitRms_mV: ocv.gammaFitRms_mV,
      soc: Array.from(br.soc),
      discharge_V: arr(br.discharge_V),
      charge_V: arr(br.charge_V),
      ocv_V: Array.from(ocv.ocv_V),
      m_V: Array.from(ocv.m_V),
      irDrop_V: Array.from(ocv.irDrop_V),
      raw: {
        dischargeSoc: Array.from(br.raw.dischargeSoc),
        dischargeV: Array.from(br.raw.dischargeV),
        chargeSoc: Array.from(br.raw.chargeSoc),
        chargeV: Array.from(br.raw.chargeV),
      },
    },
    gaps: results.flatMap((r) => r.gaps.map((g) => ({ file: r.file, ...g }))),
    notes,
  };
  return { model, report };
}

/** Fill NaN cells from the nearest filled cell along the row (ties: the lower SoC). */
function fillRow(row: number[]): number[] {
  const n = row.length;
  return row.map((v, i) => {
    if (Number.isFinite(v)) return v;
    for (let d = 1; d < n; d++) {
      if (i - d >= 0 && Number.isFinite(row[i - d])) return row[i - d];
      if (i + d < n && Number.isFinite(row[i + d])) return row[i + d];
    }
    return NaN;
  });
}
