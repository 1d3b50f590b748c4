/**
 * Active electrode materials: half-cell open-circuit potential U(x) vs Li/Li⁺ [V], entropic
 * coefficient ∂U/∂T(x) [V/K], the stoichiometry window that defines full-cell SoC 0…1, practical
 * capacity, and bulk properties.
 *
 * OCP functions are the published fits used by the PyBaMM parameter sets (formulas are fits from
 * the cited papers; coefficients transcribed, see /shared/spec/materials-data.md for check values):
 *  - NMC811, graphite: Chen et al., J. Electrochem. Soc. 167 (2020) 080534 (LG M50).
 *  - NMC532: Mohtat et al. 2020 ("Peyman MPM" fit, PyBaMM Mohtat2020). NMC622 reuses this fit:
 *    no published NMC622 OCP function was found that we could cite with confidence.
 *  - LFP: Afshar, Morris & Khajepour 2017 (arXiv:1709.03970), as used in PyBaMM Prada2013.
 *  - LCO: Dualfoil fit (Doyle 1995 / Newman), as used in PyBaMM Marquis2019 (stretch 1.062).
 *  - NCA: Kim et al., J. Electrochem. Soc. 158 (2011) A955, as used in PyBaMM NCA_Kim2011.
 * Entropic coefficients:
 *  - NMC811 and graphite: O'Regan, Brosa Planella, Widanage & Kendrick, Electrochim. Acta 425
 *    (2022) 140700 (fits in mV/K, LG M50; graphite fit with the a1 term switched off as published).
 *  - all other cathodes: 0 with a note (their parameter sets give 0, or the available fit was not
 *    trustworthy: the Le et al. 2006 NMC111 polynomial used in Mohtat2020 gives −0.4…−1.4 mV/K,
 *    several times larger than other reports, and is extremely sensitive to its U input).
 *
 * Units: density_kg_m3 is the crystallographic (particle) density, for volume/thickness of the
 * active phase. heatCapacity_J_kgK and thermalConductivity_W_mK are electrode-level values
 * (PyBaMM Chen2020/Marquis2019: 700 J/(kg·K); 2.1 W/(m·K) cathode, 1.7 W/(m·K) graphite), because
 * intrinsic particle values are rarely measured — they are marked assumed where reused.
 * specificCapacity_mAh_g = theoretical capacity × |x_soc0 − x_soc1| unless noted.
 */
import { z } from 'zod';
import { NumericalError } from '../errors.js';

export interface ActiveMaterial {
  id: string;
  name: string;
  role: 'cathode' | 'anode';
  /** Half-cell open-circuit potential vs Li/Li⁺ [V] at stoichiometry x (the published fitted function). */
  ocp_V(x: number): number;
  /** Entropic coefficient ∂U/∂T [V/K] at stoichiometry x (table or fit, with source; zero with a note where no data). */
  dUdT_V_K(x: number): number;
  /** Stoichiometry at full-cell SoC 0 and SoC 1 (the default balancing window, from the same parameter set). */
  x_soc0: number;
  x_soc1: number;
  /** Practical reversible capacity in that window [mAh/g]. */
  specificCapacity_mAh_g: number;
  density_kg_m3: number;
  heatCapacity_J_kgK: number;
  thermalConductivity_W_mK: number;
  /** Volume change from SoC 0 to SoC 1 [fraction], negative = contracts on charge (cathode breathing; Li metal handled separately). */
  volumeChangeOnCharge: number;
  /** Price [USD/kg] and cradle-to-gate greenhouse-gas footprint [kg CO2-eq per kg], with their source ("assumed: …" where memory-grade). */
  price_USD_kg?: number;
  co2_kg_per_kg?: number;
  economicsSource?: string;
  /** Reversible capacity a cell designer should expect [mAh/g] (the cell designer's default), with its source; specificCapacity_mAh_g is the parameter-set window's value. */
  practicalCapacity_mAh_g?: number;
  practicalCapacitySource?: string;
  sources: string[];
  /** Names of fields whose values are assumed. */
  assumed?: string[];
  /** Free-text provenance details (addition to the spec'd interface). */
  notes?: string;
}

const tanh = Math.tanh;
const exp = Math.exp;

