/**
 * The fitted-model file (`ssb fit --out model.json`): a versioned JSON document holding a
 * temperature-dependent two-RC equivalent circuit with one-state OCV hysteresis.
 *
 *     schema: "ssb-twin/ecm-model", version: 1
 *     capacity_Ah, coulombicEfficiency, vMin_V, vMax_V
 *     ocv:        { soc[], ocv_V[] (average of the charge and discharge branches), temp_C (test
 *                   temperature, the reference of dOcvDt_V_K), dOcvDt_V_K[] | null }
 *     hysteresis: { m_V[] (on ocv.soc: half the charge–discharge gap after IR correction), gamma,
 *                   exponent (optional, default 1: Plett's exponential; > 1: minor loops, see
 *                   bms/estimation/soc/hysteresis.ts) }
 *     resistance: { soc[], temp_C[], r0_ohm, r1_ohm, tau1_s, r2_ohm, tau2_s } — each table is
 *                   number[temp][soc] (one row per temperature), bilinear inside the temperature
 *                   range; optional activation_K: { r0[], r1[], r2[] } (E_a/R_gas [K] per soc point):
 *                   outside the range R(z, T) = R(z, T_edge)·exp(E_a/R·(1/T − 1/T_edge)) (Arrhenius);
 *                   without it (files before it existed) every table is clamped at the edges, as are
 *                   τ1, τ2 always
 *     estimator:  optional Kalman-filter noise settings for this model { measurementNoise_V,
 *                   processNoise: { z, v1, v2 } } (KalmanSocOptions; see fit/ecm.ts for how
 *                   `ssb fit` sets them); `ssb estimate` uses them
 *     provenance: { generatedBy, fitDate, sources[], perTemperature[{temp_C, pulses, rms_mV}], notes[] }
 *
 * Units are in every key name; SoC axes are fractions 0..1, temperatures in °C (for people; the
 * EcmModel converts to K). `ecmFromModelFile` turns the file into the `EcmModel` the Kalman filters
 * consume: table look-ups only (O(1) axis location through a bucket index, no search, no allocation).
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import type { EcmModel } from '../bms/types.js';

export const ECM_MODEL_SCHEMA = 'ssb-twin/ecm-model';
export const ECM_MODEL_VERSION = 1;

const fin = z.number().refine(Number.isFinite, 'must be a finite number');
const posNum = fin.refine((x) => x > 0, 'must be positive');
const nonneg = fin.refine((x) => x >= 0, 'must not be negative');
const axis = (lo: number, hi: number, minPoints = 2) =>
  z
    .array(fin)
    .min(minPoints, `needs at least ${minPoints} point${minPoints > 1 ? 's' : ''}`)
    .superRefine((a, ctx) => {
      for (let i = 0; i < a.length; i++) {
        if (a[i] < lo || a[i] > hi) ctx.addIssue({ code: 'custom', message: `must be within [${lo}, ${hi}]`, path: [i] });
        if (i > 0 && !(a[i] > a[i - 1])) ctx.addIssue({ code: 'custom', message: 'axis must be strictly increasing', path: [i] });
      }
    });
const table = (elem: z.ZodType<number>) => z.array(z.array(elem));

export const ecmModelFileSchema = z
  .strictObject({
    schema: z.literal(ECM_MODEL_SCHEMA).describe('File format id.'),
    version: z.literal(ECM_MODEL_VERSION).describe('File format version.'),
    name: z.string().default('fitted ECM').describe('Label of the model.'),
    capacity_Ah: posNum.describe('Usable capacity (the low-rate discharge of the OCV test, or the drive-cycle calibration).'),
    coulombicEfficiency: fin
      .refine((x) => x > 0.5 && x <= 1, 'must be in (0.5, 1]')
      .default(1)
      .describe('Charge out / charge in; 1 when the test cannot resolve it (see provenance.notes).'),
    vMin_V: posNum.describe('Lower voltage limit.'),
    vMax_V: posNum.describe('Upper voltage limit.'),
    ocv: z
      .strictObject({
        soc: axis(0, 1).describe('SoC axis of the OCV and hysteresis tables, strictly increasing, 0…1.'),
        ocv_V: z.array(posNum).describe('Open-circuit voltage at each ocv.soc point (average of the charge and discharge branches).'),
        temp_C: fin.describe('Temperature of the OCV test [°C]: ocv_V holds there; dOcvDt_V_K shifts it elsewhere.'),
        dOcvDt_V_K: z.array(fin).nullable().default(null).describe('Entropic coefficient at each ocv.soc point, or null.'),
      })
      .describe('Open-circuit voltage on a SoC axis at one temperature.'),
    hysteresis: z
      .strictObject({
        m_V: z.array(nonneg).describe('Hysteresis magnitude M(z) at each ocv.soc point: half the charge–discharge gap after IR correction.'),
        gamma: nonneg.describe("Plett's rate constant (dimensionless): h settles within ≈ 3/γ of SoC after a reversal."),
        exponent: fin
          .refine((x) => x >= 1, 'must be >= 1')
          .optional()
          .describe("Minor-loop exponent p ≥ 1 (absent: 1, Plett's exponential)."),
      })
      .describe("Plett's one-state OCV hysteresis: M(z), the rate γ and the minor-loop exponent."),
    resistance: z
      .strictObject({
        soc: axis(0, 1).describe('SoC axis of the resistance tables, strictly increasing, 0…1.'),
        temp_C: axis(-100, 200, 1).describe('One row per HPPC temperature; a single temperature is allowed (then no T dependence).'),
        r0_ohm: table(posNum).describe('Series resistance, [temperature][soc].'),
        r1_ohm: table(nonneg).describe('First RC resistance, [temperature][soc].'),
        tau1_s: table(posNum).describe('First RC time constant, [temperature][soc] (clamped outside the rows).'),
        r2_ohm: table(nonneg).describe('Second RC resistance, [temperature][soc].'),
        tau2_s: table(posNum).describe('Second RC time constant, [temperature][soc] (clamped outside the rows).'),
        activation_K: z
          .strictObject({
            r0: z.array(nonneg).describe('E_a/R of R0 at each resistance.soc point.'),
            r1: z.array(nonneg).describe('E_a/R of R1 at each resistance.soc point.'),
            r2: z.array(nonneg).describe('E_a/R of R2 at each resistance.soc point.'),
          })
          .optional()
          .describe('Arrhenius activation temperatures E_a/R [K] per resistance.soc point for R0, R1, R2 outside the temperature rows (absent: clamped).'),
      })
      .describe('R0 and two RC pairs as tables [temperature][soc].'),
    estimator: z
      .strictObject({
        measurementNoise_V: posNum.describe("Kalman voltage-noise standard deviation (ssb fit: 2 × the model's RMS error)."),
        processNoise: z
          .strictObject({
            z: nonneg.describe('Process noise of the SoC state, 1/s.'),
            v1: nonneg.describe('Process noise of the first RC voltage, V²/s.'),
            v2: nonneg.describe('Process noise of the second RC voltage, V²/s.'),
          })
          .describe('Kalman process noise per state.'),
      })
      .optional()
      .describe('Kalman-filter noise settings for this model (ssb estimate uses them).'),
    provenance: z
      .strictObject({
        generatedBy: z.string().default('').describe('Program and version that wrote the file.'),
        fitDate: z.string().default('').describe('When the fit ran.'),
        sources: z
          .array(
            z.strictObject({
              file: z.string().describe('File name.'),
              kind: z.enum(['ocv', 'hppc']).describe('Which test.'),
              temp_C: fin.nullable().default(null).describe('Test temperature (null: not known).'),
            }),
          )
          .default([])
          .describe('Measured files the fit used.'),
        perTemperature: z
          .array(
            z.strictObject({
              temp_C: fin.describe('Temperature row.'),
              pulses: z.number().int().nonnegative().describe('HPPC pulses fitted there.'),
              rms_mV: nonneg.describe('RMS voltage residual of the fitted tables on those pulses.'),
            }),
          )
          .default([])
          .describe('Residual of the fitted tables per temperature.'),
        notes: z.array(z.string()).default([]).describe('What the fit assumed or could not resolve.'),
      })
      .prefault({})
      .describe('What the fit used and how well it fits.'),
  })
  .superRefine((m, ctx) => {
    if (!(m.vMin_V < m.vMax_V)) ctx.addIssue({ code: 'custom', message: 'vMin_V must be below vMax_V', path: ['vMin_V'] });
    const ns = m.ocv.soc.length;
    const same = (arr: unknown[] | null, path: (string | number)[]) => {
      if (arr && arr.length !== ns) ctx.addIssue({ code: 'custom', message: `must have ${ns} values (one per ocv.soc point), has ${arr.length}`, path });
    };
    same(m.ocv.ocv_V, ['ocv', 'ocv_V']);
    same(m.ocv.dOcvDt_V_K, ['ocv', 'dOcvDt_V_K']);
    same(m.hysteresis.m_V, ['hysteresis', 'm_V']);
    const nT = m.resistance.temp_C.length;
    const nZ = m.resistance.soc.length;
    for (const k of ['r0_ohm', 'r1_ohm', 'tau1_s', 'r2_ohm', 'tau2_s'] as const) {
      const t = m.resistance[k];
      if (t.length !== nT) ctx.addIssue({ code: 'custom', message: `must have ${nT} rows (one per resistance.temp_C), has ${t.length}`, path: ['resistance', k] });
      t.forEach((row, i) => {
        if (row.length !== nZ) ctx.addIssue({ code: 'custom', message: `must have ${nZ} values (one per resistance.soc), has ${row.length}`, path: ['resistance', k, i] });
      });
    }
    const act = m.resistance.activation_K;
    if (act)
      for (const k of ['r0', 'r1', 'r2'] as const)
        if (act[k].length !== nZ) ctx.addIssue({ code: 'custom', message: `must have ${nZ} values (one per resistance.soc), has ${act[k].length}`, path: ['resistance', 'activation_K', k] });
  });

export type EcmModelFile = z.output<typeof ecmModelFileSchema>;
/** What a writer may leave out (defaults filled by the schema). */
export type EcmModelFileInput = z.input<typeof ecmModelFileSchema>;

