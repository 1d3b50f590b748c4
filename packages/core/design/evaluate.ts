/**
 * Cell design evaluation: geometry → capacity, voltage, energy, mass, volume, Wh/kg and Wh/L
 * (with and without the stack-pressure fixture), N/P, layer ionic resistances at 25 °C and −20 °C,
 * charging current density against the CCD (max safe charge C-rate), cost and CO2 per kWh.
 *
 * The resistance and CCD physics are those of the simulator (physics/cell.ts, filament/ccd.ts):
 *     R_sep  = L_sep / (σ(T)·f_sep^1.5·A),  R_cath = L_cat / (3·σ(T)·ε^1.5·A),  R_int = ASR(T, p)/A
 * with A the total cathode area, so the designer's numbers equal buildCellModel's on the emitted
 * parameters (tested). Voltages come from buildCellModel's OCV table (cached per material pair
 * and cut-offs), so the sweep's inner loop is arithmetic only.
 *
 * Max charge C-rate at T = min of
 *   - CCD limit (Li metal, anode-free): safety × CCD(T, p) / (loading per face)  [1C ↔ loading mA/cm²]
 *   - ohmic limit: ΔV_max / (R0(T) · capacity)
 *   - graphite plating limit: U_graphite(80 % SoC) / ((R_anode-interface + R_sep/2) · capacity)
 *     (ohmic criterion)
 *   - liquid cells: electrolyte depletion, the limiting current 2·F·D·ε^1.5·c0/((1 − t₊)·L) through
 *     separator and anode, times the same safety factor
 */
import { buildCellModel, filamentParamsFrom, interfaceParamsFrom, GRAPHITE_SWELLING, LI_THICKNESS_m_per_mAh_cm2 } from '../physics/cell.js';
import type { CellParams } from '../physics/cell-params.js';
import { conductivity_S_m } from '../physics/transport/conductivity.js';
import { interfaceAsr_ohm_m2 } from '../physics/interface/pressure-power-law.js';
import { criticalCurrentDensity_A_m2, type FilamentParams } from '../physics/filament/ccd.js';
import { ocpGraphiteChen2020_V, ACTIVE_MATERIALS } from '../materials/electrodes.js';
import { COMPONENTS } from '../materials/components.js';
import { fixtureParts } from '../pack/fixture.js';
import { GRAPHITE_CHARGE } from './data.js';
import { InputError, NumericalError } from '../errors.js';
import { interpUniform } from '../numerics/interp.js';
import type { Resolved } from './resolve.js';
import type { Part } from './bom.js';
import { costOf, type CostBreakdown } from './cost.js';
import { lcaOf, type LcaResult } from './lca.js';
import { cellParamsOf, OXIDE_FAMILY } from './families.js';
import { meanOcv_V } from '../physics/cell-spec.js';
import { packOf, type PackResult } from './pack-bom.js';

export const T25_K = 298.15;
export const TM20_K = 253.15;
/** Si average delithiation potential vs Li ≈ 0.4 V (Obrovac & Christensen 2004), assumed flat for the design-only Si anode. */
const SI_POTENTIAL_V = 0.4;

export interface LayerResistance {
  layer: string;
  ohm_25C: number;
  ohm_minus20C: number;
  asr_ohm_cm2_25C: number;
  asr_ohm_cm2_minus20C: number;
  /** At the operating temperature of a warm chemistry (`operating_temp_C`), when there is one. */
  ohm_operating?: number;
}

export interface DesignResult {
  name: string;
  kind: 'ssb' | 'liquid';
  family: string;
  format: 'pouch' | 'cylindrical' | 'prismatic';
  capacity_Ah: number;
  nominal_voltage_V: number;
  average_voltage_V: number;
  energy_Wh: number;
  mass_kg: number;
  volume_L: number;
  specific_energy_Wh_kg: number;
  energy_density_Wh_L: number;
  /** Energy over the electrode stack at full charge (no packaging) [Wh/L], the figure many SSB papers quote. */
  stack_energy_density_Wh_L: number;
  fixture_mass_per_cell_kg: number;
  fixture_volume_per_cell_L: number;
  fixture_design_pressure_MPa: number;
  specific_energy_with_fixture_Wh_kg: number;
  energy_density_with_fixture_Wh_L: number;
  /** Delivered capacity per coated face [mAh/cm²]: the cathode loading less the formation loss. */
  areal_capacity_mAh_cm2: number;
  formation_loss_pct: number;
  n_p_ratio: number;
  cathode_thickness_um: number;
  anode_thickness_um: number;
  layers: number;
  electrode_area_cm2: number;
  total_cathode_area_m2: number;
  cell_thickness_mm: number;
  stack_pressure_MPa: number;
  r0_25C_mohm: number;
  r0_minus20C_mohm: number;
  resistances: LayerResistance[];
  charge_current_density_1C_mA_cm2: number;
  ccd_25C_mA_cm2: number | null;
  ccd_minus20C_mA_cm2: number | null;
  max_charge_C_rate_25C: number;
  max_charge_C_rate_minus20C: number;
  charge_limit_25C: string;
  charge_limit_minus20C: string;
  /** Operating temperature of a warm chemistry (the middle of its family's window, e.g. PEO 55–75 °C → 65 °C) [°C]; null when 25 °C is inside the window. */
  operating_temp_C: number | null;
  r0_operating_mohm: number | null;
  ccd_operating_mA_cm2: number | null;
  max_charge_C_rate_operating: number | null;
  charge_limit_operating: string | null;
  cost: CostBreakdown;
  cost_USD_per_kWh: number;
  cost_with_fixture_USD_per_kWh: number;
  lca: LcaResult;
  co2_kg_per_kWh: number;
  parts: Part[];
  volumes: { name: string; volume_m3: number }[];
  /** The pack the design file's `pack` block builds from this cell (mass, cost, bill of materials). */
  pack: PackResult;
  /** The design against the published figures of the file's `published` block (empty without one). */
  published_comparison: { quantity: string; published: number; designed: number; deviation_pct: number }[];
  warnings: string[];
}

