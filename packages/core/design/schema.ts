/**
 * Cell design file (YAML/JSON), validated once at the boundary. Units are in the field names
 * (µm, mm, mAh/cm², MPa at the edge; the evaluator converts to SI). Unknown or misspelled fields
 * are errors with a "did you mean". Every default has a source in `DEFAULT_SOURCES` (or, for the
 * defaults that depend on the electrolyte family, in `FAMILY_DEFAULTS` of resolve.ts).
 */
import { z } from 'zod';
import { parseWithSchema } from '../schema.js';

const num = z.number().refine(Number.isFinite, 'must be a finite number');
const ROUTE = z.enum(['auto', 'wet-coating', 'dry-processing', 'extrusion', 'tape-casting-sintering', 'thin-film', 'purchased']);

/** Sources of the family-independent defaults below (field path → source). */
export const DEFAULT_SOURCES: Record<string, string> = {
  'cathode.particle_size_um': 'Chen et al. 2020 (LG M50 NMC811 particle radius 5.22 µm → d ≈ 10 µm)',
  'cathode.double_sided': 'assumed: both faces of the collector coated (standard for stacked and wound cells)',
  'separator.porosity': 'dense solid electrolyte (0) by default; liquid cells: Chen et al. 2020 polyolefin separator 0.47 (resolve.ts)',
  'anode.overhang_mm': 'assumed: anode larger than the cathode by ≈ 1 mm on each edge (common practice against edge plating)',
  'anode.seed_layer.thickness_um': 'Lee et al., Nat. Energy 5 (2020) 299, Methods: Ag–C layer 5–10 µm (default: the upper end)',
  'stack.tab_length_mm': 'assumed: tabs protrude ≈ 10 mm beyond the seal',
  'packaging.laminate_thickness_um': 'supplier data: ≈ 153 µm aluminium-laminated pouch film (DNP D-EL40H class)',
  'packaging.seal_width_mm': 'assumed: ≈ 5 mm heat seal on each edge',
  'packaging.tab_mass_g_per_Ah': 'assumed: Al + Ni-plated Cu tabs ≈ 0.05 g per Ah (scaled with current rating)',
  'packaging.wall_thickness_um': 'cylindrical: 21700 can wall ≈ 165 µm (Intercalation Station, "BotB 4: cylindrical cells", 2023); prismatic: assumed 600 µm Al',
  'packaging.end_thickness_um': 'assumed: can bottom ≈ 300 µm',
  'packaging.headspace_mm (prismatic)': 'assumed: ≈ 10 mm for lid, terminals and vent',
  'packaging.hardware_mass_g (prismatic)': 'assumed: ≈ 10 g of lid, terminals and vent',
  'packaging.headspace_mm': 'assumed: ≈ 5 mm of can height for the cap, vent and insulators (Chen 2020: 65 mm electrodes in a 70 mm can)',
  'packaging.mandrel_diameter_mm': 'Intercalation Station BotB 4 (2023): 2.5 mm for a 21700; batterydesign.net: ≈ 2 mm for an 18650',
  'packaging.hardware_mass_g': 'Intercalation Station BotB 4 (2023): ≈ 4 g of cap, vent, PTC and insulators in a 21700',
  'packaging.jellyroll_fill': 'assumed: the wound jelly roll fills ≈ 95 % of the annulus (clearance for swelling and winding tolerance)',
  'liquid_electrolyte.excess': 'assumed: electrolyte fill 10 % above the pore volume',
  'pressure.cells_per_fixture': 'assumed: one pair of end plates per 12-cell module (the simulator default pack.groups_per_module = 12)',
  'pressure.safety_factor': 'pack/fixture.ts: 1.5 on yield (Al 6061-T6, steel 8.8)',
  'charging.ccd_safety_factor': 'the BMS default bms.ccd_safety_factor = 0.8 (assumed)',
  'charging.max_polarization_V': 'assumed: an ohmic drop above ≈ 0.3 V reaches the upper cut-off with much of the capacity unfilled',
  'manufacturing.atmosphere': 'dry room (−40 °C dew point) for Li-ion assembly, Li metal and sulfide handling (materials-data.md: Kreher 2023; GM 2022)',
  'manufacturing.electricity_USD_per_kWh': 'design/data.ts ECONOMY',
  'manufacturing.grid_kgCO2_per_kWh': 'design/data.ts ECONOMY',
  'cost.learning_rate': 'design/data.ts ECONOMY',
  'cost.cumulative_GWh_now': 'design/data.ts ECONOMY',
  'cost.projection_GWh': 'design/data.ts ECONOMY',
};

const seedLayer = z.strictObject({
  material: z.string().default('Ag-C'),
  thickness_um: num.default(10),
});

const cathode = z.strictObject({
  material: z.string(),
  /** Areal capacity per coated face [mAh/cm²]; give this or thickness_um. */
  loading_mAh_cm2: num.optional(),
  /** Coating thickness per face [µm]; give this or loading_mAh_cm2. */
  thickness_um: num.optional(),
  /** Reversible capacity of the active material [mAh/g]; default: the material's practicalCapacity_mAh_g. */
  specific_capacity_mAh_g: num.optional(),
  /** Solid electrolyte mixed into the composite (catholyte); default: the separator's solid electrolyte. */
  solid_electrolyte: z.string().optional(),
  /** Volume fractions of the coating; the active material takes the rest. */
  solid_electrolyte_fraction: num.optional(),
  porosity: num.optional(),
  binder: z.string().optional(),
  binder_fraction: num.optional(),
  carbon: z.string().optional(),
  carbon_fraction: num.optional(),
  particle_size_um: num.default(10),
  double_sided: z.boolean().default(true),
  /** Cathode | electrolyte interface ASR at 25 °C and the reference pressure [Ω·cm²]; default by family. */
  interface_asr_ohm_cm2: num.optional(),
});

