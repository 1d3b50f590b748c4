/**
 * The one place that turns an error into the CLI's stderr line and exit code: InputError → 2
 * (`ssb: error: …`), NumericalError → 1 (`ssb: invalid: numerical failure: …` — no result), anything else → 1.
 * Light on purpose (only the error classes): main.ts and every command import it.
 */
import { InputError, NumericalError } from '../../packages/core/errors.js';

export function reportError(e: unknown, debug: boolean): number {
  if (e instanceof InputError) {
    process.stderr.write(`ssb: error: ${e.message}\n`);
    if (debug) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
  if (e instanceof NumericalError) {
    process.stderr.write(`ssb: invalid: numerical failure: ${e.message} (no result)\n`);
    if (debug) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
  process.stderr.write(`ssb: ${(e as Error)?.message ?? String(e)}\n`);
  if (debug) process.stderr.write(`${(e as Error)?.stack}\n`);
  return 1;
}
