/**
 * Balancing comparison (`ssb balancing`): the same scenario, pack and seed run with no balancing,
 * passive-top, passive-bottom, active-top and active-bottom, scored on the plant's truth after each
 * run (the BMS decides from measurements as always; the truth is read here only to score).
 *
 * Scores (truth side):
 * - dissipated = bleed-resistor energy + converter loss [Wh]; moved = energy into the converters
 *   [Wh]; converter loss [Wh] (pack.ts ledger: balancing_J, balancingMoved_J, balancingLoss_J).
 * - usable capacity [Ah]: with q_g the true charge of group g and Q_g its true capacity, the charge
 *   a full cycle from the present state can deliver: charge (same current through every group)
 *   until the first group is full, h = min_g(Q_g − q_g), then discharge until the first is empty:
 *   usable = min_g(q_g + h). It depends only on the imbalance, not on how full the pack is, and
 *   equals min_g Q_g for a pack balanced at either end. Gained = usable − usable of `none`.
 * - remaining min [Ah]: min_g q_g at the end (what the pack can deliver now).
 * - time to balance: the first time the true group-SoC spread (max − min) is below
 *   `balancedSpread` (default 0.5 %), null if never (0 if it starts balanced); and the first time
 *   it is below half its initial value (null if never).
 * - final SoC spread [%] and final charge spread max_g q_g − min_g q_g [Ah].
 *
 * The standard cycle (`standardCycleScenario`) is 3 days at 25 °C on the scenario's cell and pack:
 * a Level-2 charge to 95 % at 00:00 (the top of charge, where top balancing acts), UDDS + HWFET at
 * 08:00 and HWFET + UDDS at 17:30, parked in between; initial SoC 50 %, initial-SoC spread
 * σ = 3 % and capacity spread σ = 2 % (or the scenario's if larger) — an aged or poorly matched
 * pack (assumed), so that balancing has something to do within days.
 */
import { runSimulation, runSimulationAsync, type RunOptions, type SimResult } from '../sim/engine.js';
import { parseScenario, type Scenario } from '../sim/scenario.js';
import type { CellParams } from '../physics/cell-params.js';
import type { SpeedTrace } from '../loads/epa.js';
import { DEFAULT_VARIATION, type Pack } from '../pack/pack.js';

export const BALANCING_VARIANTS = ['none', 'passive-top', 'passive-bottom', 'active-top', 'active-bottom'] as const;
export type BalancingVariant = (typeof BALANCING_VARIANTS)[number];

export interface BalancingRow {
  variant: BalancingVariant;
  dissipated_Wh: number;
  bleed_Wh: number;
  moved_Wh: number;
  converter_loss_Wh: number;
  usable_Ah: number;
  usable_gain_Ah: number;
  remaining_min_Ah: number;
  time_to_balance_h: number | null;
  time_to_half_spread_h: number | null;
  soc_spread_initial_pct: number;
  soc_spread_final_pct: number;
  charge_spread_final_Ah: number;
  energy_balance_error_pct: number;
  error: string | null;
}

export interface BalancingComparison {
  scenario: string;
  standard_cycle: boolean;
  configuration: string;
  simulated_days: number;
  balanced_spread_pct: number;
  rows: BalancingRow[];
}

/** The scenario with its balancing replaced by one variant (other balancing options kept). */
export function variantScenario(base: Scenario, v: BalancingVariant): Scenario {
  const s = structuredClone(base);
  const b = s.bms.balancing;
  if (v === 'none') b.enabled = false;
  else {
    const [kind, strategy] = v.split('-') as ['passive' | 'active', 'top' | 'bottom'];
    b.enabled = true;
    b.kind = kind;
    b.strategy = strategy;
  }
  return s;
}

/** Names of the drive cycles the standard cycle needs (the io layer loads them). */
export const STANDARD_CYCLE_TRACES = ['UDDS', 'HWFET'];

/**
 * The standard balancing cycle on the scenario's pack. The cycle's own fields are validated as a
 * scenario document; the pack variation, thermal overrides, vehicle, BMS and sensors are taken from
 * the already validated `base` (its objects carry the core's names, not a file's spelling).
 */
