/**
 * Nothing lost (issue 18): real child processes of the built CLI.
 * - an output that is an input is refused (exit 2) before anything is read; the input is unchanged;
 * - an output folder being written by another run is refused (exit 2, the holder named); a stale lock is taken over;
 * - SIGINT / SIGTERM stop a long `simulate` within about a second (130 / 143) and leave complete
 *   outputs (Arrow readable, CSV without a torn row, metrics.json with stopped_early); the same for
 *   the worker-based `faults`; `abuse` and `balancing` (one run at a time, in chunks) write the runs finished, a design sweep the points evaluated, train-soc the weights of the last finished epoch, runaway-test the time simulated;
 * - an output that cannot be written is one line in plain words (no stack trace).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { tableFromIPC } from 'apache-arrow';
import { CLI, ROOT, ssb } from './cli-run.js';
import { Rng } from '../packages/core/numerics/rng.js';
import { createSocEstimator } from '../packages/core/bms/estimation/soc/index.js';
import { drivePulseCurrent, makeTestEcm, simulateEcm } from '../packages/core/bms/estimation/soc/testing.js';

const TMP = mkdtempSync(path.join(tmpdir(), 'ssb-output-safety-'));
process.on('exit', () => rmSync(TMP, { recursive: true, force: true }));
const EPA = path.resolve(ROOT, '../shared/data/epa-drive-cycles');

const hash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const CSV = 'time_s,current_A,voltage_V\n0,1,3.7\n1,1,3.69\n2,1,3.68\n';

/** One error line on stderr, no stack trace. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got:\n${stderr}`);
  assert.doesNotMatch(stderr, /\n\s+at /);
  return lines[0];
}

test('an output that is an input is refused with exit 2 before anything is read, naming both; the input is unchanged', () => {
  const dir = path.join(TMP, 'same');
  mkdirSync(dir, { recursive: true });
  const data = path.join(dir, 'data.csv');
  const other = path.join(dir, 'other.csv');
  writeFileSync(data, CSV);
  writeFileSync(other, CSV);
  const design = path.join(dir, 'cell.yaml');
  writeFileSync(design, readFileSync(path.join(ROOT, 'examples/cells/liion-nmc811-graphite.yaml')));
  // a scenario inside the folder `simulate --out` would write, under the name of one of its outputs
  const simDir = path.join(dir, 'sim');
  mkdirSync(simDir);
  const scenario = path.join(simDir, 'metrics.json');
  writeFileSync(scenario, readFileSync(path.join(ROOT, 'examples/canada-winter-commute.yaml')));
  const link = path.join(dir, 'link.csv');
  spawnSync('ln', ['-s', data, link]);
  const cols = ['--columns', 'time=time_s,current=current_A,voltage=voltage_V', '--current-sign', 'discharge-positive'];
  const cases: [string, string[], string][] = [
    ['import --out <the input>', ['import', data, ...cols, '--out', data], data],
    ['import --out <a symlink to the input>', ['import', data, ...cols, '--out', link], data],
    ['fit --out <the --ocv file>', ['fit', '--ocv', data, '--hppc', other, '--capacity-ah', '2.9', '--out', data], data],
    ['fit --report <the --hppc file>', ['fit', '--ocv', other, '--hppc', data, '--capacity-ah', '2.9', '--out', path.join(dir, 'm.json'), '--report', data], data],
    ['train-soc --out <the --data file>', ['train-soc', '--data', data, '--out', data], data],
    ['design --emit <the design file>', ['design', design, '--emit', design], design],
    ['estimate --report <the data file>', ['estimate', '--model', 'liion-nmc811-graphite', '--data', data, '--method', 'coulomb', '--report', data], data],
    ['simulate --out <the folder holding the scenario as metrics.json>', ['simulate', scenario, '--out', simDir], scenario],
  ];
  for (const [what, args, input] of cases) {
    const before = hash(input);
    const r = ssb(...args);
    assert.equal(r.code, 2, `${what}: exit ${r.code}\n${r.stderr}`);
    const line = oneLine(r.stderr);
    assert.match(line, /refusing to overwrite an input/, what);
    assert.ok(line.includes(path.basename(input)), `${what}: names the input: ${line}`);
    assert.equal(hash(input), before, `${what}: the input changed`);
  }
  assert.deepEqual(readdirSync(simDir), ['metrics.json'], 'simulate wrote nothing');
  const empty = ssb('import', data, '--out', '');
  assert.equal(empty.code, 2);
  assert.match(oneLine(empty.stderr), /--out.*empty/);
});

test('an output that cannot be written: one line in plain words with the path, exit 1 for a full disk and 2 for a bad path', () => {
  const data = path.join(TMP, 'w.csv');
  writeFileSync(data, CSV);
  const cols = ['--columns', 'time=time_s,current=current_A,voltage=voltage_V', '--current-sign', 'discharge-positive'];
  const full = ssb('import', data, ...cols, '--out', '/dev/full');
  assert.equal(full.code, 1, full.stderr);
  assert.match(oneLine(full.stderr), /cannot write \/dev\/full: disk full/);
  const folder = ssb('import', data, ...cols, '--out', TMP);
  assert.equal(folder.code, 2, folder.stderr);
  assert.match(oneLine(folder.stderr), /is a folder/);
  const underFile = ssb('import', data, ...cols, '--out', path.join(data, 'x.csv'));
  assert.equal(underFile.code, 2, underFile.stderr);
  assert.match(oneLine(underFile.stderr), /is a file, not a folder/);
  const proc = ssb('import', data, ...cols, '--out', '/proc/ssb-test/x.csv');
  assert.equal(proc.code, 2, proc.stderr);
  assert.match(oneLine(proc.stderr), /cannot write \/proc\/ssb-test/);
  // a read-only folder (root ignores permissions: run the CLI as nobody then)
  const ro = path.join(TMP, 'ro');
  mkdirSync(ro);
  chmodSync(TMP, 0o755);
  chmodSync(ro, 0o555);
  chmodSync(data, 0o644);
  const asRoot = process.getuid?.() === 0;
  const r = spawnSync(process.execPath, [CLI, 'import', data, ...cols, '--out', path.join(ro, 'x.csv')], { cwd: ROOT, encoding: 'utf8', ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
  assert.equal(r.status, 2, r.stderr);
  assert.match(oneLine(r.stderr), /cannot write .*ro\/x\.csv: permission denied/);
  assert.deepEqual(readdirSync(ro), []);
});

/** Start a CLI run in the background; resolves its exit code and stderr, with the time from `mark()` to the exit. */
function background(args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SSB_EPA_DIR: process.env.SSB_EPA_DIR ?? EPA } });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => (stdout += d));
  let t0 = 0;
  const done = new Promise<{ code: number | null; stderr: string; stdout: string; after_s: number }>((res) =>
    child.on('exit', (code) => res({ code, stderr, stdout, after_s: (performance.now() - t0) / 1000 })),
  );
  return {
    child,
    done,
    stderr: () => stderr,
    signal(sig: NodeJS.Signals) {
      t0 = performance.now();
      child.kill(sig);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, what: string, timeout_ms = 30_000): Promise<void> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > timeout_ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Start a CLI run, wait until `started(run)` (a file or an stderr line shows it is under way), then
 * `delay_ms` more, send `sig`; asserts exit 130 / 143 within 5 s of the signal (about a second on
 * an idle machine; the bound leaves room for a loaded one). Returns the run's result.
 */
async function interruptRun(args: string[], started: (run: ReturnType<typeof background>) => boolean, delay_ms: number, sig: keyof typeof EXIT_CODES) {
  const run = background(args);
  await waitFor(() => started(run), 'the run to start');
  await sleep(delay_ms);
  run.signal(sig);
  const r = await run.done;
  assert.equal(r.code, EXIT_CODES[sig], r.stderr);
  assert.ok(r.after_s < 5, `stopped ${r.after_s.toFixed(1)} s after ${sig}`);
  return r;
}

/** year-in-toronto with the CSV on too (both streams checked). */
function longScenario(): string {
  const f = path.join(TMP, 'year.yaml');
  if (!existsSync(f)) writeFileSync(f, readFileSync(path.join(ROOT, 'examples/year-in-toronto.yaml'), 'utf8').replace(/csv: false/, 'csv: true'));
  return f;
}

for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(`${sig} stops a long simulate within about a second: exit ${code}, Arrow and CSV complete, metrics.json marks the run stopped early${sig === 'SIGINT' ? '; a second run into the same folder is refused meanwhile' : ''}`, async () => {
    const out = path.join(TMP, `sim-${sig}`);
    const run = background(['simulate', longScenario(), '--out', out]);
    await waitFor(() => existsSync(path.join(out, 'timeseries.arrow.partial')), 'the run to start');
    if (sig === 'SIGINT') {
      const second = ssb('simulate', longScenario(), '--out', out);
      assert.equal(second.code, 2, second.stderr);
      assert.match(oneLine(second.stderr), new RegExp(`being written by another run: .*PID ${run.child.pid}`));
    }
    await sleep(2000);
    run.signal(sig);
    const r = await run.done;
    assert.equal(r.code, code, r.stderr);
    // about a second on an idle machine; the bound leaves room for a loaded one
    assert.ok(r.after_s < 8, `stopped ${r.after_s.toFixed(1)} s after ${sig}`);
    assert.match(r.stderr, new RegExp(`interrupted by ${sig} .*outputs of the part simulated are in ${out.replace(/[/\\]/g, '.')}`));
    const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
    assert.equal(m.stopped_early, true);
    assert.ok(m.simulated_days > 0 && m.simulated_days < 365);
    const table = tableFromIPC(readFileSync(path.join(out, 'timeseries.arrow')));
    assert.ok(table.numRows > 10);
    const lines = readFileSync(path.join(out, 'timeseries.csv'), 'utf8').split('\n');
    assert.equal(lines.pop(), '', 'the CSV ends with a whole row');
    const nCols = lines[0].split(',').length;
    for (const l of lines) assert.equal(l.split(',').length, nCols);
    assert.equal(lines.length - 1, table.numRows, 'CSV and Arrow hold the same rows');
    assert.deepEqual(readdirSync(out).sort(), ['cell-params.json', 'metrics.json', 'report.html', 'timeseries.arrow', 'timeseries.csv'], 'no .partial, no lock left');
  });
}

