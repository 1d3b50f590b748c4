/**
 * Issue 16, items 7 and 8: the designer against published cells, and the designer-physics defects
 * fixed (each test here fails on ce20cf2, as its comment says).
 *
 * Validation: every file in examples/cells/validation/ with a `published:` block (its header names
 * the sources and every assumption) must be within ±10 % of each published figure, except the gaps
 * listed in KNOWN_GAPS, which are bounded more loosely and explained there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { loadDesign } from '../packages/io/design-loader.js';
import { evaluateDesign, parseDesign, type DesignResult } from '../packages/core/design/index.js';
import * as electrolytes from '../packages/core/materials/electrolytes.js';
import { emitCellParams } from '../packages/core/design/emit.js';
import { filamentParamsFrom } from '../packages/core/physics/cell.js';
import { criticalCurrentDensity_A_m2 } from '../packages/core/physics/filament/ccd.js';
import { ROOT } from './cli-run.js';

const DIR = 'examples/cells/validation';
const FILES = readdirSync(path.join(ROOT, DIR))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `${DIR}/${f}`);

/**
 * Published figures the designer misses by more than 10 %, with the reason. Each is still bounded
 * (so a regression shows) and each is named in the file's header.
 */
const KNOWN_GAPS: Record<string, { bound_pct: number; why: string }> = {
  'quantumscape-qse5-b-sample.yaml:volume_mL': { bound_pct: 30, why: 'FlexFrame outline unpublished: the generic pouch (5 mm seals, 10 mm tabs) adds ≈ 25 % volume' },
  'quantumscape-qse5-b-sample.yaml:energy_density_Wh_L': { bound_pct: 20, why: 'as volume_mL' },
  'solid-power-20ah-2020.yaml:specific_energy_Wh_kg': { bound_pct: 20, why: 'internal design unpublished (loading, Li and separator thicknesses assumed); +13 %' },
};

test('validation: every published cell in examples/cells/validation is within ±10 % of its published figures (known gaps bounded)', () => {
  const ssb = new Set<string>();
  for (const f of FILES) {
    const r = loadDesign(f).result;
    assert.ok(r.published_comparison.length > 0, `${f}: no published block`);
    for (const c of r.published_comparison) {
      const key = `${path.basename(f)}:${c.quantity}`;
      const bound = KNOWN_GAPS[key]?.bound_pct ?? 10;
      assert.ok(Math.abs(c.deviation_pct) <= bound, `${key}: design ${c.designed.toFixed(3)} vs published ${c.published} (${c.deviation_pct.toFixed(1)} %, bound ±${bound} %)`);
      if (r.kind === 'ssb' && bound === 10 && /Wh_kg|Wh_L/.test(c.quantity)) ssb.add(path.basename(f));
    }
  }
  // at least three solid-state prototypes validated within ±10 % on Wh/kg or Wh/L
  assert.ok(ssb.size >= 3, `SSB prototypes within ±10 % on Wh/kg or Wh/L: ${[...ssb].join(', ')}`);
  // the two liquid references on both
  for (const f of ['lg-m50-21700.yaml', 'a123-apr18650m1a.yaml']) {
    const r = loadDesign(`${DIR}/${f}`).result;
    const q = r.published_comparison.map((c) => c.quantity);
    for (const k of ['capacity_Ah', 'specific_energy_Wh_kg', 'energy_density_Wh_L']) assert.ok(q.includes(k), `${f}: ${k} not compared`);
  }
});

// ---- item 7: designer physics (each fails on ce20cf2) ----

const SSB = (sep: string, extra: Record<string, unknown> = {}) => ({
  name: `t-${sep}`,
  cathode: { material: 'NMC811', loading_mAh_cm2: 3 },
  separator: { material: sep, thickness_um: 20 },
  anode: { type: 'li-metal', thickness_um: 20 },
  stack: { layers: 10, electrode_width_mm: 100, electrode_length_mm: 100 },
  pressure: { stack_MPa: 1 },
  ...extra,
});
const ev = (raw: unknown): DesignResult => evaluateDesign(parseDesign(raw));

test('charge limit: the CCD is the separator material’s, not the family template’s (ce20cf2: LLZO and LLZO_Ta gave the same)', () => {
  const a = ev(SSB('LLZO'));
  const b = ev(SSB('LLZO_Ta'));
  // LLZO 1.0, LLZO_Ta 0.5 mA/cm² at 25 °C and 1 MPa (materials/electrolytes.ts)
  assert.ok(Math.abs(a.ccd_25C_mA_cm2! - 1.0) < 1e-9 && Math.abs(b.ccd_25C_mA_cm2! - 0.5) < 1e-9, `${a.ccd_25C_mA_cm2} ${b.ccd_25C_mA_cm2}`);
  assert.ok(b.max_charge_C_rate_25C < 0.6 * a.max_charge_C_rate_25C);
  // a separator demonstrated at 13.3 mA/cm² (QuantumScape 2022) charges above 2C; the library LLZO below 0.3C
  const qs = loadDesign(`${DIR}/quantumscape-qse5-b-sample.yaml`).result;
  assert.ok(qs.ccd_25C_mA_cm2! > 13 && qs.max_charge_C_rate_25C > 2, `${qs.ccd_25C_mA_cm2} mA/cm², ${qs.max_charge_C_rate_25C}C`);
});

