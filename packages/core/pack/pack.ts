/**
 * The pack plant: Ns series groups × Np parallel cells × S segments per cell, on Float64Array
 * state (one "unit" = one cell segment; S = 1 unless non-uniform current is asked for).
 *
 * Electrical solve each step (physics.md §6): with the current constant over the step and the RC
 * branches integrated exactly (v ← v·e + R(1−e)·I_e, e = exp(−dt/τ)), every unit's end-of-step
 * terminal voltage is linear in its current, V = a − b·I. A soft short R_sh in parallel keeps it
 * linear (a' = a/(1 + b/R_sh), b' = b/(1 + b/R_sh)). Parallel units then share the group current
 * exactly (V_g = (Σa/b − I_g)/Σ1/b), so charge is conserved by construction, and the pack is
 * V = A − B·I; current, power (I·(A − B·I) = P) and voltage control are closed-form.
 *
 * Heat per unit (Bernardi, discharge-positive current; physics.md §2):
 *     q = I_e²·R0 + Σ_k (branch dissipation, exact over the step) + V·I_short + I_sd·U
 *         − (I_e + I_sd)·T·∂U/∂T + Q_reaction + Q_external
 * Thermal network: cells in a row per module with neighbour conduction, every cell on a shared
 * plate/coolant node, ambient through the enclosure at the sol-air temperature. Backward Euler on
 * the whole network (tridiagonal + plate node via a Schur complement): unconditionally stable for
 * long parking steps and exactly energy-conserving.
 *
 * Energy accounting: the stored enthalpy H = Σ Q·G(z) (cell.ts) is compared with terminal
 * energy + heat + capacitor energy + ageing loss to give the closure error in metrics.
 */
import type { CellModel } from '../physics/cell.js';
import { interpUniform, slopeUniform } from '../numerics/interp.js';
import { NumericalError } from '../errors.js';
import type { Rng } from '../numerics/rng.js';
import { ccdPressureFactor, damageIncrement, shortResistance_ohm } from '../physics/filament/ccd.js';
import { pressureFactor } from '../physics/interface/pressure-power-law.js';
import { calendarRate, cycleFadeIncrement, sqrtLawStep, arrheniusFactor, AGEING_LAW_MAX_TEMP_K } from '../physics/ageing/empirical.js';
import { runawayStep, stageRate_1_s } from '../physics/runaway/arrhenius.js';
import { fixtureMass_kg } from './fixture.js';

export interface PackVariation {
  /** Relative standard deviation of cell capacity (default 1 %; Rumpf et al., J. Energy Storage 14 (2017) 224 report ≈ 0.5–1 % for new cells). */
  capacity_rel_sd: number;
  /** Relative standard deviation of cell resistance (default 3 %; same source reports ≈ 1–4 %). */
  resistance_rel_sd: number;
  /** Standard deviation of initial SoC (default 0.5 %, assumed after end-of-line balancing). */
  initialSoc_sd: number;
  /** Relative standard deviation of self-discharge (default 20 %, assumed). */
  selfDischarge_rel_sd: number;
  /** Relative standard deviation of segment interface contact (only with segments > 1; assumed 10 %). */
  segmentContact_rel_sd: number;
}

export interface PackThermalConfig {
  /** Cell surface → enclosure air → ambient, overall [W/(m²·K)]: natural convection inside the enclosure (2–10 W/(m²·K), Incropera) in series with the enclosure wall and its insulation; 1 gives a pack UA of ≈ 20 W/K for 288 large pouch cells (assumed). */
  cellToAmbient_W_m2K: number;
  /** Cell footprint → cooling plate with coolant flowing / stagnant [W/(m²·K)] (thermal interface material + plate, assumed 300 / 60). */
  plateContactFlowing_W_m2K: number;
  plateContactStagnant_W_m2K: number;
  /** Heat capacity of plate + coolant [J/K] (≈ 5 L glycol–water + 10 kg Al, assumed). */
  plateHeatCapacity_J_K: number;
  /** Plate/coolant loop to ambient [W/K] (assumed). */
  plateToAmbient_W_K: number;
  /** Sol-air temperature rise per 1000 W/m² of sun on the parked car [K] (seed 000: up to +20 °C in direct sunlight). */
  solarRise_K_per_kW_m2: number;
  /** Conductance between segments of one cell [W/K] (in-plane conduction of the electrode stack, assumed). */
  segmentConductance_W_K: number;
}

export interface PackConfig {
  seriesCount: number;
  parallelCount: number;
  segmentsPerCell: number;
  groupsPerModule: number;
  initialSoc: number;
  initialTemp_K: number;
  variation: PackVariation;
  thermal: PackThermalConfig;
  /** Mass outside the modules: housing, busbars, BMS boards, cooling hardware [kg] (not the cells, not the pressure fixture); a run takes it from pack/breakdown.ts. */
  housingMass_kg: number;
}

export const DEFAULT_VARIATION: PackVariation = { capacity_rel_sd: 0.01, resistance_rel_sd: 0.03, initialSoc_sd: 0.005, selfDischarge_rel_sd: 0.2, segmentContact_rel_sd: 0.1 };
export const DEFAULT_PACK_THERMAL: PackThermalConfig = {
  cellToAmbient_W_m2K: 1,
  plateContactFlowing_W_m2K: 300,
  plateContactStagnant_W_m2K: 60,
  plateHeatCapacity_J_K: 30000,
  plateToAmbient_W_K: 5,
  solarRise_K_per_kW_m2: 20,
  segmentConductance_W_K: 5,
};

/** `resistance`: a load of value_ohm across the pack terminals (an external short through its resistance). */
export type PackControl =
  | { kind: 'current'; value_A: number }
  | { kind: 'power'; value_W: number }
  | { kind: 'voltage'; value_V: number }
  | { kind: 'resistance'; value_ohm: number }
  | { kind: 'rest' };

export interface PackStepInput {
  time_s: number;
  dt_s: number;
  control: PackControl;
  /** Current limits from the BMS (magnitudes, ≥ 0). */
  dischargeLimit_A: number;
  chargeLimit_A: number;
  contactorsClosed: boolean;
  ambient_K: number;
  solar_W_m2: number;
  heaterToPlate_W: number;
  coolingFromPlate_W: number;
  pumpOn: boolean;
  /** Forced-air conductance from the plate node to the outside air (not sol-air) while a fan runs [W/K] (default 0). */
  airConductance_W_K?: number;
  balanceSwitch: Uint8Array | null;
  bleed_ohm: number;
  /**
   * Active balancing (optional): converter current per series group [A], positive = the group is
   * discharged into the string, negative = charged from the string; null/absent = none.
   */
  balanceCurrent_A?: Float64Array | null;
  /** Converter efficiency per transfer group ↔ string, 0 < η ≤ 1 (needed with `balanceCurrent_A`). */
  balanceEfficiency?: number;
  /** Extra heat per unit [W] (heat pulses, abuse tests), or null. */
  externalHeat_W: Float64Array | null;
  /**
   * The heater and cooler are powered by the pack, as part of a 'power' control's demand (default
   * false: powered from elsewhere, the wall or a lab supply). When true and the pack delivers less
   * than the demand (contactors open, BMS limit, not enough voltage), every load gets the same
   * share of the demand: the heat moved to and from the plate is scaled by the delivered fraction
   * (`PackStepResult.powerFraction`), so no heat comes without the pack energy behind it.
   */
  thermalFromPack?: boolean;
}

/**
 * A step input with the pack isolated and at rest: contactors open, no current limits, no solar
 * load, heater, cooling, pump, balancing or external heat. Callers spread it and override what they
 * drive, e.g. `{ ...restStepInput(t, dt, T), contactorsClosed: true, control }`.
 */
export function restStepInput(time_s: number, dt_s: number, ambient_K: number): PackStepInput {
  return {
    time_s,
    dt_s,
    control: { kind: 'rest' },
    dischargeLimit_A: 0,
    chargeLimit_A: 0,
    contactorsClosed: false,
    ambient_K,
    solar_W_m2: 0,
    heaterToPlate_W: 0,
    coolingFromPlate_W: 0,
    pumpOn: false,
    balanceSwitch: null,
    bleed_ohm: 0,
    externalHeat_W: null,
    thermalFromPack: false,
  };
}

export interface PackStepResult {
  current_A: number;
  voltage_V: number;
  /** True when the requested power/current could not be met (limits or available power). */
  limited: boolean;
  /**
   * Delivered / demanded power of a 'power' control with a positive demand (0 with the contactors
   * open, < 1 when limited), else 1: the share every load on the pack receives this step.
   */
  powerFraction: number;
}

