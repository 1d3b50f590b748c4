/**
 * Test-protocol step strings in the PyBaMM `Experiment` grammar (Sulzer et al., "Python Battery
 * Mathematical Modelling (PyBaMM)", J. Open Res. Softw. 9 (2021) 14; pybamm.Experiment docs):
 *
 *   step      := head [clause]*
 *   head      := ("Discharge" | "Charge") "at" (current | C-rate | power) | "Discharge at" resistance
 *              | "Rest" | "Hold at" voltage | "Run" NAME ["(" VARIANT ")"]
 *   clause    := "for" duration | ["or"] "until" limit ("or" ["until"] limit)*
 *              | "at" temperature | "(" duration "period" ")"
 *   current   := N ("A" | "mA");  C-rate := N "C" | "C/" N;  power := N ("W" | "kW" | "mW")
 *   resistance := N ("Ohm" | "mOhm")  (a resistive load across the terminals, as PyBaMM's "Discharge at 2 Ohm")
 *   voltage   := N ("V" | "mV");  limit := voltage | current | C-rate
 *   duration  := N ("s" | "sec" | "second(s)" | "min" | "minute(s)" | "h" | "hr" | "hour(s)")
 *   temperature := N ("oC" | "°C" | "degC" | "K")
 *
 * Keywords and units are case-insensitive; a number and its unit may be written together (`1C`,
 * `4.2V`, `-10oC`). For "Run NAME (X)", PyBaMM reads X as the quantity of the profile's values
 * (A current, V voltage, W power); it is kept as `variant`. Magnitudes are stored positive in SI
 * (A, W, V, s, K); direction comes from `action`.
 */
import { InputError } from '../errors.js';
import { celsiusProblem, ZERO_C_K } from '../units/index.js';

export type StepTermination = { kind: 'voltage'; value_V: number } | { kind: 'current'; value_A: number } | { kind: 'crate'; value_C: number };

export interface ProtocolStep {
  text: string;
  action: 'discharge' | 'charge' | 'rest' | 'hold' | 'run';
  /** Control quantity; sign convention: magnitudes here, direction from `action`. */
  control:
    | { kind: 'current'; value_A: number }
    | { kind: 'crate'; value_C: number }
    | { kind: 'power'; value_W: number }
    | { kind: 'resistance'; value_ohm: number }
    | { kind: 'voltage'; value_V: number }
    | { kind: 'none' }
    | { kind: 'profile'; name: string; variant?: string };
  /** null = until termination only (or, for Run, the profile's own length). */
  duration_s: number | null;
  until: StepTermination[];
  temp_K: number | null;
  period_s: number | null;
}

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

const NUM = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
/** Longest step quoted with a caret line under the offending word [characters] (assumed: one terminal line). */
const MAX_QUOTED_STEP_CHARS = 120;
const NUMBER_RE = new RegExp(`^${NUM}$`);
const NUMBER_UNIT_RE = new RegExp(`^(${NUM})([a-zA-Z°]+)$`);
const C_FRACTION_RE = new RegExp(`^[cC]/(${NUM})$`);

const CURRENT_UNITS: Record<string, number> = { a: 1, ma: 1e-3 };
const POWER_UNITS: Record<string, number> = { w: 1, kw: 1e3, mw: 1e-3 };
const VOLTAGE_UNITS: Record<string, number> = { v: 1, mv: 1e-3 };
const RESISTANCE_UNITS: Record<string, number> = { ohm: 1, mohm: 1e-3 };
const TIME_UNITS: Record<string, number> = {
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
};
const CELSIUS_UNITS = new Set(['oc', '°c', 'degc']);

type Quantity = { value: number; unit: string; first: Token; last: Token };

class StepParser {
  private i = 0;
  private readonly tokens: Token[];

