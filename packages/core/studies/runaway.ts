/**
 * Thermal-runaway initiation and propagation test, in the spirit of the NRC's TRIM (Thermal
 * Runaway Initiation Methodology, National Research Council Canada; seed 000): a heat pulse into
 * one cell of a module, then follow whether and when its neighbours pass their self-heating onset.
 *
 * The module is the pack plant's own module (`pack/pack.ts`): `series × parallel` large pouch
 * cells stacked face to face in one row, each cell conducting to its two neighbours, all cells on
 * a cooling plate (coolant flowing = cooling on, stagnant = off), the enclosure to ambient. The
 * runaway model is physics.md §5 as the plant carries it (`physics/runaway/arrhenius.ts`):
 * Arrhenius self-heating above the onset until the reactant is consumed, total heat per kg by
 * chemistry (cell parameters `runaway.*`).
 *
 * The reactions are the cell's runaway sequence (SEI, anode, separator collapse → short, cathode,
 * electrolyte for liquid cells; assumed stages for solid cells), and a cell that vents loses mass
 * and the share of the reaction heat that leaves with its ejecta (`runaway.vent`).
 *
 * What is not modelled (so a "no propagation" verdict is optimistic for liquid cells): ejecta and
 * flame impinging on neighbours (the vented heat is counted as lost to the module), radiation, and
 * the conductance change as the stack swells.
 *
 * The time step adapts so that no cell's temperature rises by more than `max_rise_per_step_K`
 * through its own reaction in one step (the reaction is integrated exactly at frozen temperature,
 * so energy is never created; the adaptive step keeps the timing and the peak right).
 */
import { z } from 'zod';
import type { CellParams } from '../physics/cell-params.js';
import { buildCellModel } from '../physics/cell.js';
import { Pack, DEFAULT_PACK_THERMAL, restStepInput, type PackThermalConfig } from '../pack/pack.js';
import { Rng } from '../numerics/rng.js';
import { InputError, NumericalError } from '../errors.js';
import { cToK, kToC } from '../units/index.js';
import { reactionPower_W_kg } from '../physics/runaway/arrhenius.js';
import { runArcTest, type ArcResult } from './arc.js';
import { celsius, parseWithSchema } from '../schema.js';
import { packThermalOverrides } from '../sim/scenario.js';
import { RunawayMonitor } from './safety-monitor.js';
import { WARNING_LEVEL_NAMES } from '../bms/diag/early-warning.js';
import { round } from '../numerics/round.js';
import { stripUndefined } from '../sim/util.js';

const num = z.number().refine(Number.isFinite, 'must be a finite number');
const pos = num.refine((x) => x > 0, 'must be positive');
const nonneg = num.refine((x) => x >= 0, 'must not be negative');

/**
 * Interstitial materials between cells: through-plane thermal conductivity [W/(m·K)] at room
 * temperature (the rise with temperature is not modelled).
 */
export const INTERSTITIAL_MATERIALS: Record<string, { k_W_mK: number; source: string }> = {
  air: { k_W_mK: 0.026, source: 'still air at 300 K (Incropera & DeWitt, Fundamentals of Heat and Mass Transfer, Table A.4); convection in mm gaps neglected' },
  aerogel: {
    k_W_mK: 0.02,
    source: 'silica-aerogel blanket ≈ 0.015–0.025 W/(m·K) at 25 °C (manufacturer datasheets, e.g. Aspen Aerogels Pyrogel); rises several-fold by 600 °C — not modelled, optimistic',
  },
  mica: { k_W_mK: 0.5, source: 'mica sheet across the cleavage ≈ 0.3–0.7 W/(m·K) (typical mica-insulation datasheets; assumed mid value)' },
  'silicone-foam': { k_W_mK: 0.1, source: 'silicone/PU compression pad ≈ 0.05–0.15 W/(m·K) (typical datasheets; assumed)' },
  'gap-filler': { k_W_mK: 2, source: 'thermally conductive gap pad 1–5 W/(m·K) (typical datasheets; assumed)' },
};

const cellRef = z.union([
  z.string().min(1),
  z.strictObject({
    preset: z.string().optional().describe('A built-in cell preset id.'),
    file: z.string().optional().describe('A cell parameter file, relative to this file.'),
    overrides: z.record(z.string(), z.unknown()).optional().describe('Partial cell parameters merged over the preset/file.'),
  }),
]);

