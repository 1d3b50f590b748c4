import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { InputError } from '../errors.js';
import { mphToMs } from '../units/index.js';
import { concatTraces, parseEpaSchedule, sampleTrace, traceDistance_m, traceDuration_s, type SpeedTrace } from './epa.js';

const MILE_m = 1609.344;
const dataDir = path.resolve(process.cwd(), '../shared/data/epa-drive-cycles');
const load = (file: string): SpeedTrace => parseEpaSchedule(readFileSync(path.join(dataDir, file), 'utf8'), file);
const maxSpeed_m_s = (t: SpeedTrace): number => Math.max(...t.speed_m_s);

// Published by the EPA (Dynamometer Drive Schedules pages): distance [mi], top speed [mph].
// Duration here is last − first time stamp of the file (UDDS file: 1370 rows, 0…1369 s).
const PUBLISHED = [
  { file: 'udds.txt', name: 'Urban Dynamometer Driving Schedule', rows: 1370, duration_s: 1369, miles: 7.45, top_mph: 56.7 },
  { file: 'hwfet.txt', name: 'Highway Fuel Economy Test', rows: 766, duration_s: 765, miles: 10.26, top_mph: 59.9 },
  { file: 'us06.txt', name: 'US06 Supplemental FTP Driving Schedule', rows: 601, duration_s: 600, miles: 8.01, top_mph: 80.3 },
  { file: 'nycc.txt', name: 'New York City Cycle', rows: 599, duration_s: 598, miles: 1.18, top_mph: 27.7 },
];

for (const c of PUBLISHED) {
  test(`${c.file}: duration, EPA distance within 1 %, top speed`, () => {
    const t = load(c.file);
    assert.equal(t.name, c.name);
    assert.equal(t.time_s.length, c.rows);
    assert.equal(traceDuration_s(t), c.duration_s);
    const d_m = traceDistance_m(t);
    assert.ok(Math.abs(d_m / (c.miles * MILE_m) - 1) < 0.01, `${c.file}: ${d_m / MILE_m} mi vs ${c.miles}`);
    assert.ok(Math.abs(maxSpeed_m_s(t) - mphToMs(c.top_mph)) < 1e-9, `${c.file} top speed ${maxSpeed_m_s(t) / 0.44704} mph`);
  });
}

test('UDDS distance ≈ 11.99 km', () => {
  assert.ok(Math.abs(traceDistance_m(load('udds.txt')) - 11990) < 0.01 * 11990);
});

test('a malformed row gives an InputError naming source, line and value', () => {
  const text = readFileSync(path.join(dataDir, 'udds.txt'), 'utf8').split('\r\n');
  const bad = [...text];
  bad[9] = '7\tfast';
  assert.throws(
    () => parseEpaSchedule(bad.join('\r\n'), 'udds.txt'),
    (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /udds\.txt:10/);
      assert.match(e.message, /fast/);
      return true;
    },
  );
  const back = [...text];
  back[20] = '5\t0';
  assert.throws(() => parseEpaSchedule(back.join('\r\n'), 'udds.txt'), /udds\.txt:21.*time_s.*must increase/);
  const three = [...text];
  three[30] = '28\t1\t2';
  assert.throws(() => parseEpaSchedule(three.join('\r\n'), 'udds.txt'), /udds\.txt:31.*2 columns/);
  assert.throws(() => parseEpaSchedule('A\tB\nheader\n0\t-3\n1\t0\n', 'neg.txt'), /neg\.txt:3.*speed_mph/);
  assert.throws(() => parseEpaSchedule('A\tB\nheader\n0\t0\n', 'short.txt'), /at least 2 rows/);
});

test('sampleTrace interpolates speed linearly, acceleration is the segment slope, clamped outside', () => {
  const t = load('us06.txt'); // rows 6: 0.2 mph, 7: 0.7 mph
  const s = sampleTrace(t, 6.5);
  assert.ok(Math.abs(s.speed_m_s - mphToMs(0.45)) < 1e-12);
  assert.ok(Math.abs(s.accel_m_s2 - mphToMs(0.5)) < 1e-12);
  assert.deepEqual(sampleTrace(t, -5), { speed_m_s: 0, accel_m_s2: 0 });
  assert.deepEqual(sampleTrace(t, 1e6), { speed_m_s: 0, accel_m_s2: 0 });
  assert.equal(sampleTrace(t, 11).speed_m_s, mphToMs(13.9));
});

test('concatTraces: durations and distances add; the gap idles at 0', () => {
  const u = load('udds.txt');
  const h = load('hwfet.txt');
  const both = concatTraces('UDDS+HWFET', [u, h], 10);
  assert.equal(traceDuration_s(both), 1369 + 10 + 765);
  assert.ok(Math.abs(traceDistance_m(both) - traceDistance_m(u) - traceDistance_m(h)) < 1e-6);
  assert.equal(sampleTrace(both, 1374).speed_m_s, 0);
  const joined = concatTraces('UDDS+HWFET', [u, h]);
  assert.equal(joined.time_s.length, u.time_s.length + h.time_s.length - 1);
  assert.equal(traceDuration_s(joined), 1369 + 765);
  const moving: SpeedTrace = { name: 'm', time_s: Float64Array.of(0, 1), speed_m_s: Float64Array.of(1, 2) };
  assert.throws(() => concatTraces('x', [moving, moving]), InputError);
  assert.throws(() => concatTraces('x', [u], -1), /gap_s/);
});

test('property: formatted EPA text round-trips through the parser; distance = ∫ sampled speed', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 2, maxLength: 60 }), (deci) => {
      const mph = deci.map((d) => d / 10);
      const text = ['X.TXT\tSynthetic', 'Test Time, secs\tTarget Speed, mph', ...mph.map((v, i) => `${i}\t${v}`)].join('\r\n') + '\r\n';
      const t = parseEpaSchedule(text, 'x.txt');
      assert.equal(t.name, 'Synthetic');
      assert.deepEqual([...t.speed_m_s], mph.map(mphToMs));
      assert.deepEqual(
        [...t.time_s],
        mph.map((_, i) => i),
      );
      let d = 0;
      for (let i = 0; i < mph.length - 1; i++) d += sampleTrace(t, i + 0.5).speed_m_s;
      assert.ok(Math.abs(d - traceDistance_m(t)) < 1e-9 * (1 + d));
    }),
  );
});

test('property: a corrupted row is reported with its line number', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 19 }), fc.constantFrom('abc', '1\t2\t3', '1.5.2\t3', 'x\t1', '1\tNaN', '1\t-1'), (row, junk) => {
      const lines = ['T\tTitle', 'h', ...Array.from({ length: 20 }, (_, i) => `${i}\t1`)];
      lines[row + 2] = junk;
      try {
        parseEpaSchedule(lines.join('\r\n'), 's.txt');
        return false;
      } catch (e) {
        return e instanceof InputError && e.message.includes(`s.txt:${row + 3}`);
      }
    }),
  );
});
