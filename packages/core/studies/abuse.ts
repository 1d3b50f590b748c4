/**
 * Abuse and reliability procedures as runnable tests with a verdict. A procedure is data (YAML,
 * `examples/abuse/*.yaml`): a scenario in the `ssb simulate` schema (usually a protocol event in
 * the PyBaMM step grammar, "at T oC" for the chamber), run through the normal simulator
 * (`runSimulation`: plant + sensors + BMS + BTMS), plus the pass criteria.
 *
 * Hazard level: a model-based proxy in the spirit of the EUCAR hazard levels (0 no effect,
 * 1 passive protection activated, 2 defect/damage, 3 leakage, 4 venting, 5 fire or flame,
 * 6 rupture, 7 explosion; tabulated in Doughty & Crafts, FreedomCAR Electrical Energy Storage
 * System Abuse Test Manual, Sandia SAND2005-3123 (2006), and SAE J2464). The plant has no gas,
 * leakage or flame model, so the mapping is:
 *   0  nothing below;
 *   1  the BMS opened the contactors (a protection acted, nothing damaged);
 *   2  irreversible damage: a cell above its maximum safety temperature (top of its operating
 *      window + 35 K, the BMS's own max-safety tier), over-charged above 100.1 % or over-discharged
 *      below −1 % SoC (a step's overshoot into the knee is not counted), or an internal (filament) short formed;
 *   4  a cell passed its self-heating onset (exothermic decomposition, which makes gas: venting is
 *      assumed — conservative for solid electrolytes, where levels 3–4 cannot be told apart);
 *   5  thermal runaway: ≥ 50 % of a cell's runaway reactant consumed (levels 5–7 — fire, rupture,
 *      explosion — cannot be told apart by the model).
 *
 * Protocol strings may use the cell's own limits, so one file serves every chemistry:
 * `{vmax}`, `{vmin}` (cut-off voltages, V), `{tmax}`, `{tmin}` (operating window, °C), each with an
 * optional `*k` or `+k`/`-k` (a field that is only a placeholder becomes a number), e.g. "Charge at 1C until {vmax*1.1} V", "Rest for 1 hour at {tmax+10} oC".
 *
 * The early-warning detector (`bms/diag/early-warning.ts`) runs beside the BMS on its own sensor
 * model and is scored per run: lead time before the first onset, and warning episodes (false
 * alarms when the procedure is a normal-use run).
 */
import { z } from 'zod';
import type { CellParams } from '../physics/cell-params.js';
import { CELL_PRESETS } from '../design/presets.js';
import { runSimulation, runSimulationAsync, type RunOptions, type SimResult, type StepObserver } from '../sim/engine.js';
import type { Scenario } from '../sim/scenario.js';
import type { Pack } from '../pack/pack.js';
import type { SpeedTrace } from '../loads/epa.js';
import { InputError } from '../errors.js';
import { kToC } from '../units/index.js';
import { celsius, parseWithSchema } from '../schema.js';
import { RunawayMonitor } from './safety-monitor.js';
import { round } from '../numerics/round.js';
import { capacityRetention_pct } from '../sim/scoring.js';
import { isRunawayDestroyed, RUNAWAY_CONSUMED_FRACTION } from '../physics/runaway/arrhenius.js';

const num = z.number().refine(Number.isFinite, 'must be a finite number');
const pos = num.refine((x) => x > 0, 'must be positive');

export const HAZARD_LEVEL_TEXT: Record<number, string> = {
  0: 'no effect',
  1: 'protection activated (contactors opened), no damage',
  2: 'defect/damage (irreversible), no self-heating',
  4: 'self-heating onset passed (venting assumed)',
  5: 'thermal runaway (EUCAR 5–7: fire, rupture or explosion not distinguished)',
};