const interstitialSchema = z.union([
  z.strictObject({
    material: z.literal('none').describe("Cells face to face: the cell file's own `thermal.neighbourConductance_W_m2K`."),
  }),
  z.strictObject({
    material: z.enum(Object.keys(INTERSTITIAL_MATERIALS) as [string, ...string[]]).describe('A layer between the cells (conductivity and its source in INTERSTITIAL_MATERIALS).'),
    thickness_mm: pos.describe('Layer thickness.'),
  }),
  z.strictObject({
    conductance_W_m2K: nonneg.describe("Total cell-to-cell conductance per face area [W/(m²·K)] (replaces the cell's own)."),
  }),
]);

export const runawayTestSchema = z.strictObject({
  name: z.string().min(1).describe('Label of the test.'),
  description: z.string().default('').describe('Free text.'),
  seed: z.number().int().default(1).describe('Seed of the random elements (sensor noise).'),
  cell: cellRef.describe('Cell: a preset id, a parameter file or {preset or file, overrides}.'),
  module: z
    .strictObject({
      series: z.number().int().min(2).max(200).default(12).describe("Cells in the stack = series × parallel, in the pack's order (a parallel group's cells are adjacent)."),
      parallel: z.number().int().min(1).max(20).default(1).describe('Cells per parallel group.'),
      initial_soc: num
        .refine((x) => x >= 0 && x <= 1, 'must be between 0 and 1')
        .default(1)
        .describe('SoC of every cell at the start, 0…1.'),
      interstitial: interstitialSchema.default({ material: 'none' }).describe('What sits between neighbouring cells: nothing, a layer of a material, or a given conductance.'),
      thermal: packThermalOverrides.default({}).describe("Overrides of the pack thermal network (same names as a scenario's `pack.thermal`)."),
      temp_sensors: z.number().int().min(0).max(200).default(2).describe('NTCs of the early-warning detector on the module.'),
    })
    .prefault({})
    .describe('The module: a row of pouch cells stacked face to face on a cooling plate.'),
  cooling: z
    .strictObject({
      enabled: z.boolean().default(false).describe('Coolant flowing through the plate with a chiller holding it at `coolant_C` (up to `max_power_W`).'),
      coolant_C: celsius.optional().describe('Coolant temperature the chiller holds.'),
      max_power_W: nonneg.default(3000).describe('Chiller capacity.'),
    })
    .prefault({})
    .describe('Cooling plate with coolant (off: the plate only conducts).'),
  ambient_C: celsius.default(25).describe('Ambient temperature.'),
  trigger: z
    .strictObject({
      cell: z.number().int().min(1).optional().describe('1-based position of the heated cell in the stack (default: the middle).'),
      power_W: nonneg.describe('Heater power into the trigger cell.'),
      duration_s: nonneg.describe('Longest heating time.'),
      stop_at: z
        .enum(['runaway', 'onset', 'never'])
        .default('runaway')
        .describe(
          "When the heater switches off before duration_s: 'runaway' once the trigger cell heats itself at ≥ 1 K/s net of its losses (measured dT/dt minus the heater's P/C) — the thermal-runaway criterion of GB 38031-2020 (dT/dt ≥ 1 °C/s), as an operator stops the heater at a detected runaway; 'onset' at the self-heating onset (0.02 K/min: in a module the cell then usually cools back, conduction to the neighbours beats it); 'never'.",
        ),
    })
    .describe('The heater that drives one cell into runaway.'),
  end_time_s: pos.default(3600).describe('Length of the test.'),
  step_s: pos.default(1).describe('Largest time step.'),
  max_rise_per_step_K: pos.default(2).describe('Largest temperature rise of a cell from its own reaction in one step [K] (adaptive step).'),
  record_every_s: pos.default(2).describe('Recording interval.'),
});

export type RunawayTestSpec = z.output<typeof runawayTestSchema>;

export function parseRunawayTest(raw: unknown, file: string): RunawayTestSpec {
  const s = parseWithSchema(runawayTestSchema, raw, file);
  const n = s.module.series * s.module.parallel;
  if (s.trigger.cell !== undefined && s.trigger.cell > n) throw new InputError(`trigger cell must be within the ${n} cells of the module`, { file, field: 'trigger.cell', value: s.trigger.cell });
  if (s.step_s > s.end_time_s) throw new InputError('step_s must not exceed end_time_s', { file, field: 'step_s', value: s.step_s });
  return s;
}

