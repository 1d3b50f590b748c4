/** `ssb train-btms` and `ssb btms-study`. */
import { progressEnabled } from '../../packages/io/progress.js';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../packages/io/output-files.js';
import { outputPathOption } from '../../packages/io/output-guard.js';
import { claimOutputDir } from '../../packages/io/output-lock.js';
import { reportError } from './report-error.js';
import { watchSignals } from './interrupt.js';
import { VERSION } from './version.js';
import { trainBtmsFromSimulation } from '../../packages/io/btms-train.js';
import { runStudy } from '../../packages/io/studies/btms-study.js';
import { renderStudyReport } from '../../packages/io/btms-study-report.js';
import { DEFAULT_BTMS_MODEL, PROJECT_ROOT, loadBtmsModel } from '../../packages/io/scenario-loader.js';
import { parseYaml, readText } from '../../packages/io/yaml-file.js';
import { assembleResults, studyCases, invalidStudyRuns, parseStudy, quickStudy, strandedStudyRuns, summarise, type StudySummary } from '../../packages/core/studies/index.js';
import { InputError } from '../../packages/core/errors.js';

export interface TrainBtmsCliOpts {
  out: string;
  horizonMin?: string;
  seed?: string;
  quick?: boolean;
  json?: boolean;
}

function posNumber(v: string | undefined, field: string, def: number): number {
  if (v === undefined) return def;
  const x = Number(v);
  if (!Number.isFinite(x) || x <= 0) throw new InputError('must be a positive number', { field, value: v });
  return x;
}

export async function trainBtmsCommand(o: TrainBtmsCliOpts): Promise<number> {
  const debug = process.argv.includes('--debug');
  try {
    const t0 = performance.now();
    const model = trainBtmsFromSimulation({
      horizon_min: posNumber(o.horizonMin, '--horizon-min', 30),
      seed: Math.round(posNumber(o.seed, '--seed', 1)),
      quick: !!o.quick,
      onProgress: (d, n) => tick(`train-btms: simulated ${d}/${n}`),
    });
    if (progressEnabled()) process.stderr.write('\n');
    model.provenance.version = VERSION;
    model.provenance.train_wall_s = Math.round((performance.now() - t0) / 100) / 10;
    writeFileAtomic(resolve(outputPathOption(o.out, '--out') ?? o.out), JSON.stringify(model, null, 1) + '\n');
    if (o.json) process.stdout.write(JSON.stringify(model.provenance, null, 2) + '\n');
    else
      process.stdout.write(
        `wrote ${o.out}: ${model.provenance.rows} rows, hold-out RMSE ${model.provenance.holdout_rmse_min_K} K (coldest) / ${model.provenance.holdout_rmse_max_K} K (hottest) on a ${model.horizon_s / 60} min horizon (rms change ${model.provenance.holdout_rms_change_min_K} / ${model.provenance.holdout_rms_change_max_K} K)\n`,
      );
    return 0;
  } catch (e) {
    return reportError(e, debug);
  }
}

export interface BtmsStudyCliOpts {
  json?: boolean;
  out?: string;
  quick?: boolean;
  workers?: string;
}

