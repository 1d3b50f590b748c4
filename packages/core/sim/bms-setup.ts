/**
 * The BMS built from a pack description, a cell model and the scenario's BMS settings — no plant.
 * Everything here is design data (the cell's datasheet model, the pack's layout and nominal
 * thermal design, the BTMS hardware): the simulator builds its BMS this way, and so can a twin
 * running on telemetry from a real pack.
 */
import type { Scenario } from './scenario.js';
import type { CellModel } from '../physics/cell.js';
import type { EcmModel, SensorLayout } from '../bms/types.js';
import type { PackThermalConfig } from '../pack/pack.js';
import type { ThermalActuatorsConfig } from '../btms/types.js';
import { BaselineBms } from '../bms/baseline.js';
import { defaultPlausibility } from '../bms/diag/plausibility.js';
import { defaultProtectionLimits, validateProtectionLimits, type LimitTier, type ProtectionLimits, type ProtectionQuantity, type TierLimits } from '../bms/safety/limits.js';
import { defaultReactionTable, type ReactionTable } from '../bms/diag/react.js';
import { DEFAULT_PASSIVE_BALANCING, type PassiveBalancingConfig } from '../bms/balancing/passive.js';
import { DEFAULT_ACTIVE_BALANCING, type ActiveBalancingConfig } from '../bms/balancing/active.js';
import { DEFAULT_CHARGE_CONTROL, type ChargeControlConfig } from '../bms/charge/cccv.js';
import { criticalCurrentDensity_A_m2 } from '../physics/filament/ccd.js';
import { LIION_EV_CHARGE } from '../design/data.js';
import { resistanceSplitFromCell } from './ecm-from-cell.js';
import { InputError } from '../errors.js';
import { cToK } from '../units/index.js';
import { mv, stripUndefined } from './util.js';
import { inUserKeys, userKeyOf } from './scenario-keys.js';

/** What the BMS is built from. */
export interface BmsDescription {
  /** Its measurement channels. */
  layout: SensorLayout;
  /** Its nominal model of a cell. */
  ecm: EcmModel;
  /** The cell's design model (window, pressure design, CCD model, thermal design). */
  cell: CellModel;
  /** The pack's nominal thermal design (hot-spot estimator, cooling check). */
  packThermal: PackThermalConfig;
  /** The BTMS hardware (the cooling check needs the chiller's data). */
  actuators: ThermalActuatorsConfig;
  /** The scenario's `bms` settings. */
  settings: Scenario['bms'];
  /** Group capacities from an end-of-line test [A·s] (bottom balancing on measured capacities). */
  groupCapacity_As?: Float64Array;
}

/** The BMS's limits, charge control and reactions from the description (shared with SoP scoring). */
export interface BmsSetup {
  limits: ProtectionLimits;
  charge: ChargeControlConfig;
  reactions: ReactionTable;
}

export function bmsSetup(d: BmsDescription): BmsSetup {
  const { cell, ecm, settings: b } = d;
  const np = d.layout.parallelCount;
  const win = cell.params.thermal.window_C;
  const cellCharge = cellChargeLimit(cell);
  const limits = withLimitOverrides(cellLimits(ecm, cell, np, b.protection, cellCharge.peak_C), b.limits);
  const reactions = withReactionOverrides(defaultReactionTable(), b.reactions);
  const charge: ChargeControlConfig = {
    ...DEFAULT_CHARGE_CONTROL,
    // fast-charge capable profile (the charger's own steps, the cell's temperature limit and the CCD
    // limit bound it further): multi-step 2C → 1.5C → 1C → 0.5C by SoC
    // (step-wise CC fast-charge protocols reviewed by Tomaszewska et al., eTransportation 1 (2019) 100011)
    ccSteps: [
      { socBelow: 0.5, cRate: 2 },
      { socBelow: 0.7, cRate: 1.5 },
      { socBelow: 0.8, cRate: 1 },
      { socBelow: Infinity, cRate: 0.5 },
    ],
    tempDerate: cellCharge.tempDerate,
    // pre-heat before charging: by default to what the session needs (the lowest temperature at
    // which the cell's charge derate and CCD limit allow the charger's current and the CC step, as
    // production BTMS heat only what the charge asks: issue 17); a scenario's preheat_below_C
    // fixes the threshold (heat for 5 K above it)
    preheatFromNeed: b.preheat_below_C === undefined,
    preheatBelow_K: cToK(b.preheat_below_C ?? win.min),
    preheatUntil_K: cToK((b.preheat_below_C ?? win.min) + 5),
    // while heating, charge with what the cell allows at its measured temperature (the temperature
    // limit and the CCD limit), as production BTMS trickle-charge while they heat
    preheatTrickle_A: Infinity,
    ccdChargeLimit_A: cell.filament && b.ccd_derating ? ccdGroupLimit(cell, np, b.ccd_safety_factor) : undefined,
  };
  return { limits, charge, reactions };
}

