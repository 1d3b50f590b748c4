/**
 * Cell components other than active materials and electrolytes: current collectors, binders,
 * conductive carbon, porous separators, packaging, anode seed layers, silicon, and the metals of
 * the stack-pressure fixture. Plain data with sources, validated by `ComponentMaterialSchema`.
 *
 * Units: density_kg_m3 is the solid (full-density) density; price_USD_kg and co2_kg_per_kg
 * (cradle-to-gate, kg CO2-eq per kg of material) are the cell designer's cost and LCA inputs.
 * Prices and footprints are order-of-magnitude values and say so ("assumed: …") in
 * `economicsSource`; replace them with supplier quotes and an LCA database for real decisions.
 */
import { z } from 'zod';

export type ComponentRole = 'collector' | 'binder' | 'conductive-carbon' | 'separator' | 'packaging' | 'seed-layer' | 'anode-active' | 'fixture';

export interface ComponentMaterial {
  id: string;
  name: string;
  role: ComponentRole;
  density_kg_m3: number;
  price_USD_kg: number;
  co2_kg_per_kg: number;
  /** Specific capacity [mAh/g] for 'anode-active' and lithium-storing seed layers. */
  specificCapacity_mAh_g?: number;
  heatCapacity_J_kgK?: number;
  thermalConductivity_W_mK?: number;
  /** Tensile yield strength [MPa] (fixture metals). */
  yieldStrength_MPa?: number;
  youngsModulus_GPa?: number;
  sources: string[];
  economicsSource: string;
  notes?: string;
}

const HANDBOOK = 'density, c_p, k: handbook values (CRC Handbook of Chemistry and Physics); Al and Cu as PyBaMM Chen2020 (Al 2700 kg/m³, 897 J/(kg·K), 237 W/(m·K); Cu 8960, 385, 401)';
const BATPAC = 'order of magnitude from ANL BatPaC v5 (Knehr et al., ANL-22/74, 2022) material cost tables';
const GREET = 'cradle-to-gate order of magnitude from ANL GREET 2022 battery module (Dai et al., Batteries 5 (2019) 48)';

