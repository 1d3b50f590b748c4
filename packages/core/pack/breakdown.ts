/**
 * Pack mass and volume, level by level: cells → modules (cells + stack-pressure fixture) → pack
 * (modules + housing + BMS + cooling hardware). Every default has its basis here; a scenario may
 * set any of the three pack-level masses (`pack.housing_mass_kg`, `pack.bms_mass_kg`,
 * `pack.cooling_mass_kg`) instead.
 *
 * Basis of the defaults (per part below): a modular BEV pack weighs ≈ 1.5–1.6 × its cells
 * (cell-to-pack mass ratio ≈ 0.62 over the packs of the batterydesign.net battery pack database,
 * "Battery Pack Mass Estimation"; Löbberding et al., "From Cell to Battery System in BEVs:
 * Analysis of System Packing Efficiency and Cell Types", World Electr. Veh. J. 11 (2020) 77,
 * 25 BEVs 2010–2019, with cell-to-pack designs higher: BMW i3 2013 ≈ 84 %, BYD Han 2023 ≈ 90 %).
 * The housing and cooling defaults scale with the cells' mass, so a 12-cell lab module gets a
 * module-sized housing, not a car's; the BMS has a fixed master board and one board per module.
 */
import type { CellModel } from '../physics/cell.js';
import { packFixture } from './fixture.js';
import { round } from '../numerics/round.js';

/**
 * Housing per kg of cells [kg/kg]: enclosure tray and lid, crash frame, module frames, busbars,
 * harness, insulation and the junction box (contactors, fuse, pre-charge). Assumed 0.45: with the
 * BMS and liquid cooling below, a pressure-free pack of the default size comes out at ≈ 1.53 × its
 * cells (cell-to-pack mass ratio ≈ 0.65), near the database's 0.62 (batterydesign.net "Battery Pack
 * Mass Estimation": pack mass ≈ 1.60 × cell mass over its packs; the 25 BEVs of Löbberding et al.
 * 2020 scatter around it). Lighter designs (i3 and Han above, 0.84–0.90) need ≈ 0.1–0.2 kg/kg:
 * set `pack.housing_mass_kg` for those.
 */
export const HOUSING_KG_PER_KG_CELLS = 0.45;

/**
 * BMS electronics: a master board with its enclosure ≈ 1 kg and one cell-monitoring board per
 * module ≈ 0.3 kg with its connectors and sense harness. Assumed (a 12–16-channel AFE board is
 * 0.1–0.3 kg; the master is a small ECU).
 */
export const BMS_MASTER_KG = 1.0;
export const BMS_KG_PER_MODULE = 0.3;

/**
 * Cooling hardware inside the pack per kg of cells [kg/kg], by BTMS hardware (the heater, chiller
 * and blower sit in the vehicle's thermal loop, not in the pack):
 * - liquid 0.067: cold plates and coolant; the thermal network's default plate (pack/pack.ts
 *   DEFAULT_PACK_THERMAL, 30 kJ/K) is ≈ 10 kg of aluminium + 5 L of glycol–water (≈ 5.2 kg) for
 *   the default 288-cell pack of 0.79 kg cells (227.5 kg): 15.2 / 227.5 ≈ 0.067 (assumed).
 * - air 0.04: ducts, plenum and fins, lighter than a coolant-filled plate (assumed).
 * - thermoelectric 0.09: the liquid plate's aluminium without the coolant loop's volume, plus the
 *   Peltier modules and their heat sinks (assumed).
 * Unknown hardware names take the liquid value.
 */
export const COOLING_KG_PER_KG_CELLS: Readonly<Record<string, number>> = Object.freeze({ liquid: 0.067, air: 0.04, thermoelectric: 0.09 });

/**
 * Cell-to-pack volume ratio used for the pack envelope: (cells + fixtures) / pack volume.
 * Assumed 0.45: modular BEV packs place their cells in roughly 30–50 % of the pack's volume, a
 * lower share than of its mass (assumed from the same teardown literature; Löbberding et al. 2020
 * find the packs' energy density improving less than their specific energy). Only the envelope
 * uses it; housing, BMS and cooling get no volume of their own.
 */
export const MODULES_TO_PACK_VOLUME_RATIO = 0.45;

export interface PackLayout {
  series: number;
  parallel: number;
  groupsPerModule: number;
}

/** Masses the scenario sets instead of the defaults [kg]. */
export interface PackMassOverrides {
  housing_kg?: number;
  bms_kg?: number;
  cooling_kg?: number;
}

export interface BreakdownPart {
  /** cell, module or pack. */
  level: 'cell' | 'module' | 'pack';
  part: string;
  mass_kg: number;
  /** null where the part has no volume of its own (counted in the pack envelope). */
  volume_L: number | null;
  /** Where the number comes from. */
  basis: string;
}

export interface PackBreakdown {
  cells: number;
  modules: number;
  cell_mass_kg: number;
  cell_volume_L: number;
  cells_mass_kg: number;
  cells_volume_L: number;
  fixture_mass_kg: number;
  fixture_volume_L: number;
  modules_mass_kg: number;
  modules_volume_L: number;
  housing_mass_kg: number;
  bms_mass_kg: number;
  cooling_mass_kg: number;
  /** Housing + BMS + cooling: the mass outside the modules. */
  outside_modules_mass_kg: number;
  pack_mass_kg: number;
  pack_volume_L: number;
  parts: BreakdownPart[];
}

