/**
 * Resolve a validated design: look up materials (unknown names → "did you mean"), apply the
 * defaults that depend on the electrolyte family (each with its source), and reject physically
 * impossible designs with an InputError naming the field and the value. The result is in SI units
 * and is what the fast evaluator (evaluate.ts) works on; the sweep re-resolves per point, so this
 * allocates little and does no zod work.
 */
import { InputError } from '../errors.js';
import { closestIds } from '../suggest.js';
import { ACTIVE_MATERIALS, type ActiveMaterial } from '../materials/electrodes.js';
import { ELECTROLYTES, type Electrolyte } from '../materials/electrolytes.js';
import { COMPONENTS, componentIds, type ComponentMaterial, type ComponentRole } from '../materials/components.js';
import { OXIDE_FAMILY, SULFIDE_FAMILY, POLYMER_FAMILY, LIQUID_FAMILY, type CellFamily, type Family } from './families.js';
import type { Design } from './schema.js';
import type { ProcessRoute } from './data.js';

export type { Family } from './families.js';

export interface FamilyDefaults {
  /** The family whose interfaces, RC, thermal, ageing, filament and runaway data the design inherits (families.ts). */
  template: CellFamily;
  cathodeSeFraction: number;
  cathodePorosity: number;
  binder: string | null;
  binderFraction: number;
  carbon: string;
  carbonFraction: number;
  separatorPorosity: number;
  anodeCollector: { material: string; thickness_um: number };
  cathodeCollector: { material: string; thickness_um: number };
  stack_MPa: number;
  fixture: 'fixed-gap' | 'constant-pressure' | 'none';
  routes: { cathode: ProcessRoute; separator: ProcessRoute; liAnode: ProcessRoute };
  source: string;
}

const COLLECTOR_SRC = 'collectors Al 12 µm / Cu 8 µm: assumed current EV practice (Chen 2020 LG M50: 16 / 12 µm)';

/** Defaults by electrolyte family. Sources: the family data (families.ts) and the notes here. */
export const FAMILY_DEFAULTS: Record<Family, FamilyDefaults> = {
  oxide: {
    template: OXIDE_FAMILY,
    cathodeSeFraction: 0.3,
    cathodePorosity: 0.05,
    binder: null,
    binderFraction: 0,
    carbon: 'carbon-black',
    carbonFraction: 0.03,
    separatorPorosity: 0,
    anodeCollector: { material: 'Cu', thickness_um: 8 },
    cathodeCollector: { material: 'Al', thickness_um: 12 },
    stack_MPa: 1,
    fixture: 'fixed-gap',
    routes: { cathode: 'tape-casting-sintering', separator: 'tape-casting-sintering', liAnode: 'extrusion' },
    source: `oxide family (families.ts: interfaces and CCD); SE fraction 0.3 and 1 MPa fixed gap as the oxide preset design (presets.ts); porosity 0.05 and carbon 0.03 after sintering assumed (binder burnt out); ${COLLECTOR_SRC}`,
  },
  sulfide: {
    template: SULFIDE_FAMILY,
    cathodeSeFraction: 0.3,
    cathodePorosity: 0.05,
    binder: 'SBR',
    binderFraction: 0.02,
    carbon: 'VGCF',
    carbonFraction: 0.02,
    separatorPorosity: 0.02,
    anodeCollector: { material: 'SS', thickness_um: 10 },
    cathodeCollector: { material: 'Al', thickness_um: 12 },
    stack_MPa: 5,
    fixture: 'fixed-gap',
    routes: { cathode: 'wet-coating', separator: 'wet-coating', liAnode: 'extrusion' },
    source:
      'sulfide family (families.ts: interfaces and CCD); SE fraction 0.3 and 5 MPa fixed gap as the sulfide preset design (presets.ts); cold-pressed sulfide ≈ 2–5 % porosity, SBR binder and VGCF assumed; stainless-steel anode collector as in Lee et al. 2020 (Cu corrodes in sulfides); wet slurry coating in non-polar solvent (seed 001 §3.1)',
  },
  polymer: {
    template: POLYMER_FAMILY,
    cathodeSeFraction: 0.35,
    cathodePorosity: 0.02,
    binder: null,
    binderFraction: 0,
    carbon: 'carbon-black',
    carbonFraction: 0.05,
    separatorPorosity: 0,
    anodeCollector: { material: 'Cu', thickness_um: 8 },
    cathodeCollector: { material: 'Al', thickness_um: 12 },
    stack_MPa: 0.5,
    fixture: 'constant-pressure',
    routes: { cathode: 'extrusion', separator: 'extrusion', liAnode: 'extrusion' },
    source:
      'polymer family (families.ts: interfaces, CCD); PEO fraction 0.35 and 0.5 MPa constant pressure as the polymer preset design (presets.ts); PEO is the binder; solvent-free melt extrusion (seed 001 §3.2); porosity and carbon assumed',
  },
  liquid: {
    template: LIQUID_FAMILY,
    cathodeSeFraction: 0,
    cathodePorosity: 0.335,
    binder: 'PVDF',
    binderFraction: 0.03,
    carbon: 'carbon-black',
    carbonFraction: 0.03,
    separatorPorosity: 0.47,
    anodeCollector: { material: 'Cu', thickness_um: 8 },
    cathodeCollector: { material: 'Al', thickness_um: 12 },
    stack_MPa: 0.1,
    fixture: 'none',
    routes: { cathode: 'wet-coating', separator: 'purchased', liAnode: 'extrusion' },
    source: `Chen et al. 2020 (LG M50: cathode porosity 0.335, separator porosity 0.47); PVDF 3 % and carbon 3 % by volume assumed (≈ 96/2/2 wt %); liquid family (families.ts: interfaces, no pressure); ${COLLECTOR_SRC}`,
  },
};

