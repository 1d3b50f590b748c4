/**
 * `ssb balancing scenario.yaml [--standard] [--json] [--out DIR]`: the scenario (or the standard
 * balancing cycle on its pack) run with no balancing, passive-top, passive-bottom, active-top and
 * active-bottom (packages/core/studies/balancing-compare.ts), sequentially; prints one table.
 */
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../packages/io/output-files.js';
import { claimOutputDir } from '../../packages/io/output-lock.js';
import { loadScenario, loadTrace } from '../../packages/io/scenario-loader.js';
import { BALANCING_VARIANTS, compareBalancingAsync, STANDARD_CYCLE_TRACES, type BalancingComparison } from '../../packages/core/studies/index.js';
import { InputError } from '../../packages/core/errors.js';
import { watchSignals, yieldToEventLoop } from './interrupt.js';

export interface BalancingCliOpts {
  json?: boolean;
  out?: string;
  standard?: boolean;
  balancedSpreadPct?: string;
}

export async function balancingCommand(file: string, opts: BalancingCliOpts): Promise<number> {
  const dir = claimOutputDir(opts.out, ['balancing.json', 'balancing.txt'], [file], `ssb balancing ${file}`);
  // watched from the lock on: a signal while loading still ends the run the normal way (lock released)
  // (the watch is kept until the process exits, so a signal while the outputs are written only sets
  // the exit code: the default action would kill the process midway, leaving a temporary file and the lock)
  const sig = watchSignals('balancing');
  const loaded = loadScenario(file);
  const traces = { ...loaded.traces };
  if (opts.standard) for (const n of STANDARD_CYCLE_TRACES) if (!traces[n]) traces[n] = loadTrace(n, dirname(resolve(file)), file);
  let spread: number | undefined;
  if (opts.balancedSpreadPct !== undefined) {
    spread = Number(opts.balancedSpreadPct) / 100;
    if (!(spread > 0 && spread < 1)) throw new InputError('must be a percentage in (0, 100)', { field: '--balanced-spread-pct', value: opts.balancedSpreadPct });
  }
  const t0 = performance.now();
  // one variant at a time, each in chunks: a Ctrl-C / SIGTERM is seen within a fraction of a
  // second; the variant it interrupts is dropped, the variants finished are written, marked interrupted
  const result = await compareBalancingAsync(
    {
      scenario: loaded.scenario,
      cell: loaded.cell,
      traces,
      standard: !!opts.standard,
      ...(spread !== undefined ? { balancedSpread: spread } : {}),
      onVariant: (v, i, n) => {
        if (!opts.json && process.stderr.isTTY) process.stderr.write(`\r${i + 1}/${n} ${v.padEnd(16)}`);
      },
    },
    yieldToEventLoop,
    sig.stopped,
  );
  const wall_s = Math.round((performance.now() - t0) / 10) / 100;
  if (!opts.json && process.stderr.isTTY) process.stderr.write('\n');
  const planned = BALANCING_VARIANTS.length;
  const interrupted = sig.stopped() ? { interrupted: true, variants_planned: planned, variants_finished: result.rows.length } : {};
  const json = JSON.stringify({ ...interrupted, ...result, wall_s }, null, 2) + '\n';
  const table = formatTable(result, wall_s) + (sig.stopped() ? `(interrupted by ${sig.signal}: ${result.rows.length} of ${planned} variants finished)\n` : '');
  if (dir) {
    writeFileAtomic(join(dir, 'balancing.json'), json);
    writeFileAtomic(join(dir, 'balancing.txt'), table);
  }
  if (sig.stopped())
    process.stderr.write(
      `ssb balancing: interrupted by ${sig.signal}: ${result.rows.length} of ${planned} variants finished; ${dir ? `their results are in ${resolve(dir)} (balancing.json has interrupted: true)` : 'the output below covers those'}\n`,
    );
  process.stdout.write(opts.json ? json : table);
  return sig.exitCode(result.rows.some((r) => r.error) ? 1 : 0);
}

function f(x: number | null, d: number, w: number): string {
  return (x === null || !Number.isFinite(x) ? '—' : x.toFixed(d)).padStart(w);
}

export function formatTable(r: BalancingComparison, wall_s: number): string {
  const out = [
    `balancing comparison: ${r.scenario} (${r.configuration}, ${r.simulated_days} d${r.standard_cycle ? ', standard cycle' : ''}), ${wall_s} s`,
    `usable = charge until the first group is full, then discharge until the first is empty (truth); balanced = true group-SoC spread < ${r.balanced_spread_pct} %`,
    '',
    'variant          dissipated Wh  moved Wh  conv. loss Wh  usable Ah  gain Ah  min remaining Ah  balanced after h  half spread after h  SoC spread % (start→end)  Ah spread',
  ];
  for (const x of r.rows) {
    // a run that failed numerically shows no figures
    if (x.error) {
      out.push(`${x.variant.padEnd(15)}  invalid: numerical failure (no result): ${x.error}`);
      continue;
    }
    out.push(
      `${x.variant.padEnd(15)}  ${f(x.dissipated_Wh, 2, 13)}  ${f(x.moved_Wh, 2, 8)}  ${f(x.converter_loss_Wh, 2, 13)}  ${f(x.usable_Ah, 3, 9)}  ${f(x.usable_gain_Ah, 3, 7)}  ${f(x.remaining_min_Ah, 3, 16)}  ${f(x.time_to_balance_h, 2, 16)}  ${f(x.time_to_half_spread_h, 2, 19)}  ${f(x.soc_spread_initial_pct, 2, 12)} → ${f(x.soc_spread_final_pct, 2, 6)}     ${f(x.charge_spread_final_Ah, 3, 9)}`,
    );
  }
  return out.join('\n') + '\n';
}
