/**
 * What kind of cycler test a file holds, from its current alone, to catch files given in the
 * wrong place (`ssb fit --ocv` with an HPPC file and the other way round) before a fit fails with
 * a message about the symptom. An OCV test is a slow low-current discharge (C/20 to C/25 for
 * hours); an HPPC test is a series of short current pulses (10–30 s, USABC/INL HPPC manual
 * INL/EXT-15-34184) between rests and SoC steps.
 */
import type { MeasuredSeries } from '../data/measured.js';

/** A run of current above this fraction of the file's largest |current| counts as a load period. */
const LOAD_FRACTION = 0.2;
/** Longest period counted as a pulse [s] (HPPC pulses are 10–30 s). */
const PULSE_MAX_S = 60;
/** A load period at least this long is a slow (OCV-test) discharge [s]: C/20 lasts ≈ 20 h. */
const SLOW_MIN_S = 2 * 3600;

export interface TestKind {
  kind: 'ocv' | 'pulses' | 'other';
  /** Load periods of at most PULSE_MAX_S. */
  pulses: number;
  /** Largest |current| of the file [A]. */
  maxCurrent_A: number;
  /** The longest load period [s] and its mean |current| [A]. */
  longest_s: number;
  longestCurrent_A: number;
}

export function classifyTest(s: MeasuredSeries): TestKind {
  const I = s.current_A;
  const t = s.time_s;
  const n = s.length;
  let max = 0;
  for (let k = 0; k < n; k++) if (Math.abs(I[k]) > max) max = Math.abs(I[k]);
  const thr = LOAD_FRACTION * max;
  let pulses = 0;
  let longest_s = 0;
  let longestCurrent_A = 0;
  let k = 0;
  while (k < n) {
    if (!(Math.abs(I[k]) > thr)) {
      k++;
      continue;
    }
    const s0 = k;
    const sign = Math.sign(I[k]);
    let sum = Math.abs(I[k]);
    while (k + 1 < n && Math.abs(I[k + 1]) > thr && Math.sign(I[k + 1]) === sign) sum += Math.abs(I[++k]);
    const d = t[k] - t[s0];
    if (d <= PULSE_MAX_S) pulses++;
    if (d > longest_s) {
      longest_s = d;
      longestCurrent_A = sum / (k - s0 + 1);
    }
    k++;
  }
  const kind = longest_s >= SLOW_MIN_S ? 'ocv' : pulses >= 3 && longest_s < 3600 ? 'pulses' : 'other';
  return { kind, pulses, maxCurrent_A: max, longest_s, longestCurrent_A };
}

const describe = (k: TestKind): string =>
  k.kind === 'pulses'
    ? `${k.pulses} current pulses of up to ${k.maxCurrent_A.toFixed(2)} A, none longer than ${Math.max(1, Math.round(k.longest_s / 60))} min`
    : `a ${(k.longest_s / 3600).toFixed(1)} h discharge at ${k.longestCurrent_A.toFixed(3)} A, no pulses`;

/**
 * Why the OCV and HPPC files look swapped or misplaced (the message names what each looks like),
 * or null when the OCV file is not a pulse test and no HPPC file is a slow discharge.
 */
export function fitInputsProblem(ocv: MeasuredSeries, hppc: readonly MeasuredSeries[]): { which: 'ocv' | number; message: string } | null {
  const o = classifyTest(ocv);
  const h = hppc.map(classifyTest);
  const slowHppc = h.findIndex((k) => k.kind === 'ocv' && k.pulses < 3);
  const swapHint = 'did you swap --ocv and --hppc?';
  if (o.kind === 'pulses') {
    const also = slowHppc >= 0 ? `, and the --hppc file looks like an OCV test (${describe(h[slowHppc])})` : '';
    return {
      which: 'ocv',
      message: `the --ocv file looks like an HPPC test (${describe(o)})${also}; an OCV test is a slow low-current discharge (C/20 for ≈ 20 h)${slowHppc >= 0 ? `: ${swapHint}` : ''}`,
    };
  }
  if (slowHppc >= 0) return { which: slowHppc, message: `the --hppc file looks like an OCV test (${describe(h[slowHppc])}); an HPPC test has current pulses of 10–30 s: ${swapHint}` };
  return null;
}