/** Energy ledger of the run [J]; see `energyBalanceError`. */
export interface EnergyLedger {
  terminalCells_J: number; // Σ over units of V̄·I·dt (includes balancing bleed)
  packTerminal_J: number; // I_pack·V_pack·dt: what the load/charger sees
  packDischarge_J: number;
  packCharge_J: number;
  balancing_J: number; // passive: dissipated in the bleed resistors (Σ V_g·I_bleed·dt)
  balancingMoved_J: number; // active: energy into the converters (from source groups + from the string for sink groups)
  balancingLoss_J: number; // active: converter loss (1 − η)·moved, heat on the BMS boards (not in the cell network)
  electrochemicalHeat_J: number; // irreversible + reversible + short + self-discharge
  capacitor_J: number;
  ageingLoss_J: number;
  reactionHeat_J: number; // all heat the runaway reactions released in the cells
  ejectedReactant_J: number; // heat the reactants carried out by the ejecta would have released (lost inventory, not generated heat)
  ventedSensible_J: number; // Σ ΔC·T of the mass that left through the vents (relative to 0 K, like thermalEnergy_J)
  externalHeat_J: number;
  heaterToPlate_J: number;
  coolingFromPlate_J: number;
  toAmbient_J: number; // includes airCooling_J
  airCooling_J: number; // plate → forced air (part of toAmbient_J)
  throughput_J: number; // Σ |U·I_e|·dt
}

export class Pack {
  readonly ns: number;
  readonly np: number;
  readonly nseg: number;
  readonly nCells: number;
  readonly nUnits: number;
  readonly nModules: number;
  readonly cell: CellModel;
  readonly config: PackConfig;

  // unit state
  readonly soc: Float64Array;
  readonly v1: Float64Array;
  readonly v2: Float64Array;
  readonly temp_K: Float64Array;
  readonly damage: Float64Array;
  /** Heat-weighted runaway reactant left, Σ H_i·α_i / Σ H_i (1 fresh, 0 all reacted). */
  readonly reactant: Float64Array;
  /** Reactant fraction α_i of each runaway stage, unit-major (u·stages + i). */
  readonly stageLeft: Float64Array;
  /** 1 once the unit's vent has opened. */
  readonly vented: Uint8Array;
  /** Mass fraction of the unit ejected so far. */
  readonly ejected: Float64Array;
  /** Heat capacity that left through the vents so far [J/K]. */
  ventedHeatCap_J_K = 0;
  readonly capFadeCal: Float64Array;
  readonly capFadeCyc: Float64Array;
  readonly ageAsr_ohm_m2: Float64Array;
  readonly unitCurrent_A: Float64Array;
  readonly unitHeat_W: Float64Array;
  readonly shortCurrent_A: Float64Array;
  // unit constants / caches
  readonly unitCapacity0_As: Float64Array;
  readonly unitArea_m2: Float64Array;
  readonly unitHeatCap_J_K: Float64Array;
  private readonly resFactor: Float64Array;
  private readonly sdCurrent_A: Float64Array;
  private readonly r0: Float64Array;
  private readonly r1: Float64Array;
  private readonly r2: Float64Array;
  private readonly cacheT: Float64Array;
  private readonly cacheP: Float64Array;
  private readonly rShort: Float64Array;
  private readonly ua: Float64Array;
  /** 1/b of each unit's linearisation V = a − b·I [1/Ω]. */
  private readonly uInvB: Float64Array;
  /** dt/Q of each unit over the present step [s/(A·s)]. */
  private readonly dtOverQ: Float64Array;
  /** The present capacity Q [A·s] of each unit its reciprocal `invQ` was computed for. */
  private readonly qCached: Float64Array;
  private readonly invQ: Float64Array;
  /** ½·τ_j/R_j of each unit (0 when R_j = 0), for the RC capacitor energy change (cached with R_j). */
  private readonly halfTauOverR1: Float64Array;
  private readonly halfTauOverR2: Float64Array;
  /** (U(z_{i+1}) − U(z_i))/Δz of the OCV table, the slope of each interval. */
  private readonly ocvSlope: Float64Array;
  /** 1/d_i of the factored tridiagonal thermal matrix. */
  private readonly tdInvD: Float64Array;
  private readonly kz: Float64Array;
  private readonly uOcv: Float64Array;
  private readonly uDudt: Float64Array;
  /** Cell temperature statistics after the last step [K]. */
  tempMin_K = 0;
  tempMax_K = 0;
  tempMean_K = 0;
  /** Critical current density per unit at its cached temperature and pressure [A/m²]. */
  readonly ccd: Float64Array;
  private readonly ageThroughput_As: Float64Array;
  /** ∫SoC dt, ∫OCV dt [V·s] and ∫T dt [K·s] per unit over the current ageing interval: the calendar stress uses what was held on average. */
  private readonly ageSoc_s: Float64Array;
  private readonly ageOcv_Vs: Float64Array;
  private readonly ageTemp_Ks: Float64Array;
  private ageClock_s = 0;
  // group / module
  readonly groupVoltage_V: Float64Array;
  readonly modulePressure_Pa: Float64Array;
  readonly balanceCurrent_A: Float64Array;
  /** Active balancing: converter current applied per group in the last step [A] (+ = discharging the group). */
  readonly activeBalanceCurrent_A: Float64Array;
  /** Active balancing: the string current the converters returned in the last step [A] (+ = charging every group). */
  balanceReturn_A = 0;
  private readonly ga: Float64Array;
  private readonly gb: Float64Array;
  private readonly moduleGrowthRef_m: Float64Array;
  // thermal network
  plateTemp_K: number;
  private readonly gAmb: Float64Array;
  private readonly gPlateFlow: Float64Array;
  private readonly gPlateStag: Float64Array;
  private readonly gChain: Float64Array; // conductance between unit i and i+1
  private readonly tdC: Float64Array; // Thomas: modified super-diagonal
  private readonly tdD: Float64Array; // scratch
  private readonly yPlate: Float64Array;
  /** C_i/dt of each unit for the dt the tridiagonal factors were built for. */
  private readonly cOverDt: Float64Array;
  private readonly xScratch: Float64Array;
  private factorDt = NaN;
  private factorPump = false;
  private schurDenom = 0;
  /** Module index of each unit. */
  private readonly unitModule: Int32Array;
  /** Cells per module (for the mean stack growth). */
  private readonly moduleCells: Int32Array;
  /** Per module: Σ stack growth of its cells over this step (scratch). */
  private readonly moduleGrowth: Float64Array;
  /** Per module: the pressure [Pa] the cached pressure factors were evaluated at (NaN = none yet). */
  private readonly pfPressure: Float64Array;
  private readonly pfAnode: Float64Array;
  private readonly pfCathode: Float64Array;
  private readonly pfCcd: Float64Array;

  readonly ledger: EnergyLedger;
  readonly initialEnthalpy_J: number;
  readonly fixtureMass_kg: number;
  readonly mass_kg: number;
  private lastDt = -1;
  private e1 = 0;
  private e2 = 0;
  time_s = 0;
  /** Cached e = exp(−dt/τ) per branch for the last dt. */

