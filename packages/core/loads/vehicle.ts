/**
 * Vehicle longitudinal load: drive-cycle speed → wheel power → battery power.
 *
 * Road load (Guzzella & Sciarretta, "Vehicle Propulsion Systems", 3rd ed., Springer 2013, §2.1):
 *   F [N] = m·a·k_rot + m·g·(C_rr·cos θ + sin θ) + ½·ρ·C_d·A·v²,   P_wheel [W] = v·F.
 * With the ambient temperature known (a run always knows it), the air density is the ideal-gas
 * density ρ = p/(R_air·T) at that temperature and the vehicle's air pressure (sea level unless
 * given), unless the vehicle fixes ρ; and C_rr, given at the tyre-test reference 25 °C, follows the
 * ambient with the ISO 28580 / UN R117 temperature correction (`rollingResistanceTempFactor`).
 * Battery side: traction P_batt = P_wheel / η_dt; braking P_batt = −min(η_regen·|P_wheel|, P_regen,max)
 * above a minimum speed (friction brakes take the rest). Auxiliaries and HVAC add to P_batt.
 * Battery power is positive on discharge.
 */
import { InputError } from '../errors.js';
import { cToK } from '../units/index.js';
import { sampleTrace, type SpeedTrace } from './epa.js';

/** Standard gravity [m/s²] (CGPM 1901, exact). */
export const STANDARD_GRAVITY_m_s2 = 9.80665;
/** Specific gas constant of dry air [J/(kg·K)] (ISO 2533:1975 Standard Atmosphere). */
export const DRY_AIR_GAS_CONSTANT_J_per_kgK = 287.05287;
/** Sea-level air pressure [Pa] of the ISO 2533:1975 Standard Atmosphere. */
export const SEA_LEVEL_PRESSURE_Pa = 101325;
/** Sea-level temperature [K] of the ISO 2533:1975 Standard Atmosphere (15 °C): ρ = 1.225 kg/m³. */
export const SEA_LEVEL_TEMP_K = 288.15;
/**
 * Reference temperature [K] of tyre rolling-resistance coefficients (25 °C): ISO 28580 and UN
 * Regulation No. 117, Annex 6 §6.2 correct every measurement to 25 °C, and the EU tyre label
 * (Regulation (EU) 2020/740) grades that corrected value.
 */
export const ROLLING_RESISTANCE_REF_TEMP_K = 298.15;
/**
 * Below this ambient [K] (−40 °C) the rolling-resistance temperature factor is held at its −40 °C
 * value (2.08): assumed. The standard's linear correction is defined for 20–30 °C only and
 * diverges at −100 °C; −40 °C is taken as the coldest ambient a car is driven in.
 */
export const ROLLING_RESISTANCE_MIN_TEMP_K = 233.15;

export interface VehicleParams {
  /**
   * Test mass [kg] (curb mass + load): in a run, the glider (`DEFAULT_GLIDER_MASS_kg` or the
   * scenario's `vehicle.glider_mass_kg`) + the pack's mass, unless the scenario fixes the total.
   */
  mass_kg: number;
  /** Equivalent-mass factor for rotating inertia, k_rot ≥ 1 [-]. */
  rotationalMassFactor: number;
  frontalArea_m2: number;
  dragCoefficient: number;
  /** Rolling-resistance coefficient C_rr [-] at the tyre-test reference 25 °C (ROLLING_RESISTANCE_REF_TEMP_K). */
  rollingResistanceCoeff: number;
  /**
   * Temperature coefficient K_t [1/K] of rolling resistance: F_25 = F_t·(1 + K_t·(t − 25 °C))
   * (ISO 28580 / UN R117 Annex 6 §6.2); 0 = C_rr independent of the ambient.
   */
  rollingResistanceTempCoeff_per_K: number;
  /** Battery-to-wheel efficiency in traction (inverter, motor, gear) [-]. */
  drivetrainEfficiency: number;
  /** Wheel-to-battery efficiency in regeneration [-]. */
  regenEfficiency: number;
  /** Largest regenerative charging power at the battery [W]. */
  maxRegenPower_W: number;
  /** Below this speed [m/s] regeneration is off and friction brakes stop the car. */
  regenMinSpeed_m_s: number;
  /** Largest traction power at the wheels [W]; demand above it is reported as unmet. */
  maxTractionPower_W: number;
  /** Constant low-voltage load: 12 V system, electronics, pumps [W]. */
  auxiliaryBase_W: number;
  hvac: {
    cabinSetpoint_K: number;
    /** Cabin heat-loss conductance including ventilation air [W/K]. */
    cabinUA_W_K: number;
    /** Heating COP of a heat pump; null = resistive PTC heater (COP = 1). */
    heatPumpCOP: number | null;
    coolingCOP: number;
    /** Largest heat delivered to the cabin [W, thermal]. */
    maxHeating_W: number;
    /** Largest heat removed from the cabin [W, thermal]. */
    maxCooling_W: number;
    /** Effective glazing area × solar transmittance [m²]: solar gain = this × irradiance. */
    solarCabinGain_m2: number;
  };
  /**
   * Air density [kg/m³], fixed; null = the ideal-gas density at the ambient temperature and
   * `airPressure_Pa` (a chassis dynamometer's road load, set once, is the case for a fixed value).
   */
  airDensity_kg_m3: number | null;
  /** Ambient air pressure [Pa] for the density (lower at altitude: ≈ 89.9 kPa at 1000 m, ISO 2533). */
  airPressure_Pa: number;
}

