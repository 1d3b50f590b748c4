import { GAS_CONSTANT_J_per_molK } from '../../units/index.js';

/**
 * Empirical, Arrhenius-accelerated ageing: capacity fade and interfacial-resistance growth.
 *
 * Capacity fade (fraction of initial capacity):
 *   calendar  q_cal = k_cal · a_T(Ea_cal) · s(z) · √t            (√t: SEI / interphase growth is
 *             diffusion-limited; Schmalstieg et al., J. Power Sources 257 (2014) 325)
 *   cycle     dq_cyc = k_cyc · a_T(Ea_cyc) · c(I) · l(T) · |I|·dt / Q0      (∝ Ah throughput)
 *   with a_T(Ea) = exp(−Ea/R·(1/T − 1/T_ref)) and the SoC stress s (faster at high SoC), one of
 *     - linear in the open-circuit voltage held, s = (U − U_0)/(U_ref − U_0) ≥ 0 with U_ref the
 *       cell's OCV at 50 % SoC and 25 °C (Schmalstieg et al. 2014: calendar α_cap ∝ 7.543·V − 23.75,
 *       i.e. zero at U_0 = 3.149 V, for NMC/graphite storage at 0–100 % SoC), when `calendarVoltageZero_V` is set;
 *     - else exponential in SoC, s(z) = exp(socStress·(z − 0.5)) (assumed),
 *   c(I) = 1 + cRateStress·max(0, C − 1) (stronger at high C-rate) and a low-temperature
 *   factor l(T) = exp(lowTempEa/R·(1/T − 1/T_ref)) below T_ref (plating / contact loss in the cold;
 *   Waldmann et al., J. Power Sources 262 (2014) 129). Q(t) = Q0·e^(−αt) (seed 003) is the special
 *   case of constant conditions with a linear rate.
 *
 * Interfacial resistance growth (area-specific, Ω·m²):
 *   ΔASR = k_int,t · a_T(Ea_int) · √t + k_int,Ah · Ah-throughput density,
 *   doubled while the stack pressure is below the contact-loss pressure (assumption). The √t law
 *   follows Wenzel et al., Solid State Ionics 318 (2018) 102 (diffusion-limited interphase growth).
 *
 * A √t law under varying conditions is integrated with the "equivalent time" method: the current
 * rate constant k gives an equivalent age t_eq = (q/k)², and q_new = k·√(t_eq + dt). This is exact
 * for constant conditions and for any dt, so parking can take long steps. The pack evaluates k at
 * the SoC, OCV and temperature held on average over each ageing interval (≥ 300 s), not at the
 * interval's end.
 */
export interface AgeingParams {
  temp_ref_K: number;
  /** Calendar fade coefficient [1/√s] at T_ref and z = 0.5. */
  calendar_1_sqrt_s: number;
  calendarEa_J_mol: number;
  /** Exponent of the exponential SoC stress (used when `calendarVoltageZero_V` is null). */
  socStress: number;
  /** OCV at which the linear voltage stress of the calendar fade is zero [V]; null = exponential SoC stress. */
  calendarVoltageZero_V: number | null;
  /** The cell's OCV at 50 % SoC and T_ref [V]: the voltage stress is 1 there. */
  calendarVoltageRef_V: number;
  /** Cycle fade per equivalent full cycle (fraction) at 1C and T_ref. */
  cyclePerEfc: number;
  cycleEa_J_mol: number;
  cRateStress: number;
  lowTempEa_J_mol: number;
  /** Interface growth coefficients. */
  interfaceGrowth_ohm_m2_per_sqrt_s: number;
  interfaceEa_J_mol: number;
  interfaceGrowth_ohm_m2_per_Ah_m2: number;
}

/**
 * Highest temperature [K] (100 °C) at which the empirical ageing laws are evaluated; hotter cells
 * age as at 100 °C. Assumed: the laws are fitted to tests at ≤ 50–60 °C (Schmalstieg et al. 2014
 * store up to 50 °C), and far above that the runaway model, not calendar ageing, describes the
 * cell. 100 °C stays above the polymer cells' operating window (55–75 °C); without a cap, the
 * Arrhenius factor at runaway temperatures (≈ 10⁸ at 1500 K) would fade the whole capacity within
 * one ageing interval.
 */
export const AGEING_LAW_MAX_TEMP_K = 373.15;

/** Arrhenius factor relative to T_ref. */
export function arrheniusFactor(ea_J_mol: number, temp_K: number, tempRef_K: number): number {
  return Math.exp((-ea_J_mol / GAS_CONSTANT_J_per_molK) * (1 / temp_K - 1 / tempRef_K));
}

/** Advance a √t-law quantity q with current rate constant k [unit/√s] over dt. */
export function sqrtLawStep(q: number, k: number, dt_s: number): number {
  if (k <= 0) return q;
  const tEq = (q / k) * (q / k);
  return k * Math.sqrt(tEq + dt_s);
}

/** Calendar SoC stress [-] (1 at 50 % SoC): linear in the OCV held when the voltage law is set, else exp(socStress·(z − 0.5)). */
export function calendarSocStress(p: AgeingParams, soc: number, ocv_V: number): number {
  const v0 = p.calendarVoltageZero_V;
  if (v0 === null) return Math.exp(p.socStress * (soc - 0.5));
  return Math.max(0, ocv_V - v0) / (p.calendarVoltageRef_V - v0);
}

/** Calendar rate constant [1/√s] at temperature, SoC and the OCV held there. */
export function calendarRate(p: AgeingParams, temp_K: number, soc: number, ocv_V: number): number {
  return p.calendar_1_sqrt_s * arrheniusFactor(p.calendarEa_J_mol, temp_K, p.temp_ref_K) * calendarSocStress(p, soc, ocv_V);
}

/** Cycle fade increment for a current magnitude |I| [A] over dt on a cell of capacity Q0 [A·s]. */
export function cycleFadeIncrement(p: AgeingParams, currentAbs_A: number, temp_K: number, capacity0_As: number, dt_s: number): number {
  if (currentAbs_A === 0) return 0;
  const cRate = (currentAbs_A * 3600) / capacity0_As;
  const stress = 1 + p.cRateStress * Math.max(0, cRate - 1);
  let aT = arrheniusFactor(p.cycleEa_J_mol, temp_K, p.temp_ref_K);
  if (temp_K < p.temp_ref_K) aT *= Math.exp((p.lowTempEa_J_mol / GAS_CONSTANT_J_per_molK) * (1 / temp_K - 1 / p.temp_ref_K));
  // one equivalent full cycle = 2·Q0 of throughput
  return (p.cyclePerEfc * aT * stress * currentAbs_A * dt_s) / (2 * capacity0_As);
}
