/**
 * Cradle-to-gate greenhouse-gas footprint of a cell:
 *     CO2 = Σ mass × (kg CO2-eq per kg) / yield  +  process electricity × grid intensity
 * per kWh of cell energy. The other impact categories of seed 001 Table 7 (human toxicity, metal
 * depletion, photochemical oxidants) cannot be computed from the inventory we hold; they are
 * reported from Table 7 for the matching chemistry (pack level, Popien et al. 2023) where a
 * column exists, scaled by nothing — a literature reference, not a model output.
 */
import { TABLE7, TABLE7_SOURCE, table7Key, ROUTES, type Table7Column } from './data.js';
import type { Resolved } from './resolve.js';
import type { CostBreakdown } from './cost.js';
import type { PartialResult } from './bom.js';

export interface LcaResult {
  co2_kg_per_kWh: number;
  materials_kgCO2_per_kWh: number;
  electricity_kgCO2_per_kWh: number;
  by_part: { item: string; kgCO2_per_kWh: number }[];
  table7_column: string | null;
  table7: Table7Column | null;
  table7_source: string;
}

export function lcaOf(r: Resolved, p: PartialResult, cost: CostBreakdown): LcaResult {
  const kWh = p.energy_Wh / 1000;
  const yieldOf = { cathode: ROUTES[r.routes.cathode].yield, separator: ROUTES[r.routes.separator].yield, anode: ROUTES[r.routes.anode].yield, packaging: 0.98 };
  let mat = 0;
  const by_part: LcaResult['by_part'] = [];
  for (const part of p.parts) {
    const kg = (part.mass_kg * part.co2_kg_per_kg) / yieldOf[part.step];
    mat += kg;
    by_part.push({ item: part.name, kgCO2_per_kWh: kg / kWh });
  }
  const el = cost.process_energy_kWh * r.design.manufacturing.grid_kgCO2_per_kWh;
  by_part.push({ item: 'process electricity', kgCO2_per_kWh: el / kWh });
  const key = table7Key(r.kind, r.cathodeMaterial.id);
  return {
    co2_kg_per_kWh: (mat + el) / kWh,
    materials_kgCO2_per_kWh: mat / kWh,
    electricity_kgCO2_per_kWh: el / kWh,
    by_part,
    table7_column: key,
    table7: key ? TABLE7[key] : null,
    table7_source: TABLE7_SOURCE,
  };
}