/** Validate a parsed JSON document; the first problem becomes an InputError naming the field and value. */
export function parseModelFile(json: unknown, file: string): EcmModelFile {
  const r = ecmModelFileSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue.path.map(String);
    let value: unknown = json;
    for (const k of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[k] : undefined;
    if (Array.isArray(value) && value.length > 8) value = `[${value.length} values]`;
    throw new InputError(issue.message, { file, field: path.join('.') || '(top level)', value });
  }
  return r.data;
}

/**
 * O(1) location on an increasing axis: a bucket table maps x to the interval that holds the
 * bucket's left edge; at most a couple of steps forward finish the job. Returns the fractional
 * index i + s (clamped to [0, n − 1]).
 */
export interface FastAxis {
  pos(x: number): number;
  readonly n: number;
}

export function fastAxis(xs: ArrayLike<number>): FastAxis {
  const n = xs.length;
  const x = Float64Array.from(xs);
  const x0 = x[0];
  const x1 = x[n - 1];
  let minDx = Infinity;
  for (let i = 1; i < n; i++) minDx = Math.min(minDx, x[i] - x[i - 1]);
  const nb = Math.min(100000, Math.max(1, Math.ceil((x1 - x0) / minDx)));
  const h = (x1 - x0) / nb;
  const invH = 1 / h;
  const bucket = new Int32Array(nb + 1);
  let j = 0;
  for (let b = 0; b <= nb; b++) {
    const xb = x0 + b * h;
    while (j < n - 2 && x[j + 1] <= xb) j++;
    bucket[b] = j;
  }
  return {
    n,
    pos(v: number): number {
      if (!(v > x0)) return 0; // also NaN → first point (callers validate their inputs)
      if (v >= x1) return n - 1;
      let i = bucket[((v - x0) * invH) | 0];
      while (i < n - 2 && v >= x[i + 1]) i++;
      return i + (v - x[i]) / (x[i + 1] - x[i]);
    },
  };
}

