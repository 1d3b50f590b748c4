/**
 * Data the cell designer needs besides the materials library: manufacturing routes, production
 * atmospheres, cell assembly, energy prices, the learning curve and seed 001 Table 7. Every value
 * carries its source; "assumed: …" marks engineering estimates. Units are in the names.
 */

export type ProcessRoute = 'wet-coating' | 'dry-processing' | 'extrusion' | 'tape-casting-sintering' | 'thin-film' | 'purchased';
export type Atmosphere = 'ambient' | 'dry-room' | 'inert-gas';

export interface RouteData {
  /** Process energy per m² of layer made [kWh/m²] (drying, solvent recovery, furnaces, vacuum). */
  energy_kWh_m2: number;
  /** Line throughput [m²/h] (informational: the conversion cost already spreads capex over it). */
  throughput_m2_h: number;
  /** Fraction of layer area that passes inspection; the rest is scrap (its materials are paid for). */
  yield: number;
  /** Conversion cost per m² of good layer: depreciation, labour, overhead [USD/m²]. */
  conversion_USD_m2: number;
  /** Atmosphere the route needs for the materials it handles (the strictest one per cell applies). */
  source: string;
}

/**
 * Manufacturing routes of seed 001 §3 and Table 5 (wet processing, dry processing, melt extrusion,
 * tape casting + sintering, thin-film vapour deposition). The numbers are order-of-magnitude
 * engineering estimates anchored as stated; seed 001 Table 5 gives the ranking (sintering: high
 * energy, Li loss; dry processing: low energy; printing/thin film: low throughput).
 */
export const ROUTES: Record<ProcessRoute, RouteData> = {
  'wet-coating': {
    energy_kWh_m2: 1.3,
    throughput_m2_h: 2000,
    yield: 0.95,
    conversion_USD_m2: 1.5,
    source:
      'assumed: coating + drying + NMP recovery ≈ 45 % of 20–37 kWh per kWh of cells (Degen et al., Nat. Energy 8 (2023) 1284) spread over ≈ 7 m² of cathode per kWh → ≈ 1.3 kWh/m²; 60 m/min × 0.6 m lines; conversion cost order of magnitude of BatPaC v5 electrode processing',
  },
  'dry-processing': {
    energy_kWh_m2: 0.5,
    throughput_m2_h: 1500,
    yield: 0.93,
    conversion_USD_m2: 1.2,
    source: 'assumed: solvent-free powder calendering avoids drying and solvent recovery (seed 001 §3.2, Table 5: "high cost efficiency, low energy"); ≈ 40 % of the wet-coating energy, memory-grade',
  },
  extrusion: {
    energy_kWh_m2: 0.7,
    throughput_m2_h: 600,
    yield: 0.92,
    conversion_USD_m2: 2.0,
    source: 'assumed: melt extrusion of polymer / ceramic-in-polymer films (seed 001 §3.2: solvent-free, lower throughput than wet coating), memory-grade',
  },
  'tape-casting-sintering': {
    energy_kWh_m2: 6,
    throughput_m2_h: 200,
    yield: 0.8,
    conversion_USD_m2: 8,
    source:
      'assumed: tape casting + binder burn-out + sintering at 1100–1200 °C (Cheng et al., JMCA 2014: 94 % dense Al-LLZO at 1100 °C); seed 001 §3.5 and Table 5 (energy-intensive, Li loss); oxide sintering is the critical cost step (Schnell et al., Energy Technol. 2020); energy, yield and cost memory-grade',
  },
  'thin-film': {
    energy_kWh_m2: 20,
    throughput_m2_h: 20,
    yield: 0.85,
    conversion_USD_m2: 40,
    source: 'assumed: sputtering / PVD under vacuum for LiPON and thin Li (seed 001 §3.6: low deposition rates, vacuum), memory-grade',
  },
  purchased: {
    energy_kWh_m2: 0,
    throughput_m2_h: 1e9,
    yield: 0.98,
    conversion_USD_m2: 0,
    source: 'bought-in film (polyolefin separator): its price is in the materials cost; 2 % handling scrap assumed',
  },
};