/** The BMS of the description (sees measurements only). */
export function buildBms(d: BmsDescription, setup: BmsSetup = bmsSetup(d)): BaselineBms {
  const { cell, ecm, layout, settings: b, packThermal, actuators } = d;
  const { limits, charge, reactions } = setup;
  const nCells = layout.seriesCount * layout.parallelCount;
  const cellsToCoolant_W_K = nCells * packThermal.plateContactFlowing_W_m2K * cell.params.geometry.coolingArea_cm2 * 1e-4;
  return new BaselineBms({
    layout,
    model: ecm,
    estimators: b.estimators,
    limits,
    balancing: balancingConfig(b, ecm),
    ...(d.groupCapacity_As ? { groupCapacity_As: d.groupCapacity_As } : {}),
    charge,
    // Coulomb counting re-initialises from OCV after an hour at rest (bms.md), so offset drift is bounded
    estimatorOptions: { coulomb: { restRecalibrate_s: 3600 } },
    ...(b.initial_soc_guess !== undefined ? { initialSocGuess: b.initial_soc_guess } : {}),
    ...(b.plausibility ? { plausibility: defaultPlausibility(ecm.vMin_V, ecm.vMax_V, layout.seriesCount, limits) } : {}),
    reactions,
    // hot-spot virtual sensor from the cell's nominal thermal design (not the plant's state)
    hotSpot: nominalCellThermal(cell, packThermal),
    // SoH / SoP: the nominal bulk/interface split of the cell (datasheet parameters) for the
    // SSB-specific resistance split; everything else at the monitor's documented defaults
    health: { resistanceSplit: resistanceSplitFromCell(cell) },
    // cooling check from design data: cells-to-coolant conductance (pumped), the chiller's limit
    ...(actuators.liquidPlate.maxCooling_W > 0 && cellsToCoolant_W_K > 0
      ? {
          coolingMonitor: {
            cellsToCoolant_W_K,
            chillerConductance_W_K: actuators.liquidPlate.plateConductance_W_K,
            minCoolant_K: actuators.liquidPlate.minCoolant_C + 273.15,
          },
        }
      : {}),
  });
}

/**
 * Nominal thermal data of one cell for the BMS's hot-spot estimator: its heat capacity and its
 * conductance to the plate (flowing coolant) and to its two neighbours — design values of the cell
 * and the pack, not the plant's varied state.
 */
function nominalCellThermal(cell: CellModel, th: PackThermalConfig): { cellHeatCapacity_J_K: number; cellConductance_W_K: number } {
  const geo = cell.params.geometry;
  const g = th.plateContactFlowing_W_m2K * geo.coolingArea_cm2 * 1e-4 + 2 * cell.params.thermal.neighbourConductance_W_m2K * geo.electrodeArea_cm2 * 1e-4;
  return { cellHeatCapacity_J_K: cell.heatCapacity_J_K, cellConductance_W_K: g };
}

