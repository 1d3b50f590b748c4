import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseDesign,
  resolveDesign,
  evaluateResolved,
  evaluateDesign,
  emitCellParams,
  runSweep,
  parseSweepSpec,
  learningCurve,
  markPareto,
  checkAxes,
  MAX_SWEEP_POINTS,
  type SweepPoint,
  type DesignResult,
} from './index.js';
import { buildCellModel } from '../physics/cell.js';
import { InputError } from '../errors.js';

const OXIDE = {
  name: 'oxide test',
  cathode: { material: 'NMC811', loading_mAh_cm2: 3, solid_electrolyte_fraction: 0.3, porosity: 0.05 },
  separator: { material: 'LLZO', thickness_um: 20 },
  anode: { type: 'li-metal', thickness_um: 20 },
  stack: { layers: 60, electrode_width_mm: 100, electrode_length_mm: 300 },
};
const LIION = {
  name: 'liquid test',
  cathode: { material: 'NMC811', thickness_um: 75.6, porosity: 0.335 },
  separator: { material: 'PE-separator', thickness_um: 12, porosity: 0.47 },
  liquid_electrolyte: { material: 'LiPF6_EC_EMC' },
  anode: { type: 'graphite', thickness_um: 85.2 },
  stack: { layers: 45, electrode_width_mm: 100, electrode_length_mm: 300 },
};
const SULFIDE = {
  name: 'sulfide test',
  cathode: { material: 'NMC811', loading_mAh_cm2: 3.5 },
  separator: { material: 'Li6PS5Cl', thickness_um: 30 },
  anode: { type: 'anode-free' },
  stack: { layers: 52, electrode_width_mm: 100, electrode_length_mm: 300 },
};
const PEO = {
  name: 'peo test',
  cathode: { material: 'LFP', loading_mAh_cm2: 1.8 },
  separator: { material: 'PEO_LiTFSI', thickness_um: 30 },
  anode: { type: 'li-metal', excess_li_pct: 200 },
  stack: { layers: 20, electrode_width_mm: 100, electrode_length_mm: 200 },
};
const CYL = { ...LIION, name: 'cyl', stack: {}, packaging: { type: 'cylindrical', diameter_mm: 21.1, height_mm: 70.15 } };

const within = (a: number, b: number, rel: number, what: string) => assert.ok(Math.abs(a / b - 1) <= rel, `${what}: ${a} vs ${b}`);

test('designer capacity and R0 at 25 °C equal buildCellModel on the emitted parameters (within 1 %)', () => {
  for (const raw of [OXIDE, LIION, SULFIDE, PEO, CYL]) {
    const r = resolveDesign(parseDesign(raw));
    const res = evaluateResolved(r);
    const params = emitCellParams(r, res);
    const model = buildCellModel(params);
    within(model.capacity_As / 3600, res.capacity_Ah, 0.01, `${raw.name} capacity`);
    const r0 = model.resistance(298.15, params.pressure.initial_MPa * 1e6, 0).total_ohm;
    within(r0 * 1e3, res.r0_25C_mohm, 0.01, `${raw.name} R0 25 °C`);
    const r0m = model.resistance(253.15, params.pressure.initial_MPa * 1e6, 0).total_ohm;
    within(r0m * 1e3, res.r0_minus20C_mohm, 0.01, `${raw.name} R0 −20 °C`);
    within(params.geometry.mass_g / 1000, res.mass_kg, 1e-9, `${raw.name} mass`);
  }
});