test('SIGINT stops the worker-based faults campaign: workers terminated, the cases finished summarised, exit 130', async () => {
  const run = background(['faults', path.join(ROOT, 'examples/canada-winter-commute.yaml'), '--cases', '200', '--workers', '2', '--json']);
  await sleep(2500);
  run.signal('SIGINT');
  const r = await run.done;
  assert.equal(r.code, 130, r.stderr);
  assert.ok(r.after_s < 5, `stopped ${r.after_s.toFixed(1)} s after SIGINT`);
  const j = JSON.parse(r.stdout);
  assert.equal(j.interrupted, true);
  assert.equal(j.cases_planned, 200);
  assert.ok(j.results.length < 200);
});

test('SIGTERM stops abuse between and within runs: the runs finished written marked interrupted, exit 143, the lock released', async () => {
  const out = path.join(TMP, 'abuse-TERM');
  const files = ['external-short', 'normal-arizona-summer'].map((f) => path.join(ROOT, `examples/abuse/${f}.yaml`));
  // the 4 short-circuit runs take ~0.5 s each; the normal-use runs several seconds
  const r = await interruptRun(['abuse', ...files, '--out', out], (run) => run.stderr().includes('normal-arizona-summer'), 300, 'SIGTERM');
  assert.match(r.stderr, /interrupted by SIGTERM: \d of 8 runs finished; their results are in .*metrics\.json has interrupted: true/);
  const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  assert.equal(m.interrupted, true);
  assert.equal(m.runs_planned, 8);
  assert.ok(m.results.length >= 4 && m.results.length < 8, `${m.results.length} runs`);
  assert.equal(m.runs_finished, m.results.length);
  assert.ok(m.results.every((x: { verdict: string }) => x.verdict !== 'invalid'));
  assert.match(readFileSync(path.join(out, 'report.html'), 'utf8'), /of 8 \(interrupted\)/);
  assert.deepEqual(readdirSync(out).sort(), ['metrics.json', 'report.html'], 'no lock left');
});