  constructor(private readonly text: string) {
    this.tokens = [...text.matchAll(/\(|\)|[^\s()]+/g)].map((m) => ({
      text: m[0],
      lower: m[0].toLowerCase(),
      start: m.index ?? 0,
      end: (m.index ?? 0) + m[0].length,
    }));
  }

  /** InputError quoting the step with a caret line under the offending word(s) (or the end of the step). */
  fail(reason: string, from?: Token, to: Token | undefined = from): never {
    const start = from ? from.start : this.text.length;
    const end = to ? to.end : this.text.length + 1;
    const value = from ? this.text.slice(start, end) : '(end of step)';
    // a step too long to read on one line is not quoted (the value, cut to a readable length, names the word)
    if (this.text.length > MAX_QUOTED_STEP_CHARS) throw new InputError(reason, { field: 'step', value });
    const shown = this.text.replace(/[\t\r\n]/g, ' ');
    const caret = ' '.repeat(start) + '^'.repeat(Math.max(1, end - start));
    throw new InputError(`${reason}\n  ${shown}\n  ${caret}`, { field: 'step', value });
  }

  peek(k = 0): Token | undefined {
    return this.tokens[this.i + k];
  }
  next(): Token | undefined {
    return this.tokens[this.i++];
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }

  expectWord(word: string, what: string): void {
    const t = this.next();
    if (!t || t.lower !== word) this.fail(`expected '${word}' ${what}`, t);
  }

  /** A number with a unit: "2 A", "2A", "C/20" (unit 'c'). */
  quantity(what: string): Quantity {
    const first = this.next();
    if (!first) return this.fail(`expected ${what}`);
    const frac = C_FRACTION_RE.exec(first.text);
    if (frac) {
      const d = Number(frac[1]);
      if (!(d > 0) || !Number.isFinite(d)) this.fail(`C/N needs N > 0`, first);
      return { value: 1 / d, unit: 'c', first, last: first };
    }
    const joined = NUMBER_UNIT_RE.exec(first.text);
    if (joined) return { value: Number(joined[1]), unit: joined[2].toLowerCase(), first, last: first };
    if (NUMBER_RE.test(first.text)) {
      const unit = this.next();
      if (!unit || unit.text === '(' || unit.text === ')') return this.fail(`expected a unit after ${first.text} (${what})`, unit);
      return { value: Number(first.text), unit: unit.lower, first, last: unit };
    }
    return this.fail(`expected ${what}`, first);
  }

  positive(q: Quantity, what: string): number {
    if (!(q.value > 0) || !Number.isFinite(q.value)) this.fail(`${what} must be a positive number`, q.first, q.last);
    return q.value;
  }

  control(action: 'discharge' | 'charge'): ProtocolStep['control'] {
    const what = action === 'discharge' ? 'a current (A, mA), C-rate (1C, C/20), power (W, kW) or load resistance (Ohm, mOhm)' : 'a current (A, mA), C-rate (1C, C/20) or power (W, kW)';
    const q = this.quantity(what);
    if (q.unit === 'c') return { kind: 'crate', value_C: this.positive(q, `${action} C-rate`) };
    if (q.unit in CURRENT_UNITS) return { kind: 'current', value_A: this.positive(q, `${action} current`) * CURRENT_UNITS[q.unit] };
    if (q.unit in POWER_UNITS) return { kind: 'power', value_W: this.positive(q, `${action} power`) * POWER_UNITS[q.unit] };
    if (q.unit in RESISTANCE_UNITS) {
      if (action === 'charge') this.fail('a resistance load can only discharge (Discharge at 5 mOhm)', q.first, q.last);
      return { kind: 'resistance', value_ohm: this.positive(q, 'load resistance') * RESISTANCE_UNITS[q.unit] };
    }
    return this.fail(`unknown unit '${q.unit}': expected ${what}`, q.last);
  }

  voltage(): number {
    const q = this.quantity('a voltage (V, mV)');
    if (!(q.unit in VOLTAGE_UNITS)) this.fail(`expected a voltage (V, mV), got unit '${q.unit}'`, q.last);
    return this.positive(q, 'voltage') * VOLTAGE_UNITS[q.unit];
  }

