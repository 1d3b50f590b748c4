/**
 * Cell design file (YAML/JSON), validated once at the boundary. Units are in the field names
 * (µm, mm, mAh/cm², MPa at the edge; the evaluator converts to SI). Unknown or misspelled fields
 * are errors with a "did you mean". Every default has a source in `DEFAULT_SOURCES` (or, for the
 * defaults that depend on the electrolyte family, in `FAMILY_DEFAULTS` of resolve.ts).
 */
import { z } from 'zod';
import { parseWithSchema } from '../schema.js';

const num = z.number().refine(Number.isFinite, 'must be a finite number');
/** A number within [min, max] (unit in the field's name); `why` gives the bounds' reason in the message. */
const within = (min: number, max: number, why: string) => num.refine((x) => x >= min && x <= max, `must be within ${min}…${max} (${why})`);
/** Layer, foil, film and wall thicknesses [µm]: 10 mm is thicker than any of them in a cell (assumed bound, against unit mistakes and overflow). */
const thicknessUm = within(0, 10_000, 'µm; 10 mm is thicker than any layer of a cell');
/** Overhangs, seals, headspace, tabs [mm]: up to 1 m (assumed bound). */
const marginMm = within(0, 1_000, 'mm; assumed bound, larger than any cell');
/** Outer and electrode dimensions [mm]: 1 mm … 5 m (assumed bounds: smaller and larger than any cell, the longest blade cells ≈ 1 m). */
const sizeMm = within(1, 5_000, 'mm; assumed bounds, smaller and larger than any cell');
/** Volume or mass fraction. */
const fraction = within(0, 1, 'a fraction');
/** Areal capacity [mAh/cm²]: 100 is 10× the thickest published electrodes (≈ 10 mAh/cm², assumed bound). */
const loadingMAhCm2 = within(0.001, 100, 'mAh/cm²; assumed bounds, published electrodes carry ≈ 1–10');
/** Specific capacity [mAh/g]: Li metal's theoretical 3860 mAh/g is the highest of any electrode material. */
const specificCapacity = within(1, 4_000, 'mAh/g; no electrode material exceeds Li metal, 3860');
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
  'separator.overhang_mm':
    'Lee et al., Nat. Energy 5 (2020) 299, Methods: solid-electrolyte sheet 57 × 92 mm over 55 × 90 mm anodes (1 mm each edge); wound cells: the separator 1 mm beyond the anode at each end (as before)',
  'stack.insulation_films':
    'assumed: a continuous stack (shared collectors, Z-fold) has no insulation film between layers; stacks of separate bi-cells need one between each pair (Lee 2020: 9 films in a 10-bi-cell stack)',
  'stack.insulation_film_um': 'Lee et al. 2020, Supplementary Table 3: 40 µm insulation films between bi-cells',
  'stack.edge_frame_mm': 'assumed: no edge frame unless given (SSB stacks that frame the cathode edge against shorts under pressure: give its width)',
  'anode.formation_loss_pct':
    'assumed: anode-free cells lose ≈ 5 % of the cathode capacity at formation to the SEI and Li trapped on the bare or seeded collector (first-cycle coulombic efficiency of anode-free full cells ≈ 85–95 % including the cathode’s own loss, memory-grade); 0 for Li-metal (the foil supplies it) and graphite (in its practical capacity)',
  'charging.rate_cap_C': 'design/data.ts GRAPHITE_CHARGE (published datasheet charge limits by cathode chemistry)',
  extra_parts: 'none by default',
  pack: 'design/data.ts PACK_DEFAULTS',
  'pack.cells_series': 'assumed: 96 in series (≈ 350 V nominal with NMC, the common 400 V-class EV pack)',
  'pack.target_kWh': 'assumed: 60 kWh, a mid-size EV pack',
};

const seedLayer = z.strictObject({
  material: z.string().default('Ag-C').describe('Seed-layer material.'),
  thickness_um: thicknessUm.default(10).describe('Seed-layer thickness.'),
});

