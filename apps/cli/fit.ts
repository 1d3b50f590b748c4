/**
 * `ssb fit --ocv FILE --hppc FILE [--hppc FILE …] --capacity-ah 2.9 --out model.json [--report fit.html] [--no-slow-rc]
 *  [--dynamic DRIVE_FILE [--dynamic-initial-soc 1]]`:
 * fits a temperature-dependent 2-RC ECM with OCV hysteresis (with `--dynamic`, its minor hysteresis
 * loops and in-service capacity calibrated on one drive cycle, `core/fit/dynamic.ts`) and writes the model file
 * (`ssb-twin/ecm-model` v1) and an HTML fit report (default: beside the model, same name with
 * `.html`, e.g. model.json → model.html).
 */
import { basename, resolve } from 'node:path';
import { writeFileAtomic } from '../../packages/io/output-files.js';
import { outputPathOption, refuseOutputOverInput } from '../../packages/io/output-guard.js';
import { checkCellCapacity, checkMeasuredRanges, readMeasured } from '../../packages/io/import/index.js';
import { fitEcm, calibrateDynamic } from '../../packages/core/fit/index.js';
import { InputError } from '../../packages/core/errors.js';
import { renderFitReport } from '../../packages/io/fit-report.js';
import { formatSummary } from '../../packages/io/summary.js';
import { importOptionsFrom } from './measured-options.js';
import { reportError } from './report-error.js';
import { VERSION } from './version.js';

export interface FitCliOpts {
  ocv: string;
  hppc: string[];
  capacityAh: string;
  out: string;
  report?: string;
  name?: string;
  columns?: string;
  currentSign?: string;
  slowRc?: boolean;
  dynamic?: string;
  dynamicInitialSoc?: string;
  json?: boolean;
}

/** Where the report goes when --report is not given: beside the model, `.json` replaced by `.html`. */
export function defaultReportPath(out: string): string {
  const p = resolve(out);
  return /\.json$/i.test(p) ? p.replace(/\.json$/i, '.html') : `${p}.html`;
}

/**
 * Least part of the given capacity the OCV test must deliver (and at most its inverse). Assumed: a
 * low-rate full discharge gives ≈ 90–100 % of the rated capacity, an aged cell ≥ 70 %.
 */
const MIN_OCV_TEST_FRACTION = 0.7;