/** Thermal-runaway criterion of GB 38031-2020 (temperature rise rate ≥ 1 °C/s). */
export const RUNAWAY_RATE_K_s = 1;

export interface RunawayCellResult {
  /** 1-based position in the stack. */
  cell: number;
  trigger: boolean;
  onset_s: number | null;
  peak_temp_C: number;
  peak_time_s: number;
  /** Fraction of the runaway reactant consumed (heat-weighted over the stages). */
  consumed: number;
  runaway: boolean;
  /** When the cell went into runaway (≥ 50 % consumed) [s]. */
  runaway_s: number | null;
  vented: boolean;
  /** Mass ejected through the vent [% of the cell]. */
  mass_lost_pct: number;
}

export interface RunawayTestResult {
  /** Present only when the run was stopped (Ctrl-C) before end_time_s: every figure covers 0..interrupted_at_s. */
  interrupted?: true;
  interrupted_at_s?: number;
  name: string;
  cell_id: string;
  cells: number;
  trigger_cell: number;
  /**
   * T1, the self-heating onset of a fresh cell (all stages together heat it at the ARC threshold
   * 0.02 K/min) [°C]: where slow self-heating starts, not where the runaway starts.
   */
  self_heating_onset_C: number;
  /** T2, the runaway trigger (self-heating ≥ 1 K/s) of the single cell in the ARC reference [°C] (null: never reached). */
  runaway_trigger_C: number | null;
  total_heat_kJ_kg: number;
  /** The cell's reaction stages, with their heats and sources. */
  stages: { name: string; heat_kJ_kg: number; source: string }[];
  /** Stages whose figures are assumed (no published source); the verdict rests on them. */
  assumptions: string[];
  /** Single cell in an adiabatic calorimeter (ARC heat-wait-seek): T1 onset, T2 trigger, T3 peak. */
  arc: ArcResult;
  /** Time from the trigger cell's runaway to the last cell's runaway [s] (null: no propagation). */
  propagation_span_s: number | null;
  /** propagation_span_s per cell of the longest run from the trigger [s]. */
  propagation_s_per_cell: number | null;
  cell_to_cell_W_K: number;
  /** A neighbour of the trigger cell went into thermal runaway (see PROPAGATION_DEFINITION). */
  propagated: boolean;
  /** The definition `propagated` follows, written into the outputs. */
  propagation_definition: string;
  /** The verdict in words, the same in the console, metrics.json and the report. */
  propagation_text: string;
  /** Neighbours that passed their self-heating onset (with or without going into runaway). */
  neighbours_past_onset: number;
  cells_in_runaway: number;
  trigger_onset_s: number | null;
  first_neighbour_onset_s: number | null;
  peak_temp_C: number;
  heater_energy_J: number;
  heater_off_s: number;
  per_cell: RunawayCellResult[];
  early_warning: { first_warning_s: number | null; first_alarm_s: number | null; lead_time_s: number | null; lead_time_to_neighbour_onset_s: number | null; reason: string };
  energy_balance: {
    heater_J: number;
    /** All heat the reactions released (the vented share included). */
    reaction_J: number;
    electrochemical_J: number;
    /** Heat stored in the cells and the plate, relative to ambient (cells' mass as it is at the end). */
    sensible_J: number;
    to_ambient_J: number;
    to_coolant_J: number;
    /** Left through the vents: the ejected mass's heat above ambient. */
    vented_J: number;
    /** Heat the ejected (unreacted) contents would have released in the cell: not generated, not in the balance. */
    ejected_reactant_J: number;
    error_pct: number;
  };
  steps: number;
  /** Recorded series: time [s], temperature per cell [°C], plate [°C], heater [W], warning level. */
  series: { time_s: number[]; temp_C: number[][]; plate_C: number[]; heater_W: number[]; warning: number[] };
  events: { time_s: number; severity: 'info' | 'warning' | 'fault'; text: string }[];
}

