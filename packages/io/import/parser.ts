/**
 * The byte-level CSV row parser behind `streamMeasured`.
 *
 * Hand-written on purpose: the import must run well above 2 M rows/s (the estimation pipeline's
 * target is ≥ 2 M rows/s for import + estimate), and the project's rule is "use libraries except
 * for numerics that must be fast". Generic CSV libraries build a string (and usually an array or
 * object) per cell and per row, which caps them far below that. This parser works on the raw
 * bytes of each stream buffer: it finds line ends with `Buffer.indexOf`, walks the fields of a
 * line once, skips unused columns without decoding them, and parses the used ones straight from
 * the bytes into preallocated `Float64Array`s, with no per-row allocation.
 *
 * Number parsing: sign, digits, one decimal point, optional exponent. With at most 15
 * significant digits and a decimal exponent of at most 22 in magnitude, mantissa × 10^e (or
 * ÷ 10^−e) is correctly rounded (both operands are exact doubles: Clinger's fast path), so the
 * result equals `Number(text)` exactly; longer mantissas and larger exponents fall back to
 * `Number()` on the cell text. Anything else (empty cell, `NaN`, text) is an error.
 */
import { InputError } from '../../core/errors.js';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

const NL = 10;
const CR = 13;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

/** Roles of the used columns (index into `RowParser.values`). */
export const ROLE_TIME = 0;
export const ROLE_CURRENT = 1;
export const ROLE_VOLTAGE = 2;
export const ROLE_TEMP = 3;
export const ROLE_STEP = 4;
/** A one-letter state cell (Maccor `State`: C, D, R); `values[ROLE_STATE]` holds its char code. */
export const ROLE_STATE = 5;
const ROLE_NAMES = ['time', 'current', 'voltage', 'temperature', 'step', 'state'];

export interface RowParserConfig {
  file: string;
  delimiter: number;
  /** Accept ',' as the decimal separator (semicolon-delimited files). */
  decimalComma: boolean;
  /** Role per field index (−1: unused), length = number of header fields. */
  roles: Int8Array;
  /** Header name per field (for messages). */
  names: string[];
  /** The time cells may be clock times [d-]h:mm:ss[.fff] (Neware `Total Time`); plain numbers still read. */
  clockTime?: boolean;
}

/**
 * Parses the data lines of a buffer. `values[role]` holds the last row's raw (file-unit) values.
 * Throws InputError naming file, line, column and text for a bad cell or a short row.
 */
export class RowParser {
  readonly values = new Float64Array(6);
  private pos = 0;
  private readonly clock: boolean;
  private readonly delim: number;
  private readonly decimalComma: boolean;
  private readonly roles: Int8Array;
  private readonly nFields: number;
  private readonly lastUsed: number;

  constructor(private readonly cfg: RowParserConfig) {
    this.delim = cfg.delimiter;
    this.decimalComma = cfg.decimalComma;
    this.roles = cfg.roles;
    this.nFields = cfg.roles.length;
    this.clock = cfg.clockTime ?? false;
    let last = -1;
    for (let i = 0; i < cfg.roles.length; i++) if (cfg.roles[i] >= 0) last = i;
    this.lastUsed = last;
  }

  /**
   * Parses one line [s, e) (without the '\n'). Returns false for a blank line (skipped),
   * true when `values` holds a row.
   */
  parseLine(buf: Buffer, s: number, e: number, lineNo: number): boolean {
    if (e > s && buf[e - 1] === CR) e--;
    if (e === s) return false;
    const c0 = buf[s];
    if (c0 === SPACE || c0 === TAB) {
      let k = s;
      while (k < e && (buf[k] === SPACE || buf[k] === TAB)) k++;
      if (k === e) return false;
    }
    const roles = this.roles;
    const delim = this.delim;
    const lastUsed = this.lastUsed;
    let p = s;
    let field = 0;
    for (;;) {
      const role = field < roles.length ? roles[field] : -1;
      if (role >= 0) {
        const v = role === ROLE_STATE ? this.parseLetter(buf, p, e) : role === ROLE_TIME && this.clock ? this.parseClock(buf, p, e) : this.parseNumber(buf, p, e);
        if (Number.isNaN(v)) this.badCell(buf, p, e, lineNo, field, role);
        this.values[role] = v;
        p = this.pos;
      } else if (field > lastUsed && this.nFields <= field + 1) {
        // the last header field and beyond: nothing more to read, only to check the row is not short
        field = this.nFields - 1;
        break;
      } else if (buf[p] === QUOTE) {
        p = this.skipQuoted(buf, p, e);
      } else {
        while (p < e && buf[p] !== delim) p++;
      }
      if (p >= e) break;
      p++; // the delimiter
      field++;
    }
    if (field + 1 < this.nFields) {
      throw new InputError(`line ${lineNo}: ${field + 1} field(s), the header has ${this.nFields}`, { file: this.cfg.file });
    }
    return true;
  }

  /** Index after a quoted field starting at p (at the delimiter or e). */
  private skipQuoted(buf: Buffer, p: number, e: number): number {
    p++;
    while (p < e) {
      if (buf[p] === QUOTE) {
        if (p + 1 < e && buf[p + 1] === QUOTE) p += 2;
        else {
          p++;
          break;
        }
      } else p++;
    }
    while (p < e && buf[p] !== this.delim) p++;
    return p;
  }

