/**
 * US EPA dynamometer driving schedules (UDDS, HWFET, US06, NYCC …) as speed traces.
 *
 * File format, as the EPA publishes it (https://www.epa.gov/vehicle-and-fuel-emissions-testing/dynamometer-drive-schedules):
 * a title line (`UDDS.TXT<TAB>Urban Dynamometer Driving Schedule`), a column header line
 * (`Test Time, secs<TAB>Target Speed, mph`, sometimes quoted), then one `time<TAB>speed` row per
 * second, CRLF line ends. Time in s, target speed in mph (1 mph = 0.44704 m/s exactly).
 */
import { InputError } from '../errors.js';
import { mphToMs } from '../units/index.js';
import { defineRegistry, type RegistryEntry } from '../registry.js';

export interface DriveCycleEntry extends RegistryEntry {
  /** File name in the EPA folder (the io layer knows the folder: $SSB_EPA_DIR or ../shared/data/epa-drive-cycles). */
  readonly file: string;
}

/**
 * The EPA schedules a scenario can name (`drive: [UDDS]`, `Run US06` in a protocol), case-insensitive;
 * any other name is a path to an EPA-format file. Descriptions: the title line of each EPA file.
 */
export const DRIVE_CYCLE_REGISTRY = defineRegistry('EPA drive cycle', [
  { name: 'UDDS', description: 'Urban Dynamometer Driving Schedule (city)', file: 'udds.txt' },
  { name: 'HWFET', description: 'Highway Fuel Economy Test', file: 'hwfet.txt' },
  { name: 'US06', description: 'US06 Supplemental FTP Driving Schedule (aggressive, high speed)', file: 'us06.txt' },
  { name: 'NYCC', description: 'New York City Cycle (low-speed stop-and-go)', file: 'nycc.txt' },
]);

/** The EPA schedule of a name written in any case, or undefined (then the name is a file path). */
export function findDriveCycle(name: string): DriveCycleEntry | undefined {
  return DRIVE_CYCLE_REGISTRY.find(name.toUpperCase());
}

/** A speed trace: strictly increasing `time_s` [s] and non-negative `speed_m_s` [m/s]. */
export interface SpeedTrace {
  name: string;
  time_s: Float64Array;
  speed_m_s: Float64Array;
}

const NUMBER_RE = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Parses an EPA schedule. Up to two leading non-numeric lines are headers (the first gives the
 * name: the text after the tab, else the whole line); every later non-empty line must be
 * `time<TAB or spaces>speed_mph`. Throws InputError naming `source:line`, the field and the value.
 */
export function parseEpaSchedule(text: string, source: string): SpeedTrace {
  const lines = text.split(/\r\n|\n|\r/);
  const headers: string[] = [];
  const time: number[] = [];
  const speed: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const where = `${source}:${lineNo}`;
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split(/\t|\s+/).filter((f) => f !== '');
    const numeric = fields.length >= 1 && NUMBER_RE.test(fields[0]);
    if (time.length === 0 && !numeric) {
      if (headers.length >= 2) {
        throw new InputError('expected a "time<TAB>speed" row after the title and header lines', { file: where, field: 'row', value: line });
      }
      headers.push(line);
      continue;
    }
    if (fields.length !== 2) {
      throw new InputError(`expected 2 columns (time s, speed mph), found ${fields.length}`, { file: where, field: 'row', value: line });
    }
    const t = NUMBER_RE.test(fields[0]) ? Number(fields[0]) : NaN;
    const v = NUMBER_RE.test(fields[1]) ? Number(fields[1]) : NaN;
    if (!Number.isFinite(t)) throw new InputError('time is not a number', { file: where, field: 'time_s', value: fields[0] });
    if (!Number.isFinite(v) || v < 0) {
      throw new InputError('speed must be a non-negative number (mph)', { file: where, field: 'speed_mph', value: fields[1] });
    }
    if (time.length > 0 && t <= time[time.length - 1]) {
      throw new InputError(`time must increase (previous row ${time[time.length - 1]} s)`, { file: where, field: 'time_s', value: t });
    }
    time.push(t);
    speed.push(mphToMs(v));
  }
  if (time.length < 2) throw new InputError('a speed trace needs at least 2 rows', { file: source, field: 'rows', value: time.length });
  const title = headers[0] ?? source;
  const tab = title.indexOf('\t');
  const name = (tab >= 0 ? title.slice(tab + 1) : title).trim() || title.trim();
  return { name, time_s: Float64Array.from(time), speed_m_s: Float64Array.from(speed) };
}

/** Duration t_end − t_start [s]. */
/**
 * The time resolution of a trace [s]: its median sample interval (1 s for the EPA schedules). A
 * drive stepped longer than this averages the trace's speed and acceleration away.
 */