  duration(what: string): number {
    const q = this.quantity(`a ${what} (s, min, h)`);
    if (!(q.unit in TIME_UNITS)) this.fail(`expected a time unit (s, seconds, min, minutes, h, hours), got '${q.unit}'`, q.last);
    return this.positive(q, what) * TIME_UNITS[q.unit];
  }

  limit(): StepTermination {
    const q = this.quantity('a limit: voltage (V, mV), current (A, mA) or C-rate (C/20)');
    if (q.unit in VOLTAGE_UNITS) return { kind: 'voltage', value_V: this.positive(q, 'voltage limit') * VOLTAGE_UNITS[q.unit] };
    if (q.unit in CURRENT_UNITS) return { kind: 'current', value_A: this.positive(q, 'current limit') * CURRENT_UNITS[q.unit] };
    if (q.unit === 'c') return { kind: 'crate', value_C: this.positive(q, 'C-rate limit') };
    return this.fail(`unknown limit unit '${q.unit}': expected V, mV, A, mA or C`, q.last);
  }

  temperature(): number {
    const q = this.quantity('a temperature (oC, °C, degC, K)');
    if (!Number.isFinite(q.value)) this.fail('temperature must be a number', q.first, q.last);
    let temp_K: number;
    if (CELSIUS_UNITS.has(q.unit)) temp_K = q.value + ZERO_C_K;
    else if (q.unit === 'k') temp_K = q.value;
    else return this.fail(`expected a temperature unit (oC, °C, degC, K), got '${q.unit}'`, q.last);
    if (!(temp_K > 0)) this.fail('temperature must be above absolute zero', q.first, q.last);
    // the chamber temperature of a step: the range of every °C setting (units/index.ts)
    const problem = CELSIUS_UNITS.has(q.unit) ? celsiusProblem(q.value) : celsiusProblem(temp_K - ZERO_C_K)?.replace(/:.*$/, '');
    if (problem) this.fail(problem, q.first, q.last);
    return temp_K;
  }

  parse(): ProtocolStep {
    const head = this.next();
    if (!head) return this.fail('empty step: expected Discharge, Charge, Rest, Hold or Run');
    let action: ProtocolStep['action'];
    let control: ProtocolStep['control'];
    switch (head.lower) {
      case 'discharge':
      case 'charge':
        action = head.lower;
        this.expectWord('at', `after '${head.text}'`);
        control = this.control(action);
        break;
      case 'rest':
        action = 'rest';
        control = { kind: 'none' };
        break;
      case 'hold':
        action = 'hold';
        this.expectWord('at', `after '${head.text}'`);
        control = { kind: 'voltage', value_V: this.voltage() };
        break;
      case 'run': {
        action = 'run';
        const name = this.next();
        if (!name || !/^[A-Za-z0-9_.-]+$/.test(name.text)) return this.fail('expected a profile name after Run', name);
        control = { kind: 'profile', name: name.text };
        const v = this.peek(1);
        if (this.peek()?.text === '(' && v && !NUMBER_RE.test(v.text) && !NUMBER_UNIT_RE.test(v.text) && this.peek(2)?.text === ')') {
          control.variant = v.text;
          this.i += 3;
        }
        break;
      }
      default:
        return this.fail('expected Discharge, Charge, Rest, Hold or Run', head);
    }

    let duration_s: number | null = null;
    const until: StepTermination[] = [];
    let temp_K: number | null = null;
    let period_s: number | null = null;
    while (!this.done()) {
      const t = this.next() as Token;
      if (t.lower === 'for') {
        if (duration_s !== null) this.fail('duration given twice', t);
        duration_s = this.duration('duration');
      } else if (t.lower === 'until') {
        until.push(this.limit());
      } else if (t.lower === 'or') {
        if (this.peek()?.lower === 'until') {
          this.i++;
          until.push(this.limit());
        } else if (until.length > 0) until.push(this.limit());
        else this.fail(`expected 'until' after 'or'`, t);
      } else if (t.lower === 'at') {
        if (temp_K !== null) this.fail('temperature given twice', t);
        temp_K = this.temperature();
      } else if (t.text === '(') {
        if (period_s !== null) this.fail('period given twice', t);
        period_s = this.duration('period');
        this.expectWord('period', `in "(N seconds period)"`);
        this.expectWord(')', 'to close the period');
      } else {
        this.fail(`unexpected '${t.text}': expected 'for', 'until', 'or until', 'at <T> oC' or '(<N> seconds period)'`, t);
      }
    }
    if (action !== 'run' && duration_s === null && until.length === 0) {
      this.fail(`'${head.text}' needs a duration ("for 1 hour") or a limit ("until 4.2 V")`);
    }
    if (action === 'rest' && until.some((u) => u.kind !== 'voltage')) this.fail('a rest can only end on a voltage limit', head);
    return { text: this.text, action, control, duration_s, until, temp_K, period_s };
  }
}

