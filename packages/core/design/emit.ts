/**
 * Emit the simulator's cell parameter file (physics/cell-params.ts schema) from a design, so that
 * `ssb simulate` runs the designed cell. Geometry, capacity, layer thicknesses, fractions,
 * interfaces, CCD and pressure come from the design; RC branches, thermal, ageing and runaway
 * parameters from the family (families.ts, named in `source`). The id is the design's `id`, else
 * a slug of its name.
 */
import { InputError } from '../errors.js';
import { validateCellParams } from '../physics/cell.js';
import type { CellParams } from '../physics/cell-params.js';
import type { Resolved } from './resolve.js';
import type { DesignResult } from './evaluate.js';
import { cellParamsOf } from './families.js';
import { outerGeometry } from '../physics/cell-format.js';

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'designed-cell'
  );
}

export function emitCellParams(r: Resolved, res: DesignResult): CellParams {
  if (r.anode.type === 'silicon') throw new InputError('a silicon anode has no OCV curve in the simulator yet; it can be designed but not emitted', { field: 'anode.type', value: 'silicon' });
  const t = r.defaults.template;
  const d = r.design;
  const pk = d.packaging;
  const A1_cm2 = res.electrode_area_cm2;
  const outer = outerGeometry(
    pk.type === 'cylindrical'
      ? { diameter_mm: pk.diameter_mm, height_mm: pk.height_mm }
      : { length_mm: (d.stack.electrode_length_mm ?? 0) + 2 * d.anode.overhang_mm, width_mm: (d.stack.electrode_width_mm ?? 0) + 2 * d.anode.overhang_mm, thickness_mm: res.cell_thickness_mm },
  );
  const params = cellParamsOf(t, {
    id: d.id ?? slug(d.name),
    name: d.name,
    source: `${d.source}. Designed with ssb design: geometry, capacity, mass, volume, thicknesses, fractions, interfaces, CCD and pressure from the design; RC, thermal, ageing and runaway from the ${t.id} family (${t.source}; ${r.defaults.source}).`,
    cathode: {
      material: r.cathodeMaterial.id,
      loading_mAh_cm2: res.areal_capacity_mAh_cm2, // delivered: the cathode loading less the formation loss
      thickness_um: r.cathode.thickness_m * 1e6,
      electrolyteVolumeFraction: r.kind === 'liquid' ? r.cathode.porosity : r.cathode.vSe,
      bruggemanExponent: 1.5,
      catholyte: r.kind === 'liquid' ? r.liquid!.el.id : r.cathode.se!.id,
    },
    anode: { material: r.anode.type === 'graphite' ? 'graphite' : 'Li', thickness_um: r.anode.thickness_m * 1e6 },
    separator: {
      electrolyte: r.kind === 'liquid' ? r.liquid!.el.id : r.separator.el!.id,
      thickness_um: r.separator.thickness_m * 1e6,
      porosity: r.separator.conductingFraction,
      bruggemanExponent: 1.5,
    },
    geometry: {
      electrodeArea_cm2: A1_cm2,
      layers: res.layers,
      mass_g: res.mass_kg * 1000,
      thickness_mm: res.cell_thickness_mm,
      volume_mL: res.volume_L * 1000,
      surfaceArea_cm2: outer.surfaceArea_cm2,
      coolingArea_cm2: outer.coolingArea_cm2,
    },
    voltage: { ...r.voltage },
    pressure: { initial_MPa: r.stack_Pa / 1e6, fixture: r.fixture, stiffness_MPa_per_mm: r.fixture === 'fixed-gap' ? t.stiffness_MPa_per_mm : 0, referenceSoc: 0 },
    anodeAsr_ohm_cm2: r.asr.anode_ohm_m2 * 1e4,
    cathodeAsr_ohm_cm2: r.asr.cathode_ohm_m2 * 1e4,
    ccd_mA_cm2: r.ccd_mA_cm2,
    ccdLaw: r.ccdLaw,
  });
  return validateCellParams(params, `cell parameters emitted from design '${d.name}'`);
}