export function standardCycleScenario(base: Scenario): Scenario {
  const v = { ...DEFAULT_VARIATION, ...stripUndef(base.pack.variation) };
  const cycle = parseScenario(
    {
      name: `${base.name} (standard balancing cycle)`,
      description: 'standard balancing cycle: 3 days at 25 °C, nightly Level-2 charge to 95 %, two commutes a day',
      seed: base.seed,
      step_s: 1,
      park_step_s: 300,
      charge_step_s: 10,
      cell: base.cell,
      pack: {
        series: base.pack.series,
        parallel: base.pack.parallel,
        groups_per_module: base.pack.groups_per_module,
        segments_per_cell: base.pack.segments_per_cell,
        housing_mass_kg: base.pack.housing_mass_kg,
        bms_mass_kg: base.pack.bms_mass_kg,
        cooling_mass_kg: base.pack.cooling_mass_kg,
        initial_soc: 0.5,
        initial_temp_C: 25,
      },
      climate: { kind: 'constant', temp_C: 25 },
      schedule: {
        days: 3,
        events: [
          { at: '00:00', charge: { charger: 'level2-7kw', target_soc: 0.95, max_duration_h: 7 } },
          { at: '08:00', drive: ['UDDS', 'HWFET'] },
          { at: '17:30', drive: ['HWFET', 'UDDS'] },
        ],
      },
      btms: { controller: base.btms.controller === 'ml' ? 'thermostat' : base.btms.controller, hardware: base.btms.hardware },
      outputs: { record_every_s: 60 },
    },
    'standard balancing cycle',
  );
  return {
    ...cycle,
    pack: { ...cycle.pack, variation: { ...v, initialSoc_sd: Math.max(v.initialSoc_sd, 0.03), capacity_rel_sd: Math.max(v.capacity_rel_sd, 0.02) }, thermal: base.pack.thermal },
    vehicle: base.vehicle,
    bms: { ...structuredClone(base.bms), estimators: [base.bms.estimators[0]] },
    sensors: base.sensors,
  };
}

export interface CompareBalancingOptions {
  scenario: Scenario;
  cell: CellParams;
  traces: Record<string, SpeedTrace>;
  /** Run the standard cycle on the scenario's pack instead of the scenario itself. */
  standard?: boolean;
  /** Group-SoC spread counted as balanced (fraction, default 0.005). */
  balancedSpread?: number;
  /** Stop each run at this time [s] (default: the schedule's end). */
  endTime_s?: number;
  variants?: readonly BalancingVariant[];
  onVariant?: (v: BalancingVariant, i: number, n: number) => void;
}

export function compareBalancing(o: CompareBalancingOptions): BalancingComparison {
  const c = comparison(o);
  c.variants.forEach((v, i) => {
    o.onVariant?.(v, i, c.variants.length);
    const r = c.variantRun(v);
    c.add(r.finish(runSimulation(r.options)));
  });
  return c.result();
}

/**
 * The same comparison, one variant at a time and each in chunks (engine.ts `runSimulationAsync`:
 * `pause()` between chunks lets the caller's signal handlers run). When `shouldStop()` turns true
 * the variant running is dropped and the result holds the variants finished (`rows` shorter than
 * the variants planned). Results are otherwise identical to `compareBalancing`.
 */
export async function compareBalancingAsync(o: CompareBalancingOptions, pause: () => Promise<void>, shouldStop: () => boolean): Promise<BalancingComparison> {
  const c = comparison(o);
  for (const [i, v] of c.variants.entries()) {
    o.onVariant?.(v, i, c.variants.length);
    const r = c.variantRun(v);
    const sim = await runSimulationAsync({ ...r.options, shouldStop }, pause);
    if (shouldStop()) break;
    c.add(r.finish(sim));
  }
  return c.result();
}

