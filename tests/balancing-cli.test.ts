/** `ssb balancing` end to end (spawned CLI) on a small mismatched pack. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ssb } from './cli-run.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-balancing-test-'));

const SCENARIO = `name: small mismatched pack
seed: 3
charge_step_s: 10
cell: ssb-oxide-llzo-nmc811
pack: { series: 8, parallel: 2, groups_per_module: 8, initial_soc: 0.5, initial_temp_C: 25, variation: { initial_soc_sd: 0.03, capacity_rel_sd: 0.02 } }
climate: { kind: constant, temp_C: 25 }
schedule:
  days: 1
  events:
    - { at: "00:30", charge: { charger: level2-7kw, target_soc: 0.95, max_duration_h: 8 } }
bms: { estimators: [ekf] }
btms: { controller: none }
outputs: { record_every_s: 600 }
`;

test('ssb balancing --json prints ONE object with the five variants; --out writes balancing.json and balancing.txt', () => {
  const f = path.join(TMP, 'small.yaml');
  writeFileSync(f, SCENARIO);
  const out = path.join(TMP, 'out');
  const r = ssb('balancing', f, '--json', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.configuration, '8s2p');
  assert.deepEqual(
    j.rows.map((x: { variant: string }) => x.variant),
    ['none', 'passive-top', 'passive-bottom', 'active-top', 'active-bottom'],
  );
  for (const x of j.rows) for (const k of ['dissipated_Wh', 'moved_Wh', 'converter_loss_Wh', 'usable_gain_Ah', 'soc_spread_final_pct']) assert.equal(typeof x[k], 'number', `${x.variant}.${k}`);
  assert.ok(existsSync(path.join(out, 'balancing.txt')));
  assert.deepEqual(JSON.parse(readFileSync(path.join(out, 'balancing.json'), 'utf8')).rows.length, 5);
  const t = ssb('balancing', f);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /active-bottom/);
});

test('ssb balancing: an unknown strategy in the scenario → exit 2 naming the field', () => {
  const f = path.join(TMP, 'bad.yaml');
  writeFileSync(f, SCENARIO.replace('bms: { estimators: [ekf] }', 'bms: { estimators: [ekf], balancing: { strategy: middle } }'));
  const r = ssb('balancing', f);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bms\.balancing\.strategy/);
});
