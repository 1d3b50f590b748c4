/**
 * `ssb estimate --model M --data FILE --method NAME`: runs one SoC estimator (a name of
 * bms/estimation/soc/registry.ts; the same code the simulator's BMS uses) over a measured file,
 * streaming, and scores it against the Coulomb-counted reference SoC.
 */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../packages/io/output-files.js';
import { outputPathOption, refuseOutputOverInput } from '../../packages/io/output-guard.js';
import { performance } from 'node:perf_hooks';
import { InputError, NumericalError } from '../../packages/core/errors.js';
import { celsiusProblem } from '../../packages/core/units/index.js';
import { createSocEstimator, SOC_ESTIMATOR_REGISTRY, EstimateRun, referenceStartWarning, capacityProblem, CAPACITY_TOLERANCE, type EstimateScore } from '../../packages/core/bms/index.js';
import { checkCellCapacity, checkMeasuredRanges, streamMeasured, type ImportInfo } from '../../packages/io/import/index.js';
import { renderReport } from '../../packages/io/report.js';
import { formatNumber } from '../../packages/io/summary.js';
import { loadEstimatorModel, loadNnWeightsFile } from '../../packages/io/estimator-model.js';
import { importOptionsFrom } from './measured-options.js';
import { reportError } from './report-error.js';
import { VERSION } from './version.js';

export interface EstimateCliOpts {
  model: string;
  data: string;
  method: string;
  weights?: string;
  initialSoc?: string;
  referenceInitialSoc: string;
  capacityAh?: string;
  tempC: string;
  json?: boolean;
  report?: string;
  columns?: string;
  currentSign?: string;
}

function numberFlag(flag: string, text: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new InputError('not a number', { field: flag, value: text });
  return v;
}

/** `ssb estimate`: returns the exit code. */
export async function estimateCommand(opts: EstimateCliOpts): Promise<number> {
  const debug = process.argv.includes('--debug');
  try {
    const reportOpt = outputPathOption(opts.report, '--report');
    // the report must not land on an input: refused before anything is read
    if (reportOpt !== undefined) refuseOutputOverInput([opts.data, opts.model, opts.weights], [{ path: reportOpt, option: '--report' }]);
    const entry = SOC_ESTIMATOR_REGISTRY.get(opts.method, { field: 'method' });
    const method = entry.name;
    const model = loadEstimatorModel(opts.model);
    const capacity_Ah = opts.capacityAh !== undefined ? numberFlag('capacity-ah', opts.capacityAh) : model.ecm.capacity_As / 3600;
    checkCellCapacity(capacity_Ah, opts.capacityAh !== undefined ? 'capacity-ah' : 'model capacity', opts.capacityAh ?? String(capacity_Ah));
    const estOpts: Record<string, unknown> = { ...model.estimatorOptions };
    // the only option an estimator needs today is nn's trained weights (--weights)
    if (entry.needs) {
      if (!opts.weights) throw new InputError(`method '${method}' needs ${entry.needs.what}: give it with --${entry.needs.option}`, { field: entry.needs.option });
      estOpts.weights = loadNnWeightsFile(opts.weights);
    }
    const estimator = createSocEstimator(method, model.ecm, estOpts);
    const referenceInitialSoc = numberFlag('reference-initial-soc', opts.referenceInitialSoc);
    const temp_C = numberFlag('temp-c', opts.tempC);
    const tempProblem = celsiusProblem(temp_C);
    if (tempProblem) throw new InputError(tempProblem, { field: 'temp-c', value: opts.tempC });
    const fallbackTemp_K = temp_C + 273.15;
    const run = new EstimateRun(estimator, {
      initialSoc: opts.initialSoc !== undefined ? numberFlag('initial-soc', opts.initialSoc) : undefined,
      referenceInitialSoc,
      capacity_As: capacity_Ah * 3600,
      fallbackTemp_K,
      traceEvery_s: opts.report ? 1 : 0,
      clock_ms: () => performance.now(),
      cutoff_V: model.ecm.vMin_V,
    });
    const { info, chunks } = streamMeasured(opts.data, importOptionsFrom(opts));
    const t0 = performance.now();
    const warnings: string[] = [];
    let first = true;
    for await (const c of chunks) {
      if (first && c.length > 0) {
        first = false;
        const w = referenceStartWarning(model.ecm, c.voltage_V[0], c.temp_K ? c.temp_K[0] : fallbackTemp_K, referenceInitialSoc);
        if (w) {
          warnings.push(w);
          process.stderr.write(`warning: ${w}\n`);
        }
      }
      checkMeasuredRanges(c, opts.data, capacity_Ah);
      run.push(c);
    }
    const wall_s = (performance.now() - t0) / 1000;
    const inf = await info;
    const score = run.finish();
    if (!Number.isFinite(score.rmse_pct)) throw new NumericalError(`the SoC error over ${opts.data} is not a finite number (no score)`, { quantity: 'rmse_pct', value: score.rmse_pct as number });
    // a reference (and, unless --capacity-ah is given, a model) of another cell's capacity scores the capacity error
    // (an explicit --capacity-ah is refused only where the data contradict it for certain; the cut-off
    // judgement — up to 30 % left at the cut-off, assumed — is then a warning: a very cold or fast file may leave more)
    const explicit = opts.capacityAh !== undefined;
    const capProblem = capacityProblem(capacity_Ah, score, referenceInitialSoc, explicit ? { fix: 'check --capacity-ah', fromCutoff: false } : {});
    if (capProblem) throw new InputError(capProblem, { file: opts.data, field: explicit ? 'capacity-ah' : 'model', value: opts.capacityAh ?? opts.model });
    const cutoffDoubt = explicit ? capacityProblem(capacity_Ah, score, referenceInitialSoc, { consequence: 'the score may measure the capacity error', fix: 'scored as asked' }) : null;
    if (cutoffDoubt) {
      warnings.push(cutoffDoubt);
      process.stderr.write(`warning: ${cutoffDoubt}\n`);
    }
    const model_Ah = model.ecm.capacity_As / 3600;
    if (Math.abs(model_Ah / capacity_Ah - 1) > CAPACITY_TOLERANCE) {
      // asked for explicitly (--capacity-ah): a model of another capacity, e.g. to see how an estimator copes
      const w = `the model's capacity ${formatNumber(model_Ah, 4)} Ah differs from --capacity-ah ${capacity_Ah} Ah by more than ${100 * CAPACITY_TOLERANCE} %: the estimator runs with the model's capacity, the reference with ${capacity_Ah} Ah`;
      warnings.push(w);
      process.stderr.write(`warning: ${w}\n`);
    }
    const out = {
      ...score,
      rows_per_s: Math.round(score.samples / wall_s),
      data: opts.data,
      format: inf.format,
      model: opts.model,
      capacity_Ah,
      temperature_from: inf.columns.temperature ?? `constant ${opts.tempC} °C (no temperature column)`,
      initial_soc: opts.initialSoc !== undefined ? Number(opts.initialSoc) : 'from the first voltage',
      reference: `Coulomb counting from SoC ${opts.referenceInitialSoc} with ${capacity_Ah} Ah`,
      warnings,
    };
    if (reportOpt !== undefined) writeEstimateReport(resolve(reportOpt), out, run, inf);
    if (opts.json) process.stdout.write(JSON.stringify(out) + '\n');
    else process.stdout.write(formatEstimate(score, out.rows_per_s, inf, opts) + '\n');
    return 0;
  } catch (e) {
    return reportError(e, debug);
  }
}