  /**
   * Parses a number from p up to the next delimiter or e; leaves `pos` at that delimiter (or e).
   * Returns NaN if the cell is not a number (the caller reports it).
   */
  private parseNumber(buf: Buffer, p: number, e: number): number {
    // buf[e] exists and is '\r' or '\n' (the caller's line end), so the digit loops need no bounds
    // check: they stop at it like at any other non-digit
    const delim = this.delim;
    let c = buf[p];
    while (c === SPACE || (c === TAB && delim !== TAB)) c = buf[++p];
    let quoted = false;
    if (c === QUOTE) {
      quoted = true;
      c = buf[++p];
    }
    const start = p;
    let neg = false;
    if (c === 45 /* - */) {
      neg = true;
      c = buf[++p];
    } else if (c === 43 /* + */) c = buf[++p];
    let mant = 0;
    let sig = 0; // significant digits in mant
    let digits = 0;
    let exp10 = 0;
    let slow = false;
    while (c >= 48 && c <= 57) {
      if (sig < 15) {
        mant = mant * 10 + (c - 48);
        if (mant !== 0) sig++;
      } else {
        slow = true;
        exp10++;
      }
      digits++;
      c = buf[++p];
    }
    if (c === 46 /* . */ || (c === 44 && this.decimalComma)) {
      c = buf[++p];
      while (c >= 48 && c <= 57) {
        if (sig < 15) {
          mant = mant * 10 + (c - 48);
          if (mant !== 0) sig++;
          exp10--;
        } else slow = true;
        digits++;
        c = buf[++p];
      }
    }
    if (digits === 0 || p > e) return this.fail(buf, p, e);
    if (c === 101 || c === 69 /* e E */) {
      c = buf[++p];
      let eneg = false;
      if (c === 45) {
        eneg = true;
        c = buf[++p];
      } else if (c === 43) c = buf[++p];
      let ex = 0;
      let ed = 0;
      while (c >= 48 && c <= 57) {
        if (ex < 100000) ex = ex * 10 + (c - 48);
        ed++;
        c = buf[++p];
      }
      if (ed === 0 || p > e) return this.fail(buf, p, e);
      exp10 += eneg ? -ex : ex;
    }
    const end = p;
    if (quoted) {
      if (c !== QUOTE || p >= e) return this.fail(buf, p, e);
      c = buf[++p];
    }
    while (p < e && (c === SPACE || (c === TAB && delim !== TAB))) c = buf[++p];
    if (p < e && c !== delim) return this.fail(buf, p, e);
    this.pos = p;
    if (slow || exp10 > 22 || exp10 < -22) {
      let text = buf.toString('latin1', start, end);
      if (this.decimalComma) text = text.replace(',', '.');
      const v = Number(text);
      return Number.isFinite(v) ? v : NaN;
    }
    const v = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
    return neg ? -v : v;
  }

  /** A cell holding one letter (optionally quoted or blank-padded): its upper-case char code, NaN otherwise. */
  private parseLetter(buf: Buffer, p: number, e: number): number {
    const delim = this.delim;
    let q = p;
    while (q < e && buf[q] !== delim) q++;
    this.pos = q;
    const text = buf
      .toString('latin1', p, q)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim();
    return /^[A-Za-z]$/.test(text) ? text.toUpperCase().charCodeAt(0) : NaN;
  }

  /**
   * A clock time [d-]h:mm:ss[.fff] or [d.]h:mm:ss (days before '-' or '.') → seconds; a plain
   * number is read as seconds. Slower than `parseNumber` (a string per cell): only for exports that
   * write clock times.
   */
  private parseClock(buf: Buffer, p: number, e: number): number {
    const delim = this.delim;
    let q = p;
    while (q < e && buf[q] !== delim) q++;
    this.pos = q;
    const text = buf
      .toString('latin1', p, q)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim();
    const m = /^(?:(\d+)[-.])?(\d+):([0-5]?\d):([0-5]?\d(?:\.\d+)?)$/.exec(text);
    if (m) return (m[1] ? Number(m[1]) * 86400 : 0) + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
    if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return NaN;
    return Number(text);
  }

  private fail(buf: Buffer, p: number, e: number): number {
    while (p < e && buf[p] !== this.delim) p++;
    this.pos = p;
    return NaN;
  }

  private badCell(buf: Buffer, p: number, e: number, lineNo: number, field: number, role: number): never {
    let q = p;
    if (buf[q] === QUOTE) q = this.skipQuoted(buf, q, e);
    else while (q < e && buf[q] !== this.delim) q++;
    const text = buf.toString('utf8', p, q).trim();
    const what = text === '' ? 'empty cell' : `not a number: '${text}'`;
    throw new InputError(`line ${lineNo}: ${what} in column '${this.cfg.names[field]}' (${ROLE_NAMES[role]})`, { file: this.cfg.file, field: this.cfg.names[field], value: text });
  }
}

/** Splits a header line into cells (quote-aware), removing quotes and surrounding blanks. */
export function splitHeader(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inQ = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQ) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else inQ = false;
      } else cur += ch;
    } else if (ch === '"') inQ = true;
    else if (ch === delimiter) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** The delimiter of a header line: the most frequent of tab, semicolon, comma outside quotes. */
export function detectDelimiter(line: string): string {
  const counts: Record<string, number> = { '\t': 0, ';': 0, ',': 0 };
  let inQ = false;
  for (const ch of line) {
    if (ch === '"') inQ = !inQ;
    else if (!inQ && ch in counts) counts[ch]++;
  }
  let best = ',';
  for (const d of ['\t', ';', ',']) if (counts[d] > counts[best]) best = d;
  return best;
}

export { NL };