test('SIGINT stops balancing within a variant: the variants finished written marked interrupted, exit 130, the lock released', async () => {
  const out = path.join(TMP, 'balancing-INT');
  // 5 variants of the 3-day standard cycle, ~2 s each
  const r = await interruptRun(['balancing', path.join(ROOT, 'examples/canada-winter-commute.yaml'), '--standard', '--out', out], () => existsSync(path.join(out, '.ssb-lock')), 3000, 'SIGINT');
  assert.match(r.stderr, /interrupted by SIGINT: \d of 5 variants finished; their results are in .*balancing\.json has interrupted: true/);
  const j = JSON.parse(readFileSync(path.join(out, 'balancing.json'), 'utf8'));
  assert.equal(j.interrupted, true);
  assert.equal(j.variants_planned, 5);
  assert.ok(j.rows.length < 5);
  assert.equal(j.variants_finished, j.rows.length);
  assert.match(readFileSync(path.join(out, 'balancing.txt'), 'utf8'), /interrupted by SIGINT: \d of 5 variants finished/);
  assert.deepEqual(readdirSync(out).sort(), ['balancing.json', 'balancing.txt'], 'no lock left');
});

test('SIGINT stops a design sweep: the points evaluated are in sweep.csv (whole rows) and the report, marked interrupted, exit 130', async () => {
  const out = path.join(TMP, 'sweep-INT');
  // 100 × 200 = 20 000 designs (the most a sweep takes), ~3 s in all
  const axes = ['--sweep', 'separator.thickness_um=10:49.6:0.4', '--sweep', 'cathode.loading_mAh_cm2=2:5.98:0.02'];
  const r = await interruptRun(
    ['design', path.join(ROOT, 'examples/cells/sulfide-lpscl-anode-free.yaml'), ...axes, '--out', out, '--json'],
    () => existsSync(path.join(out, '.ssb-lock')),
    700,
    'SIGINT',
  );
  const m = /interrupted by SIGINT: (\d+) of 20000 sweep points of .* evaluated; they are in .*sweep\.csv/.exec(r.stderr);
  assert.ok(m, r.stderr);
  const n = Number(m[1]);
  assert.ok(n > 0 && n < 20000);
  const j = JSON.parse(r.stdout);
  assert.equal(j.sweep.interrupted, true);
  assert.equal(j.sweep.points_planned, 20000);
  assert.equal(j.sweep.points, n);
  const lines = readFileSync(path.join(out, 'sweep.csv'), 'utf8').split('\n');
  assert.equal(lines.pop(), '');
  assert.equal(lines.length - 1, n);
  const nCols = lines[0].split(',').length;
  for (const l of lines) assert.equal(l.split(',').length, nCols);
  assert.match(readFileSync(path.join(out, 'report.html'), 'utf8'), new RegExp(`sweep interrupted: ${n} of 20000 points`));
  assert.ok(!existsSync(path.join(out, '.ssb-lock')), 'no lock left');
});