test('charge limit: the CCD’s temperature dependence is the material’s (ce20cf2: oxide and sulfide both × 0.354 at −20 °C)', () => {
  const ox = ev(SSB('LLZO'));
  const su = ev(SSB('Li6PS5Cl', { pressure: { stack_MPa: 5 } }));
  const fo = ox.ccd_minus20C_mA_cm2! / ox.ccd_25C_mA_cm2!;
  const fs = su.ccd_minus20C_mA_cm2! / su.ccd_25C_mA_cm2!;
  assert.ok(Math.abs(fo - 0.354) < 0.005, `oxide ${fo}`); // garnet Ea 0.15 eV (Sharafi 2016)
  assert.ok(Math.abs(fs - 0.218) < 0.005, `sulfide ${fs}`); // Li6PS5Cl Ea 0.22 eV (its conductivity)
});

test('graphite: no charge below 0 °C, published 25 °C limits (ce20cf2: Li-ion 0.86C at −20 °C, A123 13C, M50 2.1C)', () => {
  const ref = loadDesign('examples/cells/liion-nmc811-graphite.yaml').result;
  assert.equal(ref.max_charge_C_rate_minus20C, 0);
  assert.match(ref.charge_limit_minus20C, /below 0 °C/);
  const a123 = loadDesign(`${DIR}/a123-apr18650m1a.yaml`).result;
  assert.ok(a123.max_charge_C_rate_25C <= 5 && a123.max_charge_C_rate_25C >= 3, `A123 ${a123.max_charge_C_rate_25C}C (datasheet fast charge ≈ 4C)`);
  const m50 = loadDesign(`${DIR}/lg-m50-21700.yaml`).result;
  assert.ok(m50.max_charge_C_rate_25C <= 1, `M50 ${m50.max_charge_C_rate_25C}C (datasheet 0.7C max)`);
});

test('learning curve on conversion cost only: never below the materials (ce20cf2: M50 14 USD/kWh at 1000 GWh, materials 63)', () => {
  const m50 = loadDesign(`${DIR}/lg-m50-21700.yaml`).result;
  const mat = m50.cost.materials_USD / (m50.energy_Wh / 1000);
  const last = m50.cost.learning[m50.cost.learning.length - 1];
  assert.equal(last.cumulative_GWh, 1000);
  assert.ok(last.USD_per_kWh > mat, `${last.USD_per_kWh} vs materials ${mat}`);
  assert.ok(Math.abs(last.materials_USD_per_kWh - mat) < 1e-9);
  // conversion at 1000 GWh = conversion today × 1000^(−b), b = −log2(0.82)
  const conv0 = m50.cost.manufacturing_USD / (m50.energy_Wh / 1000);
  assert.ok(Math.abs(last.conversion_USD_per_kWh / (conv0 * 1000 ** Math.log2(0.82)) - 1) < 1e-9);
});

