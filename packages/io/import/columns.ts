/**
 * Column recognition for measured files: header parsing (names with units in parentheses,
 * square brackets or after " / "), the known layouts (Panasonic 18650PF, Arbin, Battery Data
 * Format) and the explicit mapping given by `--columns`, and unit → SI conversion.
 */
import { InputError } from '../../core/errors.js';
import { didYouMean } from '../../core/suggest.js';
import type { ImportInfo, MeasuredFormat } from '../../core/data/index.js';
import { recogniseCyclerFormat } from './formats/index.js';

export type Quantity = 'time' | 'current' | 'voltage' | 'temperature' | 'step';
export const QUANTITIES: readonly Quantity[] = ['time', 'current', 'voltage', 'temperature', 'step'];
export type CurrentSign = 'discharge-positive' | 'discharge-negative';
export type ColumnMap = { time?: string; current?: string; voltage?: string; temperature?: string; step?: string };

/** One header cell split into its name and unit. */
export interface HeaderColumn {
  /** The header text as in the file (quotes and surrounding blanks removed). */
  raw: string;
  /** Lower case, `_` and runs of blanks → one space, without the unit part. */
  base: string;
  /** Unit as written (`mA`, `degC`, `°C`), or null when the header carries none. */
  unit: string | null;
}

/** What the parser needs for one used column. */
export interface ColumnUse {
  index: number;
  header: string;
  unit: string;
  /** SI value = file value × scale + offset (scale includes the current sign). */
  scale: number;
  offset: number;
}

export interface Recognised {
  format: MeasuredFormat;
  currentSign: CurrentSign;
  time: ColumnUse;
  current: ColumnUse;
  voltage: ColumnUse;
  temperature: ColumnUse | null;
  step: ColumnUse | null;
  /** A column whose letter signs an unsigned current (Maccor `State`), or null. */
  state: ColumnUse | null;
  /** Time cells may be clock times h:mm:ss (Neware `Total Time`). */
  clockTime: boolean;
  /** How the current's sign was made, for the report (cycler formats of formats/index.ts), or null. */
  signNote: string | null;
  warnings: string[];
}

const UNIT_RE = /^(.*?)\s*(?:\(([^()]*)\)|\[([^[\]]*)\])\s*$/;
const SLASH_RE = /^(.*?)\s+\/\s+(\S.*)$/;

export function normaliseName(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();
}

/** Splits `Current(A)`, `Current (A)`, `I[mA]`, `Current / A` into name and unit. */
export function splitUnit(text: string): { name: string; unit: string | null } {
  const t = text.trim();
  let m = UNIT_RE.exec(t);
  if (m && m[1].trim() !== '') return { name: m[1].trim(), unit: (m[2] ?? m[3]).trim() };
  m = SLASH_RE.exec(t);
  if (m) return { name: m[1].trim(), unit: m[2].trim() };
  return { name: t, unit: null };
}

export function parseHeader(cells: string[]): HeaderColumn[] {
  return cells.map((raw) => {
    const { name, unit } = splitUnit(raw);
    return { raw, base: normaliseName(name), unit };
  });
}

type UnitTable = Record<string, [scale: number, offset: number]>;
const UNITS: Record<Exclude<Quantity, 'step'>, UnitTable> = {
  time: {
    s: [1, 0],
    sec: [1, 0],
    secs: [1, 0],
    second: [1, 0],
    seconds: [1, 0],
    ms: [1e-3, 0],
    min: [60, 0],
    mins: [60, 0],
    minute: [60, 0],
    minutes: [60, 0],
    h: [3600, 0],
    hr: [3600, 0],
    hrs: [3600, 0],
    hour: [3600, 0],
    hours: [3600, 0],
  },
  current: { a: [1, 0], ma: [1e-3, 0], ua: [1e-6, 0], µa: [1e-6, 0] },
  voltage: { v: [1, 0], mv: [1e-3, 0] },
  temperature: { c: [1, 273.15], degc: [1, 273.15], '°c': [1, 273.15], ºc: [1, 273.15], '℃': [1, 273.15], 'deg c': [1, 273.15], celsius: [1, 273.15], k: [1, 0], kelvin: [1, 0] },
};
const UNIT_HELP: Record<Exclude<Quantity, 'step'>, string> = {
  time: 's, ms, min, h',
  current: 'A, mA, uA',
  voltage: 'V, mV',
  temperature: 'C, degC, °C, K',
};
const DEFAULT_UNIT: Record<Exclude<Quantity, 'step'>, string> = { time: 's', current: 'A', voltage: 'V', temperature: 'degC' };