interface Context {
  avg_V: number;
  nominal_V: number;
  sepSigma25: number;
  sepSigmaM20: number;
  catSigma25: number;
  catSigmaM20: number;
}

const contextCache = new Map<string, Context>();

/**
 * Cell parameters for the OCV table and the materials only: the family's dynamics on a unit body
 * (1 cm², one layer, 1 g — placeholders that the OCV does not depend on, not a cell).
 */
export function templateFor(r: Resolved): CellParams {
  const t = r.defaults.template;
  const electrolyte = r.kind === 'liquid' ? r.liquid!.el.id : r.separator.el!.id;
  return cellParamsOf(t, {
    id: `${t.id}-ocv`,
    name: `${t.id} family OCV`,
    source: t.source,
    cathode: {
      material: r.cathodeMaterial.id,
      loading_mAh_cm2: 1,
      thickness_um: 50,
      electrolyteVolumeFraction: 0.3,
      bruggemanExponent: 1.5,
      catholyte: r.kind === 'liquid' ? r.liquid!.el.id : r.cathode.se!.id,
    },
    anode: { material: r.anode.type === 'graphite' ? 'graphite' : 'Li', thickness_um: 0 },
    separator: { electrolyte, thickness_um: 20, porosity: 1, bruggemanExponent: 1.5 },
    geometry: { electrodeArea_cm2: 1, layers: 1, mass_g: 1, thickness_mm: 1, surfaceArea_cm2: 1, coolingArea_cm2: 1 },
    voltage: { ...r.voltage },
    pressure: { initial_MPa: 0, fixture: 'none', stiffness_MPa_per_mm: 0, referenceSoc: 0 },
    anodeAsr_ohm_cm2: t.anodeInterface.asr_ohm_cm2,
    cathodeAsr_ohm_cm2: t.cathodeInterface.asr_ohm_cm2,
    ccd_mA_cm2: r.anode.type === 'graphite' || r.anode.type === 'silicon' ? null : (t.filament?.ccd_mA_cm2 ?? null),
  });
}

function context(r: Resolved): Context {
  const sepEl = r.kind === 'liquid' ? r.liquid!.el : r.separator.el!;
  const catEl = r.kind === 'liquid' ? r.liquid!.el : r.cathode.se!;
  const key = `${r.cathodeMaterial.id}|${r.anode.type}|${r.voltage.min_V}|${r.voltage.max_V}|${sepEl.id}|${catEl.id}`;
  const hit = contextCache.get(key);
  if (hit) return hit;
  const model = buildCellModel(templateFor(r));
  let avg = meanOcv_V(model.ocvTable);
  let nominal = interpUniform(model.ocvTable, 0.5);
  if (r.anode.type === 'silicon') {
    avg -= SI_POTENTIAL_V;
    nominal -= SI_POTENTIAL_V;
  }
  const ctx: Context = {
    avg_V: avg,
    nominal_V: nominal,
    sepSigma25: conductivity_S_m(sepEl.conductivity, T25_K),
    sepSigmaM20: conductivity_S_m(sepEl.conductivity, TM20_K),
    catSigma25: conductivity_S_m(catEl.conductivity, T25_K),
    catSigmaM20: conductivity_S_m(catEl.conductivity, TM20_K),
  };
  if (contextCache.size > 1000) contextCache.clear();
  contextCache.set(key, ctx);
  return ctx;
}

/** The filament (CCD) parameters of the Li anode against the separator used (resolve.ts `ccdLaw`); null for graphite and silicon. */
export function filamentParams(r: Resolved): FilamentParams | null {
  const f = r.defaults.template.filament ?? OXIDE_FAMILY.filament;
  if (r.ccd_mA_cm2 === null || !r.ccdLaw || !f) return null;
  const { source: _s, ...law } = r.ccdLaw;
  return filamentParamsFrom({ ...f, ...law }, r.ccd_mA_cm2);
}

function finite(v: number, what: string): number {
  if (!Number.isFinite(v)) throw new NumericalError('not a finite number', { quantity: what, value: v });
  return v;
}

/** Geometry of the stack: per-layer areas and counts, outer dimensions. */
export interface Geometry {
  layers: number;
  /** Cathode area per layer (emitted electrodeArea) [m²]. */
  cathodeArea1_m2: number;
  anodeArea1_m2: number;
  cathodeCollectors: number;
  anodeCollectors: number;
  /** Collector / separator sheet areas in total [m²]. */
  cathodeCollectorArea_m2: number;
  anodeCollectorArea_m2: number;
  separatorArea_m2: number;
  /** Electrode stack volume as assembled [m³] and its growth to full charge [m³]. */
  stackVolume_m3: number;
  growthVolume_m3: number;
  /** Insulation films in the stack and edge frames (stacked cells) [m³], inside the stack volume. */
  insulationFilm_m3?: number;
  edgeFrame_m3?: number;
  packaging: { name: string; material: string; mass_kg: number; volume_m3: number }[];
  /** Seal margins, tabs, headspace, mandrel hole, clearance [m³]. */
  freeVolume_m3: number;
  totalVolume_m3: number;
  thickness_m: number;
  /** Face that the fixture end plates press on [m²]. */
  faceArea_m2: number;
}

