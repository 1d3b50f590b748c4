/**
 * Cycler export formats recognised beyond the built-in layouts of `columns.ts` (issue 19 item 5;
 * ../shared/spec/interfaces.md "Cycler data"): Maccor, Neware, BioLogic (EC-Lab text export) and
 * Digatron. Each entry names its columns, its sign convention and, where the export starts with
 * lines before the column header, how to find the header. The importer asks this registry
 * (`recogniseCyclerFormat`, `preambleOf`) after its own layouts; a new format is one more entry.
 *
 * Layouts as published by the readers of other tools (read, not copied):
 * - Maccor ASCII export: a first line with "Date of Test:" (and "Today's Date", "Filename:"),
 *   then tab-separated columns `Cyc#`, `Step`, `Test (Min)` or `Test (Sec)`, `Amps`, `Volts`,
 *   `State`, `DPt Time`, …; `Amps` is unsigned and `State` says C (charge), D (discharge) or R
 *   (rest) (battery-data-toolkit, battdat/io/maccor.py: current negated where State is D). Newer
 *   exports name the columns `Test Time (sec)`, `Current`, `Voltage`, `Temp 1` (PyProBE,
 *   pyprobe/cyclers/maccor.py); with a `State`/`MD` column those are read the same way.
 * - Neware (BTS) CSV: `Step Index`, `Current(A)`, `Voltage(V)`, `Chg. Cap.(Ah)`, `DChg. Cap.(Ah)`,
 *   `T1(°C)`, `Total Time` as a clock time h:mm:ss (PyProBE neware.py column map); current
 *   negative on discharge (PyProBE reads it unchanged into its charge-positive convention).
 * - BioLogic EC-Lab text (.mpt): line 1 "EC-Lab ASCII FILE", line 2 "Nb header lines : N", the
 *   tab-separated column header on line N: `time/s`, `Ecell/V`, `I/mA` or `<I>/mA`, `Ns`,
 *   `Temperature/°C` (PyProBE biologic.py: skips N − 1 lines, reads the current unchanged into its
 *   charge-positive convention) → current negative on discharge.
 * - Digatron: the layout of the shared Panasonic 18650PF files, which a Digatron cycler recorded
 *   (`Time`, `Voltage`, `Current`, `Ah`, current negative on discharge), also without their
 *   `Battery_Temp_degC` column (then it is not the Panasonic layout of columns.ts). Digatron's own
 *   program-export names (e.g. a program time) were not found in a published reader: not claimed.
 */
/** The header cell and quantity shapes of columns.ts, restated here (structurally the same) so that the registry imports nothing of the importer. */
export interface HeaderColumn {
  raw: string;
  base: string;
  unit: string | null;
}
type Quantity = 'time' | 'current' | 'voltage' | 'temperature' | 'step';
type CurrentSign = 'discharge-positive' | 'discharge-negative';

export type CyclerFormatId = 'maccor' | 'neware' | 'biologic' | 'digatron';

export interface CyclerLayout {
  format: CyclerFormatId;
  currentSign: CurrentSign;
  /** Column index per quantity (−1: absent). */
  idx: Record<Quantity, number>;
  /** Units per quantity where the header carries none (or a form the generic split does not read). */
  units?: Partial<Record<Quantity, string>>;
  /** A column whose letter signs an unsigned current (Maccor `State`: D discharge +, C charge −, R rest 0). */
  state?: number;
  /** Time cells may be clock times [d-]h:mm:ss[.fff] (Neware `Total Time`). */
  clockTime?: boolean;
  /** How the sign of the current was made, for the import report. */
  signNote: string;
}

/** Decides, line by line, where the column header of a file with a preamble is. */
export interface Preamble {
  format: CyclerFormatId;
  /**
   * Called for every line from the file's first one (1-based `lineNo`): 'skip' for a preamble
   * line, 'header' for the column header, or an error text (the preamble is malformed).
   */
  line(lineNo: number, text: string): 'skip' | 'header' | { error: string };
}