/** Scale and offset from a unit to SI for a quantity; InputError for an unknown unit. */
export function unitToSI(q: Exclude<Quantity, 'step'>, unit: string, column: string, file: string): [number, number] {
  const key = unit.trim().toLowerCase().replace(/\s+/g, ' ');
  // 'A' vs 'a', 'V' vs 'v' are unambiguous for these quantities; 'mA' ≠ 'MA' is not a concern (no mega-amperes)
  const hit = UNITS[q][key];
  if (!hit) throw new InputError(`unknown ${q} unit '${unit}' in column '${column}' (known: ${UNIT_HELP[q]})`, { file, field: column, value: unit });
  return hit;
}

function use(q: Quantity, header: HeaderColumn[], index: number, file: string, unitOverride: string | null, warnings: string[], sign = 1): ColumnUse {
  const h = header[index];
  if (q === 'step') return { index, header: h.raw, unit: '1', scale: 1, offset: 0 };
  let unit = unitOverride ?? h.unit;
  if (unit === null) {
    unit = DEFAULT_UNIT[q];
    if (q === 'temperature') warnings.push(`temperature column '${h.raw}' has no unit; assumed °C`);
  }
  const [scale, offset] = unitToSI(q, unit, h.raw, file);
  return { index, header: h.raw, unit, scale: scale * sign, offset };
}

function find(header: HeaderColumn[], ...bases: string[]): number {
  for (const b of bases) {
    const i = header.findIndex((h) => h.base === b);
    if (i >= 0) return i;
  }
  return -1;
}

interface Layout {
  format: Exclude<MeasuredFormat, 'mapped'>;
  currentSign: CurrentSign;
  idx: Record<Quantity, number>;
  /** Units implied by the layout when the header has none (Panasonic names carry no unit). */
  units?: Partial<Record<Quantity, string>>;
  /** Cycler formats (formats/index.ts): a state column signing the current, clock times, the sign note. */
  state?: number;
  clockTime?: boolean;
  signNote?: string;
}

/** Recognises the known layouts from the header alone; null if none fits. */
export function recogniseLayout(header: HeaderColumn[]): Layout | null {
  // Panasonic 18650PF (Kollmeyer, Mendeley Data doi:10.17632/wykht8y7tg.1): current negative on
  // discharge; Battery_Temp_degC is the case thermocouple; Chamber_Temp_degC is ignored.
  const pTime = header.findIndex((h) => h.base === 'time' && h.unit === null);
  const pTemp = find(header, 'battery temp degc');
  if (pTime >= 0 && pTemp >= 0) {
    const pI = header.findIndex((h) => h.base === 'current' && h.unit === null);
    const pV = header.findIndex((h) => h.base === 'voltage' && h.unit === null);
    if (pI >= 0 && pV >= 0) {
      return {
        format: 'panasonic',
        currentSign: 'discharge-negative',
        idx: { time: pTime, current: pI, voltage: pV, temperature: pTemp, step: -1 },
        units: { time: 's', current: 'A', voltage: 'V', temperature: 'degC' },
      };
    }
  }
  // Battery Data Format (battery-data-alliance): "Quantity / unit" labels. Sign: BDF defines
  // charging_capacity_ah = (1/3600)∫max(I, 0)dt and net_capacity_ah = (1/3600)∫I dt "increases
  // during charge intervals" (BDF ontology 1.0.0, docs/pages/specification.rst in
  // github.com/battery-data-alliance/battery-data-format-ontology), i.e. current is positive on
  // charge → discharge-negative. Temperature: "Surface Temperature T1 / degC" (1.0) or
  // "Temperature T1 / degC" (earlier labels). Step: "Step ID" (1.0, the program step, Arbin's
  // Step_Index); earlier files wrote the program step as "Step Index / 1".
  const isSlash = (i: number) => i >= 0 && / \/ /.test(header[i].raw);
  const bTime = find(header, 'test time');
  if (isSlash(bTime)) {
    const bI = find(header, 'current');
    const bV = find(header, 'voltage');
    if (isSlash(bI) && isSlash(bV)) {
      return {
        format: 'bdf',
        currentSign: 'discharge-negative',
        idx: { time: bTime, current: bI, voltage: bV, temperature: find(header, 'surface temperature t1', 'temperature t1', 'surface temperature'), step: find(header, 'step id', 'step index') },
      };
    }
  }
  // Arbin exports: Test_Time(s), Step_Index, Current(A), Voltage(V), Charge_Capacity(Ah), …,
  // Aux_Temperature_1(C); current positive on charge → discharge-negative.
  const aI = find(header, 'current');
  const aV = find(header, 'voltage');
  const arbinOnly = find(header, 'step index', 'charge capacity', 'discharge capacity', 'data point');
  if (bTime >= 0 && aI >= 0 && aV >= 0 && arbinOnly >= 0 && !isSlash(bTime)) {
    return { format: 'arbin', currentSign: 'discharge-negative', idx: { time: bTime, current: aI, voltage: aV, temperature: find(header, 'aux temperature 1'), step: find(header, 'step index') } };
  }
  // Maccor, Neware, BioLogic, Digatron: the registry of formats/index.ts
  return recogniseCyclerFormat(header);
}

