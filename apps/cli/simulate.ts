import { join, resolve } from 'node:path';
import { loadScenario } from '../../packages/io/scenario-loader.js';
import { columnIndex, invalidRunText, recordColumns, runSimulationAsync, scenarioWarnings, type SimMetrics, type SimResult } from '../../packages/core/sim/index.js';
import type { CellParams } from '../../packages/core/physics/index.js';
import { TimeSeriesWriter } from '../../packages/io/timeseries-writer.js';
import { renderReport, type ReportPanel, type ReportSeries } from '../../packages/io/report.js';
import { formatSummary, formatNumber } from '../../packages/io/summary.js';
import { labHeadline, labSummaryRows, packBreakdownTables, packSummaryRows, protocolTables } from '../../packages/io/pack-summary.js';
import { createProgress } from '../../packages/io/progress.js';
import { ensureOutputDir, writeFileAtomic } from '../../packages/io/output-files.js';
import { refuseOutputOverInput, type PlannedOutput } from '../../packages/io/output-guard.js';
import { lockOutputDir } from '../../packages/io/output-lock.js';
import { reportError } from './report-error.js';
import { watchSignals, yieldToEventLoop } from './interrupt.js';
import { InputError } from '../../packages/core/errors.js';
import { VERSION } from './version.js';
import type { LoadedScenario } from '../../packages/io/scenario-loader.js';

interface SimOpts {
  out: string;
  json?: boolean;
  compare: boolean;
}

/** The files `simulate` writes in an output folder (a comparison cell's in `compare-<id>/`). */
const RUN_FILES = ['metrics.json', 'cell-params.json', 'report.html', 'timeseries.csv', 'timeseries.arrow'];

function plannedOutputs(outDir: string, compareIds: readonly string[]): PlannedOutput[] {
  return [outDir, ...compareIds.map((id) => join(outDir, `compare-${id}`))].flatMap((d) => RUN_FILES.map((f) => ({ path: join(d, f), option: '--out folder' })));
}

/** `ssb simulate`: returns the exit code. */
export async function simulateCommand(file: string, opts: SimOpts): Promise<number> {
  const debug = process.argv.includes('--debug');
  let loaded: LoadedScenario;
  const outDir = resolve(opts.out);
  try {
    // an output folder holding the scenario would overwrite it: refused before anything is read
    refuseOutputOverInput([file], plannedOutputs(outDir, []));
    loaded = loadScenario(file);
    refuseOutputOverInput([file, ...Object.values(loaded.fitted).map((f) => f.file)], plannedOutputs(outDir, opts.compare ? loaded.compare.map((c) => c.id) : []));
    ensureOutputDir(outDir);
    lockOutputDir(outDir, `ssb simulate ${file}`);
  } catch (e) {
    return reportError(e, debug);
  }
  for (const w of scenarioWarnings(loaded.scenario)) process.stderr.write(`warning: ${w}\n`);
  const sig = watchSignals('simulate');
  const stop = sig.stopped;
  try {
    const main = await runOne(loaded, loaded.cell, outDir, stop);
    const comparison: Record<string, Record<string, unknown>> = {};
    if (opts.compare) {
      for (const c of loaded.compare) {
        if (stop()) break;
        const sub = ensureOutputDir(join(outDir, `compare-${c.id}`));
        const r = await runOne(loaded, c, sub, stop);
        comparison[c.id] = keyMetrics(r.metrics);
      }
    }
    if (Object.keys(comparison).length) {
      main.metrics.comparison = { [loaded.cell.id]: keyMetrics(main.metrics), ...comparison };
      writeFileAtomic(join(outDir, 'metrics.json'), JSON.stringify(main.metrics, null, 2));
      writeReport(loaded, main, outDir);
    }
    if (opts.json) process.stdout.write(JSON.stringify(main.metrics, null, 2) + '\n');
    else process.stdout.write(summaryText(main.metrics, outDir) + '\n');
    // a stranded vehicle is a result to see, not a row to miss: a warning line as well
    const stranded = main.metrics.numerical_failure ? null : strandingText(main.metrics);
    if (stranded) process.stderr.write(`warning: vehicle stranded or drives skipped — ${stranded}; range and consumption cover only the distance driven\n`);
    if (main.error) {
      const f = main.metrics.numerical_failure;
      process.stderr.write(`ssb: ${f ? invalidRunText(f) : `numerical failure: ${main.error.message}`}\nssb: outputs up to the failure are in ${outDir}\n`);
      return 1;
    }
    if (sig.stopped()) {
      process.stderr.write(
        `ssb simulate: interrupted by ${sig.signal} after ${formatNumber(main.metrics.simulated_days * 24)} simulated h: the outputs of the part simulated are in ${outDir} (metrics.json has stopped_early: true)\n`,
      );
    }
    return sig.exitCode(main.stoppedEarly ? 130 : 0);
  } catch (e) {
    return reportError(e instanceof InputError ? e.inFile(loaded.file) : e, debug);
  } finally {
    sig.dispose();
  }
}