  constructor(cell: CellModel, config: PackConfig, rng: Rng) {
    this.cell = cell;
    this.config = config;
    const ns = (this.ns = config.seriesCount);
    const np = (this.np = config.parallelCount);
    const nseg = (this.nseg = config.segmentsPerCell);
    const nCells = (this.nCells = ns * np);
    const n = (this.nUnits = nCells * nseg);
    this.nModules = Math.ceil(ns / config.groupsPerModule);
    const f64 = () => new Float64Array(n);
    this.soc = f64();
    this.v1 = f64();
    this.v2 = f64();
    this.temp_K = f64();
    this.damage = f64();
    this.reactant = f64();
    this.stageLeft = new Float64Array(n * cell.runaway.stages.length).fill(1);
    this.vented = new Uint8Array(n);
    this.ejected = f64();
    this.capFadeCal = f64();
    this.capFadeCyc = f64();
    this.ageAsr_ohm_m2 = f64();
    this.unitCurrent_A = f64();
    this.unitHeat_W = f64();
    this.shortCurrent_A = f64();
    this.unitCapacity0_As = f64();
    this.unitArea_m2 = f64();
    this.unitHeatCap_J_K = f64();
    this.resFactor = f64();
    this.sdCurrent_A = f64();
    this.r0 = f64();
    this.r1 = f64();
    this.r2 = f64();
    this.cacheT = f64().fill(NaN);
    this.cacheP = f64().fill(NaN);
    this.rShort = f64().fill(Infinity);
    this.ua = f64();
    this.uInvB = f64();
    this.dtOverQ = f64();
    this.qCached = f64().fill(NaN);
    this.invQ = f64();
    this.halfTauOverR1 = f64();
    this.halfTauOverR2 = f64();
    this.tdInvD = f64();
    {
      const t = cell.ocvTable;
      this.ocvSlope = new Float64Array(t.y.length - 1);
      for (let i = 0; i < t.y.length - 1; i++) this.ocvSlope[i] = (t.y[i + 1] - t.y[i]) / t.dx;
    }
    this.kz = f64();
    this.uOcv = f64();
    this.uDudt = f64();
    this.ccd = f64();
    this.ageThroughput_As = f64();
    this.ageSoc_s = f64();
    this.ageOcv_Vs = f64();
    this.ageTemp_Ks = f64();
    this.groupVoltage_V = new Float64Array(ns);
    this.balanceCurrent_A = new Float64Array(ns);
    this.activeBalanceCurrent_A = new Float64Array(ns);
    this.ga = new Float64Array(ns);
    this.gb = new Float64Array(ns);
    this.modulePressure_Pa = new Float64Array(this.nModules);
    this.moduleGrowthRef_m = new Float64Array(this.nModules);
    this.gAmb = f64();
    this.gPlateFlow = f64();
    this.gPlateStag = f64();
    this.gChain = f64();
    this.tdC = f64();
    this.tdD = f64();
    this.yPlate = f64();
    this.cOverDt = f64();
    this.xScratch = f64();
    this.unitModule = new Int32Array(n);
    for (let u = 0; u < n; u++) this.unitModule[u] = Math.floor(Math.floor(u / (nseg * np)) / config.groupsPerModule);
    this.moduleCells = new Int32Array(this.nModules);
    for (let c = 0; c < nCells; c++) this.moduleCells[this.unitModule[c * nseg]]++;
    this.moduleGrowth = new Float64Array(this.nModules);
    this.pfPressure = new Float64Array(this.nModules).fill(NaN);
    this.pfAnode = new Float64Array(this.nModules);
    this.pfCathode = new Float64Array(this.nModules);
    this.pfCcd = new Float64Array(this.nModules);

    const v = config.variation;
    const capRng = rng.fork('capacity');
    const resRng = rng.fork('resistance');
    const socRng = rng.fork('soc');
    const sdRng = rng.fork('self-discharge');
    const segRng = rng.fork('segments');
    const p = cell.params;
    const th = config.thermal;
    const faceArea_m2 = p.geometry.electrodeArea_cm2 * 1e-4;
    for (let c = 0; c < nCells; c++) {
      const capF = Math.max(0.5, 1 + capRng.normal(0, v.capacity_rel_sd));
      const resF = Math.max(0.5, 1 + resRng.normal(0, v.resistance_rel_sd));
      const soc0 = clamp01(config.initialSoc + socRng.normal(0, v.initialSoc_sd));
      const sdF = Math.max(0, 1 + sdRng.normal(0, v.selfDischarge_rel_sd));
      for (let s = 0; s < nseg; s++) {
        const u = c * nseg + s;
        const segF = nseg > 1 ? Math.max(0.5, 1 + segRng.normal(0, v.segmentContact_rel_sd)) : 1;
        this.unitCapacity0_As[u] = (cell.capacity_As * capF) / nseg;
        this.unitArea_m2[u] = cell.area_m2 / nseg;
        this.unitHeatCap_J_K[u] = cell.heatCapacity_J_K / nseg;
        this.resFactor[u] = resF * segF;
        this.sdCurrent_A[u] = (cell.selfDischarge_A * capF * sdF) / nseg;
        this.soc[u] = soc0;
        this.temp_K[u] = config.initialTemp_K;
        this.reactant[u] = 1;
        this.gAmb[u] = (th.cellToAmbient_W_m2K * p.geometry.surfaceArea_cm2 * 1e-4) / nseg;
        this.gPlateFlow[u] = (th.plateContactFlowing_W_m2K * p.geometry.coolingArea_cm2 * 1e-4) / nseg;
        this.gPlateStag[u] = (th.plateContactStagnant_W_m2K * p.geometry.coolingArea_cm2 * 1e-4) / nseg;
        // chain: segments of one cell, then the next cell of the same module; no conduction across modules
        if (u < n - 1) {
          if (s < nseg - 1) this.gChain[u] = th.segmentConductance_W_K;
          else {
            const g = Math.floor(c / np);
            const gNext = Math.floor((c + 1) / np);
            const sameModule = Math.floor(g / config.groupsPerModule) === Math.floor(gNext / config.groupsPerModule);
            this.gChain[u] = sameModule ? p.thermal.neighbourConductance_W_m2K * faceArea_m2 : 0;
          }
        }
      }
    }
    this.plateTemp_K = config.initialTemp_K;
    // assembly reference for the fixed-gap fixture
    const growthRef = cell.thicknessGrowth_m(p.pressure.referenceSoc);
    this.moduleGrowthRef_m.fill(growthRef);
    this.updatePressure();
    this.ledger = {
      terminalCells_J: 0,
      packTerminal_J: 0,
      packDischarge_J: 0,
      packCharge_J: 0,
      balancing_J: 0,
      balancingMoved_J: 0,
      balancingLoss_J: 0,
      electrochemicalHeat_J: 0,
      capacitor_J: 0,
      ageingLoss_J: 0,
      reactionHeat_J: 0,
      ejectedReactant_J: 0,
      ventedSensible_J: 0,
      externalHeat_J: 0,
      heaterToPlate_J: 0,
      coolingFromPlate_J: 0,
      toAmbient_J: 0,
      airCooling_J: 0,
      throughput_J: 0,
    };
    this.initialEnthalpy_J = this.storedEnthalpy_J();
    this.fixtureMass_kg = fixtureMass_kg(cell, config.groupsPerModule * np, this.nModules);
    this.mass_kg = cell.mass_kg * nCells + this.fixtureMass_kg + config.housingMass_kg;
    for (let u = 0; u < n; u++) this.refreshResistance(u);
  }

  /** Stored enthalpy Σ Q·G(z) [J], Q the present (faded) capacity. */
  storedEnthalpy_J(): number {
    let h = 0;
    for (let u = 0; u < this.nUnits; u++) h += this.capacity_As(u) * this.enthalpyAt(this.soc[u]);
    return h;
  }

  private enthalpyAt(z: number): number {
    const c = this.cell;
    const n = c.ocvTable.y.length - 1;
    return enthalpyPlant(c.enthalpyTable, c.ocvTable.y[0] - 298.15 * c.dUdTTable.y[0], c.ocvTable.y[n] - 298.15 * c.dUdTTable.y[n], z);
  }

  /** Present capacity of a unit [A·s]. */
  capacity_As(u: number): number {
    return this.unitCapacity0_As[u] * (1 - this.capFadeCal[u] - this.capFadeCyc[u]);
  }

  /** Thermal energy of cells and plate relative to 0 K [J] (for the thermal balance). */
  thermalEnergy_J(): number {
    let e = this.plateTemp_K * this.config.thermal.plateHeatCapacity_J_K;
    for (let u = 0; u < this.nUnits; u++) e += this.unitHeatCap_J_K[u] * this.temp_K[u];
    return e;
  }

  /**
   * Runaway reactions of unit u over dt at temperature T and SoC z (physics/runaway/arrhenius.ts);
   * returns the heat released [J]. Venting (cell parameters `runaway.vent`): when T reaches the vent
   * temperature the opening mass fraction leaves at once; after that the ejecta leave in proportion
   * to the reactant consumed, up to the total ejected fraction. The mass that leaves takes its
   * sensible heat C·T with it (ledger `ventedSensible_J`, the cell's heat capacity drops; the
   * ejecta are assumed to have the cell's mean specific heat) and its share of every unreacted
   * stage (the ejecta are cell contents: they never react in the cell; `ejectedReactant_J`).
   */
  private react(u: number, T: number, z: number, dt: number): number {
    const rw = this.cell.runaway;
    const st = rw.stages;
    const nst = st.length;
    const left = this.stageLeft;
    const mUnit = this.cell.mass_kg / this.nseg;
    const soc = z < 0 ? 0 : z > 1 ? 1 : z;
    let q = 0;
    let remaining = 0;
    for (let i = 0, k = u * nst; i < nst; i++, k++) {
      const s = st[i];
      const a = left[k];
      if (a > 0) {
        const an = runawayStep(a, stageRate_1_s(s, T), dt);
        q += (a - an) * s.heat_J_kg * (s.socScaled ? soc : 1) * mUnit;
        left[k] = an;
      }
      remaining += left[k] * s.heat_J_kg;
    }
    const before = this.reactant[u];
    const after = remaining / rw.totalHeat_J_kg;
    this.reactant[u] = after;
    const vent = rw.vent;
    if (vent !== null) {
      let dm = 0;
      if (this.vented[u] === 0 && T >= vent.temp_K) {
        this.vented[u] = 1;
        dm = vent.openingMassFraction;
      } else if (this.vented[u] === 1 && before > 0) dm = ((vent.totalMassFraction - this.ejected[u]) * (before - after)) / before;
      if (dm > 0) this.eject(u, dm, T, soc);
    }
    return q;
  }

