/**
 * The built-in cells (`cell: <id>` in a scenario, `--model <id>`, `ssb cells`): each is ONE design
 * (the designer's input, below; the same content as its file in examples/cells/, checked by
 * tests/cell-presets.test.ts) on its family's dynamics (families.ts). The simulator's parameters
 * of a preset are what `ssb design --emit` writes for that design, so `ssb cells`, `ssb design
 * examples/cells/<file>` and `ssb simulate` show the same capacity, energy, mass and volume.
 * Adding a preset: its design here (with its sources), its file in examples/cells/, one entry.
 */
import { defineRegistry, type RegistryEntry } from '../registry.js';
import { InputError } from '../errors.js';
import type { CellParams } from '../physics/cell-params.js';
import { parseDesign, type Design } from './schema.js';
import { resolveDesign, type Family } from './resolve.js';
import { evaluateResolved, type DesignResult } from './evaluate.js';
import { emitCellParams } from './emit.js';

/** Oxide SSB: Li metal | Ga-LLZO | NMC811–LLZO composite, stacked pouch. */
export const OXIDE_LLZO_DESIGN = {
  id: 'ssb-oxide-llzo-nmc811',
  name: 'Oxide SSB: Li | LLZO | NMC811 pouch',
  source: 'cathode loading > 3 mAh/cm² and thin Li < 30 µm (seed 004 / ORNL workshop); 20 µm LLZO separator (Balaish et al. 2021); 100 × 300 mm footprint and 60 layers: assumed',
  cathode: { material: 'NMC811', loading_mAh_cm2: 3.0, solid_electrolyte_fraction: 0.3, porosity: 0.05 },
  separator: { material: 'LLZO', thickness_um: 20 },
  anode: { type: 'li-metal', thickness_um: 20 },
  stack: { layers: 60, electrode_width_mm: 100, electrode_length_mm: 300 },
  packaging: { type: 'pouch' },
  pressure: { stack_MPa: 1, fixture: 'fixed-gap' },
} as const;

/** Sulfide SSB: anode-free (Ag–C seed layer) | Li6PS5Cl | NMC811 composite, stacked pouch at 5 MPa. */
export const SULFIDE_LPSCL_DESIGN = {
  id: 'ssb-sulfide-lpscl-nmc811',
  name: 'Sulfide SSB: anode-free | Li6PS5Cl | NMC811 pouch',
  source: 'anode-free with an Ag–C seed layer (Samsung, seed 004; Lee et al., Nat. Energy 5 (2020) 299); loading 3.5 mAh/cm², 30 µm Li6PS5Cl, 100 × 300 mm footprint and 52 layers: assumed',
  cathode: { material: 'NMC811', loading_mAh_cm2: 3.5, solid_electrolyte_fraction: 0.3 },
  separator: { material: 'Li6PS5Cl', thickness_um: 30 },
  anode: { type: 'anode-free', seed_layer: { material: 'Ag-C', thickness_um: 10 } },
  stack: { layers: 52, electrode_width_mm: 100, electrode_length_mm: 300 },
  packaging: { type: 'pouch' },
  pressure: { stack_MPa: 5 },
} as const;

/** Polymer SSB: Li metal | PEO–LiTFSI | LFP, runs warm (PEO conducts above ≈ 60 °C). */
export const POLYMER_PEO_DESIGN = {
  id: 'ssb-polymer-peo-lfp',
  name: 'Polymer SSB: Li | PEO–LiTFSI | LFP pouch',
  source:
    'LFP with PEO catholyte, Li foil (Bolloré/Blue Solutions LMP concept; PEO–LiTFSI: Gorecki 1995); loading 1.8 mAh/cm², 30 µm separator and 30 µm Li, 100 × 300 mm footprint and 70 layers: assumed',
  cathode: { material: 'LFP', loading_mAh_cm2: 1.8, solid_electrolyte_fraction: 0.35 },
  separator: { material: 'PEO_LiTFSI', thickness_um: 30 },
  anode: { type: 'li-metal', thickness_um: 30 },
  stack: { layers: 70, electrode_width_mm: 100, electrode_length_mm: 300 },
  packaging: { type: 'pouch' },
} as const;

