/**
 * `ssb faults`: the randomized fault-injection campaign on worker threads (spawned CLI), and the
 * pure case generator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseScenario } from '../packages/core/sim/scenario.js';
import { makeCampaignCases, scoreCase, summariseCampaign, caseHorizon_s, caseScenario, FAULT_CLASSES } from '../packages/core/studies/campaign.js';
import { ssb } from './cli-run.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-faults-test-'));

const SCENARIO = `name: campaign test
seed: 3
step_s: 1
park_step_s: 300
cell: ssb-oxide-llzo-nmc811
pack: { series: 12, parallel: 2, groups_per_module: 6, initial_soc: 0.8, initial_temp_C: 20, housing_mass_kg: 10 }
climate: { kind: constant, temp_C: 25 }
schedule: { days: 1, events: [ { at: "08:00", drive: [UDDS] } ] }
bms: { estimators: [coulomb], topology: master-slave }
`;

test('ssb faults --json prints one object with cases, unsafe_cases and by_class; the same seed gives the same result', () => {
  const f = path.join(TMP, 'campaign.yaml');
  writeFileSync(f, SCENARIO);
  const a = ssb('faults', f, '--cases', '12', '--seed', '4', '--workers', '2', '--json');
  assert.equal(a.code, 0, a.stderr);
  const ja = JSON.parse(a.stdout);
  assert.equal(ja.cases, 12);
  assert.equal(typeof ja.unsafe_cases, 'number');
  let n = 0;
  for (const [cls, s] of Object.entries(ja.by_class as Record<string, { cases: number; detected: number; unsafe: number; mean_detection_s: number | null }>)) {
    assert.ok(FAULT_CLASSES.includes(cls as never), cls);
    assert.ok(s.detected <= s.cases && s.unsafe <= s.cases);
    assert.ok(s.detected === 0 ? s.mean_detection_s === null : s.mean_detection_s! >= 0);
    n += s.cases;
  }
  assert.equal(n, 12);
  // board faults are always detected (stale time stamps) in this topology
  if (ja.by_class.board) assert.equal(ja.by_class.board.detected, ja.by_class.board.cases);
  const b = ssb('faults', f, '--cases', '12', '--seed', '4', '--workers', '1', '--json');
  const jb = JSON.parse(b.stdout);
  assert.deepEqual(jb.by_class, ja.by_class, 'independent of the number of workers');
  assert.equal(jb.unsafe_cases, ja.unsafe_cases);
});

test('ssb faults: bad --cases → exit 2 naming the option', () => {
  const f = path.join(TMP, 'campaign2.yaml');
  writeFileSync(f, SCENARIO);
  const r = ssb('faults', f, '--cases', '0');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--cases/);
});

test('case generator: deterministic per seed, every class drawn, faults valid for the topology', () => {
  const s = parseScenario(
    { name: 'x', cell: 'ssb-oxide-llzo-nmc811', climate: { kind: 'constant', temp_C: 20 }, schedule: { events: [{ at: '08:00', drive: ['UDDS'] }] }, bms: { topology: 'distributed' } },
    'x',
  );
  const a = makeCampaignCases(s, 200, 9);
  assert.deepEqual(makeCampaignCases(s, 200, 9), a);
  assert.notDeepEqual(makeCampaignCases(s, 200, 10), a);
  for (const c of FAULT_CLASSES)
    assert.ok(
      a.some((x) => x.faultClass === c),
      c,
    );
  for (const c of a) {
    if (c.fault?.kind === 'lost-board') assert.ok(c.fault.board! >= 1 && c.fault.board! <= 96);
    if (c.fault?.index !== undefined) assert.ok(c.fault.index >= 1);
  }
  // scoring: an undetected short is unsafe; a cell above its MSL voltage is unsafe
  const short = a.find((c) => c.faultClass === 'internal-short')!;
  assert.equal(scoreCase(short, { internal_shorts: 1, protection_events: [], sensor_detections: [] }, null).unsafe, true);
  // found by the BMS's internal-short detector (the engine's short_detection): safe, with its delay
  const found = scoreCase(short, { internal_shorts: 1, short_detection: { detected: true, delay_s: 1800 } }, null);
  assert.equal(found.unsafe, false);
  assert.equal(found.detection_delay_s, 1800);
  // a short case runs 12 h (a soft short needs hours to tell from noise), the others 2 h
  assert.equal(caseHorizon_s(short), 12 * 3600);
  assert.equal(caseHorizon_s(a.find((c) => c.faultClass === 'sensor')!), 7200);
  const pf = caseScenario(s, short).plant_faults[0];
  assert.equal(pf.kind === 'internal-short' && pf.group, short.shortGroup! + 1);
  const sensor = a.find((c) => c.faultClass === 'sensor')!;
  const r = scoreCase(
    sensor,
    { injected_faults: [{ detected: true, detection_delay_s: 3 }], cell_voltage_max_V: 4.4, safety_limits: { cell_voltage_max_V: 4.3, cell_temp_max_C: 70 }, cell_temp_max_C: 30 },
    null,
  );
  assert.equal(r.unsafe, true);
  assert.match(r.unsafe_reason!, /voltage/);
  const sum = summariseCampaign([r]);
  assert.deepEqual(sum.by_class.sensor, { cases: 1, detected: 1, unsafe: 1, mean_detection_s: 3 });
});

test('ssb bms-topologies: the four rows (JSON) for a scenario; a misspelled pack field → exit 2 naming it', () => {
  const f = path.join(TMP, 'topo.yaml');
  writeFileSync(f, SCENARIO);
  const r = ssb('bms-topologies', f, '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.pack, '12s2p');
  assert.deepEqual(
    j.topologies.map((t: { topology: string }) => t.topology),
    ['centralized', 'modular', 'master-slave', 'distributed'],
  );
  assert.equal(j.topologies[2].boards, 3);
  const text = ssb('bms-topologies');
  assert.equal(text.code, 0);
  assert.match(text.stdout, /master-slave/);
  const bad = path.join(TMP, 'bad-pack.yaml');
  writeFileSync(bad, 'pack: { series: 12, paralel: 2 }\n');
  const e = ssb('bms-topologies', bad);
  assert.equal(e.code, 2);
  assert.match(e.stderr, /paralel/);
});

test('ssb simulate: a fault on a board the topology does not have → exit 2 naming the file and faults.0.board', () => {
  const f = path.join(TMP, 'bad-board.yaml');
  writeFileSync(f, SCENARIO + 'faults: [ { at: "08:10", kind: lost-board, board: 7 } ]\n');
  const r = ssb('simulate', f, '--out', path.join(TMP, 'out-bad-board'));
  assert.equal(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(f), r.stderr);
  assert.match(r.stderr, /faults\.0\.board/);
});