export const abuseProcedureSchema = z
  .strictObject({
    procedure: z
      .string()
      .regex(/^[a-z0-9-]+$/, 'must be a lower-case id like "hot-box"')
      .describe('Id of the procedure (lower case, dashes).'),
    title: z.string().min(1).describe('Title shown in the results.'),
    standard: z.string().default('').describe('Standard or practice the procedure follows, and how it departs from it.'),
    description: z.string().default('').describe('Free text.'),
    normal_use: z.boolean().default(false).describe('Normal use (not abuse): every warning of the early-warning detector counts as a false alarm.'),
    cells: z.array(z.string().min(1)).min(1).optional().describe('Cells to run (presets or parameter files); default: the four presets.'),
    scenario: z.record(z.string(), z.unknown()).optional().describe('The scenario (the `ssb simulate` schema without `name` and `cell`, which are filled in per run) …'),
    scenario_file: z.string().optional().describe('… or a scenario file, relative to this file (its own cell is replaced).'),
    ignore_bms_limits: z.boolean().default(false).describe('The load or charger ignores the BMS current limits (a short circuit, a faulty charger): only the contactors interrupt it.'),
    stop_at_retention_pct: pos.optional().describe('Stop when the capacity retention falls to this [%] and report the equivalent full cycles to it.'),
    criteria: z
      .strictObject({
        max_hazard_level: z.number().int().min(0).max(7).default(3).describe('Highest EUCAR-style hazard level (model proxy) that passes.'),
        no_onset: z.boolean().default(false).describe('Fail if any cell passes its self-heating onset.'),
        max_temp_C: celsius.optional().describe('Fail if a cell exceeds this.'),
        contactor_open_within_s: pos.optional().describe('The contactors must have opened within this time of the start [s].'),
        min_cycles: pos.optional().describe('At least this many equivalent full cycles before the retention target.'),
        min_ocv_retention_pct: pos.optional().describe('Open-circuit voltage at the end ≥ this fraction of the start [%] (UN 38.3 T.1–T.5).'),
        max_false_alarms: z.number().int().min(0).optional().describe('Normal use: at most this many warning episodes (level ≥ 2) of the early-warning detector.'),
      })
      .prefault({})
      .describe('The verdict: every criterion given must hold for PASS.'),
  })
  .refine((p) => (p.scenario ? 1 : 0) + (p.scenario_file ? 1 : 0) === 1, 'give exactly one of "scenario" or "scenario_file"');

export type AbuseProcedure = z.output<typeof abuseProcedureSchema>;

export function parseAbuseProcedure(raw: unknown, file: string): AbuseProcedure {
  return parseWithSchema(abuseProcedureSchema, raw, file);
}

export const DEFAULT_ABUSE_CELLS = Object.keys(CELL_PRESETS);

/** Replace `{vmax}`, `{vmin}`, `{tmax}`, `{tmin}` (with optional *k, +k, −k) in every string of a document. */
export function expandCellTemplates(doc: unknown, cell: CellParams, file = 'procedure'): unknown {
  const vars: Record<string, number> = { vmax: cell.voltage.max_V, vmin: cell.voltage.min_V, tmax: cell.thermal.window_C.max, tmin: cell.thermal.window_C.min };
  const sub = (s: string): string =>
    s.replace(/\{([a-z]+)(?:\s*([*+-])\s*([0-9]*\.?[0-9]+))?\}/g, (m, name: string, op?: string, k?: string) => {
      if (!(name in vars))
        throw new InputError(
          `unknown placeholder {${name}}; known: ${Object.keys(vars)
            .map((v) => `{${v}}`)
            .join(', ')}`,
          { file, value: m },
        );
      let v = vars[name];
      if (op === '*') v *= Number(k);
      else if (op === '+') v += Number(k);
      else if (op === '-') v -= Number(k);
      return String(Math.round(v * 1e4) / 1e4);
    });
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') {
      const out = sub(x);
      // a string that was only a placeholder becomes a number ("{tmin+10}" → 25 for initial_temp_C)
      return /^\{[^}]*\}$/.test(x.trim()) ? Number(out) : out;
    }
    if (Array.isArray(x)) return x.map(walk);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, walk(v)]));
    return x;
  };
  return walk(doc);
}

export interface CriterionResult {
  name: string;
  limit: string;
  value: string;
  pass: boolean;
}

