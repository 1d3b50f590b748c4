/**
 * Where recorded rows go: every `record_every_s` to the sink (CSV/Arrow) and, decimated to at most
 * ~20 000 rows, to the in-memory series of the report. Rows come from the column table.
 */
import { readRow, recordedColumns, type RecordedColumn, type RowView } from './columns.js';

/** Where recorded rows go (the CLI streams them to CSV/Arrow; tests may keep them in memory). */
export interface RecordSink {
  append(row: Float64Array): void;
}

export class Recorder {
  readonly columns: RecordedColumn[];
  readonly reportRows: Float64Array[] = [];
  readonly rows: Float64Array[] | null;
  private readonly row: Float64Array;
  private readonly reportEvery: number;
  private nextRecord = 0;
  private nextReport = 0;
  recordNow = false;
  reportNow = false;
  /** What the sink threw (a full disk): the loop passes it on, it is no numerical failure. */
  sinkError: unknown = undefined;

  constructor(
    estimators: readonly string[],
    private readonly recordEvery: number,
    end_s: number,
    private readonly sink: RecordSink | null,
    keepRows: boolean,
  ) {
    this.columns = recordedColumns(estimators);
    this.row = new Float64Array(this.columns.length);
    this.reportEvery = Math.max(recordEvery, end_s / 20000);
    this.rows = keepRows ? [] : null;
  }

  /** Will a row be written at `t` (the end of the coming step)? */
  dueAt(t: number): boolean {
    return t >= this.nextRecord - 1e-9 || t >= this.nextReport - 1e-9;
  }

  /** Decide, at the end of a step at `t`, whether this row is recorded and/or reported. */
  check(t: number): boolean {
    this.recordNow = t >= this.nextRecord - 1e-9;
    this.reportNow = t >= this.nextReport - 1e-9;
    return this.recordNow || this.reportNow;
  }

  write(v: RowView): void {
    const t = v.time_s;
    readRow(this.columns, v, this.row);
    if (this.recordNow) {
      try {
        this.sink?.append(this.row);
      } catch (e) {
        this.sinkError = e;
        throw e;
      }
      this.rows?.push(this.row.slice());
      this.nextRecord += this.recordEvery * Math.max(1, Math.ceil((t - this.nextRecord + 1e-9) / this.recordEvery));
    }
    if (this.reportNow) {
      this.reportRows.push(this.row.slice());
      this.nextReport += this.reportEvery * Math.max(1, Math.ceil((t - this.nextReport + 1e-9) / this.reportEvery));
    }
  }
}
