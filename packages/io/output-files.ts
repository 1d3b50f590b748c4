/**
 * Every file a command writes goes through here, so that nothing is lost and nothing is left torn:
 *
 * - `writeFileAtomic(path, data)`: the bytes go to a temporary file in the same folder, which is
 *   renamed over `path` only when it is complete (a rename within one file system is atomic: a
 *   reader, a crash or a Ctrl-C sees the old file or the new one, never half of one).
 * - `PartialFile`: a file written in pieces (time series, import output) is written to
 *   `<path>.partial` and renamed to `path` by `commit()`. A run killed hard (SIGKILL, power cut)
 *   leaves `<path>.partial`, never a torn `path`.
 * - A path that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written in
 *   place: a device cannot be replaced by a rename, and must not be.
 *
 * Errors are `OutputFileError`s: the path and the OS error code, in plain words (os-errors.ts).
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { osErrorText } from './os-errors.js';

/** An output that could not be written: the path, the OS error code and plain words. */
export class OutputFileError extends Error {
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`cannot write ${path}: ${osErrorText(code, cause)}`);
    this.name = 'OutputFileError';
  }
}

/** Wrap an OS error thrown while writing `path` (an OutputFileError passes through). */
export function outputError(path: string, e: unknown): OutputFileError {
  if (e instanceof OutputFileError) return e;
  return new OutputFileError(path, (e as NodeJS.ErrnoException)?.code, e);
}

/**
 * mkdir -p, one level at a time from the deepest folder that exists. (Node's
 * `mkdirSync(…, { recursive: true })` loops forever where the OS refuses a folder with ENOENT
 * under an existing parent, as under /proc.) A file in the way is reported as ENOTDIR.
 */
function makeDir(d: string): void {
  const missing: string[] = [];
  let p = d;
  while (!existsSync(p)) {
    missing.push(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  if (existsSync(p) && !statSync(p).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // (made meanwhile by another run)
    }
  }
  if (!statSync(d).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
}

/** Create a folder for outputs (and its parents); a failure names the folder in plain words. */
export function ensureOutputDir(dir: string): string {
  const d = resolve(dir);
  try {
    makeDir(d);
  } catch (e) {
    throw outputError(d, e);
  }
  return d;
}

/** True when `path` exists and is something other than a regular file or a folder (a device, a FIFO, a socket). */
function isSpecialFile(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The temporary name beside `path`: hidden, with this process's id, so two runs never share one. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* not there */
  }
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
}

/** Write `data` to `path` atomically (temporary file in the same folder, then rename). Creates the folder. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const f = new PartialFile(path, tempPathFor(resolve(path)));
  try {
    f.write(data);
  } catch (e) {
    f.abort();
    throw e;
  }
  f.commit();
}

/**
 * A file written in pieces: to `<path>.partial` (or `tempPath`), renamed to `path` by `commit()`.
 * `abort()` closes and removes the partial file. Writes are synchronous, so a completed `write` is
 * in the file even if the process is stopped right after.
 */
export class PartialFile {
  readonly path: string;
  readonly partialPath: string;
  private fd: number | null;
  /** Written straight into `path` (a device or FIFO): nothing to rename. */
  private readonly inPlace: boolean;

  constructor(path: string, tempPath?: string) {
    this.path = resolve(path);
    this.inPlace = isSpecialFile(this.path);
    this.partialPath = this.inPlace ? this.path : (tempPath ?? `${this.path}.partial`);
    try {
      if (!this.inPlace && isDirectory(this.path)) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      if (!this.inPlace) makeDir(dirname(this.path));
      this.fd = openSync(this.partialPath, 'w');
      if (!this.inPlace && !fstatSync(this.fd).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
    } catch (e) {
      this.fd = null;
      throw outputError(this.path, e);
    }
  }

  write(data: string | Uint8Array): void {
    if (this.fd === null) throw new OutputFileError(this.path, 'EBADF', new Error('written after close'));
    try {
      writeAll(this.fd, data);
    } catch (e) {
      throw outputError(this.path, e);
    }
  }

  /** Close and rename into place. Safe to call twice. */
  commit(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
      if (!this.inPlace) renameSync(this.partialPath, this.path);
    } catch (e) {
      if (!this.inPlace) removeQuietly(this.partialPath);
      throw outputError(this.path, e);
    }
  }

  /** Close and remove the partial file (the final path is left as it was). Safe to call twice. */
  abort(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      /* already closed */
    }
    this.fd = null;
    if (!this.inPlace) removeQuietly(this.partialPath);
  }
}