export interface AbuseResult {
  procedure: string;
  title: string;
  cell: string;
  /** 'invalid': the simulation failed numerically (run_error); no criterion is judged on a failed computation. */
  verdict: 'pass' | 'fail' | 'invalid';
  hazard_level: number;
  hazard: string;
  criteria: CriterionResult[];
  peak_temp_C: number;
  /** When the first cell passed its self-heating onset T1 (slow self-heating, not yet runaway) [s]. */
  onset_s: number | null;
  /** T1 of the cell: the self-heating onset (ARC threshold 0.02 K/min) that `onset_s` refers to [°C]. */
  self_heating_onset_C: number;
  /** Cells in thermal runaway (≥ 50 % of the reactant consumed): destroyed, no capacity, no voltage. */
  cells_in_runaway: number;
  contactor_open_s: number | null;
  peak_discharge_current_A: number;
  /** External short: OCV / (R0 + R1(1−e^(−Δt/τ1)) + R2(1−e^(−Δt/τ2))) of the pack at the first shorted step [A]. */
  expected_short_current_A: number | null;
  /** Current of that first shorted step in the plant [A]. */
  short_current_A: number | null;
  soc_max: number;
  soc_min: number;
  equivalent_full_cycles: number;
  cycles_to_target: number | null;
  /** True capacity retention at the end [%]: 0 once a cell went into thermal runaway (destroyed). */
  retention_end_pct: number;
  /** Open-circuit voltage at the end / at the start [%]; a destroyed cell counts 0 V. */
  ocv_retention_pct: number | null;
  early_warning: { first_warning_s: number | null; first_alarm_s: number | null; lead_time_s: number | null; warning_episodes: number; caution_episodes: number; reason: string };
  run_error: string | null;
  simulated_h: number;
  sim: SimResult;
}

export interface AbuseRunOptions {
  procedure: AbuseProcedure;
  scenario: Scenario;
  cell: CellParams;
  traces: Record<string, SpeedTrace>;
  keepRows?: boolean;
}

export function runAbuse(o: AbuseRunOptions): AbuseResult {
  const r = abuseRun(o);
  return r.finish(runSimulation(r.options));
}

/**
 * The same run in chunks (engine.ts `runSimulationAsync`: `pause()` between chunks lets the
 * caller's signal handlers run); null when `shouldStop()` turned true before the run ended (an
 * interrupted run has no verdict). Results are identical to `runAbuse`.
 */
export async function runAbuseAsync(o: AbuseRunOptions, pause: () => Promise<void>, shouldStop: () => boolean): Promise<AbuseResult | null> {
  const r = abuseRun(o);
  const sim = await runSimulationAsync({ ...r.options, shouldStop }, pause);
  return shouldStop() ? null : r.finish(sim);
}