  /** Mass fraction dm of unit u (of its initial mass) leaves at temperature T with its sensible heat. */
  private eject(u: number, dm: number, T: number, soc: number): void {
    const st = this.cell.runaway.stages;
    const nst = st.length;
    const share = dm / Math.max(1e-12, 1 - this.ejected[u]);
    const mUnit = this.cell.mass_kg / this.nseg;
    let lost = 0;
    let remaining = 0;
    for (let i = 0, k = u * nst; i < nst; i++, k++) {
      const removed = this.stageLeft[k] * share;
      this.stageLeft[k] -= removed;
      lost += removed * st[i].heat_J_kg * (st[i].socScaled ? soc : 1) * mUnit;
      remaining += this.stageLeft[k] * st[i].heat_J_kg;
    }
    this.reactant[u] = remaining / this.cell.runaway.totalHeat_J_kg;
    this.ledger.ejectedReactant_J += lost;
    const dC = (this.cell.heatCapacity_J_K / this.nseg) * dm;
    this.ejected[u] += dm;
    this.unitHeatCap_J_K[u] -= dC;
    const L = this.ledger;
    this.ventedHeatCap_J_K += dC;
    L.ventedSensible_J += dC * T;
    this.factorDt = Number.NaN; // the thermal matrix holds C/dt: factor again
  }

  /**
   * Truth-side fault injection (fault campaigns, tests): an internal short of `r_ohm` across unit
   * `u`; the damage is raised to 1 so the short is counted in `internal_shorts`.
   */
  injectInternalShort(u: number, r_ohm: number): void {
    if (!Number.isFinite(this.rShort[u])) this.noteShort(u);
    this.rShort[u] = r_ohm;
    if (this.damage[u] < 1) this.damage[u] = 1;
  }

  /** Number of units that have developed (or been given) an internal short so far, and the latest. */
  shortCount = 0;
  lastShortUnit = -1;
  private noteShort(u: number): void {
    this.shortCount++;
    this.lastShortUnit = u;
  }

  groupOfUnit(u: number): number {
    return Math.floor(u / (this.nseg * this.np));
  }

  moduleOfGroup(g: number): number {
    return Math.floor(g / this.config.groupsPerModule);
  }

  /**
   * Re-evaluates a unit's temperature- and pressure-dependent parameters (R0, RC resistances, CCD)
   * at its present temperature and module pressure. The interfaces' and the CCD's pressure factors
   * (a `Math.pow` each) are evaluated once per module and pressure value, not once per cell; R0 and
   * the RC resistances equal `cell.r0_ohm` and `cell.rcResistance`, the CCD
   * `criticalCurrentDensity_A_m2` to ≤ 1e-4 (its Arrhenius factor is tabulated on 0.25 K, see
   * `CellModel.temperatureParameters`).
   */
  private refreshResistance(u: number): void {
    const T = this.temp_K[u];
    const m = this.unitModule[u];
    const pr = this.modulePressure_Pa[m];
    if (!(this.pfPressure[m] === pr)) this.refreshPressureFactors(m, pr);
    const cell = this.cell;
    const rf = this.resFactor[u] * this.nseg; // a segment carries 1/nseg of the area
    const tp = this.tpScratch;
    cell.temperatureParameters(T, pr, this.pfAnode[m], this.pfCathode[m], this.ageAsr_ohm_m2[u], tp);
    this.r0[u] = tp[0] * rf;
    const f = tp[1];
    const r1 = ((cell.rc.r1_ohm_m2 * f) / cell.area_m2) * rf;
    const r2 = ((cell.rc.r2_ohm_m2 * f) / cell.area_m2) * rf;
    // The RC branches keep τ = R·C, so a new R is a new C = τ/R. Their stored energy ½·C·v² is
    // kept across the change (v scaled by √(R_new/R_old)): with v kept instead, a resistance that
    // falls with temperature (a short heating the cell) multiplied the stored energy by R_old/R_new,
    // and the step's branch heat (power in − Δ stored) released energy that never existed — the
    // failed-fuse external short reached 34 775 K that way (issue 16).
    const r1o = this.r1[u];
    const r2o = this.r2[u];
    if (r1o > 0 && r1 > 0 && r1 !== r1o) this.v1[u] *= Math.sqrt(r1 / r1o);
    if (r2o > 0 && r2 > 0 && r2 !== r2o) this.v2[u] *= Math.sqrt(r2 / r2o);
    this.r1[u] = r1;
    this.r2[u] = r2;
    this.halfTauOverR1[u] = this.r1[u] > 0 ? (0.5 * cell.rc.tau1_s) / this.r1[u] : 0;
    this.halfTauOverR2[u] = this.r2[u] > 0 ? (0.5 * cell.rc.tau2_s) / this.r2[u] : 0;
    const fil = cell.filament;
    this.ccd[u] = fil ? fil.ccd_ref_A_m2 * tp[2] * this.pfCcd[m] : Infinity;
    this.cacheT[u] = T;
    this.cacheP[u] = pr;
  }

  private readonly tpScratch = new Float64Array(3);

  private refreshPressureFactors(m: number, pr: number): void {
    const cell = this.cell;
    this.pfAnode[m] = pressureFactor(cell.anodeInterface, pr);
    this.pfCathode[m] = pressureFactor(cell.cathodeInterface, pr);
    this.pfCcd[m] = cell.filament ? ccdPressureFactor(cell.filament, pr) : 1;
    this.pfPressure[m] = pr;
  }

  private updatePressure(): void {
    const p = this.cell.params.pressure;
    const cellsPerModule = this.config.groupsPerModule * this.np;
    for (let m = 0; m < this.nModules; m++) {
      if (p.fixture !== 'fixed-gap') {
        this.modulePressure_Pa[m] = p.initial_MPa * 1e6;
        continue;
      }
      let growth = 0;
      let count = 0;
      const u0 = m * cellsPerModule * this.nseg;
      const u1 = Math.min(this.nUnits, u0 + cellsPerModule * this.nseg);
      for (let u = u0; u < u1; u += this.nseg) {
        growth += this.cell.thicknessGrowth_m(this.soc[u]);
        count++;
      }
      this.setFixedGapPressure(m, growth, count);
    }
  }

  /** Fixed-gap fixture: module pressure from the summed stack growth of its `count` cells. */
  private setFixedGapPressure(m: number, growth: number, count: number): void {
    const p = this.cell.params.pressure;
    const mean = growth / Math.max(1, count);
    // stiffness [MPa/mm] × growth [mm]; pressure cannot go below zero (the stack lifts off)
    this.modulePressure_Pa[m] = Math.max(0, p.initial_MPa * 1e6 + p.stiffness_MPa_per_mm * 1e6 * (mean - this.moduleGrowthRef_m[m]) * 1e3);
  }

  /** Pack terminal voltage after the last step: the sum of the group voltages [V]. */
  terminalVoltage_V(): number {
    let sum = 0;
    for (let g = 0; g < this.ns; g++) sum += this.groupVoltage_V[g];
    return sum;
  }

  /** True SoC of series group g: charge-weighted mean of its units. */
  groupSoc(g: number): number {
    const per = this.np * this.nseg;
    let q = 0;
    let qz = 0;
    for (let u = g * per; u < (g + 1) * per; u++) {
      const c = this.capacity_As(u);
      q += c;
      qz += c * this.soc[u];
    }
    return qz / q;
  }

  private readonly out: PackStepResult = { current_A: 0, voltage_V: 0, limited: false, powerFraction: 1 };

