/**
 * Ionic conductivity of an electrolyte as a function of temperature, and the Bruggeman
 * effective-medium correction for a conducting phase inside a porous composite.
 *
 *  - Arrhenius (ceramics, sulfides, halides; liquid approximated around 25 °C):
 *        σ(T) = σ_ref · exp(−Ea/k_B · (1/T − 1/T_ref))                      [S/m]
 *  - Vogel–Tammann–Fulcher (amorphous polymers above Tg):
 *        σ(T) = A · T^(−½) · exp(−B/(T − T0))                               [S/m], T > T0
 *  - Semi-crystalline polymer with melting (PEO): log-space logistic blend of a crystalline
 *    Arrhenius branch and the amorphous VTF branch,
 *        ln σ = (1 − w)·ln σ_cryst + w·ln σ_VTF,   w = 1 / (1 + exp(−(T − T_m)/width))
 *    which reproduces the sharp rise of σ across the melting point (≈ 60–65 °C for PEO–LiTFSI).
 *    Below T0 the amorphous phase does not conduct and only the crystalline branch is used
 *    (w < 1e-20 there for any sensible T_m − T0).
 *  - Bruggeman: σ_eff = σ · ε^β with β = 1.5 for spheres (Bruggeman 1935), as required by
 *    physics.md §1 for the composite cathode's ionic path.
 *
 * k_B from units/index.ts (CODATA 2018). All evaluation is in log space, so very small
 * conductivities (crystalline polymer at −40 °C) stay finite and positive.
 */
import type { ConductivityModel } from '../../materials/electrolytes.js';
import { BOLTZMANN_eV_per_K } from '../../units/index.js';
import { NumericalError } from '../../errors.js';

function lnArrhenius(sigma_ref_S_m: number, temp_ref_K: number, ea_eV: number, temp_K: number): number {
  return Math.log(sigma_ref_S_m) - (ea_eV / BOLTZMANN_eV_per_K) * (1 / temp_K - 1 / temp_ref_K);
}

function lnVtf(a_S_K05_m: number, b_K: number, t0_K: number, temp_K: number): number {
  return Math.log(a_S_K05_m) - 0.5 * Math.log(temp_K) - b_K / (temp_K - t0_K);
}

/** Ionic conductivity [S/m] of `model` at `temp_K` [K]. */
export function conductivity_S_m(model: ConductivityModel, temp_K: number): number {
  if (!Number.isFinite(temp_K) || temp_K <= 0) {
    throw new NumericalError('temperature must be finite and > 0 K', { quantity: 'electrolyte temp_K', value: temp_K });
  }
  let lnSigma: number;
  switch (model.kind) {
    case 'arrhenius':
      lnSigma = lnArrhenius(model.sigma_ref_S_m, model.temp_ref_K, model.ea_eV, temp_K);
      break;
    case 'vtf':
      if (temp_K <= model.t0_K) {
        throw new NumericalError(`VTF conductivity undefined at or below T0 = ${model.t0_K} K`, { quantity: 'electrolyte temp_K', value: temp_K });
      }
      lnSigma = lnVtf(model.a_S_K05_m, model.b_K, model.t0_K, temp_K);
      break;
    case 'polymer-melt': {
      const c = model.crystalline;
      const lnCryst = lnArrhenius(c.sigma_ref_S_m, c.temp_ref_K, c.ea_eV, temp_K);
      const a = model.amorphous;
      if (temp_K <= a.t0_K) {
        lnSigma = lnCryst;
        break;
      }
      const w = 1 / (1 + Math.exp(-(temp_K - model.melt_K) / model.width_K));
      lnSigma = (1 - w) * lnCryst + w * lnVtf(a.a_S_K05_m, a.b_K, a.t0_K, temp_K);
      break;
    }
    default: {
      const never: never = model;
      throw new NumericalError(`unknown conductivity model ${JSON.stringify(never)}`, { quantity: 'conductivity model' });
    }
  }
  const sigma = Math.exp(lnSigma);
  if (!Number.isFinite(sigma) || !(sigma > 0)) {
    throw new NumericalError('not a finite positive number (check the model parameters)', { quantity: 'ionic conductivity σ [S/m]', value: sigma });
  }
  return sigma;
}

/**
 * Bruggeman effective conductivity [S/m] of a phase with conductivity `sigma_S_m` occupying
 * `volumeFraction` (0…1) of a composite: σ_eff = σ · ε^exponent (default 1.5).
 */
export function bruggeman_S_m(sigma_S_m: number, volumeFraction: number, exponent = 1.5): number {
  if (!Number.isFinite(sigma_S_m) || sigma_S_m < 0) throw new NumericalError('must be finite and ≥ 0', { quantity: 'conductivity sigma_S_m', value: sigma_S_m });
  if (!Number.isFinite(volumeFraction) || volumeFraction < 0 || volumeFraction > 1) {
    throw new NumericalError('must be within [0, 1]', { quantity: 'Bruggeman volumeFraction', value: volumeFraction });
  }
  if (!Number.isFinite(exponent) || exponent <= 0) throw new NumericalError('must be finite and > 0', { quantity: 'Bruggeman exponent', value: exponent });
  return sigma_S_m * Math.pow(volumeFraction, exponent);
}
