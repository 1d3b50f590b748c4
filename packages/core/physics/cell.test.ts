import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCellModel, validateCellParams } from './cell.js';
import { CELL_PRESETS } from '../design/presets.js';
import { InputError } from '../errors.js';

test('tabulated R0 on the hot path matches the exact materials-based resistance', () => {
  for (const [id, p] of Object.entries(CELL_PRESETS)) {
    const c = buildCellModel(p);
    const tol = p.separator.electrolyte === 'PEO_LiTFSI' ? 3e-3 : 3e-4;
    for (let T = 205; T < 495; T += 1.37) {
      for (const p_Pa of [0.05e6, 1e6, 5e6]) {
        const exact = c.resistance(T, p_Pa, 1e-4).total_ohm;
        assert.ok(Math.abs(c.r0_ohm(T, p_Pa, 1e-4) - exact) / exact < tol, `${id} at ${T.toFixed(2)} K, ${p_Pa} Pa`);
      }
    }
    // outside the table the exact function is used
    assert.equal(c.r0_ohm(600, 1e6, 0), c.resistance(600, 1e6, 0).total_ohm);
  }
});

test('capacity follows the design: loading × area × layers', () => {
  const p = CELL_PRESETS['ssb-oxide-llzo-nmc811'];
  const c = buildCellModel(p);
  assert.ok(Math.abs(c.capacity_As / 3600 - (p.cathode.loading_mAh_cm2 * p.geometry.electrodeArea_cm2 * p.geometry.layers) / 1000) < 1e-9);
  const thicker = buildCellModel({ ...p, cathode: { ...p.cathode, loading_mAh_cm2: 2 * p.cathode.loading_mAh_cm2 } });
  assert.ok(Math.abs(thicker.capacity_As / c.capacity_As - 2) < 1e-12);
});

test('against Li metal the SoC window is the voltage window: OCV(1) = max_V', () => {
  const c = buildCellModel(CELL_PRESETS['ssb-oxide-llzo-nmc811']);
  assert.ok(Math.abs(c.ocvTable.y[c.ocvTable.y.length - 1] - c.vMax_V) < 2e-3);
  for (let i = 1; i < c.ocvTable.y.length; i++) assert.ok(c.ocvTable.y[i] >= c.ocvTable.y[i - 1] - 1e-9, 'OCV rises with SoC');
});

test('parameter validation names the field and the value', () => {
  const p = structuredClone(CELL_PRESETS['ssb-oxide-llzo-nmc811']) as unknown as Record<string, Record<string, unknown>>;
  p.separator.thickness_um = -5;
  assert.throws(
    () => validateCellParams(p, 'my-cell.yaml'),
    (e: unknown) => e instanceof InputError && /my-cell\.yaml/.test(e.message) && /separator\.thickness_um/.test(e.message) && /-5/.test(e.message),
  );
  const q = structuredClone(CELL_PRESETS['ssb-oxide-llzo-nmc811']) as unknown as Record<string, Record<string, unknown>>;
  q.cathode.materal = 'NMC811';
  assert.throws(
    () => validateCellParams(q, 'x'),
    (e: unknown) => e instanceof InputError && /cathode/.test(e.message),
  );
});

test('temperatureParameters: R0 and the RC factor equal the single-table functions, the CCD factor is within 3e-4', async () => {
  const { ccdTemperatureFactor } = await import('./filament/ccd.js');
  const { pressureFactor } = await import('./interface/pressure-power-law.js');
  const out = new Float64Array(3);
  for (const [id, p] of Object.entries(CELL_PRESETS)) {
    const c = buildCellModel(p);
    for (let T = 150; T < 560; T += 0.173) {
      for (const p_Pa of [0.05e6, 1e6, 5e6]) {
        const pfA = pressureFactor(c.anodeInterface, p_Pa);
        const pfC = pressureFactor(c.cathodeInterface, p_Pa);
        c.temperatureParameters(T, p_Pa, pfA, pfC, 1e-4, out);
        assert.equal(out[0], c.r0WithPressureFactors_ohm(T, p_Pa, pfA, pfC, 1e-4), `${id} R0 at ${T} K`);
        assert.equal(out[0], c.r0_ohm(T, p_Pa, 1e-4), `${id} R0 at ${T} K`);
        assert.equal(out[1], c.rcFactor(T), `${id} RC factor at ${T} K`);
        const exact = c.filament ? ccdTemperatureFactor(c.filament, T) : 1;
        // linear interpolation on the 0.25 K grid: relative error ≤ h²/8·(Ea/kT²)², 1.6e-4 for PEO's 0.5 eV at 200 K
        assert.ok(Math.abs(out[2] / exact - 1) < 3e-4, `${id} CCD factor at ${T} K: ${out[2]} vs ${exact}`);
      }
    }
  }
});