/** Finds the header column named by a `--columns` value (exact, then case/blank-insensitive, then by name without unit). */
function findMapped(header: HeaderColumn[], value: string, q: Quantity, file: string): { index: number; unit: string | null } {
  const v = value.trim();
  let i = header.findIndex((h) => h.raw === v);
  if (i >= 0) return { index: i, unit: null };
  const norm = normaliseName(v).replace(/\s*([([])/g, '$1');
  i = header.findIndex((h) => normaliseName(h.raw).replace(/\s*([([])/g, '$1') === norm);
  if (i >= 0) return { index: i, unit: null };
  // "I[mA]" → column "I" with unit mA (the bracket gives the unit of a header that has none or overrides it)
  const { name, unit } = splitUnit(v);
  if (unit !== null) {
    const base = normaliseName(name);
    i = header.findIndex((h) => h.raw === name || normaliseName(h.raw) === base || h.base === base);
    if (i >= 0) return { index: i, unit };
  }
  throw new InputError(`--columns ${q}=${value}: no such column; the columns are: ${header.map((h) => h.raw).join(', ')}`, { file, field: q, value });
}

export function unrecognisedMessage(header: HeaderColumn[]): string {
  return (
    `unrecognised column layout; columns found: ${header.map((h) => `'${h.raw}'`).join(', ')}. ` +
    `Known layouts: Panasonic 18650PF (Time, Voltage, Current, Battery_Temp_degC), Arbin (Test_Time(s), Current(A), Voltage(V), Step_Index), ` +
    `Battery Data Format (Test Time / s, Current / A, Voltage / V), Maccor (Test (Sec), Amps, Volts, State), Neware (Total Time, Current(A), Voltage(V), Step Index), ` +
    `BioLogic EC-Lab text (time/s, I/mA, Ecell/V), Digatron (Time, Voltage, Current, Ah). Give the mapping, e.g. ` +
    `--columns time=…,current=…,voltage=…,temperature=… (units in brackets if the header has none: current=I[mA]) ` +
    `and --current-sign discharge-positive|discharge-negative`
  );
}

/**
 * The columns to read and their conversion to SI, from the header and the options.
 * A mapping with time, current and voltage makes the format 'mapped' (and needs `currentSign`);
 * a partial mapping overrides single columns of a recognised layout.
 */
export function resolveColumns(header: HeaderColumn[], file: string, columns: ColumnMap | undefined, currentSign: CurrentSign | undefined): Recognised {
  const warnings: string[] = [];
  const given = columns ? QUANTITIES.filter((q) => columns[q] !== undefined && columns[q] !== '') : [];
  const full = given.includes('time') && given.includes('current') && given.includes('voltage');
  const layout = full ? null : recogniseLayout(header);
  if (!full && !layout) {
    const missing = given.length ? ` (the mapping lacks ${['time', 'current', 'voltage'].filter((q) => !given.includes(q as Quantity)).join(', ')})` : '';
    throw new InputError(unrecognisedMessage(header) + missing, { file });
  }
  let sign: CurrentSign;
  if (layout?.state !== undefined) {
    sign = layout.currentSign;
    if (currentSign) warnings.push(`--current-sign ${currentSign} ignored: the ${layout.format} column '${header[layout.state].raw}' signs the current`);
  } else if (layout) {
    sign = currentSign ?? layout.currentSign;
    if (currentSign && currentSign !== layout.currentSign) warnings.push(`--current-sign ${currentSign} overrides the ${layout.format} convention (${layout.currentSign})`);
  } else {
    if (!currentSign)
      throw new InputError('a --columns mapping needs --current-sign discharge-positive|discharge-negative (the sign of the current while the cell discharges)', { file, field: 'current-sign' });
    sign = currentSign;
  }
  const idx: Record<Quantity, number> = layout ? { ...layout.idx } : { time: -1, current: -1, voltage: -1, temperature: -1, step: -1 };
  const unitOverride: Record<Quantity, string | null> = { time: null, current: null, voltage: null, temperature: null, step: null };
  if (layout?.units) for (const q of QUANTITIES) unitOverride[q] = layout.units[q] ?? null;
  for (const q of given) {
    const m = findMapped(header, columns![q]!, q, file);
    idx[q] = m.index;
    unitOverride[q] = m.unit;
  }
  const signFactor = sign === 'discharge-negative' ? -1 : 1;
  const mk = (q: Quantity, s = 1) => (idx[q] >= 0 ? use(q, header, idx[q], file, unitOverride[q], warnings, s) : null);
  const seen = new Map<number, Quantity>();
  for (const q of QUANTITIES) {
    if (idx[q] < 0) continue;
    const other = seen.get(idx[q]);
    if (other) throw new InputError(`column '${header[idx[q]].raw}' is mapped to both ${other} and ${q}`, { file, field: q, value: header[idx[q]].raw });
    seen.set(idx[q], q);
  }
  return {
    format: layout ? layout.format : 'mapped',
    currentSign: sign,
    time: mk('time')!,
    current: mk('current', signFactor)!,
    voltage: mk('voltage')!,
    temperature: mk('temperature'),
    step: mk('step'),
    state: layout?.state !== undefined ? { index: layout.state, header: header[layout.state].raw, unit: '1', scale: 1, offset: 0 } : null,
    clockTime: layout?.clockTime ?? false,
    signNote: layout?.signNote ?? null,
    warnings,
  };
}

export function describeColumns(r: Recognised): ImportInfo['columns'] {
  const d = (u: ColumnUse | null) => (u ? `${u.header} [${u.unit}]` : null);
  return { time: d(r.time)!, current: d(r.current)!, voltage: d(r.voltage)!, temperature: d(r.temperature), step: r.step ? r.step.header : null };
}

/** Parses `time=Test_Time(s),current=Current(A),voltage=Voltage(V),temperature=Aux_Temperature_1(C)`. */
export function parseColumnsFlag(flag: string): ColumnMap {
  const out: ColumnMap = {};
  const text = flag.trim();
  if (!text) throw new InputError('empty --columns (expected time=…,current=…,voltage=…[,temperature=…][,step=…])', { field: 'columns', value: flag });
  // split on commas that start a new "key=" pair, so header names may contain commas
  const parts = text.split(/,(?=\s*(?:time|current|voltage|temperature|step)\s*=)/i);
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new InputError(`--columns: '${part}' is not key=column (keys: ${QUANTITIES.join(', ')})`, { field: 'columns', value: flag });
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (!(QUANTITIES as readonly string[]).includes(key))
      throw new InputError(`--columns: unknown key '${key}'${didYouMean(key, QUANTITIES)} (keys: ${QUANTITIES.join(', ')})`, { field: 'columns', value: flag });
    if (!value) throw new InputError(`--columns: empty column name for '${key}'`, { field: 'columns', value: flag });
    if (out[key as Quantity] !== undefined) throw new InputError(`--columns: '${key}' given twice`, { field: 'columns', value: flag });
    out[key as Quantity] = value;
  }
  return out;
}