export interface Composite {
  thickness_m: number;
  /** Per coated face [mAh/cm²]. */
  loading_mAh_cm2: number;
  vActive: number;
  vSe: number;
  vBinder: number;
  vCarbon: number;
  porosity: number;
  rhoActive_kg_m3: number;
  capacity_mAh_g: number;
  se: Electrolyte | null;
  binder: ComponentMaterial | null;
  carbon: ComponentMaterial | null;
}

export interface Resolved {
  design: Design;
  family: Family;
  kind: 'ssb' | 'liquid';
  defaults: FamilyDefaults;
  cathodeMaterial: ActiveMaterial;
  cathode: Composite;
  separator: { el: Electrolyte | null; film: ComponentMaterial | null; thickness_m: number; porosity: number; conductingFraction: number };
  liquid: { el: Electrolyte; excess: number } | null;
  anode: {
    type: Design['anode']['type'];
    /** Li foil, graphite or Si coating thickness per face [m] (0 for anode-free). */
    thickness_m: number;
    /** Capacity the anode can store per face [mAh/cm²] (Li foil inventory for li-metal, 0 for anode-free). */
    capacity_mAh_cm2: number;
    composite: Composite | null;
    activeId: string;
    seed: { material: ComponentMaterial; thickness_m: number } | null;
    overhang_m: number;
  };
  collectors: { cathode: { material: ComponentMaterial; thickness_m: number }; anode: { material: ComponentMaterial; thickness_m: number } };
  voltage: { max_V: number; min_V: number };
  stack_Pa: number;
  fixture: 'fixed-gap' | 'constant-pressure' | 'none';
  asr: { anode_ohm_m2: number; cathode_ohm_m2: number };
  ccd_mA_cm2: number | null;
  /**
   * The CCD law of the Li anode against the separator actually used (its material record, see
   * materials/electrolytes.ts), in the simulator's `filament` units; `ccd_mA_cm2` is its value at
   * temp_ref_C and pressure_ref_MPa (the design's anode.ccd_mA_cm2 replaces the value, not the law).
   * Null for graphite and silicon anodes.
   */
  ccdLaw: { temp_ref_C: number; ea_eV: number; pressure_ref_MPa: number; pressureExponent: number; source: string } | null;
  routes: { cathode: ProcessRoute; separator: ProcessRoute; anode: ProcessRoute };
  warnings: string[];
}