/**
 * The default vehicle without its battery pack, the EPA test load included [kg]: 1404 kg glider +
 * 136 kg (300 lb) load of the EPA "loaded vehicle weight" (40 CFR 86.1803-01). The glider is
 * DEFAULT_VEHICLE's assumed 1760 kg curb mass less a pack of ≈ 360 kg, chosen so the default pack
 * (96s3p of the oxide preset with its housing, BMS and cooling: ≈ 365 kg, pack/breakdown.ts) gives
 * ≈ 1900 kg as before; published mid-size BEVs carry 350–550 kg packs in 1.6–2.1 t (e.g. Tesla
 * Model 3 Long Range: ≈ 480 kg pack in 1.85 t, assumed from teardown reports).
 */
export const DEFAULT_GLIDER_MASS_kg = 1540;

/**
 * A mid-size battery-electric car (sedan/crossover class). Sources per field:
 * - mass_kg 1900 (used only where no pack is given; a run uses DEFAULT_GLIDER_MASS_kg + the
 *   pack's mass): assumed curb mass 1760 kg (mid-size BEVs publish 1600–2100 kg, e.g. Tesla
 *   Model 3 Long Range 1.8 t) + 136 kg (300 lb) test load of the EPA "loaded vehicle weight"
 *   (40 CFR 86.1803-01).
 * - rotationalMassFactor 1.05: assumed; single-ratio EV drivetrains add a few percent equivalent
 *   mass (Guzzella & Sciarretta 2013, §2.1.4).
 * - frontalArea_m2 2.3, dragCoefficient 0.25: assumed; published C_d of current mid-size BEVs is
 *   0.21–0.29 (Hyundai Ioniq 6 0.21, Tesla Model 3 0.23, VW ID.3 0.267), frontal areas 2.2–2.5 m².
 * - rollingResistanceCoeff 0.009: assumed; EU tyre label class C for C1 tyres is 7.8–9.0 N/kN
 *   (Regulation (EU) 2020/740, Annex I), a value at 25 °C.
 * - rollingResistanceTempCoeff_per_K 0.008: K_t for class C1 (passenger-car) tyres, UN Regulation
 *   No. 117, Annex 6 §6.2, as aligned with ISO 28580 (ETRTO proposal for Supplement 3 to the 02
 *   series, UNECE Working Party on Noise, 56th session, September 2012). The standard allows the
 *   correction over 20–30 °C only; below that it is extrapolated (×1.34 at −7 °C, ×1.56 at
 *   −20 °C), a linear extrapolation that is the model's assumption, not a measurement.
 * - drivetrainEfficiency 0.88, regenEfficiency 0.85: assumed cycle averages of inverter × motor ×
 *   gear (each 0.93–0.98 at mid load, lower at light load).
 * - maxRegenPower_W 60 kW, regenMinSpeed_m_s 1.4 (≈ 5 km/h), maxTractionPower_W 150 kW: assumed,
 *   typical of mid-size single-motor BEVs.
 * - auxiliaryBase_W 300: assumed; low-voltage loads of EVs are typically 200–400 W.
 * - hvac.cabinSetpoint_K 295.15 (22 °C): assumed comfort setpoint (ASHRAE 55 comfort range).
 * - hvac.cabinUA_W_K 120: assumed; gives ≈ 3.8 kW of heat at −10 °C, the order of the 3–5 kW
 *   cabin-heater draws measured on BEVs in cold-weather dynamometer tests.
 * - hvac.heatPumpCOP null (resistive PTC), coolingCOP 2.5, maxHeating_W 6 kW, maxCooling_W 5 kW:
 *   assumed; automotive R-1234yf air conditioning runs at COP ≈ 2–3, PTC heaters are rated 5–7 kW.
 * - hvac.solarCabinGain_m2 1.0: assumed, ≈ 3 m² glazing × 0.35 effective transmittance.
 * - airDensity_kg_m3 null: from the ambient temperature (ideal gas, `airDensity_kg_m3()`), so the
 *   aerodynamic drag is 16 % higher at −20 °C than at +20 °C.
 * - airPressure_Pa 101325: ISO 2533 Standard Atmosphere at sea level.
 */
