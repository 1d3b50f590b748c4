/**
 * Streaming import of measured time series (cycler exports, drive-cycle logs) from CSV or gzip
 * CSV into the project's conventions (`packages/core/data/measured.ts`: columnar, SI, current
 * positive on discharge).
 *
 * Recognised by header: the Panasonic 18650PF files as published, Arbin exports and the Battery
 * Data Format (BDF); anything else through an explicit column mapping (`--columns`) and
 * current sign (`--current-sign`). See `columns.ts` for the layouts and units.
 *
 * The file is read through a stream (gunzipped when it starts with the gzip magic bytes
 * 0x1f 0x8b, whatever its name) and parsed line by line into preallocated `Float64Array` chunks
 * by a hand-written byte parser (`parser.ts`, written for speed: well above 2 M rows/s).
 * Delimiter (comma, semicolon, tab) from the header line; quoted headers and cells; CRLF; blank
 * lines skipped; semicolon files may use a decimal comma.
 *
 * Data checks: a row whose time repeats the previous row's is dropped (counted in
 * `repeatedTimeRows`); time going backwards, a non-numeric or empty cell in a used column
 * (including `NaN` temperatures) and a short row are InputErrors naming the file, the 1-based
 * line, the column and the text. Cells of unused columns are not read (Panasonic's Chamber
 * temperature may read `NaN`). Gaps longer than the gap threshold are reported, not filled.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../core/errors.js';
import { celsiusProblem, ZERO_C_K } from '../../core/units/index.js';
import type { ImportInfo, MeasuredChunk, MeasuredFormat, MeasuredSeries } from '../../core/data/index.js';
import { describeColumns, parseColumnsFlag as parseColumnsFlagImpl, parseHeader, resolveColumns, type Recognised } from './columns.js';
import { RowParser, detectDelimiter, splitHeader, ROLE_CURRENT, ROLE_STATE, ROLE_STEP, ROLE_TEMP, ROLE_TIME, ROLE_VOLTAGE } from './parser.js';
import { preambleOf, stateSignTable, type Preamble } from './formats/index.js';

export interface ImportOptions {
  /**
   * Explicit mapping, e.g. parsed from `--columns`; each value is a header name, optionally with
   * a unit in square brackets (`current=I[mA]`) when the header carries none or a wrong one.
   * With time, current and voltage the format is 'mapped' and `currentSign` is required; a
   * partial mapping overrides single columns of a recognised layout.
   */
  columns?: { time?: string; current?: string; voltage?: string; temperature?: string; step?: string };
  /** Sign of the file's current while discharging; a recognised layout has its own default. */
  currentSign?: 'discharge-positive' | 'discharge-negative';
  /** Rows per chunk (default 65536). */
  chunkRows?: number;
  /**
   * Time steps longer than this are reported as gaps [s]. Default: 10 × the median sampling
   * period of the file (or 10 × the median of its first 1000 periods if that is larger).
   */
  gapThreshold_s?: number;
}

export type { ImportInfo, MeasuredChunk, MeasuredSeries, MeasuredFormat };

export const DEFAULT_CHUNK_ROWS = 65536;
const THRESHOLD_SAMPLE = 1000;
const MAX_CANDIDATES = 100_000;
const MAX_GAPS = 20;
const DT_SAMPLE_CAP = 1 << 16;

/**
 * Streams a measured file: `chunks` yields `MeasuredChunk`s of up to `chunkRows` rows (fresh
 * arrays for every chunk; the consumer may keep them), `info` resolves with the complete
 * `ImportInfo` once `chunks` has been consumed to the end (rejects with the same error if the
 * import fails; if the consumer stops early, it resolves with the rows seen so far and a
 * warning). Nothing is read before iteration starts; iterate once.
 */
