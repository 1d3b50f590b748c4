/**
 * Cell cost: C_cell = C_materials + C_manufacturing (seed 003: C_SSB = C_materials +
 * C_manufacturing + C_R&D; R&D is not a per-cell cost and is left out).
 *
 *  - materials: Σ mass × price, divided by the yield of the step that consumes it (scrap is paid for);
 *  - manufacturing per layer: area × (energy × electricity price + conversion cost) / yield, by route
 *    (design/data.ts ROUTES: wet coating, dry processing, extrusion, tape casting + sintering,
 *    thin-film deposition, purchased film);
 *  - atmosphere: stack area × (energy × electricity price + cost of the dry room / inert line);
 *  - assembly and formation per kWh.
 * Learning curve (seed 003): C(x) = C0 · (x/x0)^(−b), b = −log2(1 − learning rate), on the
 * conversion (manufacturing) cost only: materials are priced at today's market and do not fall with
 * the cell maker's cumulative volume (Ziegler & Trancik 2021 attribute most of the post-2010 decline
 * to manufacturing and cell design; materials set the floor — BatPaC v5 and BNEF put cathode and
 * other materials at ≈ 50–75 % of cell cost at scale). So the projection never falls below the
 * materials cost per kWh.
 */
import { ROUTES, ATMOSPHERES, ASSEMBLY, type ProcessRoute } from './data.js';
import type { Resolved } from './resolve.js';
import type { PartialResult } from './bom.js';
import { InputError } from '../errors.js';

export interface CostLine {
  item: string;
  USD: number;
  USD_per_kWh: number;
  energy_kWh?: number;
  detail?: string;
}

export interface CostBreakdown {
  materials: CostLine[];
  manufacturing: CostLine[];
  materials_USD: number;
  manufacturing_USD: number;
  total_USD: number;
  /** Process electricity for the cell [kWh] (layers, atmosphere, assembly/formation). */
  process_energy_kWh: number;
  routes: { layer: string; route: ProcessRoute; energy_kWh_m2: number; throughput_m2_h: number; yield: number; atmosphere: string; source: string }[];
  /** Projection: materials (fixed) + conversion × (x/x0)^(−b). */
  learning: { cumulative_GWh: number; USD_per_kWh: number; materials_USD_per_kWh: number; conversion_USD_per_kWh: number }[];
  learning_exponent_b: number;
}

/** Learning-curve cost C(x) = C0 · (x/x0)^(−b) with b = −log2(1 − learningRate). */
export function learningCurve(c0: number, x0: number, x: number, learningRate: number): number {
  const b = -Math.log2(1 - learningRate);
  return c0 * Math.pow(x / x0, -b);
}

export function costOf(r: Resolved, p: PartialResult): CostBreakdown {
  const d = r.design;
  const elec = d.manufacturing.electricity_USD_per_kWh;
  const kWh = p.energy_Wh / 1000;
  const stepYield = { cathode: ROUTES[r.routes.cathode].yield, separator: ROUTES[r.routes.separator].yield, anode: ROUTES[r.routes.anode].yield, packaging: 0.98 };
  const materials: CostLine[] = [];
  let matTotal = 0;
  for (const part of p.parts) {
    const usd = (part.mass_kg * part.price_USD_kg) / stepYield[part.step];
    matTotal += usd;
    materials.push({ item: part.name, USD: usd, USD_per_kWh: usd / kWh, detail: `${(part.mass_kg * 1000).toFixed(2)} g × ${part.price_USD_kg} USD/kg / yield ${stepYield[part.step]}` });
  }
  const manufacturing: CostLine[] = [];
  let energy = 0;
  let manTotal = 0;
  const layers: [string, ProcessRoute, number][] = [
    ['cathode', r.routes.cathode, p.layerAreas_m2.cathode],
    ['separator', r.routes.separator, p.layerAreas_m2.separator],
    ['anode', r.routes.anode, r.anode.type === 'anode-free' && !r.anode.seed ? 0 : p.layerAreas_m2.anode],
  ];
  const routes: CostBreakdown['routes'] = [];
  for (const [layer, route, area] of layers) {
    const R = ROUTES[route];
    const e = (area * R.energy_kWh_m2) / R.yield;
    const usd = (area * (R.energy_kWh_m2 * elec + R.conversion_USD_m2)) / R.yield;
    energy += e;
    manTotal += usd;
    manufacturing.push({
      item: `${layer}: ${route}`,
      USD: usd,
      USD_per_kWh: usd / kWh,
      energy_kWh: e,
      detail: `${area.toFixed(4)} m² × (${R.energy_kWh_m2} kWh/m² × ${elec} USD/kWh + ${R.conversion_USD_m2} USD/m²) / yield ${R.yield}`,
    });
    routes.push({ layer, route, energy_kWh_m2: R.energy_kWh_m2, throughput_m2_h: R.throughput_m2_h, yield: R.yield, atmosphere: d.manufacturing.atmosphere, source: R.source });
  }
  const atm = ATMOSPHERES[d.manufacturing.atmosphere];
  const eAtm = p.stackArea_m2 * atm.energy_kWh_m2;
  const usdAtm = p.stackArea_m2 * (atm.energy_kWh_m2 * elec + atm.cost_USD_m2);
  energy += eAtm;
  manTotal += usdAtm;
  manufacturing.push({ item: `atmosphere: ${d.manufacturing.atmosphere}`, USD: usdAtm, USD_per_kWh: usdAtm / kWh, energy_kWh: eAtm, detail: atm.source });
  const asm = ASSEMBLY[p.kind];
  const eAsm = asm.energy_kWh_per_kWh * kWh;
  const usdAsm = asm.USD_per_kWh * kWh + eAsm * elec;
  energy += eAsm;
  manTotal += usdAsm;
  manufacturing.push({ item: 'assembly, formation, ageing', USD: usdAsm, USD_per_kWh: usdAsm / kWh, energy_kWh: eAsm, detail: asm.source });
  const total = matTotal + manTotal;
  const mat_kWh = matTotal / kWh;
  const conv_kWh = manTotal / kWh;
  const lr = d.cost.learning_rate;
  if (!(lr > 0 && lr < 1)) throw new InputError('must be in (0, 1) (cost decline per doubling)', { field: 'cost.learning_rate', value: lr });
  if (!(d.cost.cumulative_GWh_now > 0) || d.cost.projection_GWh.some((x) => !(x > 0)))
    throw new InputError('cumulative volumes must be positive [GWh]', { field: 'cost.projection_GWh', value: d.cost.projection_GWh });
  return {
    materials,
    manufacturing,
    materials_USD: matTotal,
    manufacturing_USD: manTotal,
    total_USD: total,
    process_energy_kWh: energy,
    routes,
    learning: d.cost.projection_GWh.map((x) => {
      const conv = learningCurve(conv_kWh, d.cost.cumulative_GWh_now, x, lr);
      return { cumulative_GWh: x, USD_per_kWh: mat_kWh + conv, materials_USD_per_kWh: mat_kWh, conversion_USD_per_kWh: conv };
    }),
    learning_exponent_b: -Math.log2(1 - lr),
  };
}