const anode = z.strictObject({
  type: z.enum(['li-metal', 'anode-free', 'graphite', 'silicon']),
  /** Li foil, graphite/Si coating per face [µm]; for li-metal give this or excess_li_pct; graphite/silicon: this or n_p_ratio. */
  thickness_um: num.optional(),
  excess_li_pct: num.optional(),
  n_p_ratio: num.optional(),
  specific_capacity_mAh_g: num.optional(),
  porosity: num.optional(),
  binder: z.string().optional(),
  binder_fraction: num.optional(),
  carbon_fraction: num.optional(),
  overhang_mm: num.default(1),
  seed_layer: seedLayer.optional(),
  interface_asr_ohm_cm2: num.optional(),
  /** CCD for Li plating at 25 °C and the reference pressure [mA/cm²]; default by electrolyte family. */
  ccd_mA_cm2: num.optional(),
});

const collector = z.strictObject({ material: z.string(), thickness_um: num });

const packaging = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('pouch'),
    laminate_thickness_um: num.default(153),
    seal_width_mm: num.default(5),
    tab_mass_g_per_Ah: num.default(0.05),
  }),
  z.strictObject({
    type: z.literal('cylindrical'),
    diameter_mm: num,
    height_mm: num,
    wall_thickness_um: num.default(165),
    end_thickness_um: num.default(300),
    headspace_mm: num.default(5),
    mandrel_diameter_mm: num.default(2.5),
    hardware_mass_g: num.default(4),
    jellyroll_fill: num.default(0.95),
    /** Coated width of the cathode along the cell axis [mm]; default height − headspace − 2 × anode overhang. */
    electrode_height_mm: num.optional(),
    material: z.string().default('steel-can'),
  }),
  z.strictObject({
    type: z.literal('prismatic'),
    wall_thickness_um: num.default(600),
    headspace_mm: num.default(10),
    hardware_mass_g: num.default(10),
    material: z.string().default('al-can'),
  }),
]);

export const designSchema = z.strictObject({
  schema_version: z.literal(1).default(1),
  name: z.string().min(1),
  description: z.string().default(''),
  /** Where the design's numbers come from (publication, datasheet, "assumed: …"). */
  source: z.string().default('assumed: user design'),
  cathode,
  separator: z.strictObject({
    /** A solid electrolyte id (SSB) or a porous film (PE-separator, liquid cells). */
    material: z.string(),
    thickness_um: num,
    /** Void fraction: 0 for a dense solid electrolyte; the liquid-filled fraction of a porous film. */
    porosity: num.optional(),
  }),
  anode,
  /** Only for liquid-electrolyte cells. */
  liquid_electrolyte: z.strictObject({ material: z.string().default('LiPF6_EC_EMC'), excess: num.default(0.1) }).optional(),
  collectors: z
    .strictObject({ cathode: collector.optional(), anode: collector.optional() })
    .prefault({}),
  /** Stacked (pouch, prismatic) cells: cathode layers and their footprint. Ignored for cylindrical cells (the jelly roll is computed). */
  stack: z
    .strictObject({
      layers: z.number().int().positive().max(2000).optional(),
      electrode_width_mm: num.optional(),
      electrode_length_mm: num.optional(),
      tab_length_mm: num.default(10),
    })
    .prefault({}),
  packaging: packaging.default({ type: 'pouch', laminate_thickness_um: 153, seal_width_mm: 5, tab_mass_g_per_Ah: 0.05 }),
  voltage: z.strictObject({ max_V: num.optional(), min_V: num.optional() }).prefault({}),
  pressure: z
    .strictObject({
      stack_MPa: num.optional(),
      fixture: z.enum(['fixed-gap', 'constant-pressure', 'none']).optional(),
      cells_per_fixture: z.number().int().positive().default(12),
      safety_factor: num.default(1.5),
    })
    .prefault({}),
  charging: z
    .strictObject({ ccd_safety_factor: num.default(0.8), max_polarization_V: num.default(0.3) })
    .prefault({}),
  manufacturing: z
    .strictObject({
      cathode_route: ROUTE.default('auto'),
      separator_route: ROUTE.default('auto'),
      anode_route: ROUTE.default('auto'),
      atmosphere: z.enum(['ambient', 'dry-room', 'inert-gas']).default('dry-room'),
      electricity_USD_per_kWh: num.default(0.1),
      grid_kgCO2_per_kWh: num.default(0.45),
    })
    .prefault({}),
  cost: z
    .strictObject({
      learning_rate: num.default(0.18),
      cumulative_GWh_now: num.default(1),
      projection_GWh: z.array(num).min(1).default([1, 10, 100, 1000]),
    })
    .prefault({}),
});

export type Design = z.output<typeof designSchema>;

/** Validate a parsed design document; the first problem becomes an InputError naming the field and value. */
export function parseDesign(raw: unknown, file = 'design'): Design {
  return parseWithSchema(designSchema, raw, file, (issue, path) =>
    issue.code === 'invalid_union' && path[path.length - 1] === 'packaging' ? "packaging.type must be 'pouch', 'cylindrical' or 'prismatic' (with that type's fields)" : undefined,
  );
}