/** The simulator options of one abuse run and the scoring of its result. */
function abuseRun(o: AbuseRunOptions): { options: RunOptions; finish: (sim: SimResult) => AbuseResult } {
  const proc = o.procedure;
  const s = o.scenario;
  let monitor: RunawayMonitor | null = null;
  let everClosed = false;
  let contactorOpen_s: number | null = null;
  let peakI = 0;
  let socMax = -Infinity;
  let socMin = Infinity;
  let throughput_As = 0;
  let cap0_As = 0;
  let packRef: Pack | null = null;
  let ocvStart = NaN;
  let expectedShort: number | null = null;
  let firstShortCurrent: number | null = null;
  let cyclesToTarget: number | null = null;
  let retention = 100;
  const target = proc.stop_at_retention_pct;

  // a procedure with a failed current limiter runs the scenario with that plant fault from t = 0
  const scenario: Scenario = proc.ignore_bms_limits ? { ...s, plant_faults: [...s.plant_faults, { kind: 'protection-failed', at: 0 }] } : s;
  /** The step is the first of a failed-limiter short (its current is compared with the expected one). */
  let firstShort = false;
  const watcher: StepObserver = {
    onStart: (run) => {
      const pack = run.plant.pack;
      packRef = pack;
      monitor = new RunawayMonitor(pack, { seed: s.seed, tempSensorsPerModule: s.sensors.temp_sensors_per_module ?? 2 });
      for (let u = 0; u < pack.nUnits; u++) cap0_As += pack.unitCapacity0_As[u];
      cap0_As /= pack.ns; // pack capacity: parallel cells add
    },
    beforePlantStep: ({ input: inp, pack }) => {
      // a short: a hold at < 10 mV per cell, or a load below UN 38.3 T.5's 0.1 Ω
      const ctl = inp.control;
      const isShort = (ctl.kind === 'voltage' && ctl.value_V < 0.01 * pack.ns) || (ctl.kind === 'resistance' && ctl.value_ohm < 0.1);
      firstShort = proc.ignore_bms_limits && expectedShort === null && inp.contactorsClosed && isShort;
      if (firstShort) expectedShort = shortCurrentEstimate(pack, inp.dt_s, ctl.kind === 'voltage' ? ctl.value_V : 0, ctl.kind === 'resistance' ? ctl.value_ohm : 0);
      if (Number.isNaN(ocvStart) && inp.dt_s < 0.01) ocvStart = restVoltage(pack);
    },
    afterPlantStep: ({ input: inp, pack }, r) => {
      if (firstShort) firstShortCurrent = r.current_A;
      if (inp.contactorsClosed) everClosed = true;
      else if (everClosed && contactorOpen_s === null) contactorOpen_s = inp.time_s;
      if (r.current_A > peakI) peakI = r.current_A;
      throughput_As += Math.abs(r.current_A) * inp.dt_s;
      for (let u = 0; u < pack.nUnits; u++) {
        const z = pack.soc[u];
        if (z > socMax) socMax = z;
        if (z < socMin) socMin = z;
      }
      if (target !== undefined) {
        retention = capacityRetention_pct(pack);
        if (retention <= target && cyclesToTarget === null) cyclesToTarget = throughput_As / (2 * cap0_As);
      }
      if (inp.dt_s >= 0.01) monitor!.observe(inp.time_s + inp.dt_s, inp.dt_s, r.current_A, r.voltage_V, inp.ambient_K);
    },
    shouldStop: () => target !== undefined && retention <= target,
  };
  const options: RunOptions = { scenario, cell: o.cell, traces: o.traces, keepRows: o.keepRows, observers: [watcher] };
  const finish = (sim: SimResult): AbuseResult => {
    const pack = packRef as Pack | null;
    const mon = monitor as RunawayMonitor | null;
    if (!pack || !mon) throw new Error('runAbuse: the simulator did not build a pack');
    const cell = pack.cell;
    let runawayCells = 0;
    for (let c = 0; c < pack.nCells; c++) if (mon.consumed(c) >= RUNAWAY_CONSUMED_FRACTION) runawayCells++;
    const peak_K = Math.max(...Array.from(mon.cellPeak_K));
    const maxSafety_K = cell.params.thermal.window_C.max + 35 + 273.15;
    const opened = sim.events.some((e) => e.kind === 'stranded' || (e.kind === 'protection' && e.action === 'open-contactors')) || contactorOpen_s !== null;
    const shorts = sim.metrics.internal_shorts;
    let hl = 0;
    if (opened) hl = 1;
    if (peak_K > maxSafety_K || socMax > 1.001 || socMin < -0.01 || shorts > 0) hl = 2;
    if (mon.onset_s !== null) hl = 4;
    if (runawayCells > 0) hl = 5;
    const ocvEnd = restVoltage(pack);
    const ocvRet = Number.isFinite(ocvStart) && ocvStart > 0 ? (100 * ocvEnd) / ocvStart : null;
    const det = mon.detector;
    const warnEpisodes = det.countEpisodes(2);

    const c = proc.criteria;
    const crit: CriterionResult[] = [];
    crit.push({ name: 'hazard level', limit: `≤ ${c.max_hazard_level}`, value: String(hl), pass: hl <= c.max_hazard_level });
    if (c.no_onset)
      crit.push({
        name: 'no self-heating onset',
        limit: `T < ${kToC(cell.runaway.onset_K).toFixed(0)} °C`,
        value: mon.onset_s === null ? 'none' : `at ${mon.onset_s.toFixed(0)} s`,
        pass: mon.onset_s === null,
      });
    if (c.max_temp_C !== undefined) crit.push({ name: 'peak cell temperature', limit: `≤ ${c.max_temp_C} °C`, value: `${kToC(peak_K).toFixed(1)} °C`, pass: kToC(peak_K) <= c.max_temp_C });
    if (c.contactor_open_within_s !== undefined) {
      crit.push({
        name: 'contactors opened',
        limit: `within ${c.contactor_open_within_s} s`,
        value: contactorOpen_s === null ? 'never' : `${(contactorOpen_s as number).toFixed(1)} s`,
        pass: contactorOpen_s !== null && contactorOpen_s <= c.contactor_open_within_s,
      });
    }
    if (c.min_cycles !== undefined)
      crit.push({
        name: `cycles to ${target ?? 80} % capacity`,
        limit: `≥ ${c.min_cycles}`,
        value: cyclesToTarget === null ? 'not reached' : (cyclesToTarget as number).toFixed(0),
        pass: cyclesToTarget === null || cyclesToTarget >= c.min_cycles,
      });
    if (c.min_ocv_retention_pct !== undefined)
      crit.push({
        name: 'OCV retention',
        limit: `≥ ${c.min_ocv_retention_pct} %`,
        value: ocvRet === null ? '—' : `${ocvRet.toFixed(1)} %`,
        pass: ocvRet !== null && ocvRet >= c.min_ocv_retention_pct,
      });
    if (c.max_false_alarms !== undefined) crit.push({ name: 'early-warning false alarms', limit: `≤ ${c.max_false_alarms}`, value: String(warnEpisodes), pass: warnEpisodes <= c.max_false_alarms });

    const fw = det.firstTime_s[2];
    const lead = mon.leadTime_s();
    return {
      procedure: proc.procedure,
      title: proc.title,
      cell: cell.params.id,
      verdict: sim.error ? 'invalid' : crit.every((x) => x.pass) ? 'pass' : 'fail',
      hazard_level: hl,
      hazard: HAZARD_LEVEL_TEXT[hl],
      criteria: crit,
      peak_temp_C: round(kToC(peak_K), 2),
      onset_s: mon.onset_s === null ? null : round(mon.onset_s, 1),
      self_heating_onset_C: round(kToC(cell.runaway.onset_K), 1),
      cells_in_runaway: runawayCells,
      contactor_open_s: contactorOpen_s === null ? null : round(contactorOpen_s, 2),
      peak_discharge_current_A: round(peakI, 2),
      expected_short_current_A: expectedShort === null ? null : round(expectedShort, 2),
      short_current_A: firstShortCurrent === null ? null : round(firstShortCurrent, 2),
      soc_max: round(socMax, 5),
      soc_min: round(socMin, 5),
      equivalent_full_cycles: round(throughput_As / (2 * cap0_As), 1),
      cycles_to_target: cyclesToTarget === null ? null : round(cyclesToTarget, 1),
      retention_end_pct: round(sim.metrics.soh_end_pct, 3),
      ocv_retention_pct: ocvRet === null ? null : round(ocvRet, 2),
      early_warning: {
        first_warning_s: Number.isNaN(fw) ? null : round(fw, 1),
        first_alarm_s: Number.isNaN(det.firstTime_s[3]) ? null : round(det.firstTime_s[3], 1),
        lead_time_s: lead === null ? null : round(lead, 1),
        warning_episodes: warnEpisodes,
        caution_episodes: det.countEpisodes(1),
        reason: det.episodes.find((e) => e.level >= 2)?.reason ?? det.episodes[0]?.reason ?? '',
      },
      run_error: sim.error ? sim.error.message : null,
      simulated_h: round(pack.time_s / 3600, 3),
      sim,
    };
  };
  return { options, finish };
}