function formatEstimate(s: EstimateScore, rowsPerS: number, info: ImportInfo, opts: EstimateCliOpts): string {
  const f = (v: number | null, d = 3) => (v === null ? '—' : formatNumber(v, d));
  return [
    `${s.method} on ${info.file} (${info.format}, ${s.samples} samples, ${f(s.duration_s / 3600)} h)`,
    `  SoC error vs reference: RMSE ${f(s.rmse_pct)} %, max ${f(s.max_abs_pct)} %, final ${f(s.final_abs_pct)} %, mean |e| ${f(s.mean_abs_pct)} %`,
    `  initial estimate ${f(s.initial_estimate, 4)} (${opts.initialSoc !== undefined ? 'given' : 'from the first voltage'}), reference starts at ${opts.referenceInitialSoc}`,
    s.convergence_time_s === null ? `  does not settle within ±${s.convergence_band_pct} % in the file` : `  settles within ±${s.convergence_band_pct} % after ${f(s.convergence_time_s)} s`,
    `  ${f(s.us_per_update)} µs per update; ${formatNumber(rowsPerS / 1e6, 3)} M rows/s import + estimate`,
    ...(opts.report ? [`  report: ${opts.report}`] : []),
  ].join('\n');
}

function writeEstimateReport(path: string, metrics: Record<string, unknown>, run: EstimateRun, info: ImportInfo): void {
  const tr = run.trace;
  const err = tr.estimate.map((z, i) => 100 * (z - tr.reference[i]));
  const html = renderReport({
    title: `SoC estimate: ${run.estimator.name}`,
    subtitle: info.file,
    metrics,
    headline: [
      { label: 'RMSE', value: `${formatNumber(metrics.rmse_pct as number, 3)} %` },
      { label: 'max |error|', value: `${formatNumber(metrics.max_abs_pct as number, 3)} %` },
      { label: 'final |error|', value: `${formatNumber(metrics.final_abs_pct as number, 3)} %` },
    ],
    panels: [
      {
        title: 'SoC: estimate and reference',
        xLabel: 'time [s]',
        yLabel: 'SoC [–]',
        series: [
          { label: run.estimator.name, unit: '–', x: tr.time_s, y: tr.estimate },
          { label: 'reference (Coulomb count)', unit: '–', x: tr.time_s, y: tr.reference, dash: true },
        ],
      },
      { title: 'SoC error', xLabel: 'time [s]', yLabel: 'error [%]', series: [{ label: 'estimate − reference', unit: '%', x: tr.time_s, y: err }] },
      {
        title: 'Measured voltage and current',
        xLabel: 'time [s]',
        yLabel: 'V, A',
        series: [
          { label: 'voltage', unit: 'V', x: tr.time_s, y: tr.voltage_V },
          { label: 'current (+ discharge)', unit: 'A', x: tr.time_s, y: tr.current_A },
        ],
      },
      { title: 'Temperature', xLabel: 'time [s]', yLabel: '°C', series: [{ label: 'cell', unit: '°C', x: tr.time_s, y: tr.temp_K.map((t) => t - 273.15) }] },
    ],
    events: [],
    provenance: { version: VERSION, seed: '–', inputs: `${info.file}; model ${metrics.model as string}`, generated_by: 'ssb estimate' },
  });
  writeFileAtomic(path, html);
}