async function runOne(loaded: LoadedScenario, cell: CellParams, outDir: string, shouldStop: () => boolean): Promise<SimResult> {
  const s = loaded.scenario;
  const writer = new TimeSeriesWriter(recordColumns(s.bms.estimators), {
    csvPath: s.outputs.csv ? join(outDir, 'timeseries.csv') : null,
    arrowPath: s.outputs.arrow ? join(outDir, 'timeseries.arrow') : null,
    metadata: { version: VERSION, seed: String(s.seed), scenario: loaded.file, cell: cell.id },
  });
  const progress = createProgress(`${s.name} [${cell.id}]`);
  let result: SimResult;
  try {
    const fitted = loaded.fitted[cell.id];
    result = await runSimulationAsync(
      {
        scenario: s,
        cell,
        cellModel: fitted?.cell,
        ecm: fitted?.ecm,
        traces: loaded.traces,
        btmsModel: loaded.btmsModel,
        sink: writer,
        onProgress: (f) => progress.update(f),
        shouldStop,
      },
      yieldToEventLoop,
    );
  } finally {
    progress.stop();
    await writer.close();
  }
  result.metrics.provenance = { version: VERSION, seed: s.seed, scenario_file: loaded.file, generated_by: 'ssb simulate' };
  writeFileAtomic(join(outDir, 'metrics.json'), JSON.stringify(result.metrics, null, 2));
  writeFileAtomic(join(outDir, 'cell-params.json'), JSON.stringify(cell, null, 2));
  if (s.outputs.report) writeReport(loaded, result, outDir);
  return result;
}

function keyMetrics(m: SimMetrics): Record<string, unknown> {
  const keys = [
    'cell',
    'range_km',
    'consumption_Wh_km',
    'charge_time_s',
    'cell_temp_min_C',
    'cell_temp_max_C',
    'time_outside_window_pct',
    'thermal_energy_kWh',
    'soh_end_pct',
    'filament_damage_max',
    'energy_balance_error_pct',
    'valid',
  ];
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = m[k as keyof SimMetrics];
  out.pack_mass_kg = m.pack.mass_kg;
  out.pack_specific_energy_Wh_kg = m.pack.specific_energy_Wh_kg;
  out.vehicle_mass_kg = m.vehicle_mass_kg;
  return out;
}

