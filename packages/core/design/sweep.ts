/**
 * Parameter sweeps over a design (every combination of the given axes) and the Pareto front of
 * specific energy (with fixture, maximise) × max charge C-rate at 25 °C (maximise) × cost per
 * kWh (minimise). Each point is re-resolved and evaluated without zod: the axes are checked once
 * against the schema, then set on a copy of the validated design.
 */
import { InputError } from '../errors.js';
import { parseDesign, type Design } from './schema.js';
import { resolveDesign } from './resolve.js';
import { evaluateResolved, type DesignResult } from './evaluate.js';

export interface SweepAxis {
  path: string;
  values: number[];
}

/** Parse "path=start:stop:step" or "path=v1,v2,…". */
export function parseSweepSpec(spec: string): SweepAxis {
  const m = /^([A-Za-z0-9_.]+)=(.+)$/.exec(spec.trim());
  if (!m) throw new InputError('a sweep is "path=start:stop:step" or "path=v1,v2,…", e.g. separator.thickness_um=10:50:5', { field: '--sweep', value: spec });
  const [, path, rhs] = m;
  let values: number[];
  if (rhs.includes(':')) {
    const parts = rhs.split(':').map(Number);
    if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x))) throw new InputError('range must be start:stop:step with numbers', { field: `--sweep ${path}`, value: rhs });
    const [a, b, s] = parts;
    if (!(s > 0) || b < a) throw new InputError('need step > 0 and stop ≥ start', { field: `--sweep ${path}`, value: rhs });
    const n = Math.floor((b - a) / s + 1e-9) + 1;
    if (n > 100000) throw new InputError('too many points on one axis (> 100 000)', { field: `--sweep ${path}`, value: rhs });
    values = Array.from({ length: n }, (_, i) => +(a + i * s).toPrecision(12));
  } else {
    values = rhs.split(',').map(Number);
    if (values.some((x) => !Number.isFinite(x))) throw new InputError('values must be numbers', { field: `--sweep ${path}`, value: rhs });
  }
  return { path, values };
}

/** Fields that are alternatives: setting one removes the other. */
const ALTERNATIVES: Record<string, string> = {
  'cathode.loading_mAh_cm2': 'cathode.thickness_um',
  'cathode.thickness_um': 'cathode.loading_mAh_cm2',
  'anode.thickness_um': 'anode.excess_li_pct',
  'anode.excess_li_pct': 'anode.thickness_um',
  'anode.n_p_ratio': 'anode.thickness_um',
};

function setPath(obj: Record<string, unknown>, path: string, value: number): void {
  const keys = path.split('.');
  let o = obj;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    if (o[k] === undefined || o[k] === null || typeof o[k] !== 'object') o[k] = {};
    else o[k] = { ...(o[k] as Record<string, unknown>) };
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]] = value;
  const alt = ALTERNATIVES[path];
  if (alt) {
    const ak = alt.split('.');
    let p: Record<string, unknown> | undefined = obj;
    for (let i = 0; i < ak.length - 1 && p; i++) p = p[ak[i]] as Record<string, unknown> | undefined;
    if (p) delete p[ak[ak.length - 1]];
    if (path === 'anode.thickness_um') {
      const an = obj.anode as Record<string, unknown>;
      delete an.n_p_ratio;
    }
  }
}

/** A copy of `design` with the axis values set (no zod; the axes were checked by checkAxes). */
export function withValues(design: Design, axes: SweepAxis[], values: number[]): Design {
  const copy = { ...design } as unknown as Record<string, unknown>;
  for (let i = 0; i < axes.length; i++) setPath(copy, axes[i].path, values[i]);
  return copy as unknown as Design;
}

/**
 * Check the axes against the schema (unknown fields → "did you mean", non-numeric → error), at
 * their smallest and largest value (the schema's ranges are intervals), and the sweep's size.
 */
export function checkAxes(raw: unknown, axes: SweepAxis[], file: string): void {
  checkSweepSize(axes);
  for (const a of axes) {
    for (const x of [a.values.reduce((m, v) => Math.min(m, v)), a.values.reduce((m, v) => Math.max(m, v))]) {
      const copy = structuredClone(raw) as Record<string, unknown>;
      setPath(copy, a.path, x);
      let v: unknown = parseDesign(copy, `${file} with --sweep ${a.path}=${x}`);
      for (const k of a.path.split('.')) v = (v as Record<string, unknown> | undefined)?.[k];
      if (typeof v !== 'number') throw new InputError('a sweep axis must be a numeric field of the design', { file, field: a.path, value: v });
    }
  }
}

