/**
 * Calibration of a fitted model on one measured dynamic file (`ssb fit … --dynamic FILE`): a drive
 * cycle that starts from a full charge and has partial current reversals (regenerative pulses).
 *
 * What the characterisation tests cannot tell:
 * - the hysteresis after a SMALL reversal. The low-rate OCV test has one full reversal (it gives
 *   M(z) and an upper bound on γ); the HPPC pulses are discharge-only. A drive cycle's regen pulses
 *   are minor loops; Plett's exponential (exponent 1) moves h fastest right after a reversal and so
 *   overstates them (see bms/estimation/soc/hysteresis.ts, "Minor loops").
 * - the capacity the cell shows in service. The OCV test is a separate test, often on another day;
 *   its C/20 capacity need not be the capacity the OCV curve spans in the drive-cycle tests
 *   (Panasonic 18650PF: 2.997 Ah at C/20, where the 2.9 Ah nominal describes the drive cycles better).
 *
 * Method: the open-loop voltage check (`validate.ts`, model driven by the measured current along
 * the Coulomb-counted SoC from `initialSoc`, h from +1 after the full charge) is minimised over
 *   capacity  Q = f·Q_ocv, f ∈ [0.93, 1.03] in 1 % steps, then ±1 % around the best in 0.25 % steps;
 *   exponent  p ∈ {1, 1.5, 2, 3, 4, 6, 8};
 *   rate      γ ∈ 10·√2^k, k = 0…10 (10 … 320),
 * an exhaustive grid (the objective is not smooth in p and has flat valleys in γ; a grid is
 * deterministic and cheap here: the terms that do not depend on the hysteresis are computed once
 * per capacity). The OCV, M(z) and resistance tables are not changed: they are on the SoC axis and
 * stay there when the capacity changes (as a BMS keeps OCV(z) and rescales the capacity with SoH).
 *
 * The file's Kalman settings take their voltage noise from the calibrated open-loop RMS (`fittedEstimatorSettings`).
 *
 * This is calibration on a measured drive cycle: a file so used must be left out of any score
 * reported for the model (the evidence script designates one training cycle per temperature).
 */
import type { MeasuredSeries } from '../data/measured.js';
import { InputError } from '../errors.js';
import { HysteresisTracker } from '../bms/estimation/soc/hysteresis.js';
import { ecmFromModelFile, type EcmModelFile } from './model-file.js';
import { fittedEstimatorSettings } from './ecm.js';
import { hysteresisResidual, voltageTerms, type ResidualTrace, type VoltageCheck } from './validate.js';

export const DYNAMIC_EXPONENTS = [1, 1.5, 2, 3, 4, 6, 8] as const;
/** Capacity range searched, as fractions of the OCV test's capacity. */
const F_MIN = 0.93;
const F_MAX = 1.03;
export const DYNAMIC_GAMMAS = Array.from({ length: 11 }, (_, k) => Math.round(10 * Math.SQRT2 ** k * 10) / 10);

export interface DynamicCalibration {
  file: string;
  samples: number;
  /** Capacity of the OCV test and the calibrated one [Ah]. */
  capacityOcvTest_Ah: number;
  capacity_Ah: number;
  gamma: number;
  exponent: number;
  /** Open-loop voltage RMS and mean error on the file before (OCV-test capacity, fitted γ, exponent 1) and after [mV]. */
  before: VoltageCheck;
  after: VoltageCheck;
  evaluations: number;
  /** Thinned (≈ 2000 points) measured voltage and model residual before and after, for the fit report. */
  trace: { time_s: number[]; measured_V: number[]; errorBefore_V: number[]; errorAfter_V: number[] };
}

export interface DynamicOptions {
  file?: string;
  /** SoC at the first sample (default 1: the file starts from a full charge). */
  initialSoc?: number;
  /** Hysteresis state at the first sample (default +1: after a charge). */
  initialH?: number;
  /** Temperature when the file has none [K]. */
  fallbackTemp_K?: number;
}

