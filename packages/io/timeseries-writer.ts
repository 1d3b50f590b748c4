/**
 * Streaming time-series writer: CSV (for people) and Arrow IPC file format (for pandas, polars,
 * DuckDB, pyarrow). Memory is bounded by one record batch (`batchRows` × columns × 8 bytes plus
 * the CSV text of that batch) regardless of run length. Both files are written as
 * `<name>.partial` (output-files.ts) with synchronous writes, so every completed batch is on disk;
 * `close()` (or `closeSync()`) flushes the current partial batch, writes the Arrow footer and
 * renames both files into place: a file under its final name is always complete (whole CSV rows,
 * an Arrow file with its footer). A run killed hard leaves only the `.partial` files.
 */
import { PartialFile } from './output-files.js';
import { Field, Float64, Message, RecordBatch, RecordBatchFileWriter, Schema, Struct, makeData } from 'apache-arrow';

export interface ColumnSpec {
  /** Column name, already carrying the unit suffix, e.g. `pack_current_A`. */
  name: string;
  unit: string;
  description?: string;
}

export interface TimeSeriesWriterOptions {
  csvPath?: string | null;
  arrowPath?: string | null;
  /** Rows per Arrow record batch and per CSV flush. Default 8192. */
  batchRows?: number;
  /** Written into the Arrow schema metadata (version, seed, scenario …). CSV stays plain. */
  metadata?: Record<string, string>;
}

const DEFAULT_BATCH_ROWS = 8192;

/**
 * Format a number for CSV: integers (|v| < 1e15) exactly, other values with up to 6 significant
 * digits and no trailing zeros; non-finite values as the empty string.
 * Fast path for 1e-3 ≤ |v| < 1e6: round |v| to a small integer with the right number of decimals
 * (a Smi), strip its trailing zeros, and insert the decimal point — about twice as fast as
 * `toPrecision` and avoids the shortest-round-trip double printer.
 */
export function formatCsvNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v) && v < 1e15 && v > -1e15) return '' + v;
  const neg = v < 0;
  const a = neg ? -v : v;
  let decimals: number;
  if (a < 1e-3 || a >= 1e6) return formatSlow(v);
  if (a < 1) decimals = a < 1e-2 ? 8 : a < 1e-1 ? 7 : 6;
  else if (a < 1e3) decimals = a < 10 ? 5 : a < 100 ? 4 : 3;
  else decimals = a < 1e4 ? 2 : a < 1e5 ? 1 : 0;
  let r = Math.round(a * POW10[decimals]);
  while (decimals > 0 && r % 10 === 0) {
    r /= 10;
    decimals--;
  }
  let s = '' + r;
  if (decimals > 0) {
    s = s.length <= decimals ? '0.' + ZEROS[decimals - s.length] + s : s.slice(0, s.length - decimals) + '.' + s.slice(s.length - decimals);
  }
  return neg ? '-' + s : s;
}

/** Tiny or huge magnitudes: 6 significant digits, exponent notation when JS would use it. */
function formatSlow(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6 && a < 1e15) return '' + Math.round(Number(v.toPrecision(6)));
  const s = v.toPrecision(6);
  const iE = s.indexOf('e');
  if (iE < 0) return stripZeros(s);
  return stripZeros(s.slice(0, iE)) + s.slice(iE);
}

const POW10: number[] = Array.from({ length: 20 }, (_, i) => 10 ** i);
const ZEROS: string[] = Array.from({ length: 10 }, (_, i) => '0'.repeat(i));

function stripZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (s.charCodeAt(end - 1) === 46 /* . */) end--;
  return s.slice(0, end);
}

/** RFC 4180 quoting for a header cell. */
function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface ByteSink {
  write(chunk: Uint8Array): void;
}

export class TimeSeriesWriter {
  readonly columns: readonly ColumnSpec[];
  private readonly nCols: number;
  private readonly batchRows: number;
  private csvFile: PartialFile | null = null;
  private arrowFile: PartialFile | null = null;
  private readonly arrowWriter: RecordBatchFileWriter | null = null;
  private readonly schema: Schema | null = null;
  /** Column-major buffers of the current batch (Arrow only). */
  private readonly colData: Float64Array[] = [];
  private readonly colNulls: Int32Array;
  private csvChunk = '';
  private batchFill = 0;
  private rows = 0;
  private arrowBatchesWritten = 0;
  private closed = false;