export function streamMeasured(file: string, opts: ImportOptions = {}): { info: Promise<ImportInfo>; chunks: AsyncIterable<MeasuredChunk> } {
  let settle!: (r: ImportInfo | Error) => void;
  const info = new Promise<ImportInfo>((resolve, reject) => {
    settle = (r) => (r instanceof Error ? reject(r) : resolve(r));
  });
  info.catch(() => {}); // the iterator throws the same error; an unobserved `info` must not crash the process
  let started = false;
  const chunks: AsyncIterable<MeasuredChunk> = {
    [Symbol.asyncIterator]() {
      if (started) throw new Error('streamMeasured: chunks can be iterated once');
      started = true;
      return generate(file, opts, settle);
    },
  };
  return { info, chunks };
}

/** Reads a whole file into one `MeasuredSeries` (for small files: characterisation tests). */
export async function readMeasured(file: string, opts?: ImportOptions): Promise<{ series: MeasuredSeries; info: ImportInfo }> {
  const { info, chunks } = streamMeasured(file, opts);
  const parts: MeasuredChunk[] = [];
  for await (const c of chunks) parts.push(c);
  const n = parts.reduce((a, c) => a + c.length, 0);
  const hasT = parts.length > 0 && parts[0].temp_K !== null;
  const hasS = parts.length > 0 && parts[0].step !== null;
  const series: MeasuredSeries = {
    length: n,
    time_s: new Float64Array(n),
    current_A: new Float64Array(n),
    voltage_V: new Float64Array(n),
    temp_K: hasT ? new Float64Array(n) : null,
    step: hasS ? new Int32Array(n) : null,
    line: new Float64Array(n),
  };
  let k = 0;
  for (const c of parts) {
    series.time_s.set(c.time_s.subarray(0, c.length), k);
    series.current_A.set(c.current_A.subarray(0, c.length), k);
    series.voltage_V.set(c.voltage_V.subarray(0, c.length), k);
    if (series.temp_K && c.temp_K) series.temp_K.set(c.temp_K.subarray(0, c.length), k);
    if (series.step && c.step) series.step.set(c.step.subarray(0, c.length), k);
    series.line.set(c.line.subarray(0, c.length), k);
    k += c.length;
  }
  return { series, info: await info };
}

/** Parses `time=Test_Time(s),current=Current(A),voltage=Voltage(V),temperature=Aux_Temperature_1(C)`. */
export function parseColumnsFlag(flag: string): ImportOptions['columns'] {
  return parseColumnsFlagImpl(flag);
}

async function isGzip(file: string): Promise<boolean> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a folder, not a file' : `cannot open: ${(e as Error).message}`, { file });
  }
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return bytesRead === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

async function* generate(file: string, opts: ImportOptions, settle: (r: ImportInfo | Error) => void): AsyncGenerator<MeasuredChunk, void, undefined> {
  let imp: Importer | null = null;
  let finished = false;
  try {
    const chunkRows = opts.chunkRows ?? DEFAULT_CHUNK_ROWS;
    if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new InputError('chunkRows must be a positive integer', { field: 'chunkRows', value: chunkRows });
    if (opts.gapThreshold_s !== undefined && !(opts.gapThreshold_s > 0)) throw new InputError('gapThreshold_s must be > 0', { field: 'gapThreshold_s', value: opts.gapThreshold_s });
    const gz = await isGzip(file);
    imp = new Importer(file, opts, chunkRows, gz);
    const raw = createReadStream(file, { highWaterMark: 1 << 20 });
    const src = gz ? raw.pipe(createGunzip()) : raw;
    if (gz) raw.on('error', (e) => src.destroy(e));
    let leftover: Buffer | null = null;
    try {
      for await (const b of src as AsyncIterable<Buffer>) {
        let p = 0;
        if (leftover) {
          // complete the line split across buffers without copying the whole new buffer
          const nl = b.indexOf(10);
          if (nl < 0) {
            leftover = Buffer.concat([leftover, b]);
            continue;
          }
          yield* drain(imp, Buffer.concat([leftover, b.subarray(0, nl + 1)]), 0);
          p = nl + 1;
        }
        p = yield* drain(imp, b, p);
        leftover = p < b.length ? Buffer.from(b.subarray(p)) : null;
      }
    } catch (e) {
      if (e instanceof InputError) throw e;
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (gz && code.startsWith('Z_')) throw new InputError(`corrupt gzip data: ${(e as Error).message}`, { file });
      throw e;
    }
    if (leftover?.length) yield* drain(imp, Buffer.concat([leftover, Buffer.from('\n')]), 0);
    if (imp.pending() > 0) yield imp.flush();
    const info = imp.finish();
    finished = true;
    settle(info);
  } catch (e) {
    finished = true;
    settle(e as Error);
    throw e;
  } finally {
    if (!finished) {
      // the consumer stopped early (break / return)
      if (imp?.hasHeader()) {
        const info = imp.finish(true);
        info.warnings.push(`import stopped early by the consumer after ${info.rows} rows`);
        settle(info);
      } else settle(new Error('import stopped before the header was read'));
    }
  }
}

