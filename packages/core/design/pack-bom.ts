/**
 * Pack-level mass, cost and bill of materials of a designed cell: cells (with their share of the
 * stack-pressure fixture) → modules (housing, busbars, sensing) → pack (enclosure, cooling, BMS,
 * integration). Masses are the simulator's pack model (pack/breakdown.ts: housing and cooling per kg
 * of cells, a BMS board per module), so both commands weigh a pack alike; prices are PACK_DEFAULTS
 * of design/data.ts (memory-grade, BatPaC-style). Each is overridable in the design file's `pack` block.
 */
import { InputError } from '../errors.js';
import { PACK_DEFAULTS } from './data.js';
import { BMS_KG_PER_MODULE, BMS_MASTER_KG, COOLING_KG_PER_KG_CELLS, HOUSING_KG_PER_KG_CELLS } from '../pack/breakdown.js';
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
  // masses: the simulator's pack model (pack/breakdown.ts), so `ssb design` and `ssb simulate` weigh
  // the same pack alike; prices per kg or per part from PACK_DEFAULTS
  const housing = p.housing_kg_per_kg_cells ?? HOUSING_KG_PER_KG_CELLS;
  const cooling = p.cooling_kg_per_kg_cells ?? COOLING_KG_PER_KG_CELLS.liquid;
  const bms = p.bms_kg ?? BMS_MASTER_KG + BMS_KG_PER_MODULE * modules;
  for (const [field, v] of [
    ['pack.housing_kg_per_kg_cells', housing],
    ['pack.cooling_kg_per_kg_cells', cooling],
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
  const hm = housing * cellsMass;
  parts.push({
    name: 'housing (enclosure, module frames, busbars, harness, junction box)',
    count: 1,
    mass_kg: hm,
    cost_USD: hm * D.housing.USD_per_kg,
    source: `${p.housing_kg_per_kg_cells === undefined ? `${HOUSING_KG_PER_KG_CELLS} kg per kg of cells (the simulator's default, pack/breakdown.ts)` : 'set in the design file'}; ${D.housing.source}`,
  });
  const cm = cooling * cellsMass;
  parts.push({
    name: 'cooling plates, coolant, piping',
    count: 1,
    mass_kg: cm,
    cost_USD: cm * D.cooling.USD_per_kg,
    source: `${p.cooling_kg_per_kg_cells === undefined ? `${COOLING_KG_PER_KG_CELLS.liquid} kg per kg of cells (liquid, the simulator's default, pack/breakdown.ts)` : 'set in the design file'}; ${D.cooling.source}`,
  });
  parts.push({
    name: 'BMS, contactors, fuse, harness',
    count: 1,
    mass_kg: bms,
    cost_USD: D.bms.USD + D.bms.USD_per_series_cell * nS,
    source: `${p.bms_kg === undefined ? `${BMS_MASTER_KG} kg master + ${BMS_KG_PER_MODULE} kg per module (the simulator's default, pack/breakdown.ts)` : 'set in the design file'}; ${D.bms.source}`,
  });
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