export function traceResolution_s(t: SpeedTrace): number {
  const n = t.time_s.length;
  if (n < 2) return Infinity;
  const dt = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) dt[i - 1] = t.time_s[i] - t.time_s[i - 1];
  dt.sort();
  return dt[(n - 1) >> 1];
}

export function traceDuration_s(t: SpeedTrace): number {
  return t.time_s[t.time_s.length - 1] - t.time_s[0];
}

/** Distance [m] = ∫ v dt, trapezoidal rule (exact for the piecewise-linear speed of `sampleTrace`). */
export function traceDistance_m(t: SpeedTrace): number {
  let d = 0;
  for (let i = 1; i < t.time_s.length; i++) d += 0.5 * (t.speed_m_s[i] + t.speed_m_s[i - 1]) * (t.time_s[i] - t.time_s[i - 1]);
  return d;
}

/** Distance [m] the trace covers from `from_s` to `to_s` (trace time, clamped to the trace; exact for its piecewise-linear speed). */
export function traceDistanceBetween_m(t: SpeedTrace, from_s: number, to_s: number): number {
  const n = t.time_s.length;
  const a = Math.max(from_s, t.time_s[0]);
  const b = Math.min(to_s, t.time_s[n - 1]);
  if (!(b > a)) return 0;
  let d = 0;
  let t0 = a;
  let v0 = sampleTrace(t, a).speed_m_s;
  for (let i = segmentIndex(t, a) + 1; i < n && t.time_s[i] < b; i++) {
    d += 0.5 * (v0 + t.speed_m_s[i]) * (t.time_s[i] - t0);
    t0 = t.time_s[i];
    v0 = t.speed_m_s[i];
  }
  return d + 0.5 * (v0 + sampleTrace(t, b).speed_m_s) * (b - t0);
}

/** Index i of the segment [t_i, t_{i+1}] containing time_s (binary search; time_s inside the trace). */
function segmentIndex(t: SpeedTrace, time_s: number): number {
  let lo = 0;
  let hi = t.time_s.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (t.time_s[mid] <= time_s) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Speed [m/s] and acceleration [m/s²] at time t (linear interpolation of speed; acceleration = slope of the segment), clamped.
 * Before the start / after the end the trace holds its first / last speed with zero acceleration.
 * At a knot the later segment's slope is used (the last segment at t_end).
 */
export function sampleTrace(t: SpeedTrace, time_s: number): { speed_m_s: number; accel_m_s2: number } {
  if (Number.isNaN(time_s)) throw new InputError('time is NaN', { field: 'time_s', value: time_s });
  const n = t.time_s.length;
  if (time_s < t.time_s[0]) return { speed_m_s: t.speed_m_s[0], accel_m_s2: 0 };
  if (time_s > t.time_s[n - 1]) return { speed_m_s: t.speed_m_s[n - 1], accel_m_s2: 0 };
  const i = segmentIndex(t, time_s);
  const t0 = t.time_s[i];
  const t1 = t.time_s[i + 1];
  const v0 = t.speed_m_s[i];
  const v1 = t.speed_m_s[i + 1];
  const accel_m_s2 = (v1 - v0) / (t1 - t0);
  return { speed_m_s: v0 + accel_m_s2 * (time_s - t0), accel_m_s2 };
}

/**
 * Concatenates traces (e.g. UDDS then HWFET). Each trace is shifted to start `gap_s` after the
 * previous one ends; across a gap the speed is linearly interpolated (idle at 0 when both ends are
 * at rest, as the EPA schedules are). With gap_s = 0 a repeated junction point (same speed) is
 * merged; a speed jump at the junction is an InputError.
 */
export function concatTraces(name: string, traces: SpeedTrace[], gap_s = 0): SpeedTrace {
  if (traces.length === 0) throw new InputError('no traces to concatenate', { field: 'traces', value: 0 });
  if (!Number.isFinite(gap_s) || gap_s < 0) throw new InputError('gap must be a finite number ≥ 0 s', { field: 'gap_s', value: gap_s });
  const time: number[] = [];
  const speed: number[] = [];
  for (const tr of traces) {
    let offset = -tr.time_s[0];
    let start = 0;
    if (time.length > 0) {
      offset = time[time.length - 1] + gap_s - tr.time_s[0];
      if (gap_s === 0) {
        if (tr.speed_m_s[0] !== speed[speed.length - 1]) {
          throw new InputError(`traces do not join: '${tr.name}' starts at ${tr.speed_m_s[0]} m/s, the previous one ends at ${speed[speed.length - 1]} m/s; give a gap`, {
            field: 'traces',
            value: tr.name,
          });
        }
        start = 1;
      }
    }
    for (let i = start; i < tr.time_s.length; i++) {
      time.push(tr.time_s[i] + offset);
      speed.push(tr.speed_m_s[i]);
    }
  }
  return { name, time_s: Float64Array.from(time), speed_m_s: Float64Array.from(speed) };
}