function writeReport(loaded: LoadedScenario, r: SimResult, outDir: string): void {
  // a misspelt column name throws (columnIndex), it does not plot an empty series
  const idx = (n: string) => columnIndex(r.columns, n);
  const rows = r.reportRows;
  const days = rows.length ? rows[rows.length - 1][0] / 86400 : 0;
  const useHours = days < 3;
  const xs = rows.map((row) => (useHours ? row[0] / 3600 : row[0] / 86400));
  const xLabel = useHours ? 'time [h]' : 'time [days]';
  const ser = (name: string, label: string, unit: string, scale = 1, dash = false): ReportSeries => ({ label, unit, x: xs, y: rows.map((row) => row[idx(name)] * scale), dash });
  const m = r.metrics;
  const est = loaded.scenario.bms.estimators;
  const panels: ReportPanel[] = [
    { title: 'Pack voltage and current', xLabel, yLabel: 'V / A', series: [ser('pack_voltage_V', 'voltage', 'V'), ser('pack_current_A', 'current (+ discharge)', 'A')] },
    { title: 'Pack power and vehicle speed', xLabel, yLabel: 'kW / km/h', series: [ser('pack_power_kW', 'power (+ discharge)', 'kW'), ser('speed_km_h', 'speed', 'km/h')] },
    {
      title: 'State of charge: truth vs BMS estimates',
      xLabel,
      yLabel: 'SoC [%]',
      series: [ser('soc_true', 'true (mean of groups)', '%', 100), ...est.map((e) => ser(`soc_${e}`, e, '%', 100, true))],
    },
    {
      title: 'Cell temperatures and ambient',
      xLabel,
      yLabel: 'temperature [°C]',
      series: [
        ser('cell_temp_min_C', 'cell min', '°C'),
        ser('cell_temp_mean_C', 'cell mean', '°C'),
        ser('cell_temp_max_C', 'cell max', '°C'),
        ser('plate_temp_C', 'plate/coolant', '°C', 1, true),
        ser('ambient_C', 'ambient', '°C', 1, true),
      ],
    },
    {
      title: 'Thermal management',
      xLabel,
      yLabel: 'power [W]',
      series: [ser('heater_W', 'heater → plate', 'W'), ser('cooling_W', 'cooling ← plate', 'W'), ser('btms_electrical_W', 'electrical', 'W', 1, true)],
    },
    {
      title: 'Cell voltage spread and balancing',
      xLabel,
      yLabel: 'V / W',
      series: [
        ser('group_voltage_min_V', 'min group voltage', 'V'),
        ser('group_voltage_max_V', 'max group voltage', 'V'),
        ser('balancing_W', 'balancing power (bleed, or converter input)', 'W', 1, true),
      ],
    },
    { title: 'BMS current limits', xLabel, yLabel: 'current [A]', series: [ser('charge_limit_A', 'charge limit', 'A'), ser('discharge_limit_A', 'discharge limit', 'A')] },
    {
      title: 'State of power: 10 s discharge power, BMS estimate vs truth (not charging)',
      xLabel,
      yLabel: 'power [kW]',
      series: [ser('sop_discharge_10s_true_kW', 'true (same prediction on the plant state)', 'kW'), ser('sop_discharge_10s_kW', 'BMS estimate', 'kW', 1, true)],
    },
    {
      title: 'Internal-short diagnosis: leak current, BMS estimate (lower bound, largest group) vs truth; hot-spot virtual sensor',
      xLabel,
      yLabel: 'A / °C',
      series: [
        ser('short_leak_true_A', 'true leak (all shorted cells)', 'A'),
        ser('short_leak_est_max_A', 'BMS leak estimate (lower bound)', 'A', 1, true),
        ser('hot_spot_est_max_C', 'BMS hot-spot estimate', '°C', 1, true),
      ],
    },
    {
      title: 'Stack pressure, filament damage and capacity',
      xLabel,
      yLabel: 'MPa / – / %',
      series: [
        ser('pressure_mean_MPa', 'mean stack pressure', 'MPa'),
        ser('filament_damage_max', 'max filament damage (short at 1)', '-'),
        ser('capacity_retention_pct', 'capacity retention', '%', 1, true),
      ],
    },
  ];
  const soc = m.soc_rmse_pct;
  const failure = m.numerical_failure;
  // a lab run drove and charged nothing: its measured capacity and steps stand where range, consumption and charge time would
  const useHeadline =
    m.run_kind === 'lab'
      ? labHeadline(m)
      : [
          { label: 'range', value: m.range_km != null ? `${formatNumber(m.range_km)} km` : '—' },
          { label: 'consumption', value: m.consumption_Wh_km != null ? `${formatNumber(m.consumption_Wh_km)} Wh/km` : '—' },
          { label: 'charge time', value: chargeTimeText(m, (x) => `${formatNumber(x / 60)} min`) },
        ];
  const headline = failure
    ? invalidHeadline(m, failure)
    : [
        ...useHeadline,
        { label: 'cell temperature', value: `${formatNumber(m.cell_temp_min_C)} … ${formatNumber(m.cell_temp_max_C)} °C` },
        {
          label: 'SoC RMSE',
          value: Object.entries(soc)
            .map(([k, v]) => `${k} ${formatNumber(v)} %`)
            .join(', '),
        },
        { label: 'SoH at end', value: `${formatNumber(m.soh_end_pct, 4)} %` },
        { label: 'energy balance error', value: `${formatNumber(m.energy_balance_error_pct)} %` },
      ];
  // a stranded run says so first (range and consumption cover only what was driven)
  const stranded = failure ? null : strandingText(m);
  if (stranded) headline.unshift({ label: 'STRANDED: planned distance not driven (range and consumption cover only the distance driven)', value: stranded });
  const sd = m.short_detection;
  if (sd.onset_s !== null) {
    headline.push({
      label: 'internal short',
      value: `group ${sd.group} from ${formatNumber(sd.onset_s / 3600)} h: ${sd.detected ? `detected after ${formatNumber(sd.delay_s! / 60)} min` : 'NOT detected'}`,
    });
  }
  const tables = [...protocolTables(m), ...packBreakdownTables(m)];
  if (r.chargeSessions.length) {
    tables.push({
      title: 'Charge sessions',
      columns: ['start [h]', 'duration [min]', 'pre-heat [min]', 'SoC start [%]', 'SoC end [%]', 'energy in [kWh]', 'complete'],
      rows: r.chargeSessions.map((c) => [
        (c.start_s / 3600).toFixed(2),
        (c.duration_s / 60).toFixed(1),
        (c.preheat_s / 60).toFixed(1),
        (c.socStart * 100).toFixed(1),
        (c.socEnd * 100).toFixed(1),
        c.energyIn_kWh.toFixed(2),
        c.complete ? 'yes' : 'no',
      ]),
    });
  }
  if (m.comparison) {
    const comp = m.comparison;
    const keys = Object.keys(Object.values(comp)[0] ?? {}).filter((k) => k !== 'cell');
    // one column per cell, one row per quantity: the comparison reads across, and the table fits the page
    const ids = Object.keys(comp);
    tables.push({ title: 'Cells compared on this scenario', columns: ['quantity', ...ids], rows: keys.map((k) => [k, ...ids.map((id) => fmtCell(comp[id][k]))]) });
  }
  const html = renderReport({
    title: `${loaded.scenario.name}`,
    subtitle: `${r.pack.cell.params.name} · ${m.pack.configuration} · ${loaded.scenario.description}`,
    metrics: m,
    headline,
    panels,
    events: r.events,
    tables,
    provenance: { version: VERSION, seed: loaded.scenario.seed, inputs: loaded.text, generated_by: 'ssb simulate' },
  });
  writeFileAtomic(join(outDir, 'report.html'), html);
}

