/**
 * A single cell in an accelerating-rate calorimeter (ARC), heat-wait-seek (HWS) mode, as in the
 * extended-volume ARC tests of large NMC cells (Feng et al., J. Power Sources 255 (2014) 294;
 * Feng et al., Energy Storage Mater. 10 (2018) 246): heat in steps of `step_K`, wait, seek for
 * self-heating ≥ 0.02 K/min; once found, follow adiabatically. The three characteristic
 * temperatures of Feng et al.: T1 the onset of self-heating (detected at the end of a seek), T2 the
 * trigger (self-heating ≥ 1 K/s), T3 the maximum.
 *
 * The cell is the pack plant's own (one unit, no losses: the calorimeter tracks the cell), at rest
 * with its contactors open, so the heat is only the runaway sequence (and the tiny self-discharge
 * heat); mass and heat that leave through the vent leave the calorimeter too (the measured T3 is
 * the cell body's).
 */
import type { CellParams } from '../physics/cell-params.js';
import { buildCellModel } from '../physics/cell.js';
import { reactionPower_W_kg, ARC_THRESHOLD_K_s } from '../physics/runaway/arrhenius.js';
import { Pack, DEFAULT_PACK_THERMAL, restStepInput } from '../pack/pack.js';
import { Rng } from '../numerics/rng.js';
import { cToK, kToC } from '../units/index.js';
import { round } from '../numerics/round.js';

export interface ArcOptions {
  start_C: number;
  step_K: number;
  wait_s: number;
  seek_s: number;
  /** Give up HWS above this temperature (no exotherm found). */
  max_C: number;
  initial_soc: number;
}

/** HWS defaults: 5 K steps, 20 min wait, 10 min seek (typical ARC settings, assumed; Feng 2014 used 5 K steps). */
export const ARC_DEFAULTS: ArcOptions = { start_C: 40, step_K: 5, wait_s: 1200, seek_s: 600, max_C: 400, initial_soc: 1 };

/** GB 38031-2020 / Feng et al.: thermal runaway once dT/dt ≥ 1 °C/s. */
const TRIGGER_RATE_K_s = 1;

export interface ArcResult {
  /**
   * T1: self-heating onset found by HWS (first seek with ≥ 0.02 K/min) [°C] (null: none below
   * max_C). Not the runaway: a cell at T1 only warms itself slowly.
   */
  self_heating_onset_C: number | null;
  /** T2: the runaway trigger, where the self-heating reaches 1 K/s (Feng et al. 2018; GB 38031-2020) [°C]. */
  runaway_trigger_C: number | null;
  /** T3: peak temperature [°C]. */
  peak_C: number;
  /** From T1 to T3 [s]. */
  onset_to_peak_s: number | null;
  vent_C: number | null;
  mass_lost_pct: number;
  /** Heat the reactions released [kJ per kg of initial cell mass]. */
  reaction_kJ_kg: number;
}

export function runArcTest(cellParams: CellParams, o: Partial<ArcOptions> = {}): ArcResult {
  const opt = { ...ARC_DEFAULTS, ...o };
  const cell = buildCellModel({ ...cellParams, selfDischarge_pct_per_month: 0 });
  const rw = cell.runaway;
  const thermal = { ...DEFAULT_PACK_THERMAL, cellToAmbient_W_m2K: 0, plateContactFlowing_W_m2K: 0, plateContactStagnant_W_m2K: 0, plateToAmbient_W_K: 0 };
  const zero = { capacity_rel_sd: 0, resistance_rel_sd: 0, initialSoc_sd: 0, selfDischarge_rel_sd: 0, segmentContact_rel_sd: 0 };
  const T0 = cToK(opt.start_C);
  const pack = new Pack(
    cell,
    { seriesCount: 1, parallelCount: 1, segmentsPerCell: 1, groupsPerModule: 1, initialSoc: opt.initial_soc, initialTemp_K: T0, variation: zero, thermal, housingMass_kg: 0 },
    new Rng(1),
  );
  const ext = new Float64Array(1);
  let t = 0;
  let vent_K: number | null = null;
  const step = (dt: number, heat_W = 0) => {
    ext[0] = heat_W;
    pack.step({ ...restStepInput(t, dt, pack.temp_K[0]), contactorsClosed: false, externalHeat_W: ext });
    t += dt;
    if (vent_K === null && pack.vented[0] === 1) vent_K = pack.temp_K[0];
  };
  const selfRate_K_s = () => (reactionPower_W_kg(rw.stages, pack.stageLeft, 0, pack.temp_K[0], pack.soc[0]) * cell.mass_kg) / pack.unitHeatCap_J_K[0];
  // heat-wait-seek
  let onset_K: number | null = null;
  let target = T0;
  while (onset_K === null && target <= cToK(opt.max_C)) {
    // heat to the target in 10 s
    const need_J = (target - pack.temp_K[0]) * pack.unitHeatCap_J_K[0];
    if (need_J > 0) step(10, need_J / 10);
    for (let w = 0; w < opt.wait_s; w += 60) step(60);
    const before = pack.temp_K[0];
    for (let w = 0; w < opt.seek_s; w += 60) step(60);
    if ((pack.temp_K[0] - before) / opt.seek_s >= ARC_THRESHOLD_K_s) onset_K = before;
    else target = pack.temp_K[0] + opt.step_K;
  }
  let peak_K = pack.temp_K[0];
  let peakAt = t;
  let trigger_K: number | null = null;
  const t1 = t;
  if (onset_K !== null) {
    // exotherm: follow adiabatically, ≤ 0.5 K of self-heating per step, until the reactions are spent
    for (let guard = 0; guard < 2_000_000; guard++) {
      const r = selfRate_K_s();
      if (r < 1e-3 * ARC_THRESHOLD_K_s && pack.reactant[0] < 0.5) break;
      if (trigger_K === null && r >= TRIGGER_RATE_K_s) trigger_K = pack.temp_K[0];
      step(Math.min(60, Math.max(1e-3, 0.5 / Math.max(r, 1e-12))));
      if (pack.temp_K[0] > peak_K) {
        peak_K = pack.temp_K[0];
        peakAt = t;
      }
    }
  }
  return {
    self_heating_onset_C: onset_K === null ? null : round(kToC(onset_K), 1),
    runaway_trigger_C: trigger_K === null ? null : round(kToC(trigger_K), 1),
    peak_C: round(kToC(peak_K), 1),
    onset_to_peak_s: onset_K === null ? null : round(peakAt - t1, 1),
    vent_C: vent_K === null ? null : round(kToC(vent_K), 1),
    mass_lost_pct: round(100 * pack.ejected[0], 2),
    reaction_kJ_kg: round(pack.ledger.reactionHeat_J / cell.mass_kg / 1000, 2),
  };
}