/** Cell-to-cell conductance per face area [W/(m²·K)] for the module's interstitial layer. */
export function cellToCellConductance_W_m2K(spec: RunawayTestSpec, cell: CellParams): number {
  const it = spec.module.interstitial;
  const own = cell.thermal.neighbourConductance_W_m2K;
  if ('conductance_W_m2K' in it) return it.conductance_W_m2K;
  if (it.material === 'none') return own;
  const layer = INTERSTITIAL_MATERIALS[it.material].k_W_mK / ((it as { thickness_mm: number }).thickness_mm * 1e-3);
  return own > 0 ? 1 / (1 / own + 1 / layer) : 0; // cell halves + contacts in series with the layer
}

export function runRunawayTest(spec: RunawayTestSpec, cellParams: CellParams): RunawayTestResult {
  const it = runawayTestSteps(spec, cellParams);
  for (;;) {
    const s = it.next(false);
    if (s.done) return s.value;
  }
}

/**
 * The same run in chunks: between chunks it awaits `pause()` (the caller's: the core imports
 * nothing of Node) so that signal handlers run; when `shouldStop()` turns true the run ends there
 * and the result covers the time simulated (`interrupted`, `interrupted_at_s`). Not stopped, the
 * result equals `runRunawayTest`'s.
 */
export async function runRunawayTestAsync(spec: RunawayTestSpec, cellParams: CellParams, pause: () => Promise<void>, shouldStop: () => boolean): Promise<RunawayTestResult> {
  const it = runawayTestSteps(spec, cellParams);
  let s = it.next(false);
  while (!s.done) {
    await pause();
    s = it.next(shouldStop());
  }
  return s.value;
}

/** Cell-steps between two pauses of the chunked run (~0.1 s for the 12-cell examples: assumed prompt enough for Ctrl-C). */
const RUNAWAY_PAUSE_EVERY_CELL_STEPS = 8192;