  /**
   * One step. Hot path: Float64Array state read into locals, one pass per unit for the
   * linearisation (OCV, ∂U/∂T and ∂U/∂z from one table index) and one fused pass for the state
   * update (currents, exact RC update, heat, charge, runaway, filaments, throughput and the stack
   * growth that sets the module pressure); nothing is allocated. Divisions are replaced by products
   * with reciprocals cached per step (1/dt, dt/Q, 1/b) or with the parameters (½τ/R): the results
   * agree with the quotient forms to rounding (≈ 1e-16 relative per operation).
   */
  step(inp: PackStepInput): PackStepResult {
    // every input read once, here: later reads of a differently shaped input object would each
    // cost a deoptimisation of this hot function
    const dt = inp.dt_s;
    const time_s = inp.time_s;
    const control = inp.control;
    const dischargeLimit_A = inp.dischargeLimit_A;
    const chargeLimit_A = inp.chargeLimit_A;
    const contactorsClosed = inp.contactorsClosed;
    const ambient_K = inp.ambient_K;
    const solar_W_m2 = inp.solar_W_m2;
    let heaterToPlate_W = inp.heaterToPlate_W;
    let coolingFromPlate_W = inp.coolingFromPlate_W;
    const thermalFromPack = inp.thermalFromPack === true;
    const pumpOn = inp.pumpOn;
    const sw = inp.balanceSwitch;
    const bleed = inp.bleed_ohm;
    const ext = inp.externalHeat_W;
    const actIn = inp.balanceCurrent_A ?? null;
    const eta = inp.balanceEfficiency ?? 1;
    if (!(dt > 0) || !Number.isFinite(dt)) throw new NumericalError('step size must be positive', { quantity: 'dt_s', value: dt, time_s });
    const cell = this.cell;
    const n = this.nUnits;
    const nseg = this.nseg;
    const per = this.np * nseg;
    const ns = this.ns;
    const gpm = this.config.groupsPerModule;
    if (dt !== this.lastDt) {
      this.e1 = Math.exp(-dt / cell.rc.tau1_s);
      this.e2 = Math.exp(-dt / cell.rc.tau2_s);
      this.lastDt = dt;
    }
    const e1 = this.e1;
    const e2 = this.e2;
    const om1 = 1 - e1;
    const om2 = 1 - e2;
    const invDt = 1 / dt;
    const ocvT = cell.ocvTable;
    const dudtT = cell.dUdTTable;
    const oy = ocvT.y;
    const dy = dudtT.y;
    const nTab = oy.length;
    const tx0 = ocvT.x0;
    const tdx = ocvT.dx;
    const invDx = 1 / tdx;
    const oSlope = this.ocvSlope;
    // the fused look-up needs the two tables on one grid (always so for cell.ts's tables)
    const sameGrid = dudtT.x0 === tx0 && dudtT.dx === tdx && dy.length === nTab;
    const Tref = 298.15;
    // lowest SoC the plant represents: 2 % past empty under a current or power demand (which could
    // push the cell on into reversal: outside the model, the run is invalid). A passive load — a
    // resistance or a held terminal voltage, i.e. a short — or a rest cannot: the cell ends at the
    // point where the OCV's over-discharge continuation reaches 0 V, a physical end state (issue
    // 16's failed-fuse short drains its cells there, then rests)
    const passive = control.kind !== 'current' && control.kind !== 'power';
    const socFloor = passive ? Math.min(-0.02, -oy[0] / OCV_EDGE_SLOPE_V - 0.005) : -0.02;

    const soc = this.soc;
    const temp = this.temp_K;
    const cacheT = this.cacheT;
    const cacheP = this.cacheP;
    const modP = this.modulePressure_Pa;
    const v1a = this.v1;
    const v2a = this.v2;
    const r0a = this.r0;
    const r1a = this.r1;
    const r2a = this.r2;
    const rsh = this.rShort;
    const sdA = this.sdCurrent_A;
    const q0 = this.unitCapacity0_As;
    const fCal = this.capFadeCal;
    const fCyc = this.capFadeCyc;
    const uaA = this.ua;
    const ibA = this.uInvB;
    const dtOverQA = this.dtOverQ;
    const qC = this.qCached;
    const iQ = this.invQ;
    const htr1 = this.halfTauOverR1;
    const htr2 = this.halfTauOverR2;
    const kzA = this.kz;
    const uOcv = this.uOcv;
    const uDudt = this.uDudt;
    const gaA = this.ga;
    const gbA = this.gb;

    // 1. unit linearisation V = a − b·I (terminal current), group and pack aggregation
    let A = 0;
    let B = 0;
    for (let g = 0; g < ns; g++) {
      let sab = 0;
      let s1b = 0;
      const pm = modP[Math.floor(g / gpm)];
      const uEnd = (g + 1) * per;
      for (let u = g * per; u < uEnd; u++) {
        const T = temp[u];
        if (Math.abs(T - cacheT[u]) > 0.05 || Math.abs(pm - cacheP[u]) > 2000) this.refreshResistance(u);
        const z = soc[u];
        // OCV, ∂U/∂T and ∂U/∂z: inside the table one index serves all three (the same arithmetic
        // as interpUniform / slopeUniform); at and beyond the ends the plant's edge continuation
        let dudt0: number;
        let ocv0: number;
        let slope: number;
        const sx = (z - tx0) * invDx;
        if (sameGrid && z > 0 && z < 1 && sx > 0 && sx < nTab - 1) {
          const i = sx | 0;
          const f = sx - i;
          const d0 = dy[i];
          dudt0 = d0 + (dy[i + 1] - d0) * f;
          const o0 = oy[i];
          const o1 = oy[i + 1];
          ocv0 = o0 + (o1 - o0) * f;
          slope = oSlope[i];
        } else {
          dudt0 = interpUniform(dudtT, z);
          ocv0 = ocvPlant(ocvT, z);
          slope = ocvSlopePlant(ocvT, z);
        }
        const U = ocv0 + (T - Tref) * dudt0;
        uOcv[u] = U;
        uDudt[u] = dudt0;
        // OCV linearised in SoC over the step, U_end = U − k·(I_e + I_sd)·dt/Q: the SoC update is
        // implicit, so parallel cells equalise without overshoot even over long parking steps
        // 1/Q changes only with ageing: kept per unit for the capacity it was computed at
        const Q = q0[u] * (1 - fCal[u] - fCyc[u]);
        if (Q !== qC[u]) {
          qC[u] = Q;
          iQ[u] = 1 / Q;
        }
        const dtQ = dt * iQ[u];
        dtOverQA[u] = dtQ;
        const kz = slope * dtQ;
        kzA[u] = kz;
        let a = U - kz * sdA[u] - v1a[u] * e1 - v2a[u] * e2;
        let b = r0a[u] + kz + r1a[u] * om1 + r2a[u] * om2;
        const rs = shortEffective_ohm(rsh[u], soc[u]);
        if (rs !== Infinity) {
          const k = 1 + b / rs;
          a /= k;
          b /= k;
        }
        const ib = 1 / b;
        uaA[u] = a;
        ibA[u] = ib;
        sab += a * ib;
        s1b += ib;
      }
      let ag = sab / s1b;
      let bg = 1 / s1b;
      if (sw?.[g] && bleed > 0) {
        const k = 1 + bg / bleed;
        ag /= k;
        bg /= k;
      }
      gaA[g] = ag;
      gbA[g] = bg;
      A += ag;
      B += bg;
    }

    // 2. pack current from the control. Active balancing: the converters add a current s_g to
    // group g and return r to every group (x_g = s_g − r), so V_g = a_g − b_g·(I + x_g) and the
    // pack is V = A − Σ b_g·s_g + B·r − B·I; r follows from the converters' power balance
    // (balanceReturn), which depends on I: two rounds of (I from the control, then exact r for I).
    const act = this.activeBalanceCurrent_A;
    let activeOn = false;
    if (actIn !== null) {
      for (let g = 0; g < ns; g++) {
        const x = actIn[g];
        if (!Number.isFinite(x)) throw new NumericalError('balancing current is not finite', { quantity: 'balanceCurrent_A', value: x, time_s });
        act[g] = x;
        if (x !== 0) activeOn = true;
      }
      if (activeOn && !(eta > 0 && eta <= 1)) throw new NumericalError('converter efficiency must be in (0, 1]', { quantity: 'balanceEfficiency', value: eta, time_s });
    } else act.fill(0);
    let I: number;
    let r = 0;
    if (!activeOn) I = this.solveControl(control, contactorsClosed, A, B, dischargeLimit_A, chargeLimit_A);
    else {
      let sumBs = 0;
      for (let g = 0; g < ns; g++) sumBs += gbA[g] * act[g];
      r = this.balanceReturn_A;
      I = 0;
      for (let round = 0; round < 2; round++) {
        I = this.solveControl(control, contactorsClosed, A - sumBs + B * r, B, dischargeLimit_A, chargeLimit_A);
        r = this.balanceReturn(I, eta, B);
      }
    }
    this.balanceReturn_A = r;
    const limited = this.solvedLimited;
    if (!Number.isFinite(I)) throw new NumericalError('pack current is not finite', { quantity: 'current_A', value: I, time_s });

    // 3. unit currents and state updates (one fused pass)
    const L = this.ledger;
    const fil = cell.filament;
    const rw = cell.runaway;
    const rwOn = rw.stages.length > 0;
    const rwFrom = rw.activeFrom_K;
    // mean branch voltage over the step: v̄ = I·R + (v_old − I·R)·τ(1 − e)/dt
    const m1 = cell.rc.tau1_s * om1 * invDt;
    const m2 = cell.rc.tau2_s * om2 * invDt;
    const fixedGap = cell.params.pressure.fixture === 'fixed-gap';
    const mGrowth = this.moduleGrowth;
    if (fixedGap) mGrowth.fill(0);
    const reactant = this.reactant;
    const area = this.unitArea_m2;
    const ccdA = this.ccd;
    const dmg = this.damage;
    const thrA = this.ageThroughput_As;
    const ageZ = this.ageSoc_s;
    const ageU = this.ageOcv_Vs;
    const ageT = this.ageTemp_Ks;
    const heatA = this.unitHeat_W;
    const iA = this.unitCurrent_A;
    const ishA = this.shortCurrent_A;
    const gV = this.groupVoltage_V;
    const balA = this.balanceCurrent_A;
    let vPack = 0;
    let termCells = 0;
    let heatElec = 0;
    let capE = 0;
    let thru = 0;
    let reaction = 0;
    let external = 0;
    let badUnit = -1;
    let badSoc = 0;
    let balancing = L.balancing_J;
    let moved = 0;
    for (let g = 0; g < ns; g++) {
      const bleedOn = sw !== null && sw[g] === 1 && bleed > 0;
      // group terminal voltage: V_g = a_g − b_g·I already includes the bleed division
      const xg = activeOn ? act[g] - r : 0;
      const Vg = gaA[g] - gbA[g] * (I + xg);
      gV[g] = Vg;
      vPack += Vg;
      const iBleed = bleedOn ? Vg / bleed : 0;
      balA[g] = iBleed;
      const m = Math.floor(g / gpm);
      let growth = fixedGap ? mGrowth[m] : 0; // the module's running sum (same order of additions)
      // unit currents from the un-bled group linearisation: V_g = (Σa/b − I_g)/Σ1/b
      const u0 = g * per;
      const uEnd = u0 + per;
      for (let u = u0; u < uEnd; u++) {
        const Iu = (uaA[u] - Vg) * ibA[u];
        const rs = shortEffective_ohm(rsh[u], soc[u]);
        const Ish = rs === Infinity ? 0 : Vg / rs;
        const Ie = Iu + Ish;
        const Isd = sdA[u];
        const z = soc[u];
        const T = temp[u];
        const dudt = uDudt[u];
        const U = uOcv[u];
        // exact RC updates, mean branch voltages and branch heat
        const r1 = r1a[u];
        const r2 = r2a[u];
        const v1o = v1a[u];
        const v2o = v2a[u];
        const v1n = v1o * e1 + r1 * om1 * Ie;
        const v2n = v2o * e2 + r2 * om2 * Ie;
        const v1m = Ie * r1 + (v1o - Ie * r1) * m1;
        const v2m = Ie * r2 + (v2o - Ie * r2) * m2;
        const dCap = (v1n * v1n - v1o * v1o) * htr1[u];
        const dCap2 = (v2n * v2n - v2o * v2o) * htr2[u];
        const qRc = Ie * (v1m + v2m) * dt - dCap - dCap2;
        v1a[u] = v1n;
        v2a[u] = v2n;
        // mean OCV over the step (linear in time with constant current)
        const Um = U - 0.5 * kzA[u] * (Ie + Isd);
        const r0 = r0a[u];
        const Vavg = Um - Ie * r0 - v1m - v2m;
        // charge
        const zn = z - (Ie + Isd) * dtOverQA[u];
        if (!(zn > socFloor && zn < 1.02) && badUnit < 0) {
          badUnit = u;
          badSoc = zn;
        }
        soc[u] = zn;
        if (fixedGap && (u - u0) % nseg === 0) growth += cell.thicknessGrowth_m(zn);
        // heat [J over the step]
        const qJoule = Ie * Ie * r0 * dt;
        const qShort = Vavg * Ish * dt;
        const qSd = Isd * Um * dt;
        const qRev = -(Ie + Isd) * T * dudt * dt;
        const qElec = qJoule + qRc + qShort + qSd + qRev;
        // runaway reactions, venting and mass loss
        let qReact = 0;
        if (rwOn && T > rwFrom && reactant[u] > 0) {
          qReact = this.react(u, T, zn, dt);
        }
        let qExt = 0;
        if (ext !== null) {
          qExt = ext[u] * dt;
          if (!Number.isFinite(qExt)) throw new NumericalError('external heat input is not finite', { cell: this.unitLabel(u), quantity: 'externalHeat_W', value: qExt / dt, time_s });
        }
        heatA[u] = (qElec + qReact + qExt) * invDt;
        iA[u] = Iu;
        ishA[u] = Ish;
        termCells += Vavg * Iu * dt;
        heatElec += qElec;
        capE += dCap + dCap2;
        thru += Math.abs(U * Ie) * dt;
        reaction += qReact;
        external += qExt;
        // filaments: plating on the Li anode happens while the electrochemical current charges
        // (only above the CCD: j > CCD ⇔ −I_e > CCD·area; damageIncrement re-checks on j itself)
        if (fil !== null && Ie < 0 && -Ie > ccdA[u] * area[u]) {
          const j = -Ie / area[u];
          const dD = damageIncrement(fil, j, ccdA[u], dt);
          if (dD > 0) {
            dmg[u] += dD;
            if (!Number.isFinite(rsh[u]) && dmg[u] >= 1) this.noteShort(u);
            rsh[u] = shortResistance_ohm(fil, dmg[u], area[u]);
          }
        }
        thrA[u] += Math.abs(Ie) * dt;
        ageZ[u] += 0.5 * (z + zn) * dt;
        ageU[u] += Um * dt;
        ageT[u] += (T < AGEING_LAW_MAX_TEMP_K ? T : AGEING_LAW_MAX_TEMP_K) * dt;
      }
      if (fixedGap) mGrowth[m] = growth;
      balancing += Vg * iBleed * dt;
      if (activeOn) {
        const sg = act[g];
        if (sg > 0) moved += Vg * sg * dt;
        else if (sg < 0) moved -= (Vg * sg * dt) / eta;
      }
    }
    L.balancing_J = balancing;
    if (activeOn) {
      L.balancingMoved_J += moved;
      L.balancingLoss_J += (1 - eta) * moved;
    }
    L.terminalCells_J += termCells;
    L.electrochemicalHeat_J += heatElec;
    L.capacitor_J += capE;
    L.throughput_J += thru;
    L.reactionHeat_J += reaction;
    L.externalHeat_J += external;
    const pOut = I * vPack * dt;
    L.packTerminal_J += pOut;
    if (pOut > 0) L.packDischarge_J += pOut;
    else L.packCharge_J -= pOut;
    if (badUnit >= 0) {
      // thrown after the step is booked, so the energy ledger stays consistent with the state
      throw new NumericalError('state of charge left [0, 1] (the cell was driven past its capacity: by the load with protection off or too lax, or drained by an internal short)', {
        cell: this.unitLabel(badUnit),
        quantity: 'soc',
        value: badSoc,
        time_s,
      });
    }

    // 4. ageing, sub-sampled every ≥ 300 s of simulated time: the equivalent-time update is exact
    // for constant conditions over any interval, and temperature and SoC move slowly on that scale
    this.ageClock_s += dt;
    if (this.ageClock_s >= 300) {
      this.applyAgeing(this.ageClock_s);
      this.ageClock_s = 0;
    }

    // 5. pressure follows the stack thickness (Li plating/stripping, cathode breathing)
    if (fixedGap) for (let m = 0; m < this.nModules; m++) this.setFixedGapPressure(m, mGrowth[m], this.moduleCells[m]);

    // 6. thermal network (a heater or cooler on the pack gets the share of its demand the pack delivered)
    let powerFraction = 1;
    if (control.kind === 'power' && control.value_W > 0) {
      const delivered_W = I * vPack;
      powerFraction = delivered_W >= control.value_W ? 1 : delivered_W > 0 ? delivered_W / control.value_W : 0;
    }
    if (thermalFromPack && powerFraction < 1) {
      heaterToPlate_W *= powerFraction;
      coolingFromPlate_W *= powerFraction;
    }
    this.thermalStep(dt, ambient_K, solar_W_m2, pumpOn, heaterToPlate_W, coolingFromPlate_W, inp.airConductance_W_K ?? 0);

    if (!(this.tempMin_K > 100 && this.tempMax_K < 3000) || !Number.isFinite(this.tempMean_K)) {
      for (let u = 0; u < n; u++) {
        const T = temp[u];
        if (!(T > 100 && T < 3000)) throw new NumericalError('temperature out of physical range', { cell: this.unitLabel(u), quantity: 'temp_K', value: T, time_s });
      }
    }
    this.time_s = time_s + dt;
    const out = this.out;
    out.current_A = I;
    out.voltage_V = vPack;
    out.limited = limited;
    out.powerFraction = powerFraction;
    return out;
  }