/** Liquid-electrolyte reference: graphite | LiPF6 EC:EMC | NMC811 stacked pouch, LG M50 electrode design. */
export const LIION_NMC811_DESIGN = {
  id: 'liion-nmc811-graphite',
  name: 'Li-ion reference: graphite | LiPF6 EC:EMC | NMC811 pouch',
  source:
    'Chen et al., J. Electrochem. Soc. 167 (2020) 080534 (LG M50 electrode design: 75.6 µm cathode of porosity 0.335, 85.2 µm graphite, 12 µm separator of porosity 0.47); 100 × 300 mm footprint and 45 layers: assumed (as the SSB presets)',
  cathode: { material: 'NMC811', thickness_um: 75.6, porosity: 0.335 },
  separator: { material: 'PE-separator', thickness_um: 12, porosity: 0.47 },
  liquid_electrolyte: { material: 'LiPF6_EC_EMC' },
  anode: { type: 'graphite', thickness_um: 85.2, porosity: 0.25 },
  stack: { layers: 45, electrode_width_mm: 100, electrode_length_mm: 300 },
  packaging: { type: 'pouch' },
  // an EV cell's fast-charge limit, not the energy cells' 1C datasheet default: the BMS's limit (design/data.ts LIION_EV_CHARGE)
  charging: { rate_cap_C: 2 },
} as const;

export interface CellPresetEntry extends RegistryEntry {
  /** The simulator's parameters: emitted from the design. */
  readonly params: CellParams;
  /** The design as written (the content of `designFile`). */
  readonly rawDesign: unknown;
  readonly design: Design;
  readonly result: DesignResult;
  readonly family: Family;
  /** The same design as a file, relative to the project root. */
  readonly designFile: string;
}

function preset(raw: unknown, designFile: string): CellPresetEntry {
  const design = parseDesign(raw, `preset design ${designFile}`);
  const r = resolveDesign(design);
  const result = evaluateResolved(r);
  const params = emitCellParams(r, result);
  return { name: params.id, description: params.name, params, rawDesign: raw, design, result, family: r.family, designFile };
}

/** The built-in cells: the one list the loaders, the CLI and the docs are derived from. */
export const CELL_PRESET_REGISTRY = defineRegistry('cell preset', [
  preset(OXIDE_LLZO_DESIGN, 'examples/cells/oxide-llzo.yaml'),
  preset(SULFIDE_LPSCL_DESIGN, 'examples/cells/sulfide-lpscl-anode-free.yaml'),
  preset(POLYMER_PEO_DESIGN, 'examples/cells/polymer-peo-lfp.yaml'),
  preset(LIION_NMC811_DESIGN, 'examples/cells/liion-nmc811-graphite.yaml'),
]);

/** The presets' parameters by id. */
export const CELL_PRESETS: Readonly<Record<string, CellParams>> = Object.fromEntries(CELL_PRESET_REGISTRY.entries.map((e) => [e.name, e.params]));

export const SSB_OXIDE_LLZO_NMC811: CellParams = CELL_PRESETS['ssb-oxide-llzo-nmc811'];
export const SSB_SULFIDE_LPSCL_NMC811: CellParams = CELL_PRESETS['ssb-sulfide-lpscl-nmc811'];
export const SSB_POLYMER_PEO_LFP: CellParams = CELL_PRESETS['ssb-polymer-peo-lfp'];
export const LIION_NMC811_GRAPHITE: CellParams = CELL_PRESETS['liion-nmc811-graphite'];

/** The built-in preset a design is (its id and the same content), or null. */
export function presetOfDesign(d: Design): string | null {
  const e = d.id ? CELL_PRESET_REGISTRY.find(d.id) : undefined;
  return e && JSON.stringify(e.design) === JSON.stringify(d) ? e.name : null;
}

/**
 * A design that claims a preset's id must be that preset's design: two different cells under one
 * id would mix in comparisons and outputs. InputError naming the field otherwise.
 */
export function checkDesignId(d: Design): void {
  if (d.id && CELL_PRESET_REGISTRY.has(d.id) && presetOfDesign(d) === null) {
    const e = CELL_PRESET_REGISTRY.get(d.id);
    throw new InputError(`'${d.id}' is the id of a built-in preset (${e.designFile}) and this design differs from it; give the design its own id (or leave id out)`, { field: 'id', value: d.id });
  }
}
