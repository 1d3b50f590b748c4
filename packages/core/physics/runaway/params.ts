import type { CellParams } from '../cell-params.js';
import { InputError } from '../../errors.js';
import { cToK } from '../../units/index.js';
import { preExponentialFromOnset_1_s, runawayModel, type RunawayModel, type RunawayStage, type VentParams } from './arrhenius.js';

/**
 * Cell parameters `runaway` → the compiled model: the stage list (or one stage from the lumped
 * onset/Ea/heat of old files) with every A in 1/s, and the vent in SI.
 */
export function runawayFromParams(r: CellParams['runaway'], heatCapacity_J_kgK: number): RunawayModel {
  const stages: RunawayStage[] = (
    r.stages ?? [
      {
        name: 'lumped',
        heat_kJ_kg: r.totalHeat_kJ_kg ?? 0,
        ea_kJ_mol: r.ea_kJ_mol ?? 1,
        onset_C: r.onset_C,
        a_1_s: undefined,
        soc_scaled: false,
        source: 'lumped single reaction (old parameter form)',
      },
    ]
  ).map((s) => {
    const heat_J_kg = s.heat_kJ_kg * 1e3;
    const ea_J_mol = s.ea_kJ_mol * 1e3;
    const a_1_s = s.a_1_s ?? (heat_J_kg > 0 && s.onset_C !== undefined ? preExponentialFromOnset_1_s(cToK(s.onset_C), ea_J_mol, heat_J_kg, heatCapacity_J_kgK) : 0);
    return { name: s.name, heat_J_kg, a_1_s, ea_J_mol, socScaled: s.soc_scaled ?? false, source: s.source ?? '' };
  });
  let vent: VentParams | null = null;
  if (r.vent) {
    if (r.vent.total_mass_fraction < r.vent.opening_mass_fraction)
      throw new InputError('the total ejected mass fraction must not be below the fraction leaving at opening', { field: 'runaway.vent.total_mass_fraction', value: r.vent.total_mass_fraction });
    vent = { temp_K: cToK(r.vent.temp_C), openingMassFraction: r.vent.opening_mass_fraction, totalMassFraction: r.vent.total_mass_fraction };
  }
  return runawayModel(stages, vent, heatCapacity_J_kgK);
}