export const DEFAULT_VEHICLE: VehicleParams = {
  mass_kg: 1900,
  rotationalMassFactor: 1.05,
  frontalArea_m2: 2.3,
  dragCoefficient: 0.25,
  rollingResistanceCoeff: 0.009,
  rollingResistanceTempCoeff_per_K: 0.008,
  drivetrainEfficiency: 0.88,
  regenEfficiency: 0.85,
  maxRegenPower_W: 60e3,
  regenMinSpeed_m_s: 1.4,
  maxTractionPower_W: 150e3,
  auxiliaryBase_W: 300,
  hvac: {
    cabinSetpoint_K: cToK(22),
    cabinUA_W_K: 120,
    heatPumpCOP: null,
    coolingCOP: 2.5,
    maxHeating_W: 6000,
    maxCooling_W: 5000,
    solarCabinGain_m2: 1.0,
  },
  airDensity_kg_m3: null,
  airPressure_Pa: SEA_LEVEL_PRESSURE_Pa,
};

/** Ideal-gas air density ρ = p / (R_air·T) [kg/m³] for pressure [Pa] and temperature [K]. */
export function airDensity_kg_m3(temp_K: number, pressure_Pa = SEA_LEVEL_PRESSURE_Pa): number {
  if (!(temp_K > 0) || !Number.isFinite(temp_K)) throw new InputError('temperature must be a finite number > 0 K', { field: 'temp_K', value: temp_K });
  if (!(pressure_Pa > 0) || !Number.isFinite(pressure_Pa)) throw new InputError('pressure must be a finite number > 0 Pa', { field: 'pressure_Pa', value: pressure_Pa });
  return pressure_Pa / (DRY_AIR_GAS_CONSTANT_J_per_kgK * temp_K);
}

/**
 * Rolling resistance at ambient t relative to 25 °C [-]: the inverse of the ISO 28580 / UN R117
 * Annex 6 §6.2 correction F_25 = F_t·(1 + K_t·(t − 25)), i.e. F_t/F_25 = 1/(1 + K_t·(t − 25));
 * the ambient is held at ≥ −40 °C (ROLLING_RESISTANCE_MIN_TEMP_K, assumed). The standard measures
 * a tyre warmed up at that ambient (after its warm-up run), so this is the warmed-up value: the
 * extra loss of a cold-soaked tyre in its first minutes is not modelled.
 */
export function rollingResistanceTempFactor(ambient_K: number, tempCoeff_per_K: number): number {
  if (!(ambient_K > 0) || !Number.isFinite(ambient_K)) throw new InputError('ambient temperature must be a finite number > 0 K', { field: 'ambient_K', value: ambient_K });
  const dT_K = Math.max(ambient_K, ROLLING_RESISTANCE_MIN_TEMP_K) - ROLLING_RESISTANCE_REF_TEMP_K;
  const denom = 1 + tempCoeff_per_K * dT_K;
  if (!(denom > 0))
    throw new InputError('rolling-resistance temperature coefficient too large for this ambient (the factor would be ≤ 0)', { field: 'rollingResistanceTempCoeff_per_K', value: tempCoeff_per_K });
  return 1 / denom;
}

/** Air density [kg/m³] the road load uses: the fixed one, else ideal gas at the ambient (15 °C without one). */
export function roadAirDensity_kg_m3(p: VehicleParams, ambient_K: number | undefined): number {
  return p.airDensity_kg_m3 ?? airDensity_kg_m3(ambient_K ?? SEA_LEVEL_TEMP_K, p.airPressure_Pa);
}