const cathode = z.strictObject({
  material: z.string().describe('Active material: NMC811, NMC622, NMC532, NCA, LFP, LCO.'),
  loading_mAh_cm2: loadingMAhCm2.optional().describe('Areal capacity per coated face [mAh/cm²]; give this or thickness_um.'),
  thickness_um: thicknessUm.optional().describe('Coating thickness per face [µm]; give this or loading_mAh_cm2.'),
  specific_capacity_mAh_g: specificCapacity.optional().describe("Reversible capacity of the active material [mAh/g]; default: the material's practicalCapacity_mAh_g (e.g. NMC811 195, Noh 2013)."),
  solid_electrolyte: z.string().optional().describe("Solid electrolyte mixed into the composite (catholyte); default: the separator's solid electrolyte."),
  solid_electrolyte_fraction: fraction.optional().describe('Volume fractions of the coating; the active material takes the rest.'),
  porosity: fraction.optional().describe('Void fraction of the coating (by family: 0.05 oxide/sulfide, 0.02 polymer, 0.335 liquid); liquid cells fill it with electrolyte.'),
  binder: z.string().optional().describe('Binder id (by family: none oxide and polymer, SBR sulfide, PVDF liquid).'),
  binder_fraction: fraction.optional().describe('Binder volume fraction (by family: 0 oxide and polymer, 0.02 sulfide, 0.03 liquid).'),
  carbon: z.string().optional().describe('Conductive carbon id (by family: carbon-black oxide, VGCF sulfide, carbon-black polymer and liquid).'),
  carbon_fraction: fraction.optional().describe('Carbon volume fraction (by family: 0.03 oxide, 0.02 sulfide, 0.05 polymer, 0.03 liquid).'),
  particle_size_um: thicknessUm.default(10).describe('d50 of the active material; a thinner coating is rejected.'),
  double_sided: z.boolean().default(true).describe('Both collector faces coated.'),
  interface_asr_ohm_cm2: num.optional().describe('Cathode | electrolyte interface ASR at 25 °C and the reference pressure [Ω·cm²]; default by family.'),
});

const anode = z.strictObject({
  type: z.enum(['li-metal', 'anode-free', 'graphite', 'silicon']).describe('li-metal, anode-free, graphite or silicon (silicon: design only, cannot be emitted).'),
  thickness_um: thicknessUm.optional().describe('Li foil, graphite/Si coating per face [µm]; for li-metal give this or excess_li_pct; graphite/silicon: this or n_p_ratio.'),
  excess_li_pct: within(0, 10_000, '%; assumed bound').optional().describe('Li metal: Li inventory above the cathode capacity.'),
  n_p_ratio: within(0.01, 100, 'assumed bounds; cells use ≈ 1.05–1.2').optional().describe('Graphite, silicon: anode-to-cathode capacity ratio.'),
  specific_capacity_mAh_g: specificCapacity.optional().describe('Graphite 350, silicon 3579 by default.'),
  porosity: fraction.optional().describe('Anode coating porosity (graphite 0.25, silicon 0.5).'),
  binder: z.string().optional().describe('Anode binder (graphite, silicon: CMC-SBR).'),
  binder_fraction: fraction.optional().describe('Anode binder volume fraction (graphite 0.03, silicon 0.1).'),
  carbon_fraction: fraction.optional().describe('Anode carbon volume fraction (graphite 0.01).'),
  overhang_mm: marginMm.default(1).describe('Anode larger than the cathode on each edge.'),
  seed_layer: seedLayer.optional().describe('Anode-free interlayer on the collector.'),
  formation_loss_pct: num
    .optional()
    .describe(
      'Cathode capacity lost at formation (Li trapped in the SEI / on the collector), in % of the loading; by anode type: anode-free 5, others 0. Set 0 when the loading given is already the delivered capacity.',
    ),
  interface_asr_ohm_cm2: num.optional().describe('Anode | electrolyte interface ASR at 25 °C and the reference pressure; default by family (the preset value).'),
  ccd_mA_cm2: num.optional().describe('CCD for Li plating at 25 °C and the reference pressure [mA/cm²]; default by electrolyte family (the preset: oxide 1, sulfide 2, polymer 0.5 at 70 °C).'),
});

