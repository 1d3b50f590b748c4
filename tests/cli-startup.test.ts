/**
 * `ssb --version` and `ssb --help` start at once because they load commander and the CLI's own
 * light modules only (apps/cli/program.ts); each command imports its modules when it runs. A test
 * on the start-up time would be flaky on a shared machine, so this one records every module the
 * ESM loader loads (a load hook registered with --import, writing one URL a line to a file) and
 * fails when anything else is loaded: re-adding an eager import of a command module, the core, io,
 * zod, yaml, apache-arrow or tfjs to program.ts, main.ts, version.ts or report-error.ts fails here.
 * `npm run bench` reports the time itself (cli_startup_ms).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = process.cwd();
const CLI = path.join(ROOT, 'dist/apps/cli/main.js');

/** The only project files a start without a command may load (dist-relative). */
const LIGHT = new Set([
  'apps/cli/main.js',
  'apps/cli/program.js',
  'apps/cli/version.js',
  'apps/cli/report-error.js',
  'apps/cli/registry-help.js',
  'apps/cli/registry-listing.js',
  'packages/core/errors.js',
  'packages/io/os-errors.js', // OS error codes in plain words: a table, no imports
]);

const HOOK = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.SSB_LOAD_LOG, url + '\\n');
  return next(url, context);
}`;
const REGISTER = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`;

/** Runs `ssb args…` and returns the URLs of the modules the ESM loader loaded (node: built-ins left out). */
function loadedBy(...args: string[]): { code: number | null; stdout: string; modules: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ssb-startup-'));
  const log = path.join(dir, 'loaded.txt');
  try {
    const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, CLI, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, SSB_LOAD_LOG: log },
    });
    assert.equal(r.error, undefined, `spawn failed: ${String(r.error)}`);
    const modules = readFileSync(log, 'utf8')
      .split('\n')
      .filter((u) => u.startsWith('file:'));
    return { code: r.status, stdout: r.stdout, modules };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Loaded modules that are neither commander nor one of the LIGHT project files. */
function heavy(modules: string[]): string[] {
  const dist = path.join(ROOT, 'dist') + path.sep;
  return modules
    .map((u) => fileURLToPath(u))
    .filter((f) => {
      if (f.includes(`${path.sep}node_modules${path.sep}commander${path.sep}`)) return false;
      return !(f.startsWith(dist) && LIGHT.has(f.slice(dist.length).split(path.sep).join('/')));
    });
}

for (const args of [['--version'], ['-V'], ['--help'], ['simulate', '--help'], ['estimate', '--help']]) {
  test(`ssb ${args.join(' ')} loads commander and the light CLI modules only`, () => {
    const r = loadedBy(...args);
    assert.equal(r.code, 0);
    assert.ok(r.stdout.length > 0, 'printed nothing');
    // the hook works: it sees the CLI's own entry (--version answers from main.js and version.js alone)
    const sees = args[0] === '--version' || args[0] === '-V' ? '/dist/apps/cli/version.js' : '/dist/apps/cli/program.js';
    assert.ok(
      r.modules.some((u) => u.endsWith(sees)),
      `the load hook saw no ${sees}: ${r.modules.join(', ')}`,
    );
    assert.deepEqual(
      heavy(r.modules),
      [],
      'modules loaded at start-up besides commander and apps/cli/{main,program,version,report-error,registry-help,registry-listing}.js (import them inside the command action instead)',
    );
  });
}

test('the load hook sees what a command loads (ssb cells loads the core)', () => {
  const r = loadedBy('cells', '--json');
  assert.equal(r.code, 0);
  const h = heavy(r.modules);
  assert.ok(
    h.some((f) => f.endsWith(`${path.sep}apps${path.sep}cli${path.sep}cells.js`)),
    h.join(', '),
  );
  assert.ok(
    h.some((f) => f.includes(`${path.sep}packages${path.sep}core${path.sep}`)),
    h.join(', '),
  );
});