export interface CyclerFormat {
  id: CyclerFormatId;
  title: string;
  /** The layout from the header line, or null when the header is not this format's. */
  recognise(header: HeaderColumn[]): CyclerLayout | null;
  /** A preamble that starts with `firstLine`, or null (the first line is the header, or not this format). */
  preamble?(firstLine: string): Preamble | null;
}

function find(header: HeaderColumn[], ...bases: string[]): number {
  for (const b of bases) {
    const i = header.findIndex((h) => h.base === b);
    if (i >= 0) return i;
  }
  return -1;
}

const NONE: Record<Quantity, number> = { time: -1, current: -1, voltage: -1, temperature: -1, step: -1 };

/** Unit only where the header has none. */
function unitIfMissing(header: HeaderColumn[], i: number, unit: string): string | undefined {
  return i >= 0 && header[i].unit === null ? unit : undefined;
}

const MACCOR: CyclerFormat = {
  id: 'maccor',
  title: 'Maccor ASCII export (unsigned Amps + State C/D/R)',
  recognise(header) {
    const state = find(header, 'state', 'md');
    const t = find(header, 'test time', 'test');
    const i = find(header, 'amps', 'current');
    const v = find(header, 'volts', 'voltage');
    if (state < 0 || t < 0 || i < 0 || v < 0 || header[t].unit === null) return null;
    const temp = find(header, 'temp 1');
    return {
      format: 'maccor',
      currentSign: 'discharge-positive',
      idx: { time: t, current: i, voltage: v, temperature: temp, step: header.findIndex((h) => h.base === 'step' && h.unit === null) },
      units: { current: unitIfMissing(header, i, 'A'), voltage: unitIfMissing(header, v, 'V'), temperature: unitIfMissing(header, temp, 'degC') },
      state,
      signNote: `Maccor: |${header[i].raw}| signed by '${header[state].raw}' (D discharge +, C charge −, R rest 0)`,
    };
  },
  preamble(firstLine) {
    if (!/(^|\t)(Today'{0,2}s Date|Date of Test:|Filename:)/i.test(firstLine)) return null;
    return {
      format: 'maccor',
      // the header is the first line that names the Maccor columns (recognised by the caller); up to 20 lines of preamble
      line: (lineNo, text) =>
        looksLikeMaccorHeader(text) ? 'header' : lineNo > 20 ? { error: 'Maccor preamble: no column header (State, Amps/Current, Volts/Voltage) in the first 20 lines' } : 'skip',
    };
  },
};

function looksLikeMaccorHeader(text: string): boolean {
  const cells = text.split(/\t|,/).map((c) => c.trim().toLowerCase());
  return cells.some((c) => c === 'state' || c === 'md') && cells.some((c) => c.startsWith('amps') || c.startsWith('current')) && cells.some((c) => c.startsWith('volts') || c.startsWith('voltage'));
}

const NEWARE: CyclerFormat = {
  id: 'neware',
  title: 'Neware BTS export (Total Time h:mm:ss, Current(A) negative on discharge)',
  recognise(header) {
    const t = find(header, 'total time');
    const i = find(header, 'current');
    const v = find(header, 'voltage');
    const sig = find(header, 'chg. cap.', 'dchg. cap.', 'step index');
    if (t < 0 || i < 0 || v < 0 || sig < 0) return null;
    const temp = find(header, 't1');
    return {
      format: 'neware',
      currentSign: 'discharge-negative',
      idx: { time: t, current: i, voltage: v, temperature: temp, step: find(header, 'step index') },
      units: { time: unitIfMissing(header, t, 's'), current: unitIfMissing(header, i, 'A'), voltage: unitIfMissing(header, v, 'V'), temperature: unitIfMissing(header, temp, 'degC') },
      clockTime: true,
      signNote: 'Neware: current negative on discharge (PyProBE neware.py convention), negated',
    };
  },
};

/** BioLogic names carry their unit after the last '/': `time/s`, `<I>/mA`, `Temperature/°C`. */
function slashSplit(raw: string): { base: string; unit: string | null } {
  const k = raw.lastIndexOf('/');
  if (k <= 0 || k === raw.length - 1) return { base: raw.trim().toLowerCase(), unit: null };
  return { base: raw.slice(0, k).trim().toLowerCase(), unit: raw.slice(k + 1).trim() };
}

const BIOLOGIC: CyclerFormat = {
  id: 'biologic',
  title: 'BioLogic EC-Lab text export (.mpt: time/s, Ecell/V, I/mA)',
  recognise(header) {
    const sp = header.map((h) => slashSplit(h.raw));
    const at = (...bases: string[]) => {
      for (const b of bases) {
        const i = sp.findIndex((s) => s.base === b && s.unit !== null);
        if (i >= 0) return i;
      }
      return -1;
    };
    const t = at('time');
    const i = at('<i>', 'i');
    const v = at('ecell', 'ewe');
    if (t < 0 || i < 0 || v < 0) return null;
    const temp = at('temperature');
    const ns = sp.findIndex((s) => s.base === 'ns' && s.unit === null);
    return {
      format: 'biologic',
      currentSign: 'discharge-negative',
      idx: { time: t, current: i, voltage: v, temperature: temp, step: ns },
      units: { time: sp[t].unit!, current: sp[i].unit!, voltage: sp[v].unit!, ...(temp >= 0 ? { temperature: sp[temp].unit! } : {}) },
      signNote: 'BioLogic: current positive on charge (oxidation at the working electrode), negated',
    };
  },
  preamble(firstLine) {
    if (!/^\s*(EC-Lab|BT-Lab)[^\t]*ASCII FILE/i.test(firstLine)) return null;
    let headerLine = 0;
    return {
      format: 'biologic',
      line: (lineNo, text) => {
        if (lineNo === 1) return 'skip';
        if (lineNo === 2) {
          const m = /^\s*Nb header lines\s*:\s*(\d+)\s*$/i.exec(text);
          if (!m || Number(m[1]) < 3) return { error: `BioLogic text export: line 2 must read 'Nb header lines : N' (N ≥ 3), found '${text.slice(0, 80)}'` };
          headerLine = Number(m[1]);
          return 'skip';
        }
        return lineNo < headerLine ? 'skip' : 'header';
      },
    };
  },
};

const DIGATRON: CyclerFormat = {
  id: 'digatron',
  title: 'Digatron export as in the shared Panasonic files (Time, Voltage, Current, Ah; current negative on discharge)',
  recognise(header) {
    const t = header.findIndex((h) => h.base === 'time' && h.unit === null);
    const i = header.findIndex((h) => h.base === 'current' && h.unit === null);
    const v = header.findIndex((h) => h.base === 'voltage' && h.unit === null);
    const ah = header.findIndex((h) => h.base === 'ah' && h.unit === null);
    if (t < 0 || i < 0 || v < 0 || ah < 0) return null;
    return {
      format: 'digatron',
      currentSign: 'discharge-negative',
      idx: { ...NONE, time: t, current: i, voltage: v, step: find(header, 'step') },
      units: { time: 's', current: 'A', voltage: 'V' },
      signNote: 'Digatron: current negative on discharge (as the Panasonic 18650PF files), negated',
    };
  },
};

/** The registry: tried in this order after the layouts of columns.ts. */
export const CYCLER_FORMATS: readonly CyclerFormat[] = [MACCOR, NEWARE, BIOLOGIC, DIGATRON];

/** The first cycler format whose columns the header has, or null. */
export function recogniseCyclerFormat(header: HeaderColumn[]): CyclerLayout | null {
  for (const f of CYCLER_FORMATS) {
    const l = f.recognise(header);
    if (l) return l;
  }
  return null;
}

/** The preamble rule of a file whose first non-blank line is `firstLine`, or null (that line is the header). */
export function preambleOf(firstLine: string): Preamble | null {
  for (const f of CYCLER_FORMATS) {
    const p = f.preamble?.(firstLine) ?? null;
    if (p) return p;
  }
  return null;
}

/** Sign of the current per state letter (char code): D discharge +1, C charge −1, R rest 0; NaN for any other letter. */
export function stateSignTable(): Float64Array {
  const t = new Float64Array(128).fill(Number.NaN);
  t['D'.charCodeAt(0)] = 1;
  t['C'.charCodeAt(0)] = -1;
  t['R'.charCodeAt(0)] = 0;
  return t;
}
