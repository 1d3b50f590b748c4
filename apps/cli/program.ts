/**
 * The `ssb` command line as data: every command, argument and option with its help text and
 * default, built without side effects and without loading the core. Each action imports its
 * command module only when it runs (`await import('./simulate.js')`), so `ssb --version` and
 * `ssb --help` load commander and this file only (tests/cli-startup.test.ts checks that), and the
 * generated reference (docs/reference/cli.md, apps/cli/docs.ts) reads the same definitions.
 *
 * Type-only imports below are erased at compile time; a value import of a command module here
 * would load it (and the core behind it) on every start.
 */
import { Command } from 'commander';
import type { ImportCliOpts } from './import.js';
import type { FitCliOpts } from './fit.js';
import type { TrainSocCliOpts } from './train-soc.js';
import { choices, namesInProse, registryHelp, scenarioNamesHelp } from './registry-help.js';
import type { EstimateCliOpts } from './estimate.js';
import type { FaultsCliOpts } from './faults.js';
import type { BalancingCliOpts } from './balancing.js';
import type { TrainBtmsCliOpts, BtmsStudyCliOpts } from './btms.js';
import { VERSION } from './version.js';

/**
 * The options every command that reads measured data shares (`import`, `fit`, `estimate`,
 * `train-soc`): `--columns <map>` and `--current-sign <sign>` (parsed by measured-options.ts).
 */
export function addMeasuredOptions(cmd: Command): Command {
  return cmd
    .option(
      '--columns <map>',
      'column mapping for files not recognised by their header, e.g. "time=Test_Time(s),current=I[mA],voltage=Voltage(V),temperature=T(°C)" ' +
        '(keys time, current, voltage, temperature, step; a unit in [brackets] when the header has none)',
    )
    .option('--current-sign <sign>', "sign of the file's current while discharging: discharge-positive or discharge-negative (needed with --columns)");
}