/** The scenario's `bms.limits` over the defaults; the result is checked (ordering, signs) naming `bms.limits.…`. */
function withLimitOverrides(l: ProtectionLimits, over: Scenario['bms']['limits']): ProtectionLimits {
  for (const [k, v] of Object.entries(over)) {
    if (!v) continue;
    const key = k as keyof ProtectionLimits;
    (l as unknown as Record<string, TierLimits>)[key] = { ...(l[key] as TierLimits), ...stripUndefined(v) };
  }
  try {
    validateProtectionLimits(l);
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.detail, { ...e.where, field: `bms.limits.${userKeyOf('bms.limits', e.where.field ?? '')}`, value: inUserKeys('bms.limits.*', e.where.value) });
    throw e;
  }
  return l;
}

/** The scenario's `bms.reactions` over the default reaction table. */
function withReactionOverrides(t: ReactionTable, over: Scenario['bms']['reactions']): ReactionTable {
  for (const [q, tiers] of Object.entries(over)) {
    if (!tiers) continue;
    for (const [tier, e] of Object.entries(tiers)) {
      if (!e) continue;
      const cur = t[q as ProtectionQuantity][tier as LimitTier];
      t[q as ProtectionQuantity][tier as LimitTier] = {
        severity: e.severity ?? cur.severity,
        action: e.action ?? cur.action,
        derateFactor: e.derate_factor ?? cur.derateFactor,
        ...((e.latch ?? cur.latch) ? { latch: true } : {}),
      };
    }
  }
  return t;
}

/**
 * The cell's charge limit [C-rate] vs temperature and its peak (the protection layer's charge-
 * current MOL). Graphite-anode (liquid) cells: the published EV-cell limit (design/data.ts
 * LIION_EV_CHARGE: the peak at 25 °C by cathode, derated in the cold against Li plating).
 * Li-metal cells: 0.1C at 0 °C, 0.5C at 10 °C, 2C at 25–45 °C (assumed; the CCD limit of the cell
 * binds below it) and the rated 1C of defaultProtectionLimits (assumed, no published EV rating).
 */
export function cellChargeLimit(cell: CellModel): { tempDerate: ChargeControlConfig['tempDerate']; peak_C: number } {
  if (cell.isLithiumMetal) return { tempDerate: { temp_K: [cToK(0), cToK(10), cToK(25), cToK(45)], cRateMax: [0.1, 0.5, 2, 2] }, peak_C: 1 };
  const peak = cell.params.cathode.material === 'LFP' ? LIION_EV_CHARGE.peak25C_C.LFP.value : LIION_EV_CHARGE.peak25C_C.other.value;
  const d = LIION_EV_CHARGE.derating;
  return { tempDerate: { temp_K: d.temp_C.map(cToK), cRateMax: d.factor.map((f) => f * peak) }, peak_C: peak };
}

