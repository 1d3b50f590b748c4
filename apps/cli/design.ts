import { basename, extname, join, resolve } from 'node:path';
import { ensureOutputDir, writeFileAtomic } from '../../packages/io/output-files.js';
import { outputPathOption, refuseOutputOverInput, type PlannedOutput } from '../../packages/io/output-guard.js';
import { lockOutputDir } from '../../packages/io/output-lock.js';
import { InputError } from '../../packages/core/errors.js';
import { loadDesign, type LoadedDesign } from '../../packages/io/design-loader.js';
import {
  emitCellParams,
  parseDesign,
  evaluateDesign,
  presetOfDesign,
  checkAxes,
  parseSweepSpec,
  runSweepAsync,
  type SweepAxis,
  type SweepPoint,
  type DesignResult,
} from '../../packages/core/design/index.js';
import { renderDesignReport } from '../../packages/io/design-report.js';
import { formatSummary, formatNumber } from '../../packages/io/summary.js';
import { PROJECT_ROOT } from '../../packages/io/scenario-loader.js';
import { parseYaml, readText } from '../../packages/io/yaml-file.js';
import { reportError } from './report-error.js';
import { VERSION } from './version.js';
import { watchSignals, yieldToEventLoop } from './interrupt.js';

export interface DesignOpts {
  json?: boolean;
  report?: string;
  out?: string;
  emit?: string;
  csv?: string;
  sweep: string[];
  compare: boolean;
}

const REFERENCE_FILE = join(PROJECT_ROOT, 'examples/cells/liion-nmc811-graphite.yaml');
/** The files `design --out` writes in a design's folder. */
const DESIGN_DIR_FILES = ['report.html', 'design.json', 'cell-params.json', 'sweep.csv'];

/** The interface other tools rely on: one flat object per design. */
export function designJson(r: DesignResult, reference: DesignResult | null): Record<string, unknown> {
  const { parts, volumes, resistances, cost, lca, ...flat } = r;
  return {
    ...flat,
    resistances,
    cost_breakdown: cost,
    lca,
    parts: parts.map((p) => ({ name: p.name, mass_g: p.mass_kg * 1000, volume_mL: p.volume_m3 * 1e6 })),
    volumes: volumes.map((v) => ({ name: v.name, volume_mL: v.volume_m3 * 1e6 })),
    reference: reference
      ? {
          name: reference.name,
          capacity_Ah: reference.capacity_Ah,
          energy_Wh: reference.energy_Wh,
          specific_energy_Wh_kg: reference.specific_energy_Wh_kg,
          energy_density_Wh_L: reference.energy_density_Wh_L,
          cost_USD_per_kWh: reference.cost_USD_per_kWh,
          co2_kg_per_kWh: reference.co2_kg_per_kWh,
          max_charge_C_rate_25C: reference.max_charge_C_rate_25C,
          max_charge_C_rate_minus20C: reference.max_charge_C_rate_minus20C,
        }
      : null,
  };
}

