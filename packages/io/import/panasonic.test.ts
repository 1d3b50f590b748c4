/**
 * The importer on the real Panasonic 18650PF files (Kollmeyer, Mendeley Data
 * doi:10.17632/wykht8y7tg.1, CC BY 4.0) in ../shared/data; skipped when they are absent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../scenario-loader.js';
import { readMeasured, streamMeasured } from './index.js';

const DATA = resolve(PROJECT_ROOT, '../shared/data/panasonic-18650pf');
const C20 = join(DATA, 'characterisation/C20_OCV_Test_C20_25dC.csv.gz');
const US06 = join(DATA, 'drive-cycles/25degC_US06_Pan18650PF.csv.gz');

/** The last value of the Ah column, by a plain independent parse. */
function lastAh(file: string): number {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
  const head = lines[0].split(',');
  return Number(lines[lines.length - 1].split(',')[head.indexOf('Ah')]);
}

test('Panasonic C/20 OCV file: recognised, discharge current positive', async (t) => {
  if (!existsSync(C20)) return t.skip(`${C20} not present`);
  const { series, info } = await readMeasured(C20);
  assert.equal(info.format, 'panasonic');
  assert.equal(info.gzip, true);
  assert.ok(info.rows > 2000);
  // the test discharges first at C/20 (≈ 0.145 A for 2.9 Ah): the largest current is a positive ≈ C/20
  let max = -Infinity;
  for (const i of series.current_A) max = Math.max(max, i);
  assert.ok(max > 0.1 && max < 0.2, `max current ${max} A`);
  for (const k of series.temp_K!) assert.ok(k > 280 && k < 320);
});

test('Panasonic US06 drive cycle: ∫ current dt matches −Ah_final × 3600 within 1 %', async (t) => {
  if (!existsSync(US06)) return t.skip(`${US06} not present`);
  const { info, chunks } = streamMeasured(US06, { chunkRows: 10000 });
  let q_As = 0;
  let prevT = NaN;
  let prevI = 0;
  let discharging = 0;
  for await (const c of chunks) {
    for (let k = 0; k < c.length; k++) {
      if (!Number.isNaN(prevT)) q_As += prevI * (c.time_s[k] - prevT); // zero-order hold, as the cycler counts
      prevT = c.time_s[k];
      prevI = c.current_A[k];
      if (prevI > 0.5) discharging++;
    }
  }
  const i = await info;
  assert.equal(i.format, 'panasonic');
  assert.ok(discharging > i.rows / 4, 'most of a drive cycle discharges: positive current');
  const ah = lastAh(US06);
  assert.ok(ah < -2, `the file discharges the cell (Ah ${ah})`);
  const ref_As = -ah * 3600;
  assert.ok(Math.abs(q_As - ref_As) / ref_As < 0.01, `∫I dt = ${q_As} A s vs −Ah × 3600 = ${ref_As} A s`);
  assert.ok(Math.abs(i.medianDt_s - 0.1) < 0.01);
});
