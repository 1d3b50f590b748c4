#!/usr/bin/env node
/**
 * `ssb` — the command line. Composition root only: parse arguments, call core/io, print.
 * Exit codes: 0 success, 1 runtime failure, 2 bad input or usage.
 */
import { Command, CommanderError } from 'commander';
import { InputError, NumericalError } from '../../packages/core/errors.js';
import { simulateCommand } from './simulate.js';
import { cellsCommand } from './cells.js';
import { runawayTestCommand, abuseCommand } from './safety.js';
import { VERSION } from './version.js';

const program = new Command();
program
  .name('ssb')
  .description('SSB Twin: solid-state battery cell → pack → BMS/BTMS simulation, design and estimation')
  .version(VERSION)
  .option('--debug', 'print stack traces on errors')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command('simulate')
  .argument('<scenario>', 'scenario file (YAML), e.g. examples/canada-winter-commute.yaml')
  .option('-o, --out <dir>', 'output folder (metrics.json, timeseries.csv/.arrow, report.html)', 'out')
  .option('--json', 'print metrics.json to stdout instead of the summary')
  .option('--no-compare', 'skip the comparison cells listed under compare:')
  .description('run a scenario: pack + BMS + BTMS through the schedule and climate; writes metrics, time series and an HTML report')
  .addHelpText('after', '\nExample:\n  ssb simulate examples/canada-winter-commute.yaml --out out/canada\n')
  .action(async (file: string, opts: { out: string; json?: boolean; compare: boolean }) => {
    process.exitCode = await simulateCommand(file, opts);
  });

program
  .command('cells')
  .description('list the built-in cell presets with capacity, energy and resistance at 25 °C and −20 °C')
  .option('--json', 'print JSON')
  .action((opts: { json?: boolean }) => {
    cellsCommand(opts);
  });

program
  .command('runaway-test')
  .argument('<file>', 'runaway module file (YAML), e.g. examples/runaway/oxide.yaml')
  .option('--json', 'print one JSON object (propagated, cells_in_runaway, first_neighbour_onset_s, peak_temp_C, per-cell results)')
  .option('-o, --out <dir>', 'write metrics.json and report.html (temperature of every cell, onset markers) here')
  .description('thermal-runaway initiation and propagation test (TRIM-like): heat one cell of a module, follow whether its neighbours pass onset')
  .addHelpText('after', '\nExample:\n  ssb runaway-test examples/runaway/liquid.yaml --out out/runaway-liquid\n')
  .action(async (file: string, opts: { json?: boolean; out?: string }) => {
    process.exitCode = await runawayTestCommand(file, opts);
  });

program
  .command('abuse')
  .argument('[files...]', 'abuse procedure files (YAML), e.g. examples/abuse/hot-box.yaml')
  .option('--all', 'run every procedure in examples/abuse')
  .option('--cell <preset>', 'run on this cell (preset id or parameter file) instead of the cells the procedure lists')
  .option('--json', 'print one JSON object: results (verdict, hazard level, criteria, early-warning lead time) and the early-warning score')
  .option('-o, --out <dir>', 'write metrics.json and report.html here')
  .description('abuse and reliability procedures (overcharge, external short, hot box, loss of cooling, cycle life, temperature cycling) with a verdict and hazard level, and the early-warning score')
  .addHelpText('after', '\nExamples:\n  ssb abuse examples/abuse/hot-box.yaml\n  ssb abuse --all --out out/abuse\n')
  .action(async (files: string[], opts: { all?: boolean; cell?: string; json?: boolean; out?: string }) => {
    process.exitCode = await abuseCommand(files, opts);
  });

export function reportError(e: unknown, debug: boolean): number {
  if (e instanceof InputError) {
    process.stderr.write(`ssb: error: ${e.message}\n`);
    if (debug) process.stderr.write(`${e.stack}\n`);
    return 2;
  }
  if (e instanceof NumericalError) {
    process.stderr.write(`ssb: numerical failure: ${e.message}\n`);
    if (debug) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
  process.stderr.write(`ssb: ${(e as Error)?.message ?? String(e)}\n`);
  if (debug) process.stderr.write(`${(e as Error)?.stack}\n`);
  return 1;
}

async function main(): Promise<void> {
  const debug = process.argv.includes('--debug');
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    process.exitCode = reportError(e, debug);
  }
}

// a reader that closes early (`ssb cells | head`) ends the output quietly, not with a stack trace
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
if (process.env.SSB_REPORT_MAXRSS) process.on('exit', () => process.stderr.write(`maxrss_kB=${process.resourceUsage().maxRSS}\n`));
void main();