  private solvedLimited = false;

  /** Pack current for the control on a pack V = A − B·I, clipped to the limits (sets `solvedLimited`). */
  private solveControl(c: PackControl, contactorsClosed: boolean, A: number, B: number, dischargeLimit_A: number, chargeLimit_A: number): number {
    let I = 0;
    let limited = false;
    if (contactorsClosed) {
      switch (c.kind) {
        case 'current':
          I = c.value_A;
          break;
        case 'voltage':
          I = (A - c.value_V) / B;
          break;
        case 'resistance':
          // V = A − B·I = R·I
          I = A / (B + c.value_ohm);
          break;
        case 'power': {
          const disc = A * A - 4 * B * c.value_W;
          if (disc < 0) {
            I = A / (2 * B);
            limited = true;
          } else I = (2 * c.value_W) / (A + Math.sqrt(disc)); // stable form of (A − √disc)/(2B)
          break;
        }
        case 'rest':
          I = 0;
          break;
      }
      if (I > dischargeLimit_A) {
        I = dischargeLimit_A;
        limited = true;
      } else if (I < -chargeLimit_A) {
        I = -chargeLimit_A;
        limited = true;
      }
    }
    this.solvedLimited = limited;
    return I;
  }

  /**
   * The string current r [A] (+ = charging every group) that carries the converters' net power for
   * pack current I: with c_g = a_g − b_g·(I + s_g), V_g = c_g + b_g·r, and w_g = η (source, s_g > 0)
   * or 1/η (sink, s_g < 0), the power balance r·Σ V_g = Σ w_g·s_g·V_g is the quadratic
   * B·r² + (C − W_b)·r − W_c = 0 (C = Σ c_g, W_b = Σ w_g·s_g·b_g, W_c = Σ w_g·s_g·c_g), solved in
   * its stable form for the root near W_c/C.
   */
  private balanceReturn(I: number, eta: number, B: number): number {
    const act = this.activeBalanceCurrent_A;
    const ga = this.ga;
    const gb = this.gb;
    let C = 0;
    let Wb = 0;
    let Wc = 0;
    for (let g = 0; g < this.ns; g++) {
      const sg = act[g];
      const c = ga[g] - gb[g] * (I + sg);
      C += c;
      if (sg === 0) continue;
      const w = sg > 0 ? eta : 1 / eta;
      Wb += w * sg * gb[g];
      Wc += w * sg * c;
    }
    const p = C - Wb;
    const disc = p * p + 4 * B * Wc;
    if (!(disc >= 0) || !(p > 0)) throw new NumericalError('active balancing: no string current carries the converter power', { quantity: 'balanceReturn_A', value: Wc });
    return (2 * Wc) / (p + Math.sqrt(disc));
  }