/** Linear interpolation in y at a fractional index from `FastAxis.pos`. */
export function atPos(y: Float64Array, p: number): number {
  const i = p | 0;
  if (i >= y.length - 1) return y[y.length - 1];
  const s = p - i;
  return y[i] + (y[i + 1] - y[i]) * s;
}

/** Bilinear look-up in a row-major table [temp][soc] at fractional indices (pz along soc, pt along temp). */
export function atPos2(t: Float64Array, nz: number, nt: number, pz: number, pt: number): number {
  let iz = pz | 0;
  let it = pt | 0;
  if (iz >= nz - 1) iz = nz - 2;
  if (it >= nt - 1) it = nt - 2;
  if (nz === 1) iz = 0;
  if (nt === 1) it = 0;
  const sz = nz === 1 ? 0 : pz - iz;
  const st = nt === 1 ? 0 : pt - it;
  const a = it * nz + iz;
  const v00 = t[a];
  const v01 = nz > 1 ? t[a + 1] : v00;
  const v10 = nt > 1 ? t[a + nz] : v00;
  const v11 = nz > 1 && nt > 1 ? t[a + nz + 1] : v10;
  return (v00 + (v01 - v00) * sz) * (1 - st) + (v10 + (v11 - v10) * sz) * st;
}

function flat(rows: number[][]): Float64Array {
  const out = new Float64Array(rows.length * rows[0].length);
  let k = 0;
  for (const r of rows) for (const v of r) out[k++] = v;
  return out;
}

