/**
 * `ssb fit` end to end and a fitted model used by `ssb simulate` (`cell: {model: …, base: …}`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadScenario } from '../packages/io/scenario-loader.js';
import { runSimulation } from '../packages/core/sim/engine.js';
import { CELL_PRESETS } from '../packages/core/design/presets.js';
import { buildCellModel } from '../packages/core/physics/cell.js';
import { ecmFromCell } from '../packages/core/sim/ecm-from-cell.js';
import { simulateTest, ocvTestSteps, hppcTestSteps } from '../packages/core/fit/synthetic.js';
import { fitEcm } from '../packages/core/fit/index.js';
import { ecmFromModelFile, parseModelFile } from '../packages/core/fit/model-file.js';
import { cellModelFromEcmFile } from '../packages/core/fit/cell-from-model.js';
import { InputError } from '../packages/core/errors.js';
import { readMeasured } from '../packages/io/import/index.js';
import { calibrateDynamic } from '../packages/core/fit/dynamic.js';
import { modelVoltageCheck } from '../packages/core/fit/validate.js';
import { createSocEstimator } from '../packages/core/bms/estimation/soc/index.js';
import { EstimateRun } from '../packages/core/bms/estimation/soc/score.js';
import { ROOT, ssb } from './cli-run.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-fit-test-'));
const PAN = path.resolve(ROOT, '../shared/data/panasonic-18650pf/characterisation');

/** A model fitted on synthetic tests of the Li-ion reference at 25 and −10 °C (known truth). */
function fittedLiion() {
  const truth = ecmFromCell(buildCellModel(CELL_PRESETS['liion-nmc811-graphite']));
  const ocv = simulateTest(truth, ocvTestSteps(truth), { temp_K: 298.15, initialSoc: 1 });
  const hppc = [25, -10].map((c) => simulateTest(truth, hppcTestSteps(truth, { socs: [0.8, 0.4], cRates: [1], rest_s: 600, logSocSteps: true }), { temp_K: 273.15 + c, initialSoc: 1 }));
  return { truth, fit: fitEcm({ ocv, hppc, capacity_Ah: truth.capacity_As / 3600, fitDate: '2025-01-01', name: 'synthetic liion' }) };
}

test('cellModelFromEcmFile: capacity, OCV, R0(T) and an Arrhenius RC from the fitted tables', () => {
  const { truth, fit } = fittedLiion();
  const cell = cellModelFromEcmFile(fit.model, CELL_PRESETS['liion-nmc811-graphite']);
  assert.ok(Math.abs(cell.capacity_As / truth.capacity_As - 1) < 0.005);
  for (const T of [263.15, 298.15]) {
    assert.ok(Math.abs(cell.r0_ohm(T, 1e5, 0) / truth.r0_ohm(0.5, T) - 1) < 0.01, `R0 at ${T} K`);
    const rc = cell.rcResistance(T);
    const sum = truth.r1_ohm(0.5, T) + truth.r2_ohm(0.5, T);
    assert.ok(Math.abs((rc.r1_ohm + rc.r2_ohm) / sum - 1) < 0.02, `R1+R2 at ${T} K`);
  }
  // the truth's RC is Arrhenius with 0.35 eV: the log-linear fit finds it
  assert.ok(Math.abs(cell.rc.ea_eV - 0.35) < 0.01, `Ea ${cell.rc.ea_eV}`);
  assert.ok(Math.abs(cell.rc.tau2_s / 120 - 1) < 0.05);
  assert.ok(cell.ocvTable.y.every((v, i) => i === 0 || v > cell.ocvTable.y[i - 1]));
  assert.equal(cell.mass_kg, buildCellModel(CELL_PRESETS['liion-nmc811-graphite']).mass_kg);
});