function summary(r: DesignResult, ref: DesignResult | null, preset: string | null): string {
  const n = (v: number | null, d = 3) => (v === null ? '—' : formatNumber(v, d));
  const rows: [string, string][] = [
    ['capacity', `${n(r.capacity_Ah)} Ah (${n(r.areal_capacity_mAh_cm2)} mAh/cm², N/P ${n(r.n_p_ratio)})`],
    ['voltage nominal / average', `${n(r.nominal_voltage_V)} / ${n(r.average_voltage_V)} V`],
    ['energy', `${n(r.energy_Wh)} Wh`],
    ['mass / volume', `${n(r.mass_kg * 1000)} g / ${n(r.volume_L * 1000)} mL`],
    ['cell', `${n(r.specific_energy_Wh_kg)} Wh/kg, ${n(r.energy_density_Wh_L)} Wh/L`],
    [
      'cell + pressure fixture',
      `${n(r.specific_energy_with_fixture_Wh_kg)} Wh/kg, ${n(r.energy_density_with_fixture_Wh_L)} Wh/L (${n(r.stack_pressure_MPa)} MPa, ${n(r.fixture_mass_per_cell_kg * 1000)} g per cell)`,
    ],
    ['R0 25 °C / −20 °C', `${n(r.r0_25C_mohm)} / ${n(r.r0_minus20C_mohm)} mΩ`],
    ...r.resistances.map((x): [string, string] => [`  ${x.layer}`, `${n(x.asr_ohm_cm2_25C)} / ${n(x.asr_ohm_cm2_minus20C)} Ω·cm²`]),
    ['CCD 25 °C / −20 °C', r.ccd_25C_mA_cm2 === null ? '— (no Li-metal anode)' : `${n(r.ccd_25C_mA_cm2)} / ${n(r.ccd_minus20C_mA_cm2)} mA/cm² (1C = ${n(r.charge_current_density_1C_mA_cm2)} mA/cm²)`],
    ['max charge C-rate 25 °C', `${n(r.max_charge_C_rate_25C)} (${r.charge_limit_25C})`],
    ['max charge C-rate −20 °C', `${n(r.max_charge_C_rate_minus20C)} (${r.charge_limit_minus20C})`],
    ...(r.operating_temp_C === null
      ? []
      : ([
          [`R0 at ${n(r.operating_temp_C)} °C (operating)`, `${n(r.r0_operating_mohm)} mΩ`],
          [`max charge C-rate ${n(r.operating_temp_C)} °C (operating)`, `${n(r.max_charge_C_rate_operating)} (${r.charge_limit_operating})`],
        ] as [string, string][])),
    [
      'cost',
      `${n(r.cost_USD_per_kWh)} USD/kWh (materials ${n(r.cost.materials_USD / (r.energy_Wh / 1000))}, manufacturing ${n(r.cost.manufacturing_USD / (r.energy_Wh / 1000))}); learning on manufacturing only, at ${r.cost.learning.map((l) => `${l.cumulative_GWh} GWh: ${n(l.USD_per_kWh)}`).join(', ')}`,
    ],
    [
      'pack',
      `${r.pack.cells_series}s${r.pack.cells_parallel}p, ${n(r.pack.energy_kWh)} kWh, ${n(r.pack.mass_kg)} kg: ${n(r.pack.specific_energy_Wh_kg)} Wh/kg, ${n(r.pack.cost_USD_per_kWh)} USD/kWh (cells ${n(100 * r.pack.cell_mass_fraction)} % of the mass)`,
    ],
    ['CO2 cradle-to-gate', `${n(r.co2_kg_per_kWh)} kg CO2-eq/kWh${r.lca.table7 ? ` (seed 001 Table 7 ${r.lca.table7_column}: ${r.lca.table7.climateChange_kgCO2eq} per pack kWh)` : ''}`],
  ];
  if (ref && ref !== r)
    rows.push([
      'vs Li-ion reference',
      `${n(ref.specific_energy_Wh_kg)} Wh/kg, ${n(ref.energy_density_Wh_L)} Wh/L, ${n(ref.cost_USD_per_kWh)} USD/kWh, ${n(ref.co2_kg_per_kWh)} kg CO2/kWh, max C ${n(ref.max_charge_C_rate_25C)} / ${n(ref.max_charge_C_rate_minus20C)}`,
    ]);
  if (preset) rows.push(['built-in preset', `${preset}: the same cell in ssb cells and as cell: ${preset} in a scenario`]);
  for (const c of r.published_comparison) rows.push([`vs published ${c.quantity}`, `${n(c.designed)} vs ${n(c.published)} (${c.deviation_pct >= 0 ? '+' : ''}${n(c.deviation_pct, 2)} %)`]);
  for (const w of r.warnings) rows.push(['warning', w]);
  return formatSummary(r.name, rows);
}

