/**
 * Emit the simulator's cell parameter file (physics/cell-params.ts schema) from a design, so that
 * `ssb simulate` runs the designed cell. Geometry, capacity, layer thicknesses, fractions,
 * interfaces, CCD and pressure come from the design; RC branches, thermal, ageing and runaway
 * parameters are inherited from the family's preset (named in `source`).
 */
import { InputError } from '../errors.js';
import { validateCellParams } from '../physics/cell.js';
import type { CellParams } from '../physics/cell-params.js';
import type { Resolved } from './resolve.js';
import type { DesignResult } from './evaluate.js';

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
  let surface_cm2: number;
  let cooling_cm2: number;
  if (pk.type === 'cylindrical') {
    surface_cm2 = (Math.PI * pk.diameter_mm * pk.height_mm + 2 * Math.PI * (pk.diameter_mm / 2) ** 2) / 100;
    cooling_cm2 = (Math.PI * (pk.diameter_mm / 2) ** 2) / 100;
  } else {
    const w = (d.stack.electrode_width_mm ?? 0) + 2 * d.anode.overhang_mm;
    const l = (d.stack.electrode_length_mm ?? 0) + 2 * d.anode.overhang_mm;
    surface_cm2 = (2 * w * l + 2 * (w + l) * res.cell_thickness_mm) / 100;
    cooling_cm2 = (Math.max(w, l) * res.cell_thickness_mm) / 100;
  }
  const f = t.filament;
  const params: CellParams = {
    schemaVersion: 1,
    id: slug(d.name),
    name: d.name,
    kind: r.kind,
    source: `${d.source}. Designed with ssb design: geometry, capacity, thicknesses, fractions, interfaces, CCD and pressure from the design; RC, thermal, ageing and runaway from preset ${t.id} (${r.defaults.source}).`,
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
      surfaceArea_cm2: surface_cm2,
      coolingArea_cm2: cooling_cm2,
    },
    voltage: { ...r.voltage },
    contacts_mohm: t.contacts_mohm,
    anodeInterface: { ...t.anodeInterface, asr_ohm_cm2: r.asr.anode_ohm_m2 * 1e4 },
    cathodeInterface: { ...t.cathodeInterface, asr_ohm_cm2: r.asr.cathode_ohm_m2 * 1e4 },
    rc: { ...t.rc },
    thermal: { ...t.thermal, window_C: { ...t.thermal.window_C } },
    selfDischarge_pct_per_month: t.selfDischarge_pct_per_month,
    ageing: { ...t.ageing },
    filament:
      r.ccd_mA_cm2 !== null && r.ccdLaw && f
        ? { ...f, temp_ref_C: r.ccdLaw.temp_ref_C, ea_eV: r.ccdLaw.ea_eV, pressure_ref_MPa: r.ccdLaw.pressure_ref_MPa, pressureExponent: r.ccdLaw.pressureExponent, ccd_mA_cm2: r.ccd_mA_cm2 }
        : null,
    runaway: { ...t.runaway },
    pressure: { initial_MPa: r.stack_Pa / 1e6, fixture: r.fixture, stiffness_MPa_per_mm: r.fixture === 'fixed-gap' ? t.pressure.stiffness_MPa_per_mm : 0, referenceSoc: 0 },
  };
  return validateCellParams(params, `cell parameters emitted from design '${d.name}'`);
}