test('a scenario with cell: {model: fitted.json, base: …} runs (plant and BMS from the fitted file)', () => {
  const { fit } = fittedLiion();
  const modelFile = path.join(TMP, 'fitted.json');
  writeFileSync(modelFile, JSON.stringify(fit.model));
  const scen = path.join(TMP, 'fitted-scenario.yaml');
  writeFileSync(
    scen,
    `name: fitted cell lab test
cell: { model: ./fitted.json, base: liion-nmc811-graphite, mass_g: 698, dimensions: { length_mm: 302, width_mm: 102, thickness_mm: 8.6 }, heat_capacity_J_kgK: 1000 }
compare: [liion-nmc811-graphite]
pack: { series: 2, parallel: 1, groups_per_module: 2, initial_soc: 0.9, initial_temp_C: 25 }
climate: { kind: constant, temp_C: 25 }
schedule:
  days: 1
  events:
    - at: "00:00"
      protocol: ["Discharge at 1C for 20 minutes", "Rest for 10 minutes"]
bms: { estimators: [ekf, coulomb] }
btms: { controller: none }
outputs: { record_every_s: 30 }
`,
  );
  const loaded = loadScenario(scen);
  const id = loaded.cell.id;
  assert.ok(id.startsWith('fitted-'));
  assert.ok(loaded.fitted[id]);
  const r = runSimulation({ scenario: loaded.scenario, cell: loaded.cell, cellModel: loaded.fitted[id].cell, ecm: loaded.fitted[id].ecm, traces: {} });
  assert.equal(r.error, null);
  assert.ok(Math.abs(r.metrics.energy_balance_error_pct as number) < 0.01);
  const cap = r.metrics.pack.capacity_Ah;
  assert.ok(Math.abs(cap - fit.model.capacity_Ah) < 0.01 * fit.model.capacity_Ah);
  // and through the CLI
  const out = path.join(TMP, 'sim-out');
  const c = ssb('simulate', scen, '-o', out, '--no-compare');
  assert.equal(c.code, 0, c.stderr);
  assert.ok(existsSync(path.join(out, 'metrics.json')));
});

test('cell: {model} errors: a bad model file names its field; base without model is rejected', () => {
  const bad = path.join(TMP, 'bad-model.json');
  writeFileSync(bad, JSON.stringify({ schema: 'ssb-twin/ecm-model', version: 1, capacity_Ah: 0 }));
  const scen = path.join(TMP, 'bad-model.yaml');
  writeFileSync(scen, 'name: x\ncell: { model: ./bad-model.json }\nclimate: { kind: constant, temp_C: 20 }\nschedule: { days: 1 }\n');
  assert.throws(
    () => loadScenario(scen),
    (e: unknown) => e instanceof InputError && /bad-model\.json/.test(e.message) && /capacity_Ah/.test(e.message),
  );
  const scen2 = path.join(TMP, 'base-only.yaml');
  writeFileSync(scen2, 'name: x\ncell: { preset: liion-nmc811-graphite, base: liion-nmc811-graphite }\nclimate: { kind: constant, temp_C: 20 }\nschedule: { days: 1 }\n');
  assert.throws(
    () => loadScenario(scen2),
    (e: unknown) => e instanceof InputError && /base/.test(e.message),
  );
});

test('ssb fit: bad input → exit 2 naming the problem', () => {
  const r = ssb('fit', '--ocv', path.join(TMP, 'missing.csv'), '--hppc', 'x.csv', '--capacity-ah', '2.9', '--out', path.join(TMP, 'm.json'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing\.csv/);
  const r2 = ssb('fit', '--ocv', 'x.csv', '--hppc', 'x.csv', '--capacity-ah', 'abc', '--out', path.join(TMP, 'm.json'));
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /capacity-ah/);
  const r3 = ssb('fit', '--hppc', 'x.csv', '--capacity-ah', '2.9', '--out', path.join(TMP, 'm.json'));
  assert.equal(r3.code, 2);
  const r4 = ssb('fit', '--ocv', 'x.csv', '--hppc', 'x.csv', '--capacity-ah', '2.9', '--dynamic', 'x.csv', '--dynamic-initial-soc', '1.5', '--out', path.join(TMP, 'm.json'));
  assert.equal(r4.code, 2);
  assert.match(r4.stderr, /dynamic-initial-soc/);
});

test('ssb fit on the real Panasonic 18650PF files (C/20 OCV + 25 °C HPPC): model, report, summary', { skip: !existsSync(PAN) && 'data folder not present' }, () => {
  const out = path.join(TMP, 'pan', 'model.json');
  const r = ssb('fit', '--ocv', path.join(PAN, 'C20_OCV_Test_C20_25dC.csv.gz'), '--hppc', path.join(PAN, '25degC_5Pulse_HPPC_Pan18650PF.csv.gz'), '--capacity-ah', '2.9', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /usable capacity\s+2\.99/);
  assert.match(r.stdout, /RMS at 25\.\d °C/);
  const m = parseModelFile(JSON.parse(readFileSync(out, 'utf8')), out);
  assert.ok(Math.abs(m.capacity_Ah - 2.997) < 0.01);
  assert.equal(m.resistance.temp_C.length, 1);
  // 25 °C, mid SoC: R0 of a new 18650PF is a few tens of mΩ
  const r0 = m.resistance.r0_ohm[0][10];
  assert.ok(r0 > 0.005 && r0 < 0.06, `R0 ${r0}`);
  // the slow branch is fitted by default (τ of minutes), and the file carries Kalman settings for it
  assert.ok(m.resistance.tau2_s[0][10] > 150, `slow τ ${m.resistance.tau2_s[0][10]}`);
  const rms = m.provenance.perTemperature[0].rms_mV / 1000;
  assert.ok(m.estimator && Math.abs(m.estimator.measurementNoise_V - 2 * rms) < 1e-4, JSON.stringify(m.estimator));
  const html = readFileSync(path.join(TMP, 'pan', 'model.html'), 'utf8');
  assert.match(html, /RMS voltage residual per temperature/);
  assert.ok(!/<script src=/.test(html));
});