test('SIGINT stops train-soc between mini-batches: the weights of the last finished epoch written, provenance marked interrupted, exit 130', async () => {
  // 30 min of the 2 Ah test cell at 1 s (Panasonic layout), 2000 epochs: minutes of training
  const model = makeTestEcm({ capacity_Ah: 2 });
  const I = drivePulseCurrent(new Rng(5), 1800, 1, model.capacity_As, 1);
  const truth = simulateEcm(model, I, 1, 1, 298.15);
  const rowsText = Array.from(I, (i, k) => `${k},${truth.voltage_V[k].toFixed(5)},${(-i).toFixed(5)},0,0,0,25,NaN`);
  const data = path.join(TMP, 'train.csv');
  writeFileSync(data, `Time,Voltage,Current,Ah,Wh,Power,Battery_Temp_degC,Chamber_Temp_degC\n${rowsText.join('\n')}\n`);
  const out = path.join(TMP, 'nn-INT.json');
  const r = await interruptRun(['train-soc', '--data', data, '--out', out, '--epochs', '2000', '--capacity-ah', '2'], (run) => /epoch 2:/.test(run.stderr()), 500, 'SIGINT');
  const m = /interrupted by SIGINT: wrote .*nn-INT\.json with the weights after epoch (\d+) of 2000/.exec(r.stderr);
  assert.ok(m, r.stderr);
  const w = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(w.provenance.interrupted, true);
  assert.equal(w.provenance.epochsFinished, Number(m[1]));
  // the RMSE of that epoch as logged
  const logged = new RegExp(`epoch ${m[1]}: training RMSE ([\\d.]+) %`).exec(r.stderr);
  assert.ok(logged);
  assert.equal((100 * w.provenance.trainRmse).toFixed(2), logged[1]);
  assert.ok(Number.isFinite(createSocEstimator('nn', makeTestEcm(), { weights: w }).update(1, 3.9, 298.15, 1)));
});

