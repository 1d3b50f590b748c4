/**
 * Issue 17: a plausibility check must raise no alarm without a fault. On a −28 °C night the
 * current sensor's response check was armed by sensor noise alone (the cold pack's estimated
 * resistance makes R̂·ΔI exceed 0.2 V for a 0.15 A noise step), flagged the sensor, opened the
 * contactors at 01:45 and stranded the morning drive (fails on 122ba63: 179 protection events,
 * 11.99 km not driven).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, ssb } from './cli-run.js';

test('a Canada winter night without a fault: no sensor detection, no protection event, the morning drive is driven', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'ssb-cold-night-'));
  const r = ssb('simulate', path.join(ROOT, 'tests/fixtures/canada-night.yaml'), '--out', out, '--no-compare');
  assert.equal(r.code, 0, r.stderr);
  const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  assert.deepEqual(m.sensor_detections, [], 'no sensor flagged without a fault');
  assert.equal(m.protection_events.length, 0, JSON.stringify(m.protection_events.slice(0, 3)));
  assert.equal(m.distance_not_driven_km, 0);
  assert.ok(m.distance_km > 11, `drove ${m.distance_km} km`);
  assert.ok(m.cell_temp_min_C < -24, 'the pack was cold');
});
