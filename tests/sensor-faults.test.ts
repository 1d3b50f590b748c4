/**
 * Sensor and communication faults through `runSimulation`: a 12s2p pack (2 modules of 6 groups,
 * 2 NTCs per module) drives a UDDS at 00:05; a fault is injected at 00:10 (600 s, mid-drive, 1 s
 * steps). Each fault kind must be detected by the BMS's plausibility checks within a stated time;
 * a fault-free run must raise no detection in any topology.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runSimulation, type SimResult } from '../packages/core/sim/engine.js';
import { parseScenario } from '../packages/core/sim/scenario.js';
import { CELL_PRESETS } from '../packages/core/design/presets.js';
import { loadTrace } from '../packages/io/scenario-loader.js';
import { InputError } from '../packages/core/errors.js';

const dataDir = path.resolve(process.cwd(), '../shared/data');
process.env.SSB_EPA_DIR ??= path.join(dataDir, 'epa-drive-cycles');
const UDDS = loadTrace('UDDS', dataDir, 'sensor-faults.test');

function scenario(topology: string, faults: unknown[]) {
  return parseScenario(
    {
      name: 'fault test',
      seed: 5,
      step_s: 1,
      park_step_s: 300,
      cell: 'ssb-oxide-llzo-nmc811',
      pack: { series: 12, parallel: 2, groups_per_module: 6, initial_soc: 0.8, initial_temp_C: 20, housing_mass_kg: 10 },
      climate: { kind: 'constant', temp_C: 20 },
      schedule: { days: 1, events: [{ at: '00:05', drive: ['UDDS'] }] },
      bms: { estimators: ['coulomb'], topology },
      faults,
      outputs: { record_every_s: 10 },
    },
    'sensor-faults.test',
  );
}

function run(topology: string, faults: unknown[]): SimResult {
  const r = runSimulation({ scenario: scenario(topology, faults), cell: CELL_PRESETS['ssb-oxide-llzo-nmc811'], traces: { UDDS }, keepRows: true });
  assert.equal(r.error, null);
  return r;
}

interface Outcome {
  kind: string;
  detected: boolean;
  detection_delay_s: number | null;
  check: string | null;
  contactors_open_s: number | null;
  contactors_open_by: string | null;
}

for (const topology of ['centralized', 'modular', 'master-slave', 'distributed']) {
  test(`${topology}: a fault-free drive raises no sensor detection and never opens the contactors`, () => {
    const r = run(topology, []);
    assert.deepEqual(r.metrics.sensor_detections, []);
    assert.equal(r.metrics.sensor_false_alarms, 0);
    assert.equal(r.metrics.stranded_events, 0);
    assert.equal((r.metrics.bms_topology as { topology: string }).topology, topology);
  });
}

// [topology, fault, max detection delay [s], expected first check]
const CASES: [string, Record<string, unknown>, number, string][] = [
  ['centralized', { kind: 'stuck', channel: 'voltage', index: 3 }, 15, 'stuck'],
  ['centralized', { kind: 'open-wire', channel: 'voltage', index: 3 }, 1, 'range'],
  ['centralized', { kind: 'offset-drift', channel: 'voltage', index: 3, params: { rate_per_s: 0.005 } }, 40, 'sum'],
  ['centralized', { kind: 'noise-burst', channel: 'voltage', index: 3 }, 5, 'rate'],
  ['centralized', { kind: 'dropout', channel: 'voltage', index: 3 }, 1, 'missing'],
  ['centralized', { kind: 'stuck', channel: 'temperature', index: 2 }, 25, 'stuck'],
  ['centralized', { kind: 'open-wire', channel: 'temperature', index: 2 }, 1, 'range'],
  ['centralized', { kind: 'offset-drift', channel: 'temperature', index: 2, params: { rate_per_s: 0.5, duration_s: 120 } }, 45, 'neighbour'],
  ['centralized', { kind: 'noise-burst', channel: 'temperature', index: 2 }, 8, 'rate'],
  ['centralized', { kind: 'stuck', channel: 'current' }, 15, 'stuck'],
  ['centralized', { kind: 'open-wire', channel: 'current' }, 1, 'range'],
  ['centralized', { kind: 'open-wire', channel: 'pressure', index: 1 }, 1, 'range'],
  ['modular', { kind: 'lost-board', board: 1 }, 1, 'stale'],
  ['master-slave', { kind: 'lost-board', board: 2 }, 1, 'stale'],
  ['distributed', { kind: 'lost-board', board: 4 }, 1, 'stale'],
  ['master-slave', { kind: 'bus-off' }, 1, 'stale'],
  ['distributed', { kind: 'bus-off' }, 1, 'stale'],
  ['centralized', { kind: 'lost-board', board: 0 }, 1, 'missing'],
];

for (const [topology, fault, maxDelay, check] of CASES) {
  const label = `${fault.kind} ${fault.channel ?? (fault.board !== undefined ? `board ${fault.board}` : '')}`;
  test(`${topology}: ${label} at 00:10 is detected (${check}) within ${maxDelay} s`, () => {
    const r = run(topology, [{ at: '00:10', ...fault }]);
    const o = (r.metrics.injected_faults as Outcome[])[0];
    assert.ok(o.detected, `not detected: ${JSON.stringify(o)}`);
    assert.ok(o.detection_delay_s! <= maxDelay, `delay ${o.detection_delay_s} s > ${maxDelay} s`);
    assert.equal(o.check, check);
    assert.equal(r.metrics.sensor_false_alarms, 0, JSON.stringify(r.metrics.sensor_detections));
  });
}

test('a safety-relevant channel lost beyond its limit opens the contactors (after the derate)', () => {
  const r = run('master-slave', [{ at: '00:10', kind: 'lost-board', board: 1 }]);
  const o = (r.metrics.injected_faults as Outcome[])[0];
  // sensor-invalid limits: derate after 2 s, open contactors after 5 s of continuous invalid time
  assert.ok(o.contactors_open_s !== null && o.contactors_open_s - 600 <= 6, JSON.stringify(o));
  assert.match(o.contactors_open_by!, /SensorInvalid/);
  const prot = r.metrics.protection_events as { quantity: string; action: string; time_s: number }[];
  const derate = prot.find((e) => e.quantity === 'voltageSensorInvalid' && e.action === 'derate');
  assert.ok(derate && derate.time_s < o.contactors_open_s!);
  const k = r.columns.findIndex((c) => c.name === 'contactors_closed');
  const last = r.rows![r.rows!.length - 1];
  assert.equal(last[k], 0);
});

test('a short noise burst clears: the channel is trusted again and the contactors stay closed', () => {
  const r = run('centralized', [{ at: '00:10', kind: 'noise-burst', channel: 'temperature', index: 2, params: { duration_s: 1, sigma: 20 } }]);
  const o = (r.metrics.injected_faults as Outcome[])[0];
  assert.ok(o.detected);
  assert.equal(o.contactors_open_s, null);
  assert.equal(r.metrics.stranded_events, 0);
});

test('fault entries are validated with the field named', () => {
  assert.throws(
    () => scenario('centralized', [{ at: '00:10', kind: 'melt', channel: 'voltage' }]),
    (e: unknown) => e instanceof InputError && /faults\.0\.kind/.test(e.message),
  );
  assert.throws(
    () => runSimulation({ scenario: scenario('master-slave', [{ at: 60, kind: 'lost-board', board: 9 }]), cell: CELL_PRESETS['ssb-oxide-llzo-nmc811'], traces: { UDDS } }),
    (e: unknown) => e instanceof InputError && /faults\.0\.board/.test(e.message),
  );
  assert.throws(
    () => runSimulation({ scenario: scenario('centralized', [{ at: 60, kind: 'stuck', channel: 'voltage', index: 13 }]), cell: CELL_PRESETS['ssb-oxide-llzo-nmc811'], traces: { UDDS } }),
    (e: unknown) => e instanceof InputError && /faults\.0\.index/.test(e.message),
  );
});

test('a temperature reading drifting up for the rest of the day keeps the chiller commanded, but the plant cools no further than its coolant floor', () => {
  const r = run('centralized', [{ at: '00:10', kind: 'offset-drift', channel: 'temperature', index: 2, params: { rate_per_s: 0.5 } }]);
  const m = r.metrics;
  // before the chiller floor (btms/actuators.ts, 5 °C) this ran away to ≈ 95 K and ended in a NumericalError
  assert.ok(m.cell_temp_min_C > 4, `coldest cell ${m.cell_temp_min_C} °C`);
  assert.ok(Math.abs(m.energy_balance_error_pct) < 0.5);
});