/** Parses one step; InputError (field 'step') quotes the step with a caret under the offending word. */
export function parseStep(text: string): ProtocolStep {
  if (typeof text !== 'string') throw new InputError('a step must be a string', { field: 'step', value: text });
  return new StepParser(text).parse();
}

/** Parses a list of steps; an error names the step number (1-based). */
export function parseProtocol(steps: string[]): ProtocolStep[] {
  if (!Array.isArray(steps)) throw new InputError('a protocol is a list of step strings', { field: 'steps', value: steps });
  return steps.map((s, k) => {
    try {
      return parseStep(s);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(e.message, { file: `step ${k + 1}` });
      throw e;
    }
  });
}

function formatLimit(u: StepTermination): string {
  switch (u.kind) {
    case 'voltage':
      return `${u.value_V} V`;
    case 'current':
      return `${u.value_A} A`;
    case 'crate':
      return `${u.value_C}C`;
  }
}

/** Canonical string for a step (SI units: A, W, V, seconds, K); `parseStep(formatStep(s))` reproduces every number. */
export function formatStep(s: Omit<ProtocolStep, 'text'>): string {
  let out: string;
  const c = s.control;
  switch (s.action) {
    case 'discharge':
    case 'charge': {
      const word = s.action === 'discharge' ? 'Discharge' : 'Charge';
      if (c.kind === 'current') out = `${word} at ${c.value_A} A`;
      else if (c.kind === 'crate') out = `${word} at ${c.value_C}C`;
      else if (c.kind === 'power') out = `${word} at ${c.value_W} W`;
      else if (c.kind === 'resistance') out = `${word} at ${c.value_ohm} Ohm`;
      else throw new InputError(`${s.action} needs a current, C-rate or power control`, { field: 'control', value: c.kind });
      break;
    }
    case 'rest':
      out = 'Rest';
      break;
    case 'hold':
      if (c.kind !== 'voltage') throw new InputError('hold needs a voltage control', { field: 'control', value: c.kind });
      out = `Hold at ${c.value_V} V`;
      break;
    case 'run':
      if (c.kind !== 'profile') throw new InputError('run needs a profile control', { field: 'control', value: c.kind });
      out = `Run ${c.name}` + (c.variant !== undefined ? ` (${c.variant})` : '');
      break;
  }
  if (s.duration_s !== null) out += ` for ${s.duration_s} seconds`;
  s.until.forEach((u, k) => {
    out += (k === 0 ? (s.duration_s !== null ? ' or until ' : ' until ') : ' or ') + formatLimit(u);
  });
  if (s.temp_K !== null) out += ` at ${s.temp_K} K`;
  if (s.period_s !== null) out += ` (${s.period_s} seconds period)`;
  return out;
}
