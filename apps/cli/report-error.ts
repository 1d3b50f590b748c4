/**
 * The one place that turns an error into the CLI's stderr line and exit code: InputError → 2
 * (`ssb: error: …`), NumericalError → 1 (`ssb: invalid: numerical failure: …` — no result), an OS error
 * (an output that cannot be written, a path that is a folder, a full disk) → one line in plain words
 * with the path (`ssb: error: cannot write out/x.csv: disk full (no space left on the device) (ENOSPC)`),
 * exit 2 for a bad path and 1 for the machine (os-errors.ts), anything else → 1.
 * Light on purpose (only the error classes): main.ts and every command import it.
 */
import { InputError, NumericalError } from '../../packages/core/errors.js';
import { isOsError, osErrorExitCode, osErrorText } from '../../packages/io/os-errors.js';

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
  // (output-files.ts OutputFileError, known by its name: that module is not loaded at start-up)
  if (e instanceof Error && e.name === 'OutputFileError') {
    process.stderr.write(`ssb: error: ${e.message}\n`);
    if (debug) process.stderr.write(`${e.stack}\n`);
    return osErrorExitCode((e as NodeJS.ErrnoException).code) ?? 1;
  }
  if (isOsError(e)) {
    // a raw OS error from a read or a folder listing: the path and plain words, never Node's text
    const what = e.syscall === 'open' || e.syscall === 'read' || e.syscall === 'scandir' ? 'cannot read' : `cannot ${e.syscall ?? 'use'}`;
    process.stderr.write(`ssb: error: ${what} ${e.path ?? '(unknown path)'}: ${osErrorText(e.code, e)}\n`);
    if (debug) process.stderr.write(`${e.stack}\n`);
    return osErrorExitCode(e.code) ?? 1;
  }
  process.stderr.write(`ssb: ${(e as Error)?.message ?? String(e)}\n`);
  if (debug) process.stderr.write(`${(e as Error)?.stack}\n`);
  return 1;
}
