import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTopology, TOPOLOGY_NAMES, tempSensorsPerModuleFor, topologyRow, type TopologyName } from './topology.js';
import { TopologySensing, validateFaults, type SensorFault } from './faults.js';
import { DEFAULT_SENSORS, type SensedTruth } from './centralized.js';
import { makeSensorLayout } from '../bms/measurements.js';
import { Rng } from '../numerics/rng.js';
import { InputError } from '../errors.js';

// 24 series groups in 2 modules of 12, 2 NTCs per module (12 for distributed: one per node)
const NS = 24;
const GPM = 12;
function setup(name: TopologyName, faults: SensorFault[]) {
  const layout = makeSensorLayout(NS, 2, GPM, tempSensorsPerModuleFor(name, GPM, 2));
  const plan = buildTopology(name, layout);
  const sensing = new TopologySensing(layout, DEFAULT_SENSORS, plan, faults, new Rng(1));
  const truth: SensedTruth = {
    time_s: 0,
    groupVoltage_V: new Float64Array(NS).fill(3.7),
    packCurrent_A: 10,
    packVoltage_V: 3.7 * NS,
    groupTemp_K: new Float64Array(NS).fill(298),
    modulePressure_Pa: new Float64Array(2).fill(2e6),
    coolant_K: 295,
    ambient_K: 290,
  };
  return { layout, plan, sensing, truth };
}

/** Indices whose stamp is older than the sample time, or which are invalid. */
function lost(stamp: Float64Array, valid: Uint8Array, t: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < stamp.length; k++) if (valid[k] === 0 || stamp[k] < t) out.push(k);
  return out;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

// expected channels (groups, NTCs, pressure sensors) lost with board 1 of each topology
const EXPECTED: Record<TopologyName, { v: number[]; t: number[]; p: number[] } | null> = {
  centralized: null, // no board 1
  modular: { v: range(12, 24), t: [2, 3], p: [1] },
  'master-slave': { v: range(0, 12), t: [0, 1], p: [0] },
  distributed: { v: [0], t: [0], p: [0] },
};

for (const name of TOPOLOGY_NAMES) {
  test(`${name}: losing one board makes exactly its channels stale; losing the master makes every channel invalid`, () => {
    const exp = EXPECTED[name];
    if (exp) {
      const { sensing, truth } = setup(name, [{ at_s: 0.5, kind: 'lost-board', board: 1, duration_s: Infinity }]);
      let m = sensing.sample(truth);
      assert.deepEqual(lost(m.groupVoltageTime_s!, m.groupVoltageValid, 0), []);
      truth.time_s = 1;
      m = sensing.sample(truth);
      assert.deepEqual(lost(m.groupVoltageTime_s!, m.groupVoltageValid, 1), exp.v);
      assert.deepEqual(lost(m.tempTime_s!, m.tempValid, 1), exp.t);
      assert.deepEqual(lost(m.pressureTime_s!, m.pressureValid, 1), exp.p);
      // stale = last value kept, still flagged valid by the front-end: only the stamp tells
      for (const g of exp.v) {
        assert.equal(m.groupVoltageValid[g], 1);
        assert.equal(m.groupVoltageTime_s![g], 0);
      }
      assert.ok(m.packCurrentValid && Number.isFinite(m.packVoltage_V), 'the master still reads current and pack voltage');
    }
    const { sensing, truth } = setup(name, [{ at_s: 0.5, kind: 'lost-board', board: 0, duration_s: Infinity }]);
    sensing.sample(truth);
    truth.time_s = 1;
    const m = sensing.sample(truth);
    assert.equal(
      m.groupVoltageValid.reduce((a, b) => a + b, 0),
      0,
    );
    assert.equal(
      m.tempValid.reduce((a, b) => a + b, 0),
      0,
    );
    assert.equal(m.packCurrentValid, false);
  });
}

test('bus-off leaves only the master channels fresh; a board that comes back refreshes its channels', () => {
  const { sensing, truth, plan } = setup('modular', [{ at_s: 0.5, kind: 'bus-off', duration_s: 1 }]);
  sensing.sample(truth);
  truth.time_s = 1;
  let m = sensing.sample(truth);
  assert.deepEqual(lost(m.groupVoltageTime_s!, m.groupVoltageValid, 1), plan.boards[1].voltageChannels);
  truth.time_s = 2;
  m = sensing.sample(truth);
  assert.deepEqual(lost(m.groupVoltageTime_s!, m.groupVoltageValid, 2), []);
});

test('the comparison table: channel, wire, cost and latency figures are consistent', () => {
  const rows = TOPOLOGY_NAMES.map((n) => topologyRow(setup(n, []).plan));
  const by = Object.fromEntries(rows.map((r) => [r.topology, r]));
  assert.equal(by.centralized.boards, 1);
  assert.equal(by.modular.boards, 2);
  assert.equal(by['master-slave'].boards, 3);
  assert.equal(by.distributed.boards, NS + 1);
  // channels: groups + NTCs + pressure + current + pack voltage
  assert.equal(by.centralized.channels, NS + 4 + 2 + 2);
  assert.equal(by.distributed.channels, NS + NS + 2 + 2);
  // the centralized harness runs every tap across the pack; the others keep most wires local
  assert.ok(by.centralized.long_wires > by['master-slave'].long_wires);
  assert.ok(by['master-slave'].long_wires > 0 && by.distributed.long_wires > 0);
  assert.equal(by.centralized.bus_nodes, 0);
  for (const r of rows) {
    assert.ok(r.cost_USD > 0 && Number.isFinite(r.cost_USD));
    assert.ok(r.worst_latency_ms > 0 && r.worst_latency_ms < r.sample_period_ms);
  }
  // latency grows with the frames on a shared bus
  assert.ok(by.distributed.worst_latency_ms > by.centralized.worst_latency_ms);
});

test('faults are validated against the layout and the topology', () => {
  const { layout, plan } = setup('master-slave', []);
  assert.throws(
    () => validateFaults([{ at_s: 0, kind: 'lost-board', board: 3, duration_s: Infinity }], layout, plan, 'f.yaml'),
    (e: unknown) => e instanceof InputError && /faults\.0\.board/.test(e.message) && /f\.yaml/.test(e.message),
  );
  assert.throws(() => validateFaults([{ at_s: 0, kind: 'stuck', channel: 'voltage', index: NS, duration_s: Infinity }], layout, plan), /faults\.0\.index/);
  assert.throws(() => validateFaults([{ at_s: 0, kind: 'stuck', duration_s: Infinity }], layout, plan), /faults\.0\.channel/);
  const c = setup('centralized', []);
  assert.throws(() => validateFaults([{ at_s: 0, kind: 'bus-off', duration_s: Infinity }], c.layout, c.plan), /no bus/);
});
