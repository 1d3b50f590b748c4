import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIVE_MATERIALS, ActiveMaterialSchema, fullCellOcv_V, fullCellDUdT_V_K, ocpNmc811Chen2020_V, ocpGraphiteChen2020_V } from './electrodes.js';
import { NumericalError } from '../errors.js';

const mV2 = 0.002;
const near = (a: number, b: number, tol: number, what: string): void => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('OCP check values from materials-data.md within 2 mV', () => {
  const A = ACTIVE_MATERIALS;
  near(A.NMC811.ocp_V(0.27), 4.273, mV2, 'NMC811(0.27)');
  near(A.NMC811.ocp_V(0.5), 3.972, mV2, 'NMC811(0.5)');
  near(A.NMC811.ocp_V(0.9), 3.568, mV2, 'NMC811(0.9)');
  near(A.graphite.ocp_V(0.5), 0.133, mV2, 'graphite(0.5)');
  near(A.LFP.ocp_V(0.5), 3.398, mV2, 'LFP(0.5)');
  near(A.LCO.ocp_V(0.5), 4.186, mV2, 'LCO(0.5)');
  assert.equal(A.Li.ocp_V(0.3), 0);
});

test('full cell Chen2020 check: U_pos(0.27) − U_neg(0.9014) = 4.181 V', () => {
  near(ocpNmc811Chen2020_V(0.27) - ocpGraphiteChen2020_V(0.9014), 4.181, mV2, 'direct');
  // through fullCellOcv_V with the PyBaMM Chen2020 initial state (y = 17038/63104 = 0.270) as SoC 1
  const nmc = { ...ACTIVE_MATERIALS.NMC811, x_soc1: 0.27 };
  near(fullCellOcv_V(nmc, ACTIVE_MATERIALS.graphite, 1), 4.181, mV2, 'fullCellOcv_V(1)');
  // with the paper window (y100 = 0.2661) the top-of-charge OCV is 4.193 V
  near(fullCellOcv_V(ACTIVE_MATERIALS.NMC811, ACTIVE_MATERIALS.graphite, 1), 4.193, mV2, 'paper window z=1');
  near(fullCellOcv_V(ACTIVE_MATERIALS.NMC811, ACTIVE_MATERIALS.graphite, 0), 2.498, mV2, 'paper window z=0');
});

test('cathode OCPs are monotone decreasing in stoichiometry over the window', () => {
  for (const m of Object.values(ACTIVE_MATERIALS)) {
    if (m.role !== 'cathode') continue;
    const lo = Math.min(m.x_soc0, m.x_soc1);
    const hi = Math.max(m.x_soc0, m.x_soc1);
    let prev = Infinity;
    for (let i = 0; i <= 1000; i++) {
      const x = lo + ((hi - lo) * i) / 1000;
      const u = m.ocp_V(x);
      assert.ok(u < prev, `${m.id} not decreasing at x = ${x}`);
      prev = u;
    }
    assert.ok(m.x_soc0 > m.x_soc1, `${m.id}: cathode delithiates on charge`);
  }
});

test('full-cell OCV rises monotonically with SoC for every cathode on graphite and on Li', () => {
  for (const c of Object.values(ACTIVE_MATERIALS)) {
    if (c.role !== 'cathode') continue;
    for (const a of [ACTIVE_MATERIALS.graphite, ACTIVE_MATERIALS.Li]) {
      let prev = -Infinity;
      for (let i = 0; i <= 200; i++) {
        const v = fullCellOcv_V(c, a, i / 200);
        assert.ok(Number.isFinite(v) && v > prev, `${c.id}|${a.id} at z = ${i / 200}`);
        prev = v;
      }
      const top = fullCellOcv_V(c, a, 1);
      assert.ok(top > 3.4 && top < 4.4, `${c.id}|${a.id} top ${top}`);
    }
  }
});

test('Li-metal anode: full-cell OCV is the cathode half-cell curve', () => {
  const c = ACTIVE_MATERIALS.NMC811;
  for (const z of [0, 0.3, 0.7, 1]) {
    assert.equal(fullCellOcv_V(c, ACTIVE_MATERIALS.Li, z), c.ocp_V(c.x_soc0 + (c.x_soc1 - c.x_soc0) * z));
  }
});

test('entropic coefficients: finite, bounded (|dU/dT| < 1 mV/K), O’Regan graphite/NMC811 non-zero', () => {
  for (const m of Object.values(ACTIVE_MATERIALS)) {
    for (let i = 0; i <= 100; i++) {
      const x = m.x_soc0 + ((m.x_soc1 - m.x_soc0) * i) / 100;
      const d = m.dUdT_V_K(x);
      assert.ok(Number.isFinite(d) && Math.abs(d) < 1e-3, `${m.id} at ${x}: ${d}`);
    }
  }
  assert.ok(Math.abs(ACTIVE_MATERIALS.graphite.dUdT_V_K(0.1)) > 1e-5);
  assert.ok(Math.abs(ACTIVE_MATERIALS.NMC811.dUdT_V_K(0.8)) > 1e-5);
  const d = fullCellDUdT_V_K(ACTIVE_MATERIALS.NMC811, ACTIVE_MATERIALS.graphite, 0.5);
  assert.ok(Number.isFinite(d) && d !== 0);
});

test('fullCellOcv_V: non-finite SoC throws naming the quantity; SoC is clamped to [0, 1]', () => {
  const c = ACTIVE_MATERIALS.NCA;
  const a = ACTIVE_MATERIALS.graphite;
  assert.throws(
    () => fullCellOcv_V(c, a, NaN),
    (e: unknown) => e instanceof NumericalError && /state of charge/.test(e.message),
  );
  assert.equal(fullCellOcv_V(c, a, 1.2), fullCellOcv_V(c, a, 1));
  assert.equal(fullCellOcv_V(c, a, -0.2), fullCellOcv_V(c, a, 0));
});

test('zod validates every active-material entry; id matches key; required ids present', () => {
  for (const [key, m] of Object.entries(ACTIVE_MATERIALS)) {
    const r = ActiveMaterialSchema.safeParse(m);
    assert.ok(r.success, `${key}: ${r.success ? '' : JSON.stringify(r.error.issues)}`);
    assert.equal(m.id, key);
    for (const f of m.assumed ?? []) assert.ok(f in m, `${key}: assumed '${f}' is not a field`);
  }
  for (const id of ['NMC811', 'NMC622', 'NMC532', 'LFP', 'LCO', 'NCA', 'graphite', 'Li']) assert.ok(ACTIVE_MATERIALS[id], id);
  const li = ACTIVE_MATERIALS.Li;
  assert.deepEqual([li.specificCapacity_mAh_g, li.density_kg_m3, li.heatCapacity_J_kgK, li.thermalConductivity_W_mK], [3860, 534, 3580, 84.8]);
  assert.equal(ActiveMaterialSchema.safeParse({ ...li, x_soc1: 1.5 }).success, false);
  assert.equal(ActiveMaterialSchema.safeParse({ ...li, ocp_V: 0 }).success, false);
});