export const COMPONENTS: Record<string, ComponentMaterial> = {
  Al: {
    id: 'Al',
    name: 'Aluminium foil (cathode current collector)',
    role: 'collector',
    density_kg_m3: 2700,
    price_USD_kg: 6,
    co2_kg_per_kg: 12,
    heatCapacity_J_kgK: 897,
    thermalConductivity_W_mK: 237,
    sources: [HANDBOOK],
    economicsSource: `assumed: battery foil ≈ 5–7 USD/kg (${BATPAC}); primary aluminium ≈ 12 kg CO2-eq/kg (${GREET})`,
  },
  Cu: {
    id: 'Cu',
    name: 'Copper foil (anode current collector)',
    role: 'collector',
    density_kg_m3: 8960,
    price_USD_kg: 12,
    co2_kg_per_kg: 5,
    heatCapacity_J_kgK: 385,
    thermalConductivity_W_mK: 401,
    sources: [HANDBOOK],
    economicsSource: `assumed: electrodeposited foil ≈ 10–14 USD/kg (${BATPAC}); ≈ 4–6 kg CO2-eq/kg (${GREET})`,
  },
  Ni: {
    id: 'Ni',
    name: 'Nickel foil (anode collector for sulfide cells, no CuS corrosion)',
    role: 'collector',
    density_kg_m3: 8900,
    price_USD_kg: 25,
    co2_kg_per_kg: 13,
    heatCapacity_J_kgK: 444,
    thermalConductivity_W_mK: 91,
    sources: [HANDBOOK],
    economicsSource: 'assumed: nickel ≈ 20 USD/kg plus foil rolling; ≈ 13 kg CO2-eq/kg for class-1 nickel (memory-grade)',
  },
  SS: {
    id: 'SS',
    name: 'Stainless-steel foil (collector for sulfide and oxide cells)',
    role: 'collector',
    density_kg_m3: 7900,
    price_USD_kg: 8,
    co2_kg_per_kg: 6,
    heatCapacity_J_kgK: 500,
    thermalConductivity_W_mK: 16,
    sources: [HANDBOOK],
    economicsSource: 'assumed: thin stainless foil, memory-grade',
  },
  PVDF: {
    id: 'PVDF',
    name: 'Polyvinylidene fluoride binder',
    role: 'binder',
    density_kg_m3: 1780,
    price_USD_kg: 20,
    co2_kg_per_kg: 20,
    sources: ['density 1.78 g/cm³ (supplier data, e.g. Solvay Solef)'],
    economicsSource: `assumed: ${BATPAC} (≈ 15–25 USD/kg); fluoropolymer ≈ 20 kg CO2-eq/kg (memory-grade)`,
  },
  'CMC-SBR': {
    id: 'CMC-SBR',
    name: 'Carboxymethyl cellulose + styrene-butadiene rubber (aqueous anode binder)',
    role: 'binder',
    density_kg_m3: 1100,
    price_USD_kg: 6,
    co2_kg_per_kg: 3,
    sources: ['density ≈ 1.1 g/cm³ (SBR 0.94–1.0, CMC 1.6; mix memory-grade)'],
    economicsSource: `assumed: ${BATPAC}`,
  },
  PTFE: {
    id: 'PTFE',
    name: 'Polytetrafluoroethylene (fibrillating binder for dry processing)',
    role: 'binder',
    density_kg_m3: 2200,
    price_USD_kg: 15,
    co2_kg_per_kg: 15,
    sources: ['density 2.2 g/cm³ (handbook)'],
    economicsSource: 'assumed: memory-grade',
  },
  SBR: {
    id: 'SBR',
    name: 'Styrene-butadiene rubber / nitrile binder for sulfide slurries (non-polar solvent)',
    role: 'binder',
    density_kg_m3: 1000,
    price_USD_kg: 8,
    co2_kg_per_kg: 3,
    sources: ['density ≈ 1.0 g/cm³ (handbook)'],
    economicsSource: 'assumed: memory-grade',
  },
  'carbon-black': {
    id: 'carbon-black',
    name: 'Conductive carbon black (Super P / C65)',
    role: 'conductive-carbon',
    density_kg_m3: 1900,
    price_USD_kg: 8,
    co2_kg_per_kg: 2.5,
    sources: ['skeletal density ≈ 1.8–2.0 g/cm³ (supplier data, Imerys C65)'],
    economicsSource: `assumed: ${BATPAC}; furnace black ≈ 2–3 kg CO2-eq/kg (memory-grade)`,
  },
  VGCF: {
    id: 'VGCF',
    name: 'Vapour-grown carbon fibre (conductive additive in sulfide/oxide composites)',
    role: 'conductive-carbon',
    density_kg_m3: 2000,
    price_USD_kg: 50,
    co2_kg_per_kg: 10,
    sources: ['density ≈ 2.0 g/cm³ (supplier data, Showa Denko VGCF-H)'],
    economicsSource: 'assumed: memory-grade',
  },
  'PE-separator': {
    id: 'PE-separator',
    name: 'Polyolefin (PE/PP) porous separator (liquid-electrolyte cells)',
    role: 'separator',
    density_kg_m3: 946,
    price_USD_kg: 150,
    co2_kg_per_kg: 6,
    sources: ['polyethylene solid density 0.946 g/cm³ (handbook); porosity ≈ 0.4–0.5 (e.g. Chen2020: 0.47)'],
    economicsSource: 'assumed: ≈ 1 USD/m² for a 12 µm film of porosity 0.47 (≈ 6 g/m²) → ≈ 150 USD/kg (BatPaC order of magnitude); footprint memory-grade',
  },
  'pouch-laminate': {
    id: 'pouch-laminate',
    name: 'Aluminium-laminated pouch film (PA/Al/PP, ≈ 150 µm)',
    role: 'packaging',
    density_kg_m3: 1600,
    price_USD_kg: 8,
    co2_kg_per_kg: 10,
    sources: ['areal mass ≈ 0.24 kg/m² for 153 µm film (supplier data, DNP D-EL40H class) → ≈ 1.6 g/cm³ effective density (memory-grade)'],
    economicsSource: 'assumed: ≈ 2 USD/m² (memory-grade); Al layer dominates the footprint',
  },
  'PET-film': {
    id: 'PET-film',
    name: 'Insulation film (PET/PP tape) between bi-cells and around the stack',
    role: 'packaging',
    density_kg_m3: 1380,
    price_USD_kg: 5,
    co2_kg_per_kg: 3,
    sources: ['PET density 1.38 g/cm³ (handbook); 40 µm insulation films between the bi-cells of the 10-bi-cell stack of Lee et al., Nat. Energy 5 (2020) 299 (Supplementary Table 3)'],
    economicsSource: 'assumed: commodity PET film ≈ 3–5 USD/kg, CO2 ≈ 3 kg/kg (PlasticsEurope eco-profile order of magnitude), memory-grade',
  },
  'PP-frame': {
    id: 'PP-frame',
    name: 'Polymer edge frame / spacer (PP) around the electrodes',
    role: 'packaging',
    density_kg_m3: 905,
    price_USD_kg: 4,
    co2_kg_per_kg: 2,
    sources: ['polypropylene density 0.905 g/cm³ (handbook)'],
    economicsSource: 'assumed: moulded PP ≈ 2–4 USD/kg, CO2 ≈ 2 kg/kg (PlasticsEurope eco-profile order of magnitude), memory-grade',
  },
  'steel-can': {
    id: 'steel-can',
    name: 'Nickel-plated steel can (cylindrical cells)',
    role: 'packaging',
    density_kg_m3: 7900,
    price_USD_kg: 3,
    co2_kg_per_kg: 2.5,
    sources: ['steel 7.9 g/cm³; 21700 can wall ≈ 0.165 mm (Intercalation Station, "BotB 4: cylindrical cells", 2023); 18650 0.22–0.28 mm (batterydesign.net, cylindrical cell electrode estimation)'],
    economicsSource: 'assumed: memory-grade',
  },
  'al-can': {
    id: 'al-can',
    name: 'Aluminium can (prismatic cells)',
    role: 'packaging',
    density_kg_m3: 2700,
    price_USD_kg: 6,
    co2_kg_per_kg: 12,
    sources: [HANDBOOK],
    economicsSource: 'assumed: memory-grade',
  },
  'Ag-C': {
    id: 'Ag-C',
    name: 'Silver–carbon nanocomposite seed layer (anode-free cells)',
    role: 'seed-layer',
    density_kg_m3: 2800,
    price_USD_kg: 250,
    co2_kg_per_kg: 60,
    sources: [
      'Lee et al., Nat. Energy 5 (2020) 299 (Ag–C layer for anode-free sulfide cells; Ag:C ≈ 1:3 by mass, ≈ 10 µm, memory-grade); density mass-weighted Ag 10.5 / C 2.0 g/cm³ with ≈ 35 % porosity (assumed)',
    ],
    economicsSource: 'assumed: silver ≈ 800 USD/kg and ≈ 200 kg CO2-eq/kg at 25 wt %, carbon black the rest (memory-grade)',
  },
  Si: {
    id: 'Si',
    name: 'Silicon anode (micro/nano-Si; design only — no OCV curve for the simulator yet)',
    role: 'anode-active',
    density_kg_m3: 2330,
    price_USD_kg: 20,
    co2_kg_per_kg: 15,
    specificCapacity_mAh_g: 3579,
    sources: ['Li15Si4: 3579 mAh/g, ≈ 300 % volume expansion (Obrovac & Christensen, Electrochem. Solid-State Lett. 7 (2004) A93); density 2.33 g/cm³ (handbook)'],
    economicsSource: 'assumed: battery-grade silicon ≈ 10–30 USD/kg, memory-grade',
    notes: 'A practical Si anode is porous and pre-lithiated; the designer uses the theoretical capacity, so N/P and mass are optimistic.',
  },
  Al6061: {
    id: 'Al6061',
    name: 'Aluminium 6061-T6 end plates',
    role: 'fixture',
    density_kg_m3: 2700,
    price_USD_kg: 5,
    co2_kg_per_kg: 12,
    yieldStrength_MPa: 276,
    youngsModulus_GPa: 69,
    sources: ["yield 276 MPa, E 69 GPa (ASM handbook); the plate sizing of pack/fixture.ts (Roark's formulas)"],
    economicsSource: 'assumed: machined plate, memory-grade',
  },
  'steel-8.8': {
    id: 'steel-8.8',
    name: 'Steel tie rods, property class 8.8',
    role: 'fixture',
    density_kg_m3: 7850,
    price_USD_kg: 3,
    co2_kg_per_kg: 2.5,
    yieldStrength_MPa: 640,
    youngsModulus_GPa: 200,
    sources: ['ISO 898-1 property class 8.8 (proof 600 MPa, yield 640 MPa)'],
    economicsSource: 'assumed: memory-grade',
  },
};

/** Boundary validation of a component entry (zod). */
export const ComponentMaterialSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  role: z.enum(['collector', 'binder', 'conductive-carbon', 'separator', 'packaging', 'seed-layer', 'anode-active', 'fixture']),
  density_kg_m3: z.number().min(100).max(25000),
  price_USD_kg: z.number().positive(),
  co2_kg_per_kg: z.number().positive(),
  specificCapacity_mAh_g: z.number().positive().optional(),
  heatCapacity_J_kgK: z.number().positive().optional(),
  thermalConductivity_W_mK: z.number().positive().optional(),
  yieldStrength_MPa: z.number().positive().optional(),
  youngsModulus_GPa: z.number().positive().optional(),
  sources: z.array(z.string().min(1)).min(1),
  economicsSource: z.string().min(1),
  notes: z.string().optional(),
});

/** Component ids of one role (for "did you mean" lists). */
export function componentIds(role: ComponentRole): string[] {
  return Object.values(COMPONENTS)
    .filter((c) => c.role === role)
    .map((c) => c.id);
}
