/**
 * A cell's bill of materials as the evaluation builds it: the parts with their mass, price and
 * CO2, and the areas and totals that the cost (`cost.ts`) and life-cycle (`lca.ts`) models read.
 * Its own file so that evaluate → cost → lca depend on it and not on each other in a circle.
 */

export interface Part {
  name: string;
  mass_kg: number;
  volume_m3: number;
  material: string;
  price_USD_kg: number;
  co2_kg_per_kg: number;
  /** Which layer's process yield applies to its scrap. */
  step: 'cathode' | 'separator' | 'anode' | 'packaging';
}

/** What the evaluation has computed when cost and CO2 are added. */
export interface PartialResult {
  capacity_Ah: number;
  energy_Wh: number;
  mass_kg: number;
  parts: Part[];
  totalCathodeArea_m2: number;
  stackArea_m2: number;
  layerAreas_m2: { cathode: number; separator: number; anode: number };
  fixture_kg: number;
  kind: 'ssb' | 'liquid';
}
