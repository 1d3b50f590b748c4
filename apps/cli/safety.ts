/**
 * `ssb runaway-test` and `ssb abuse`: composition only (load → core safety runners → print/write).
 */
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../packages/io/output-files.js';
import { claimOutputDir } from '../../packages/io/output-lock.js';
import { loadRunawayTest, loadAbuse, builtInAbuseFiles, abuseCells, prepareAbuseRun } from '../../packages/io/safety-loader.js';
import { runRunawayTestAsync, type RunawayTestResult, runAbuseAsync, type AbuseResult } from '../../packages/core/studies/index.js';
import { columnIndex } from '../../packages/core/sim/index.js';
import { renderReport, type ReportPanel } from '../../packages/io/report.js';
import { InputError } from '../../packages/core/errors.js';
import { reportError } from './report-error.js';
import { VERSION } from './version.js';
import { watchSignals, yieldToEventLoop } from './interrupt.js';

/** The files `runaway-test --out` and `abuse --out` write. */
const OUT_FILES = ['metrics.json', 'report.html'];

const fmt = (x: number | null | undefined, d = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));

function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i])).join('  ');
  return [line(header), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

/** The JSON summary of a runaway test (no time series). */
export function runawaySummary(r: RunawayTestResult): Record<string, unknown> {
  const { series: _s, events: _e, ...rest } = r;
  return { ...rest, provenance: { version: VERSION, generated_by: 'ssb runaway-test' } };
}

export async function runawayTestCommand(file: string, opts: { json?: boolean; out?: string }): Promise<number> {
  const debug = process.argv.includes('--debug');
  try {
    const dir = claimOutputDir(opts.out, OUT_FILES, [file], `ssb runaway-test ${file}`);
    // in chunks: on Ctrl-C / SIGTERM the run ends where it is and the outputs cover that part (interrupted: true)
    // (the watch is kept until the process exits, so a signal while the outputs are written only sets
    // the exit code: the default action would kill the process midway, leaving a temporary file and the lock)
    const sig = watchSignals('runaway-test');
    const l = loadRunawayTest(file);
    const r = await runRunawayTestAsync(l.spec, l.cell, yieldToEventLoop, sig.stopped);
    const summary = runawaySummary(r);
    if (dir) {
      writeFileAtomic(join(dir, 'metrics.json'), JSON.stringify({ ...summary, input_file: l.file }, null, 2));
      writeFileAtomic(join(dir, 'report.html'), runawayReport(r, l.text));
    }
    if (r.interrupted)
      process.stderr.write(
        `ssb runaway-test: interrupted by ${sig.signal} at ${fmt(r.interrupted_at_s)} s of ${l.spec.end_time_s} s: the results (verdict included) cover that part only${dir ? `; they are in ${resolve(dir)} (metrics.json has interrupted: true)` : ''}\n`,
      );
    if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else {
      const head = [
        `${r.name} — ${r.cell_id}, ${r.cells} cells, trigger cell ${r.trigger_cell}, self-heating onset T1 ${r.self_heating_onset_C} °C, runaway trigger T2 ${fmt(r.runaway_trigger_C)} °C, ${r.total_heat_kJ_kg} kJ/kg, cell-to-cell ${r.cell_to_cell_W_K} W/K`,
        `verdict: ${r.propagation_text}; ${r.cells_in_runaway} cell(s) in runaway in all, peak ${fmt(r.peak_temp_C)} °C`,
        `(${r.propagation_definition})`,
        `heater ${fmt(r.heater_energy_J / 1000)} kJ (off at ${fmt(r.heater_off_s)} s); energy balance error ${r.energy_balance.error_pct.toExponential(2)} %`,
        `single cell in an ARC (adiabatic heat-wait-seek): self-heating onset T1 ${fmt(r.arc.self_heating_onset_C)} °C, vent ${fmt(r.arc.vent_C)} °C, runaway trigger T2 ${fmt(r.arc.runaway_trigger_C)} °C, peak T3 ${fmt(r.arc.peak_C)} °C, ${fmt(r.arc.mass_lost_pct, 0)} % of the mass ejected`,
        `vented ${fmt(r.energy_balance.vented_J / 1000)} kJ; propagation ${r.propagation_span_s === null ? '—' : `${fmt(r.propagation_span_s)} s to the last cell, ${fmt(r.propagation_s_per_cell)} s per cell`}`,
        `early warning: first warning ${r.early_warning.first_warning_s === null ? 'none' : `${r.early_warning.first_warning_s} s`}, lead time to the first neighbour onset ${r.early_warning.lead_time_to_neighbour_onset_s === null ? '—' : `${r.early_warning.lead_time_to_neighbour_onset_s} s`}`,
      ];
      const rows = r.per_cell.map((c) => [
        String(c.cell) + (c.trigger ? ' (trigger)' : ''),
        c.onset_s === null ? '—' : fmt(c.onset_s),
        fmt(c.peak_temp_C),
        fmt(100 * c.consumed, 0),
        c.runaway ? 'yes' : 'no',
      ]);
      process.stdout.write(head.join('\n') + '\n\n' + table(['cell', 'T1 onset [s]', 'peak [°C]', 'reacted [%]', 'runaway'], rows) + '\n' + (opts.out ? `\noutputs: ${resolve(opts.out)}\n` : ''));
    }
    return sig.exitCode(0);
  } catch (e) {
    return reportError(e, debug);
  }
}

function runawayReport(r: RunawayTestResult, inputs: string): string {
  const xs = r.series.time_s;
  const panels: ReportPanel[] = [
    {
      title: 'Temperature of every cell',
      xLabel: 'time [s]',
      yLabel: 'temperature [°C]',
      series: r.series.temp_C.map((y, i) => ({ label: `cell ${i + 1}${i + 1 === r.trigger_cell ? ' (trigger)' : ''}`, unit: '°C', x: xs, y })),
    },
    {
      title: 'Heater power and early-warning level',
      xLabel: 'time [s]',
      yLabel: 'W / level',
      series: [
        { label: 'heater', unit: 'W', x: xs, y: r.series.heater_W },
        { label: 'warning level × 1000', unit: '-', x: xs, y: r.series.warning.map((v) => v * 1000), dash: true },
      ],
    },
    { title: 'Cooling plate', xLabel: 'time [s]', yLabel: 'temperature [°C]', series: [{ label: 'plate/coolant', unit: '°C', x: xs, y: r.series.plate_C }] },
  ];
  return renderReport({
    title: `Runaway propagation test: ${r.name}${r.interrupted ? ` (interrupted at ${fmt(r.interrupted_at_s)} s)` : ''}`,
    subtitle: `${r.cell_id} · ${r.cells} cells · trigger cell ${r.trigger_cell}`,
    metrics: runawaySummary(r),
    headline: [
      { label: 'verdict', value: r.propagation_text },
      { label: 'cells in runaway', value: String(r.cells_in_runaway) },
      { label: 'first neighbour self-heating onset', value: r.first_neighbour_onset_s === null ? 'none' : `${fmt(r.first_neighbour_onset_s)} s` },
      { label: 'definition', value: r.propagation_definition },
      { label: 'peak temperature', value: `${fmt(r.peak_temp_C)} °C` },
      { label: 'energy balance error', value: `${r.energy_balance.error_pct.toExponential(2)} %` },
    ],
    panels,
    events: r.events,
    tables: [
      {
        title: 'Per cell',
        columns: ['cell', 'T1 onset [s]', 'peak [°C]', 'peak at [s]', 'reacted [%]', 'runaway'],
        rows: r.per_cell.map((c) => [c.cell, c.onset_s ?? '—', c.peak_temp_C, c.peak_time_s, Math.round(c.consumed * 100), c.runaway ? 'yes' : 'no']),
      },
    ],
    provenance: { version: VERSION, seed: '—', inputs, generated_by: 'ssb runaway-test' },
  });
}

/** JSON row of an abuse result (no simulator internals). */
export function abuseRow(r: AbuseResult): Record<string, unknown> {
  const { sim, ...rest } = r;
  return { ...rest, energy_balance_error_pct: sim.metrics.energy_balance_error_pct };
}

export async function abuseCommand(files: string[], opts: { all?: boolean; cell?: string; json?: boolean; out?: string }): Promise<number> {
  const debug = process.argv.includes('--debug');
  try {
    if (opts.all && files.length) throw new InputError('give procedure files or --all, not both', { value: files.join(' ') });
    const list = opts.all ? builtInAbuseFiles() : files;
    if (!list.length) throw new InputError('give one or more procedure files (examples/abuse/*.yaml) or --all');
    const dir = claimOutputDir(opts.out, OUT_FILES, [...list, opts.cell], `ssb abuse ${list.join(' ')}`);
    // (kept until the process exits, as in runaway-test)
    const sig = watchSignals('abuse');
    const loaded = list.map((f) => loadAbuse(f));
    const cases = loaded.flatMap((l) => abuseCells(l, opts.cell).map((c) => ({ l, c })));
    const results: AbuseResult[] = [];
    // one run at a time, each in chunks: a Ctrl-C / SIGTERM is seen within a fraction of a second;
    // the run it interrupts is dropped (no verdict), the runs finished are written, marked interrupted
    for (const { l, c } of cases) {
      const run = prepareAbuseRun(l, c);
      if (!opts.json) process.stderr.write(`ssb abuse: ${l.procedure.procedure} [${run.cell.id}] …\n`);
      const r = await runAbuseAsync({ procedure: l.procedure, ...run }, yieldToEventLoop, sig.stopped);
      if (!r) break;
      results.push(r);
    }
    const interrupted = sig.stopped() ? { interrupted: true, runs_planned: cases.length, runs_finished: results.length } : {};
    const invalid = results.filter((r) => r.verdict === 'invalid');
    const score = earlyWarningScore(
      results,
      loaded.map((l) => l.procedure),
    );
    const rows = results.map(abuseRow);
    if (dir) {
      writeFileAtomic(
        join(dir, 'metrics.json'),
        JSON.stringify({ ...interrupted, results: rows, early_warning: score, provenance: { version: VERSION, generated_by: 'ssb abuse', files: list } }, null, 2),
      );
      writeFileAtomic(join(dir, 'report.html'), abuseReport(results, score, loaded.map((l) => `# ${l.file}\n${l.text}`).join('\n'), interrupted));
    }
    if (sig.stopped())
      process.stderr.write(
        `ssb abuse: interrupted by ${sig.signal}: ${results.length} of ${cases.length} runs finished; ${dir ? `their results are in ${resolve(dir)} (metrics.json has interrupted: true)` : 'the table below covers those'}\n`,
      );
    if (opts.json) process.stdout.write(JSON.stringify({ ...interrupted, results: rows, early_warning: score }) + '\n');
    else {
      const t = results.map((r) => [
        r.procedure,
        r.cell,
        r.verdict.toUpperCase(),
        // a failed computation shows no hazard level or peak (its temperatures are not physical)
        r.verdict === 'invalid' ? '—' : String(r.hazard_level),
        r.verdict === 'invalid' ? '—' : fmt(r.peak_temp_C),
        r.onset_s === null || r.verdict === 'invalid' ? '—' : fmt(r.onset_s, 0),
        r.contactor_open_s === null ? '—' : fmt(r.contactor_open_s),
        r.early_warning.first_warning_s === null ? '—' : fmt(r.early_warning.first_warning_s, 0),
        r.early_warning.lead_time_s === null ? '—' : fmt(r.early_warning.lead_time_s, 0),
        String(r.early_warning.warning_episodes),
        r.verdict === 'invalid'
          ? `numerical failure: ${r.run_error}`
          : r.criteria
              .filter((c) => !c.pass)
              .map((c) => `${c.name} ${c.value} (${c.limit})`)
              .join('; ') || (r.cycles_to_target !== null ? `${fmt(r.cycles_to_target, 0)} cycles to target` : ''),
      ]);
      process.stdout.write(table(['procedure', 'cell', 'verdict', 'HL', 'peak °C', 'T1 onset s', 'open s', 'warn s', 'lead s', 'warnings', 'failed criteria / notes'], t) + '\n');
      process.stdout.write(
        `\nearly warning: ${score.onsets} runs with an onset, warned before it in ${score.warned_before_onset} (median lead ${fmt(score.median_lead_time_s, 0)} s); false alarms ${score.false_alarms} in ${score.normal_runs} normal-use runs\n`,
      );
      if (opts.out) process.stdout.write(`outputs: ${resolve(opts.out)}\n`);
    }
    // a failed verdict is a result, not an error: exit 0 (the verdicts are in the output); a run that
    // failed numerically has no verdict: exit 1, after the outputs are written
    if (invalid.length) {
      process.stderr.write(`ssb abuse: ${invalid.length} run(s) invalid (numerical failure, no verdict): ${invalid.map((r) => `${r.procedure} [${r.cell}]`).join(', ')}\n`);
      return sig.exitCode(1);
    }
    return sig.exitCode(0);
  } catch (e) {
    return reportError(e, debug);
  }
}

export function earlyWarningScore(
  results: AbuseResult[],
  procs: { procedure: string; normal_use: boolean }[],
): { onsets: number; warned_before_onset: number; median_lead_time_s: number | null; lead_times_s: Record<string, number | null>; normal_runs: number; false_alarms: number } {
  const normal = new Set(procs.filter((p) => p.normal_use).map((p) => p.procedure));
  // a run that failed numerically says nothing about the detector
  const withOnset = results.filter((r) => r.onset_s !== null && r.verdict !== 'invalid');
  const leads = withOnset
    .map((r) => r.early_warning.lead_time_s)
    .filter((x): x is number => x !== null && x > 0)
    .sort((a, b) => a - b);
  const norm = results.filter((r) => normal.has(r.procedure) && r.verdict !== 'invalid');
  return {
    onsets: withOnset.length,
    warned_before_onset: leads.length,
    median_lead_time_s: leads.length ? leads[Math.floor(leads.length / 2)] : null,
    lead_times_s: Object.fromEntries(withOnset.map((r) => [`${r.procedure}/${r.cell}`, r.early_warning.lead_time_s])),
    normal_runs: norm.length,
    false_alarms: norm.reduce((a, r) => a + r.early_warning.warning_episodes, 0),
  };
}

function abuseReport(results: AbuseResult[], score: ReturnType<typeof earlyWarningScore>, inputs: string, interrupted: { runs_planned?: number }): string {
  const panels: ReportPanel[] = [];
  for (const proc of [...new Set(results.map((r) => r.procedure))]) {
    const rs = results.filter((r) => r.procedure === proc);
    const series = rs.map((r) => {
      const it = columnIndex(r.sim.columns, 'cell_temp_max_C');
      return {
        label: r.verdict === 'invalid' ? `${r.cell} (invalid: numerical failure)` : r.cell,
        unit: '°C',
        x: r.sim.reportRows.map((row) => row[0] / 3600),
        y: r.sim.reportRows.map((row) => row[it]),
      };
    });
    panels.push({ title: `${proc}: hottest cell`, xLabel: 'time [h]', yLabel: 'temperature [°C]', series, xTime: false });
  }
  return renderReport({
    title: 'Abuse and reliability procedures',
    subtitle: `${results.length} runs${interrupted.runs_planned ? ` of ${interrupted.runs_planned} (interrupted)` : ''} · hazard levels after EUCAR (model proxy, see README)`,
    metrics: { ...interrupted, early_warning: score },
    headline: [
      { label: 'pass / fail / invalid', value: ['pass', 'fail', 'invalid'].map((v) => results.filter((r) => r.verdict === v).length).join(' / ') },
      { label: 'early warning lead (median)', value: score.median_lead_time_s === null ? '—' : `${score.median_lead_time_s} s` },
      { label: 'false alarms (normal use)', value: `${score.false_alarms} in ${score.normal_runs} runs` },
    ],
    panels,
    events: [],
    tables: [
      {
        title: 'Verdicts',
        columns: ['procedure', 'cell', 'verdict', 'hazard level', 'peak [°C]', 'T1 onset [s]', 'contactors open [s]', 'first warning [s]', 'lead time [s]', 'criteria'],
        rows: results.map((r) => [
          r.procedure,
          r.cell,
          r.verdict,
          r.verdict === 'invalid' ? '—' : `${r.hazard_level}: ${r.hazard}`,
          r.verdict === 'invalid' ? '—' : r.peak_temp_C,
          r.verdict === 'invalid' ? '—' : (r.onset_s ?? '—'),
          r.contactor_open_s ?? '—',
          r.early_warning.first_warning_s ?? '—',
          r.early_warning.lead_time_s ?? '—',
          r.verdict === 'invalid' ? `numerical failure: ${r.run_error}` : r.criteria.map((c) => `${c.pass ? '✓' : '✗'} ${c.name} ${c.value} (${c.limit})`).join('; '),
        ]),
      },
    ],
    provenance: { version: VERSION, seed: '—', inputs, generated_by: 'ssb abuse' },
  });
}