/** The variants of a comparison, the run of each, and the table of the rows added. */
function comparison(o: CompareBalancingOptions) {
  const base = o.standard ? standardCycleScenario(o.scenario) : o.scenario;
  const thr = o.balancedSpread ?? 0.005;
  const variants = o.variants ?? BALANCING_VARIANTS;
  const rows: BalancingRow[] = [];
  let days = 0;
  const variantRun = (v: BalancingVariant): { options: RunOptions; finish: (sim: SimResult) => BalancingRow } => {
    const s = variantScenario(base, v);
    s.compare = [];
    const track: { first: number; at: number | null; half: number | null } = { first: NaN, at: null, half: null };
    const options: RunOptions = {
      scenario: s,
      cell: o.cell,
      traces: o.traces,
      ...(o.endTime_s !== undefined ? { endTime_s: o.endTime_s } : {}),
      observers: [
        {
          beforePlantStep: ({ initial, input, pack }) => {
            if (initial || track.at !== null) return;
            const t = input.time_s;
            const sp = socSpread(pack);
            if (Number.isNaN(track.first)) track.first = sp;
            if (track.half === null && sp < 0.5 * track.first) track.half = t;
            if (sp < thr) {
              track.at = t;
              if (track.half === null) track.half = t;
            }
          },
        },
      ],
    };
    const finish = (sim: SimResult): BalancingRow => {
      const pack = sim.pack;
      const L = pack.ledger;
      const { usable_Ah, remainingMin_Ah, chargeSpread_Ah } = usableCapacity(pack);
      days = sim.metrics.simulated_days;
      return {
        variant: v,
        dissipated_Wh: (L.balancing_J + L.balancingLoss_J) / 3600,
        bleed_Wh: L.balancing_J / 3600,
        moved_Wh: L.balancingMoved_J / 3600,
        converter_loss_Wh: L.balancingLoss_J / 3600,
        usable_Ah,
        usable_gain_Ah: 0,
        remaining_min_Ah: remainingMin_Ah,
        time_to_balance_h: track.at === null ? null : track.at / 3600,
        time_to_half_spread_h: track.half === null ? null : track.half / 3600,
        soc_spread_initial_pct: 100 * track.first,
        soc_spread_final_pct: 100 * socSpread(pack),
        charge_spread_final_Ah: chargeSpread_Ah,
        energy_balance_error_pct: pack.energyBalance().error_pct,
        error: sim.error ? sim.error.message : null,
      };
    };
    return { options, finish };
  };
  const result = (): BalancingComparison => {
    const none = rows.find((r) => r.variant === 'none');
    for (const r of rows) r.usable_gain_Ah = none && !none.error ? r.usable_Ah - none.usable_Ah : NaN;
    // a run that failed numerically has no figures (NaN, null in JSON): only its error
    for (const r of rows) {
      if (!r.error) continue;
      const rec = r as unknown as Record<string, unknown>;
      for (const k of Object.keys(rec)) if (typeof rec[k] === 'number') rec[k] = NaN;
      for (const k of ['time_to_balance_h', 'time_to_half_spread_h']) rec[k] = null;
    }
    return {
      scenario: base.name,
      standard_cycle: !!o.standard,
      configuration: `${base.pack.series}s${base.pack.parallel}p`,
      simulated_days: days,
      balanced_spread_pct: 100 * thr,
      rows,
    };
  };
  return { variants, variantRun, add: (r: BalancingRow) => rows.push(r), result };
}

/** True group-SoC spread max − min (truth, for scoring). */
export function socSpread(pack: Pack): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let g = 0; g < pack.ns; g++) {
    const z = pack.groupSoc(g);
    if (z < lo) lo = z;
    if (z > hi) hi = z;
  }
  return hi - lo;
}

/** Usable capacity of a full cycle from the present state, min remaining charge and charge spread [Ah] (truth). */
export function usableCapacity(pack: Pack): { usable_Ah: number; remainingMin_Ah: number; chargeSpread_Ah: number } {
  const per = pack.np * pack.nseg;
  const q = new Float64Array(pack.ns);
  let head = Infinity;
  for (let g = 0; g < pack.ns; g++) {
    let cap = 0;
    let ch = 0;
    for (let u = g * per; u < (g + 1) * per; u++) {
      const c = pack.capacity_As(u);
      cap += c;
      ch += c * pack.soc[u];
    }
    q[g] = ch;
    head = Math.min(head, cap - ch);
  }
  let usable = Infinity;
  let lo = Infinity;
  let hi = -Infinity;
  for (let g = 0; g < pack.ns; g++) {
    usable = Math.min(usable, q[g] + head);
    lo = Math.min(lo, q[g]);
    hi = Math.max(hi, q[g]);
  }
  return { usable_Ah: usable / 3600, remainingMin_Ah: lo / 3600, chargeSpread_Ah: (hi - lo) / 3600 };
}

function stripUndef<T extends object>(o: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}