/** Rolling-resistance coefficient [-] at the ambient (its 25 °C value without one). */
export function rollingResistanceAt(p: VehicleParams, ambient_K: number | undefined): number {
  return ambient_K === undefined ? p.rollingResistanceCoeff : p.rollingResistanceCoeff * rollingResistanceTempFactor(ambient_K, p.rollingResistanceTempCoeff_per_K);
}

/** Throws InputError on a physically meaningless parameter set; `source` names where it came from. */
export function validateVehicle(p: VehicleParams, source = 'vehicle'): void {
  const positive: [string, number][] = [
    ['mass_kg', p.mass_kg],
    ['frontalArea_m2', p.frontalArea_m2],
    ['airPressure_Pa', p.airPressure_Pa],
    ['maxTractionPower_W', p.maxTractionPower_W],
    ['hvac.cabinSetpoint_K', p.hvac.cabinSetpoint_K],
    ['hvac.coolingCOP', p.hvac.coolingCOP],
  ];
  const nonNegative: [string, number][] = [
    ['dragCoefficient', p.dragCoefficient],
    ['rollingResistanceCoeff', p.rollingResistanceCoeff],
    ['rollingResistanceTempCoeff_per_K', p.rollingResistanceTempCoeff_per_K],
    ['maxRegenPower_W', p.maxRegenPower_W],
    ['regenMinSpeed_m_s', p.regenMinSpeed_m_s],
    ['auxiliaryBase_W', p.auxiliaryBase_W],
    ['hvac.cabinUA_W_K', p.hvac.cabinUA_W_K],
    ['hvac.maxHeating_W', p.hvac.maxHeating_W],
    ['hvac.maxCooling_W', p.hvac.maxCooling_W],
    ['hvac.solarCabinGain_m2', p.hvac.solarCabinGain_m2],
  ];
  for (const [field, v] of positive) if (!(Number.isFinite(v) && v > 0)) throw new InputError('must be a finite number > 0', { file: source, field, value: v });
  for (const [field, v] of nonNegative) if (!(Number.isFinite(v) && v >= 0)) throw new InputError('must be a finite number ≥ 0', { file: source, field, value: v });
  if (p.airDensity_kg_m3 !== null && !(Number.isFinite(p.airDensity_kg_m3) && p.airDensity_kg_m3 > 0)) {
    throw new InputError('must be a finite number > 0 or null (from the ambient temperature)', { file: source, field: 'airDensity_kg_m3', value: p.airDensity_kg_m3 });
  }
  if (!(p.rotationalMassFactor >= 1 && Number.isFinite(p.rotationalMassFactor))) {
    throw new InputError('must be ≥ 1', { file: source, field: 'rotationalMassFactor', value: p.rotationalMassFactor });
  }
  for (const [field, v] of [
    ['drivetrainEfficiency', p.drivetrainEfficiency],
    ['regenEfficiency', p.regenEfficiency],
  ] as const) {
    if (!(v > 0 && v <= 1)) throw new InputError('efficiency must be in (0, 1]', { file: source, field, value: v });
  }
  if (p.hvac.heatPumpCOP !== null && !(Number.isFinite(p.hvac.heatPumpCOP) && p.hvac.heatPumpCOP > 0)) {
    throw new InputError('must be > 0 or null (resistive heater)', { file: source, field: 'hvac.heatPumpCOP', value: p.hvac.heatPumpCOP });
  }
}

function checkSpeed(speed_m_s: number): void {
  if (!(speed_m_s >= 0) || !Number.isFinite(speed_m_s)) throw new InputError('speed must be a finite number ≥ 0', { field: 'speed_m_s', value: speed_m_s });
}

/**
 * Tractive force at the wheels F = m·a·k_rot + m·g·(C_rr·cos θ + sin θ) + ½ρ·C_d·A·v² [N]; grade θ [rad], positive uphill.
 * With `ambient_K`, ρ and C_rr are those of that ambient (`roadAirDensity_kg_m3`, `rollingResistanceAt`);
 * without, the fixed ρ (or 15 °C) and C_rr at 25 °C.
 */