function geometry(r: Resolved, capacityPerArea_Ah_m2: number, growthPerLayer_m: number): Geometry {
  const d = r.design;
  const pk = d.packaging;
  const tc = r.cathode.thickness_m;
  const ta = r.anode.thickness_m + (r.anode.seed ? r.anode.seed.thickness_m : 0);
  const ts = r.separator.thickness_m;
  const tcc = r.collectors.cathode.thickness_m;
  const tca = r.collectors.anode.thickness_m;
  const ov = r.anode.overhang_m;
  const so = d.separator.overhang_mm * 1e-3;
  if (!(so >= 0)) throw new InputError('must not be negative [mm]', { field: 'separator.overhang_mm', value: d.separator.overhang_mm });
  if (pk.type === 'cylindrical') {
    if (d.stack.layers !== undefined) throw new InputError('a cylindrical cell has a computed jelly roll; remove stack.layers', { field: 'stack.layers', value: d.stack.layers });
    const D = pk.diameter_mm * 1e-3;
    const H = pk.height_mm * 1e-3;
    const wall = pk.wall_thickness_um * 1e-6;
    const end = pk.end_thickness_um * 1e-6;
    const rIn = D / 2 - wall;
    const rM = (pk.mandrel_diameter_mm * 1e-3) / 2;
    if (!(rIn > rM)) throw new InputError('the can wall and mandrel leave no room for the jelly roll', { field: 'packaging.mandrel_diameter_mm', value: pk.mandrel_diameter_mm });
    if (!(pk.jellyroll_fill > 0 && pk.jellyroll_fill <= 1)) throw new InputError('must be in (0, 1]', { field: 'packaging.jellyroll_fill', value: pk.jellyroll_fill });
    const wc = pk.electrode_height_mm !== undefined ? pk.electrode_height_mm * 1e-3 : H - pk.headspace_mm * 1e-3 - 2 * ov;
    const wa = wc + 2 * ov;
    if (!(wc > 0) || wa > H - 2 * end)
      throw new InputError(`the electrodes (${(wa * 1e3).toFixed(1)} mm with overhang) must fit the can height`, {
        field: 'packaging.electrode_height_mm',
        value: pk.electrode_height_mm ?? +(wc * 1e3).toFixed(2),
      });
    const unit = 2 * tc + tcc + 2 * ta + tca + 2 * ts;
    const annulus = Math.PI * (rIn * rIn - rM * rM) * pk.jellyroll_fill;
    const length = annulus / unit;
    const sepW = wa + 2 * so;
    const stackVolume = length * unit * sepW;
    const canSide = Math.PI * D * H * wall;
    const canEnds = 2 * Math.PI * (D / 2) ** 2 * end;
    const can = COMPONENTS[pk.material] ?? COMPONENTS['steel-can'];
    const total = Math.PI * (D / 2) ** 2 * H;
    const hardwareVol = pk.hardware_mass_g / 1000 / 7900;
    return {
      layers: 2,
      cathodeArea1_m2: length * wc,
      anodeArea1_m2: length * wa,
      cathodeCollectors: 1,
      anodeCollectors: 1,
      cathodeCollectorArea_m2: length * wc,
      anodeCollectorArea_m2: length * wa,
      separatorArea_m2: 2 * length * sepW,
      stackVolume_m3: stackVolume,
      growthVolume_m3: 0,
      packaging: [
        { name: 'can', material: can.id, mass_kg: (canSide + canEnds) * can.density_kg_m3, volume_m3: canSide + canEnds },
        { name: 'cap, vent, PTC, insulators', material: 'steel-can', mass_kg: pk.hardware_mass_g / 1000, volume_m3: hardwareVol },
      ],
      freeVolume_m3: total - stackVolume - canSide - canEnds - hardwareVol,
      totalVolume_m3: total,
      thickness_m: D,
      faceArea_m2: D * H,
    };
  }
  const s = d.stack;
  if (s.layers === undefined) throw new InputError('a stacked cell needs stack.layers (number of cathode layers)', { field: 'stack.layers' });
  if (s.electrode_width_mm === undefined || !(s.electrode_width_mm > 0)) throw new InputError('must be a positive width [mm]', { field: 'stack.electrode_width_mm', value: s.electrode_width_mm });
  if (s.electrode_length_mm === undefined || !(s.electrode_length_mm > 0)) throw new InputError('must be a positive length [mm]', { field: 'stack.electrode_length_mm', value: s.electrode_length_mm });
  const N = s.layers;
  const w = s.electrode_width_mm * 1e-3;
  const l = s.electrode_length_mm * 1e-3;
  const wa = w + 2 * ov;
  const la = l + 2 * ov;
  const ds = d.cathode.double_sided;
  const nC = ds ? Math.ceil(N / 2) : N;
  const nA = ds ? Math.floor(N / 2) + 1 : N;
  const films = s.insulation_films;
  const tFilm = s.insulation_film_um * 1e-6;
  if (!(tFilm >= 0)) throw new InputError('must not be negative [µm]', { field: 'stack.insulation_film_um', value: s.insulation_film_um });
  const frameW = s.edge_frame_mm * 1e-3;
  if (!(frameW >= 0)) throw new InputError('must not be negative [mm]', { field: 'stack.edge_frame_mm', value: s.edge_frame_mm });
  // footprint of the stack: the separator sheet (anode + separator overhang), or the edge frame if wider
  const ws = Math.max(wa + 2 * so, w + 2 * frameW);
  const ls = Math.max(la + 2 * so, l + 2 * frameW);
  const stackThickness = N * (tc + ts + ta) + nC * tcc + nA * tca + films * tFilm;
  const growth = Math.max(0, N * growthPerLayer_m);
  const stackVolume = ws * ls * stackThickness;
  const growthVolume = ws * ls * growth;
  void capacityPerArea_Ah_m2;
  // the parts of a stacked cell whatever its packaging
  const stacked = {
    layers: N,
    cathodeArea1_m2: w * l,
    anodeArea1_m2: wa * la,
    cathodeCollectors: nC,
    anodeCollectors: nA,
    cathodeCollectorArea_m2: nC * w * l,
    anodeCollectorArea_m2: nA * wa * la,
    separatorArea_m2: N * (wa + 2 * so) * (la + 2 * so),
    stackVolume_m3: stackVolume,
    growthVolume_m3: growthVolume,
    insulationFilm_m3: films * tFilm * ws * ls,
    edgeFrame_m3: N * tc * Math.max(0, (w + 2 * frameW) * (l + 2 * frameW) - w * l),
  };
  if (d.packaging.type === 'pouch') {
    const p = d.packaging;
    const tl = p.laminate_thickness_um * 1e-6;
    const W = ws + 2 * p.seal_width_mm * 1e-3;
    const L = ls + 2 * p.seal_width_mm * 1e-3 + s.tab_length_mm * 1e-3;
    const T = stackThickness + growth + 2 * tl;
    const film = 2 * W * (L - s.tab_length_mm * 1e-3) * tl;
    const lam = COMPONENTS['pouch-laminate'];
    const total = W * L * T;
    return {
      ...stacked,
      packaging: [{ name: 'pouch film', material: lam.id, mass_kg: film * lam.density_kg_m3, volume_m3: film }],
      freeVolume_m3: total - stackVolume - growthVolume - film,
      totalVolume_m3: total,
      thickness_m: T,
      faceArea_m2: W * (L - s.tab_length_mm * 1e-3),
    };
  }
  const p = d.packaging;
  const wall = p.wall_thickness_um * 1e-6;
  const W = ws + 2 * wall;
  const L = ls + 2 * wall + p.headspace_mm * 1e-3;
  const T = stackThickness + growth + 2 * wall;
  const can = COMPONENTS[p.material] ?? COMPONENTS['al-can'];
  const total = W * L * T;
  const shell = total - (W - 2 * wall) * (L - 2 * wall) * (T - 2 * wall);
  const hardwareVol = p.hardware_mass_g / 1000 / 2700;
  return {
    ...stacked,
    packaging: [
      { name: 'can', material: can.id, mass_kg: shell * can.density_kg_m3, volume_m3: shell },
      { name: 'lid, terminals, vent', material: 'al-can', mass_kg: p.hardware_mass_g / 1000, volume_m3: hardwareVol },
    ],
    freeVolume_m3: total - stackVolume - growthVolume - shell - hardwareVol,
    totalVolume_m3: total,
    thickness_m: T,
    faceArea_m2: W * L,
  };
}

