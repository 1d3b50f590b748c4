/**
 * Checks a command makes before it reads or writes anything:
 *
 * - `refuseOutputOverInput(inputs, outputs)`: no output may be one of the inputs. Two paths are the
 *   same file when they are the same inode on the same device, whatever the spelling (relative,
 *   `..`, a symbolic link, a hard link). An output that does not exist yet cannot be an input.
 * - `outputPathOption(value, option)`: an output option given as an empty or blank string is an error,
 *   not "no output".
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../core/errors.js';

function inode(path: string): { dev: number; ino: number } | null {
  try {
    const st = statSync(path);
    return st.isFile() ? { dev: st.dev, ino: st.ino } : null;
  } catch {
    return null;
  }
}

/** One output a command will write, and the option (or folder) it comes from, for the message. */
export interface PlannedOutput {
  path: string;
  /** e.g. `--out`, `--report`, or `--out folder`. */
  option: string;
}

/** Throws an InputError (exit 2) naming both paths when any output is the same file as any input. */
export function refuseOutputOverInput(inputs: readonly (string | null | undefined)[], outputs: readonly PlannedOutput[]): void {
  const ins = inputs.filter((p): p is string => !!p).map((p) => ({ path: p, id: inode(p) }));
  for (const o of outputs) {
    const id = inode(o.path);
    if (!id) continue;
    const same = ins.find((i) => i.id && i.id.dev === id.dev && i.id.ino === id.ino);
    if (same) throw new InputError(`the output ${resolve(o.path)} (${o.option}) is the input file ${same.path}: refusing to overwrite an input; choose another output path`);
  }
}

/** An output path option: undefined when not given; an empty or blank value is an error (exit 2). */
export function outputPathOption(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new InputError('is empty: give a file path', { field: option, value });
  return value;
}