const C_TO_K = 273.15;

/**
 * A resistance look-up: bilinear in (SoC, T) inside the table; outside its temperature range
 * [T_lo, T_hi] the edge row times the Arrhenius factor exp(E(z)·(1/T − 1/T_edge)) with E(z) = E_a/R
 * interpolated along SoC (`ea` null: clamped at the edge row).
 */
function resistanceLookup(t: Float64Array, ea: Float64Array | null, rz: FastAxis, rt: FastAxis, tLo_K: number, tHi_K: number): (z: number, T: number) => number {
  const nz = rz.n;
  const nt = rt.n;
  if (ea === null) return (z, T) => atPos2(t, nz, nt, rz.pos(z), rt.pos(T));
  const invLo = 1 / tLo_K;
  const invHi = 1 / tHi_K;
  return (z, T) => {
    const pz = rz.pos(z);
    const v = atPos2(t, nz, nt, pz, rt.pos(T));
    if (T > tHi_K) return v * Math.exp(atPos(ea, pz) * (1 / T - invHi));
    if (T < tLo_K) return v * Math.exp(atPos(ea, pz) * (1 / T - invLo));
    return v;
  };
}

/**
 * Least-squares Arrhenius slope E_a/R_gas [K] of ln R against 1/T per SoC point over the table's
 * temperature rows (rows with R ≤ 0 left out), floored at 0 (a resistance that rises with
 * temperature is not extrapolated as such); 0 with fewer than two usable rows.
 */
export function arrheniusSlopes_K(table: number[][], temps_C: number[]): number[] {
  const nZ = table[0]?.length ?? 0;
  const out: number[] = [];
  for (let i = 0; i < nZ; i++) {
    const xs: number[] = [];
    const ys: number[] = [];
    temps_C.forEach((c, j) => {
      const r = table[j][i];
      if (r > 0) {
        xs.push(1 / (c + C_TO_K));
        ys.push(Math.log(r));
      }
    });
    if (xs.length < 2) {
      out.push(0);
      continue;
    }
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let k = 0; k < xs.length; k++) {
      sxy += (xs[k] - mx) * (ys[k] - my);
      sxx += (xs[k] - mx) ** 2;
    }
    out.push(Math.max(0, sxy / sxx));
  }
  return out;
}

