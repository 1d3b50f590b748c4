/**
 * `ssb estimate` end to end (dist/apps/cli/main.js as a child process) on a synthetic measured file
 * made with the nominal Li-ion reference model: one JSON object with the documented keys, scores
 * that follow the physics (a Coulomb counter started right scores ~0; an EKF started 30 points off
 * converges), and exit 2 on bad input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CELL_PRESETS } from '../packages/core/design/presets.js';
import { buildCellModel } from '../packages/core/physics/cell.js';
import { ecmFromCell } from '../packages/core/sim/ecm-from-cell.js';
import { Rng } from '../packages/core/numerics/rng.js';
import { drivePulseCurrent, simulateEcm } from '../packages/core/bms/estimation/soc/testing.js';
import { ROOT, ssb } from './cli-run.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-estimate-cli-'));

// a Panasonic-layout file (current negative on discharge, °C) from the Li-ion reference's nominal ECM
const ecm = ecmFromCell(buildCellModel(CELL_PRESETS['liion-nmc811-graphite']));
const n = 7200;
const current = drivePulseCurrent(new Rng(7), n, 1, ecm.capacity_As, 0.9);
current[0] = 0;
const sim = simulateEcm(ecm, current, 1, 0.9, 298.15);
const lines = ['Time,Voltage,Current,Ah,Wh,Power,Battery_Temp_degC,Chamber_Temp_degC'];
let ah = 0;
for (let k = 0; k < n; k++) {
  ah -= current[k] / 3600;
  lines.push(`${k},${sim.voltage_V[k].toFixed(5)},${(-current[k]).toFixed(5)},${ah.toFixed(6)},0,0,25.000,NaN`);
}
const DATA = path.join(TMP, 'drive.csv');
writeFileSync(DATA, lines.join('\n') + '\n');
const MODEL = 'liion-nmc811-graphite';
const KEYS = ['method', 'samples', 'rmse_pct', 'max_abs_pct', 'final_abs_pct', 'us_per_update'];

test('coulomb from the right initial SoC scores ~0 against the reference; one JSON object with the keys', () => {
  const r = ssb('estimate', '--model', MODEL, '--data', DATA, '--method', 'coulomb', '--initial-soc', '0.9', '--reference-initial-soc', '0.9', '--json');
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout) as Record<string, number | string>;
  for (const k of KEYS) assert.ok(k in o, `missing ${k}`);
  assert.equal(o.method, 'coulomb');
  assert.equal(o.samples, n);
  assert.ok((o.rmse_pct as number) < 0.01, `rmse ${o.rmse_pct}`);
});

test('ekf and ukf started 30 points off converge on the model that made the data; a report is written', () => {
  for (const method of ['ekf', 'ukf']) {
    const report = path.join(TMP, `${method}.html`);
    const r = ssb('estimate', '--model', MODEL, '--data', DATA, '--method', method, '--initial-soc', '0.6', '--reference-initial-soc', '0.9', '--json', '--report', report);
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout) as Record<string, number>;
    assert.ok(o.max_abs_pct > 25, `${method} starts off: ${o.max_abs_pct}`);
    assert.ok(o.final_abs_pct < 1, `${method} final ${o.final_abs_pct}`);
    assert.ok(o.convergence_time_s !== null && o.convergence_time_s < 3600, `${method} converged after ${o.convergence_time_s}`);
    assert.ok(existsSync(report) && readFileSync(report, 'utf8').includes('SoC error'));
  }
});

test('without --initial-soc the estimator starts from the first voltage, not from the reference', () => {
  const r = ssb('estimate', '--model', MODEL, '--data', DATA, '--method', 'ocv', '--reference-initial-soc', '1.0', '--json');
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout) as Record<string, number>;
  assert.ok(Math.abs(o.initial_estimate - 0.9) < 0.02, `initial ${o.initial_estimate}`);
});

test('the shipped nn weights run through the same interface', { skip: !existsSync(path.join(ROOT, 'models/nn-soc-panasonic-25C.json')) }, () => {
  const r = ssb('estimate', '--model', MODEL, '--data', DATA, '--method', 'nn', '--weights', 'models/nn-soc-panasonic-25C.json', '--json');
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout) as Record<string, number | string>;
  assert.equal(o.method, 'nn');
  assert.ok(Number.isFinite(o.rmse_pct as number));
});

test('bad input: unknown method, nn without weights, missing model, bad number → exit 2 naming the flag', () => {
  const cases: [string[], RegExp][] = [
    [['--method', 'kalman'], /method/],
    [['--method', 'nn'], /weights/],
    [['--method', 'ekf', '--initial-soc', 'abc'], /initial-soc/],
    [['--method', 'ekf', '--reference-initial-soc', '1.5'], /reference-initial-soc/],
  ];
  for (const [extra, re] of cases) {
    const r = ssb('estimate', '--model', MODEL, '--data', DATA, ...extra);
    assert.equal(r.code, 2, `${extra.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
  }
  const m = ssb('estimate', '--model', 'liion-nmc811-graphit', '--data', DATA, '--method', 'ekf');
  assert.equal(m.code, 2);
  assert.match(m.stderr, /did you mean 'liion-nmc811-graphite'/);
});

test('ssb estimate: data outside a cell’s physical range and an impossible --capacity-ah are exit 2 naming file, line and value (were scored; 1e308 A gave rmse_pct null, exit 0)', () => {
  const rows = readFileSync(DATA, 'utf8').split('\n');
  const cases: [string, (r: string) => string, RegExp][] = [
    ['amps', (r) => r.replace(/^(\d+,[\d.]+,)[-\d.]+,/, '$1-1e308,'), /field 'current', value -?1e\+308: line 101: current of/],
    ['volts', (r) => r.replace(/^(\d+,)[\d.]+,/, '$11e308,'), /field 'voltage', value 1e\+308: line 101: cell voltage outside 0…10 V/],
    ['hot', (r) => r.replace(',25.000,', ',1e6,'), /field 'temperature \[°C\]', value 1000000: line 101: cell temperature outside -60…150 °C/],
  ];
  for (const [name, edit, re] of cases) {
    const f = path.join(TMP, `${name}.csv`);
    writeFileSync(f, rows.map((r, i) => (i === 100 ? edit(r) : r)).join('\n'));
    const r = ssb('estimate', '--model', MODEL, '--data', f, '--method', 'coulomb', '--reference-initial-soc', '0.9', '--json');
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, re, name);
    assert.ok(r.stderr.startsWith(`ssb: error: ${f}`), r.stderr);
  }
  const tiny = ssb('estimate', '--model', MODEL, '--data', DATA, '--method', 'coulomb', '--reference-initial-soc', '0.9', '--capacity-ah', '1e-300');
  assert.equal(tiny.code, 2, tiny.stderr);
  assert.match(tiny.stderr, /field 'capacity-ah', value "1e-300": a cell's capacity must be within/);
});