/** NMC811, Chen2020 (LG M50). */
export function ocpNmc811Chen2020_V(x: number): number {
  return -0.809 * x + 4.4875 - 0.0428 * tanh(18.5138 * (x - 0.5542)) - 17.7326 * tanh(15.789 * (x - 0.3117)) + 17.5842 * tanh(15.9308 * (x - 0.312));
}

/** Graphite (LG M50, with SiOx), Chen2020. */
export function ocpGraphiteChen2020_V(x: number): number {
  return 1.9793 * exp(-39.3631 * x) + 0.2482 - 0.0909 * tanh(29.8538 * (x - 0.1234)) - 0.04478 * tanh(14.9159 * (x - 0.2769)) - 0.0205 * tanh(30.4444 * (x - 0.6103));
}

/** LFP, Afshar et al. 2017 (PyBaMM Prada2013). */
export function ocpLfpAfshar2017_V(x: number): number {
  return 3.4077 - 0.020269 * x + 0.5 * exp(-150 * x) - 0.9 * exp(-30 * (1 - x));
}

/** LCO, Dualfoil fit (PyBaMM Marquis2019). */
export function ocpLcoDualfoil_V(x: number): number {
  const s = 1.062 * x;
  return (
    2.16216 +
    0.07645 * tanh(30.834 - 54.4806 * s) +
    2.1581 * tanh(52.294 - 50.294 * s) -
    0.14169 * tanh(11.0923 - 19.8543 * s) +
    0.2051 * tanh(1.4684 - 5.4888 * s) +
    0.2531 * tanh((0.56478 - s) / 0.1316) -
    0.02167 * tanh((s - 0.525) / 0.006)
  );
}

/** NMC532, Mohtat2020 ("Peyman MPM" fit). */
export function ocpNmc532Mohtat2020_V(x: number): number {
  const x2 = x * x;
  return 4.3452 - 1.6518 * x + 1.6225 * x2 - 2.0843 * x2 * x + 3.5146 * x2 * x2 - 2.2166 * x2 * x2 * x - 0.5623e-4 * exp(109.451 * x - 100.006);
}

/** NCA, Kim et al. 2011 (PyBaMM NCA_Kim2011). Valid for x ≤ ≈ 0.98 (the last term diverges towards x = 1). */
export function ocpNcaKim2011_V(x: number): number {
  let poly = 0;
  const c = [11.8058, -66.3691, 264.427, -554.774, 621.3475, -344.566, 81.246, -23.488, 15.056, -2.222, 1.638];
  for (let i = c.length - 1; i >= 0; i--) poly = poly * x + c[i];
  return poly - 0.61386 * exp(5.8201 * Math.pow(x, 136.4));
}

/** NMC811 entropic coefficient [V/K], O'Regan et al. 2022 (fit in mV/K). */
export function dUdTNmc811ORegan2022_V_K(x: number): number {
  return (0.04006 * exp(-((x - 0.2828) ** 2) / 0.0009855) - 0.06656 * exp(-((x - 0.8032) ** 2) / 0.02179)) / 1000;
}

/** Graphite entropic coefficient [V/K], O'Regan et al. 2022 (fit in mV/K, a1 term = 0 as published). */
export function dUdTGraphiteORegan2022_V_K(x: number): number {
  return (-0.1112 * x + 0.02914 + 0.3561 * exp(-((x - 0.08309) ** 2) / 0.004616)) / 1000;
}

const zero = (): number => 0;

const CHEN2020 = 'Chen et al., J. Electrochem. Soc. 167 (2020) 080534 (OCP fit; SoC window x_neg 0.0279→0.9014, y_pos 0.9084→0.2661; PyBaMM Chen2020)';
const OREGAN2022 = "O'Regan et al., Electrochim. Acta 425 (2022) 140700 (entropic coefficient fits; PyBaMM ORegan2022)";
const PYBAMM_THERMAL = 'PyBaMM Chen2020/Marquis2019 electrode thermal properties (c_p 700 J/(kg·K); k 2.1 cathode, 1.7 graphite W/(m·K))';