/** Parses the complete lines of `data` from p, yielding every chunk that fills; returns the position after the last complete line. */
function* drain(imp: Importer, data: Buffer, p: number): Generator<MeasuredChunk, number, undefined> {
  for (;;) {
    p = imp.consume(data, p);
    if (!imp.full()) return p;
    yield imp.flush();
  }
}

/** Decimating sample of the sampling periods (every k-th, k doubling when full) for the median. */
class DtSample {
  private readonly buf = new Float64Array(DT_SAMPLE_CAP);
  private len = 0;
  private stride = 1;
  private skip = 0;
  add(dt: number): void {
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    if (this.len === DT_SAMPLE_CAP) {
      for (let i = 0; i < DT_SAMPLE_CAP / 2; i++) this.buf[i] = this.buf[2 * i];
      this.len = DT_SAMPLE_CAP / 2;
      this.stride *= 2;
    }
    this.buf[this.len++] = dt;
    this.skip = this.stride - 1;
  }
  median(): number {
    return median(this.buf.subarray(0, this.len));
  }
}

/** Median (mean of the two middle values for an even count) by quickselect on a copy; NaN if empty. */
function median(a: Float64Array): number {
  const n = a.length;
  if (n === 0) return NaN;
  const w = Float64Array.from(a);
  const hi = select(w, n >> 1);
  if (n % 2) return hi;
  let lo = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (w[i] > lo) lo = w[i]; // after select, w[0 .. n/2−1] ≤ w[n/2]
  return 0.5 * (lo + hi);
}