test('parts a real stack has: separator overhang, insulation films, frames, extra parts, excess Li, formation loss (ce20cf2: none)', () => {
  const base = ev(SSB('LLZO'));
  const sep = base.parts.find((p) => p.name.startsWith('separator'))!;
  // 10 layers × (100 + 2 + 2) × (100 + 2 + 2) mm² × 20 µm of LLZO (5100 kg/m³)
  assert.ok(Math.abs(sep.volume_m3 / (10 * 0.104 * 0.104 * 20e-6) - 1) < 1e-9, 'separator area with its 1 mm overhang beyond the anode');
  // 20 µm Li = 4.12 mAh/cm² on the 102 × 102 mm anode against 3 mAh/cm² on 100 × 100 mm: 43 % excess
  assert.ok(
    base.parts.some((p) => /Li foil \(excess Li: 43 % of the cathode capacity/.test(p.name)),
    base.parts.map((p) => p.name).join('; '),
  );
  const more = ev(
    SSB('LLZO', {
      stack: { layers: 10, electrode_width_mm: 100, electrode_length_mm: 100, insulation_films: 4, insulation_film_um: 40, edge_frame_mm: 2 },
      extra_parts: [{ name: 'terminal plates', material: 'Al', mass_g: 5, volume_cm3: 1 }],
    }),
  );
  for (const n of [/insulation films \(4 × 40 µm\)/, /edge frames/, /terminal plates/])
    assert.ok(
      more.parts.some((p) => n.test(p.name)),
      String(n),
    );
  assert.ok(more.mass_kg > base.mass_kg + 0.005 && more.volume_L > base.volume_L);
  assert.ok(more.cell_thickness_mm - base.cell_thickness_mm > 0.159 && more.cell_thickness_mm - base.cell_thickness_mm < 0.161, 'four 40 µm films in the stack');
  const af = ev(SSB('Li6PS5Cl', { anode: { type: 'anode-free' }, pressure: { stack_MPa: 5 } }));
  assert.equal(af.formation_loss_pct, 5);
  assert.ok(Math.abs(af.capacity_Ah / (3 * 0.95 * 10 * 1e-2 * 10) - 1) < 1e-9, `anode-free capacity ${af.capacity_Ah}`);
});

test('warm chemistries are reported at their operating temperature too (ce20cf2: PEO only at 25 and −20 °C)', () => {
  const p = loadDesign('examples/cells/polymer-peo-lfp.yaml').result;
  assert.equal(p.operating_temp_C, 65); // middle of the PEO family window 55–75 °C
  assert.ok(p.max_charge_C_rate_operating! > 50 * p.max_charge_C_rate_25C, `${p.max_charge_C_rate_operating} vs ${p.max_charge_C_rate_25C}`);
  assert.ok(p.r0_operating_mohm! < p.r0_25C_mohm / 50);
  assert.ok(p.resistances.every((x) => typeof x.ohm_operating === 'number'));
  const o = loadDesign('examples/cells/oxide-llzo.yaml').result;
  assert.equal(o.operating_temp_C, null);
});

test('pack-level cost and bill of materials from a design (ce20cf2: none)', () => {
  const r = loadDesign('examples/cells/oxide-llzo.yaml').result;
  const pk = r.pack;
  assert.equal(pk.cells, pk.cells_series * pk.cells_parallel);
  assert.ok(pk.energy_kWh >= 60 && pk.energy_kWh < 60 + (96 * r.energy_Wh) / 1000 + 1e-9);
  for (const n of [/cells/, /fixtures/, /housing/, /cooling/, /BMS/])
    assert.ok(
      pk.parts.some((p) => n.test(p.name)),
      String(n),
    );
  const sum = pk.parts.reduce((s, p) => s + p.mass_kg, 0);
  assert.ok(Math.abs(sum / pk.mass_kg - 1) < 1e-12);
  assert.ok(pk.specific_energy_Wh_kg < r.specific_energy_with_fixture_Wh_kg && pk.cost_USD_per_kWh > r.cost_with_fixture_USD_per_kWh);
  // overridable
  const raw = { ...SSB('LLZO'), pack: { cells_series: 10, cells_parallel: 2, bms_kg: 0, housing_kg_per_kg_cells: 0, cooling_kg_per_kg_cells: 0 } };
  const b = ev(raw).pack;
  assert.equal(b.cells, 20);
  assert.ok(Math.abs(b.mass_kg - 20 * (ev(raw).mass_kg + ev(raw).fixture_mass_per_cell_kg)) < 1e-9);
});

test('one CCD law: the materials module no longer has its own criticalCurrentDensity_A_m2 (ce20cf2: two, with different pressure laws)', () => {
  assert.equal('criticalCurrentDensity_A_m2' in electrolytes, false);
});

test('one truth: the emitted simulator parameters carry the separator’s CCD law, so the simulator’s CCD equals the designer’s (ce20cf2: the template’s 0.15 eV for Li6PS5Cl)', () => {
  const d = loadDesign('examples/cells/sulfide-lpscl-anode-free.yaml');
  const p = emitCellParams(d.resolved, d.result);
  const rec = electrolytes.ELECTROLYTES.Li6PS5Cl.ccd!;
  assert.equal(p.filament!.ea_eV, rec.ea_eV);
  assert.equal(p.filament!.pressure_ref_MPa, rec.pressure_ref_Pa / 1e6);
  assert.equal(p.filament!.pressureExponent, rec.pressureExponent);
  const f = filamentParamsFrom(p.filament!);
  const stack_Pa = p.pressure.initial_MPa * 1e6;
  assert.ok(Math.abs(criticalCurrentDensity_A_m2(f, 253.15, stack_Pa) / 10 / d.result.ccd_minus20C_mA_cm2! - 1) < 1e-12);
  assert.ok(Math.abs(criticalCurrentDensity_A_m2(f, 298.15, stack_Pa) / 10 / d.result.ccd_25C_mA_cm2! - 1) < 1e-12);
  // the simulator's capacity is the delivered one (loading less the formation loss)
  assert.equal(p.cathode.loading_mAh_cm2, d.result.areal_capacity_mAh_cm2);
});