const collector = z.strictObject({ material: z.string().describe('Al, Cu, Ni or SS.'), thickness_um: thicknessUm.describe('Foil thickness.') });

const packaging = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('pouch').describe('Stacked layers in a laminate pouch.'),
    laminate_thickness_um: thicknessUm.default(153).describe('Pouch laminate film thickness.'),
    seal_width_mm: marginMm.default(5).describe('Heat seal on each edge.'),
    tab_mass_g_per_Ah: num.default(0.05).describe('Tab mass per Ah of capacity.'),
  }),
  z.strictObject({
    type: z.literal('cylindrical').describe('A jelly roll wound in a can.'),
    diameter_mm: sizeMm.describe('Can outer diameter.'),
    height_mm: sizeMm.describe('Can height.'),
    wall_thickness_um: thicknessUm.default(165).describe('Can wall thickness.'),
    end_thickness_um: thicknessUm.default(300).describe('Can bottom and lid thickness.'),
    headspace_mm: marginMm.default(5).describe('Can height taken by cap, vent and insulators.'),
    mandrel_diameter_mm: marginMm.default(2.5).describe('Hollow core of the jelly roll.'),
    hardware_mass_g: num.default(4).describe('Cap, vent, PTC and insulators.'),
    jellyroll_fill: fraction.default(0.95).describe('Fraction of the annulus the jelly roll fills.'),
    electrode_height_mm: sizeMm.optional().describe('Coated width of the cathode along the cell axis [mm]; default height − headspace − 2 × anode overhang.'),
    material: z.string().default('steel-can').describe('Can material (components.ts).'),
  }),
  z.strictObject({
    type: z.literal('prismatic').describe('Stacked layers in a rectangular can.'),
    wall_thickness_um: thicknessUm.default(600),
    headspace_mm: marginMm.default(10),
    hardware_mass_g: num.default(10),
    material: z.string().default('al-can').describe('Can material (components.ts).'),
  }),
]);