/** Charge time of the completed sessions, with the sessions left out ("not completed: …"). */
function chargeTimeText(m: SimMetrics, fmt: (s: number) => string): string {
  if (m.charge_time_s === null) return m.charge_time_note ?? '—';
  return m.charge_time_note ? `${fmt(m.charge_time_s)} (completed sessions; ${m.charge_time_note})` : fmt(m.charge_time_s);
}

/** A run that failed numerically has no headline result: what failed, where, and how far it got. */
function invalidHeadline(m: SimMetrics, f: NonNullable<SimMetrics['numerical_failure']>): { label: string; value: string }[] {
  return [
    { label: 'INVALID RUN', value: invalidRunText(f) },
    { label: 'simulated up to the failure', value: `${formatNumber(m.simulated_days * 24)} h — the plots and tables below stop there and are no result` },
  ];
}

function fmtCell(v: unknown): string | number {
  if (typeof v === 'number') return formatNumber(v);
  if (v === null || v === undefined) return '—';
  return String(v);
}

function summaryText(m: SimMetrics, outDir: string): string {
  const f = m.numerical_failure;
  if (f) {
    // no headline number of a failed run is shown as a result
    return formatSummary(m.scenario, [
      ['cell', m.cell],
      ['result', invalidRunText(f)],
      ['simulated', `${m.simulated_days} days (up to the failure), ${m.steps} steps`],
      ['outputs', `${outDir} (up to the failure; metrics.json has valid: false)`],
    ]);
  }
  const soc = m.soc_rmse_pct;
  // a lab run: no range, consumption or charge time (it drove and charged nothing); its protocol's steps instead
  const lab = m.run_kind === 'lab';
  const rows: [string, string][] = [
    ['cell', m.cell],
    ...packSummaryRows(m),
    ['simulated', `${m.simulated_days} days, ${m.steps} steps`],
    ...(lab
      ? labSummaryRows(m)
      : ([
          ['distance / consumption', `${m.distance_km} km / ${m.consumption_Wh_km ?? '—'} Wh/km`],
          ['range (estimated)', `${m.range_km ?? '—'} km`],
        ] as [string, string][])),
    ...notDrivenRows(m),
    ['energy out / in', `${m.energy_discharged_kWh} / ${m.energy_charged_kWh} kWh`],
    ...(lab ? [] : ([['charge time', chargeTimeText(m, (x) => `${(x / 60).toFixed(1)} min`)]] as [string, string][])),
    ['round-trip efficiency', m.round_trip_efficiency_pct !== null ? `${m.round_trip_efficiency_pct} %` : (m.round_trip_efficiency_note ?? '—')],
    ['cell temperature', `${m.cell_temp_min_C} … ${m.cell_temp_max_C} °C (${m.time_outside_window_pct} % outside window)`],
    ['thermal management', `${m.thermal_energy_kWh} kWh`],
    [
      'SoC RMSE',
      Object.entries(soc)
        .map(([k, v]) => `${k} ${v} %`)
        .join(', '),
    ],
    ['protection events', String(m.protection_events.length)],
    ['SoH at end', `${m.soh_end_pct} %`],
    ['filament damage (max)', String(m.filament_damage_max)],
    ['energy balance error', `${m.energy_balance_error_pct} %`],
    ['outputs', outDir],
  ];
  if (m.comparison) {
    for (const [id, v] of Object.entries(m.comparison)) {
      rows.push([
        `compare ${id}`,
        `pack ${v.pack_mass_kg ?? '—'} kg, ${v.pack_specific_energy_Wh_kg ?? '—'} Wh/kg; range ${v.range_km ?? '—'} km, ${v.consumption_Wh_km ?? '—'} Wh/km, charge ${v.charge_time_s != null ? ((v.charge_time_s as number) / 60).toFixed(1) + ' min' : '—'}, T ${v.cell_temp_min_C}…${v.cell_temp_max_C} °C`,
      ]);
    }
  }
  return formatSummary(m.scenario, rows);
}

/** The planned distance not driven: strandings (first reason) and skipped drives; null when every drive was driven. */
export function strandingText(m: Pick<SimMetrics, 'stranded_events' | 'stranded' | 'drives_skipped' | 'distance_not_driven_km'>): string | null {
  if (m.stranded_events === 0 && m.drives_skipped === 0) return null;
  const parts: string[] = [];
  if (m.stranded_events > 0) parts.push(`stranded ${m.stranded_events}× (first at ${(m.stranded[0].time_s / 3600).toFixed(2)} h: ${m.stranded[0].reason})`);
  if (m.drives_skipped > 0) parts.push(`${m.drives_skipped} drive${m.drives_skipped > 1 ? 's' : ''} skipped`);
  return `${m.distance_not_driven_km} km of the planned drives not driven: ${parts.join('; ')}`;
}

function notDrivenRows(m: SimMetrics): [string, string][] {
  const t = strandingText(m);
  return t ? [['NOT DRIVEN', t]] : [];
}
