/**
 * Electrolyte library: ionic conductivity models, thermal and mechanical data, stability and
 * critical current density for Li plating. SI units inside (S/m, kg/m³, J/(kg·K), W/(m·K), eV, K,
 * Pa, A/m²); conversions from the literature units are written out next to each value
 * (1 mS/cm = 0.1 S/m; 1 mA/cm² = 10 A/m²).
 *
 * Provenance: every entry lists its `sources`; fields whose value is memory-grade, a typical
 * value for the material class, or an engineering guess are named in `assumed` and explained in
 * `notes`. Values tagged (≈) in /shared/spec/materials-data.md are treated as assumed until
 * checked against the cited paper.
 *
 * Conductivity models (evaluated by physics/transport/conductivity.ts):
 *  - 'arrhenius':    σ = σ_ref · exp(−Ea/k_B · (1/T − 1/T_ref))
 *  - 'vtf':          σ = A · T^(−½) · exp(−B/(T − T0))                  (Vogel–Tammann–Fulcher)
 *  - 'polymer-melt': ln σ = (1 − w)·ln σ_cryst + w·ln σ_VTF,  w = 1/(1 + exp(−(T − T_m)/width))
 *                    (semi-crystalline polymer: Arrhenius below the melting point, VTF above)
 *
 * Critical current density (CCD) convention for the `ccd` block — the one law of the simulator's
 * filament model (physics/filament/ccd.ts `criticalCurrentDensity_A_m2`, the only function of
 * that name; `ccdLawFromMaterial` there turns this block into its parameters):
 *      CCD(T, p) = ccd_ref · exp(−Ea/k_B · (1/T − 1/T_ref)) · (max(p, 0.01 MPa)/p_ref)^n
 * so `ccd_ref_A_m2` is the value at T_ref and the reference stack pressure p_ref. CCD rises with
 * temperature (Sharafi et al., J. Power Sources 302 (2016) 135) and with stack pressure
 * (Kasemchainan et al., Nat. Mater. 18 (2019) 1105). The activation energy is the material's own:
 * measured where a source gives one (garnet: Sharafi 2016), else the activation energy of the
 * material's ionic conductivity (assumed: CCD ∝ σ(T), the ionic-transport limit of the
 * current-focusing picture, Porz et al., Adv. Energy Mater. 7 (2017) 1701003).
 */
import { z } from 'zod';

export type ConductivityModel =
  | { kind: 'arrhenius'; sigma_ref_S_m: number; temp_ref_K: number; ea_eV: number }
  | { kind: 'vtf'; a_S_K05_m: number; b_K: number; t0_K: number }
  | {
      kind: 'polymer-melt';
      melt_K: number;
      width_K: number;
      amorphous: { a_S_K05_m: number; b_K: number; t0_K: number };
      crystalline: { sigma_ref_S_m: number; temp_ref_K: number; ea_eV: number };
    };

export interface CriticalCurrentDensity {
  ccd_ref_A_m2: number;
  temp_ref_K: number;
  ea_eV: number;
  pressure_ref_Pa: number;
  pressureExponent: number;
  source: string;
  assumed?: boolean;
}

export interface Electrolyte {
  id: string;
  name: string;
  family: 'oxide' | 'sulfide' | 'polymer' | 'halide' | 'composite' | 'liquid';
  conductivity: ConductivityModel;
  density_kg_m3: number;
  heatCapacity_J_kgK: number;
  thermalConductivity_W_mK: number;
  youngsModulus_GPa?: number;
  electrochemicalWindow_V?: [number, number];
  stableVsLi: boolean;
  transferenceNumber?: number;
  /** Critical current density at 25 °C and zero/low stack pressure for Li plating [A/m²], and its temperature activation [eV] and pressure exponent. Only for electrolytes used against Li metal. */
  ccd?: CriticalCurrentDensity;
  /** Thermal stability / runaway onset where known [K]. */
  selfHeatingOnset_K?: number;
  /** Price [USD/kg] and cradle-to-gate greenhouse-gas footprint [kg CO2-eq per kg], with their source (`economicsSource`, "assumed: …" where memory-grade). */
  price_USD_kg?: number;
  co2_kg_per_kg?: number;
  economicsSource?: string;
  sources: string[];
  notes?: string;
  /** Names of fields whose values are assumed (memory-grade, class-typical or guessed). */
  assumed?: string[];
}