  private applyAgeing(interval_s: number): void {
    const cell = this.cell;
    const ag = cell.ageing;
    const L = this.ledger;
    for (let u = 0; u < this.nUnits; u++) {
      // the SoC, OCV and temperature held on average over the interval (the step loop sums them,
      // the temperature capped at AGEING_LAW_MAX_TEMP_K)
      const T = this.ageTemp_Ks[u] / interval_s;
      const z = this.ageSoc_s[u] / interval_s;
      const ocv_V = this.ageOcv_Vs[u] / interval_s;
      this.ageTemp_Ks[u] = 0;
      this.ageSoc_s[u] = 0;
      this.ageOcv_Vs[u] = 0;
      const q0 = this.unitCapacity0_As[u];
      const before = this.capacity_As(u);
      this.capFadeCal[u] = sqrtLawStep(this.capFadeCal[u], calendarRate(ag, T, z, ocv_V), interval_s);
      const meanI = this.ageThroughput_As[u] / interval_s;
      this.capFadeCyc[u] += cycleFadeIncrement(ag, meanI, T, q0, interval_s);
      const kInt = ag.interfaceGrowth_ohm_m2_per_sqrt_s * arrheniusFactor(ag.interfaceEa_J_mol, T, ag.temp_ref_K);
      // √t part tracked through the equivalent-time method on the calendar component of ΔASR
      const m = this.unitModule[u];
      const contactLoss = this.modulePressure_Pa[m] < cell.anodeInterface.contactLoss_Pa ? 2 : 1;
      const ahDensity = this.ageThroughput_As[u] / 3600 / this.unitArea_m2[u];
      this.ageAsr_ohm_m2[u] = sqrtLawStep(this.ageAsr_ohm_m2[u], kInt * contactLoss, interval_s) + ag.interfaceGrowth_ohm_m2_per_Ah_m2 * ahDensity * contactLoss;
      this.ageThroughput_As[u] = 0;
      const after = this.capacity_As(u);
      L.ageingLoss_J += (before - after) * this.enthalpyAt(this.soc[u]);
      this.refreshResistance(u); // interface growth changes R0 now
    }
  }