export interface AtmosphereData {
  /** Energy per m² of cell-stack area handled in that atmosphere [kWh/m²]. */
  energy_kWh_m2: number;
  /** Cost of the controlled space per m² of stack area [USD/m²]. */
  cost_USD_m2: number;
  source: string;
}

export const ATMOSPHERES: Record<Atmosphere, AtmosphereData> = {
  ambient: { energy_kWh_m2: 0, cost_USD_m2: 0, source: 'no controlled atmosphere' },
  'dry-room': {
    energy_kWh_m2: 0.8,
    cost_USD_m2: 0.5,
    source:
      'assumed: dry room at −40 °C dew point (≈ 126 ppm H2O; enough for handling sulfide slurries, Kreher, Batteries 2023; GM, Front. Energy Res. 2022) takes ≈ 30 % of Li-ion cell-production energy (Degen et al. 2023), spread per m² of stack',
  },
  'inert-gas': {
    energy_kWh_m2: 2,
    cost_USD_m2: 3,
    source:
      'assumed: argon-purged lines for Li-metal and sulfide synthesis / oxide sintering atmospheres (seed 000: Li metal "must be produced within dry rooms or similar settings"; seed 001 §3.5 controlled atmospheres), memory-grade',
  },
};

/** Cell assembly (stacking/winding, tab welding, packaging, electrolyte filling) and formation/ageing per kWh. */
export const ASSEMBLY = {
  liquid: {
    USD_per_kWh: 14,
    energy_kWh_per_kWh: 3,
    source: 'assumed: assembly ≈ 4 + formation/ageing ≈ 10 USD/kWh (BatPaC v5 order of magnitude); formation energy ≈ 3 kWh per kWh (Degen et al. 2023, memory-grade)',
  },
  ssb: {
    USD_per_kWh: 12,
    energy_kWh_per_kWh: 2,
    source: 'assumed: no electrolyte filling or wetting, shorter formation, but stack pressing/lamination (seed 001 §3.4); memory-grade',
  },
} as const;

export const ECONOMY = {
  electricity_USD_per_kWh: { value: 0.1, source: 'assumed: industrial electricity ≈ 0.10 USD/kWh' },
  grid_kgCO2_per_kWh: { value: 0.45, source: 'assumed: world-average grid ≈ 0.45 kg CO2-eq/kWh (IEA, Electricity 2024, rounded)' },
  learning_rate: {
    value: 0.18,
    source:
      'assumed: ≈ 18 % cost decline per doubling of cumulative Li-ion production (BloombergNEF battery price survey; Ziegler & Trancik, Energy Environ. Sci. 14 (2021) 1635 report 20–24 % for cells)',
  },
  cumulative_GWh_now: { value: 1, source: 'assumed: an SSB line at pilot scale has produced ≈ 1 GWh cumulatively' },
  projection_GWh: { value: [1, 10, 100, 1000] as number[], source: 'assumed: pilot → gigafactory → industry scale' },
} as const;