const T25 = 298.15;
/** 1 mS/cm → S/m. */
const mScm = (v: number): number => v * 0.1;
/** 1 mA/cm² → A/m². */
const mAcm2 = (v: number): number => v * 10;

/**
 * PEO–LiTFSI (EO:Li ≈ 20:1, semi-crystalline) — our fit to the anchors in materials-data.md
 * (Gorecki et al. 1995 and the PEO literature):
 *   amorphous (VTF) branch: T0 = 180 K (≈ Tg − 50 K, Tg of PEO–LiTFSI ≈ 230 K), B = 1100 K (typical
 *     pseudo-activation for PEO–LiTFSI), A chosen so that σ(80 °C) = 1.0 mS/cm exactly:
 *     A = 0.1 S/m / (353.15^(−½)·exp(−1100/173.15)) = 1078.94 S·K^½/m.
 *     Gives σ(60 °C) ≈ 0.45 mS/cm and σ(100 °C) ≈ 1.9 mS/cm.
 *   crystalline (Arrhenius) branch: σ(25 °C) = 1e-7 S/cm = 1e-5 S/m (geometric middle of the
 *     1e-8…1e-6 S/cm anchor), Ea = 1.1 eV so that σ just below melting (≈ 60 °C) is ≈ 1e-5 S/cm,
 *     i.e. the usual one-and-a-half-decade jump on melting.
 *   melting: T_m = 62 °C = 335.15 K (anchor 60–65 °C), logistic width 2 K.
 *   Result: σ(80 °C)/σ(25 °C) ≈ 1e4.
 */
const PEO_AMORPHOUS = { a_S_K05_m: 1078.94, b_K: 1100, t0_K: 180 } as const;

/**
 * PEO–LLZO composite (≈ 20 wt % garnet filler in PEO–LiTFSI). The filler suppresses
 * crystallisation, so a single VTF law from −40 °C up is used. Fit (ours, assumed): T0 = 180 K,
 * B = 1100 K (as the PEO amorphous phase) and A set so that σ(25 °C) = 1e-5 S/cm (within the
 * 1e-5…1e-4 S/cm at room temperature reported for garnet-filled PEO, e.g. Chen et al., Nano
 * Energy 46 (2018) 176 "PEO/garnet composite electrolytes … from ceramic-in-polymer to
 * polymer-in-ceramic"): A = 1e-3 S/m / (298.15^(−½)·exp(−1100/118.15)) = 190.80 S·K^½/m. This gives
 * σ(60 °C) ≈ 0.08 mS/cm and σ(80 °C) ≈ 0.18 mS/cm.
 */
const PEO_LLZO_VTF = { kind: 'vtf', a_S_K05_m: 190.8, b_K: 1100, t0_K: 180 } as const;

/**
 * LiPF6 1 M in carbonate (LP57 reference): Arrhenius approximation of the Valøen & Reimers (2005,
 * J. Electrochem. Soc. 152 A882, eq. 17) correlation at c = 1 mol/L: κ(25 °C) = 11.94 mS/cm,
 * κ(0 °C) = 7.11 mS/cm, κ(50 °C) ≈ 18.3 mS/cm; the secant activation energy between 0 and 50 °C is
 * 0.138 eV (we use 0.14 eV). The Arrhenius form over-predicts the correlation by ≈ 15 % at −20 °C
 * (4.6 vs 4.0 mS/cm). Note Valøen & Reimers measured PC:EC:DMC (10:27:63); LiPF6 in EC:EMC 3:7
 * (Landesfeind & Gasteiger, J. Electrochem. Soc. 166 (2019) A3079) gives ≈ 9.1 mS/cm at 25 °C.
 */
const LIPF6_SIGMA_25 = mScm(11.94);