/** k-th smallest of w (Hoare partition quickselect, middle pivot); reorders w. */
function select(w: Float64Array, k: number): number {
  let l = 0;
  let r = w.length - 1;
  while (l < r) {
    const pivot = w[(l + r) >> 1];
    let i = l;
    let j = r;
    while (i <= j) {
      while (w[i] < pivot) i++;
      while (w[j] > pivot) j--;
      if (i <= j) {
        const t = w[i];
        w[i] = w[j];
        w[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return w[k];
  }
  return w[k];
}

/** Parsing state of one file: header, current chunk, time checks, statistics. */
class Importer {
  private lineNo = 0;
  private rec: Recognised | null = null;
  private parser: RowParser | null = null;
  private delimiter: ',' | ';' | '\t' = ',';
  private cap: number;
  private n = 0;
  private T!: Float64Array;
  private I!: Float64Array;
  private V!: Float64Array;
  private K: Float64Array | null = null;
  private S: Int32Array | null = null;
  private L!: Float64Array;
  private tScale = 1;
  private tOffset = 0;
  private iScale = 1;
  private vScale = 1;
  private kScale = 1;
  private kOffset = 0;
  private prevT = -Infinity;
  private prevLine = 0;
  /** Sign per state letter (Maccor State column), or null when the current carries its own sign. */
  private stateSign: Float64Array | null = null;
  /** Lines before the column header (formats/index.ts), decided on the first non-blank line; undefined: not decided yet. */
  private preamble: Preamble | null | undefined = undefined;
  private rows = 0;
  private repeated = 0;
  private firstT = NaN;
  // statistics (at flush)
  private lastFlushedT = NaN;
  private readonly dts = new DtSample();
  private threshold: number | null;
  /** Gap candidates [start s, dt s] while the threshold is not fixed yet. */
  private readonly candT: number[] = [];
  private readonly candDt: number[] = [];
  private candFloor: number | null = null;
  private readonly gaps: Array<[number, number]> = [];
  private gapCount = 0;

  constructor(
    private readonly file: string,
    private readonly opts: ImportOptions,
    chunkRows: number,
    private readonly gz: boolean,
  ) {
    this.cap = chunkRows;
    this.threshold = opts.gapThreshold_s ?? null;
  }

  hasHeader(): boolean {
    return this.rec !== null;
  }
  full(): boolean {
    return this.n >= this.cap;
  }
  pending(): number {
    return this.n;
  }

  private header(text: string): void {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (this.preamble === undefined) {
      if (text.trim() === '') return; // blank lines before the header
      if (text.includes('\u0000')) throw new InputError('line 1: binary data, not a text (CSV) file', { file: this.file });
      this.preamble = preambleOf(text);
    }
    if (this.preamble) {
      // an export with lines before its column header (BioLogic's count on line 2, Maccor's date lines)
      const d = this.preamble.line(this.lineNo, text);
      if (d === 'skip') return;
      if (typeof d === 'object') throw new InputError(`line ${this.lineNo}: ${d.error}`, { file: this.file });
    }
    if (text.trim() === '') return;
    const delim = detectDelimiter(text) as ',' | ';' | '\t';
    const cells = splitHeader(text, delim);
    const header = parseHeader(cells);
    const rec = resolveColumns(header, this.file, this.opts.columns, this.opts.currentSign);
    const roles = new Int8Array(cells.length).fill(-1);
    roles[rec.time.index] = ROLE_TIME;
    roles[rec.current.index] = ROLE_CURRENT;
    roles[rec.voltage.index] = ROLE_VOLTAGE;
    if (rec.temperature) roles[rec.temperature.index] = ROLE_TEMP;
    if (rec.step) roles[rec.step.index] = ROLE_STEP;
    if (rec.state) {
      roles[rec.state.index] = ROLE_STATE;
      this.stateSign = stateSignTable();
    }
    this.rec = rec;
    this.delimiter = delim;
    this.parser = new RowParser({ file: this.file, delimiter: delim.charCodeAt(0), decimalComma: delim === ';', roles, names: cells, clockTime: rec.clockTime });
    this.tScale = rec.time.scale;
    this.tOffset = rec.time.offset;
    this.iScale = rec.current.scale;
    this.vScale = rec.voltage.scale;
    if (rec.temperature) {
      this.kScale = rec.temperature.scale;
      this.kOffset = rec.temperature.offset;
    }
    this.alloc();
  }

  private alloc(): void {
    const c = this.cap;
    this.T = new Float64Array(c);
    this.I = new Float64Array(c);
    this.V = new Float64Array(c);
    this.K = this.rec!.temperature ? new Float64Array(c) : null;
    this.S = this.rec!.step ? new Int32Array(c) : null;
    this.L = new Float64Array(c);
    this.n = 0;
  }

  /** Parses complete lines from `data` starting at p until the chunk is full; returns the new position. */
  consume(data: Buffer, p: number): number {
    if (this.parser === null) {
      p = this.consumeHeader(data, p);
      if (this.parser === null) return p;
    }
    return this.consumeRows(data, p);
  }

  private consumeHeader(data: Buffer, p: number): number {
    while (this.parser === null) {
      const nl = data.indexOf(10, p);
      if (nl < 0) return p;
      this.lineNo++;
      let text = data.toString('utf8', p, nl);
      if (text.includes('\ufffd')) text = data.toString('latin1', p, nl); // a Latin-1 header (°C as 0xB0)
      this.header(text);
      p = nl + 1;
    }
    return p;
  }

  /**
   * The hot loop. Only locals inside the loop; everything rare (errors, repeated time stamps) is
   * counted in locals or handled out of line, so that the optimised code never meets an access
   * it has no type feedback for (which would deoptimise it on every new file).
   */
  private consumeRows(data: Buffer, p: number): number {
    const parser = this.parser!;
    const vals = parser.values;
    const T = this.T,
      I = this.I,
      V = this.V,
      K = this.K,
      S = this.S,
      L = this.L;
    const tScale = this.tScale,
      tOffset = this.tOffset,
      iScale = this.iScale,
      vScale = this.vScale,
      kScale = this.kScale,
      kOffset = this.kOffset;
    const cap = this.cap;
    const stateSign = this.stateSign;
    let n = this.n;
    let lineNo = this.lineNo;
    let prevT = this.prevT;
    let prevLine = this.prevLine;
    let repeated = 0;
    let bad = 0; // 1: time backwards, 2: step not an integer, 3: unknown state letter
    while (n < cap) {
      const nl = data.indexOf(10, p);
      if (nl < 0) break;
      lineNo++;
      const s = p;
      p = nl + 1;
      if (!parser.parseLine(data, s, nl, lineNo)) continue;
      const t = vals[0] * tScale + tOffset;
      if (t <= prevT) {
        if (t === prevT) {
          repeated++;
          continue;
        }
        bad = 1;
        break;
      }
      T[n] = t;
      if (stateSign === null)
        I[n] = vals[1] * iScale + 0; // + 0: no −0 from the sign flip
      else {
        // an unsigned current signed by the state letter (Maccor: D +, C −, R 0)
        const f = stateSign[vals[5] & 127];
        if (Number.isNaN(f)) {
          bad = 3;
          break;
        }
        I[n] = Math.abs(vals[1]) * iScale * f + 0;
      }
      V[n] = vals[2] * vScale;
      if (K !== null) K[n] = vals[3] * kScale + kOffset;
      if (S !== null) {
        const sv = vals[4];
        if (sv !== Math.trunc(sv) || sv > 2147483647 || sv < -2147483648) {
          bad = 2;
          break;
        }
        S[n] = sv;
      }
      L[n] = lineNo;
      prevT = t;
      prevLine = lineNo;
      n++;
    }
    this.n = n;
    this.lineNo = lineNo;
    this.repeated += repeated;
    this.prevT = prevT;
    this.prevLine = prevLine;
    if (bad !== 0) this.rowError(bad, lineNo, prevLine);
    return p;
  }

  /**
   * A temperature column read as °C whose first value is no °C temperature (units/index.ts
   * `celsiusProblem`: "298.15 looks like kelvin") is an input error naming the column and the
   * line: one value, so the rows' loop stays as it is.
   */
  private checkFirstTemperature(): void {
    const col = this.rec?.temperature;
    if (!col || col.offset !== ZERO_C_K) return;
    const v_C = (this.K![0] - ZERO_C_K) / col.scale;
    const problem = Number.isFinite(v_C) ? celsiusProblem(v_C) : null;
    if (problem)
      throw new InputError(`line ${this.L[0]}: column '${col.header}' is read as ${col.unit === 'degC' ? '°C' : col.unit} and ${problem}; name its unit with --columns temperature=…(K)`, {
        file: this.file,
        field: col.header,
        value: +v_C.toPrecision(8),
      });
  }

  private rowError(kind: number, lineNo: number, prevLine: number): never {
    const vals = this.parser!.values;
    const rec = this.rec!;
    if (kind === 1) {
      const prevRaw = (this.prevT - rec.time.offset) / rec.time.scale;
      throw new InputError(`line ${lineNo}: time goes backwards in column '${rec.time.header}': ${vals[0]} after ${prevRaw} (line ${prevLine})`, {
        file: this.file,
        field: rec.time.header,
        value: vals[0],
      });
    }
    if (kind === 3) {
      const letter = String.fromCharCode(vals[5]);
      throw new InputError(`line ${lineNo}: state '${letter}' in column '${rec.state!.header}' is not C (charge), D (discharge) or R (rest)`, {
        file: this.file,
        field: rec.state!.header,
        value: letter,
      });
    }
    throw new InputError(`line ${lineNo}: step index '${vals[4]}' in column '${rec.step!.header}' is not an integer`, { file: this.file, field: rec.step!.header, value: vals[4] });
  }

  /** Hands out the current chunk (fresh arrays for the next one) and updates the statistics. */
  flush(): MeasuredChunk {
    const n = this.n;
    if (this.rows === 0 && n > 0 && this.K !== null) this.checkFirstTemperature();
    const chunk: MeasuredChunk = { length: n, time_s: this.T, current_A: this.I, voltage_V: this.V, temp_K: this.K, step: this.S, line: this.L };
    this.stats(this.T, n);
    this.rows += n;
    this.alloc();
    return chunk;
  }

  private stats(T: Float64Array, n: number): void {
    let last = this.lastFlushedT;
    let i = 0;
    if (Number.isNaN(last) && n > 0) {
      this.firstT = T[0];
      last = T[0];
      i = 1;
    }
    for (; i < n; i++) {
      const t = T[i];
      const dt = t - last;
      this.dts.add(dt);
      if (this.threshold !== null) {
        if (dt > this.threshold) this.gap(last, dt);
      } else if (this.candFloor === null) {
        this.candT.push(last);
        this.candDt.push(dt);
        if (this.candDt.length >= THRESHOLD_SAMPLE) {
          // candidates from here on: longer than 10 × the median of the first 1000 periods
          this.candFloor = 10 * median(Float64Array.from(this.candDt));
          this.keepCandidates(this.candFloor);
        }
      } else if (dt > this.candFloor) {
        this.candT.push(last);
        this.candDt.push(dt);
        if (this.candDt.length > MAX_CANDIDATES) this.settleThreshold();
      }
      last = t;
    }
    this.lastFlushedT = last;
  }

  private keepCandidates(floor: number): void {
    let k = 0;
    for (let j = 0; j < this.candDt.length; j++) {
      if (this.candDt[j] > floor) {
        this.candT[k] = this.candT[j];
        this.candDt[k++] = this.candDt[j];
      }
    }
    this.candT.length = k;
    this.candDt.length = k;
  }

  /**
   * Fixes the gap threshold: max(10 × median period of the file (sampled), 10 × median of the
   * first 1000 periods) — the second bound is the floor below which no candidates were kept.
   */
  private settleThreshold(): void {
    let thr = 10 * this.dts.median();
    if (this.candFloor !== null && !(thr >= this.candFloor)) thr = this.candFloor;
    this.threshold = Number.isNaN(thr) ? Infinity : thr;
    for (let k = 0; k < this.candDt.length; k++) if (this.candDt[k] > this.threshold) this.gap(this.candT[k], this.candDt[k]);
    this.candT.length = 0;
    this.candDt.length = 0;
  }

  private gap(start: number, dt: number): void {
    this.gapCount++;
    if (this.gaps.length < MAX_GAPS) this.gaps.push([start, dt]);
  }

  finish(early = false): ImportInfo {
    if (!this.rec) throw new InputError(this.lineNo === 0 ? 'empty file (no header line)' : 'no header line (only blank lines)', { file: this.file });
    if (this.threshold === null) this.settleThreshold();
    const rec = this.rec;
    const warnings = [...rec.warnings];
    if (this.rows === 0 && !early) throw new InputError(`no data rows after the header (${this.lineNo} line(s))`, { file: this.file });
    let med = this.dts.median();
    if (Number.isNaN(med)) {
      med = 0;
      warnings.push('only one row: no sampling period');
    }
    return {
      file: this.file,
      format: rec.format,
      columns: describeColumns(rec),
      currentSign: rec.currentSign,
      ...(rec.signNote ? { signNote: rec.signNote } : {}),
      rows: this.rows,
      repeatedTimeRows: this.repeated,
      gaps: this.gaps,
      gapCount: this.gapCount,
      medianDt_s: med,
      warnings,
      gapThreshold_s: this.threshold ?? 0,
      startTime_s: this.rows ? this.firstT : 0,
      endTime_s: this.rows ? this.lastFlushedT : 0,
      delimiter: this.delimiter,
      gzip: this.gz,
    };
  }
}
export { CELL_CAPACITY_RANGE_AH, CELL_TEMP_RANGE_C, CELL_VOLTAGE_RANGE_V, MAX_C_RATE, checkCellCapacity, checkMeasuredRanges } from './ranges.js';
