/**
 * Measured time series (cycler exports, drive-cycle logs) in the project's conventions, as the
 * importer (`packages/io/import/`) delivers them to the fit and the estimators.
 *
 * Columnar, SI, current positive on discharge. A file is delivered as a stream of chunks so that
 * files of millions of rows are never held whole; small files (characterisation tests) may be
 * collected into one `MeasuredSeries` (same shape, all rows).
 */
export interface MeasuredChunk {
  /** Number of valid rows in the arrays below (the arrays may be longer). */
  length: number;
  /** Time from the start of the file [s], strictly increasing within and across chunks. */
  time_s: Float64Array;
  /** Current [A], positive on discharge (converted from the file's own sign convention). */
  current_A: Float64Array;
  /** Terminal voltage [V]. */
  voltage_V: Float64Array;
  /** Cell (case) temperature [K]; null when the file has no temperature column. */
  temp_K: Float64Array | null;
  /** Cycler step index where the file has one (Arbin `Step_Index`, BDF `Step Index`); else null. */
  step: Int32Array | null;
  /** 1-based line number in the source file of each row (for error messages). */
  line: Float64Array;
}

/** A whole file in memory (for small files only). */
export type MeasuredSeries = MeasuredChunk;

/** The recognised layout of a measured file. */
export type MeasuredFormat = 'panasonic' | 'arbin' | 'bdf' | 'maccor' | 'neware' | 'biologic' | 'digatron' | 'mapped';

/** What the importer found and did; reported to the user and kept with results. */
export interface ImportInfo {
  file: string;
  format: MeasuredFormat;
  /** Source column used for each quantity, with the unit read or assumed. */
  columns: { time: string; current: string; voltage: string; temperature: string | null; step: string | null };
  /** Sign convention of the file's current. */
  currentSign: 'discharge-positive' | 'discharge-negative';
  /** How the sign was made where it is more than a convention (Maccor: unsigned current signed by the State column). */
  signNote?: string;
  rows: number;
  /** Rows dropped because their time stamp repeated the previous one. */
  repeatedTimeRows: number;
  /** Gaps in the time stamps longer than the gap threshold: [start time s, length s] (first 20). */
  gaps: Array<[number, number]>;
  gapCount: number;
  /** Median sampling period [s]. */
  medianDt_s: number;
  warnings: string[];
  /** Gap threshold used [s] (given, or 10 × the median period; see the importer). */
  gapThreshold_s?: number;
  /** First and last kept time stamp [s]. */
  startTime_s?: number;
  endTime_s?: number;
  /** Field delimiter found in the header line. */
  delimiter?: ',' | ';' | '\t';
  /** The file was gzip-compressed (recognised by its magic bytes). */
  gzip?: boolean;
}