export const ELECTROLYTES: Record<string, Electrolyte> = {
  LLZO: {
    id: 'LLZO',
    price_USD_kg: 30,
    co2_kg_per_kg: 20,
    economicsSource: 'price 10–50 USD/kg (Balaish et al. 2021), middle; CO2 assumed: La/Zr oxide synthesis with calcination > 900 °C, memory-grade',
    name: 'Ga-doped Li7La3Zr2O12 (garnet)',
    family: 'oxide',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: mScm(1.53), temp_ref_K: T25, ea_eV: 0.268 },
    density_kg_m3: 5100,
    heatCapacity_J_kgK: 650,
    thermalConductivity_W_mK: 1.5,
    youngsModulus_GPa: 149.8,
    electrochemicalWindow_V: [0, 6],
    stableVsLi: true,
    transferenceNumber: 1,
    ccd: {
      ccd_ref_A_m2: mAcm2(1.0),
      temp_ref_K: T25,
      ea_eV: 0.15,
      pressure_ref_Pa: 1e6,
      pressureExponent: 0.5,
      source:
        'dense (> 99 %) garnet ≈ 1 mA/cm² at RT (Nat. Energy 2025, 10.1038/s41560-025-01847-0; single crystal without pressure 0.28 mA/cm², Flatscher et al., J. Mater. Chem. A 2020); Ea 0.15 eV from Sharafi et al., J. Power Sources 302 (2016) 135 (Li | LLZO CCD 0.05 mA/cm² at 25 °C → 0.3 mA/cm² at 160 °C: ln 6 · k_B / (1/298 − 1/433 K) = 0.15 eV); pressure exponent 0.5 assumed (preset ssb-oxide-llzo-nmc811)',
      assumed: true,
    },
    selfHeatingOnset_K: 520,
    sources: [
      'σ, Ea: Nasir et al., RSC EES Batteries 2025, d5eb00026b',
      'E = 149.8 GPa (hot-pressed, 3 % porosity); c_p 0.55–0.80 J/(g·K): Neises et al., J. Mater. Chem. A 2022',
      'density ≈ 5.1 g/cm³ (materials-data.md, ≈)',
      'cost 10–50 USD/kg: Balaish et al. 2021',
      'self-heating 247 °C (solid vs 90 °C liquid, Li | LFP half cells, ARC): as quoted in seed 001 §5',
    ],
    assumed: ['density_kg_m3', 'thermalConductivity_W_mK', 'electrochemicalWindow_V', 'selfHeatingOnset_K', 'price_USD_kg'],
    notes:
      'c_p = 650 J/(kg·K) is the middle of 0.55–0.80 J/(g·K). k = 1.5 W/(m·K) is memory-grade for dense LLZO (Neises 2022 range). Window 0–6 V is the often-quoted kinetic window (thermodynamic window is narrower). Self-heating onset 520 K ≈ 247 °C is a cell-level ARC number for a solid-electrolyte cell, not an intrinsic LLZO property. Price = middle of 10–50 USD/kg. Dense (> 99 %) garnet reaches ≈ 1 mA/cm² (Nat. Energy 2025, 10.1038/s41560-025-01847-0); molten Li on LLZO > 180 °C: 530 mA/cm².',
  },
  LLZO_Ta: {
    id: 'LLZO_Ta',
    price_USD_kg: 40,
    co2_kg_per_kg: 25,
    economicsSource: 'assumed: as LLZO plus tantalum (Ta2O5 ≈ 150 USD/kg, memory-grade)',
    name: 'Ta-doped garnet Li6.4La3Zr1.4Ta0.6O12 (LLZTO)',
    family: 'oxide',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: mScm(1.0), temp_ref_K: T25, ea_eV: 0.35 },
    density_kg_m3: 5450,
    heatCapacity_J_kgK: 600,
    thermalConductivity_W_mK: 1.4,
    youngsModulus_GPa: 150,
    stableVsLi: true,
    transferenceNumber: 1,
    ccd: {
      ccd_ref_A_m2: mAcm2(0.5),
      temp_ref_K: T25,
      ea_eV: 0.15,
      pressure_ref_Pa: 1e6,
      pressureExponent: 0.5,
      source: 'Zhu et al., Energy Mater. 2025 (0.34–0.70 mA/cm², Li | LLZTO pellets, RT); middle value; Ea 0.15 eV of garnet from Sharafi et al. 2016 (as LLZO); pressure exponent assumed',
      assumed: true,
    },
    sources: [
      'σ ≈ 1 mS/cm, Ea ≈ 0.35 eV: Li, Han, Goodenough, J. Mater. Chem. 2012 (≈)',
      'alternative: Ta/Nb co-doped LLZO 1.04 mS/cm at 22 °C, Ea 0.41 eV, 94.5 % dense (materials-data.md)',
      'c_p: Neises et al., J. Mater. Chem. A 2022 (Ta- and Al-substituted LLZO)',
    ],
    assumed: ['conductivity', 'density_kg_m3', 'heatCapacity_J_kgK', 'thermalConductivity_W_mK', 'youngsModulus_GPa'],
    notes: 'Conductivity and Ea are memory-grade (≈) until checked against Li/Han/Goodenough 2012. Density from the crystallographic density of LLZTO (≈ 5.4–5.5 g/cm³); E assumed equal to Ga-LLZO.',
  },
  LLTO: {
    id: 'LLTO',
    price_USD_kg: 25,
    co2_kg_per_kg: 15,
    economicsSource: 'assumed: La/Ti oxide powder, memory-grade',
    name: 'Li0.33La0.56TiO3 perovskite (LLTO)',
    family: 'oxide',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: 2e-5 * 100, temp_ref_K: T25, ea_eV: 0.4 },
    density_kg_m3: 5000,
    heatCapacity_J_kgK: 650,
    thermalConductivity_W_mK: 1.0,
    youngsModulus_GPa: 200,
    stableVsLi: false,
    transferenceNumber: 1,
    sources: ['bulk ≈ 1 mS/cm, total ≥ 2e-5 S/cm, Ea 0.40 eV (bulk); Ti⁴⁺ reduced by Li metal: Inaguma et al. 1993; Stramare et al. 2003; seed 001 Table 2'],
    assumed: ['density_kg_m3', 'heatCapacity_J_kgK', 'thermalConductivity_W_mK', 'youngsModulus_GPa'],
    notes:
      'σ_ref is the TOTAL (grain-boundary-limited) conductivity 2e-5 S/cm = 2e-3 S/m; the bulk Ea (0.40 eV) is used for lack of a total-conductivity Ea (grain-boundary Ea is usually higher). Bulk σ ≈ 1 mS/cm.',
  },
  LATP: {
    id: 'LATP',
    price_USD_kg: 25,
    co2_kg_per_kg: 12,
    economicsSource: 'assumed: phosphate glass-ceramic powder, memory-grade',
    name: 'Li1.3Al0.3Ti1.7(PO4)3 NASICON (LATP)',
    family: 'oxide',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: mScm(0.7), temp_ref_K: T25, ea_eV: 0.35 },
    density_kg_m3: 2900,
    heatCapacity_J_kgK: 750,
    thermalConductivity_W_mK: 1.0,
    youngsModulus_GPa: 98,
    electrochemicalWindow_V: [2.4, 4.5],
    stableVsLi: false,
    transferenceNumber: 1,
    sources: ['σ 0.7 mS/cm, E 81–115 GPa, K_IC 1.1 MPa·m^½, unstable vs Li: Jackman & Cutler, J. Power Sources 218 (2012) 65; Aono et al. 1990'],
    assumed: ['conductivity.ea_eV', 'density_kg_m3', 'heatCapacity_J_kgK', 'thermalConductivity_W_mK', 'electrochemicalWindow_V'],
    notes: 'Ea ≈ 0.35 eV is memory-grade (≈). E = 98 GPa is the middle of 81–115 GPa. Window lower limit: Ti⁴⁺ reduction at ≈ 2.4 V vs Li (assumed).',
  },
  LAGP: {
    id: 'LAGP',
    price_USD_kg: 200,
    co2_kg_per_kg: 40,
    economicsSource: 'assumed: germanium (≈ 1000 USD/kg GeO2-grade) dominates, memory-grade',
    name: 'Li1.5Al0.5Ge1.5(PO4)3 NASICON (LAGP)',
    family: 'oxide',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: mScm(0.3), temp_ref_K: T25, ea_eV: 0.38 },
    density_kg_m3: 3400,
    heatCapacity_J_kgK: 700,
    thermalConductivity_W_mK: 1.0,
    stableVsLi: false,
    transferenceNumber: 1,
    sources: ['σ 0.1–1 mS/cm: Int. J. Thermophys. 2020 (LAGP)'],
    assumed: ['conductivity.ea_eV', 'density_kg_m3', 'heatCapacity_J_kgK', 'thermalConductivity_W_mK'],
    notes: 'σ_ref = 0.3 mS/cm (geometric middle of 0.1–1 mS/cm). Ea, density, c_p and k are class-typical assumptions; Ge⁴⁺ is reduced by Li metal.',
  },
  LiPON: {
    id: 'LiPON',
    price_USD_kg: 200,
    co2_kg_per_kg: 30,
    economicsSource: 'assumed: sputtering target Li3PO4 price, memory-grade (the deposition process dominates cost)',
    name: 'Lithium phosphorus oxynitride thin film (LiPON)',
    family: 'oxide',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: 2e-6 * 100, temp_ref_K: T25, ea_eV: 0.55 },
    density_kg_m3: 2500,
    heatCapacity_J_kgK: 800,
    thermalConductivity_W_mK: 0.5,
    youngsModulus_GPa: 77,
    electrochemicalWindow_V: [0, 5.5],
    stableVsLi: true,
    transferenceNumber: 1,
    ccd: {
      ccd_ref_A_m2: mAcm2(10),
      temp_ref_K: T25,
      ea_eV: 0.55,
      pressure_ref_Pa: 1e6,
      pressureExponent: 0,
      source: 'assumed: thin-film LiPON cycles Li at several mA/cm² without shorting (memory-grade, e.g. Westover et al., ACS Energy Lett. 2019); Ea = its conductivity Ea 0.55 eV (CCD ∝ σ assumed)',
      assumed: true,
    },
    sources: ['σ 2 ± 1 µS/cm, Ea 0.55 ± 0.02 eV, window 0–5.5 V, electronic resistivity ≈ 1e15 Ω·cm: Put et al., ACS AMI 2016; Yu, Bates et al., J. Electrochem. Soc. 1997'],
    assumed: ['density_kg_m3', 'heatCapacity_J_kgK', 'thermalConductivity_W_mK', 'youngsModulus_GPa'],
    notes: 'σ_ref = 2 µS/cm = 2e-4 S/m. Thin film (µm), so resistance is small despite the low σ. E ≈ 77 GPa is memory-grade (nano-indentation).',
  },
  LGPS: {
    id: 'LGPS',
    price_USD_kg: 500,
    co2_kg_per_kg: 60,
    economicsSource: 'assumed: germanium dominates, memory-grade',
    name: 'Li10GeP2S12 (LGPS)',
    family: 'sulfide',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: mScm(12), temp_ref_K: T25, ea_eV: 0.22 },
    density_kg_m3: 2000,
    heatCapacity_J_kgK: 700,
    thermalConductivity_W_mK: 0.5,
    youngsModulus_GPa: 37,
    electrochemicalWindow_V: [1.7, 2.1],
    stableVsLi: false,
    transferenceNumber: 1,
    sources: ['σ 12 mS/cm, Ea ≈ 0.22 eV, density ≈ 2.0 g/cm³: Kamaya et al., Nat. Mater. 2011; thermodynamic window ≈ 1.7–2.1 V (materials-data.md)'],
    assumed: ['conductivity.ea_eV', 'density_kg_m3', 'heatCapacity_J_kgK', 'thermalConductivity_W_mK', 'youngsModulus_GPa'],
    notes: 'Ea and density are (≈) in materials-data.md. c_p, k and E are sulfide-class assumptions.',
  },
  Li6PS5Cl: {
    id: 'Li6PS5Cl',
    price_USD_kg: 80,
    co2_kg_per_kg: 15,
    economicsSource: 'assumed: Li2S-limited; Schnell et al., Energy Technol. 2020 (sulfide cells can be cost-competitive at scale) — current pilot prices are higher',
    name: 'Argyrodite Li6PS5Cl',
    family: 'sulfide',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: mScm(1.9), temp_ref_K: T25, ea_eV: 0.22 },
    density_kg_m3: 1860,
    heatCapacity_J_kgK: 700,
    thermalConductivity_W_mK: 0.5,
    youngsModulus_GPa: 22,
    electrochemicalWindow_V: [1.7, 2.5],
    stableVsLi: true,
    transferenceNumber: 1,
    ccd: {
      ccd_ref_A_m2: mAcm2(2.0),
      temp_ref_K: T25,
      ea_eV: 0.22,
      pressure_ref_Pa: 5e6,
      pressureExponent: 1.0,
      source:
        'Kasemchainan et al., Nat. Mater. 18 (2019) 1105 (≈ 1 mA/cm² at several MPa, cold-pressed Li6PS5Cl, CCD rising with stack pressure); densified to 99 % up to 9 mA/cm² (Nat. Energy 2025, 10.1038/s41560-025-01847-0); 2 mA/cm² at 5 MPa as the preset ssb-sulfide-lpscl-nmc811 (assumed between the two); Ea = its conductivity Ea 0.22 eV (CCD ∝ σ assumed); exponent 1 assumed',
      assumed: true,
    },
    sources: ['σ 1.0–2.8 mS/cm, Ea 0.20–0.25 eV, density ≈ 1.9 g/cm³: Front. Chem. 2021, 10.3389/fchem.2021.778057', 'CCD rises with stack pressure: Kasemchainan et al., Nat. Mater. 2019'],
    assumed: ['heatCapacity_J_kgK', 'thermalConductivity_W_mK', 'youngsModulus_GPa', 'electrochemicalWindow_V', 'ccd'],
    notes:
      'σ_ref = 1.9 mS/cm (middle of 1.0–2.8), Ea = 0.22 eV (middle of 0.20–0.25). stableVsLi = true in the kinetic sense: it forms a passivating Li2S/Li3P/LiCl interphase with Li metal. Window is the computed thermodynamic one (≈, assumed).',
  },
  Li7P3S11: {
    id: 'Li7P3S11',
    price_USD_kg: 70,
    co2_kg_per_kg: 15,
    economicsSource: 'assumed: as Li6PS5Cl (Li2S + P2S5), memory-grade',
    name: 'Li7P3S11 glass-ceramic',
    family: 'sulfide',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: mScm(17), temp_ref_K: T25, ea_eV: 0.18 },
    density_kg_m3: 1900,
    heatCapacity_J_kgK: 700,
    thermalConductivity_W_mK: 0.5,
    youngsModulus_GPa: 23,
    stableVsLi: false,
    transferenceNumber: 1,
    sources: ['σ 17 mS/cm, Ea 0.18 eV (17 kJ/mol): Seino et al., Energy Environ. Sci. 2014', 'glass 75Li2S–25P2S5 E = 18–25 GPa: Sakuda et al., Sci. Rep. 2013'],
    assumed: ['density_kg_m3', 'heatCapacity_J_kgK', 'thermalConductivity_W_mK', 'youngsModulus_GPa'],
    notes: 'E assumed in the 18–25 GPa range of the related sulfide glass.',
  },
  Li3InCl6: {
    id: 'Li3InCl6',
    price_USD_kg: 300,
    co2_kg_per_kg: 40,
    economicsSource: 'assumed: indium (≈ 250 USD/kg In, ≈ 37 wt %) dominates, memory-grade',
    name: 'Li3InCl6 halide',
    family: 'halide',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: mScm(1.49), temp_ref_K: T25, ea_eV: 0.35 },
    density_kg_m3: 2600,
    heatCapacity_J_kgK: 600,
    thermalConductivity_W_mK: 0.5,
    electrochemicalWindow_V: [2.4, 4.3],
    stableVsLi: false,
    transferenceNumber: 1,
    sources: ['σ 1.49 mS/cm, oxidation limit ≈ 4.3 V, unstable vs Li: Li et al., Energy Environ. Sci. 2019'],
    assumed: ['conductivity.ea_eV', 'density_kg_m3', 'heatCapacity_J_kgK', 'thermalConductivity_W_mK', 'electrochemicalWindow_V'],
    notes: 'Ea and the lower window limit (In³⁺ reduction ≈ 2.4 V) are assumed. Used as a catholyte, not against Li.',
  },
  Li3YCl6: {
    id: 'Li3YCl6',
    price_USD_kg: 100,
    co2_kg_per_kg: 25,
    economicsSource: 'assumed: yttrium chloride, memory-grade',
    name: 'Li3YCl6 halide',
    family: 'halide',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: mScm(0.5), temp_ref_K: T25, ea_eV: 0.4 },
    density_kg_m3: 2400,
    heatCapacity_J_kgK: 600,
    thermalConductivity_W_mK: 0.5,
    electrochemicalWindow_V: [0.6, 4.2],
    stableVsLi: false,
    transferenceNumber: 1,
    sources: ['σ ≈ 0.5 mS/cm: Asano et al., Adv. Mater. 2018 (≈)'],
    assumed: ['conductivity', 'density_kg_m3', 'heatCapacity_J_kgK', 'thermalConductivity_W_mK', 'electrochemicalWindow_V'],
    notes: 'σ is (≈) in materials-data.md; Ea and the computed window (≈ 0.6–4.2 V) are memory-grade.',
  },
  PEO_LiTFSI: {
    id: 'PEO_LiTFSI',
    price_USD_kg: 30,
    co2_kg_per_kg: 10,
    economicsSource: 'assumed: PEO ≈ 5 USD/kg plus ≈ 25 wt % LiTFSI at ≈ 100 USD/kg, memory-grade',
    name: 'PEO–LiTFSI solid polymer electrolyte (EO:Li ≈ 20)',
    family: 'polymer',
    conductivity: {
      kind: 'polymer-melt',
      melt_K: 335.15,
      width_K: 2,
      amorphous: { ...PEO_AMORPHOUS },
      crystalline: { sigma_ref_S_m: 1e-5, temp_ref_K: T25, ea_eV: 1.1 },
    },
    density_kg_m3: 1250,
    heatCapacity_J_kgK: 1900,
    thermalConductivity_W_mK: 0.2,
    youngsModulus_GPa: 0.1,
    electrochemicalWindow_V: [0, 3.9],
    stableVsLi: true,
    transferenceNumber: 0.3,
    ccd: {
      ccd_ref_A_m2: mAcm2(0.5),
      temp_ref_K: 343.15,
      ea_eV: 0.5,
      pressure_ref_Pa: 0.5e6,
      pressureExponent: 0.5,
      source:
        'assumed: PEO cells are run at 60–80 °C where ≈ 0.5 mA/cm² is typical (0.5 mA/cm² at 70 °C and 0.5 MPa, preset ssb-polymer-peo-lfp); Ea 0.5 eV ≈ the apparent activation energy of this library’s PEO–LiTFSI conductivity above its melting point (0.45 eV between 70 and 80 °C; CCD ∝ σ assumed)',
      assumed: true,
    },
    sources: [
      'anchors 1e-8…1e-6 S/cm at 25 °C, ≈ 1 mS/cm at 80 °C, melting ≈ 60–65 °C, t₊ ≈ 0.3, oxidation above ≈ 3.9 V: Gorecki et al. 1995 (materials-data.md)',
      'VTF/Arrhenius parameters: fit by this library (see doc comment of PEO_AMORPHOUS)',
    ],
    assumed: [
      'conductivity.amorphous.b_K',
      'conductivity.amorphous.t0_K',
      'conductivity.crystalline.ea_eV',
      'conductivity.width_K',
      'density_kg_m3',
      'heatCapacity_J_kgK',
      'thermalConductivity_W_mK',
      'youngsModulus_GPa',
      'ccd',
    ],
    notes: 'σ(80 °C) = 1.0 mS/cm by construction; σ(25 °C) = 1e-7 S/cm; σ(80 °C)/σ(25 °C) ≈ 1e4. E = 0.1 GPa at room temperature (semi-crystalline); it drops to ≈ MPa above melting.',
  },
  PEO_LLZO: {
    id: 'PEO_LLZO',
    price_USD_kg: 30,
    co2_kg_per_kg: 12,
    economicsSource: 'assumed: mass-weighted PEO–LiTFSI (80 %) and LLZO (20 %)',
    name: 'PEO–LiTFSI with ≈ 20 wt % garnet (LLZTO) filler',
    family: 'composite',
    conductivity: { ...PEO_LLZO_VTF },
    density_kg_m3: 1470,
    heatCapacity_J_kgK: 1650,
    thermalConductivity_W_mK: 0.3,
    youngsModulus_GPa: 0.3,
    electrochemicalWindow_V: [0, 4.0],
    stableVsLi: true,
    transferenceNumber: 0.4,
    ccd: {
      ccd_ref_A_m2: mAcm2(0.1),
      temp_ref_K: T25,
      ea_eV: 0.5,
      pressure_ref_Pa: 1e6,
      pressureExponent: 0.5,
      source: 'assumed (between PEO–LiTFSI and garnet); Ea as PEO–LiTFSI',
      assumed: true,
    },
    sources: [
      'Chen et al., Nano Energy 46 (2018) 176, "PEO/garnet composite electrolytes for solid-state lithium batteries: from ceramic-in-polymer to polymer-in-ceramic" (range of σ, memory-grade)',
    ],
    assumed: ['conductivity', 'density_kg_m3', 'heatCapacity_J_kgK', 'thermalConductivity_W_mK', 'youngsModulus_GPa', 'electrochemicalWindow_V', 'transferenceNumber', 'ccd'],
    notes: 'Whole entry is an engineering estimate: VTF fit with σ(25 °C) = 1e-5 S/cm (see PEO_LLZO_VTF). Density 1/(0.2/5100 + 0.8/1250) and c_p mass-weighted (0.8·1900 + 0.2·650).',
  },
  LiPF6_EC_EMC: {
    id: 'LiPF6_EC_EMC',
    price_USD_kg: 12,
    co2_kg_per_kg: 5,
    economicsSource:
      'assumed: order of magnitude from ANL BatPaC v5 (Knehr et al., ANL-22/74, 2022) material cost tables (electrolyte ≈ 10–15 USD/kg); CO2 cradle-to-gate order of magnitude from ANL GREET 2022 battery module (Dai et al., Batteries 5 (2019) 48) and ecoinvent-type inventories',
    name: '1 M LiPF6 in EC:EMC (LP57-type liquid electrolyte, Li-ion reference)',
    family: 'liquid',
    conductivity: { kind: 'arrhenius', sigma_ref_S_m: LIPF6_SIGMA_25, temp_ref_K: T25, ea_eV: 0.14 },
    density_kg_m3: 1220,
    heatCapacity_J_kgK: 1800,
    thermalConductivity_W_mK: 0.2,
    electrochemicalWindow_V: [0.8, 4.5],
    stableVsLi: false,
    transferenceNumber: 0.38,
    selfHeatingOnset_K: 363.15,
    sources: [
      'κ(c = 1 M, T) correlation and t₊ = 0.38: Valøen & Reimers, J. Electrochem. Soc. 152 (2005) A882 (eq. 17), Arrhenius fit around 25 °C by this library',
      'EC:EMC 3:7 comparison (≈ 9.1 mS/cm at 25 °C): Landesfeind & Gasteiger, J. Electrochem. Soc. 166 (2019) A3079',
      'self-heating onset 90 °C (liquid Li | LFP half cells, ARC): as quoted in seed 001 §5; NMC pouch 344 K (heating plug) to 393–487 K (heating plate): Batteries 2022, 8, 41',
    ],
    assumed: ['density_kg_m3', 'heatCapacity_J_kgK', 'thermalConductivity_W_mK', 'electrochemicalWindow_V', 'selfHeatingOnset_K'],
    notes:
      'Valøen & Reimers measured PC:EC:DMC 10:27:63; κ(25 °C) = 11.94 mS/cm from eq. 17 at 1 M, Ea = 0.14 eV (secant 0–50 °C: 0.138 eV). The Arrhenius form is ≈ 15 % high at −20 °C. Window lower limit = SEI formation (≈ 0.8 V), i.e. not stable vs Li (passivated by SEI).',
  },
};