  constructor(columns: ColumnSpec[], options: TimeSeriesWriterOptions) {
    if (columns.length === 0) throw new Error('TimeSeriesWriter: at least one column is required');
    const names = new Set<string>();
    for (const c of columns) {
      if (names.has(c.name)) throw new Error(`TimeSeriesWriter: duplicate column name "${c.name}"`);
      names.add(c.name);
    }
    this.columns = columns.map((c) => ({ ...c }));
    this.nCols = columns.length;
    const batchRows = options.batchRows ?? DEFAULT_BATCH_ROWS;
    if (!Number.isInteger(batchRows) || batchRows < 1) {
      throw new Error(`TimeSeriesWriter: batchRows must be a positive integer, got ${batchRows}`);
    }
    this.batchRows = batchRows;
    this.colNulls = new Int32Array(this.nCols);

    try {
      if (options.csvPath) {
        this.csvFile = new PartialFile(options.csvPath);
        this.csvFile.write(columns.map((c) => csvCell(c.name)).join(',') + '\n');
      }
      if (options.arrowPath) {
        const fields = columns.map((c) => {
          const meta = new Map<string, string>([['unit', c.unit]]);
          if (c.description) meta.set('description', c.description);
          return new Field(c.name, new Float64(), true, meta);
        });
        this.schema = new Schema(fields, new Map(Object.entries(options.metadata ?? {})));
        for (let c = 0; c < this.nCols; c++) this.colData.push(new Float64Array(batchRows));
        const file = new PartialFile(options.arrowPath);
        this.arrowFile = file;
        const writer = new DurableFileWriter();
        redirectSink(writer, { write: (chunk) => file.write(chunk) });
        this.arrowWriter = writer;
      }
    } catch (err) {
      this.abort();
      throw err;
    }
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Append one row (values in column order). Non-finite values become empty CSV cells / Arrow nulls. */
  append(row: ArrayLike<number>): void {
    if (this.closed) throw new Error('TimeSeriesWriter: append after close');
    const n = this.nCols;
    if (row.length !== n) {
      throw new Error(`TimeSeriesWriter: row has ${row.length} values, expected ${n}`);
    }
    const r = this.batchFill;
    if (this.csvFile !== null) {
      let line = formatCsvNumber(row[0]);
      for (let c = 1; c < n; c++) line += ',' + formatCsvNumber(row[c]);
      this.csvChunk += line + '\n';
    }
    if (this.arrowWriter !== null) {
      const data = this.colData;
      for (let c = 0; c < n; c++) {
        const v = row[c];
        if (v - v === 0) {
          data[c][r] = v;
        } else {
          // NaN or ±Infinity (or a non-number sneaking through ArrayLike<number>)
          data[c][r] = NaN;
          this.colNulls[c]++;
        }
      }
    }
    this.rows++;
    this.batchFill = r + 1;
    if (this.batchFill >= this.batchRows) this.flushBatch();
  }

  /** Write the current partial batch to disk now (normally done every `batchRows` rows). */
  flush(): void {
    if (this.closed) return;
    this.flushBatch();
  }

  /** Flush and close both files. Safe to call twice. */
  async close(): Promise<void> {
    this.closeSync();
  }

  /**
   * Synchronous close, usable from `process.on('exit')` or signal handlers: complete files under
   * their final names. Safe to call twice. If finishing fails (disk full), the partial files are
   * removed and the error is thrown.
   */
  closeSync(): void {
    if (this.closed) return;
    try {
      this.flushBatch();
      if (this.arrowWriter !== null && this.schema !== null) {
        if (this.arrowBatchesWritten === 0) this.writeArrowBatch(0); // schema-only file still valid
        this.arrowWriter.finish(); // writes EOS marker, footer and trailing magic
      }
      this.csvFile?.commit();
      this.arrowFile?.commit();
    } catch (err) {
      this.abort();
      throw err;
    } finally {
      this.closed = true;
      this.csvChunk = '';
    }
  }

  /** Close without completing: the partial files are removed, the final names left as they were. */
  abort(): void {
    this.closed = true;
    this.csvFile?.abort();
    this.arrowFile?.abort();
    this.csvChunk = '';
  }

  private flushBatch(): void {
    const len = this.batchFill;
    if (len === 0) return;
    if (this.csvFile !== null) {
      this.csvFile.write(this.csvChunk);
      this.csvChunk = '';
    }
    if (this.arrowWriter !== null) this.writeArrowBatch(len);
    this.batchFill = 0;
  }

  private writeArrowBatch(len: number): void {
    const schema = this.schema!;
    const children = this.colData.map((buf, c) => {
      const values = len === buf.length ? buf : buf.subarray(0, len);
      const nullCount = this.colNulls[c];
      let nullBitmap: Uint8Array | undefined;
      if (nullCount > 0) {
        nullBitmap = new Uint8Array((len + 7) >> 3);
        for (let i = 0; i < len; i++) {
          const v = values[i];
          if (!Number.isNaN(v)) nullBitmap[i >> 3] |= 1 << (i & 7);
        }
      }
      return makeData({ type: new Float64(), length: len, nullCount, nullBitmap, data: values });
    });
    const struct = makeData({
      type: new Struct(schema.fields),
      length: len,
      nullCount: 0,
      children,
    });
    // Serialisation is synchronous, so the column buffers can be reused afterwards.
    this.arrowWriter!.write(new RecordBatch(schema, struct));
    this.colNulls.fill(0);
    this.arrowBatchesWritten++;
  }
}

/**
 * Arrow IPC file writer that also writes the schema message right after the leading magic, as the
 * Arrow C++ writer does (apache-arrow JS writes it only in the footer). Readers that use the
 * footer are unaffected; but a file cut short by a hard crash (no footer) can still be recovered
 * as an IPC *stream* from byte 8: `tableFromIPC(bytes.subarray(8))`.
 */
class DurableFileWriter extends RecordBatchFileWriter {
  protected override _writeSchema(schema: Schema): this {
    this._writeMagic()._writePadding(2);
    return this._writeMessage(Message.from(schema));
  }
}

/**
 * apache-arrow's writers push their bytes into an internal in-memory queue (`_sink`) that a
 * consumer drains asynchronously. To keep memory bounded and make every finished batch durable
 * immediately, replace that queue's `write` so bytes go straight to the file descriptor.
 * (All writer output, including the footer written by `finish()`, goes through `_sink.write`.)
 */
function redirectSink(writer: RecordBatchFileWriter, sink: ByteSink): void {
  const internal = (writer as unknown as { _sink?: { write?: unknown } })._sink;
  if (!internal || typeof internal.write !== 'function') {
    throw new Error('TimeSeriesWriter: unsupported apache-arrow version (no RecordBatchWriter._sink)');
  }
  internal.write = (value: ArrayBufferView) => {
    const bytes = value instanceof Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    if (bytes.byteLength > 0) sink.write(bytes);
  };
}