export function roadLoadForce_N(speed_m_s: number, accel_m_s2: number, grade_rad: number, p: VehicleParams, ambient_K?: number): number {
  checkSpeed(speed_m_s);
  if (!Number.isFinite(accel_m_s2)) throw new InputError('acceleration must be finite', { field: 'accel_m_s2', value: accel_m_s2 });
  if (!Number.isFinite(grade_rad)) throw new InputError('grade must be finite', { field: 'grade_rad', value: grade_rad });
  const m = p.mass_kg;
  return (
    m * accel_m_s2 * p.rotationalMassFactor +
    m * STANDARD_GRAVITY_m_s2 * (rollingResistanceAt(p, ambient_K) * Math.cos(grade_rad) + Math.sin(grade_rad)) +
    0.5 * roadAirDensity_kg_m3(p, ambient_K) * p.dragCoefficient * p.frontalArea_m2 * speed_m_s * speed_m_s
  );
}

/** Wheel power P = v·F [W]; positive = traction, negative = braking; `ambient_K` as in `roadLoadForce_N`. */
export function wheelPower_W(speed_m_s: number, accel_m_s2: number, grade_rad: number, p: VehicleParams, ambient_K?: number): number {
  return speed_m_s * roadLoadForce_N(speed_m_s, accel_m_s2, grade_rad, p, ambient_K);
}

/**
 * Battery power for a wheel power (positive = traction, battery discharging): traction / η_drivetrain; braking: regen × η, limited.
 * Traction: P_batt = min(P_wheel, P_trac,max) / η_dt; demand above P_trac,max is `unmetTraction_W` (wheel side).
 * Braking (P_wheel < 0): below `regenMinSpeed_m_s` all goes to friction; else
 * P_batt = −min(η_regen·|P_wheel|, P_regen,max) and friction takes |P_wheel| − |P_batt|/η_regen. [W]
 */
export function batteryPowerForWheel_W(wheel_W: number, speed_m_s: number, p: VehicleParams): { battery_W: number; frictionBrake_W: number; unmetTraction_W: number } {
  if (!Number.isFinite(wheel_W)) throw new InputError('wheel power must be finite', { field: 'wheel_W', value: wheel_W });
  checkSpeed(speed_m_s);
  if (wheel_W >= 0) {
    const delivered_W = Math.min(wheel_W, p.maxTractionPower_W);
    return { battery_W: delivered_W / p.drivetrainEfficiency, frictionBrake_W: 0, unmetTraction_W: wheel_W - delivered_W };
  }
  const braking_W = -wheel_W;
  if (speed_m_s < p.regenMinSpeed_m_s) return { battery_W: 0, frictionBrake_W: braking_W, unmetTraction_W: 0 };
  const regen_W = Math.min(braking_W * p.regenEfficiency, p.maxRegenPower_W);
  return { battery_W: -regen_W, frictionBrake_W: braking_W - regen_W / p.regenEfficiency, unmetTraction_W: 0 };
}

/**
 * Electrical HVAC power to hold the cabin setpoint: steady-state heat balance UA·(T_set − T_amb) − solar gain; heat pump COP or resistive; cooling COP.
 * Q [W] = UA·(T_set − T_amb) − A_sol·G. Q > 0: heating, P = min(Q, Q_heat,max)/COP_heat (COP 1 for
 * a PTC heater); Q < 0: cooling, P = min(−Q, Q_cool,max)/COP_cool. Returns P ≥ 0 [W].
 */
export function hvacPower_W(ambient_K: number, solar_W_m2: number, p: VehicleParams): number {
  if (!(ambient_K > 0) || !Number.isFinite(ambient_K)) throw new InputError('ambient temperature must be a finite number > 0 K', { field: 'ambient_K', value: ambient_K });
  if (!(solar_W_m2 >= 0) || !Number.isFinite(solar_W_m2)) throw new InputError('solar irradiance must be a finite number ≥ 0', { field: 'solar_W_m2', value: solar_W_m2 });
  const h = p.hvac;
  const q_W = h.cabinUA_W_K * (h.cabinSetpoint_K - ambient_K) - h.solarCabinGain_m2 * solar_W_m2;
  if (q_W > 0) return Math.min(q_W, h.maxHeating_W) / (h.heatPumpCOP ?? 1);
  if (q_W < 0) return Math.min(-q_W, h.maxCooling_W) / h.coolingCOP;
  return 0;
}

