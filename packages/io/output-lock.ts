/**
 * One run at a time per output folder. A command that writes a folder (`simulate --out`,
 * `design --out`, `btms-study --out`, `balancing --out`, `runaway-test --out`, `abuse --out`)
 * first creates `<folder>/.ssb-lock` exclusively (O_EXCL), holding the PID, host and start time
 * of the run; a second run into the same folder finds it and stops with exit 2 naming the holder.
 * A lock left by a run that died (same host, its PID no longer alive) is stale: taken over with a
 * warning. A lock from another host cannot be checked: it is refused, and the message says to
 * remove the file if that run is gone. The lock is removed when the process exits (normally, on
 * an error or after Ctrl-C).
 *
 * The alternative, a fresh folder per run, would change every documented output path; a lock
 * keeps `--out` meaning what it says.
 */
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { ensureOutputDir, outputError } from './output-files.js';
import { outputPathOption, refuseOutputOverInput } from './output-guard.js';

export const LOCK_FILE = '.ssb-lock';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  command: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

function readLock(path: string): LockInfo | null {
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    return typeof j.pid === 'number' && typeof j.host === 'string' ? { pid: j.pid, host: j.host, started: String(j.started ?? '?'), command: String(j.command ?? '?') } : null;
  } catch {
    return null;
  }
}

const held = new Set<string>();
let exitHookInstalled = false;

function releaseAll(): void {
  for (const p of held) {
    const l = readLock(p);
    if (l && l.pid === process.pid) {
      try {
        unlinkSync(p);
      } catch {
        /* gone */
      }
    }
  }
  held.clear();
}

/**
 * Take the lock of output folder `dir` (created if missing) for this process; returns the function
 * that releases it (also released at exit). Throws an InputError (exit 2) when another live run holds it.
 */
export function lockOutputDir(dir: string, command: string, warn: (msg: string) => void = (m) => process.stderr.write(`warning: ${m}\n`)): () => void {
  const d = ensureOutputDir(dir);
  const path = join(d, LOCK_FILE);
  const me: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError(path, e);
      const other = readLock(path);
      if (other && other.pid === process.pid && other.host === me.host) return () => undefined; // this process holds it already
      if (other && other.host === me.host && !alive(other.pid)) {
        warn(`${path}: stale lock of ${other.command} (PID ${other.pid}, started ${other.started}) — that process is gone; taking over`);
        try {
          unlinkSync(path);
        } catch {
          /* another run took it over first: the next attempt sees its lock */
        }
        continue;
      }
      if (!other) {
        // a lock being written right now, or a damaged one: refuse rather than guess
        throw new InputError(`the output folder is locked by another run (${path} exists but is unreadable; remove it if no other ssb run writes ${d})`, { field: '--out' });
      }
      const where = other.host === me.host ? `PID ${other.pid}` : `PID ${other.pid} on host ${other.host} (remove ${path} if that run is gone)`;
      throw new InputError(`the output folder ${d} is being written by another run: ${other.command}, ${where}, started ${other.started}; wait for it or choose another --out`, {
        field: '--out',
      });
    }
    try {
      writeSync(fd, JSON.stringify(me) + '\n');
    } finally {
      closeSync(fd);
    }
    held.add(path);
    if (!exitHookInstalled) {
      process.on('exit', releaseAll);
      exitHookInstalled = true;
    }
    return () => {
      if (!held.has(path)) return;
      held.delete(path);
      try {
        unlinkSync(path);
      } catch {
        /* gone */
      }
    };
  }
  throw new InputError(`could not take the lock ${path} (other runs keep taking it over)`, { field: '--out' });
}

/**
 * Everything a command does before writing an output folder `--out DIR`: an empty value is an
 * error, none of `files` (names in the folder) may be one of `inputs`, the folder is created and
 * locked for this run. Returns the absolute folder (undefined when `--out` was not given).
 */
export function claimOutputDir(dir: string | undefined, files: readonly string[], inputs: readonly (string | null | undefined)[], command: string): string | undefined {
  const given = outputPathOption(dir, '--out');
  if (given === undefined) return undefined;
  const d = resolve(given);
  refuseOutputOverInput(
    inputs,
    files.map((f) => ({ path: join(d, f), option: '--out folder' })),
  );
  lockOutputDir(d, command);
  return d;
}
