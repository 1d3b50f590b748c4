/**
 * Thermal-runaway reaction sets per cell family (cell parameters `runaway`, physics/runaway/
 * arrhenius.ts): each stage's heat per kg of cell, its Arrhenius parameters and where they come
 * from. A source beginning with "assumed" has no published figure behind it; `ssb runaway-test`
 * names those stages in its verdict.
 *
 * Liquid NMC811 | graphite: the reaction sequence and kinetics of Hatchard et al., J. Electrochem.
 * Soc. 148 (2001) A755 and Kim et al., J. Power Sources 170 (2007) 476, Table 1 (SEI decomposition,
 * negative–electrolyte, positive–electrolyte, electrolyte decomposition; A [1/s], Ea [J/mol], H per
 * g of carbon / cathode / electrolyte), converted to per kg of cell with the mass fractions below,
 * plus the separator collapse → internal short that releases stored electrical energy (the "T2"
 * trigger of Feng et al., Energy Storage Mater. 10 (2018) 246). The electrolyte's combustion with
 * air happens outside the cell, in the vent flame: it is not a stage (its heat goes with the ejecta).
 *
 * Kim's Table 1 values used here (A, Ea, H, c_sei0 0.15, x0 0.75, α0 0.04) were re-checked against
 * three independent public implementations of the Hatchard/Kim four-reaction model (code search,
 * December 2026; the paper itself was not re-read): they agree. No mismatch was found.
 */

/** Shape of cell parameters `runaway` (physics/cell-params.ts), kept here as plain data. */
export interface RunawayStageData {
  name: string;
  heat_kJ_kg: number;
  ea_kJ_mol: number;
  a_1_s?: number;
  onset_C?: number;
  soc_scaled?: boolean;
  source: string;
}
export interface RunawayVentData {
  temp_C: number;
  opening_mass_fraction: number;
  total_mass_fraction: number;
  source: string;
}
export interface RunawayData {
  stages: RunawayStageData[];
  vent: RunawayVentData | null;
}

/**
 * Mass fractions of an NMC811 | graphite EV pouch cell (assumed, typical teardown proportions:
 * graphite 15–20 %, cathode active material 30–38 %, electrolyte 10–15 % of cell mass).
 */
const LIQUID_GRAPHITE_FRACTION = 0.17;
const LIQUID_CATHODE_FRACTION = 0.33;
const LIQUID_ELECTROLYTE_FRACTION = 0.12;
/** Stored electrical energy of an NMC811 EV cell at SoC 1 [kJ/kg] (≈ 250 Wh/kg, assumed round figure). */
const LIQUID_STORED_kJ_kg = 900;

const KIM = 'Kim et al., J. Power Sources 170 (2007) 476, Table 1 (from Hatchard et al. 2001)';

