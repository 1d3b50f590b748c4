import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ELECTROLYTES, ElectrolyteSchema } from './electrolytes.js';
import { ccdLawFromMaterial, criticalCurrentDensity_A_m2 } from '../physics/filament/ccd.js';
import { BOLTZMANN_eV_per_K, cToK } from '../units/index.js';

test('zod validates every electrolyte entry; id matches key', () => {
  for (const [key, e] of Object.entries(ELECTROLYTES)) {
    const r = ElectrolyteSchema.safeParse(e);
    assert.ok(r.success, `${key}: ${r.success ? '' : JSON.stringify(r.error.issues)}`);
    assert.equal(e.id, key);
  }
});

test('zod rejects a broken entry', () => {
  const bad = { ...ELECTROLYTES.LLZO, density_kg_m3: -1 };
  assert.equal(ElectrolyteSchema.safeParse(bad).success, false);
  const badModel = { ...ELECTROLYTES.LLZO, conductivity: { kind: 'vtf', a_S_K05_m: 1, b_K: 1 } };
  assert.equal(ElectrolyteSchema.safeParse(badModel).success, false);
});

test('required electrolytes are present', () => {
  for (const id of ['LLZO', 'LLZO_Ta', 'LLTO', 'LATP', 'LAGP', 'LiPON', 'LGPS', 'Li6PS5Cl', 'Li7P3S11', 'Li3InCl6', 'Li3YCl6', 'PEO_LiTFSI', 'PEO_LLZO', 'LiPF6_EC_EMC']) {
    assert.ok(ELECTROLYTES[id], id);
  }
  assert.equal(ELECTROLYTES.PEO_LiTFSI.conductivity.kind, 'polymer-melt');
  assert.equal(ELECTROLYTES.LiPF6_EC_EMC.family, 'liquid');
});

test('assumed field names refer to real fields', () => {
  for (const e of Object.values(ELECTROLYTES)) {
    for (const f of e.assumed ?? []) {
      const root = f.split('.')[0];
      assert.ok(root in e, `${e.id}: assumed '${f}' is not a field`);
    }
  }
});

test('CCD: reference value at the reference pressure, Arrhenius rise with temperature, rise with pressure (the one law of physics/filament/ccd.ts)', () => {
  const rec = ELECTROLYTES.Li6PS5Cl.ccd;
  assert.ok(rec);
  const ccd = ccdLawFromMaterial(rec);
  assert.ok(Math.abs(criticalCurrentDensity_A_m2(ccd, rec.temp_ref_K, rec.pressure_ref_Pa) / rec.ccd_ref_A_m2 - 1) < 1e-12);
  const t = cToK(60);
  const ratioT = criticalCurrentDensity_A_m2(ccd, t, rec.pressure_ref_Pa) / rec.ccd_ref_A_m2;
  assert.ok(Math.abs(ratioT / Math.exp((rec.ea_eV / BOLTZMANN_eV_per_K) * (1 / rec.temp_ref_K - 1 / t)) - 1) < 1e-12);
  assert.ok(criticalCurrentDensity_A_m2(ccd, rec.temp_ref_K, 10e6) > criticalCurrentDensity_A_m2(ccd, rec.temp_ref_K, 1e6));
  assert.throws(() => criticalCurrentDensity_A_m2(ccd, NaN, 0), /temp_K/);
  assert.throws(() => criticalCurrentDensity_A_m2(ccd, 300, -1), /pressure_Pa/);
});

test("CCD temperature dependence is the material's own: garnet, argyrodite and PEO lose different factors at −20 °C", () => {
  const f = (id: string) => {
    const law = ccdLawFromMaterial(ELECTROLYTES[id].ccd!);
    return criticalCurrentDensity_A_m2(law, cToK(-20), 1e6) / criticalCurrentDensity_A_m2(law, cToK(25), 1e6);
  };
  const ox = f('LLZO');
  const su = f('Li6PS5Cl');
  const po = f('PEO_LiTFSI');
  assert.ok(Math.abs(ox - 0.354) < 0.005, `LLZO ${ox}`);
  assert.ok(su < ox - 0.05 && po < su, `LLZO ${ox}, Li6PS5Cl ${su}, PEO ${po}`);
});