function cellLimits(ecm: EcmModel, cell: CellModel, np: number, enabled: boolean, maxChargeCRate: number): ProtectionLimits {
  const l = defaultProtectionLimits(ecm, np, { maxChargeCRate });
  const p0 = cell.params.pressure.initial_MPa * 1e6;
  if (cell.params.pressure.fixture === 'none') {
    l.pressureHigh_Pa = { ...l.pressureHigh_Pa, maxOperating: Infinity, recommendedSafety: Infinity, maxSafety: Infinity };
    l.pressureLow_Pa = { ...l.pressureLow_Pa, maxOperating: -Infinity, recommendedSafety: -Infinity, maxSafety: -Infinity };
  } else {
    // pressure window around the cell's design pressure: contact loss below, Li creep/fracture above
    const cl = cell.anodeInterface.contactLoss_Pa;
    l.pressureLow_Pa = { ...l.pressureLow_Pa, maxOperating: Math.max(cl, 0.5 * p0), recommendedSafety: Math.max(0.7 * cl, 0.3 * p0), maxSafety: Math.max(0.4 * cl, 0.1 * p0) };
    l.pressureHigh_Pa = { ...l.pressureHigh_Pa, maxOperating: 2.5 * p0 + 2e6, recommendedSafety: 3 * p0 + 3e6, maxSafety: 4 * p0 + 5e6 };
  }
  // high-temperature tiers above the cell's window (55 / 60 / 70 °C for a 15–35 °C window)
  const top = cell.params.thermal.window_C.max;
  l.tempHigh_K = { ...l.tempHigh_K, maxOperating: cToK(top + 20), recommendedSafety: cToK(top + 25), maxSafety: cToK(top + 35) };
  if (!enabled) {
    for (const k of Object.keys(l) as (keyof ProtectionLimits)[]) {
      const v = l[k] as unknown as { maxOperating?: number };
      if (v && typeof v === 'object' && 'maxOperating' in v && 'hysteresis' in v) {
        const hiSide = !/Low/.test(k); // cellVoltageLow_V, tempLow…_K, pressureLow_Pa are the lower limits
        const inf = hiSide ? Infinity : -Infinity;
        (l as unknown as Record<string, unknown>)[k] = { ...v, maxOperating: inf, recommendedSafety: inf, maxSafety: inf };
      }
    }
    // an invalid sensor channel opened the contactors too (the failed-fuse short saturates the
    // current sensor within 5 s): with protection off no tier acts, that one included
    l.sensorInvalidTime_s = { maxOperating: Infinity, recommendedSafety: Infinity, maxSafety: Infinity };
  }
  return l;
}

/** Group charge-current limit from the NOMINAL CCD model at the design pressure, with a safety factor. */
function ccdGroupLimit(cell: CellModel, np: number, safety: number): (temp_K: number) => number {
  const f = cell.filament!;
  const p = cell.params.pressure.initial_MPa * 1e6;
  // the value at the last temperature asked is kept: the SoP evaluates it for every group, and
  // groups reading the same temperature sensor ask at the same temperature
  let lastT = NaN;
  let last = NaN;
  return (temp_K: number) => {
    if (temp_K !== lastT) {
      last = safety * criticalCurrentDensity_A_m2(f, temp_K, p) * cell.area_m2 * np;
      lastT = temp_K;
    }
    return last;
  };
}

/**
 * The BMS's balancing configuration from the scenario: defaults of passive.ts / active.ts, the
 * minimum voltage lowered to the OCV at 30 % SoC for low-voltage chemistries, the active
 * balancer's maximum voltage 50 mV below the cell's maximum (assumed margin).
 */
function balancingConfig(bms: Scenario['bms'], ecm: EcmModel): (PassiveBalancingConfig & { kind: 'passive' }) | (ActiveBalancingConfig & { kind: 'active' }) {
  const b = bms.balancing;
  const minVoltage_V = Math.min(DEFAULT_PASSIVE_BALANCING.minVoltage_V, ecm.ocv_V(0.3, 298.15));
  const common = stripUndefined({
    startThreshold_V: mv(b.threshold_mV),
    stopHysteresis_V: mv(b.hysteresis_mV),
    socThreshold: b.soc_threshold_pct !== undefined ? b.soc_threshold_pct / 100 : undefined,
    socHysteresis: b.soc_hysteresis_pct !== undefined ? b.soc_hysteresis_pct / 100 : undefined,
    allowedModes: b.allowed_modes,
    maxCurrent_A: b.max_current_A,
  });
  const off = b.enabled ? {} : { allowedModes: [] };
  if (b.kind === 'active') {
    return {
      kind: 'active',
      ...DEFAULT_ACTIVE_BALANCING,
      minVoltage_V,
      maxVoltage_V: ecm.vMax_V - 0.05,
      ...common,
      ...stripUndefined({ current_A: b.current_A, efficiency: b.efficiency }),
      strategy: b.strategy,
      ...off,
    };
  }
  return {
    kind: 'passive',
    ...DEFAULT_PASSIVE_BALANCING,
    minVoltage_V,
    ...common,
    ...stripUndefined({ resistor_ohm: b.resistor_ohm }),
    strategy: b.strategy,
    ...off,
  };
}
