/**
 * Errors that carry where and what went wrong, so the CLI can print one clear line.
 *
 * - `InputError`: bad input (file, field, value). The CLI exits with code 2.
 * - `NumericalError`: an invalid state during a run (cell, quantity, time). The CLI exits with 1
 *   and keeps the outputs written so far.
 */
export class InputError extends Error {
  constructor(
    readonly detail: string,
    readonly where: { file?: string; field?: string; value?: unknown } = {},
  ) {
    super(formatWhere(where) + detail);
    this.name = 'InputError';
  }

  /** The same error, located in a file (keeps a file already named). */
  inFile(file: string): InputError {
    return this.where.file ? this : new InputError(this.detail, { ...this.where, file });
  }
}

export class NumericalError extends Error {
  /** What went wrong, without the location (`where` holds it, structured). */
  readonly detail: string;
  constructor(
    message: string,
    readonly where: { cell?: number | string; quantity?: string; time_s?: number; value?: number } = {},
  ) {
    const parts: string[] = [];
    if (where.cell !== undefined) parts.push(`cell ${where.cell}`);
    if (where.quantity) parts.push(where.quantity);
    if (where.value !== undefined) parts.push(`= ${where.value}`);
    if (where.time_s !== undefined) parts.push(`at t = ${where.time_s.toFixed(1)} s`);
    super((parts.length ? parts.join(' ') + ': ' : '') + message);
    this.detail = message;
    this.name = 'NumericalError';
  }
}

function formatWhere(w: { file?: string; field?: string; value?: unknown }): string {
  const parts: string[] = [];
  if (w.file) parts.push(w.file);
  if (w.field) parts.push(`field '${w.field}'`);
  if (w.value !== undefined) parts.push(`value ${formatValue(w.value)}`);
  return parts.length ? parts.join(', ') + ': ' : '';
}

/** Longest value an error message quotes in full [characters] (assumed: one readable terminal line with the field). */
export const MAX_QUOTED_VALUE_CHARS = 80;

/**
 * A value as an error quotes it: JSON, numbers as written (NaN, Infinity, -0 included, which JSON
 * turns into null or 0), on one line, cut to MAX_QUOTED_VALUE_CHARS with "… (N chars)" so that
 * a 200 KB CSV line or a whole parent object never floods the terminal.
 */
export function formatValue(value: unknown): string {
  let text: string;
  if (typeof value === 'number') text = Object.is(value, -0) ? '-0' : String(value);
  else if (typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function') text = String(value);
  else {
    try {
      text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  text = text.replace(/[\r\n]+/g, ' ');
  if (text.length <= MAX_QUOTED_VALUE_CHARS) return text;
  const head = Array.from(text.slice(0, MAX_QUOTED_VALUE_CHARS))
    .slice(0, MAX_QUOTED_VALUE_CHARS - 20)
    .join('');
  return `${head}… (${typeof value === 'string' ? value.length : text.length} chars)`;
}

/** Throws a NumericalError if `value` is NaN or infinite. */
export function assertFinite(value: number, quantity: string, cell?: number | string, time_s?: number): void {
  if (!Number.isFinite(value)) throw new NumericalError('not a finite number', { cell, quantity, time_s, value });
}
