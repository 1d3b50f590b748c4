/**
 * Outer geometry of a cell from its dimensions: volume, the surface that exchanges heat with the
 * air and the face that touches the cooling plate (a cylinder stands on its bottom; a pouch or
 * prismatic cell is cooled on one long edge), as `geometry` of the cell parameters wants them.
 */
import { InputError } from '../errors.js';

export type CellDimensions = { diameter_mm: number; height_mm: number } | { length_mm: number; width_mm: number; thickness_mm: number };

/**
 * Standard cylindrical formats: the IEC 61960-3 designation gives the diameter (first two digits,
 * mm) and the height (last three, 0.1 mm): 18650 = 18 × 65.0 mm.
 */
export const CYLINDRICAL_FORMATS: Readonly<Record<string, { diameter_mm: number; height_mm: number }>> = {
  '18650': { diameter_mm: 18, height_mm: 65 },
  '21700': { diameter_mm: 21, height_mm: 70 },
  '26650': { diameter_mm: 26, height_mm: 65 },
  '4680': { diameter_mm: 46, height_mm: 80 },
};

export interface OuterGeometry {
  /** Through-thickness of a stacked cell, diameter of a cylinder [mm]. */
  thickness_mm: number;
  volume_mL: number;
  surfaceArea_cm2: number;
  coolingArea_cm2: number;
}

export function outerGeometry(d: CellDimensions): OuterGeometry {
  for (const [k, v] of Object.entries(d))
    if (!(typeof v === 'number' && v > 0 && Number.isFinite(v))) throw new InputError('a cell dimension must be a positive number of mm', { field: `dimensions.${k}`, value: v });
  if ('diameter_mm' in d) {
    const r = d.diameter_mm / 2;
    return {
      thickness_mm: d.diameter_mm,
      volume_mL: (Math.PI * r * r * d.height_mm) / 1000,
      surfaceArea_cm2: (Math.PI * d.diameter_mm * d.height_mm + 2 * Math.PI * r * r) / 100,
      coolingArea_cm2: (Math.PI * r * r) / 100,
    };
  }
  const { length_mm: l, width_mm: w, thickness_mm: t } = d;
  return {
    thickness_mm: t,
    volume_mL: (l * w * t) / 1000,
    surfaceArea_cm2: (2 * w * l + 2 * (w + l) * t) / 100,
    coolingArea_cm2: (Math.max(w, l) * t) / 100,
  };
}