/** Conditions along a drive: constant grade [rad], ambient [K], irradiance [W/m²], HVAC on/off. */
export interface DriveConditions {
  grade_rad?: number;
  ambient_K?: number;
  solar_W_m2?: number;
  hvacOn?: boolean;
}

/** Battery power [W] at time t of a trace: vehicle + auxiliaries + HVAC (HVAC only if `hvacOn` and ambient given). */
export function driveBatteryPower_W(trace: SpeedTrace, time_s: number, p: VehicleParams, cond: DriveConditions = {}): number {
  const { speed_m_s, accel_m_s2 } = sampleTrace(trace, time_s);
  const wheel_W = wheelPower_W(speed_m_s, accel_m_s2, cond.grade_rad ?? 0, p, cond.ambient_K);
  const hvac_W = cond.hvacOn !== false && cond.ambient_K !== undefined ? hvacPower_W(cond.ambient_K, cond.solar_W_m2 ?? 0, p) : 0;
  return batteryPowerForWheel_W(wheel_W, speed_m_s, p).battery_W + p.auxiliaryBase_W + hvac_W;
}

/** Energies [J] over a drive; `battery_J` = ∫P_batt dt (discharge positive). */
export interface DriveEnergy {
  distance_m: number;
  duration_s: number;
  wheelTraction_J: number;
  wheelBraking_J: number;
  batteryTraction_J: number;
  regen_J: number;
  frictionBrake_J: number;
  unmetTraction_J: number;
  auxiliary_J: number;
  hvac_J: number;
  battery_J: number;
}

/**
 * Integrates a whole trace with the midpoint rule on sub-steps of at most `maxStep_s` inside each
 * trace segment. On piecewise-linear speed the midpoint rule is exact for distance, for inertial
 * energy (v·a integrates to ½Δv²) and for rolling resistance; aerodynamic v³ carries O(dt²) error.
 */
export function driveEnergy(trace: SpeedTrace, p: VehicleParams, cond: DriveConditions = {}, maxStep_s = 1): DriveEnergy {
  if (!(maxStep_s > 0)) throw new InputError('step must be > 0 s', { field: 'maxStep_s', value: maxStep_s });
  const grade_rad = cond.grade_rad ?? 0;
  const hvac_W = cond.hvacOn !== false && cond.ambient_K !== undefined ? hvacPower_W(cond.ambient_K, cond.solar_W_m2 ?? 0, p) : 0;
  const e: DriveEnergy = {
    distance_m: 0,
    duration_s: 0,
    wheelTraction_J: 0,
    wheelBraking_J: 0,
    batteryTraction_J: 0,
    regen_J: 0,
    frictionBrake_J: 0,
    unmetTraction_J: 0,
    auxiliary_J: 0,
    hvac_J: 0,
    battery_J: 0,
  };
  for (let i = 0; i + 1 < trace.time_s.length; i++) {
    const t0 = trace.time_s[i];
    const seg_s = trace.time_s[i + 1] - t0;
    const n = Math.max(1, Math.ceil(seg_s / maxStep_s - 1e-9));
    const dt_s = seg_s / n;
    const accel_m_s2 = (trace.speed_m_s[i + 1] - trace.speed_m_s[i]) / seg_s;
    for (let k = 0; k < n; k++) {
      const speed_m_s = trace.speed_m_s[i] + accel_m_s2 * (k + 0.5) * dt_s;
      const wheel_W = wheelPower_W(speed_m_s, accel_m_s2, grade_rad, p, cond.ambient_K);
      const b = batteryPowerForWheel_W(wheel_W, speed_m_s, p);
      e.distance_m += speed_m_s * dt_s;
      if (wheel_W >= 0) {
        e.wheelTraction_J += wheel_W * dt_s;
        e.batteryTraction_J += b.battery_W * dt_s;
      } else {
        e.wheelBraking_J -= wheel_W * dt_s;
        e.regen_J -= b.battery_W * dt_s;
      }
      e.frictionBrake_J += b.frictionBrake_W * dt_s;
      e.unmetTraction_J += b.unmetTraction_W * dt_s;
      e.auxiliary_J += p.auxiliaryBase_W * dt_s;
      e.hvac_J += hvac_W * dt_s;
      e.battery_J += (b.battery_W + p.auxiliaryBase_W + hvac_W) * dt_s;
    }
    e.duration_s += seg_s;
  }
  return e;
}