test('calibrateDynamic on the real Panasonic 25degC_Cycle_1 improves the model on held-out cycles (LA92, NN): voltage and EKF SoC', {
  skip: !existsSync(PAN) && 'data folder not present',
  timeout: 180_000,
}, async () => {
  const DC = path.resolve(PAN, '../drive-cycles');
  const read = async (f: string) => (await readMeasured(f)).series;
  const fitted = fitEcm({
    ocv: await read(path.join(PAN, 'C20_OCV_Test_C20_25dC.csv.gz')),
    hppc: [await read(path.join(PAN, '25degC_5Pulse_HPPC_Pan18650PF.csv.gz'))],
    capacity_Ah: 2.9,
    fitDate: '2026-11-23',
    slowRc: true,
  });
  const { model, calibration } = calibrateDynamic(fitted.model, await read(path.join(DC, '25degC_Cycle_1_Pan18650PF.csv.gz')), { file: '25degC_Cycle_1' });
  assert.ok(calibration.exponent > 1, `minor loops expected, exponent ${calibration.exponent}`);
  assert.ok(calibration.capacity_Ah < 2.97 && calibration.capacity_Ah > 2.85, `capacity ${calibration.capacity_Ah}`);
  assert.ok(calibration.after.rms_mV < 0.6 * calibration.before.rms_mV, `${calibration.before.rms_mV} → ${calibration.after.rms_mV} mV`);
  const before = ecmFromModelFile(fitted.model);
  const after = ecmFromModelFile(model);
  for (const f of ['25degC_LA92', '25degC_NN']) {
    const s = await read(path.join(DC, `${f}_Pan18650PF.csv.gz`));
    const vb = modelVoltageCheck(before, s, 1, 2.9, 298.15, 1);
    const va = modelVoltageCheck(after, s, 1, 2.9, 298.15, 1);
    assert.ok(va.rms_mV < 0.8 * vb.rms_mV && va.rms_mV < 22, `${f}: open-loop RMS ${vb.rms_mV.toFixed(1)} → ${va.rms_mV.toFixed(1)} mV`);
    const run = new EstimateRun(createSocEstimator('ekf', after, { ...model.estimator }), { referenceInitialSoc: 1, capacity_As: 2.9 * 3600, fallbackTemp_K: 298.15 });
    run.push(s);
    const sc = run.finish();
    assert.ok(sc.rmse_pct < 1 && sc.max_abs_pct < 3, `${f}: EKF RMSE ${sc.rmse_pct.toFixed(2)} %, max ${sc.max_abs_pct.toFixed(2)} %`);
  }
});

test('ssb fit refuses a truncated OCV test (a quarter of the Panasonic C/20 file: 1.46 of 2.9 Ah) before writing a model (was: a partial-SoC model, exit 0)', () => {
  const { gunzipSync } = zlib;
  const lines = gunzipSync(readFileSync(path.join(PAN, 'C20_OCV_Test_C20_25dC.csv.gz')))
    .toString('utf8')
    .split('\n');
  const cut = path.join(TMP, 'ocv-truncated.csv');
  writeFileSync(cut, lines.slice(0, Math.floor(lines.length / 4)).join('\n') + '\n');
  const out = path.join(TMP, 'truncated-model.json');
  const r = ssb('fit', '--ocv', cut, '--hppc', path.join(PAN, '25degC_5Pulse_HPPC_Pan18650PF.csv.gz'), '--capacity-ah', '2.9', '--out', out);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /ocv-truncated\.csv, field 'capacity'.*does not run from full to empty/);
  assert.equal(existsSync(out), false);
});