/**
 * The estimator's model from a fitted file. ocv_V(z, T) = OCV(z) + (T − T_ocv)·dOCV/dT(z) (0 when
 * the file has no dOCV/dT); dOcvDz_V the slope of the piecewise-linear table; R0, R1, τ1, R2, τ2
 * bilinear in (SoC, T) and clamped at the table's SoC edges; outside its temperature range R0, R1,
 * R2 follow the Arrhenius law from the edge row when the file has `resistance.activation_K`, else
 * (and τ1, τ2 always) clamped; hysteresis m_V(z) from the OCV test (the file has no temperature
 * dependence for it).
 */
export function ecmFromModelFile(m: EcmModelFile): EcmModel {
  const zAx = fastAxis(m.ocv.soc);
  const zs = Float64Array.from(m.ocv.soc);
  const ocv = Float64Array.from(m.ocv.ocv_V);
  const dudt = m.ocv.dOcvDt_V_K ? Float64Array.from(m.ocv.dOcvDt_V_K) : null;
  const mh = Float64Array.from(m.hysteresis.m_V);
  const tRef_K = m.ocv.temp_C + C_TO_K;
  const nOcv = zs.length;
  const slopeAt = (y: Float64Array, p: number): number => {
    let i = p | 0;
    if (i > nOcv - 2) i = nOcv - 2;
    return (y[i + 1] - y[i]) / (zs[i + 1] - zs[i]);
  };

  const rz = fastAxis(m.resistance.soc);
  const rt = fastAxis(m.resistance.temp_C.map((c) => c + C_TO_K));
  const nz = rz.n;
  const nt = rt.n;
  const r0 = flat(m.resistance.r0_ohm);
  const r1 = flat(m.resistance.r1_ohm);
  const t1 = flat(m.resistance.tau1_s);
  const r2 = flat(m.resistance.r2_ohm);
  const t2 = flat(m.resistance.tau2_s);
  const act = m.resistance.activation_K;
  const tLo_K = m.resistance.temp_C[0] + C_TO_K;
  const tHi_K = m.resistance.temp_C[nt - 1] + C_TO_K;
  const look = (t: Float64Array, ea: number[] | undefined) => resistanceLookup(t, ea ? Float64Array.from(ea) : null, rz, rt, tLo_K, tHi_K);
  const model: EcmModel = {
    capacity_As: m.capacity_Ah * 3600,
    ocv_V: dudt
      ? (z, T) => {
          const p = zAx.pos(z);
          return atPos(ocv, p) + (T - tRef_K) * atPos(dudt, p);
        }
      : (z) => atPos(ocv, zAx.pos(z)),
    dOcvDz_V: dudt
      ? (z, T) => {
          const p = zAx.pos(z);
          return slopeAt(ocv, p) + (T - tRef_K) * slopeAt(dudt, p);
        }
      : (z) => slopeAt(ocv, zAx.pos(z)),
    r0_ohm: look(r0, act?.r0),
    r1_ohm: look(r1, act?.r1),
    tau1_s: (z, T) => atPos2(t1, nz, nt, rz.pos(z), rt.pos(T)),
    r2_ohm: look(r2, act?.r2),
    tau2_s: (z, T) => atPos2(t2, nz, nt, rz.pos(z), rt.pos(T)),
    vMin_V: m.vMin_V,
    vMax_V: m.vMax_V,
  };
  model.hysteresis = { m_V: (z) => atPos(mh, zAx.pos(z)), gamma: m.hysteresis.gamma, exponent: m.hysteresis.exponent ?? 1 };
  return model;
}