const pos = z.number().positive();
const arrheniusParams = { sigma_ref_S_m: pos, temp_ref_K: pos, ea_eV: z.number().min(0).max(3) };
const vtfParams = { a_S_K05_m: pos, b_K: pos, t0_K: z.number().min(0) };

/** Boundary validation of a conductivity model (zod). */
export const ConductivityModelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('arrhenius'), ...arrheniusParams }).strict(),
  z.object({ kind: z.literal('vtf'), ...vtfParams }).strict(),
  z
    .object({
      kind: z.literal('polymer-melt'),
      melt_K: pos,
      width_K: pos,
      amorphous: z.object(vtfParams).strict(),
      crystalline: z.object(arrheniusParams).strict(),
    })
    .strict()
    .refine((m) => m.melt_K > m.amorphous.t0_K, { message: 'melt_K must be above the VTF T0' }),
]);

/** Boundary validation of an electrolyte table entry (zod). */
export const ElectrolyteSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    family: z.enum(['oxide', 'sulfide', 'polymer', 'halide', 'composite', 'liquid']),
    conductivity: ConductivityModelSchema,
    density_kg_m3: z.number().min(500).max(10000),
    heatCapacity_J_kgK: z.number().min(100).max(5000),
    thermalConductivity_W_mK: z.number().min(0.01).max(500),
    youngsModulus_GPa: z.number().positive().max(1000).optional(),
    electrochemicalWindow_V: z
      .tuple([z.number().min(0), z.number().max(10)])
      .refine(([lo, hi]) => hi > lo, { message: 'window upper limit must exceed the lower one' })
      .optional(),
    stableVsLi: z.boolean(),
    transferenceNumber: z.number().gt(0).max(1).optional(),
    ccd: z
      .object({
        ccd_ref_A_m2: pos,
        temp_ref_K: pos,
        ea_eV: z.number().min(0).max(3),
        pressure_ref_Pa: pos,
        pressureExponent: z.number().min(0).max(3),
        source: z.string().min(1),
        assumed: z.boolean().optional(),
      })
      .strict()
      .optional(),
    selfHeatingOnset_K: z.number().min(300).max(2000).optional(),
    price_USD_kg: z.number().positive().optional(),
    co2_kg_per_kg: z.number().positive().optional(),
    economicsSource: z.string().min(1).optional(),
    sources: z.array(z.string().min(1)).min(1),
    notes: z.string().optional(),
    assumed: z.array(z.string().min(1)).optional(),
  })
  .strict();