const LI_DENSITY_kg_m3 = 534;
const LI_CAPACITY_mAh_g = 3860;
/** Li-foil capacity per µm [mAh/cm² per µm]: 1e-4 cm × 0.534 g/cm³ × 3860 mAh/g = 0.206 (physics.md §1: 4.85 µm per mAh/cm²). */
export const LI_mAh_cm2_per_um = 1e-4 * (LI_DENSITY_kg_m3 / 1000) * LI_CAPACITY_mAh_g;

function unknown(what: string, field: string, id: string, known: string[]): never {
  throw new InputError(
    `unknown ${what}; did you mean ${closestIds(id, known)
      .map((k) => `'${k}'`)
      .join(', ')}? Known: ${known.join(', ')}`,
    { field, value: id },
  );
}

function component(id: string, role: ComponentRole | ComponentRole[], field: string, what: string): ComponentMaterial {
  const roles = Array.isArray(role) ? role : [role];
  const c = Object.hasOwn(COMPONENTS, id) ? COMPONENTS[id] : undefined;
  if (!c || !roles.includes(c.role))
    unknown(
      what,
      field,
      id,
      roles.flatMap((r) => componentIds(r)),
    );
  return c;
}

function bad(field: string, value: unknown, detail: string): never {
  throw new InputError(detail, { field, value });
}

/**
 * The thinnest layer of each kind that exists [µm]; a thickness below it is a unit mistake (most
 * often mm typed into a `_um` field), not a design.
 */
export const MIN_LAYER_THICKNESS_um = {
  /** Foils: the thinnest commercial ones are ≈ 4.5 µm Cu and ≈ 8 µm Al (supplier ranges, assumed); 3 µm is the floor. */
  collector: 3,
  /** Separators: sputtered LiPON thin-film electrolyte ≈ 1 µm (Bates et al., J. Power Sources 43 (1993) 103); polyolefin films ≥ 5 µm. */
  separator: 1,
  /** Li metal: evaporated Li films of a few µm exist; less lithium is an anode-free cell (anode type anode-free), assumed. */
  liMetal: 1,
  /** Graphite coating: one particle, d ≈ 12 µm (Chen et al. 2020, LG M50 graphite radius 5.86 µm); 10 µm is the floor. */
  graphite: 10,
  /** Silicon composite: nano-Si coatings of a few µm (assumed floor 1 µm). */
  silicon: 1,
} as const;

/** " (0.02 mm = 20 µm?)" when the value read as mm gives a plausible layer, else "". */
function mmHint(v_um: number, min_um: number): string {
  const asMm_um = v_um * 1000;
  return asMm_um >= min_um && asMm_um <= 5000 ? `: looks like mm (${v_um} mm = ${+asMm_um.toPrecision(6)} µm?)` : '';
}

/** A layer thickness [µm] that must be positive and at least `min_um` (MIN_LAYER_THICKNESS_um). */
function layer(field: string, v_um: number, min_um: number, what: string): number {
  positive(field, v_um, 'µm');
  if (v_um < min_um) bad(field, v_um, `${v_um} µm is thinner than any ${what} (at least ${min_um} µm)${mmHint(v_um, min_um)}`);
  return v_um;
}

/**
 * N/P ratios an engineer would question (anode-free cells have none): graphite and silicon cells
 * are built at N/P ≈ 1.05–1.2 (Chen et al. 2020, LG M50: ≈ 1.1; assumed range), so above 2 the
 * anode is mostly dead mass; a Li-metal anode below 0.2 holds almost no excess lithium (it is
 * nearly anode-free) and above 5 is mostly dead mass (published Li-metal cells: N/P ≈ 1–3, e.g.
 * 20–50 µm Li on 3–4 mAh/cm², assumed). (N/P < 1 on graphite is warned of where it is computed.)
 */
export function nPRatioWarning(type: string, np: number): string | null {
  const r = np.toPrecision(2);
  if ((type === 'graphite' || type === 'silicon') && np > 2) return `N/P ratio ${r} is far above the usual 1.05–1.2: most of the ${type} is dead mass (check anode.thickness_um / n_p_ratio)`;
  if (type === 'li-metal' && np < 0.2)
    return `N/P ratio ${r}: the Li-metal anode holds almost no excess lithium (${(np * 100).toPrecision(2)} % of the cathode's capacity); is it anode-free, or is anode.thickness_um in the wrong unit?`;
  if (type === 'li-metal' && np > 5) return `N/P ratio ${r}: the Li-metal anode holds ${r}× the cathode's capacity, mostly dead mass (published Li-metal cells: N/P ≈ 1–3)`;
  return null;
}