/** The run as a generator: it yields between chunks of steps and stops when `next(true)` is called. */
function* runawayTestSteps(spec: RunawayTestSpec, cellParams: CellParams): Generator<void, RunawayTestResult, boolean> {
  const g_m2K = cellToCellConductance_W_m2K(spec, cellParams);
  const params: CellParams = { ...cellParams, thermal: { ...cellParams.thermal, neighbourConductance_W_m2K: g_m2K } };
  const cell = buildCellModel(params);
  const ns = spec.module.series;
  const np = spec.module.parallel;
  const n = ns * np;
  const ambient_K = cToK(spec.ambient_C);
  const thermalCfg: PackThermalConfig = { ...DEFAULT_PACK_THERMAL, ...stripUndefined(spec.module.thermal) };
  const pack = new Pack(
    cell,
    {
      seriesCount: ns,
      parallelCount: np,
      segmentsPerCell: 1,
      groupsPerModule: ns,
      initialSoc: spec.module.initial_soc,
      initialTemp_K: ambient_K,
      // identical cells: the test isolates the heated cell's effect (variation would only add noise)
      variation: { capacity_rel_sd: 0, resistance_rel_sd: 0, initialSoc_sd: 0, selfDischarge_rel_sd: 0, segmentContact_rel_sd: 0 },
      thermal: thermalCfg,
      housingMass_kg: 0,
    },
    new Rng(spec.seed).fork('pack'),
  );
  const trig = (spec.trigger.cell ?? Math.ceil(n / 2)) - 1;
  const monitor = new RunawayMonitor(pack, { seed: spec.seed, tempSensorsPerModule: spec.module.temp_sensors });
  const rw = cell.runaway;
  const heat = new Float64Array(n);
  const coolant_K = cToK(spec.cooling.coolant_C ?? spec.ambient_C);
  // conductances to ambient as the plant uses them (pack.ts), for an independent heat-loss sum
  const gAmb = thermalCfg.cellToAmbient_W_m2K * cellParams.geometry.surfaceArea_cm2 * 1e-4;
  const sensible0 = pack.thermalEnergy_J();
  const events: RunawayTestResult['events'] = [];
  const series: RunawayTestResult['series'] = { time_s: [], temp_C: Array.from({ length: n }, () => []), plate_C: [], heater_W: [], warning: [] };
  let t = 0;
  let heaterJ = 0;
  let ambientJ = 0;
  let coolantJ = 0;
  let heaterOff = Math.min(spec.trigger.duration_s, spec.end_time_s);
  let heaterOn = spec.trigger.power_W > 0 && spec.trigger.duration_s > 0;
  let steps = 0;
  let nextRecord = 0;
  let lastLevel = 0;
  const record = (heater_W: number) => {
    series.time_s.push(round(t, 3));
    for (let c = 0; c < n; c++) series.temp_C[c].push(round(kToC(pack.temp_K[c]), 3));
    series.plate_C.push(round(kToC(pack.plateTemp_K), 3));
    series.heater_W.push(heater_W);
    series.warning.push(monitor.detector.level);
  };
  record(heaterOn ? spec.trigger.power_W : 0);
  nextRecord = spec.record_every_s;
  if (heaterOn) events.push({ time_s: 0, severity: 'info', text: `heater on: ${spec.trigger.power_W} W into cell ${trig + 1}` });
  const minDt = 1e-3;
  const nst = rw.stages.length;
  /** Self-heating rate of unit u from its reactions alone [K/s] (its heat capacity as it is now: mass lost through the vent is gone). */
  const selfHeating_K_s = (u: number): number => {
    const T = pack.temp_K[u];
    if (T < rw.activeFrom_K || pack.reactant[u] <= 0) return 0;
    return (reactionPower_W_kg(rw.stages, pack.stageLeft, u * nst, T, pack.soc[u]) * cell.mass_kg) / pack.unitHeatCap_J_K[u];
  };
  const runawayAt = new Float64Array(n).fill(Number.NaN);
  const pauseEvery = Math.max(1, Math.floor(RUNAWAY_PAUSE_EVERY_CELL_STEPS / n));
  let interrupted = false;
  while (t < spec.end_time_s - 1e-9) {
    let dt = Math.min(spec.step_s, spec.end_time_s - t);
    if (heaterOn) dt = Math.min(dt, Math.max(minDt, spec.trigger.duration_s - t));
    // adaptive step: the fastest self-heating cell may rise at most max_rise_per_step_K in one step
    for (let u = 0; u < n; u++) {
      const rise_K_s = selfHeating_K_s(u);
      if (rise_K_s > 0) dt = Math.min(dt, Math.max(minDt, spec.max_rise_per_step_K / rise_K_s));
    }
    const heater_W = heaterOn ? spec.trigger.power_W : 0;
    heat[trig] = heater_W;
    let cooling_W = 0;
    if (spec.cooling.enabled) cooling_W = Math.min(spec.cooling.max_power_W, Math.max(0, ((pack.plateTemp_K - coolant_K) * thermalCfg.plateHeatCapacity_J_K) / 30));
    const trigBefore_K = pack.temp_K[trig];
    const res = pack.step({ ...restStepInput(t, dt, ambient_K), coolingFromPlate_W: cooling_W, pumpOn: spec.cooling.enabled, externalHeat_W: heat });
    heaterJ += heater_W * dt;
    coolantJ += cooling_W * dt;
    let amb = thermalCfg.plateToAmbient_W_K * (pack.plateTemp_K - ambient_K);
    for (let u = 0; u < n; u++) amb += gAmb * (pack.temp_K[u] - ambient_K);
    ambientJ += amb * dt;
    t += dt;
    steps++;
    if (steps > 5_000_000) throw new NumericalError('runaway test did not finish in 5 million steps', { time_s: t });
    monitor.observe(t, dt, res.current_A, res.voltage_V, ambient_K);
    for (let c = 0; c < n; c++) {
      if (monitor.cellOnset_s[c] === t)
        events.push({ time_s: t, severity: c === trig ? 'warning' : 'fault', text: `cell ${c + 1} passes its self-heating onset T1 (${kToC(rw.onset_K).toFixed(0)} °C; not yet runaway)` });
    }
    const lvl = monitor.detector.level;
    if (lvl !== lastLevel) {
      if (lvl > lastLevel) events.push({ time_s: t, severity: lvl >= 2 ? 'warning' : 'info', text: `early warning → ${WARNING_LEVEL_NAMES[lvl]}: ${monitor.detector.reason}` });
      lastLevel = lvl;
    }
    for (let c = 0; c < n; c++) if (Number.isNaN(runawayAt[c]) && monitor.consumed(c) >= 0.5) runawayAt[c] = t;
    const netRate_K_s = (pack.temp_K[trig] - trigBefore_K) / dt - heater_W / pack.unitHeatCap_J_K[trig];
    const stopNow = spec.trigger.stop_at === 'onset' ? !Number.isNaN(monitor.cellOnset_s[trig]) : spec.trigger.stop_at === 'runaway' ? netRate_K_s >= RUNAWAY_RATE_K_s : false;
    if (heaterOn && (t >= spec.trigger.duration_s - 1e-9 || stopNow)) {
      heaterOn = false;
      heaterOff = t;
      events.push({
        time_s: t,
        severity: 'info',
        text: `heater off after ${round(heaterJ / 1000, 2)} kJ${t < spec.trigger.duration_s - 1e-9 ? (spec.trigger.stop_at === 'onset' ? ' (trigger cell at onset)' : ' (trigger cell in runaway)') : ''}`,
      });
    }
    if (t >= nextRecord - 1e-9) {
      record(heater_W);
      nextRecord += spec.record_every_s * Math.max(1, Math.ceil((t - nextRecord + 1e-9) / spec.record_every_s));
    }
    if (steps % pauseEvery === 0 && (yield) && t < spec.end_time_s - 1e-9) {
      interrupted = true;
      events.push({ time_s: t, severity: 'warning', text: 'run interrupted: the results cover the time up to here' });
      break;
    }
  }
  if (series.time_s[series.time_s.length - 1] !== round(t, 3)) record(0);

  const perCell: RunawayCellResult[] = [];
  for (let c = 0; c < n; c++) {
    const consumed = monitor.consumed(c);
    perCell.push({
      cell: c + 1,
      trigger: c === trig,
      onset_s: Number.isNaN(monitor.cellOnset_s[c]) ? null : round(monitor.cellOnset_s[c], 2),
      peak_temp_C: round(kToC(monitor.cellPeak_K[c]), 2),
      peak_time_s: round(monitor.cellPeakTime_s[c], 2),
      consumed: round(consumed, 4),
      runaway: consumed >= 0.5,
      runaway_s: Number.isNaN(runawayAt[c]) ? null : round(runawayAt[c], 2),
      vented: pack.vented[c] === 1,
      mass_lost_pct: round(100 * pack.ejected[c], 2),
    });
  }
  const others = perCell.filter((c) => !c.trigger);
  const neighbourOnsets = others.map((c) => c.onset_s).filter((x): x is number => x !== null);
  const firstNeighbour = neighbourOnsets.length ? Math.min(...neighbourOnsets) : null;
  const propagated = others.some((c) => c.runaway);
  const L = pack.ledger;
  const reactionJ = L.reactionHeat_J;
  const electrochemicalJ = L.electrochemicalHeat_J;
  // relative to ambient: the heat capacity that left was in the cells at the start
  const sensibleJ = pack.thermalEnergy_J() - sensible0 + ambient_K * pack.ventedHeatCap_J_K;
  const ventedJ = L.ventedSensible_J - ambient_K * pack.ventedHeatCap_J_K;
  const inJ = heaterJ + reactionJ + electrochemicalJ;
  const outJ = sensibleJ + ambientJ + coolantJ + ventedJ;
  const trigRunaway = perCell[trig].runaway_s;
  const runawayTimes = perCell.filter((c) => c.runaway_s !== null && !c.trigger);
  const span = trigRunaway !== null && propagated ? Math.max(...runawayTimes.map((c) => c.runaway_s!)) - trigRunaway : null;
  const reach = runawayTimes.length ? Math.max(...runawayTimes.map((c) => Math.abs(c.cell - 1 - trig))) : 0;
  const assumptions = rw.stages.filter((st) => /^assumed/i.test(st.source)).map((st) => `${st.name} ${round(st.heat_J_kg / 1000, 1)} kJ/kg`);
  const arc = runArcTest(cellParams);
  const ew = monitor.detector;
  const fw = ew.firstTime_s[2];
  return {
    ...(interrupted ? { interrupted: true as const, interrupted_at_s: round(t, 3) } : {}),
    name: spec.name,
    cell_id: cellParams.id,
    cells: n,
    trigger_cell: trig + 1,
    self_heating_onset_C: round(kToC(rw.onset_K), 2),
    runaway_trigger_C: arc.runaway_trigger_C,
    total_heat_kJ_kg: round(rw.totalHeat_J_kg / 1000, 3),
    stages: rw.stages.map((st) => ({ name: st.name, heat_kJ_kg: round(st.heat_J_kg / 1000, 2), source: st.source })),
    assumptions,
    arc,
    propagation_span_s: span === null ? null : round(span, 1),
    propagation_s_per_cell: span === null || reach === 0 ? null : round(span / reach, 1),
    cell_to_cell_W_K: round(g_m2K * cellParams.geometry.electrodeArea_cm2 * 1e-4, 4),
    propagated,
    propagation_definition: PROPAGATION_DEFINITION,
    propagation_text: propagationText(propagated, others.filter((c) => c.runaway).length, others.filter((c) => c.onset_s !== null).length, firstNeighbour, assumptions),
    neighbours_past_onset: others.filter((c) => c.onset_s !== null).length,
    cells_in_runaway: perCell.filter((c) => c.runaway).length,
    trigger_onset_s: perCell[trig].onset_s,
    first_neighbour_onset_s: firstNeighbour,
    peak_temp_C: Math.max(...perCell.map((c) => c.peak_temp_C)),
    heater_energy_J: round(heaterJ, 3),
    heater_off_s: round(heaterOff, 3),
    per_cell: perCell,
    early_warning: {
      first_warning_s: Number.isNaN(fw) ? null : round(fw, 2),
      first_alarm_s: Number.isNaN(ew.firstTime_s[3]) ? null : round(ew.firstTime_s[3], 2),
      lead_time_s: monitor.leadTime_s() === null ? null : round(monitor.leadTime_s()!, 2),
      lead_time_to_neighbour_onset_s: firstNeighbour !== null && !Number.isNaN(fw) ? round(firstNeighbour - fw, 2) : null,
      reason: ew.episodes.find((e) => e.level >= 2)?.reason ?? '',
    },
    energy_balance: {
      heater_J: round(heaterJ, 3),
      reaction_J: round(reactionJ, 3),
      electrochemical_J: round(electrochemicalJ, 3),
      sensible_J: round(sensibleJ, 3),
      to_ambient_J: round(ambientJ, 3),
      to_coolant_J: round(coolantJ, 3),
      vented_J: round(ventedJ, 3),
      ejected_reactant_J: round(L.ejectedReactant_J, 3),
      error_pct: (100 * Math.abs(inJ - outJ)) / Math.max(1, heaterJ + reactionJ),
    },
    steps,
    series,
    events: events.sort((a, b) => a.time_s - b.time_s),
  };
}