/** Seed 001 Table 7 (Popien et al., Int. J. Life Cycle Assess. 28 (2023) 462): impacts per kWh of battery pack. */
export interface Table7Column {
  climateChange_kgCO2eq: number;
  humanToxicity_kg14DCBeq: number;
  metalDepletion_kgFeeq: number;
  photochemicalOxidants_kgNMVOCeq: number;
}
export const TABLE7_SOURCE = 'seed 001 Table 7: Popien, Thies, Barke & Spengler, Int. J. Life Cycle Assess. 28 (2023) 462–477 (per kWh of battery pack)';
export const TABLE7: Record<string, Table7Column> = {
  'LIB-NCA': { climateChange_kgCO2eq: 110.54, humanToxicity_kg14DCBeq: 254.46, metalDepletion_kgFeeq: 125.51, photochemicalOxidants_kgNMVOCeq: 0.59 },
  'LIB-LFP': { climateChange_kgCO2eq: 91.25, humanToxicity_kg14DCBeq: 240.16, metalDepletion_kgFeeq: 56.21, photochemicalOxidants_kgNMVOCeq: 0.41 },
  'LIB-NMC622': { climateChange_kgCO2eq: 110.76, humanToxicity_kg14DCBeq: 254.13, metalDepletion_kgFeeq: 154.55, photochemicalOxidants_kgNMVOCeq: 0.57 },
  'LIB-NMC811': { climateChange_kgCO2eq: 102.34, humanToxicity_kg14DCBeq: 243.81, metalDepletion_kgFeeq: 116.76, photochemicalOxidants_kgNMVOCeq: 0.55 },
  LSB: { climateChange_kgCO2eq: 90.34, humanToxicity_kg14DCBeq: 163.84, metalDepletion_kgFeeq: 36.3, photochemicalOxidants_kgNMVOCeq: 0.34 },
  'ASSB-NCA': { climateChange_kgCO2eq: 120.97, humanToxicity_kg14DCBeq: 193.63, metalDepletion_kgFeeq: 107.59, photochemicalOxidants_kgNMVOCeq: 0.53 },
  'ASSB-LFP': { climateChange_kgCO2eq: 111.43, humanToxicity_kg14DCBeq: 205.98, metalDepletion_kgFeeq: 43.04, photochemicalOxidants_kgNMVOCeq: 0.37 },
  'ASSB-NMC622': { climateChange_kgCO2eq: 123.08, humanToxicity_kg14DCBeq: 203.71, metalDepletion_kgFeeq: 139.09, photochemicalOxidants_kgNMVOCeq: 0.51 },
  'ASSB-NMC811': { climateChange_kgCO2eq: 111.84, humanToxicity_kg14DCBeq: 181.51, metalDepletion_kgFeeq: 102.01, photochemicalOxidants_kgNMVOCeq: 0.49 },
  'ASSB-LSB': { climateChange_kgCO2eq: 79.63, humanToxicity_kg14DCBeq: 132.03, metalDepletion_kgFeeq: 27.37, photochemicalOxidants_kgNMVOCeq: 0.26 },
};

/** Table 7 column for a cell: LIB/ASSB by electrolyte, cathode by material (NMC532 maps to NMC622, the nearest column); null when none fits (LCO). */
export function table7Key(kind: 'ssb' | 'liquid', cathode: string): string | null {
  const c = cathode === 'NMC532' ? 'NMC622' : cathode;
  if (!['NCA', 'LFP', 'NMC622', 'NMC811'].includes(c)) return null;
  return `${kind === 'ssb' ? 'ASSB' : 'LIB'}-${c}`;
}

/**
 * Published charge limits of graphite-anode (liquid) cells: the maximum charge C-rate at 25 °C by
 * cathode chemistry (datasheets) and the derating with temperature that protects graphite from Li
 * plating (datasheet charge tables). The designer takes the lowest of these and its physical
 * limits (ohmic drop, electrolyte depletion, anode potential).
 */
export const GRAPHITE_CHARGE = {
  capByCathode_C: {
    LFP: {
      value: 4,
      source: 'A123 M1-family LFP | graphite power cells: fast charge ≈ 4C to 3.6 V CC-CV in ≈ 15 min (ANR26650M1 datasheet: 10 A for 2.3 Ah; APR18650M1A: 4 A for 1.1 Ah), memory-grade',
    },
    other: {
      value: 1,
      source: 'NMC/NCA/LCO | graphite energy cells: datasheet maximum charge 0.7–1C (LG INR21700-M50: 0.7C; Samsung INR21700-50E and typical 18650/21700 energy cells: 1C), memory-grade',
    },
  },
  /** Fraction of the 25 °C limit allowed at cell temperature ≥ min_C (first match from the top); below the last: no charge. */
  derating: [
    { min_C: 15, factor: 1 },
    { min_C: 5, factor: 0.5 },
    { min_C: 0, factor: 0.2 },
  ],
  deratingSource:
    'Li-ion datasheet charge tables: charge 0–45 °C only (LG INR18650-M29 and INR21700-M50, Tenpower INR21700-40TG 0–50 °C; "prohibited to charge below 0 °C"); reduced current below 15 °C: 0.5 of the maximum at 5–15 °C and 0.2 at 0–5 °C (e.g. LiMn2O4 | graphite 26650 specification: 0.2C / 0.5C / 1C at 0–5 / 5–15 / 15–55 °C; LFP | graphite 48 V module: no charge below 0 °C, 0.1–0.2C at 0–10 °C)',
} as const;