export async function btmsStudyCommand(file: string | undefined, o: BtmsStudyCliOpts): Promise<number> {
  const debug = process.argv.includes('--debug');
  try {
    const dir = claimOutputDir(o.out, ['study.json', 'report.html'], [file], `ssb btms-study ${file ?? ''}`);
    let spec = parseStudy(file ? parseYaml(readText(file, 'study file'), file) : {}, file ?? '(defaults)');
    if (o.quick) spec = quickStudy(spec);
    const workers = o.workers === undefined ? undefined : Math.round(Number(o.workers));
    if (workers !== undefined && !(workers >= 0)) throw new InputError('must be a whole number >= 0', { field: '--workers', value: o.workers });
    const model = spec.controllers.includes('ml') ? loadBtmsModel(spec.model ? resolve(dirname(resolve(file!)), spec.model) : resolve(PROJECT_ROOT, DEFAULT_BTMS_MODEL)) : undefined;
    const t0 = performance.now();
    // Ctrl-C / SIGTERM: the workers are terminated, the runs finished are written (study.json has interrupted: true).
    // With --workers 0 the runs block this thread: no handler then (it would only run at the end),
    // a signal ends the study at once.
    const sig = workers === 0 ? null : watchSignals('btms-study');
    const abort = new AbortController();
    sig?.onStop(() => abort.abort());
    let run: Awaited<ReturnType<typeof runStudy>>;
    try {
      run = await runStudy(spec, model, {
        workers,
        abort: abort.signal,
        onProgress: (d, n) => tick(`btms-study: ${d}/${n} runs`),
        ...(file ? { file, baseDir: dirname(resolve(file)) } : {}),
      });
    } finally {
      sig?.dispose();
    }
    const { cases, metrics } = run;
    if (progressEnabled()) process.stderr.write('\n');
    const wall_s = Math.round((performance.now() - t0) / 100) / 10;
    const results = assembleResults(cases, metrics);
    const summary = summarise(results);
    const out = {
      schema: 'ssb-twin/btms-study',
      version: 1,
      shape:
        'results[controller][climate][duty][cell] = metrics; summary[controller][climate] = mean over duties and cells of the runs neither stranded nor failed (counts in runs, stranded_runs, failed_runs, averaged_runs); range_vs_thermostat_pct over the cases both ran unstranded',
      accounting:
        'range_km and consumption_Wh_km book every energy out of the pack (driving and pre-conditioning drawn from the pack while parked); the thermostat baseline gets a departure timer (precondition_min from the pack) of the lead the predictive controller takes from the night low',
      stranded: strandedStudyRuns(results),
      runs: cases.length,
      ...(run.interrupted ? { interrupted: true, runs_planned: studyCases(spec).length } : {}),
      wall_time_s: wall_s,
      matrix: { controllers: spec.controllers, temps_C: spec.temps_C, solar: spec.solar, duties: spec.duties, cells: spec.cells, pack: `${spec.series}s${spec.parallel}p`, hardware: spec.hardware },
      summary,
      results,
    };
    if (dir) {
      writeFileAtomic(join(dir, 'study.json'), JSON.stringify(out, null, 2));
      writeFileAtomic(join(dir, 'report.html'), renderStudyReport(spec.name, results, { runs: cases.length, wall_time_s: wall_s, pack: out.matrix.pack, hardware: spec.hardware, version: VERSION }));
    }
    if (o.json) process.stdout.write(JSON.stringify(out) + '\n');
    else process.stdout.write(studyTable(summary) + `\n${cases.length} runs in ${wall_s} s${o.out ? `; ${join(o.out, 'report.html')}` : ''}\n`);
    if (run.interrupted) {
      process.stderr.write(
        `ssb btms-study: interrupted by ${sig?.signal}: ${cases.length} of ${out.runs_planned} runs finished${dir ? `; their results are in ${dir} (study.json has interrupted: true)` : ''}\n`,
      );
      return sig?.exitCode(130) ?? 130;
    }
    const stranded = strandedStudyRuns(results);
    if (stranded.length)
      process.stderr.write(
        `ssb btms-study: ${stranded.length} run(s) stranded (the vehicle could not complete its drive; left out of the means and of the range comparison):\n${stranded.map((x) => `  ${x}`).join('\n')}\n`,
      );
    // runs that failed numerically are left out of the means and make the study exit 1
    const invalid = invalidStudyRuns(results);
    if (invalid.length) {
      process.stderr.write(`ssb btms-study: ${invalid.length} run(s) invalid (numerical failure, left out of the means):\n${invalid.map((x) => `  ${x}`).join('\n')}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    return reportError(e, debug);
  }
}

/**
 * Text table: per climate, each controller's mean metrics (runs neither stranded nor failed) and the
 * difference to the thermostat; range also as % of the thermostat's over the same unstranded cases.
 */
export function studyTable(summary: StudySummary): string {
  const ctrls = Object.keys(summary);
  const climates = Object.keys(summary[ctrls[0]] ?? {});
  const base = summary.thermostat;
  const f = (v: number | null, d = 1) => (v === null ? '—' : v.toFixed(d));
  const lines = [
    '| climate | controller | runs averaged (stranded) | outside window % | thermal kWh | parked from pack kWh | Wh/km | range km | range vs thermostat, same cases | charge min | capacity loss % |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const cl of climates)
    for (const c of ctrls) {
      const m = summary[c][cl];
      const b = base?.[cl];
      type K = 'time_outside_window_pct' | 'thermal_energy_kWh' | 'thermal_energy_from_pack_parked_kWh' | 'consumption_Wh_km' | 'range_km' | 'charge_time_s' | 'ageing_capacity_loss_pct';
      const dv = (k: K, d = 1, scale = 1) =>
        c === 'thermostat' || !b || m[k] === null || b[k] === null ? '' : ` (${((m[k]! - b[k]!) * scale >= 0 ? '+' : '') + ((m[k]! - b[k]!) * scale).toFixed(d)})`;
      const vs = m.range_vs_thermostat_pct === null ? '—' : `${m.range_vs_thermostat_pct >= 0 ? '+' : ''}${m.range_vs_thermostat_pct.toFixed(1)} % (${m.range_vs_thermostat_cases})`;
      lines.push(
        `| ${cl} | ${c} | ${m.averaged_runs}/${m.runs}${m.stranded_runs ? ` (${m.stranded_runs} stranded)` : ''}${m.failed_runs ? ` (${m.failed_runs} failed)` : ''} | ${f(m.time_outside_window_pct)}${dv('time_outside_window_pct')} | ${f(m.thermal_energy_kWh, 2)}${dv('thermal_energy_kWh', 2)} | ${f(m.thermal_energy_from_pack_parked_kWh, 2)} | ${f(m.consumption_Wh_km, 0)} | ${f(m.range_km, 0)}${dv('range_km', 0)} | ${c === 'thermostat' ? '' : vs} | ${f(m.charge_time_s === null ? null : m.charge_time_s / 60, 0)}${dv('charge_time_s', 0, 1 / 60)} | ${f(m.ageing_capacity_loss_pct, 3)}${dv('ageing_capacity_loss_pct', 3)} |`,
      );
    }
  return lines.join('\n');
}

/** A one-line progress counter on an interactive terminal; nothing when stderr is a file or pipe, or under CI. */
function tick(text: string): void {
  if (progressEnabled()) process.stderr.write(`\r${text}`);
}
