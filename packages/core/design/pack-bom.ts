/**
 * Pack-level mass, cost and bill of materials of a designed cell: cells (with their share of the
 * stack-pressure fixture) → modules (housing, busbars, sensing) → pack (enclosure, cooling, BMS,
 * integration). Parts and prices are PACK_DEFAULTS of design/data.ts (memory-grade, BatPaC-style),
 * each overridable in the design file's `pack` block.
 */
import { InputError } from '../errors.js';
import { PACK_DEFAULTS } from './data.js';
import type { Design } from './schema.js';

export interface PackPart {
  name: string;
  count: number;
  mass_kg: number;
  cost_USD: number;
  source: string;
}

export interface PackResult {
  cells_series: number;
  cells_parallel: number;
  cells: number;
  modules: number;
  energy_kWh: number;
  nominal_voltage_V: number;
  capacity_Ah: number;
  parts: PackPart[];
  mass_kg: number;
  cost_USD: number;
  specific_energy_Wh_kg: number;
  cost_USD_per_kWh: number;
  /** Cell mass over pack mass. */
  cell_mass_fraction: number;
}

export interface PackCellInput {
  energy_Wh: number;
  capacity_Ah: number;
  nominal_voltage_V: number;
  mass_kg: number;
  cost_USD: number;
  fixture_mass_per_cell_kg: number;
  fixture_cost_per_cell_USD: number;
}

export function packOf(d: Design, c: PackCellInput): PackResult {
  const p = d.pack;
  const nS = p.cells_series;
  if (!(p.target_kWh > 0)) throw new InputError('must be a positive pack energy [kWh]', { field: 'pack.target_kWh', value: p.target_kWh });
  const nP = p.cells_parallel ?? Math.max(1, Math.ceil((p.target_kWh * 1000) / (nS * c.energy_Wh)));
  const n = nS * nP;
  const modules = Math.ceil(n / p.cells_per_module);
  const kWh = (c.energy_Wh * n) / 1000;
  const D = PACK_DEFAULTS;
  const pct = p.module_hardware_pct_of_cells ?? D.module_hardware_pct_of_cells.value;
  const housing = p.pack_housing_kg_per_kWh ?? D.pack_housing_kg_per_kWh.value;
  const cooling = p.cooling_kg_per_kWh ?? D.cooling_kg_per_kWh.value;
  const bms = p.bms_kg ?? D.bms.kg;
  for (const [field, v] of [
    ['pack.module_hardware_pct_of_cells', pct],
    ['pack.pack_housing_kg_per_kWh', housing],
    ['pack.cooling_kg_per_kWh', cooling],
    ['pack.bms_kg', bms],
  ] as const)
    if (!(v >= 0)) throw new InputError('must not be negative', { field, value: v });
  const cellsMass = c.mass_kg * n;
  const parts: PackPart[] = [{ name: 'cells', count: n, mass_kg: cellsMass, cost_USD: c.cost_USD * n, source: 'this design (cell cost at today’s volume)' }];
  if (c.fixture_mass_per_cell_kg > 0)
    parts.push({
      name: 'stack-pressure fixtures (end plates, tie rods)',
      count: Math.ceil(n / d.pressure.cells_per_fixture),
      mass_kg: c.fixture_mass_per_cell_kg * n,
      cost_USD: c.fixture_cost_per_cell_USD * n,
      source: 'this design (pack/fixture.ts sizing)',
    });
  const mh = (cellsMass * pct) / 100;
  parts.push({ name: 'module housings, busbars, cell sensing', count: modules, mass_kg: mh, cost_USD: mh * D.module_hardware_pct_of_cells.USD_per_kg, source: D.module_hardware_pct_of_cells.source });
  parts.push({ name: 'pack enclosure', count: 1, mass_kg: housing * kWh, cost_USD: housing * kWh * D.pack_housing_kg_per_kWh.USD_per_kg, source: D.pack_housing_kg_per_kWh.source });
  parts.push({ name: 'cooling plates, coolant, piping', count: 1, mass_kg: cooling * kWh, cost_USD: cooling * kWh * D.cooling_kg_per_kWh.USD_per_kg, source: D.cooling_kg_per_kWh.source });
  parts.push({ name: 'BMS, contactors, fuse, harness', count: 1, mass_kg: bms, cost_USD: D.bms.USD + D.bms.USD_per_series_cell * nS, source: D.bms.source });
  parts.push({ name: 'module and pack assembly, end-of-line test', count: 1, mass_kg: 0, cost_USD: D.integration.USD_per_kWh * kWh, source: D.integration.source });
  let mass = 0;
  let cost = 0;
  for (const x of parts) {
    mass += x.mass_kg;
    cost += x.cost_USD;
  }
  return {
    cells_series: nS,
    cells_parallel: nP,
    cells: n,
    modules,
    energy_kWh: kWh,
    nominal_voltage_V: c.nominal_voltage_V * nS,
    capacity_Ah: c.capacity_Ah * nP,
    parts,
    mass_kg: mass,
    cost_USD: cost,
    specific_energy_Wh_kg: (kWh * 1000) / mass,
    cost_USD_per_kWh: cost / kWh,
    cell_mass_fraction: cellsMass / mass,
  };
}