function compositeParts(prefix: string, c: NonNullable<Resolved['anode']['composite']>, area_m2: number, activeName: string, activePrice: number, activeCo2: number, step: Part['step']): Part[] {
  const v = area_m2 * c.thickness_m;
  const out: Part[] = [
    { name: `${prefix} active (${activeName})`, material: activeName, mass_kg: v * c.vActive * c.rhoActive_kg_m3, volume_m3: v * c.vActive, price_USD_kg: activePrice, co2_kg_per_kg: activeCo2, step },
  ];
  const others = [
    ['solid electrolyte', c.se, c.vSe],
    ['binder', c.binder, c.vBinder],
    ['carbon', c.carbon, c.vCarbon],
  ] as const;
  for (const [what, m, fraction] of others)
    if (m && fraction > 0)
      out.push({
        name: `${prefix} ${what} (${m.id})`,
        material: m.id,
        mass_kg: v * fraction * m.density_kg_m3,
        volume_m3: v * fraction,
        price_USD_kg: m.price_USD_kg ?? 0,
        co2_kg_per_kg: m.co2_kg_per_kg ?? 0,
        step,
      });
  return out;
}

/** Evaluate a resolved design (see module doc). */
export function evaluateResolved(r: Resolved): DesignResult {
  const d = r.design;
  const ctx = context(r);
  const loading = r.cathode.loading_mAh_cm2;
  const tc = r.cathode.thickness_m;
  const isLi = r.anode.type === 'li-metal' || r.anode.type === 'anode-free';
  const cathSwell = r.cathodeMaterial.volumeChangeOnCharge;
  // growth from SoC 0 to 1 per layer, as physics/cell.ts thicknessGrowth_m
  const growthPerLayer = (isLi ? loading * LI_THICKNESS_m_per_mAh_cm2 : r.anode.type === 'graphite' ? GRAPHITE_SWELLING * r.anode.thickness_m : 0) + cathSwell * tc;
  const g = geometry(r, loading * 10, growthPerLayer);
  const A = g.cathodeArea1_m2 * g.layers; // total cathode area
  // formation loss: Li trapped at the first charge (SEI, Li on the collector) is cathode capacity never delivered
  const lossPct = d.anode.formation_loss_pct ?? (r.anode.type === 'anode-free' ? 5 : 0);
  if (!(lossPct >= 0 && lossPct < 50)) throw new InputError('must be between 0 and 50 % of the cathode capacity', { field: 'anode.formation_loss_pct', value: lossPct });
  const delivered_mAh_cm2 = loading * (1 - lossPct / 100);
  const capacity_Ah = finite(delivered_mAh_cm2 * 10 * A, 'capacity_Ah'); // mAh/cm² × 10 = Ah/m²
  const energy_Wh = capacity_Ah * ctx.avg_V;

  // parts
  const parts: Part[] = [];
  const cm = r.cathodeMaterial;
  parts.push(...compositeParts('cathode', r.cathode, A, cm.id, cm.price_USD_kg ?? 0, cm.co2_kg_per_kg ?? 0, 'cathode'));
  // the formation loss is cathode material that is paid for and carried but never delivers: say so on its line
  if (lossPct > 0) parts[0].name += ` — ${lossPct} % of its capacity lost at formation (Li in the SEI / on the collector)`;
  const ccC = r.collectors.cathode;
  parts.push({
    name: `cathode collector (${ccC.material.id})`,
    material: ccC.material.id,
    mass_kg: g.cathodeCollectorArea_m2 * ccC.thickness_m * ccC.material.density_kg_m3,
    volume_m3: g.cathodeCollectorArea_m2 * ccC.thickness_m,
    price_USD_kg: ccC.material.price_USD_kg,
    co2_kg_per_kg: ccC.material.co2_kg_per_kg,
    step: 'cathode',
  });
  const sep = r.separator;
  const sepV = g.separatorArea_m2 * sep.thickness_m;
  if (sep.el)
    parts.push({
      name: `separator (${sep.el.id})`,
      material: sep.el.id,
      mass_kg: sepV * (1 - sep.porosity) * sep.el.density_kg_m3,
      volume_m3: sepV * (1 - sep.porosity),
      price_USD_kg: sep.el.price_USD_kg ?? 0,
      co2_kg_per_kg: sep.el.co2_kg_per_kg ?? 0,
      step: 'separator',
    });
  else
    parts.push({
      name: `separator (${sep.film!.id})`,
      material: sep.film!.id,
      mass_kg: sepV * (1 - sep.porosity) * sep.film!.density_kg_m3,
      volume_m3: sepV * (1 - sep.porosity),
      price_USD_kg: sep.film!.price_USD_kg,
      co2_kg_per_kg: sep.film!.co2_kg_per_kg,
      step: 'separator',
    });
  const anodeArea = g.anodeArea1_m2 * g.layers;
  const li = ACTIVE_MATERIALS.Li;
  if (r.anode.type === 'li-metal') {
    const v = anodeArea * r.anode.thickness_m;
    const excess = ((r.anode.capacity_mAh_cm2 * g.anodeArea1_m2) / (loading * g.cathodeArea1_m2) - 1) * 100; // Li inventory above the cathode capacity
    parts.push({
      name: `anode Li foil (excess Li: ${excess.toFixed(0)} % of the cathode capacity, overhang included)`,
      material: 'Li',
      mass_kg: v * li.density_kg_m3,
      volume_m3: v,
      price_USD_kg: li.price_USD_kg ?? 0,
      co2_kg_per_kg: li.co2_kg_per_kg ?? 0,
      step: 'anode',
    });
  } else if (r.anode.composite) {
    const act = r.anode.activeId === 'Si' ? COMPONENTS.Si : ACTIVE_MATERIALS.graphite;
    parts.push(...compositeParts('anode', r.anode.composite, anodeArea, act.id, act.price_USD_kg ?? 0, act.co2_kg_per_kg ?? 0, 'anode'));
  }
  if (r.anode.seed) {
    const v = anodeArea * r.anode.seed.thickness_m;
    const s = r.anode.seed.material;
    parts.push({ name: `anode seed layer (${s.id})`, material: s.id, mass_kg: v * s.density_kg_m3, volume_m3: v, price_USD_kg: s.price_USD_kg, co2_kg_per_kg: s.co2_kg_per_kg, step: 'anode' });
  }
  const ccA = r.collectors.anode;
  parts.push({
    name: `anode collector (${ccA.material.id})`,
    material: ccA.material.id,
    mass_kg: g.anodeCollectorArea_m2 * ccA.thickness_m * ccA.material.density_kg_m3,
    volume_m3: g.anodeCollectorArea_m2 * ccA.thickness_m,
    price_USD_kg: ccA.material.price_USD_kg,
    co2_kg_per_kg: ccA.material.co2_kg_per_kg,
    step: 'anode',
  });
  // pores: liquid cells fill them with electrolyte; in SSBs they stay empty
  const poreV = A * tc * r.cathode.porosity + (r.anode.composite ? anodeArea * r.anode.thickness_m * r.anode.composite.porosity : 0) + sepV * (r.kind === 'liquid' ? sep.porosity : 0);
  if (r.liquid) {
    const v = poreV * (1 + r.liquid.excess);
    parts.push({
      name: `liquid electrolyte (${r.liquid.el.id})`,
      material: r.liquid.el.id,
      mass_kg: v * r.liquid.el.density_kg_m3,
      volume_m3: v,
      price_USD_kg: r.liquid.el.price_USD_kg ?? 0,
      co2_kg_per_kg: r.liquid.el.co2_kg_per_kg ?? 0,
      step: 'packaging',
    });
  }
  for (const p of g.packaging) {
    const m = COMPONENTS[p.material];
    parts.push({ name: p.name, material: p.material, mass_kg: p.mass_kg, volume_m3: p.volume_m3, price_USD_kg: m.price_USD_kg, co2_kg_per_kg: m.co2_kg_per_kg, step: 'packaging' });
  }
  if (g.insulationFilm_m3) {
    const m = COMPONENTS['PET-film'];
    parts.push({
      name: `insulation films (${d.stack.insulation_films} × ${d.stack.insulation_film_um} µm)`,
      material: m.id,
      mass_kg: g.insulationFilm_m3 * m.density_kg_m3,
      volume_m3: g.insulationFilm_m3,
      price_USD_kg: m.price_USD_kg,
      co2_kg_per_kg: m.co2_kg_per_kg,
      step: 'packaging',
    });
  }
  if (g.edgeFrame_m3) {
    const m = COMPONENTS['PP-frame'];
    parts.push({
      name: `edge frames (${d.stack.edge_frame_mm} mm)`,
      material: m.id,
      mass_kg: g.edgeFrame_m3 * m.density_kg_m3,
      volume_m3: g.edgeFrame_m3,
      price_USD_kg: m.price_USD_kg,
      co2_kg_per_kg: m.co2_kg_per_kg,
      step: 'packaging',
    });
  }
  let extraVolume_m3 = 0;
  for (const x of d.extra_parts) {
    if (!(x.mass_g >= 0) || !(x.volume_cm3 >= 0)) throw new InputError('mass_g and volume_cm3 must not be negative', { field: `extra_parts.${x.name}`, value: x.mass_g });
    extraVolume_m3 += x.volume_cm3 * 1e-6;
    parts.push({ name: x.name, material: x.material, mass_kg: x.mass_g / 1000, volume_m3: x.volume_cm3 * 1e-6, price_USD_kg: x.price_USD_kg, co2_kg_per_kg: x.co2_kg_per_kg, step: 'packaging' });
  }
  if (d.packaging.type === 'pouch') {
    const tabs = d.packaging.tab_mass_g_per_Ah * capacity_Ah * 1e-3;
    parts.push({
      name: 'tabs and terminals (Al + Ni-plated Cu)',
      material: 'Cu',
      mass_kg: tabs,
      volume_m3: 0,
      price_USD_kg: COMPONENTS.Cu.price_USD_kg,
      co2_kg_per_kg: COMPONENTS.Cu.co2_kg_per_kg,
      step: 'packaging',
    });
  }
  let mass_kg = 0;
  for (const p of parts) mass_kg += p.mass_kg;
  const volume_m3 = g.totalVolume_m3 + extraVolume_m3;
  const volumes = [
    { name: 'electrode stack (assembled)', volume_m3: g.stackVolume_m3 },
    { name: 'swelling allowance (Li plating / graphite, full charge)', volume_m3: g.growthVolume_m3 },
    ...g.packaging.map((p) => ({ name: p.name, volume_m3: p.volume_m3 })),
    ...(extraVolume_m3 > 0 ? [{ name: 'extra parts (design file)', volume_m3: extraVolume_m3 }] : []),
    { name: 'seals, tabs, headspace, mandrel, clearance', volume_m3: g.freeVolume_m3 },
  ];
  if (!(g.freeVolume_m3 >= -1e-12)) throw new InputError('the electrode stack does not fit the packaging', { field: 'packaging', value: d.packaging.type });

  // fixture (share per cell of a module's end plates and tie rods)
  const tmpl = r.defaults.template;
  let fixture = { mass: 0, volume: 0, pressure_Pa: 0, plates: 0, rods: 0 };
  if (r.fixture !== 'none' && r.stack_Pa > 0) {
    const n = d.pressure.cells_per_fixture;
    const growth_mm = Math.max(0, growthPerLayer * g.layers) * 1e3;
    const pDesign = r.stack_Pa + (r.fixture === 'fixed-gap' ? tmpl.stiffness_MPa_per_mm * growth_mm * 1e6 : 0);
    const plate = COMPONENTS.Al6061;
    const rod = COMPONENTS['steel-8.8'];
    const f = fixtureParts(
      pDesign,
      g.faceArea_m2,
      n * g.thickness_m,
      (plate.yieldStrength_MPa! * 1e6) / d.pressure.safety_factor,
      600e6 / d.pressure.safety_factor,
      plate.density_kg_m3,
      rod.density_kg_m3,
    );
    fixture = { mass: f.total_kg / n, volume: f.volume_m3 / n, pressure_Pa: pDesign, plates: f.plates_kg / n, rods: f.rods_kg / n };
  }

  // resistances
  const sepF = Math.pow(sep.conductingFraction, 1.5);
  const catF = Math.pow(r.kind === 'liquid' ? r.cathode.porosity : r.cathode.vSe, 1.5);
  const aIf = interfaceParamsFrom(tmpl.anodeInterface, r.asr.anode_ohm_m2);
  const cIf = interfaceParamsFrom(tmpl.cathodeInterface, r.asr.cathode_ohm_m2);
  const contacts = tmpl.contacts_mohm * 1e-3;
  const layerR = (T: number, sigSep: number, sigCat: number) => {
    const rs = sep.thickness_m / (sigSep * sepF * A);
    const rc = tc / (3 * sigCat * catF * A);
    const ra = interfaceAsr_ohm_m2(aIf, T, r.stack_Pa, 0) / A;
    const rci = interfaceAsr_ohm_m2(cIf, T, r.stack_Pa, 0) / A;
    return { rs, rc, ra, rci, total: rs + rc + ra + rci + contacts };
  };
  const r25 = layerR(T25_K, ctx.sepSigma25, ctx.catSigma25);
  const rm20 = layerR(TM20_K, ctx.sepSigmaM20, ctx.catSigmaM20);
  // warm chemistries (a family window above 25 °C, e.g. PEO at 55–75 °C) are also reported at their operating temperature
  const win = tmpl.thermal.window_C;
  const opT_C = T25_K - 273.15 >= win.min && T25_K - 273.15 <= win.max ? null : (win.min + win.max) / 2;
  const sepElT = r.kind === 'liquid' ? r.liquid!.el : r.separator.el!;
  const catElT = r.kind === 'liquid' ? r.liquid!.el : r.cathode.se!;
  const rop = opT_C === null ? null : layerR(opT_C + 273.15, conductivity_S_m(sepElT.conductivity, opT_C + 273.15), conductivity_S_m(catElT.conductivity, opT_C + 273.15));
  const asr = (ohm: number) => ohm * A * 1e4;
  const resistances: LayerResistance[] = [
    ['separator (ionic)', r25.rs, rm20.rs],
    ['cathode composite (ionic)', r25.rc, rm20.rc],
    ['anode interface', r25.ra, rm20.ra],
    ['cathode interface', r25.rci, rm20.rci],
    ['contacts and tabs', contacts, contacts],
  ].map(([layer, a, b], i) => {
    const row: LayerResistance = { layer: layer as string, ohm_25C: a as number, ohm_minus20C: b as number, asr_ohm_cm2_25C: asr(a as number), asr_ohm_cm2_minus20C: asr(b as number) };
    if (rop) row.ohm_operating = [rop.rs, rop.rc, rop.ra, rop.rci, contacts][i];
    return row;
  });

  // charge limits
  const fil = filamentParams(r);
  const safety = d.charging.ccd_safety_factor;
  const limits = (T: number, R: { rs: number; ra: number; total: number }): { c: number; why: string; ccd: number | null } => {
    let c = d.charging.max_polarization_V / (R.total * capacity_Ah);
    let why = `ohmic drop ${d.charging.max_polarization_V} V`;
    let ccd: number | null = null;
    if (fil) {
      ccd = criticalCurrentDensity_A_m2(fil, T, r.stack_Pa) / 10; // mA/cm²
      const cc = (safety * ccd) / delivered_mAh_cm2;
      if (cc < c) {
        c = cc;
        why = `CCD ${ccd.toFixed(3)} mA/cm² × ${safety}`;
      }
    }
    if (r.liquid && r.anode.composite) {
      // electrolyte depletion at the anode: i_lim = 2·F·D_eff·c0 / ((1 − t₊)·(L_sep + L_anode)),
      // D_eff = D·ε^1.5, D(25 °C) = 3e-10 m²/s at 1 M, Arrhenius with the conductivity's Ea (Valøen & Reimers 2005)
      const el = r.liquid.el;
      const ea = el.conductivity.kind === 'arrhenius' ? el.conductivity.ea_eV : 0.14;
      const D = 3e-10 * Math.exp((-ea / 8.617333262e-5) * (1 / T - 1 / T25_K));
      const tp = el.transferenceNumber ?? 0.38;
      const iLim = (2 * 96485.33212 * D * Math.pow(r.anode.composite.porosity, 1.5) * 1000) / ((1 - tp) * (sep.thickness_m + r.anode.thickness_m));
      const cl = (safety * iLim) / 10 / delivered_mAh_cm2;
      if (cl < c) {
        c = cl;
        why = `electrolyte depletion (limiting current ${(iLim / 10).toFixed(1)} mA/cm² × ${safety})`;
      }
    }
    if (r.anode.type === 'graphite') {
      const gr = ACTIVE_MATERIALS.graphite;
      const u = ocpGraphiteChen2020_V(gr.x_soc0 + 0.8 * (gr.x_soc1 - gr.x_soc0));
      const cp = u / ((R.ra + 0.5 * R.rs) * capacity_Ah);
      if (cp < c) {
        c = cp;
        why = 'Li plating on graphite (anode potential < 0 V)';
      }
      // published limits: the chemistry's datasheet maximum at 25 °C, derated below 15 °C, none below 0 °C
      const capDef = r.cathodeMaterial.id === 'LFP' ? GRAPHITE_CHARGE.capByCathode_C.LFP : GRAPHITE_CHARGE.capByCathode_C.other;
      const cap25 = d.charging.rate_cap_C ?? capDef.value;
      const T_C = T - 273.15;
      const der = GRAPHITE_CHARGE.derating.find((x) => T_C >= x.min_C - 1e-9)?.factor ?? 0;
      if (cap25 * der < c) {
        c = cap25 * der;
        why =
          der === 0
            ? 'no charge below 0 °C (Li plating on graphite; datasheet charge window)'
            : der < 1
              ? `Li plating on graphite: ${der} × the ${cap25}C limit below 15 °C (datasheet charge table)`
              : d.charging.rate_cap_C !== undefined
                ? `charge limit ${cap25}C (the design's charging.rate_cap_C)`
                : `published charge limit ${cap25}C (${r.cathodeMaterial.id} | graphite datasheets)`;
      }
    }
    return { c: finite(c, 'max charge C-rate'), why, ccd };
  };
  const l25 = limits(T25_K, r25);
  const lm20 = limits(TM20_K, rm20);
  const lop = rop && opT_C !== null ? limits(opT_C + 273.15, rop) : null;

  const partial = {
    capacity_Ah,
    energy_Wh,
    mass_kg,
    parts,
    totalCathodeArea_m2: A,
    stackArea_m2: g.anodeArea1_m2 * g.layers,
    layerAreas_m2: { cathode: A, separator: g.separatorArea_m2, anode: anodeArea },
    fixture_kg: fixture.mass,
    kind: r.kind,
  };
  const cost = costOf(r, partial);
  const lca = lcaOf(r, partial, cost);
  const fixtureCost = fixture.plates * COMPONENTS.Al6061.price_USD_kg + fixture.rods * COMPONENTS['steel-8.8'].price_USD_kg;
  const kWh = energy_Wh / 1000;
  const mass_f = mass_kg + fixture.mass;
  const pack = packOf(d, {
    energy_Wh,
    capacity_Ah,
    nominal_voltage_V: ctx.nominal_V,
    mass_kg,
    cost_USD: cost.total_USD,
    fixture_mass_per_cell_kg: fixture.mass,
    fixture_cost_per_cell_USD: fixtureCost,
  });
  const vol_f = volume_m3 + fixture.volume;

  const published_comparison: DesignResult['published_comparison'] = d.published
    ? (
        [
          ['capacity_Ah', d.published.capacity_Ah, capacity_Ah],
          ['energy_Wh', d.published.energy_Wh, energy_Wh],
          ['average_voltage_V', d.published.average_voltage_V, ctx.avg_V],
          ['mass_g', d.published.mass_g, mass_kg * 1000],
          ['volume_mL', d.published.volume_mL, volume_m3 * 1e6],
          ['specific_energy_Wh_kg', d.published.specific_energy_Wh_kg, energy_Wh / mass_kg],
          ['energy_density_Wh_L', d.published.energy_density_Wh_L, energy_Wh / (volume_m3 * 1000)],
        ] as [string, number | undefined, number][]
      )
        .filter((x): x is [string, number, number] => x[1] !== undefined)
        .map(([quantity, published, designed]) => ({ quantity, published, designed, deviation_pct: (designed / published - 1) * 100 }))
    : [];

  return {
    name: d.name,
    kind: r.kind,
    family: r.family,
    format: d.packaging.type,
    capacity_Ah,
    nominal_voltage_V: ctx.nominal_V,
    average_voltage_V: ctx.avg_V,
    energy_Wh,
    mass_kg,
    volume_L: volume_m3 * 1000,
    specific_energy_Wh_kg: finite(energy_Wh / mass_kg, 'specific energy'),
    energy_density_Wh_L: finite(energy_Wh / (volume_m3 * 1000), 'energy density'),
    stack_energy_density_Wh_L: energy_Wh / ((g.stackVolume_m3 + g.growthVolume_m3) * 1000),
    fixture_mass_per_cell_kg: fixture.mass,
    fixture_volume_per_cell_L: fixture.volume * 1000,
    fixture_design_pressure_MPa: fixture.pressure_Pa / 1e6,
    specific_energy_with_fixture_Wh_kg: energy_Wh / mass_f,
    energy_density_with_fixture_Wh_L: energy_Wh / (vol_f * 1000),
    areal_capacity_mAh_cm2: delivered_mAh_cm2,
    formation_loss_pct: lossPct,
    n_p_ratio: r.anode.capacity_mAh_cm2 / loading,
    cathode_thickness_um: tc * 1e6,
    anode_thickness_um: r.anode.thickness_m * 1e6,
    layers: g.layers,
    electrode_area_cm2: g.cathodeArea1_m2 * 1e4,
    total_cathode_area_m2: A,
    cell_thickness_mm: g.thickness_m * 1e3,
    stack_pressure_MPa: r.stack_Pa / 1e6,
    r0_25C_mohm: r25.total * 1e3,
    r0_minus20C_mohm: rm20.total * 1e3,
    resistances,
    charge_current_density_1C_mA_cm2: delivered_mAh_cm2,
    ccd_25C_mA_cm2: l25.ccd,
    ccd_minus20C_mA_cm2: lm20.ccd,
    max_charge_C_rate_25C: l25.c,
    max_charge_C_rate_minus20C: lm20.c,
    charge_limit_25C: l25.why,
    charge_limit_minus20C: lm20.why,
    operating_temp_C: opT_C,
    r0_operating_mohm: rop ? rop.total * 1e3 : null,
    ccd_operating_mA_cm2: lop ? lop.ccd : null,
    max_charge_C_rate_operating: lop ? lop.c : null,
    charge_limit_operating: lop ? lop.why : null,
    cost,
    cost_USD_per_kWh: cost.total_USD / kWh,
    cost_with_fixture_USD_per_kWh: (cost.total_USD + fixtureCost) / kWh,
    lca,
    co2_kg_per_kWh: lca.co2_kg_per_kWh,
    parts,
    volumes,
    pack,
    published_comparison,
    warnings: [
      ...r.warnings,
      ...published_comparison
        .filter((c) => Math.abs(c.deviation_pct) > 10)
        .map(
          (c) =>
            `published ${c.quantity}: the design gives ${c.designed.toPrecision(4)} against ${c.published} (${c.deviation_pct >= 0 ? '+' : ''}${c.deviation_pct.toFixed(1)} %, beyond ±10 %) — check the design's assumptions`,
        ),
    ],
  };
}