function fraction(field: string, v: number): number {
  if (!(v >= 0 && v < 1)) bad(field, v, 'a volume fraction must be ≥ 0 and < 1');
  return v;
}

function positive(field: string, v: number, unit: string): number {
  if (!(v > 0)) bad(field, v, `must be positive [${unit}]`);
  return v;
}

const SOLID_ELECTROLYTES = (): string[] =>
  Object.values(ELECTROLYTES)
    .filter((e) => e.family !== 'liquid')
    .map((e) => e.id);
const CATHODES = (): string[] =>
  Object.values(ACTIVE_MATERIALS)
    .filter((m) => m.role === 'cathode')
    .map((m) => m.id);

function familyOf(el: Electrolyte): Family {
  switch (el.family) {
    case 'oxide':
      return 'oxide';
    case 'sulfide':
    case 'halide':
      return 'sulfide';
    default:
      return 'polymer';
  }
}

/** Default cut-off voltages by cathode (presets and Chen 2020), with a graphite or Li anode. */
function defaultVoltage(cathode: string, anodeType: string): { max_V: number; min_V: number } {
  if (cathode === 'LFP') return { max_V: 3.65, min_V: 2.5 };
  return anodeType === 'graphite' || anodeType === 'silicon' ? { max_V: 4.2, min_V: 2.5 } : { max_V: 4.2, min_V: 3.0 };
}

function composite(
  field: string,
  c: { loading_mAh_cm2?: number; thickness_um?: number; porosity?: number; binder_fraction?: number; carbon_fraction?: number; particle_size_um?: number },
  seFraction: number,
  porosity: number,
  binder: ComponentMaterial | null,
  binderFraction: number,
  carbon: ComponentMaterial | null,
  carbonFraction: number,
  rhoActive: number,
  capacity_mAh_g: number,
  se: Electrolyte | null,
  targetLoading: number | null,
): Composite {
  fraction(`${field}.porosity`, porosity);
  fraction(`${field}.solid_electrolyte_fraction`, seFraction);
  fraction(`${field}.binder_fraction`, binderFraction);
  fraction(`${field}.carbon_fraction`, carbonFraction);
  const vActive = 1 - porosity - seFraction - binderFraction - carbonFraction;
  if (!(vActive >= 0.05)) {
    const which = seFraction > 0 ? `${field}.solid_electrolyte_fraction` : `${field}.porosity`;
    bad(
      which,
      seFraction > 0 ? seFraction : porosity,
      `the volume fractions leave ${(vActive * 100).toFixed(1)} % for the active material (porosity ${porosity} + solid electrolyte ${seFraction} + binder ${binderFraction} + carbon ${carbonFraction} must stay ≤ 0.95): more than the volume allows`,
    );
  }
  const perCm = (vActive * rhoActive * capacity_mAh_g) / 1000 / 10; // mAh/cm² per µm: vol × g/cm³ × mAh/g × 1e-4 cm
  let thickness_um: number;
  let loading: number;
  if (targetLoading !== null) {
    loading = targetLoading;
    thickness_um = loading / perCm;
  } else if (c.loading_mAh_cm2 !== undefined && c.thickness_um !== undefined) {
    bad(`${field}.thickness_um`, c.thickness_um, `give either loading_mAh_cm2 or thickness_um, not both (the other follows from the composition)`);
  } else if (c.loading_mAh_cm2 !== undefined) {
    loading = positive(`${field}.loading_mAh_cm2`, c.loading_mAh_cm2, 'mAh/cm²');
    thickness_um = loading / perCm;
  } else if (c.thickness_um !== undefined) {
    thickness_um = positive(`${field}.thickness_um`, c.thickness_um, 'µm');
    loading = thickness_um * perCm;
  } else bad(field, undefined, 'give loading_mAh_cm2 or thickness_um');
  if (c.particle_size_um !== undefined && thickness_um < c.particle_size_um) {
    const f = c.thickness_um !== undefined ? `${field}.thickness_um` : `${field}.loading_mAh_cm2`;
    bad(
      f,
      c.thickness_um ?? c.loading_mAh_cm2,
      `the coating (${+thickness_um.toPrecision(3)} µm) would be thinner than its particles (particle_size_um ${c.particle_size_um})${c.thickness_um !== undefined ? mmHint(c.thickness_um, c.particle_size_um) : ''}`,
    );
  }
  if (thickness_um > 1000) bad(`${field}.thickness_um`, +thickness_um.toFixed(1), 'a coating thicker than 1000 µm is outside the model');
  return {
    thickness_m: thickness_um * 1e-6,
    loading_mAh_cm2: loading,
    vActive,
    vSe: seFraction,
    vBinder: binderFraction,
    vCarbon: carbonFraction,
    porosity,
    rhoActive_kg_m3: rhoActive,
    capacity_mAh_g,
    se,
    binder,
    carbon,
  };
}