export const ACTIVE_MATERIALS: Record<string, ActiveMaterial> = {
  NMC811: {
    id: 'NMC811',
    price_USD_kg: 26,
    co2_kg_per_kg: 16,
    economicsSource:
      'assumed: order of magnitude from ANL BatPaC v5 (Knehr et al., ANL-22/74, 2022) material cost tables; CO2 cradle-to-gate order of magnitude from ANL GREET 2022 battery module (Dai et al., Batteries 5 (2019) 48) and ecoinvent-type inventories',
    practicalCapacity_mAh_g: 195,
    practicalCapacitySource: 'Noh et al., J. Power Sources 233 (2013) 121: LiNi0.8Co0.1Mn0.1O2 ≈ 200 mAh/g at 0.1C, 3.0–4.3 V vs Li; 195 mAh/g assumed for the 4.2 V window',
    name: 'LiNi0.8Mn0.1Co0.1O2',
    role: 'cathode',
    ocp_V: ocpNmc811Chen2020_V,
    dUdT_V_K: dUdTNmc811ORegan2022_V_K,
    x_soc0: 0.9084,
    x_soc1: 0.2661,
    specificCapacity_mAh_g: 177,
    density_kg_m3: 4750,
    heatCapacity_J_kgK: 700,
    thermalConductivity_W_mK: 2.1,
    volumeChangeOnCharge: -0.05,
    sources: [CHEN2020, OREGAN2022, PYBAMM_THERMAL],
    assumed: ['density_kg_m3', 'volumeChangeOnCharge'],
    notes: 'Capacity = 275.5 mAh/g (theoretical) × 0.6423 (window) = 177 mAh/g; U(x_soc1) = 4.285 V vs Li. Volume change ≈ −5 % at 4.3 V is memory-grade (de Biasi et al., J. Phys. Chem. C 2017).',
  },
  NMC622: {
    id: 'NMC622',
    price_USD_kg: 24,
    co2_kg_per_kg: 14,
    economicsSource:
      'assumed: order of magnitude from ANL BatPaC v5 (Knehr et al., ANL-22/74, 2022) material cost tables; CO2 cradle-to-gate order of magnitude from ANL GREET 2022 battery module (Dai et al., Batteries 5 (2019) 48) and ecoinvent-type inventories',
    practicalCapacity_mAh_g: 180,
    practicalCapacitySource: 'typical practical NMC622 to 4.3 V (assumed, as specificCapacity_mAh_g)',
    name: 'LiNi0.6Mn0.2Co0.2O2 (OCP from NMC532, Mohtat2020)',
    role: 'cathode',
    ocp_V: ocpNmc532Mohtat2020_V,
    dUdT_V_K: zero,
    x_soc0: 0.8907,
    x_soc1: 0.0407,
    specificCapacity_mAh_g: 180,
    density_kg_m3: 4700,
    heatCapacity_J_kgK: 700,
    thermalConductivity_W_mK: 2.1,
    volumeChangeOnCharge: -0.03,
    sources: ['Mohtat et al. 2020 (NMC532 OCP fit and SoC-0 stoichiometry, PyBaMM Mohtat2020) — used as NMC622 stand-in', PYBAMM_THERMAL],
    assumed: ['ocp_V', 'dUdT_V_K', 'specificCapacity_mAh_g', 'density_kg_m3', 'volumeChangeOnCharge'],
    notes: 'No citable NMC622 OCP fit found: uses NMC532 (Mohtat2020). Window as NMC532. Capacity 180 mAh/g = typical practical NMC622 to 4.3 V (assumed). dU/dT = 0 (see module doc).',
  },
  NMC532: {
    id: 'NMC532',
    price_USD_kg: 22,
    co2_kg_per_kg: 13,
    economicsSource:
      'assumed: order of magnitude from ANL BatPaC v5 (Knehr et al., ANL-22/74, 2022) material cost tables; CO2 cradle-to-gate order of magnitude from ANL GREET 2022 battery module (Dai et al., Batteries 5 (2019) 48) and ecoinvent-type inventories',
    practicalCapacity_mAh_g: 170,
    practicalCapacitySource: 'typical practical NMC532 (assumed, as specificCapacity_mAh_g)',
    name: 'LiNi0.5Mn0.3Co0.2O2',
    role: 'cathode',
    ocp_V: ocpNmc532Mohtat2020_V,
    dUdT_V_K: zero,
    x_soc0: 0.8907,
    x_soc1: 0.0407,
    specificCapacity_mAh_g: 170,
    density_kg_m3: 4700,
    heatCapacity_J_kgK: 700,
    thermalConductivity_W_mK: 2.1,
    volumeChangeOnCharge: -0.02,
    sources: ['Mohtat et al. 2020 (OCP fit; x_soc0 = 31513/35380 mol/m³; PyBaMM Mohtat2020)', PYBAMM_THERMAL],
    assumed: ['x_soc1', 'dUdT_V_K', 'specificCapacity_mAh_g', 'density_kg_m3', 'volumeChangeOnCharge'],
    notes:
      "x_soc1 = 0.0407 from balancing the Mohtat2020 electrodes (neg/pos capacity ratio 1.031, graphite from x = 0.0017) to the 4.2 V cut-off; the full cell OCV only reaches 4.19 V there, so the window is the fit's whole range (the fit's stoichiometry is normalised to the usable range). Hence capacity is not theoretical × window but the typical practical 170 mAh/g (assumed). dU/dT = 0 (see module doc).",
  },
  LFP: {
    id: 'LFP',
    price_USD_kg: 10,
    co2_kg_per_kg: 6,
    economicsSource:
      'assumed: order of magnitude from ANL BatPaC v5 (Knehr et al., ANL-22/74, 2022) material cost tables; CO2 cradle-to-gate order of magnitude from ANL GREET 2022 battery module (Dai et al., Batteries 5 (2019) 48) and ecoinvent-type inventories',
    practicalCapacity_mAh_g: 160,
    practicalCapacitySource: 'LiFePO4 practical 150–165 mAh/g (170 theoretical; Padhi et al., J. Electrochem. Soc. 1997) — 160 assumed',
    name: 'LiFePO4',
    role: 'cathode',
    ocp_V: ocpLfpAfshar2017_V,
    dUdT_V_K: zero,
    x_soc0: 0.97,
    x_soc1: 0.0038,
    specificCapacity_mAh_g: 164,
    density_kg_m3: 3600,
    heatCapacity_J_kgK: 700,
    thermalConductivity_W_mK: 2.1,
    volumeChangeOnCharge: -0.066,
    sources: [
      'Afshar et al. 2017 OCP; x_soc1 = 0.0038 (PyBaMM Prada2013, 3.6 V full cell at 100 % SoC); Prada et al., J. Electrochem. Soc. 160 (2013) A616 sets dU/dT = 0',
      'volume change 6.8 % LiFePO4 → FePO4: Padhi et al., J. Electrochem. Soc. 1997',
      PYBAMM_THERMAL,
    ],
    assumed: ['x_soc0', 'density_kg_m3', 'thermalConductivity_W_mK'],
    notes: 'x_soc0 = 0.97 chosen so U = 3.02 V vs Li (the Prada2013 set gives no SoC-0 value). Capacity = 170 × 0.966 = 164 mAh/g. Volume change −6.8 % × 0.966.',
  },
  LCO: {
    id: 'LCO',
    price_USD_kg: 40,
    co2_kg_per_kg: 18,
    economicsSource:
      'assumed: cobalt-priced, memory-grade; CO2 cradle-to-gate order of magnitude from ANL GREET 2022 battery module (Dai et al., Batteries 5 (2019) 48) and ecoinvent-type inventories',
    practicalCapacity_mAh_g: 145,
    practicalCapacitySource: 'LiCoO2 to 4.2 V ≈ 140–150 mAh/g (x ≈ 0.5, Reimers & Dahn 1992) — 145 assumed',
    name: 'LiCoO2',
    role: 'cathode',
    ocp_V: ocpLcoDualfoil_V,
    dUdT_V_K: zero,
    x_soc0: 0.96,
    x_soc1: 0.5,
    specificCapacity_mAh_g: 126,
    density_kg_m3: 5050,
    heatCapacity_J_kgK: 700,
    thermalConductivity_W_mK: 2.1,
    volumeChangeOnCharge: 0.02,
    sources: ['Dualfoil LCO fit (Doyle 1995; PyBaMM Marquis2019)', PYBAMM_THERMAL],
    assumed: ['x_soc0', 'x_soc1', 'dUdT_V_K', 'density_kg_m3', 'volumeChangeOnCharge'],
    notes:
      'Window chosen on the fit: U(0.5) = 4.186 V, U(0.96) = 3.41 V (Marquis2019 gives only an initial state, not a window). Capacity = 273.8 × 0.46 = 126 mAh/g. dU/dT = 0: the Moura2016 function in Marquis2019 is a concentration derivative scaled by 1/c_max, not a measured ∂U/∂T. LCO expands (c-axis) on delithiation to x = 0.5 (≈ +2 %, Reimers & Dahn 1992, memory-grade).',
  },
  NCA: {
    id: 'NCA',
    price_USD_kg: 28,
    co2_kg_per_kg: 16,
    economicsSource:
      'assumed: order of magnitude from ANL BatPaC v5 (Knehr et al., ANL-22/74, 2022) material cost tables; CO2 cradle-to-gate order of magnitude from ANL GREET 2022 battery module (Dai et al., Batteries 5 (2019) 48) and ecoinvent-type inventories',
    practicalCapacity_mAh_g: 190,
    practicalCapacitySource: 'practical NCA ≈ 190 mAh/g to 4.3 V (see notes; assumed)',
    name: 'LiNi0.8Co0.15Al0.05O2',
    role: 'cathode',
    ocp_V: ocpNcaKim2011_V,
    dUdT_V_K: zero,
    x_soc0: 0.98,
    x_soc1: 0.41,
    specificCapacity_mAh_g: 159,
    density_kg_m3: 4800,
    heatCapacity_J_kgK: 700,
    thermalConductivity_W_mK: 2.1,
    volumeChangeOnCharge: -0.04,
    sources: ['Kim et al., J. Electrochem. Soc. 158 (2011) A955 (OCP fit; x = 0.41 at 100 % SoC; dU/dT = 0 in that set; PyBaMM NCA_Kim2011)', PYBAMM_THERMAL],
    assumed: ['x_soc0', 'density_kg_m3', 'volumeChangeOnCharge'],
    notes:
      'x_soc0 = 0.98 chosen so U = 3.21 V vs Li (the fit diverges above x ≈ 0.99). U(0.41) = 4.11 V vs Li (Kim2011 full cell 4.2 V). Capacity = 279 × 0.57 = 159 mAh/g (Kim2011 window is conservative; practical NCA reaches ≈ 190 mAh/g at 4.3 V).',
  },
  graphite: {
    id: 'graphite',
    price_USD_kg: 8,
    co2_kg_per_kg: 5,
    economicsSource:
      'assumed: synthetic graphite, order of magnitude from ANL BatPaC v5 (Knehr et al., ANL-22/74, 2022) material cost tables; CO2 cradle-to-gate order of magnitude from ANL GREET 2022 battery module (Dai et al., Batteries 5 (2019) 48) and ecoinvent-type inventories',
    practicalCapacity_mAh_g: 350,
    practicalCapacitySource: 'graphite practical 340–360 mAh/g (372 theoretical LiC6) — 350 assumed',
    name: 'Graphite (LG M50 graphite–SiOx, Chen2020)',
    role: 'anode',
    ocp_V: ocpGraphiteChen2020_V,
    dUdT_V_K: dUdTGraphiteORegan2022_V_K,
    x_soc0: 0.0279,
    x_soc1: 0.9014,
    specificCapacity_mAh_g: 325,
    density_kg_m3: 2260,
    heatCapacity_J_kgK: 700,
    thermalConductivity_W_mK: 1.7,
    volumeChangeOnCharge: 0.09,
    sources: [CHEN2020, OREGAN2022, PYBAMM_THERMAL, 'graphite → LiC6 ≈ +10 % volume (handbook)'],
    assumed: ['volumeChangeOnCharge'],
    notes: 'Capacity = 372 mAh/g (LiC6) × 0.8735 (window) = 325 mAh/g. Density = graphite crystal 2.26 g/cm³.',
  },
  Li: {
    id: 'Li',
    price_USD_kg: 120,
    co2_kg_per_kg: 25,
    economicsSource: 'assumed: battery-grade Li foil ≈ 100–150 USD/kg (thin foil costs more), CO2 memory-grade (LiCl electrolysis)',
    practicalCapacity_mAh_g: 3860,
    practicalCapacitySource: 'Li metal 3860 mAh/g (theoretical, handbook)',
    name: 'Lithium metal',
    role: 'anode',
    ocp_V: zero,
    dUdT_V_K: zero,
    x_soc0: 0,
    x_soc1: 1,
    specificCapacity_mAh_g: 3860,
    density_kg_m3: 534,
    heatCapacity_J_kgK: 3580,
    thermalConductivity_W_mK: 84.8,
    volumeChangeOnCharge: 0,
    sources: ['Li metal: 0 V vs Li/Li⁺ by definition; 3860 mAh/g; ρ 534 kg/m³; c_p 3580 J/(kg·K); k 84.8 W/(m·K); melts at 180.5 °C (handbook)'],
    notes:
      'The window (0→1) is nominal: U ≡ 0, so the full-cell SoC window is set by the cathode alone. Thickness change from plating (≈ 4.85 µm per mAh/cm²) is handled by the cell model, so volumeChangeOnCharge = 0 here.',
  },
};