export interface SweepPoint {
  values: number[];
  result: DesignResult | null;
  error: string | null;
  pareto: boolean;
}

/**
 * Most designs one sweep evaluates. Every point keeps its whole result for the report, the CSV
 * and the Pareto front, ≈ 16 KB each (measured: 10 000 points, 260 MB peak against 97 MB for
 * 100) and ≈ 1 ms each: 20 000 points ≈ 0.4 GB and half a minute. (The former limit of 1 000 000
 * ran out of heap.) Measured on the project's 2-core test machine, 2026.
 */
export const MAX_SWEEP_POINTS = 20_000;

/** Throws (before any work) when the axes make more than MAX_SWEEP_POINTS combinations. */
/** The number of combinations of the axes. */
const sweepSize = (axes: SweepAxis[]): number => axes.reduce((k, a) => k * a.values.length, 1);

export function checkSweepSize(axes: SweepAxis[]): void {
  const n = sweepSize(axes);
  if (n > MAX_SWEEP_POINTS)
    throw new InputError(`${n} combinations is too many (max ${MAX_SWEEP_POINTS}: each design's results are kept for the report and the Pareto front); use coarser steps or fewer axes`, {
      field: '--sweep',
      value: axes.map((a) => `${a.path}: ${a.values.length}`).join(' × '),
    });
}

/** Evaluate every combination of the axes. Invalid combinations are kept with their error message. */
export function runSweep(design: Design, axes: SweepAxis[]): SweepPoint[] {
  const points = [...sweepPoints(design, axes)];
  markPareto(points);
  return points;
}

/** Points between two pauses of `runSweepAsync` (measured ≈ 0.16 ms each on the 2-core test machine: a pause every ≈ 20 ms; assumed prompt enough for Ctrl-C). */
const SWEEP_PAUSE_EVERY = 128;

/**
 * The same sweep in chunks: after every SWEEP_PAUSE_EVERY points it awaits `pause()` (the
 * caller's: the core imports nothing of Node), so that signal handlers run, and stops when
 * `shouldStop()` turns true. The Pareto front is that of the points evaluated; `planned` is the
 * number of combinations. Points are identical to `runSweep`'s.
 */
export async function runSweepAsync(design: Design, axes: SweepAxis[], pause: () => Promise<void>, shouldStop: () => boolean): Promise<{ points: SweepPoint[]; planned: number; complete: boolean }> {
  const planned = sweepSize(axes);
  const points: SweepPoint[] = [];
  for (const p of sweepPoints(design, axes)) {
    points.push(p);
    if (points.length % SWEEP_PAUSE_EVERY === 0) {
      await pause();
      if (shouldStop()) break;
    }
  }
  markPareto(points);
  return { points, planned, complete: points.length === planned };
}

/** Every combination of the axes, evaluated one at a time (the size is checked first). */
function* sweepPoints(design: Design, axes: SweepAxis[]): Generator<SweepPoint> {
  checkSweepSize(axes);
  const n = sweepSize(axes);
  const idx = new Array<number>(axes.length).fill(0);
  const vals = new Array<number>(axes.length);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < axes.length; i++) vals[i] = axes[i].values[idx[i]];
    let result: DesignResult | null = null;
    let error: string | null = null;
    try {
      result = evaluateResolved(resolveDesign(withValues(design, axes, vals)));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      error = e.message;
    }
    yield { values: vals.slice(), result, error, pareto: false };
    for (let i = axes.length - 1; i >= 0; i--) {
      if (++idx[i] < axes[i].values.length) break;
      idx[i] = 0;
    }
  }
}

/** Objectives: maximise Wh/kg with fixture and 25 °C max C-rate, minimise USD/kWh. */
function dominates(a: DesignResult, b: DesignResult): boolean {
  const ge = a.specific_energy_with_fixture_Wh_kg >= b.specific_energy_with_fixture_Wh_kg && a.max_charge_C_rate_25C >= b.max_charge_C_rate_25C && a.cost_USD_per_kWh <= b.cost_USD_per_kWh;
  const gt = a.specific_energy_with_fixture_Wh_kg > b.specific_energy_with_fixture_Wh_kg || a.max_charge_C_rate_25C > b.max_charge_C_rate_25C || a.cost_USD_per_kWh < b.cost_USD_per_kWh;
  return ge && gt;
}

export function markPareto(points: SweepPoint[]): void {
  const ok = points.filter((p) => p.result);
  for (const p of ok) p.pareto = !ok.some((q) => q !== p && dominates(q.result!, p.result!));
}