export const LIQUID_NMC_RUNAWAY: RunawayData = {
  stages: [
    {
      name: 'SEI decomposition',
      // 257 J/g of carbon × initial SEI fraction 0.15 (Kim Table 1) × graphite fraction
      heat_kJ_kg: 0.257 * 1000 * 0.15 * LIQUID_GRAPHITE_FRACTION,
      a_1_s: 1.667e15,
      ea_kJ_mol: 135.08,
      source: `${KIM}: A 1.667e15 1/s, Ea 1.3508e5 J/mol, H 257 J/g(C), c_sei0 0.15; graphite fraction 0.17 assumed`,
    },
    {
      name: 'negative electrode–electrolyte',
      // 1714 J/g of carbon × initial intercalated fraction 0.75 (Kim Table 1) × graphite fraction; first order (the SEI-thickness term dropped)
      heat_kJ_kg: 1.714 * 1000 * 0.75 * LIQUID_GRAPHITE_FRACTION,
      a_1_s: 2.5e13,
      ea_kJ_mol: 135.08,
      source: `${KIM}: A 2.5e13 1/s, Ea 1.3508e5 J/mol, H 1714 J/g(C), x0 0.75; reduced to first order (the SEI-tunnelling factor of Kim's eq. is left out — assumed simplification)`,
    },
    {
      name: 'separator collapse → internal short',
      heat_kJ_kg: 0.25 * LIQUID_STORED_kJ_kg,
      onset_C: 160,
      ea_kJ_mol: 300,
      soc_scaled: true,
      source:
        'assumed: 25 % (range 10–50 %) of the stored electrical energy released by the short once the PE/PP separator (melting 130–165 °C) collapses, onset 160 °C and a steep Ea 300 kJ/mol; the short being a minor part of the heat follows Liu et al., Joule 2 (2018) 2047 (not re-read here)',
    },
    {
      name: 'positive electrode (O2 release)–electrolyte',
      // Kim's LiCoO2 heat is 314 J/g; Ni-rich NMC811 releases more (assumed 800 J/g of cathode) × (1 − α0 = 0.96) × cathode fraction
      heat_kJ_kg: 0.8 * 1000 * 0.96 * LIQUID_CATHODE_FRACTION,
      a_1_s: 6.667e13,
      ea_kJ_mol: 139.6,
      source: `assumed heat 800 J/g of NMC811 (range 300–1000; Kim's LiCoO2: 314 J/g), cathode fraction 0.33 assumed; kinetics ${KIM}: A 6.667e13 1/s, Ea 1.396e5 J/mol (LiCoO2), α0 0.04`,
    },
    {
      name: 'electrolyte decomposition',
      heat_kJ_kg: 0.155 * 1000 * LIQUID_ELECTROLYTE_FRACTION,
      a_1_s: 5.14e25,
      ea_kJ_mol: 274,
      source: `${KIM}: A 5.14e25 1/s, Ea 2.74e5 J/mol, H 155 J/g(electrolyte); electrolyte fraction 0.12 assumed`,
    },
  ],
  vent: {
    temp_C: 150,
    opening_mass_fraction: 0.03,
    total_mass_fraction: 0.3,
    source:
      'vent opening ≈ 150–200 °C for NMC cells (issue 17 brief; 150 °C assumed for a pouch seal); 20–40 % of the cell mass ejected in fractional thermal-runaway calorimetry of 18650s (Walker/Finegan FTRC, as summarised in the brief; not re-read) → 30 %; 3 % electrolyte vapour at opening assumed; the ejecta take their share of the unreacted contents (their heat then never heats the cell)',
  },
};

/**
 * Solid-state families: no published per-stage heats were read for these cells; every heat and
 * onset is assumed (ranges in the source) and the runaway verdict says so. What is sourced: the Li
 * melting point, and that the charged Ni-rich cathode releasing O2 is the main heat source with a
 * solid electrolyte (Bates et al., Joule 6 (2022) 742, "Are solid-state batteries safer than
 * lithium-ion batteries?" — their conclusion, not a figure used here). No vent: a dense solid cell
 * has no liquid to boil (assumed); mass loss not modelled.
 */
export const OXIDE_LLZO_RUNAWAY: RunawayData = {
  stages: [
    {
      name: 'charged cathode O2 release at the LLZO interface',
      heat_kJ_kg: 150,
      onset_C: 247,
      ea_kJ_mol: 150,
      source: 'assumed: onset 247 °C (self-heating onset of a solid Li | LFP cell by ARC, as quoted in seed 001 §5, original not checked), heat 150 kJ/kg (range 100–300), Ea 150 kJ/mol',
    },
    {
      name: 'Li metal + released O2',
      heat_kJ_kg: 150,
      onset_C: 300,
      ea_kJ_mol: 150,
      source: 'assumed: molten Li (melts 180.5 °C) reaching O2 through cracked garnet, onset 300 °C, heat 150 kJ/kg (range 50–400)',
    },
  ],
  vent: null,
};