/** The `ssb` program: parse with `buildProgram().parseAsync(argv)`; errors surface as CommanderError (exitOverride). */
export function buildProgram(): Command {
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
    .addHelpText('after', scenarioNamesHelp() + '\nExample:\n  ssb simulate examples/canada-winter-commute.yaml --out out/canada\n')
    .action(async (file: string, opts: { out: string; json?: boolean; compare: boolean }) => {
      const { simulateCommand } = await import('./simulate.js');
      process.exitCode = await simulateCommand(file, opts);
    });

  program
    .command('cells')
    .description('list the built-in cell presets: capacity, energy, mass, volume, Wh/kg, Wh/L, resistance at 25 °C and −20 °C, and the design file and family each is defined by')
    .option('--json', 'print JSON')
    .addHelpText('after', registryHelp("Presets (a scenario's cell:, ssb estimate --model)", 'cell preset'))
    .action(async (opts: { json?: boolean }) => {
      const { cellsCommand } = await import('./cells.js');
      cellsCommand(opts);
    });

  addMeasuredOptions(
    program
      .command('import')
      .argument('<file>', 'measured time series: CSV or gzip CSV (Panasonic 18650PF, Arbin, Battery Data Format, Maccor, Neware, BioLogic text, Digatron, or any CSV with --columns)')
      .description('read a measured file, print what was recognised (format, columns, sign, rows, duration, sampling, gaps, ranges); optionally write it normalised')
      .option('--json', 'print the import info (JSON) with the value ranges')
      .option('-o, --out <csv>', 'write the normalised series: time_s, current_A (positive on discharge), voltage_V, temp_K'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  ssb import ../shared/data/panasonic-18650pf/drive-cycles/25degC_US06_Pan18650PF.csv.gz\n' +
        '  ssb import log.csv --columns "time=t[min],current=I[mA],voltage=U[mV],temperature=T(°C)" --current-sign discharge-negative --out log-si.csv\n',
    )
    .action(async (file: string, opts: ImportCliOpts) => {
      const { importCommand } = await import('./import.js');
      process.exitCode = await importCommand(file, opts);
    });

  addMeasuredOptions(
    program
      .command('fit')
      .description('fit a temperature-dependent 2-RC ECM with OCV hysteresis from a low-rate OCV test and HPPC tests; writes the model file and an HTML fit report')
      .requiredOption('--ocv <file>', 'low-rate (C/20) discharge–charge test')
      .requiredOption('--hppc <file>', 'HPPC test (repeat for each temperature)', (v: string, prev: string[] = []) => [...prev, v])
      .requiredOption('--capacity-ah <Ah>', 'nominal capacity (pulse threshold C/50 and a cross-check; the model keeps the measured usable capacity)')
      .requiredOption('-o, --out <file>', 'model file to write (JSON, schema ssb-twin/ecm-model v1)')
      .option('--report <file>', 'HTML fit report (default: beside the model, .json → .html)')
      .option('--name <text>', 'name stored in the model file')
      .option(
        '--no-slow-rc',
        "do not fit the slow RC branch (τ of minutes) on the HPPC long rests; by default the file's RC pairs are the pulse-scale pair and that slow one, the fastest pair merged into R0 (what drive cycles need)",
      )
      .option(
        '--dynamic <file>',
        'one drive cycle with regen, starting from a full charge: calibrates the minor hysteresis loops (γ, exponent) and the in-service capacity on it by the open-loop voltage error (leave it out of any score)',
      )
      .option('--dynamic-initial-soc <soc>', 'SoC at the first sample of the --dynamic file', '1')
      .option('--json', 'print a JSON summary instead of the text one'),
  )
    .addHelpText(
      'after',
      '\nExample:\n  D=../shared/data/panasonic-18650pf/characterisation\n  ssb fit --ocv $D/C20_OCV_Test_C20_25dC.csv.gz --hppc $D/25degC_5Pulse_HPPC_Pan18650PF.csv.gz --hppc $D/0degC_5pulse_HPPC_Pan18650PF.csv.gz --capacity-ah 2.9 --out out/pan-model.json\n',
    )
    .action(async (opts: FitCliOpts) => {
      const { fitCommand } = await import('./fit.js');
      process.exitCode = await fitCommand(opts);
    });

  addMeasuredOptions(
    program
      .command('train-soc')
      .description('train the neural-network SoC estimator (nn) on measured drive logs; reference SoC = Coulomb counting from a known initial SoC')
      .requiredOption('--data <files...>', 'measured files (CSV or gzip CSV), each starting at the reference initial SoC')
      .requiredOption('-o, --out <json>', 'weights file to write (schema ssb-twin/nn-soc, version 1)')
      .option('--capacity-ah <Ah>', 'nominal capacity for the reference Coulomb count', '2.9')
      .option('--reference-initial-soc <soc>', 'SoC at the first sample of every file (1.0 = starts full)', '1.0')
      .option('--epochs <n>', 'training epochs (default 8)')
      .option('--hidden <widths>', 'hidden-layer widths, comma-separated (default 32,32; at most 16 layers and 1 000 000 weights)')
      .option('--seed <n>', 'seed of the initial weights and batch order', '1')
      .option('--quiet', 'no progress on stderr'),
  )
    .addHelpText(
      'after',
      "\nExit codes: 0 trained; 2 bad input (files, options, data outside a cell's physical range, a reference SoC that never moves); 1 training did not converge (final training RMSE above 10 % SoC: the weights are written for inspection, not for use).\n\nExample:\n  ssb train-soc --data ../shared/data/panasonic-18650pf/drive-cycles/25degC_*.csv.gz --out nn.json\n",
    )
    .action(async (opts: TrainSocCliOpts) => {
      const { trainSocCommand } = await import('./train-soc.js');
      process.exitCode = await trainSocCommand(opts);
    });

  program
    .command('design')
    .argument('<files...>', 'cell design files (YAML), e.g. examples/cells/oxide-llzo.yaml')
    .option('--json', 'print one JSON object per design (an array for several files)')
    .option('--report <file>', 'write the HTML report (one design file)')
    .option('-o, --out <dir>', 'write report.html, design.json, cell-params.json (and sweep.csv) per design')
    .option('--emit <file>', 'write the simulator cell parameters (JSON) for `ssb simulate`')
    .option('--csv <file>', 'write the sweep as CSV')
    .option('--sweep <spec>', 'sweep a numeric field: path=start:stop:step or path=v1,v2 (repeatable; all combinations, at most 20 000)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--no-compare', 'skip the liquid-electrolyte NMC811/graphite reference')
    .description('evaluate cell designs: capacity, energy, Wh/kg and Wh/L with the pressure fixture, layer resistances, CCD-limited charge rate, cost and CO2 per kWh; sweeps with a Pareto front')
    .addHelpText(
      'after',
      '\nExamples:\n  ssb design examples/cells/*.yaml\n  ssb design examples/cells/oxide-llzo.yaml --report out/oxide.html --emit out/oxide-params.json\n  ssb design examples/cells/sulfide-lpscl-anode-free.yaml --sweep separator.thickness_um=10:50:5 --sweep cathode.loading_mAh_cm2=2:6:0.5 --out out/sweep\n',
    )
    .action(async (files: string[], opts: { json?: boolean; report?: string; out?: string; emit?: string; csv?: string; sweep: string[]; compare: boolean }) => {
      const { designCommand } = await import('./design.js');
      process.exitCode = await designCommand(files, opts);
    });

  program
    .command('bms-topologies')
    .argument('[file]', 'pack file (series, parallel, groups_per_module, temp_sensors_per_module; or under pack:) or scenario file; default 96s3p, 12 groups per module')
    .option('--json', 'print one JSON object: pack, groups_per_module, topologies (one row each)')
    .description(`compare the ${namesInProse('BMS topology')} BMS topologies for a pack: boards, channels, wires, bus nodes, latency, indicative cost, what one board or the bus takes down`)
    .addHelpText(
      'after',
      registryHelp("Topologies (a scenario's bms.topology)", 'BMS topology') + '\nExamples:\n  ssb bms-topologies\n  ssb bms-topologies examples/canada-winter-commute.yaml --json\n',
    )
    .action(async (file: string | undefined, opts: { json?: boolean }) => {
      const { bmsTopologiesCommand } = await import('./bms-topologies.js');
      process.exitCode = bmsTopologiesCommand(file, opts);
    });

  program
    .command('faults')
    .argument('<scenario>', 'scenario file (YAML); each case runs its first schedule event with one random fault')
    .requiredOption('--cases <n>', 'number of randomized cases (at most 100 000)')
    .option('--seed <n>', 'seed of the case draw', '1')
    .option('--workers <n>', 'worker threads (default: all cores)')
    .option('--json', 'print ONE object: cases, unsafe_cases, by_class (class → {cases, detected, unsafe, mean_detection_s}), results')
    .option('--verbose', 'list every case')
    .description(
      'fault-injection campaign: randomized sensor, board, internal-short and cooling-loss faults; per class the fraction detected, the detection delay and whether an unsafe state occurred',
    )
    .addHelpText('after', '\nExample:\n  ssb faults examples/canada-winter-commute.yaml --cases 40 --seed 1 --json\n')
    .action(async (file: string, opts: FaultsCliOpts) => {
      const { faultsCommand } = await import('./faults.js');
      process.exitCode = await faultsCommand(file, opts);
    });

  program
    .command('balancing')
    .argument('<scenario>', 'scenario file (YAML); its pack, cell, BMS and seed are used')
    .option('--standard', "run the standard balancing cycle (3 days at 25 °C, nightly charge to 95 %, two commutes a day, SoC σ 3 %, capacity σ 2 %) on the scenario's pack instead of the scenario")
    .option('--balanced-spread-pct <pct>', 'true group-SoC spread counted as balanced (default 0.5)')
    .option('--json', 'print ONE object: scenario, configuration, rows (variant, dissipated_Wh, moved_Wh, converter_loss_Wh, usable_Ah, usable_gain_Ah, time_to_balance_h, soc_spread_final_pct, …)')
    .option('-o, --out <dir>', 'write balancing.json and balancing.txt here')
    .description(
      'compare cell balancing on one pack: none, passive-top, passive-bottom, active-top, active-bottom — energy dissipated and moved, converter loss, usable capacity gained, time to balance, final SoC spread',
    )
    .addHelpText('after', '\nExample:\n  ssb balancing examples/canada-winter-commute.yaml --standard\n')
    .action(async (file: string, opts: BalancingCliOpts) => {
      const { balancingCommand } = await import('./balancing.js');
      process.exitCode = await balancingCommand(file, opts);
    });

  program
    .command('runaway-test')
    .argument('<file>', 'runaway module file (YAML), e.g. examples/runaway/oxide.yaml')
    .option('--json', 'print one JSON object (propagated, cells_in_runaway, first_neighbour_onset_s, peak_temp_C, per-cell results)')
    .option('-o, --out <dir>', 'write metrics.json and report.html (temperature of every cell, onset markers) here')
    .description('thermal-runaway initiation and propagation test (TRIM-like): heat one cell of a module, follow whether its neighbours pass onset')
    .addHelpText('after', '\nExample:\n  ssb runaway-test examples/runaway/liquid.yaml --out out/runaway-liquid\n')
    .action(async (file: string, opts: { json?: boolean; out?: string }) => {
      const { runawayTestCommand } = await import('./safety.js');
      process.exitCode = await runawayTestCommand(file, opts);
    });

  program
    .command('abuse')
    .argument('[files...]', 'abuse procedure files (YAML), e.g. examples/abuse/hot-box.yaml')
    .option('--all', 'run every procedure in examples/abuse')
    .option('--cell <preset>', 'run on this cell (preset id or parameter file) instead of the cells the procedure lists')
    .option('--json', 'print one JSON object: results (verdict, hazard level, criteria, early-warning lead time) and the early-warning score')
    .option('-o, --out <dir>', 'write metrics.json and report.html here')
    .description(
      'abuse and reliability procedures (overcharge, external short, hot box, loss of cooling, cycle life, temperature cycling) with a verdict and hazard level, and the early-warning score',
    )
    .addHelpText('after', '\nExamples:\n  ssb abuse examples/abuse/hot-box.yaml\n  ssb abuse --all --out out/abuse\n')
    .action(async (files: string[], opts: { all?: boolean; cell?: string; json?: boolean; out?: string }) => {
      const { abuseCommand } = await import('./safety.js');
      process.exitCode = await abuseCommand(files, opts);
    });

  addMeasuredOptions(
    program
      .command('estimate')
      .description('run one SoC estimator (the BMS code) over a measured file and score it against the Coulomb-counted reference SoC')
      .requiredOption('--model <file>', 'fitted model (ssb fit --out), a cell parameter file, or a cell preset id')
      .requiredOption('--data <file>', 'measured file (CSV or gzip CSV; any layout ssb import reads)')
      .requiredOption('--method <name>', `SoC estimator: ${choices('SoC estimator')} (listed below)`)
      .option('--weights <file>', 'nn weights (ssb train-soc --out); e.g. models/nn-soc-panasonic-25C.json')
      .option('--initial-soc <soc>', "estimator's initial SoC (default: it initialises itself from the first voltage)")
      .option('--reference-initial-soc <soc>', 'SoC of the reference at the first sample', '1.0')
      .option('--capacity-ah <Ah>', "nominal capacity of the reference Coulomb count (default: the model's)")
      .option('--temp-c <C>', 'temperature given to the estimator when the file has no temperature column', '25')
      .option('--json', 'print one JSON object: method, samples, rmse_pct, max_abs_pct, final_abs_pct, us_per_update, …')
      .option('--report <file>', 'HTML report: estimate vs reference, error, voltage, current, temperature'),
  )
    .addHelpText(
      'after',
      registryHelp('Methods', 'SoC estimator', (e) => (e.needs ? ` — needs --${e.needs.option} FILE: ${e.needs.what}` : '')) +
        '\nExample:\n  ssb estimate --model out/pan-model.json --data ../shared/data/panasonic-18650pf/drive-cycles/25degC_US06_Pan18650PF.csv.gz --method ekf --capacity-ah 2.9 --json\n',
    )
    .action(async (opts: EstimateCliOpts) => {
      const { estimateCommand } = await import('./estimate.js');
      process.exitCode = await estimateCommand(opts);
    });

  program
    .command('train-btms')
    .description('train the ML-assisted BTMS temperature model (ridge regression) on simulated one-day runs with an exploration controller')
    .requiredOption('-o, --out <json>', 'model file to write (schema ssb-twin/btms-temp-model), e.g. models/btms-temp-30min.json')
    .option('--horizon-min <min>', 'prediction horizon [min] (30)')
    .option('--seed <n>', 'seed of the exploration (1)')
    .option('--quick', 'fewer training runs (24 instead of 84)')
    .option('--json', 'print the provenance (rows, hold-out RMSE) as JSON')
    .action(async (opts: TrainBtmsCliOpts) => {
      const { trainBtmsCommand } = await import('./btms.js');
      process.exitCode = await trainBtmsCommand(opts);
    });

  program
    .command('btms-study')
    .argument('[file]', 'study file (YAML) overriding the matrix: controllers, temps_C, solar, duties, cells, series, parallel, hardware, model')
    .option(
      '--json',
      'print one JSON object: summary[controller][climate] and results[controller][climate][duty][cell] with time_outside_window_pct, thermal_energy_kWh, range_km, charge_time_s, ageing_capacity_loss_pct',
    )
    .option('-o, --out <dir>', 'write study.json and report.html (heat maps) here')
    .option('--quick', 'smaller matrix (4 climates × 2 solar × 2 duties × 2 cells × 3 controllers = 96 runs)')
    .option('--workers <n>', 'worker threads (default: available parallelism; 0 = this thread)')
    .description('climate study of the BTMS controllers (thermostat, predictive, ml) over climates −40…+45 °C with/without sun, duties and cells')
    .addHelpText('after', '\nExample:\n  ssb btms-study --out out/btms-study\n')
    .action(async (file: string | undefined, opts: BtmsStudyCliOpts) => {
      const { btmsStudyCommand } = await import('./btms.js');
      process.exitCode = await btmsStudyCommand(file, opts);
    });
  return program;
}
