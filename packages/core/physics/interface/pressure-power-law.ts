import { BOLTZMANN_eV_per_K } from '../../units/index.js';

/**
 * Area-specific interfacial resistance ASR(T, p, age) [Ω·m²].
 *
 *     ASR = (ASR_ref + ΔASR_age) · exp(Ea/k_B · (1/T − 1/T_ref)) · (p_ref / p_eff)^n · f_contact(p)
 *
 * - Arrhenius in T with the interface's own activation energy (interfacial charge transfer and
 *   interphase conduction are thermally activated; e.g. Li|LLZO ≈ 0.3–0.5 eV, Sharafi et al.,
 *   J. Power Sources 302 (2016) 135).
 * - Power law in stack pressure: R_int ∝ P^(−0.5) because the true contact area grows ∝ √P
 *   (Li6PS5Cl, arXiv 2501.00600); p_eff = max(p, p_floor) keeps it finite at zero load.
 * - Contact loss below `contactLoss_Pa`: the resistance rises further, linearly in the pressure
 *   deficit, f_contact = 1 + k_cl·(p_cl − p)/p_cl (voids open at the Li|SE interface when the
 *   stripping rate exceeds creep, Kasemchainan et al., Nat. Mater. 18 (2019) 1105; the linear
 *   form and k_cl are assumptions).
 * - ΔASR_age is the ageing state (interphase growth, see physics/ageing).
 */
export interface InterfaceParams {
  asr_ref_ohm_m2: number;
  temp_ref_K: number;
  ea_eV: number;
  pressure_ref_Pa: number;
  /** Exponent n of the pressure power law (0 = no pressure dependence, liquid cells). */
  pressureExponent: number;
  /** Below this pressure the contact is partly lost [Pa] (0 = never). */
  contactLoss_Pa: number;
  /** Strength k_cl of the contact-loss rise (dimensionless). */
  contactLossFactor: number;
  /** Lower bound on pressure used in the power law [Pa]. */
  pressureFloor_Pa: number;
}

export function interfaceAsr_ohm_m2(p: InterfaceParams, temp_K: number, pressure_Pa: number, ageAsr_ohm_m2: number): number {
  const arr = Math.exp((p.ea_eV / BOLTZMANN_eV_per_K) * (1 / temp_K - 1 / p.temp_ref_K));
  return (p.asr_ref_ohm_m2 + ageAsr_ohm_m2) * arr * pressureFactor(p, pressure_Pa);
}

/** Pressure multiplier (p_ref/p_eff)^n · f_contact(p), 1 at the reference pressure. */
export function pressureFactor(p: InterfaceParams, pressure_Pa: number): number {
  if (p.pressureExponent === 0 && p.contactLoss_Pa <= 0) return 1;
  const pEff = Math.max(pressure_Pa, p.pressureFloor_Pa);
  let f = Math.pow(p.pressure_ref_Pa / pEff, p.pressureExponent);
  if (pressure_Pa < p.contactLoss_Pa) f *= 1 + (p.contactLossFactor * (p.contactLoss_Pa - pressure_Pa)) / p.contactLoss_Pa;
  return f;
}