export function calibrateDynamic(model: EcmModelFile, s: MeasuredSeries, opts: DynamicOptions = {}): { model: EcmModelFile; calibration: DynamicCalibration } {
  const file = opts.file ?? 'dynamic file';
  const z0 = opts.initialSoc ?? 1;
  const h0 = opts.initialH ?? 1;
  const fallbackT = opts.fallbackTemp_K ?? 298.15;
  if (s.length < 100) throw new InputError(`the dynamic file has only ${s.length} samples`, { file });
  let reversals = 0;
  for (let k = 1; k < s.length; k++) if (s.current_A[k] < 0 && s.current_A[k - 1] >= 0) reversals++;
  if (reversals === 0) throw new InputError('the dynamic file has no charge (regen) current: nothing to calibrate the minor hysteresis loops on', { file, field: 'current_A' });
  const ecm = ecmFromModelFile(model);
  const m_Vmax = Math.max(...model.hysteresis.m_V);
  const q0 = model.capacity_Ah;
  const cache = new Map<number, ReturnType<typeof voltageTerms>>();
  const terms = (f: number) => {
    let t = cache.get(f);
    if (!t) cache.set(f, (t = voltageTerms(ecm, s, z0, f * q0, fallbackT)));
    return t;
  };
  // the hysteresis state for capacity f·Q_ocv (none without a hysteresis element)
  const tracker = (f: number, gamma: number, exponent: number) => (m_Vmax > 0 ? new HysteresisTracker(gamma, exponent, f * q0 * 3600) : null);
  let evaluations = 0;
  const evalAt = (f: number, gamma: number, exponent: number) => {
    evaluations++;
    return hysteresisResidual(terms(f), tracker(f, gamma, exponent), h0);
  };
  const before = evalAt(1, model.hysteresis.gamma, model.hysteresis.exponent ?? 1);
  let best = { f: 1, gamma: model.hysteresis.gamma, exponent: model.hysteresis.exponent ?? 1, check: before };
  // without a hysteresis element (M ≡ 0) only the capacity is calibrated; γ and p stay
  const exponents = m_Vmax > 0 ? DYNAMIC_EXPONENTS : [best.exponent];
  const gammas = m_Vmax > 0 ? DYNAMIC_GAMMAS : [best.gamma];
  const scan = (fs: number[]) => {
    for (const f of fs) {
      for (const p of exponents)
        for (const g of gammas) {
          const c = evalAt(f, g, p);
          if (c.rms_mV < best.check.rms_mV) best = { f, gamma: g, exponent: p, check: c };
        }
      cache.delete(f);
    }
  };
  const grid = (lo: number, hi: number, step: number) => Array.from({ length: Math.round((hi - lo) / step) + 1 }, (_, i) => Math.round((lo + i * step) * 1e4) / 1e4);
  scan(grid(F_MIN, F_MAX, 0.01));
  const f1 = best.f;
  scan(grid(f1 - 0.01, f1 + 0.01, 0.0025).filter((f) => Math.abs((f - f1) / 0.01 - Math.round((f - f1) / 0.01)) > 1e-6));
  const capacity_Ah = Math.round(best.f * q0 * 1e4) / 1e4;
  // thinned traces of the residual before and after on the same sample indices (each check leaves
  // out SoC < 2 % on its own capacity axis: a sample missing from the before-trace reads NaN)
  const every = Math.max(1, Math.ceil(s.length / 2000));
  const tb: ResidualTrace = { every, index: [], error_V: [] };
  const ta: ResidualTrace = { every, index: [], error_V: [] };
  hysteresisResidual(terms(1), tracker(1, model.hysteresis.gamma, model.hysteresis.exponent ?? 1), h0, tb);
  hysteresisResidual(terms(best.f), tracker(best.f, best.gamma, best.exponent), h0, ta);
  const errAt = new Map(tb.index.map((k, i) => [k, tb.error_V[i]]));
  const trace = { time_s: [] as number[], measured_V: [] as number[], errorBefore_V: [] as number[], errorAfter_V: [] as number[] };
  ta.index.forEach((k, i) => {
    trace.time_s.push(s.time_s[k] - s.time_s[0]);
    trace.measured_V.push(s.voltage_V[k]);
    trace.errorBefore_V.push(errAt.get(k) ?? NaN);
    trace.errorAfter_V.push(ta.error_V[i]);
  });
  const edges: string[] = [];
  if (best.f <= F_MIN + 1e-9 || best.f >= F_MAX - 1e-9) edges.push(`capacity at ${Math.round(best.f * 100)} % of the OCV test's, the end of the searched ${F_MIN * 100}–${F_MAX * 100} %`);
  if (m_Vmax > 0 && (best.gamma === DYNAMIC_GAMMAS[0] || best.gamma === DYNAMIC_GAMMAS[DYNAMIC_GAMMAS.length - 1])) edges.push(`γ at the end of its grid (${best.gamma})`);
  if (m_Vmax > 0 && best.exponent === DYNAMIC_EXPONENTS[DYNAMIC_EXPONENTS.length - 1]) edges.push(`exponent at the end of its grid (${best.exponent})`);
  const calibration: DynamicCalibration = {
    file,
    samples: best.check.samples,
    capacityOcvTest_Ah: q0,
    capacity_Ah,
    gamma: best.gamma,
    exponent: best.exponent,
    before,
    after: best.check,
    evaluations,
    trace,
  };
  const out: EcmModelFile = {
    ...model,
    capacity_Ah,
    hysteresis: { ...model.hysteresis, gamma: best.gamma, exponent: best.exponent },
    // the open-loop voltage error on a drive cycle is what the filters have to live with
    estimator: fittedEstimatorSettings(best.check.rms_mV / 1000),
    provenance: {
      ...model.provenance,
      notes: [
        ...model.provenance.notes,
        `calibrated on the dynamic file ${file} (open-loop voltage RMS ${before.rms_mV.toFixed(1)} → ${best.check.rms_mV.toFixed(1)} mV): capacity ${q0.toFixed(4)} → ${capacity_Ah} Ah, hysteresis γ ${model.hysteresis.gamma} → ${best.gamma}, minor-loop exponent ${best.exponent}; leave this file out of any score of the model`,
        ...edges.map((e) => `dynamic calibration: ${e}; the optimum may lie beyond it`),
      ],
    },
  };
  return { model: out, calibration };
}