/** The basis of `cellVolume_m3` when the cell parameters give no outer volume. */
const STACK_VOLUME_BASIS = 'electrode face × cell thickness (the stack: seals and tabs not counted, so Wh/L is an upper bound)';

/**
 * The cell's volume [m³] and its basis: the outer volume when the cell parameters carry one
 * (`geometry.volume_mL`, emitted by the designer), else electrode face × cell thickness (the
 * stacked volume the fixture presses on; seal margins and tabs not counted).
 */
export function cellVolume_m3(cell: CellModel): { volume_m3: number; basis: string } {
  const g = cell.params.geometry as CellModel['params']['geometry'] & { volume_mL?: number };
  if (g.volume_mL !== undefined) return { volume_m3: g.volume_mL * 1e-6, basis: 'outer cell volume (cell parameters, geometry.volume_mL)' };
  return { volume_m3: g.electrodeArea_cm2 * 1e-4 * g.thickness_mm * 1e-3, basis: STACK_VOLUME_BASIS };
}

/** The pack's mass and volume breakdown for a cell, a layout, the BTMS hardware and the scenario's mass overrides. */
export function packBreakdown(cell: CellModel, layout: PackLayout, btmsHardware: string, overrides: PackMassOverrides = {}): PackBreakdown {
  const cells = layout.series * layout.parallel;
  const modules = Math.ceil(layout.series / layout.groupsPerModule);
  const cellsPerModule = layout.groupsPerModule * layout.parallel;
  const cellVol = cellVolume_m3(cell);
  const cellVol_L = cellVol.volume_m3 * 1e3;
  const cellsMass = cell.mass_kg * cells;
  const cellsVol = cellVol_L * cells;
  const fx = packFixture(cell, cellsPerModule, modules);
  const fixtureVol = fx.volume_m3 * 1e3;
  const modulesMass = cellsMass + fx.mass_kg;
  const modulesVol = cellsVol + fixtureVol;
  const coolingRatio = COOLING_KG_PER_KG_CELLS[btmsHardware] ?? COOLING_KG_PER_KG_CELLS.liquid;
  const housing = overrides.housing_kg ?? HOUSING_KG_PER_KG_CELLS * cellsMass;
  const bms = overrides.bms_kg ?? BMS_MASTER_KG + BMS_KG_PER_MODULE * modules;
  const cooling = overrides.cooling_kg ?? coolingRatio * cellsMass;
  const outside = housing + bms + cooling;
  const packMass = modulesMass + outside;
  const packVol = modulesVol / MODULES_TO_PACK_VOLUME_RATIO;
  const given = 'set in the scenario';
  const parts: BreakdownPart[] = [
    {
      level: 'cell',
      part: `cells (${cells} × ${round(cell.mass_kg, 3)} kg)`,
      mass_kg: cellsMass,
      volume_L: cellsVol,
      basis: `cell mass × count; volume: ${cellVol.basis}`,
    },
    {
      level: 'module',
      part: `stack-pressure fixture (${modules} module${modules === 1 ? '' : 's'})`,
      mass_kg: fx.mass_kg,
      volume_L: fixtureVol,
      basis: cell.params.pressure.fixture === 'none' ? 'none: the cell needs no stack pressure' : 'end plates and tie rods sized for the design pressure (pack/fixture.ts)',
    },
    {
      level: 'pack',
      part: 'housing (enclosure, frames, busbars, harness, junction box)',
      mass_kg: housing,
      volume_L: null,
      basis: overrides.housing_kg !== undefined ? given : `${HOUSING_KG_PER_KG_CELLS} kg per kg of cells (assumed; pack/breakdown.ts)`,
    },
    {
      level: 'pack',
      part: 'BMS electronics',
      mass_kg: bms,
      volume_L: null,
      basis: overrides.bms_kg !== undefined ? given : `${BMS_MASTER_KG} kg master + ${BMS_KG_PER_MODULE} kg per module board (assumed)`,
    },
    {
      level: 'pack',
      part: `cooling hardware (${btmsHardware})`,
      mass_kg: cooling,
      volume_L: null,
      basis: overrides.cooling_kg !== undefined ? given : `${coolingRatio} kg per kg of cells (assumed; pack/breakdown.ts)`,
    },
  ];
  return {
    cells,
    modules,
    cell_mass_kg: cell.mass_kg,
    cell_volume_L: cellVol_L,
    cells_mass_kg: cellsMass,
    cells_volume_L: cellsVol,
    fixture_mass_kg: fx.mass_kg,
    fixture_volume_L: fixtureVol,
    modules_mass_kg: modulesMass,
    modules_volume_L: modulesVol,
    housing_mass_kg: housing,
    bms_mass_kg: bms,
    cooling_mass_kg: cooling,
    outside_modules_mass_kg: outside,
    pack_mass_kg: packMass,
    pack_volume_L: packVol,
    parts,
  };
}
