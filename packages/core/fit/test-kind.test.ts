import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CELL_PRESETS } from '../design/presets.js';
import { buildCellModel } from '../physics/cell.js';
import { ecmFromCell } from '../sim/ecm-from-cell.js';
import { InputError } from '../errors.js';
import { classifyTest, fitInputsProblem } from './test-kind.js';
import { fitEcm } from './ecm.js';
import { hppcTestSteps, ocvTestSteps, simulateTest } from './synthetic.js';

const truth = ecmFromCell(buildCellModel(CELL_PRESETS['liion-nmc811-graphite']));
const ocv = simulateTest(truth, ocvTestSteps(truth), { temp_K: 298.15, initialSoc: 1 });
const hppc = simulateTest(truth, hppcTestSteps(truth, { socs: [0.8, 0.6, 0.4], cRates: [1], rest_s: 600, logSocSteps: true }), { temp_K: 298.15, initialSoc: 1 });
const capacity_Ah = truth.capacity_As / 3600;

test('classifyTest: a C/20 discharge is an OCV test, a pulse series an HPPC test', () => {
  assert.equal(classifyTest(ocv).kind, 'ocv');
  const h = classifyTest(hppc);
  assert.equal(h.kind, 'pulses');
  assert.ok(h.pulses >= 3, `${h.pulses} pulses`);
  assert.equal(fitInputsProblem(ocv, [hppc]), null);
});

test('fitEcm: swapped OCV and HPPC files are named as such (was: "no current pulses above C/50")', () => {
  const p = fitInputsProblem(hppc, [ocv]);
  assert.equal(p?.which, 'ocv');
  assert.match(p!.message, /the --ocv file looks like an HPPC test \(\d+ current pulses of up to [\d.]+ A.*the --hppc file looks like an OCV test.*did you swap --ocv and --hppc\?/);
  assert.throws(
    () => fitEcm({ ocv: hppc, hppc: [ocv], capacity_Ah, fitDate: '2025-01-01' }),
    (e: unknown) => e instanceof InputError && /did you swap --ocv and --hppc/.test(e.message),
  );
  // only the HPPC file is an OCV test
  assert.match(fitInputsProblem(ocv, [ocv])?.message ?? '', /the --hppc file looks like an OCV test/);
});

test('fitEcm: a nominal capacity in mAh is named (was: "no current pulses above C/50 = 1080 A")', () => {
  assert.throws(
    () => fitEcm({ ocv, hppc: [hppc], capacity_Ah: capacity_Ah * 1000, fitDate: '2025-01-01' }),
    (e: unknown) => e instanceof InputError && /looks like mAh/.test(e.message) && /capacity_Ah/.test(e.message),
  );
  assert.throws(
    () => fitEcm({ ocv, hppc: [hppc], capacity_Ah: capacity_Ah * 3, fitDate: '2025-01-01' }),
    (e: unknown) => e instanceof InputError && /differs from the .* Ah the data measure by a factor 3\.0/.test(e.message),
  );
});