export const designSchema = z.strictObject({
  schema_version: z.literal(1).default(1).describe('Version of the design-file format.'),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]*$/, 'lower-case letters, digits, dots and dashes')
    .optional()
    .describe('Id of the emitted cell (`ssb design --emit`, `cell: {design: …}`); default: the name in lower case with dashes.'),
  name: z.string().min(1).describe('Label of the design.'),
  description: z.string().default('').describe('Free text.'),
  source: z.string().default('assumed: user design').describe('Where the design\'s numbers come from (publication, datasheet, "assumed: …").'),
  cathode: cathode.describe('The positive electrode: active material, composite and coating.'),
  separator: z
    .strictObject({
      material: z
        .string()
        .describe('A solid electrolyte id (LLZO, LLZO_Ta, LLTO, LATP, LAGP, LiPON, LGPS, Li6PS5Cl, Li7P3S11, Li3InCl6, Li3YCl6, PEO_LiTFSI, PEO_LLZO) or a porous film (PE-separator, liquid cells).'),
      thickness_um: thicknessUm.describe('Separator (solid electrolyte or film) thickness.'),
      porosity: fraction.optional().describe('Void fraction: 0 for a dense solid electrolyte; the liquid-filled fraction of a porous film (by family: 0; sulfide 0.02; liquid 0.47).'),
      overhang_mm: marginMm.default(1).describe('Separator larger than the anode on each edge (its area and the stack footprint).'),
    })
    .describe('The separator: a solid electrolyte (SSB) or a porous film (liquid cells).'),
  anode: anode.describe('The negative electrode.'),
  liquid_electrolyte: z
    .strictObject({ material: z.string().default('LiPF6_EC_EMC').describe('Liquid electrolyte id.'), excess: num.default(0.1).describe('Fill above the pore volume, as a fraction of it.') })
    .optional()
    .describe('Only for liquid-electrolyte cells.'),
  collectors: z
    .strictObject({
      cathode: collector.optional().describe('Cathode collector (by family: Al 12 µm).'),
      anode: collector.optional().describe('Anode collector (by family: Cu 8 µm; sulfide SS 10 µm).'),
    })
    .prefault({})
    .describe('Current collector foils.'),
  stack: z
    .strictObject({
      layers: z.number().int().positive().max(2000).optional().describe("Stacked cells: number of cathode layers (= the simulator's geometry.layers); required for pouch and prismatic."),
      electrode_width_mm: sizeMm.optional().describe('Cathode footprint width; required for pouch and prismatic.'),
      electrode_length_mm: sizeMm.optional().describe('Cathode footprint length; required for pouch and prismatic.'),
      tab_length_mm: marginMm.default(10).describe('Tabs beyond the seal.'),
      insulation_films: z.number().int().nonnegative().default(0).describe('Insulation films inside the stack (between separate bi-cells; 0 for a continuous stack).'),
      insulation_film_um: thicknessUm.default(40).describe('Thickness of each insulation film (PET).'),
      edge_frame_mm: marginMm.default(0).describe('Width of a polymer frame around the cathode of each layer (in the overhang ring), 0 for none.'),
    })
    .prefault({})
    .describe('Stacked (pouch, prismatic) cells: cathode layers and their footprint. Ignored for cylindrical cells (the jelly roll is computed).'),
  packaging: packaging.default({ type: 'pouch', laminate_thickness_um: 153, seal_width_mm: 5, tab_mass_g_per_Ah: 0.05 }).describe("Pouch, cylindrical or prismatic, with that type's keys."),
  voltage: z
    .strictObject({
      max_V: num.optional().describe('Upper cut-off (default 4.2 V vs Li metal and graphite; LFP 3.65 V).'),
      min_V: num.optional().describe('Lower cut-off (default 3.0 V vs Li metal, 2.5 V vs graphite; LFP 2.5 V).'),
    })
    .prefault({})
    .describe('Voltage window of the cell.'),
  pressure: z
    .strictObject({
      stack_MPa: within(0, 1_000, 'MPa; assumed bound, stack fixtures hold ≤ 100').optional().describe('Stack pressure (by family: oxide 1, sulfide 5, polymer 0.5, liquid 0.1).'),
      fixture: z.enum(['fixed-gap', 'constant-pressure', 'none']).optional().describe('How the pressure is held (by family: oxide and sulfide fixed-gap, polymer constant-pressure, liquid none).'),
      cells_per_fixture: z
        .number()
        .int()
        .positive()
        .default(12)
        .describe('Cells sharing one pair of end plates (sized by pack/fixture.ts for the stack pressure plus the fixed-gap rise to full charge).'),
      safety_factor: num.default(1.5).describe('Fixture safety factor on yield.'),
    })
    .prefault({})
    .describe('Stack pressure and the fixture that holds it.'),
  charging: z
    .strictObject({
      ccd_safety_factor: num.default(0.8).describe('Fraction of the CCD the charge current may reach (as the BMS).'),
      max_polarization_V: num.default(0.3).describe('Largest ohmic drop accepted at the charge-rate limit.'),
      rate_cap_C: num.optional().describe('Published maximum charge C-rate at 25 °C of the chemistry (graphite anodes; default by cathode: LFP 4, NMC/NCA/LCO 1).'),
    })
    .prefault({})
    .describe('Screening criteria of the charge-rate limit.'),
  manufacturing: z
    .strictObject({
      cathode_route: ROUTE.default('auto').describe(
        'auto, wet-coating, dry-processing, extrusion, tape-casting-sintering, thin-film or purchased (auto by family: oxide → tape casting + sintering; sulfide → wet coating; polymer → extrusion; liquid → wet coating).',
      ),
      separator_route: ROUTE.default('auto').describe('As cathode_route (auto: liquid → purchased separator; LiPON → thin film).'),
      anode_route: ROUTE.default('auto').describe('As cathode_route (auto: Li foil → extrusion).'),
      atmosphere: z.enum(['ambient', 'dry-room', 'inert-gas']).default('dry-room').describe('Process atmosphere: dry-room, inert-gas or ambient.'),
      electricity_USD_per_kWh: num.default(0.1).describe('Price of process electricity.'),
      grid_kgCO2_per_kWh: num.default(0.45).describe('Carbon intensity of process electricity.'),
    })
    .prefault({})
    .describe('Process routes and their energy.'),
  published: z
    .strictObject({
      source: z.string().min(1).describe('Where the published figures come from (paper, datasheet, press release).'),
      capacity_Ah: num.optional().describe('Published capacity [Ah].'),
      energy_Wh: num.optional().describe('Published energy [Wh].'),
      average_voltage_V: num.optional().describe('Published average (or nominal) voltage [V].'),
      mass_g: num.optional().describe('Published mass [g].'),
      volume_mL: num.optional().describe('Published outer volume [mL].'),
      specific_energy_Wh_kg: num.optional().describe('Published specific energy [Wh/kg].'),
      energy_density_Wh_L: num.optional().describe('Published energy density [Wh/L].'),
    })
    .optional()
    .describe('Published figures of a real cell this design describes; the output compares each with the design (validation).'),
  extra_parts: z
    .array(
      z.strictObject({
        name: z.string().min(1).describe('Part name in the bill of materials.'),
        material: z.string().default('other').describe('Material label.'),
        mass_g: num.describe('Mass per cell [g].'),
        volume_cm3: num.default(0).describe('Volume inside the cell outline it takes [cm³] (0: already in the outline).'),
        price_USD_kg: num.default(0).describe('Price [USD/kg].'),
        co2_kg_per_kg: num.default(0).describe('Cradle-to-gate CO2 [kg/kg].'),
      }),
    )
    .default([])
    .describe('Further parts per cell (frames, terminals, sensors, …) added to the mass and the bill of materials.'),
  pack: z
    .strictObject({
      cells_series: z.number().int().positive().default(96).describe('Cells in series.'),
      cells_parallel: z.number().int().positive().optional().describe('Cells in parallel (default: enough to reach target_kWh).'),
      target_kWh: num.default(60).describe('Pack energy the default cells_parallel reaches (a mid-size EV pack).'),
      cells_per_module: z.number().int().positive().default(12).describe('Cells per module.'),
      housing_kg_per_kg_cells: num
        .optional()
        .describe("Housing (enclosure, module frames, busbars, harness, junction box) per kg of cells [kg/kg]; default 0.45, the simulator's (pack/breakdown.ts)."),
      cooling_kg_per_kg_cells: num.optional().describe("Cooling plates, coolant and piping per kg of cells [kg/kg]; default 0.067 (liquid), the simulator's (pack/breakdown.ts)."),
      bms_kg: num.optional().describe("BMS, contactors, fuse and wiring [kg]; default 1 kg + 0.3 kg per module, the simulator's (pack/breakdown.ts)."),
    })
    .prefault({})
    .describe('Pack built from the cell: mass, cost and bill of materials of modules and pack (BatPaC-style per-kWh and per-cell parts).'),
  cost: z
    .strictObject({
      learning_rate: num.default(0.18).describe('Cost falls by this fraction per doubling of cumulative production: C(x) = C0·(x/x0)^(−b), b = −log2(1 − rate).'),
      cumulative_GWh_now: num.default(1).describe('Cumulative production today (x0).'),
      projection_GWh: z.array(num).min(1).default([1, 10, 100, 1000]).describe('Cumulative productions at which the cost is projected.'),
    })
    .prefault({})
    .describe('Learning-curve cost projection.'),
});

export type Design = z.output<typeof designSchema>;

/** Validate a parsed design document; the first problem becomes an InputError naming the field and value. */
export function parseDesign(raw: unknown, file = 'design'): Design {
  return parseWithSchema(designSchema, raw, file, (issue, path) =>
    issue.code === 'invalid_union' && path[path.length - 1] === 'packaging' ? "packaging.type must be 'pouch', 'cylindrical' or 'prismatic' (with that type's fields)" : undefined,
  );
}
