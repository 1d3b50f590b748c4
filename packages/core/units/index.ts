/**
 * Physical constants (CODATA 2018) and unit conversions. Everything inside the core is SI;
 * these helpers convert only at the edges (input files, reports).
 */
export const FARADAY_C_per_mol = 96485.33212;
export const GAS_CONSTANT_J_per_molK = 8.314462618;
export const BOLTZMANN_eV_per_K = 8.617333262e-5;
export const ZERO_C_K = 273.15;

export const cToK = (temp_C: number): number => temp_C + ZERO_C_K;
export const kToC = (temp_K: number): number => temp_K - ZERO_C_K;
export const ahToCoulomb = (charge_Ah: number): number => charge_Ah * 3600;
export const coulombToAh = (charge_C: number): number => charge_C / 3600;
export const jToWh = (energy_J: number): number => energy_J / 3600;
export const jToKWh = (energy_J: number): number => energy_J / 3.6e6;
export const whToJ = (energy_Wh: number): number => energy_Wh * 3600;
export const mpaToPa = (p_MPa: number): number => p_MPa * 1e6;
export const paToMPa = (p_Pa: number): number => p_Pa / 1e6;
export const umToM = (x_um: number): number => x_um * 1e-6;
export const cm2ToM2 = (a_cm2: number): number => a_cm2 * 1e-4;
/** Conductivity: 1 mS/cm = 0.1 S/m. */
export const mScmToSm = (sigma_mS_cm: number): number => sigma_mS_cm * 0.1;
/** Area-specific resistance: 1 Ω·cm² = 1e-4 Ω·m². */
export const ohmCm2ToOhmM2 = (asr_ohm_cm2: number): number => asr_ohm_cm2 * 1e-4;
/** Current density: 1 mA/cm² = 10 A/m². */
export const mAcm2ToAm2 = (j_mA_cm2: number): number => j_mA_cm2 * 10;
export const am2ToMAcm2 = (j_A_m2: number): number => j_A_m2 / 10;
export const mphToMs = (v_mph: number): number => v_mph * 0.44704;
export const kmhToMs = (v_kmh: number): number => v_kmh / 3.6;

/**
 * The range of a plausible temperature written in °C anywhere in an input file [°C]: every
 * ambient, chamber, coolant and thermostat setting. −80 °C is below the coldest storage or test
 * temperature of a battery standard (MIL-STD-810H method 502.7 goes to −51 °C; the lowest ambient
 * of an inhabited place, Oymyakon, −67.7 °C); +200 °C is above the hot-box test (UL 1642 / IEC
 * 62133: 130 °C; SAE J2464 goes to 300 °C only for runaway onset, which is a cell property, not a
 * setting). A value between 200 and 400 is most likely a temperature in kelvin (25 °C = 298.15 K).
 */
export const PLAUSIBLE_CELSIUS_RANGE = { min_C: -80, max_C: 200 } as const;

/**
 * Why a temperature written in °C cannot be one ("looks like kelvin"), or null when it is in
 * PLAUSIBLE_CELSIUS_RANGE.
 */
export function celsiusProblem(temp_C: number): string | null {
  const { min_C, max_C } = PLAUSIBLE_CELSIUS_RANGE;
  if (temp_C >= min_C && temp_C <= max_C) return null;
  const hint = temp_C > max_C && temp_C < 400 ? `: ${temp_C} looks like kelvin (${Math.round((temp_C - ZERO_C_K) * 100) / 100} °C?)` : '';
  return `a temperature in °C must be within ${min_C < 0 ? `−${-min_C}` : min_C}…+${max_C} °C${hint}`;
}

/**
 * Why a capacity given in Ah disagrees with the one the data measured, or null when the two agree
 * within `tolerance` (relative). Names the likely mistake: a figure 500–2000× the measured one is
 * in mAh ("2900 Ah looks like mAh (2.9 Ah?)").
 */
export function capacityMismatch(given_Ah: number, measured_Ah: number, tolerance: number): string | null {
  if (!(measured_Ah > 0) || Math.abs(given_Ah / measured_Ah - 1) <= tolerance) return null;
  const ratio = given_Ah / measured_Ah;
  const pct = Math.round(Math.abs(ratio - 1) * 100);
  const g = +given_Ah.toPrecision(6); // a model's capacity is computed: 57.1925, not 57.19251037499999
  if (ratio >= 500 && ratio <= 2000) return `${g} Ah looks like mAh (${+(given_Ah / 1000).toPrecision(6)} Ah?): the data measure ${measured_Ah.toFixed(3)} Ah`;
  return `${g} Ah differs from the ${measured_Ah.toFixed(3)} Ah the data measure by ${ratio > 2 || ratio < 0.5 ? `a factor ${(ratio > 1 ? ratio : 1 / ratio).toFixed(1)}` : `${pct} %`}`;
}

/**
 * Why a temperature written in kelvin cannot be one ("looks like °C"), or null when it is in
 * PLAUSIBLE_CELSIUS_RANGE converted to kelvin (193.15…473.15 K).
 */
export function kelvinProblem(temp_K: number): string | null {
  const { min_C, max_C } = PLAUSIBLE_CELSIUS_RANGE;
  const lo = Math.round((min_C + ZERO_C_K) * 100) / 100;
  const hi = Math.round((max_C + ZERO_C_K) * 100) / 100;
  if (temp_K >= lo && temp_K <= hi) return null;
  const hint = temp_K >= min_C && temp_K <= max_C ? `: ${temp_K} looks like °C (${Math.round((temp_K + ZERO_C_K) * 100) / 100} K?)` : '';
  return `a temperature in kelvin must be within ${lo}…${hi} K (−80…+200 °C)${hint}`;
}