test('conservation: part masses add up to the cell mass, volume parts to the outer volume; areal capacity × area = capacity', () => {
  for (const raw of [OXIDE, LIION, SULFIDE, PEO, CYL, { ...OXIDE, packaging: { type: 'prismatic' } }]) {
    const res = evaluateDesign(parseDesign(raw));
    const m = res.parts.reduce((s, p) => s + p.mass_kg, 0);
    within(m, res.mass_kg, 1e-12, `${raw.name} mass`);
    const v = res.volumes.reduce((s, p) => s + p.volume_m3, 0);
    within(v * 1000, res.volume_L, 1e-9, `${raw.name} volume`);
    assert.ok(
      res.volumes.every((x) => x.volume_m3 >= -1e-15),
      `${raw.name}: no negative volume part`,
    );
    within(res.areal_capacity_mAh_cm2 * 10 * res.total_cathode_area_m2, res.capacity_Ah, 1e-12, `${raw.name} capacity`);
    within(res.cost.materials_USD + res.cost.manufacturing_USD, res.cost.total_USD, 1e-12, `${raw.name} cost`);
    within(res.cost.materials.reduce((s, c) => s + c.USD, 0) + res.cost.manufacturing.reduce((s, c) => s + c.USD, 0), res.cost.total_USD, 1e-9, `${raw.name} cost lines`);
  }
});

test('loading ↔ thickness: the same coating either way; thicker separator → more resistance, less energy density', () => {
  const a = evaluateDesign(parseDesign(OXIDE));
  const b = evaluateDesign(parseDesign({ ...OXIDE, cathode: { ...OXIDE.cathode, loading_mAh_cm2: undefined, thickness_um: a.cathode_thickness_um } }));
  within(b.capacity_Ah, a.capacity_Ah, 1e-9, 'capacity');
  const c = evaluateDesign(parseDesign({ ...OXIDE, separator: { material: 'LLZO', thickness_um: 40 } }));
  assert.ok(c.r0_25C_mohm > a.r0_25C_mohm && c.energy_density_Wh_L < a.energy_density_Wh_L);
  assert.ok(a.r0_minus20C_mohm > a.r0_25C_mohm, 'Arrhenius: colder → more resistance');
  assert.ok(a.max_charge_C_rate_minus20C < a.max_charge_C_rate_25C, 'CCD falls with temperature');
  assert.ok(a.specific_energy_with_fixture_Wh_kg < a.specific_energy_Wh_kg, 'the fixture costs specific energy');
});

test('CCD-limited charge: max C = safety × CCD / delivered loading for a Li-metal cell', () => {
  const a = evaluateDesign(parseDesign(SULFIDE));
  assert.ok(a.ccd_25C_mA_cm2 !== null);
  within(a.areal_capacity_mAh_cm2, 3.5 * 0.95, 1e-9, 'delivered loading (anode-free: 5 % formation loss)');
  within(a.max_charge_C_rate_25C, (0.8 * a.ccd_25C_mA_cm2!) / (3.5 * 0.95), 1e-9, 'C-rate');
  const l = evaluateDesign(parseDesign(LIION));
  assert.equal(l.ccd_25C_mA_cm2, null);
});

const throwsField = (raw: unknown, field: RegExp, extra?: RegExp) =>
  assert.throws(
    () => evaluateDesign(parseDesign(raw)),
    (e: unknown) => e instanceof InputError && field.test(e.message) && (!extra || extra.test(e.message)),
  );

test('bad input: unknown names suggest, impossible designs name field and value', () => {
  throwsField({ ...OXIDE, cathode: { ...OXIDE.cathode, material: 'NMC81' } }, /cathode\.material/, /did you mean 'NMC811'/);
  throwsField({ ...OXIDE, separator: { material: 'LLZ0', thickness_um: 20 } }, /separator\.material/, /did you mean 'LLZO'/);
  throwsField({ ...OXIDE, cathode: { ...OXIDE.cathode, porosity: -0.1 } }, /cathode\.porosity/, /-0\.1/);
  throwsField({ ...OXIDE, cathode: { ...OXIDE.cathode, solid_electrolyte_fraction: 0.95 } }, /cathode\.solid_electrolyte_fraction/, /more than the volume allows/);
  throwsField({ ...OXIDE, cathode: { ...OXIDE.cathode, loading_mAh_cm2: 0.2 } }, /cathode\.loading_mAh_cm2/, /thinner than its particles/);
  throwsField({ ...OXIDE, cathode: { ...OXIDE.cathode, loading_mAh_cm2: undefined, thickness_um: 5 } }, /cathode\.thickness_um/, /thinner than its particles/);
  throwsField({ ...OXIDE, stak: {} }, /'stak'/, /did you mean 'stack'/);
  throwsField({ ...OXIDE, anode: { type: 'li-metal' } }, /anode\.thickness_um/);
  throwsField({ ...OXIDE, cathode: { ...OXIDE.cathode, binder: 'PVFD' } }, /cathode\.binder/, /did you mean 'PVDF'/);
});

