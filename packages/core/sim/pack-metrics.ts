/**
 * The pack block of metrics.json: configuration, nominal energy and capacity, and the mass and
 * volume breakdown cells → modules (with the stack-pressure fixture) → pack (with housing, BMS and
 * cooling), with specific energy and energy density at each level on one energy basis (the pack's
 * nominal energy, capacity × OCV at 50 % SoC, 25 °C), so cell and pack figures are of the same cell.
 */
import { z } from 'zod';
import type { PackBreakdown } from '../pack/breakdown.js';
import { round } from '../numerics/round.js';

const num = z.number();
const numOrNull = z.number().nullable();

const levelSchema = z.strictObject({
  level: z.enum(['cell', 'cells', 'modules', 'pack']).describe('one cell; all cells; cells + fixtures; the whole pack'),
  count: z.number().int().describe('cells, cells, modules, packs'),
  mass_kg: num,
  volume_L: num.describe('cells: electrode face × cell thickness (seals and tabs not counted); modules: + fixtures; pack: the envelope'),
  specific_energy_Wh_kg: num,
  energy_density_Wh_L: num,
});

export const packMetricsSchema = z.strictObject({
  configuration: z.string(),
  cells: z.number().int(),
  nominal_energy_kWh: num.describe("cells × the cell's rated energy (cell_spec.energy_Wh: capacity × mean OCV over the full SoC range)"),
  capacity_Ah: num,
  mass_kg: num.describe('cells + fixtures + housing + BMS + cooling'),
  cell_mass_kg: num.describe('all cells: cell mass × cells'),
  fixture_mass_kg: num,
  specific_energy_Wh_kg: num.describe('pack level'),
  volume_L: num.describe('pack envelope: (cells + fixtures) / the assumed cell-to-pack volume ratio (pack/breakdown.ts)'),
  housing_mass_kg: num,
  bms_mass_kg: num,
  cooling_mass_kg: num,
  cell_to_pack_mass_pct: num.describe('cells / pack mass'),
  levels: z.array(levelSchema).describe('cell → cells → modules → pack, each with its mass, volume, Wh/kg and Wh/L'),
  parts: z
    .array(z.strictObject({ level: z.enum(['cell', 'module', 'pack']), part: z.string(), mass_kg: num, volume_L: numOrNull, basis: z.string() }))
    .describe('what the pack mass is made of, with the basis of each number'),
});
export type PackMetrics = z.infer<typeof packMetricsSchema>;

export function packMetrics(b: PackBreakdown, configuration: string, nominalEnergy_kWh: number, capacity_Ah: number): PackMetrics {
  const Wh = nominalEnergy_kWh * 1000;
  const level = (name: 'cell' | 'cells' | 'modules' | 'pack', count: number, mass_kg: number, volume_L: number, energy_Wh: number) => ({
    level: name,
    count,
    mass_kg: round(mass_kg, name === 'cell' ? 4 : 2),
    volume_L: round(volume_L, name === 'cell' ? 4 : 2),
    specific_energy_Wh_kg: round(energy_Wh / mass_kg, 2),
    energy_density_Wh_L: round(energy_Wh / volume_L, 2),
  });
  return {
    configuration,
    cells: b.cells,
    nominal_energy_kWh: round(nominalEnergy_kWh, 3),
    capacity_Ah: round(capacity_Ah, 3),
    mass_kg: round(b.pack_mass_kg, 2),
    cell_mass_kg: round(b.cells_mass_kg, 2),
    fixture_mass_kg: round(b.fixture_mass_kg, 2),
    specific_energy_Wh_kg: round(Wh / b.pack_mass_kg, 2),
    volume_L: round(b.pack_volume_L, 2),
    housing_mass_kg: round(b.housing_mass_kg, 2),
    bms_mass_kg: round(b.bms_mass_kg, 2),
    cooling_mass_kg: round(b.cooling_mass_kg, 2),
    cell_to_pack_mass_pct: round((100 * b.cells_mass_kg) / b.pack_mass_kg, 2),
    levels: [
      level('cell', 1, b.cell_mass_kg, b.cell_volume_L, Wh / b.cells),
      level('cells', b.cells, b.cells_mass_kg, b.cells_volume_L, Wh),
      level('modules', b.modules, b.modules_mass_kg, b.modules_volume_L, Wh),
      level('pack', 1, b.pack_mass_kg, b.pack_volume_L, Wh),
    ],
    parts: b.parts.map((p) => ({ ...p, mass_kg: round(p.mass_kg, 3), volume_L: p.volume_L === null ? null : round(p.volume_L, 3) })),
  };
}