function csvOf(axes: SweepAxis[], points: SweepPoint[]): string {
  const cols = [
    'capacity_Ah',
    'energy_Wh',
    'specific_energy_Wh_kg',
    'energy_density_Wh_L',
    'specific_energy_with_fixture_Wh_kg',
    'energy_density_with_fixture_Wh_L',
    'cathode_thickness_um',
    'r0_25C_mohm',
    'r0_minus20C_mohm',
    'max_charge_C_rate_25C',
    'max_charge_C_rate_minus20C',
    'max_charge_C_rate_operating',
    'cost_USD_per_kWh',
    'co2_kg_per_kWh',
    'pack_specific_energy_Wh_kg',
    'pack_cost_USD_per_kWh',
  ] as const;
  const cell = (r: DesignResult, c: (typeof cols)[number]): string => {
    const v = c === 'pack_specific_energy_Wh_kg' ? r.pack.specific_energy_Wh_kg : c === 'pack_cost_USD_per_kWh' ? r.pack.cost_USD_per_kWh : r[c];
    return v === null ? '' : String(+v.toPrecision(6));
  };
  const head = [...axes.map((a) => a.path), ...cols, 'pareto', 'error'].join(',');
  const lines = points.map((p) => [...p.values.map(String), ...cols.map((c) => (p.result ? cell(p.result, c) : '')), p.pareto ? '1' : '0', p.error ? JSON.stringify(p.error) : ''].join(','));
  return [head, ...lines].join('\n') + '\n';
}