export const SULFIDE_LPSCL_RUNAWAY: RunawayData = {
  stages: [
    {
      name: 'molten Li + Li6PS5Cl',
      heat_kJ_kg: 200,
      onset_C: 400,
      ea_kJ_mol: 140,
      source:
        'assumed: heat 200 kJ/kg (range 50–300) and Ea 140 kJ/mol; sourced: onset 400 °C — Li6PS5Cl keeps stable against metallic (molten) Li up to 400 °C behind a Li2S–LiP–Li3P–LiCl interphase, where Li10GeP2S12 runs away with Li at 300 °C (abstract of a study of LGPS and LPSCl against Li under thermal runaway, in situ optical microscopy and infrared imaging, cryo-EM, ab initio MD; read as an abstract, title not recorded — confirm before citing)',
    },
    {
      name: 'charged NMC O2 release oxidising the sulfide',
      heat_kJ_kg: 250,
      onset_C: 180,
      ea_kJ_mol: 140,
      source:
        "assumed: heat 250 kJ/kg (range 150–400) and Ea 140 kJ/mol; sourced: onset 180 °C, the middle of the 160–200 °C below which the first of two exothermic stages of NCM811 | Li6PS5Cl cells begins (breakdown of the cathode–electrolyte interphase formed in cycling; 'Electrochemical initiation and chemical reaction cascades in dual-stage thermal runaway in sulfide-based all-solid-state batteries', Nature Communications 2026, doi 10.1038/s41467-026-69472-3, read in its lay summary); that charged NCM811 with Li6PS5Cl is the runaway pair (sulfur the trigger) follows the abstract of 'Critical factors contributing to the thermal runaway of thiophosphate solid electrolytes for all-solid-state batteries'",
    },
  ],
  vent: null,
};

/**
 * PEO–LiTFSI | LFP with a Li-metal anode. Onsets from two thermal-stability studies (read as
 * abstracts; searched: "PEO LiTFSI thermal runaway onset ARC DSC", "thermal stability polymer
 * electrolyte cathode"): (PEO)8LiCF3SO3 is stable with Li metal up to 220 °C and with oxide cathodes
 * (V2O5, LiV3O8, V6O13, LiCoO2) below about 160 °C (TG-DTA and impedance; "Thermal-Stability of the
 * Polymer Electrolyte (PEO)8LiCF3SO3", J. Electrochem. Soc. 141 (1994) 2978–2981); PEO electrolytes
 * mixed with NMC622 are stable up to 300 °C in argon (TGA/DSC-MS; "Thermal stability of polyethylene
 * oxide electrolytes in lithium nickel manganese cobalt oxide based composite cathodes", journal not
 * recorded). No ARC of a full PEO | LFP cell was found: every heat is assumed.
 */
export const POLYMER_PEO_RUNAWAY: RunawayData = {
  stages: [
    {
      name: 'PEO–LiTFSI + charged cathode O2',
      heat_kJ_kg: 250,
      onset_C: 180,
      ea_kJ_mol: 130,
      source:
        'assumed: heat 250 kJ/kg (range 150–400) and Ea 130 kJ/mol; onset 180 °C within the published 160–300 °C of PEO electrolytes against charged cathodes (below ≈ 160 °C stable with LiCoO2 and vanadium oxides, J. Electrochem. Soc. 141 (1994) 2978; stable up to 300 °C with NMC622 in argon, TGA/DSC-MS) — LFP releases little O2, so the onset sits in the lower half only as a cautious choice',
    },
    {
      name: 'molten Li + PEO',
      heat_kJ_kg: 150,
      onset_C: 220,
      ea_kJ_mol: 130,
      source:
        'assumed: heat 150 kJ/kg (range 50–300) and Ea 130 kJ/mol; sourced: onset 220 °C — (PEO)8LiCF3SO3 stable in contact with Li metal up to 220 °C (TG-DTA, J. Electrochem. Soc. 141 (1994) 2978, read as an abstract; Li melts at 180.5 °C, CRC Handbook)',
    },
  ],
  vent: null,
};