/** `ssb fit`: returns the exit code. */
export async function fitCommand(opts: FitCliOpts): Promise<number> {
  const debug = process.argv.includes('--debug');
  try {
    const capacity_Ah = Number(opts.capacityAh);
    if (!(Number.isFinite(capacity_Ah) && capacity_Ah > 0)) throw new InputError('--capacity-ah must be a positive number', { field: 'capacity-ah', value: opts.capacityAh });
    checkCellCapacity(capacity_Ah, 'capacity-ah', opts.capacityAh);
    if (!opts.hppc?.length) throw new InputError('give at least one --hppc file', { field: 'hppc' });
    const dynInitialSoc = opts.dynamicInitialSoc === undefined ? 1 : Number(opts.dynamicInitialSoc);
    if (!(Number.isFinite(dynInitialSoc) && dynInitialSoc > 0 && dynInitialSoc <= 1))
      throw new InputError('--dynamic-initial-soc must be a number in (0, 1]', { field: 'dynamic-initial-soc', value: opts.dynamicInitialSoc });
    const outOpt = outputPathOption(opts.out, '--out') ?? opts.out;
    const reportOpt = outputPathOption(opts.report, '--report');
    // the model and the report must not land on a data file: refused before anything is read
    refuseOutputOverInput(
      [opts.ocv, ...opts.hppc, opts.dynamic],
      [
        { path: outOpt, option: '--out' },
        { path: reportOpt ?? defaultReportPath(outOpt), option: reportOpt ? '--report' : 'the report beside --out' },
      ],
    );
    const io = importOptionsFrom(opts);
    const ocv = await readMeasured(opts.ocv, io);
    const hppc = [];
    for (const f of opts.hppc) hppc.push(await readMeasured(f, io));
    const fitDate = new Date().toISOString().slice(0, 10);
    const dynamic = opts.dynamic ? await readMeasured(opts.dynamic, io) : null;
    for (const r of [ocv, ...hppc, ...(dynamic ? [dynamic] : [])]) checkMeasuredRanges(r.series, r.info.file, capacity_Ah);
    const fitted = fitEcm({
      ocv: ocv.series,
      hppc: hppc.map((h) => h.series),
      capacity_Ah,
      fitDate,
      files: { ocv: basename(opts.ocv), hppc: opts.hppc.map((f) => basename(f)) },
      name: opts.name ?? `fitted ECM (${basename(opts.ocv)})`,
      generatedBy: `ssb fit ${VERSION}`,
      slowRc: opts.slowRc !== false,
    });
    const dyn = dynamic ? calibrateDynamic(fitted.model, dynamic.series, { file: basename(opts.dynamic!), initialSoc: dynInitialSoc }) : null;
    const model = dyn ? dyn.model : fitted.model;
    // an OCV test that does not reach both ends of SoC (a truncated file) gives a model of part of the cell
    const usable = fitted.model.capacity_Ah / capacity_Ah;
    if (!(usable >= MIN_OCV_TEST_FRACTION && usable <= 1 / MIN_OCV_TEST_FRACTION))
      throw new InputError(
        `the OCV test delivers ${fitted.model.capacity_Ah.toPrecision(3)} Ah of the ${capacity_Ah} Ah given (${Math.round(usable * 100)} %): it does not run from full to empty (a truncated file?), or --capacity-ah is wrong; the model would cover only part of the SoC range`,
        { file: opts.ocv, field: 'capacity', value: fitted.model.capacity_Ah },
      );
    const report = fitted.report;
    if (dyn) report.notes.push(model.provenance.notes[model.provenance.notes.length - 1]);
    const outPath = resolve(outOpt);
    writeFileAtomic(outPath, JSON.stringify(model, null, 1) + '\n');
    const reportPath = reportOpt ? resolve(reportOpt) : defaultReportPath(outPath);
    const inputs = [
      `ssb fit --ocv ${opts.ocv} ${opts.hppc.map((h) => `--hppc ${h}`).join(' ')} --capacity-ah ${opts.capacityAh}${opts.dynamic ? ` --dynamic ${opts.dynamic}` : ''} --out ${opts.out}`,
      ...[ocv, ...hppc, ...(dynamic ? [dynamic] : [])].map((r) => `${r.info.file}: ${r.info.format}, ${r.info.rows} rows${r.info.warnings.length ? `, ${r.info.warnings.join('; ')}` : ''}`),
    ].join('\n');
    writeFileAtomic(reportPath, renderFitReport(model, report, { version: VERSION, inputs, dynamic: dyn?.calibration }));
    if (opts.json) {
      process.stdout.write(
        JSON.stringify(
          {
            model: outPath,
            report: reportPath,
            capacity_Ah: model.capacity_Ah,
            hysteresis: { gamma: model.hysteresis.gamma, exponent: model.hysteresis.exponent ?? 1 },
            dynamic: dyn
              ? { file: dyn.calibration.file, capacityOcvTest_Ah: dyn.calibration.capacityOcvTest_Ah, rmsBefore_mV: dyn.calibration.before.rms_mV, rmsAfter_mV: dyn.calibration.after.rms_mV }
              : null,
            perTemperature: report.perTemperature.map(({ files: _f, ...p }) => p),
            notes: report.notes,
          },
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const rows: [string, string][] = [
      ['usable capacity', `${model.capacity_Ah.toFixed(4)} Ah (nominal ${capacity_Ah} Ah${dyn ? `; OCV test ${dyn.calibration.capacityOcvTest_Ah.toFixed(4)} Ah` : ''})`],
      ['hysteresis', `max ${(Math.max(...model.hysteresis.m_V) * 1000).toFixed(1)} mV, γ ${model.hysteresis.gamma}, minor-loop exponent ${model.hysteresis.exponent ?? 1}`],
      ...(dyn
        ? [
            [
              'dynamic calibration',
              `${dyn.calibration.file}: open-loop voltage RMS ${dyn.calibration.before.rms_mV.toFixed(1)} → ${dyn.calibration.after.rms_mV.toFixed(1)} mV (leave this file out of any score)`,
            ] as [string, string],
          ]
        : []),
      ...report.slowRc.map((r): [string, string] => [
        `slow RC ${r.temp_C.toFixed(1)} °C`,
        `${(r.r_ohm * 1000).toFixed(1)} mΩ, τ ${Math.round(r.tau_s)} s (rest RMS ${r.rms_mV.toFixed(2)} mV, ${r.rmsWithout_mV.toFixed(2)} mV without)`,
      ]),
      ...report.perTemperature.map((p): [string, string] => [`RMS at ${p.temp_C.toFixed(1)} °C`, `${p.rms_mV.toFixed(2)} mV over ${p.pulses} pulses (own fits ${p.rmsFit_mV.toFixed(2)} mV)`]),
      ['model', outPath],
      ['report', reportPath],
    ];
    process.stdout.write(formatSummary('ssb fit', rows) + '\n');
    for (const n of report.notes) process.stdout.write(`note: ${n}\n`);
    return 0;
  } catch (e) {
    return reportError(e, debug);
  }
}