function mapStoichiometry(m: ActiveMaterial, z: number): number {
  return m.x_soc0 + (m.x_soc1 - m.x_soc0) * z;
}

function checkSoc(z: number): number {
  if (!Number.isFinite(z)) throw new NumericalError('not a finite number', { quantity: 'state of charge z', value: z });
  // The published fits are only valid inside their windows (NCA's diverges past x ≈ 0.99), so z is
  // clamped to [0, 1]: over-charge/over-discharge beyond the window must be handled by the caller.
  return z < 0 ? 0 : z > 1 ? 1 : z;
}

/** Full-cell OCV at SoC z: U_pos(x_pos(z)) − U_neg(x_neg(z)) with linear stoichiometry maps between the windows. z is clamped to [0, 1]. */
export function fullCellOcv_V(cathode: ActiveMaterial, anode: ActiveMaterial, z: number): number {
  const zc = checkSoc(z);
  const v = cathode.ocp_V(mapStoichiometry(cathode, zc)) - anode.ocp_V(mapStoichiometry(anode, zc));
  if (!Number.isFinite(v)) throw new NumericalError('not a finite number', { quantity: `OCV ${cathode.id}|${anode.id}`, value: v });
  return v;
}

/** Full-cell entropic coefficient ∂U/∂T [V/K] at SoC z (same maps and clamping as fullCellOcv_V). */
export function fullCellDUdT_V_K(cathode: ActiveMaterial, anode: ActiveMaterial, z: number): number {
  const zc = checkSoc(z);
  const v = cathode.dUdT_V_K(mapStoichiometry(cathode, zc)) - anode.dUdT_V_K(mapStoichiometry(anode, zc));
  if (!Number.isFinite(v)) throw new NumericalError('not a finite number', { quantity: `dU/dT ${cathode.id}|${anode.id}`, value: v });
  return v;
}