  private thermalStep(dt: number, ambient_K: number, solar_W_m2: number, pump: boolean, heaterToPlate_W: number, coolingFromPlate_W: number, gAir: number): void {
    const n = this.nUnits;
    const th = this.config.thermal;
    const Tsa = ambient_K + (th.solarRise_K_per_kW_m2 * solar_W_m2) / 1000;
    const gP = pump ? this.gPlateFlow : this.gPlateStag;
    const c = this.tdC;
    const d = this.tdD;
    const y = this.yPlate;
    const gc = this.gChain;
    const gA = this.gAmb;
    const cdt = this.cOverDt;
    const invD = this.tdInvD;
    const temp = this.temp_K;
    if (dt !== this.factorDt || pump !== this.factorPump) {
      // factor the tridiagonal matrix A (Thomas) and solve A·y = g_plate once per (dt, pump) pair
      for (let i = 0; i < n; i++) {
        cdt[i] = this.unitHeatCap_J_K[i] / dt;
        const diag = cdt[i] + gA[i] + gP[i] + (i > 0 ? gc[i - 1] : 0) + gc[i];
        const lower = i > 0 ? -gc[i - 1] : 0;
        const denom = diag - (i > 0 ? lower * c[i - 1] : 0);
        c[i] = -gc[i] / denom;
        d[i] = denom;
        invD[i] = 1 / denom;
      }
      this.forwardBack(gP, y);
      let s = 0;
      for (let i = 0; i < n; i++) s += gP[i] * y[i];
      let gsum = 0;
      for (let i = 0; i < n; i++) gsum += gP[i];
      this.schurDenom = th.plateHeatCapacity_J_K / dt + gsum + th.plateToAmbient_W_K - s;
      this.factorDt = dt;
      this.factorPump = pump;
    }
    // right-hand side for the cells and the forward sweep in one pass, then the back substitution
    const x = this.xScratch;
    const heat = this.unitHeat_W;
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const r = cdt[i] * temp[i] + heat[i] + gA[i] * Tsa;
      // (r − lower·prev)/d with lower = −g_chain[i−1] (0 for the first unit)
      prev = (i > 0 ? r + gc[i - 1] * prev : r) * invD[i];
      x[i] = prev;
    }
    for (let i = n - 2; i >= 0; i--) x[i] -= c[i] * x[i + 1];
    let sx = 0;
    for (let i = 0; i < n; i++) sx += gP[i] * x[i];
    const plateRhs = (th.plateHeatCapacity_J_K / dt) * this.plateTemp_K + heaterToPlate_W - coolingFromPlate_W + th.plateToAmbient_W_K * Tsa;
    // forced air: an extra implicit conductance on the plate row (scalar: only the Schur complement changes)
    const Tp = (plateRhs + gAir * ambient_K + sx) / (this.schurDenom + gAir);
    const toAir = gAir * (Tp - ambient_K);
    let toAmb = th.plateToAmbient_W_K * (Tp - Tsa) + toAir;
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const T = x[i] + y[i] * Tp;
      temp[i] = T;
      toAmb += gA[i] * (T - Tsa);
      if (T < lo) lo = T;
      if (T > hi) hi = T;
      sum += T;
    }
    this.tempMin_K = lo;
    this.tempMax_K = hi;
    this.tempMean_K = sum / n;
    this.plateTemp_K = Tp;
    const L = this.ledger;
    L.toAmbient_J += toAmb * dt;
    L.airCooling_J += toAir * dt;
    L.heaterToPlate_J += heaterToPlate_W * dt;
    L.coolingFromPlate_J += coolingFromPlate_W * dt;
  }

  /** Solve the factored tridiagonal system for right-hand side r into out. */
  private forwardBack(r: Float64Array, out: Float64Array): void {
    const n = this.nUnits;
    const c = this.tdC;
    const d = this.tdD;
    const gc = this.gChain;
    // forward: out holds modified rhs
    for (let i = 0; i < n; i++) {
      const prev = i > 0 ? out[i - 1] : 0;
      const lower = i > 0 ? -gc[i - 1] : 0;
      out[i] = (r[i] - lower * prev) / d[i];
    }
    for (let i = n - 2; i >= 0; i--) out[i] -= c[i] * out[i + 1];
  }

  // scratch of groupHorizonThevenin (per horizon)
  private hzE1 = new Float64Array(0);
  private hzE2 = new Float64Array(0);
  private hzSab = new Float64Array(0);
  private hzS1b = new Float64Array(0);
  /** The horizons hzE1 / hzE2 were computed for. */
  private hzFor: readonly number[] = [];

  /**
   * TRUTH for scoring (sim/engine.ts only, never the BMS): the Thevenin form of series group g over
   * each horizon of `horizons_s` (into `out[h]`) at a constant group current I (positive on discharge), from the true
   * unit states and parameters, with the same linearisation the plant uses over a step:
   *   unit u: V = a_u − b_u·I_u,  a_u = U(z_u, T_u) − v1·e1 − v2·e2,
   *           b_u = R0 + R1·(1 − e1) + R2·(1 − e2) + ∂U/∂z·horizon/Q_u,  e_j = exp(−horizon/τ_j);
   *   units in parallel: a_g = Σ(a_u/b_u)/Σ(1/b_u), b_g = 1/Σ(1/b_u).
   * `out.socDischargeMax_A` / `socChargeMax_A`: the group's charge above SoC 0 / below SoC 1 over
   * the horizon. Parameters as last refreshed (at the unit's temperature and module pressure).
   */
  groupHorizonThevenin(g: number, horizons_s: readonly number[], out: { a_V: number; b_ohm: number; socDischargeMax_A: number; socChargeMax_A: number }[]): void {
    const cell = this.cell;
    const nh = horizons_s.length;
    const e1 = this.hzE1.length >= nh ? this.hzE1 : (this.hzE1 = new Float64Array(nh));
    const e2 = this.hzE2.length >= nh ? this.hzE2 : (this.hzE2 = new Float64Array(nh));
    const sab = this.hzSab.length >= nh ? this.hzSab : (this.hzSab = new Float64Array(nh));
    const s1b = this.hzS1b.length >= nh ? this.hzS1b : (this.hzS1b = new Float64Array(nh));
    // exp(−horizon/τ) depends only on the horizons and the cell's (constant) τ: computed once per
    // horizon list, not once per group and call
    const hzVal = this.hzFor;
    let same = hzVal.length === nh;
    for (let h = 0; same && h < nh; h++) same = hzVal[h] === horizons_s[h];
    if (!same) {
      this.hzFor = horizons_s.slice();
      for (let h = 0; h < nh; h++) {
        e1[h] = Math.exp(-horizons_s[h] / cell.rc.tau1_s);
        e2[h] = Math.exp(-horizons_s[h] / cell.rc.tau2_s);
      }
    }
    for (let h = 0; h < nh; h++) {
      sab[h] = 0;
      s1b[h] = 0;
    }
    const per = this.np * this.nseg;
    let q = 0;
    let qz = 0;
    // each unit's state and parameters once, then its Thevenin form for every horizon
    for (let u = g * per; u < (g + 1) * per; u++) {
      this.freshResistance(u);
      const z = this.soc[u];
      const T = this.temp_K[u];
      const U = ocvPlant(cell.ocvTable, z) + (T - 298.15) * interpUniform(cell.dUdTTable, z);
      const Q = this.capacity_As(u);
      const slopeQ = Math.max(0, ocvSlopePlant(cell.ocvTable, z)) / Q;
      const v1 = this.v1[u];
      const v2 = this.v2[u];
      const r0 = this.r0[u];
      const r1 = this.r1[u];
      const r2 = this.r2[u];
      for (let h = 0; h < nh; h++) {
        const a = U - v1 * e1[h] - v2 * e2[h];
        const b = r0 + r1 * (1 - e1[h]) + r2 * (1 - e2[h]) + slopeQ * horizons_s[h];
        sab[h] += a / b;
        s1b[h] += 1 / b;
      }
      q += Q;
      qz += Q * z;
    }
    const zg = Math.min(1, Math.max(0, qz / q));
    for (let h = 0; h < nh; h++) {
      const o = out[h];
      o.a_V = sab[h] / s1b[h];
      o.b_ohm = 1 / s1b[h];
      o.socDischargeMax_A = (zg * q) / horizons_s[h];
      o.socChargeMax_A = ((1 - zg) * q) / horizons_s[h];
    }
  }

  /** TRUTH for scoring: unit u's series resistance now [Ω] (at its present temperature and pressure). */
  unitR0_ohm(u: number): number {
    this.freshResistance(u);
    return this.r0[u];
  }

  /**
   * Brings unit u's cached parameters to its present temperature and module pressure with the
   * rule `step` uses (|ΔT| > 0.05 K or |Δp| > 2 kPa): between steps the cache still holds the
   * values of the last step's start. Refreshing early gives the values `step` would compute, so
   * the trajectory is unchanged.
   */
  private freshResistance(u: number): void {
    const pm = this.modulePressure_Pa[this.unitModule[u]];
    if (Math.abs(this.temp_K[u] - this.cacheT[u]) > 0.05 || Math.abs(pm - this.cacheP[u]) > 2000) this.refreshResistance(u);
  }

  /**
   * TRUTH for scoring: unit u's series resistance split at its present temperature and module
   * pressure — now, and at beginning of life (no interface growth) [Ω], with the unit's
   * manufacturing factor. Allocates (end-of-run scoring only).
   */
  unitResistanceTruth(u: number): { total_ohm: number; bulk_ohm: number; interface_ohm: number; bolTotal_ohm: number; bolInterface_ohm: number } {
    const T = this.temp_K[u];
    const p = this.modulePressure_Pa[this.unitModule[u]];
    const rf = this.resFactor[u] * this.nseg;
    const now = this.cell.resistance(T, p, this.ageAsr_ohm_m2[u]);
    const bol = this.cell.resistance(T, p, 0);
    const iNow = now.anodeInterface_ohm + now.cathodeInterface_ohm;
    const iBol = bol.anodeInterface_ohm + bol.cathodeInterface_ohm;
    return {
      total_ohm: now.total_ohm * rf,
      bulk_ohm: (now.total_ohm - iNow) * rf,
      interface_ohm: iNow * rf,
      bolTotal_ohm: bol.total_ohm * rf,
      bolInterface_ohm: iBol * rf,
    };
  }

  /** Human label of a unit: cell index (group g, parallel p, segment s). */
  unitLabel(u: number): string {
    const c = Math.floor(u / this.nseg);
    const g = Math.floor(c / this.np);
    const pi = c % this.np;
    const s = u % this.nseg;
    return `#${c} (series ${g + 1}, parallel ${pi + 1}${this.nseg > 1 ? `, segment ${s + 1}` : ''})`;
  }

  /** Electrochemical energy-balance closure: |−ΔH − (terminal + heat + capacitor + ageing)| / throughput. */
  energyBalance(): { released_J: number; accounted_J: number; error_pct: number } {
    const L = this.ledger;
    const released = this.initialEnthalpy_J - this.storedEnthalpy_J();
    const accounted = L.terminalCells_J + L.electrochemicalHeat_J + L.capacitor_J + L.ageingLoss_J;
    const scale = Math.max(L.throughput_J, Math.abs(released), 1);
    return { released_J: released, accounted_J: accounted, error_pct: (100 * Math.abs(released - accounted)) / scale };
  }
}

/**
 * Plant OCV: the tabulated curve inside [0, 1], continued with a steep slope of 100 V per unit SoC
 * outside it, standing for the electrode potentials' plunge past full lithiation/delithiation, so
 * an over-discharged or over-charged cell shows it in its voltage (and protection can see it).
 */
const OCV_EDGE_SLOPE_V = 100;
export function ocvPlant(t: { x0: number; dx: number; y: Float64Array }, z: number): number {
  if (z < 0) return t.y[0] + OCV_EDGE_SLOPE_V * z;
  if (z > 1) return t.y[t.y.length - 1] + OCV_EDGE_SLOPE_V * (z - 1);
  return interpUniform(t, z);
}

/** dOCV/dz of the plant curve [V] (table slope inside, the edge slope outside). */
export function ocvSlopePlant(t: { x0: number; dx: number; y: Float64Array }, z: number): number {
  if (z < 0 || z > 1) return OCV_EDGE_SLOPE_V;
  return slopeUniform(t, z);
}

/** Stored enthalpy per unit charge G(z), continued outside [0, 1] consistently with `ocvPlant`. */
export function enthalpyPlant(t: { x0: number; dx: number; y: Float64Array }, uh0: number, uh1: number, z: number): number {
  if (z < 0) return uh0 * z + 0.5 * OCV_EDGE_SLOPE_V * z * z;
  if (z > 1) return t.y[t.y.length - 1] + uh1 * (z - 1) + 0.5 * OCV_EDGE_SLOPE_V * (z - 1) * (z - 1);
  return interpUniform(t, z);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * SoC below which a short's current tapers (assumed, 5 %): an internal short drains its cell, and
 * an empty cell's voltage collapses, which the OCV tables (defined on 0…1) do not reach. Below it
 * the short resistance is scaled by SHORT_TAPER_SOC / SoC, so the short current falls in
 * proportion to the remaining charge and the cell approaches empty without passing it.
 */
const SHORT_TAPER_SOC = 0.05;

function shortEffective_ohm(r_ohm: number, soc: number): number {
  if (r_ohm === Infinity || soc >= SHORT_TAPER_SOC) return r_ohm;
  return (r_ohm * SHORT_TAPER_SOC) / Math.max(soc, 1e-6);
}