test('SIGTERM stops a long runaway-test in chunks: the outputs cover the time simulated, marked interrupted, exit 143', async () => {
  // 400 cells for 10 h of test time: ~6 s (the 12-cell examples take ~1 s)
  const spec = path.join(TMP, 'runaway-400.yaml');
  writeFileSync(
    spec,
    readFileSync(path.join(ROOT, 'examples/runaway/oxide.yaml'), 'utf8').replace('series: 12', 'series: 200').replace('parallel: 1', 'parallel: 2').replace('end_time_s: 3600', 'end_time_s: 36000'),
  );
  const out = path.join(TMP, 'runaway-TERM');
  const r = await interruptRun(['runaway-test', spec, '--out', out], () => existsSync(path.join(out, '.ssb-lock')), 1500, 'SIGTERM');
  assert.match(r.stderr, /interrupted by SIGTERM at [\d.]+ s of 36000 s: the results \(verdict included\) cover that part only; they are in .*metrics\.json has interrupted: true/);
  const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  assert.equal(m.interrupted, true);
  assert.ok(m.interrupted_at_s > 0 && m.interrupted_at_s < 36000);
  assert.match(readFileSync(path.join(out, 'report.html'), 'utf8'), /interrupted at [\d.]+ s/);
  assert.deepEqual(readdirSync(out).sort(), ['metrics.json', 'report.html'], 'no temporary file, no lock left');
});

test('a stale lock (its process gone) is taken over with a warning', () => {
  const out = path.join(TMP, 'stale');
  mkdirSync(out);
  // PID 2^22 + 1 is above Linux's pid_max: no such process
  writeFileSync(
    path.join(out, '.ssb-lock'),
    JSON.stringify({ pid: 4194305, host: spawnSync('hostname', { encoding: 'utf8' }).stdout.trim(), started: '2026-01-01T00:00:00Z', command: 'ssb simulate x' }),
  );
  const r = ssb('runaway-test', path.join(ROOT, 'examples/runaway/oxide.yaml'), '--out', out, '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /stale lock of ssb simulate x \(PID 4194305.*taking over/);
  assert.deepEqual(readdirSync(out).sort(), ['metrics.json', 'report.html']);
});