test('learning curve C(x) = C0·x^−b: halves per doubling at a 50 % rate; sweep and Pareto', () => {
  within(learningCurve(100, 1, 2, 0.5), 50, 1e-12, 'LR 50 %');
  within(learningCurve(100, 1, 10, 0.18), 100 * Math.pow(10, Math.log2(0.82)), 1e-12, 'LR 18 %');
  const axes = [parseSweepSpec('separator.thickness_um=10:50:5'), parseSweepSpec('cathode.loading_mAh_cm2=2,3,4')];
  assert.equal(axes[0].values.length, 9);
  const pts = runSweep(parseDesign(SULFIDE), axes);
  assert.equal(pts.length, 27);
  assert.ok(pts.some((p) => p.pareto));
  for (const p of pts.filter((q) => q.pareto))
    for (const q of pts)
      if (q !== p)
        assert.ok(
          !(
            q.result!.specific_energy_with_fixture_Wh_kg > p.result!.specific_energy_with_fixture_Wh_kg &&
            q.result!.max_charge_C_rate_25C > p.result!.max_charge_C_rate_25C &&
            q.result!.cost_USD_per_kWh < p.result!.cost_USD_per_kWh
          ),
        );
  const mk = (e: number, c: number, k: number): SweepPoint => ({
    values: [],
    error: null,
    pareto: false,
    result: { specific_energy_with_fixture_Wh_kg: e, max_charge_C_rate_25C: c, cost_USD_per_kWh: k } as DesignResult,
  });
  const three = [mk(300, 1, 100), mk(200, 0.5, 150), mk(350, 0.5, 120)];
  markPareto(three);
  assert.deepEqual(
    three.map((p) => p.pareto),
    [true, false, true],
  );
});

const withField = (path: string, v: number) => {
  const d = structuredClone(OXIDE) as unknown as Record<string, Record<string, unknown>>;
  const [a, b] = path.split('.');
  d[a][b] = v;
  return d;
};

test('design values beyond any cell (1e308 µm, 1e-300 mm, 1e6 mAh/cm²) are input errors naming the field, not Infinity grams', () => {
  for (const [path, v] of [
    ['separator.thickness_um', 1e308],
    ['anode.thickness_um', 1e308],
    ['stack.electrode_width_mm', 1e-300],
    ['stack.electrode_length_mm', 1e9],
    ['cathode.loading_mAh_cm2', 1e6],
    ['cathode.porosity', 1.5],
  ] as const) {
    assert.throws(
      () => parseDesign(withField(path, v), 'd.yaml'),
      (e: unknown) => e instanceof InputError && e.message.startsWith(`d.yaml, field '${path}'`) && /must be within/.test(e.message),
      path,
    );
  }
  assert.doesNotThrow(() => parseDesign(OXIDE, 'd.yaml'));
});

test(`a sweep above ${MAX_SWEEP_POINTS} points is refused before any work, and both ends of an axis are checked`, () => {
  const big = [parseSweepSpec('separator.thickness_um=10:59.9:0.01'), parseSweepSpec('stack.layers=10:29:1')];
  assert.throws(() => checkAxes(OXIDE, big, 'd.yaml'), /99820 combinations is too many \(max 20000/);
  assert.throws(() => checkAxes(OXIDE, [parseSweepSpec('separator.thickness_um=10,1e9')], 'd.yaml'), /separator.thickness_um=1000000000, field 'separator.thickness_um'/);
});
