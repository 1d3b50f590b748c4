import type { CellModel } from '../physics/cell.js';

/**
 * Mass of the stack-pressure fixture of one module: two end plates sized for bending plus tie rods
 * sized for tension (physics.md §6; seed 004: fixtures for ≥ 5 MPa can cancel the energy-density
 * gain).
 *
 * End plate: square plate of side b = √(electrode area), simply supported, uniform pressure p:
 *     σ_max = β·p·b²/t²  →  t = b·√(β·p/σ_allow),  β = 0.2874 for a/b = 1
 * (Roark's Formulas for Stress and Strain, 7th ed., Table 11.4 case 1a). Aluminium 6061-T6:
 * yield 276 MPa with a safety factor 1.5 → σ_allow = 184 MPa, ρ = 2700 kg/m³.
 * Tie rods: total cross-section F/σ_allow with steel property class 8.8 (proof 600 MPa / 1.5 =
 * 400 MPa), ρ = 7850 kg/m³, length = stack height + two plates.
 * The design pressure is the highest the fixture sees: the assembly pressure plus the rise from
 * stack growth to full charge in a fixed-gap fixture. No fixture when `fixture` is 'none'.
 */
export function fixtureMass_kg(cell: CellModel, cellsPerModule: number, modules: number): number {
  return packFixture(cell, cellsPerModule, modules).mass_kg;
}

/** The fixtures of all modules: mass [kg] and volume [m³] (sizing as `fixtureMass_kg`). */
export function packFixture(cell: CellModel, cellsPerModule: number, modules: number): { mass_kg: number; volume_m3: number } {
  const p = cell.params;
  if (p.pressure.fixture === 'none') return { mass_kg: 0, volume_m3: 0 };
  const growth_mm = Math.max(0, cell.thicknessGrowth_m(1) - cell.thicknessGrowth_m(p.pressure.referenceSoc)) * 1e3;
  const designPressure_Pa = (p.pressure.initial_MPa + (p.pressure.fixture === 'fixed-gap' ? p.pressure.stiffness_MPa_per_mm * growth_mm : 0)) * 1e6;
  const f = fixtureParts(designPressure_Pa, p.geometry.electrodeArea_cm2 * 1e-4, (cellsPerModule * p.geometry.thickness_mm) / 1000);
  return { mass_kg: modules * f.total_kg, volume_m3: modules * f.volume_m3 };
}

export function moduleFixtureMass_kg(designPressure_Pa: number, faceArea_m2: number, stackHeight_m: number): number {
  return fixtureParts(designPressure_Pa, faceArea_m2, stackHeight_m).total_kg;
}

export interface FixtureParts {
  plateThickness_m: number;
  plates_kg: number;
  rods_kg: number;
  rodArea_m2: number;
  /** Volume of the two plates and the rods [m³]. */
  volume_m3: number;
  total_kg: number;
}

/**
 * The sizing above, part by part, with the allowable stresses as arguments (defaults: Al 6061-T6
 * 276 MPa / 1.5 = 184 MPa for the plates, steel 8.8 600 MPa / 1.5 = 400 MPa for the rods).
 */
export function fixtureParts(
  designPressure_Pa: number,
  faceArea_m2: number,
  stackHeight_m: number,
  sigmaPlate_Pa = 184e6,
  sigmaRod_Pa = 400e6,
  plateDensity_kg_m3 = 2700,
  rodDensity_kg_m3 = 7850,
): FixtureParts {
  if (designPressure_Pa <= 0) return { plateThickness_m: 0, plates_kg: 0, rods_kg: 0, rodArea_m2: 0, volume_m3: 0, total_kg: 0 };
  const b = Math.sqrt(faceArea_m2);
  const t = b * Math.sqrt((0.2874 * designPressure_Pa) / sigmaPlate_Pa);
  const plateVolume = 2 * faceArea_m2 * t;
  const force = designPressure_Pa * faceArea_m2;
  const rodArea = force / sigmaRod_Pa;
  const rodVolume = rodArea * (stackHeight_m + 2 * t);
  const plates = plateVolume * plateDensity_kg_m3;
  const rods = rodVolume * rodDensity_kg_m3;
  return { plateThickness_m: t, plates_kg: plates, rods_kg: rods, rodArea_m2: rodArea, volume_m3: plateVolume + rodVolume, total_kg: plates + rods };
}