/** Resolve and check a design (see module doc). Throws InputError on unknown names and impossible values. */
export function resolveDesign(d: Design): Resolved {
  const warnings: string[] = [];
  // separator → family
  const sepId = d.separator.material;
  let sepEl: Electrolyte | null = null;
  let film: ComponentMaterial | null = null;
  if (Object.hasOwn(ELECTROLYTES, sepId) && ELECTROLYTES[sepId].family !== 'liquid') sepEl = ELECTROLYTES[sepId];
  else if (Object.hasOwn(COMPONENTS, sepId) && COMPONENTS[sepId].role === 'separator') film = COMPONENTS[sepId];
  else unknown('separator material (a solid electrolyte, or a porous film for liquid cells)', 'separator.material', sepId, [...SOLID_ELECTROLYTES(), ...componentIds('separator')]);
  const family: Family = sepEl ? familyOf(sepEl) : 'liquid';
  const kind = family === 'liquid' ? 'liquid' : 'ssb';
  const F = FAMILY_DEFAULTS[family];

  let liquid: Resolved['liquid'] = null;
  if (kind === 'liquid') {
    const lid = d.liquid_electrolyte?.material ?? 'LiPF6_EC_EMC';
    const liq = Object.values(ELECTROLYTES).filter((e) => e.family === 'liquid');
    const el = liq.find((e) => e.id === lid);
    if (!el)
      unknown(
        'liquid electrolyte',
        'liquid_electrolyte.material',
        lid,
        liq.map((e) => e.id),
      );
    liquid = { el, excess: d.liquid_electrolyte?.excess ?? 0.1 };
    if (!(liquid.excess >= 0 && liquid.excess < 2)) bad('liquid_electrolyte.excess', liquid.excess, 'must be between 0 and 2 (fraction above the pore volume)');
  } else if (d.liquid_electrolyte)
    bad('liquid_electrolyte', d.liquid_electrolyte.material, 'a solid-electrolyte separator takes no liquid electrolyte (use separator.material: PE-separator for a liquid cell)');

  const sepPorosity = d.separator.porosity ?? F.separatorPorosity;
  if (!(sepPorosity >= 0 && sepPorosity < 1)) bad('separator.porosity', sepPorosity, 'must be ≥ 0 and < 1');
  if (kind === 'liquid' && !(sepPorosity > 0)) bad('separator.porosity', sepPorosity, 'a porous film needs porosity > 0 to conduct');
  const separator = {
    el: sepEl,
    film,
    thickness_m: layer('separator.thickness_um', d.separator.thickness_um, MIN_LAYER_THICKNESS_um.separator, 'separator') * 1e-6,
    porosity: sepPorosity,
    conductingFraction: kind === 'liquid' ? sepPorosity : 1 - sepPorosity,
  };

  // cathode
  const c = d.cathode;
  const cm = Object.hasOwn(ACTIVE_MATERIALS, c.material) ? ACTIVE_MATERIALS[c.material] : undefined;
  if (cm?.role !== 'cathode') unknown('cathode active material', 'cathode.material', c.material, CATHODES());
  let catSe: Electrolyte | null = null;
  if (kind === 'ssb') {
    const seId = c.solid_electrolyte ?? sepId;
    const se = Object.hasOwn(ELECTROLYTES, seId) ? ELECTROLYTES[seId] : undefined;
    if (!se || se.family === 'liquid') unknown('solid electrolyte', 'cathode.solid_electrolyte', seId, SOLID_ELECTROLYTES());
    catSe = se;
  } else if (c.solid_electrolyte !== undefined || (c.solid_electrolyte_fraction ?? 0) > 0) {
    bad('cathode.solid_electrolyte_fraction', c.solid_electrolyte_fraction ?? c.solid_electrolyte, 'a liquid-electrolyte cell has no solid electrolyte in the cathode (its pores hold the liquid)');
  }
  const binderId = c.binder ?? F.binder;
  const binder = binderId ? component(binderId, 'binder', 'cathode.binder', 'binder') : null;
  const carbon = component(c.carbon ?? F.carbon, 'conductive-carbon', 'cathode.carbon', 'conductive carbon');
  const q = c.specific_capacity_mAh_g ?? cm.practicalCapacity_mAh_g ?? cm.specificCapacity_mAh_g;
  positive('cathode.specific_capacity_mAh_g', q, 'mAh/g');
  positive('cathode.particle_size_um', c.particle_size_um, 'µm');
  const cathode = composite(
    'cathode',
    c,
    kind === 'ssb' ? (c.solid_electrolyte_fraction ?? F.cathodeSeFraction) : 0,
    c.porosity ?? F.cathodePorosity,
    binder,
    binder ? (c.binder_fraction ?? F.binderFraction) : 0,
    carbon,
    c.carbon_fraction ?? F.carbonFraction,
    cm.density_kg_m3 / 1000,
    q,
    catSe,
    null,
  );
  cathode.rhoActive_kg_m3 = cm.density_kg_m3;
  if (kind === 'ssb' && !(cathode.vSe > 0)) bad('cathode.solid_electrolyte_fraction', cathode.vSe, 'a solid-state cathode needs solid electrolyte to conduct ions (fraction > 0)');
  if (kind === 'liquid' && !(cathode.porosity > 0)) bad('cathode.porosity', cathode.porosity, 'a liquid-electrolyte cathode needs porosity > 0 for the electrolyte');

  // anode
  const a = d.anode;
  const overhang_m = a.overhang_mm * 1e-3;
  if (!(a.overhang_mm >= 0)) bad('anode.overhang_mm', a.overhang_mm, 'must not be negative');
  let anodeThickness = 0;
  let anodeCap = 0;
  let anodeComposite: Composite | null = null;
  let activeId = 'Li';
  let seed: Resolved['anode']['seed'] = null;
  if (a.type === 'li-metal') {
    if (a.thickness_um !== undefined && a.excess_li_pct !== undefined) bad('anode.excess_li_pct', a.excess_li_pct, 'give either thickness_um or excess_li_pct, not both');
    if (a.excess_li_pct !== undefined) {
      if (!(a.excess_li_pct > 0)) bad('anode.excess_li_pct', a.excess_li_pct, 'must be positive (use anode type anode-free for no excess lithium)');
      anodeCap = (a.excess_li_pct / 100) * cathode.loading_mAh_cm2;
      anodeThickness = (anodeCap / LI_mAh_cm2_per_um) * 1e-6;
    } else if (a.thickness_um !== undefined) {
      anodeThickness = layer('anode.thickness_um', a.thickness_um, MIN_LAYER_THICKNESS_um.liMetal, 'Li-metal anode (use anode type anode-free for none)') * 1e-6;
      anodeCap = a.thickness_um * LI_mAh_cm2_per_um;
    } else bad('anode.thickness_um', undefined, 'a Li-metal anode needs thickness_um or excess_li_pct');
  } else if (a.type === 'anode-free') {
    if (a.thickness_um !== undefined && a.thickness_um !== 0) bad('anode.thickness_um', a.thickness_um, 'an anode-free cell has no anode coating (use seed_layer for an Ag–C interlayer)');
    const s = a.seed_layer ?? { material: 'Ag-C', thickness_um: 10 };
    if (s.thickness_um > 0) seed = { material: component(s.material, 'seed-layer', 'anode.seed_layer.material', 'seed layer'), thickness_m: s.thickness_um * 1e-6 };
    if (!(s.thickness_um >= 0)) bad('anode.seed_layer.thickness_um', s.thickness_um, 'must not be negative');
  } else {
    const isSi = a.type === 'silicon';
    activeId = isSi ? 'Si' : 'graphite';
    const rho = isSi ? COMPONENTS.Si.density_kg_m3 : ACTIVE_MATERIALS.graphite.density_kg_m3;
    const qa = a.specific_capacity_mAh_g ?? (isSi ? COMPONENTS.Si.specificCapacity_mAh_g! : ACTIVE_MATERIALS.graphite.practicalCapacity_mAh_g!);
    const abinder = component(a.binder ?? (kind === 'liquid' ? 'CMC-SBR' : (F.binder ?? 'PVDF')), 'binder', 'anode.binder', 'binder');
    if (a.thickness_um !== undefined && a.n_p_ratio !== undefined) bad('anode.n_p_ratio', a.n_p_ratio, 'give either thickness_um or n_p_ratio, not both');
    const target = a.n_p_ratio !== undefined ? positive('anode.n_p_ratio', a.n_p_ratio, '-') * cathode.loading_mAh_cm2 : null;
    if (a.thickness_um === undefined && target === null) bad('anode.thickness_um', undefined, `a ${a.type} anode needs thickness_um or n_p_ratio`);
    if (a.thickness_um !== undefined) layer('anode.thickness_um', a.thickness_um, MIN_LAYER_THICKNESS_um[isSi ? 'silicon' : 'graphite'], `${a.type} coating`);
    anodeComposite = composite(
      'anode',
      { thickness_um: a.thickness_um, particle_size_um: undefined },
      0,
      a.porosity ?? (isSi ? 0.5 : 0.25),
      abinder,
      a.binder_fraction ?? (isSi ? 0.1 : 0.03),
      carbon,
      a.carbon_fraction ?? 0.01,
      rho / 1000,
      qa,
      null,
      target,
    );
    anodeComposite.rhoActive_kg_m3 = rho;
    anodeThickness = anodeComposite.thickness_m;
    anodeCap = anodeComposite.loading_mAh_cm2;
    if (anodeCap < cathode.loading_mAh_cm2) warnings.push(`N/P ratio ${(anodeCap / cathode.loading_mAh_cm2).toFixed(2)} < 1: the anode cannot take all the cathode's lithium (plating risk)`);
  }
  if (a.ccd_mA_cm2 !== undefined) positive('anode.ccd_mA_cm2', a.ccd_mA_cm2, 'mA/cm²');
  const npWarning = nPRatioWarning(a.type, anodeCap / cathode.loading_mAh_cm2);
  if (npWarning) warnings.push(npWarning);

  // collectors
  const ccC = d.collectors.cathode ?? F.cathodeCollector;
  const ccA = d.collectors.anode ?? F.anodeCollector;
  const collectors = {
    cathode: {
      material: component(ccC.material, 'collector', 'collectors.cathode.material', 'current collector'),
      thickness_m: layer('collectors.cathode.thickness_um', ccC.thickness_um, MIN_LAYER_THICKNESS_um.collector, 'current-collector foil') * 1e-6,
    },
    anode: {
      material: component(ccA.material, 'collector', 'collectors.anode.material', 'current collector'),
      thickness_m: layer('collectors.anode.thickness_um', ccA.thickness_um, MIN_LAYER_THICKNESS_um.collector, 'current-collector foil') * 1e-6,
    },
  };
  if (family === 'sulfide' && ccA.material === 'Cu') warnings.push('Cu anode collector in a sulfide cell corrodes (CuxS); Ni or stainless steel is usual');

  const dv = defaultVoltage(c.material, a.type);
  const voltage = { max_V: d.voltage.max_V ?? dv.max_V, min_V: d.voltage.min_V ?? dv.min_V };
  if (!(voltage.min_V > 0 && voltage.min_V < voltage.max_V && voltage.max_V <= 5)) bad('voltage.min_V', voltage.min_V, `cut-offs must satisfy 0 < min_V < max_V ≤ 5 V (max_V ${voltage.max_V})`);

  const stack_MPa = d.pressure.stack_MPa ?? F.stack_MPa;
  if (!(stack_MPa >= 0 && stack_MPa <= 200)) bad('pressure.stack_MPa', stack_MPa, 'must be between 0 and 200 MPa');
  if (!(d.pressure.safety_factor >= 1)) bad('pressure.safety_factor', d.pressure.safety_factor, 'must be ≥ 1');

  const tmpl = F.template;
  const anodeAsr = a.interface_asr_ohm_cm2 ?? tmpl.anodeInterface.asr_ohm_cm2;
  const cathodeAsr = c.interface_asr_ohm_cm2 ?? tmpl.cathodeInterface.asr_ohm_cm2;
  if (!(anodeAsr >= 0)) bad('anode.interface_asr_ohm_cm2', anodeAsr, 'must not be negative');
  if (!(cathodeAsr >= 0)) bad('cathode.interface_asr_ohm_cm2', cathodeAsr, 'must not be negative');
  const isLiAnode = a.type === 'li-metal' || a.type === 'anode-free';
  // CCD from the separator actually used (its material record); the family template only when the
  // separator's record has none (then a warning says so)
  const sepCcd = sepEl?.ccd;
  let ccd: number | null = null;
  let ccdLaw: Resolved['ccdLaw'] = null;
  if (isLiAnode) {
    if (sepCcd) {
      ccd = a.ccd_mA_cm2 ?? sepCcd.ccd_ref_A_m2 / 10;
      ccdLaw = {
        temp_ref_C: sepCcd.temp_ref_K - 273.15,
        ea_eV: sepCcd.ea_eV,
        pressure_ref_MPa: sepCcd.pressure_ref_Pa / 1e6,
        pressureExponent: sepCcd.pressureExponent,
        source: `${sepEl!.id}: ${sepCcd.source}`,
      };
    } else {
      const tf = tmpl.filament ?? OXIDE_FAMILY.filament!;
      ccd = a.ccd_mA_cm2 ?? tf.ccd_mA_cm2;
      ccdLaw = {
        temp_ref_C: tf.temp_ref_C,
        ea_eV: tf.ea_eV,
        pressure_ref_MPa: tf.pressure_ref_MPa,
        pressureExponent: tf.pressureExponent,
        source: `${family} family template (${sepId} has no CCD record)`,
      };
      if (a.ccd_mA_cm2 === undefined)
        warnings.push(`${sepId} has no critical-current-density record: the ${family} family's ${tf.ccd_mA_cm2} mA/cm² is used; give anode.ccd_mA_cm2 from a measurement`);
    }
  }

  if (isLiAnode && sepEl && !sepEl.stableVsLi) warnings.push(`${sepEl.id} is not stable against Li metal (it is reduced); a protective interlayer is needed`);
  const win = (catSe ?? sepEl)?.electrochemicalWindow_V;
  if (win && voltage.max_V > win[1] + 0.05)
    warnings.push(
      `max_V ${voltage.max_V} V is above the oxidation limit of ${(catSe ?? sepEl)!.id} (${win[1]} V): the cathode needs a protective coating (e.g. LiNbO3) — the interface ASR assumes one`,
    );

  const m = d.manufacturing;
  const anodeAuto: ProcessRoute = a.type === 'li-metal' ? (sepId === 'LiPON' ? 'thin-film' : F.routes.liAnode) : 'wet-coating';
  const routes = {
    cathode: m.cathode_route === 'auto' ? F.routes.cathode : m.cathode_route,
    separator: m.separator_route === 'auto' ? (sepId === 'LiPON' ? 'thin-film' : F.routes.separator) : m.separator_route,
    anode: m.anode_route === 'auto' ? anodeAuto : m.anode_route,
  };

  return {
    design: d,
    family,
    kind,
    defaults: F,
    cathodeMaterial: cm,
    cathode,
    separator,
    liquid,
    anode: { type: a.type, thickness_m: anodeThickness, capacity_mAh_cm2: anodeCap, composite: anodeComposite, activeId, seed, overhang_m },
    collectors,
    voltage,
    stack_Pa: stack_MPa * 1e6,
    fixture: d.pressure.fixture ?? F.fixture,
    asr: { anode_ohm_m2: anodeAsr * 1e-4, cathode_ohm_m2: cathodeAsr * 1e-4 },
    ccd_mA_cm2: ccd,
    ccdLaw,
    routes,
    warnings,
  };
}