/** Mean open-circuit voltage of the series groups from the plant's OCV at their SoC and temperature [V per cell]; a cell in thermal runaway (destroyed) has none. */
function restVoltage(pack: Pack): number {
  const c = pack.cell;
  let s = 0;
  for (let u = 0; u < pack.nUnits; u++) {
    if (isRunawayDestroyed(pack.reactant[u])) continue;
    const z = Math.min(1, Math.max(0, pack.soc[u]));
    const i = Math.min(c.ocvTable.y.length - 1, Math.round((z - c.ocvTable.x0) / c.ocvTable.dx));
    const dudt = c.dUdTTable.y[i];
    s += c.ocvTable.y[i] + (pack.temp_K[u] - 298.15) * dudt;
  }
  return s / pack.nUnits;
}

/**
 * Short-circuit current the plant should deliver at a terminal voltage V, or through an external
 * resistance R (short, busbars and contactors), over a step dt: every cell at rest is an OCV behind
 * R0 + R1(1 − e^(−dt/τ1)) + R2(1 − e^(−dt/τ2)) (the RC branches charge during the step); Np in
 * parallel, Ns in series: I = (Σ OCV − V) / (R_pack + R).
 */
export function shortCurrentEstimate(pack: Pack, dt_s: number, v_V: number, rExt_ohm = 0): number {
  const c = pack.cell;
  let ocv = 0;
  let r = 0;
  for (let g = 0; g < pack.ns; g++) {
    const u = g * pack.np * pack.nseg;
    const T = pack.temp_K[u];
    const z = pack.soc[u];
    const i = Math.min(c.ocvTable.y.length - 1, Math.max(0, Math.round(z / c.ocvTable.dx)));
    ocv += c.ocvTable.y[i] + (T - 298.15) * c.dUdTTable.y[i];
    const p = pack.modulePressure_Pa[pack.moduleOfGroup(g)];
    const rc = c.rcResistance(T);
    r += (c.r0_ohm(T, p, 0) + rc.r1_ohm * (1 - Math.exp(-dt_s / c.rc.tau1_s)) + rc.r2_ohm * (1 - Math.exp(-dt_s / c.rc.tau2_s))) / pack.np;
  }
  return (ocv - v_V) / (r + rExt_ohm);
}
