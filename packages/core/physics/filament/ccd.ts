import { BOLTZMANN_eV_per_K } from '../../units/index.js';
import { NumericalError } from '../../errors.js';
import type { CriticalCurrentDensity } from '../../materials/electrolytes.js';

/**
 * Critical current density and filament (dendrite) damage for Li-metal / anode-free cells.
 *
 * CCD(T, p) = CCD_ref · exp(−Ea/k_B · (1/T − 1/T_ref)) · (max(p, p_floor)/p_ref)^m
 *   CCD rises with temperature (Li creep and SE conductivity; Sharafi et al., J. Power Sources 302
 *   (2016) 135: Li|LLZO CCD from 0.05 mA/cm² at 25 °C to 0.3 mA/cm² at 160 °C) and with stack
 *   pressure (Kasemchainan et al., Nat. Mater. 18 (2019) 1105). Reference values per electrolyte
 *   come from materials/electrolytes.ts.
 *
 * Damage D (dimensionless) grows only while plating (charging) above the CCD:
 *   dD/dt = k_D · max(0, j/CCD − 1)
 * and a soft internal short appears once D ≥ 1, as a resistance in parallel with the cell that
 * falls as damage grows:
 *   R_short = R_onset · exp(−(D − 1)/D_scale)      (D ≥ 1),  floored at R_min.
 * The functional form is an assumption (no published rate law exists for filament growth to a
 * short); k_D is chosen so that charging at twice the CCD for ~10 minutes creates a short, in
 * line with CCD tests where cells short within minutes of exceeding CCD (Flatscher et al., JMCA
 * 8 (2020) 15782).
 */
export interface FilamentParams {
  ccd_ref_A_m2: number;
  temp_ref_K: number;
  ea_eV: number;
  pressure_ref_Pa: number;
  pressureExponent: number;
  pressureFloor_Pa: number;
  /** Damage rate k_D [1/s] per unit relative exceedance. */
  damageRate_1_s: number;
  /** Short resistance at onset [Ω·m²] (area-specific, so it scales with cell area). */
  shortOnsetAsr_ohm_m2: number;
  /** e-folding of the short resistance with damage beyond onset. */
  damageScale: number;
  /** Lowest short resistance [Ω·m²]. */
  shortMinAsr_ohm_m2: number;
}

/** The CCD law's own parameters (a `FilamentParams` without the damage model). */
export type CcdLaw = Pick<FilamentParams, 'ccd_ref_A_m2' | 'temp_ref_K' | 'ea_eV' | 'pressure_ref_Pa' | 'pressureExponent' | 'pressureFloor_Pa'>;

/** Lowest stack pressure the law sees [Pa] (a cell without pressure still has its pouch's ≈ 0.01 MPa). */
export const CCD_PRESSURE_FLOOR_Pa = 0.01e6;

/** The CCD law of an electrolyte's `ccd` record (materials/electrolytes.ts uses this law). */
export function ccdLawFromMaterial(c: CriticalCurrentDensity): CcdLaw {
  return { ccd_ref_A_m2: c.ccd_ref_A_m2, temp_ref_K: c.temp_ref_K, ea_eV: c.ea_eV, pressure_ref_Pa: c.pressure_ref_Pa, pressureExponent: c.pressureExponent, pressureFloor_Pa: CCD_PRESSURE_FLOOR_Pa };
}

/**
 * CCD [A/m²] at temperature T [K] and stack pressure p [Pa] — the one CCD law of the code (the
 * simulator, the BMS limit, the designer and the materials records). Throws a NumericalError
 * naming the quantity on a non-finite or non-physical input.
 */
export function criticalCurrentDensity_A_m2(f: CcdLaw, temp_K: number, pressure_Pa: number): number {
  if (!Number.isFinite(temp_K) || temp_K <= 0) throw new NumericalError('temperature must be finite and > 0 K', { quantity: 'temp_K', value: temp_K });
  if (!Number.isFinite(pressure_Pa) || pressure_Pa < 0) throw new NumericalError('stack pressure must be finite and ≥ 0 Pa', { quantity: 'pressure_Pa', value: pressure_Pa });
  return f.ccd_ref_A_m2 * ccdTemperatureFactor(f, temp_K) * ccdPressureFactor(f, pressure_Pa);
}

/** The Arrhenius factor of the CCD (1 at temp_ref_K); CCD = ccd_ref · this · `ccdPressureFactor`. */
export function ccdTemperatureFactor(f: CcdLaw, temp_K: number): number {
  return Math.exp(-(f.ea_eV / BOLTZMANN_eV_per_K) * (1 / temp_K - 1 / f.temp_ref_K));
}

/** The stack-pressure factor of the CCD (1 at pressure_ref_Pa). */
export function ccdPressureFactor(f: CcdLaw, pressure_Pa: number): number {
  return Math.pow(Math.max(pressure_Pa, f.pressureFloor_Pa) / f.pressure_ref_Pa, f.pressureExponent);
}

/** Damage increment over dt for a plating current density j_plate ≥ 0 [A/m²]. */
export function damageIncrement(f: FilamentParams, jPlate_A_m2: number, ccd_A_m2: number, dt_s: number): number {
  if (jPlate_A_m2 <= ccd_A_m2) return 0;
  return f.damageRate_1_s * (jPlate_A_m2 / ccd_A_m2 - 1) * dt_s;
}

/** Short resistance [Ω] of a cell (area in m²) with damage D; Infinity when there is no short. */
export function shortResistance_ohm(f: FilamentParams, damage: number, area_m2: number): number {
  if (damage < 1) return Infinity;
  const asr = Math.max(f.shortMinAsr_ohm_m2, f.shortOnsetAsr_ohm_m2 * Math.exp(-(damage - 1) / f.damageScale));
  return asr / area_m2;
}