/**
 * The BMS's charge limit of a graphite-anode (liquid) EV cell vs cell temperature: the peak
 * C-rate at 25 °C by cathode chemistry and the fractions of it allowed in the cold against Li
 * plating (the simulator's BMS, sim/bms-setup.ts; the cell designer's datasheet limits above are
 * those of small-format energy cells, not of EV cells made and cooled for fast charge).
 * Piecewise linear between the points, the value at 25 °C up to the top of the table (45 °C) and
 * no charge outside 0…45 °C (the datasheet charge window of GRAPHITE_CHARGE).
 */
export const LIION_EV_CHARGE = {
  peak25C_C: {
    LFP: { value: GRAPHITE_CHARGE.capByCathode_C.LFP.value, source: GRAPHITE_CHARGE.capByCathode_C.LFP.source },
    other: {
      value: 2,
      source:
        'NMC/NCA | graphite EV packs accept a peak of ≈ 2–3C on a DC fast charger (2022 Hyundai Ioniq 5: 240 kW maximum acceptance, Consumer Reports DCFC study 2024, on its 77.4 kWh pack ≈ 3C); 10→80 % times measured by P3 for the Edmunds EV Charging Test (Nov 2023) and automaker claims of 18–35 min; 2C, the lower end of the range, assumed for the reference cell',
    },
  },
  /** Fraction of the 25 °C peak at cell temperature temp_C (piecewise linear). */
  derating: { temp_C: [0, 10, 25, 45], factor: [1 / 6, 0.375, 1, 1] },
  deratingSource:
    'Yang et al., "Fast charging of lithium-ion batteries at all temperatures", PNAS 115 (2018) 7266: a PHEV NMC | graphite cell that charges at 4C without Li plating at 25 °C allows only 1.5C at 10 °C and C/1.5 at 0 °C (fractions 0.375 and 1/6); constant 25–45 °C and no charge below 0 °C or above 45 °C (datasheet charge window, GRAPHITE_CHARGE.deratingSource)',
} as const;

/**
 * Pack parts built around the cells (per module, per kWh, per pack). Memory-grade BatPaC-style
 * figures, each overridable in the design file's `pack` block.
 */
export const PACK_DEFAULTS = {
  housing: {
    USD_per_kg: 8,
    source: 'price ≈ 8 USD/kg of formed and assembled aluminium/steel, frames, busbars and harness (assumed; BatPaC v5 order of magnitude), memory-grade',
  },
  cooling: {
    USD_per_kg: 10,
    source: 'price ≈ 10 USD/kg of Al cooling plates, coolant and piping (assumed; BatPaC v5 thermal-management order of magnitude), memory-grade',
  },
  bms: {
    USD: 250,
    USD_per_series_cell: 2,
    source: 'assumed: BMS master and cell-monitoring boards, contactors, fuse and harness ≈ 250 USD + 2 USD per series cell (BatPaC v5 battery-management order of magnitude), memory-grade',
  },
  integration: {
    USD_per_kWh: 8,
    source: 'assumed: module and pack assembly, end-of-line test ≈ 8 USD/kWh (BatPaC v5 order of magnitude), memory-grade',
  },
} as const;
