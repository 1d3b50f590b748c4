/**
 * `ssb faults scenario.yaml --cases N --seed S [--json] [--workers K]`: a randomized
 * fault-injection campaign (packages/core/studies/campaign.ts) run on worker threads across cores.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { InputError } from '../../packages/core/errors.js';
import { loadScenario } from '../../packages/io/scenario-loader.js';
import { makeCampaignCases, summariseCampaign, type CaseResult } from '../../packages/core/studies/index.js';
import { watchSignals } from './interrupt.js';

export interface FaultsCliOpts {
  cases: string;
  seed: string;
  json?: boolean;
  workers?: string;
  verbose?: boolean;
}

function intOpt(name: string, v: string | undefined, min: number): number {
  const x = Number(v);
  if (!(Number.isInteger(x) && x >= min)) throw new InputError(`must be an integer >= ${min}`, { field: name, value: v });
  return x;
}

export async function faultsCommand(file: string, opts: FaultsCliOpts): Promise<number> {
  const n = intOpt('--cases', opts.cases, 1);
  const seed = intOpt('--seed', opts.seed, 0);
  const loaded = loadScenario(file);
  const cases = makeCampaignCases(loaded.scenario, n, seed);
  const k = Math.max(1, Math.min(n, opts.workers !== undefined ? intOpt('--workers', opts.workers, 1) : os.availableParallelism()));
  const shares = Array.from({ length: k }, (_, i) => cases.filter((_, j) => j % k === i));
  const t0 = performance.now();
  const results: CaseResult[] = [];
  // Ctrl-C / SIGTERM: the workers are terminated; the cases finished are summarised, exit 130 / 143
  const sig = watchSignals('faults');
  const workers: Worker[] = [];
  sig.onStop(() => {
    for (const w of workers) void w.terminate();
  });
  try {
    await Promise.all(
      shares.map(
        (share) =>
          new Promise<void>((resolve, reject) => {
            const w = new Worker(new URL('../../packages/io/studies/faults-worker.js', import.meta.url), { workerData: { file, cases: share } });
            workers.push(w);
            w.on('message', (r: CaseResult) => {
              if (sig.stopped()) return;
              results.push(r);
              if (!opts.json && process.stderr.isTTY) process.stderr.write(`\r${results.length}/${n} cases`);
            });
            w.on('error', reject);
            w.on('exit', (code) => (code === 0 || sig.stopped() ? resolve() : reject(new Error(`fault worker exited with code ${code}`))));
          }),
      ),
    );
  } finally {
    sig.dispose();
  }
  results.sort((a, b) => a.id - b.id);
  if (sig.stopped()) process.stderr.write(`ssb faults: interrupted by ${sig.signal}: ${results.length} of ${n} cases finished; the summary below covers those\n`);
  const summary = summariseCampaign(results);
  const wall_s = Math.round((performance.now() - t0) / 10) / 100;
  if (opts.json) {
    const interrupted = sig.stopped() ? { interrupted: true, cases_planned: n } : {};
    process.stdout.write(JSON.stringify({ scenario: loaded.scenario.name, topology: loaded.scenario.bms.topology, seed, workers: k, wall_s, ...interrupted, ...summary, results }, null, 2) + '\n');
    return sig.exitCode(summary.errors ? 1 : 0);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  const out: string[] = [`fault campaign: ${loaded.scenario.name} (${loaded.scenario.bms.topology}), ${n} cases, seed ${seed}, ${k} workers, ${wall_s} s`, ''];
  out.push('class            cases  detected  unsafe  mean detection s');
  for (const [c, s] of Object.entries(summary.by_class)) {
    out.push(
      `${c.padEnd(15)}  ${String(s.cases).padStart(5)}  ${String(s.detected).padStart(8)}  ${String(s.unsafe).padStart(6)}  ${s.mean_detection_s === null ? '—' : s.mean_detection_s.toFixed(1)}`,
    );
  }
  out.push(
    '',
    `unsafe cases: ${summary.unsafe_cases} of ${summary.cases - summary.errors}${summary.errors ? `; ${summary.errors} run(s) invalid (numerical failure: no result, left out of the table)` : ''}`,
  );
  for (const r of results)
    if (r.unsafe || r.error || opts.verbose)
      out.push(
        r.error
          ? `  #${r.id} ${r.description}: invalid: numerical failure (no result): ${r.error}`
          : `  #${r.id} ${r.description}: ${r.detected ? `detected after ${r.detection_delay_s} s` : 'not detected'}${r.unsafe ? ` — UNSAFE: ${r.unsafe_reason}` : ''}`,
      );
  process.stdout.write(out.join('\n') + '\n');
  return sig.exitCode(summary.errors ? 1 : 0);
}