const unit = z.number().min(0).max(1);
/** Boundary validation of an active-material table entry (zod). */
export const ActiveMaterialSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    role: z.enum(['cathode', 'anode']),
    ocp_V: z.custom<(x: number) => number>((v) => typeof v === 'function', 'ocp_V must be a function'),
    dUdT_V_K: z.custom<(x: number) => number>((v) => typeof v === 'function', 'dUdT_V_K must be a function'),
    x_soc0: unit,
    x_soc1: unit,
    specificCapacity_mAh_g: z.number().positive().max(5000),
    density_kg_m3: z.number().min(100).max(10000),
    heatCapacity_J_kgK: z.number().min(100).max(5000),
    thermalConductivity_W_mK: z.number().positive().max(500),
    volumeChangeOnCharge: z.number().min(-0.5).max(0.5),
    price_USD_kg: z.number().positive().optional(),
    co2_kg_per_kg: z.number().positive().optional(),
    economicsSource: z.string().min(1).optional(),
    practicalCapacity_mAh_g: z.number().positive().max(5000).optional(),
    practicalCapacitySource: z.string().min(1).optional(),
    sources: z.array(z.string().min(1)).min(1),
    assumed: z.array(z.string().min(1)).optional(),
    notes: z.string().optional(),
  })
  .strict()
  .refine((m) => m.x_soc0 !== m.x_soc1, { message: 'x_soc0 and x_soc1 must differ' });