/** `ssb design FILE… [options]`: returns the exit code. */
export async function designCommand(files: string[], opts: DesignOpts): Promise<number> {
  const debug = process.argv.includes('--debug');
  try {
    if (files.length > 1 && (opts.emit || opts.report || opts.csv))
      throw new InputError('with several design files use --out DIR (one folder per design) instead of --emit/--report/--csv', { field: 'command line' });
    const emitOpt = outputPathOption(opts.emit, '--emit');
    const reportOpt = outputPathOption(opts.report, '--report');
    const csvOpt = outputPathOption(opts.csv, '--csv');
    const outOpt = outputPathOption(opts.out, '--out');
    const dirOf = (f: string) => (outOpt ? (files.length > 1 ? join(resolve(outOpt), basename(f, extname(f))) : resolve(outOpt)) : null);
    // no output may land on a design file: refused before anything is read
    const planned: PlannedOutput[] = [
      ...(emitOpt ? [{ path: emitOpt, option: '--emit' }] : []),
      ...(reportOpt ? [{ path: reportOpt, option: '--report' }] : []),
      ...(csvOpt ? [{ path: csvOpt, option: '--csv' }] : []),
      ...files.flatMap((f) => {
        const d = dirOf(f);
        return d ? DESIGN_DIR_FILES.map((n) => ({ path: join(d, n), option: '--out folder' })) : [];
      }),
    ];
    refuseOutputOverInput([...files, REFERENCE_FILE], planned);
    if (outOpt) lockOutputDir(outOpt, `ssb design ${files.join(' ')}`);
    const axes = opts.sweep.map(parseSweepSpec);
    // watched from the lock on: a signal while loading still ends the run the normal way (lock released)
    const sig = axes.length ? watchSignals('design') : null;
    let reference: DesignResult | null = null;
    if (opts.compare) reference = evaluateDesign(parseDesign(parseYaml(readText(REFERENCE_FILE, 'reference design'), REFERENCE_FILE), REFERENCE_FILE));
    const loaded: LoadedDesign[] = files.map((f) => loadDesign(f));
    const jsonOut: Record<string, unknown>[] = [];
    // a sweep runs in chunks: on Ctrl-C / SIGTERM the points evaluated are written (the report and
    // the JSON marked interrupted), designs not yet started are skipped. The watch is kept until the
    // process exits: a signal while the outputs are written only sets the exit code
    for (const d of loaded) {
      if (sig?.stopped()) break;
      const r = d.result;
      let sweep: { axes: SweepAxis[]; points: SweepPoint[] } | undefined;
      let cut: { interrupted: true; points_planned: number } | null = null;
      if (sig) {
        checkAxes(d.raw, axes, d.file);
        const run = await runSweepAsync(d.design, axes, yieldToEventLoop, sig.stopped);
        sweep = { axes, points: run.points };
        if (!run.complete) cut = { interrupted: true, points_planned: run.planned };
      }
      const dir = dirOf(d.file);
      if (dir) ensureOutputDir(dir);
      const reportPath = reportOpt ? resolve(reportOpt) : dir ? join(dir, 'report.html') : null;
      const emitPath = emitOpt ? resolve(emitOpt) : dir ? join(dir, 'cell-params.json') : null;
      const csvPath = sweep ? (csvOpt ? resolve(csvOpt) : dir ? join(dir, 'sweep.csv') : null) : null;
      if (emitPath) {
        try {
          writeFileAtomic(emitPath, JSON.stringify(emitCellParams(d.resolved, r), null, 2) + '\n');
        } catch (e) {
          if (opts.emit || !(e instanceof InputError)) throw e instanceof InputError ? e.inFile(d.file) : e;
        }
      }
      const title = `Cell design: ${r.name}${cut ? ` (sweep interrupted: ${sweep!.points.length} of ${cut.points_planned} points)` : ''}`;
      if (reportPath) writeFileAtomic(reportPath, renderDesignReport({ title, results: [r], reference, inputs: d.text, version: VERSION, sweep }));
      if (dir) writeFileAtomic(join(dir, 'design.json'), JSON.stringify(designJson(r, reference), null, 2) + '\n');
      if (csvPath && sweep) writeFileAtomic(csvPath, csvOf(axes, sweep.points));
      const preset = presetOfDesign(d.design);
      const j: Record<string, unknown> = { ...designJson(r, reference), preset };
      if (sweep)
        j.sweep = {
          axes: axes.map((a) => a.path),
          ...cut,
          points: sweep.points.length,
          invalid: sweep.points.filter((p) => p.error).length,
          pareto: sweep.points
            .filter((p) => p.pareto)
            .map((p) => ({
              values: p.values,
              specific_energy_with_fixture_Wh_kg: p.result!.specific_energy_with_fixture_Wh_kg,
              max_charge_C_rate_25C: p.result!.max_charge_C_rate_25C,
              cost_USD_per_kWh: p.result!.cost_USD_per_kWh,
            })),
        };
      jsonOut.push(j);
      // warnings also on stderr (they are in the summary, design.json and the report too), so --json users see them
      for (const w of r.warnings) process.stderr.write(`warning: ${d.file}: ${w}\n`);
      if (!opts.json) {
        let text = summary(r, reference, preset) + '\n';
        if (sweep)
          text += `\nsweep: ${sweep.points.length}${cut ? ` of ${cut.points_planned} (interrupted)` : ''} designs over ${axes.map((a) => a.path).join(' × ')}, ${sweep.points.filter((p) => p.error).length} impossible, ${sweep.points.filter((p) => p.pareto).length} on the Pareto front (Wh/kg with fixture × max C at 25 °C × USD/kWh)\n`;
        const wrote = [reportPath, emitPath, csvPath].filter(Boolean);
        if (wrote.length) text += `wrote ${wrote.join(', ')}\n`;
        process.stdout.write(text + '\n');
      }
      if (cut)
        process.stderr.write(
          `ssb design: interrupted by ${sig!.signal}: ${sweep!.points.length} of ${cut.points_planned} sweep points of ${d.file} evaluated${csvPath || reportPath ? `; they are in ${[csvPath, reportPath].filter(Boolean).join(', ')}` : ''}${loaded.indexOf(d) < loaded.length - 1 ? '; the designs after it were skipped' : ''}\n`,
        );
    }
    if (opts.json) process.stdout.write(JSON.stringify(jsonOut.length === 1 ? jsonOut[0] : jsonOut, null, 2) + '\n');
    return sig ? sig.exitCode(0) : 0;
  } catch (e) {
    return reportError(e, debug);
  }
}