/**
 * What "propagation" means everywhere the runaway test reports it (issue 16, item 6): a cell other
 * than the trigger goes into thermal runaway, i.e. ≥ 50 % of its runaway reactant is consumed (the
 * abuse procedures' hazard-5 criterion). A neighbour that only passes its self-heating onset and
 * cools back is reported as such, not as propagation.
 */
export const PROPAGATION_DEFINITION =
  'propagation: a cell other than the trigger goes into thermal runaway (≥ 50 % of its runaway reactant consumed); a neighbour passing only its self-heating onset is not propagation';

/** The verdict in words: "PROPAGATION: …" or "no propagation: …", naming neighbours past their onset. */
export function propagationText(propagated: boolean, neighboursInRunaway: number, neighboursPastOnset: number, firstNeighbourOnset_s: number | null, assumptions: readonly string[] = []): string {
  const onset = firstNeighbourOnset_s === null ? '' : `, the first at ${round(firstNeighbourOnset_s, 1)} s`;
  const rests = assumptions.length ? ` — rests on assumed reaction heats: ${assumptions.join('; ')} (no published source; see the cell's runaway stages)` : '';
  if (propagated) return `PROPAGATION: ${neighboursInRunaway} neighbour cell(s) in thermal runaway (${neighboursPastOnset} past their self-heating onset${onset})${rests}`;
  if (neighboursPastOnset > 0)
    return `no propagation: no neighbour in thermal runaway; ${neighboursPastOnset} neighbour(s) passed their self-heating onset${onset} without going into runaway by the end of the test${rests}`;
  return `no propagation: no neighbour reached its self-heating onset${rests}`;
}
