/**
 * `node dist/bench/panasonic-evidence.js [--json]`: the measured-data evidence on the shared Panasonic
 * 18650PF data (Kollmeyer, Mendeley Data doi:10.17632/wykht8y7tg.1, CC BY 4.0).
 *
 * 1. `fitEcm` on the characterisation files only (C/20 OCV test + the five HPPC files): nothing is
 *    tuned on a drive cycle.
 * 2. On every shared drive cycle (25 °C and 0 °C): the fitted model's open-loop voltage error along
 *    the reference SoC; EKF and UKF SoC RMSE / max error initialised from the first voltage; and
 *    the convergence time (|error| ≤ 2 % to the end) from a wrong initial SoC of 0.6.
 * The reference SoC is Coulomb counting from 1.0 with 2.9 Ah (the files start from a full charge).
 * Estimator settings are the documented defaults; none were tuned on these files.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fitEcm } from '../packages/core/fit/index.js';
import { modelVoltageCheck } from '../packages/core/fit/validate.js';
import { createSocEstimator } from '../packages/core/bms/estimation/soc/index.js';
import { EstimateRun } from '../packages/core/bms/estimation/soc/score.js';
import { readMeasured } from '../packages/io/import/index.js';
import { PROJECT_ROOT } from '../packages/io/scenario-loader.js';

const json = process.argv.includes('--json');
const DIR = join(PROJECT_ROOT, '../shared/data/panasonic-18650pf');
if (!existsSync(DIR)) {
  process.stderr.write(`panasonic-evidence: ${DIR} not found\n`);
  process.exit(2);
}
const Q_AH = 2.9;
const ch = join(DIR, 'characterisation');
const hppcFiles = readdirSync(ch).filter((f) => /HPPC/i.test(f)).map((f) => join(ch, f));
const ocv = (await readMeasured(join(ch, 'C20_OCV_Test_C20_25dC.csv.gz'))).series;
const hppc = await Promise.all(hppcFiles.map(async (f) => (await readMeasured(f)).series));
const t0 = performance.now();
const { model, report } = fitEcm({ ocv, hppc, capacity_Ah: Q_AH, fitDate: 'evidence run', files: { ocv: 'C20_OCV_Test_C20_25dC.csv.gz', hppc: hppcFiles } });
const fit_s = (performance.now() - t0) / 1000;
const { ecmFromModelFile } = await import('../packages/core/fit/model-file.js');
const ecm = ecmFromModelFile(model);

const rows: Record<string, unknown>[] = [];
const dc = join(DIR, 'drive-cycles');
for (const f of readdirSync(dc).sort()) {
  const { series } = await readMeasured(join(dc, f));
  const v = modelVoltageCheck(ecm, series, 1, Q_AH, 298.15, 1);
  const row: Record<string, unknown> = { file: f.replace('_Pan18650PF.csv.gz', ''), samples: series.length, voltage_rms_mV: +v.rms_mV.toFixed(1), voltage_mean_mV: +v.mean_mV.toFixed(1) };
  for (const method of ['ekf', 'ukf'] as const) {
    for (const initialSoc of [undefined, 0.6]) {
      const run = new EstimateRun(createSocEstimator(method, ecm, { coulombicEfficiency: model.coulombicEfficiency }), { initialSoc, referenceInitialSoc: 1, capacity_As: Q_AH * 3600, fallbackTemp_K: 298.15 });
      run.push(series);
      const s = run.finish();
      if (initialSoc === undefined) {
        row[`${method}_rmse_pct`] = +s.rmse_pct.toFixed(2);
        row[`${method}_max_pct`] = +s.max_abs_pct.toFixed(2);
      } else row[`${method}_conv_from_0.6_s`] = s.convergence_time_s === null ? null : Math.round(s.convergence_time_s);
    }
  }
  rows.push(row);
}
const out = { fit_s: +fit_s.toFixed(1), fit_rms_mV_per_temperature: report.perTemperature.map((p) => ({ temp_C: +p.temp_C.toFixed(1), rms_mV: +p.rms_mV.toFixed(1) })), drive_cycles: rows };
if (json) process.stdout.write(JSON.stringify(out) + '\n');
else {
  process.stdout.write(`fit (characterisation files only): ${out.fit_s} s; pulse RMS per temperature: ${out.fit_rms_mV_per_temperature.map((p) => `${p.temp_C} °C ${p.rms_mV} mV`).join(', ')}\n`);
  const cols = Object.keys(rows[0]);
  process.stdout.write(cols.join('\t') + '\n');
  for (const r of rows) process.stdout.write(cols.map((c) => String(r[c])).join('\t') + '\n');
}
