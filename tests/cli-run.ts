/**
 * Runs the built CLI (`dist/apps/cli/main.js`) as a user would, from the project root, with the EPA
 * drive cycles of ../shared/data; shared by the CLI tests. A failure to spawn (not an exit code)
 * fails the test at once.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const ROOT = process.cwd();
export const CLI = path.join(ROOT, 'dist/apps/cli/main.js');
const EPA = path.resolve(ROOT, '../shared/data/epa-drive-cycles');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function ssb(...args: string[]): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 180_000, maxBuffer: 256 << 20, env: { ...process.env, SSB_EPA_DIR: process.env.SSB_EPA_DIR ?? EPA } });
  assert.equal(r.error, undefined, `spawn failed: ${String(r.error)}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
