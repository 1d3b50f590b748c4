#!/usr/bin/env node
/**
 * `ssb` — the command line. Composition root only: parse arguments, call core/io, print.
 * Exit codes: 0 success, 1 runtime failure, 2 bad input or usage.
 */
import { Command, CommanderError } from 'commander';
import { InputError, NumericalError } from '../../packages/core/errors.js';
import { simulateCommand } from './simulate.js';
import { cellsCommand } from './cells.js';
import { designCommand } from './design.js';
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
  .command('design')
  .argument('<files...>', 'cell design files (YAML), e.g. examples/cells/oxide-llzo.yaml')
  .option('--json', 'print one JSON object per design (an array for several files)')
  .option('--report <file>', 'write the HTML report (one design file)')
  .option('-o, --out <dir>', 'write report.html, design.json, cell-params.json (and sweep.csv) per design')
  .option('--emit <file>', 'write the simulator cell parameters (JSON) for `ssb simulate`')
  .option('--csv <file>', 'write the sweep as CSV')
  .option('--sweep <spec>', 'sweep a numeric field: path=start:stop:step or path=v1,v2 (repeatable; all combinations)', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .option('--no-compare', 'skip the liquid-electrolyte NMC811/graphite reference')
  .description('evaluate cell designs: capacity, energy, Wh/kg and Wh/L with the pressure fixture, layer resistances, CCD-limited charge rate, cost and CO2 per kWh; sweeps with a Pareto front')
  .addHelpText('after', '\nExamples:\n  ssb design examples/cells/*.yaml\n  ssb design examples/cells/oxide-llzo.yaml --report out/oxide.html --emit out/oxide-params.json\n  ssb design examples/cells/sulfide-lpscl-anode-free.yaml --sweep separator.thickness_um=10:50:5 --sweep cathode.loading_mAh_cm2=2:6:0.5 --out out/sweep\n')
  .action(async (files: string[], opts: { json?: boolean; report?: string; out?: string; emit?: string; csv?: string; sweep: string[]; compare: boolean }) => {
    process.exitCode = await designCommand(files, opts);
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
