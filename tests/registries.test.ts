/**
 * Walks every registry (packages/core/registries.ts): names unique, descriptions present, each
 * name accepted where a user writes it (the scenario schema, the loaders) and its factory builds
 * a working object of that name. A new registry without a check here fails the first test; a
 * new entry is checked by the same code as the others.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { REGISTRIES, listRegistries } from '../packages/core/registries.js';
import { defineRegistry, type Registry, type RegistryEntry } from '../packages/core/registry.js';
import { parseScenario } from '../packages/core/sim/scenario.js';
import { InputError } from '../packages/core/errors.js';
import { SOC_ESTIMATOR_REGISTRY, type SocEstimatorEntry } from '../packages/core/bms/estimation/soc/registry.js';
import { createBtmsController, type BtmsControllerName } from '../packages/core/btms/registry.js';
import { BALANCER_KIND_REGISTRY, BALANCING_STRATEGY_REGISTRY, createBalancer, type BalancerKind, type BalancingStrategy } from '../packages/core/bms/balancing/registry.js';
import { TOPOLOGY_REGISTRY, buildTopology, type TopologyName } from '../packages/core/sensing/topology.js';
import { CHARGER_REGISTRY, validateCharger } from '../packages/core/loads/charger.js';
import { findDriveCycle, traceDuration_s } from '../packages/core/loads/epa.js';
import { CELL_PRESET_REGISTRY } from '../packages/core/design/presets.js';
import { buildCellModel } from '../packages/core/physics/cell.js';
import { ecmFromCell } from '../packages/core/sim/ecm-from-cell.js';
import { makeSensorLayout } from '../packages/core/bms/measurements.js';
import { DEFAULT_PASSIVE_BALANCING } from '../packages/core/bms/balancing/passive.js';
import { DEFAULT_ACTIVE_BALANCING } from '../packages/core/bms/balancing/active.js';
import { DEFAULT_ACTUATORS, hardwareActuators, validateActuators, type ThermalHardware } from '../packages/core/btms/actuators.js';
import { DEFAULT_THERMOSTAT } from '../packages/core/btms/thermostat.js';
import { DEFAULT_BTMS_MODEL, loadBtmsModel, loadTrace, resolveCell } from '../packages/io/scenario-loader.js';
import { loadNnWeightsFile } from '../packages/io/estimator-model.js';

const ROOT = process.cwd();
process.env.SSB_EPA_DIR ??= path.resolve(ROOT, '../shared/data/epa-drive-cycles');
const NN_WEIGHTS = path.join(ROOT, 'models/nn-soc-panasonic-25C.json');

/** The smallest valid scenario, with `patch` applied to its raw document. */
function scenario(patch: (raw: Record<string, unknown>) => void = () => {}) {
  const raw: Record<string, unknown> = { name: 'registry walk', cell: 'liion-nmc811-graphite', climate: { kind: 'constant', temp_C: 20 }, schedule: {} };
  patch(raw);
  return parseScenario(raw, 'registries.test');
}

const ecm = ecmFromCell(buildCellModel(CELL_PRESET_REGISTRY.get('liion-nmc811-graphite').params));
const layout = makeSensorLayout(12, 2, 4, 2);
const balancingConfig = (kind: BalancerKind, strategy: BalancingStrategy) => (kind === 'active' ? { kind, ...DEFAULT_ACTIVE_BALANCING, strategy } : { kind, ...DEFAULT_PASSIVE_BALANCING, strategy });

/** Per family: the name is accepted where users write it, and the factory builds an object of that name. */
const CHECKS: Record<string, (name: string) => void> = {
  'cell preset': (name) => {
    assert.equal(scenario((r) => (r.cell = name)).cell, name);
    const params = resolveCell(name, ROOT, 'registries.test', 'cell');
    assert.equal(params.id, name);
    assert.ok(buildCellModel(params).capacity_As > 0);
  },
  'SoC estimator': (name) => {
    const entry = SOC_ESTIMATOR_REGISTRY.get(name) as SocEstimatorEntry;
    if (entry.needs) assert.throws(() => scenario((r) => (r.bms = { estimators: [name] })), /needs/);
    else assert.deepEqual(scenario((r) => (r.bms = { estimators: [name] })).bms.estimators, [name]);
    const est = entry.create(ecm, entry.needs ? { [entry.needs.option]: loadNnWeightsFile(NN_WEIGHTS) } : {});
    assert.equal(est.name, name);
    est.reset({ soc: 0.5 });
    const z = est.update(1, 3.7, 298.15, 1);
    assert.ok(z >= 0 && z <= 1, `${name}: SoC ${z}`);
  },
  'BMS topology': (name) => {
    assert.equal(scenario((r) => (r.bms = { topology: name })).bms.topology, name);
    const plan = buildTopology(name as TopologyName, layout);
    assert.equal(plan.name, name);
    assert.equal(plan.description, TOPOLOGY_REGISTRY.get(name).description);
    assert.ok(plan.cost_USD > 0 && plan.harnessWires > 0);
  },
  'balancing kind': (name) => {
    assert.equal(scenario((r) => (r.bms = { balancing: { kind: name } })).bms.balancing.kind, name);
    for (const strategy of BALANCING_STRATEGY_REGISTRY.names) assert.ok(createBalancer(layout.seriesCount, balancingConfig(name as BalancerKind, strategy)));
  },
  'balancing strategy': (name) => {
    assert.equal(scenario((r) => (r.bms = { balancing: { strategy: name } })).bms.balancing.strategy, name);
    for (const kind of BALANCER_KIND_REGISTRY.names) assert.ok(createBalancer(layout.seriesCount, balancingConfig(kind, name as BalancingStrategy)));
  },
  'BTMS controller': (name) => {
    assert.equal(scenario((r) => (r.btms = { controller: name })).btms.controller, name);
    const ctl = createBtmsController(name as BtmsControllerName, DEFAULT_ACTUATORS, DEFAULT_THERMOSTAT, {
      packHeatCapacity_J_K: 2e5,
      fastChargeTarget_K: 298.15,
      model: loadBtmsModel(path.join(ROOT, DEFAULT_BTMS_MODEL)),
    });
    if (name === 'none') assert.equal(ctl, null);
    else assert.equal(ctl?.name, name);
  },
  'BTMS hardware': (name) => {
    assert.equal(scenario((r) => (r.btms = { hardware: name })).btms.hardware, name);
    const a = hardwareActuators(name as ThermalHardware);
    validateActuators(a);
    assert.equal(createBtmsController('thermostat', a, DEFAULT_THERMOSTAT, { packHeatCapacity_J_K: 2e5, fastChargeTarget_K: 298.15 })?.name, 'thermostat');
  },
  charger: (name) => {
    const s = scenario((r) => (r.schedule = { events: [{ at: '20:00', charge: { charger: name } }] }));
    assert.equal(s.schedule.events[0].charge?.charger, name);
    validateCharger(CHARGER_REGISTRY.get(name).spec);
  },
  'EPA drive cycle': (name) => {
    assert.deepEqual(scenario((r) => (r.schedule = { events: [{ at: '08:00', drive: [name] }] })).schedule.events[0].drive, [name]);
    assert.equal(findDriveCycle(name.toLowerCase())?.name, name, 'EPA names are case-insensitive');
    const trace = loadTrace(name, ROOT, 'registries.test');
    assert.ok(traceDuration_s(trace) > 300, `${name}: ${traceDuration_s(trace)} s`);
  },
};

test('every registry has a check here, and listRegistries lists every entry', () => {
  assert.deepEqual(REGISTRIES.map((r) => r.registry.family).sort(), Object.keys(CHECKS).sort());
  const listed = listRegistries();
  assert.deepEqual(
    listed.map((l) => l.entries.map((e) => e.name)),
    REGISTRIES.map((r) => [...r.registry.names]),
  );
  for (const l of listed) assert.ok(l.usedIn.length > 0, `${l.family}: where is it used?`);
});

for (const { registry } of REGISTRIES) {
  test(`${registry.family} registry: unique names, one-line descriptions, each name accepted and built`, () => {
    assert.equal(new Set(registry.names).size, registry.names.length);
    for (const e of registry.entries) {
      assert.match(e.name, /^[A-Za-z0-9][A-Za-z0-9-]*$/, `${registry.family} name '${e.name}'`);
      assert.ok(e.description.length > 5 && !e.description.includes('\n'), `${registry.family} '${e.name}': description`);
      assert.strictEqual(registry.get(e.name), e);
      CHECKS[registry.family](e.name);
    }
  });
}

test('scenario schema: estimators [nn] fails with a clear error saying what is missing', () => {
  let err: unknown;
  try {
    scenario((r) => (r.bms = { estimators: ['ekf', 'nn'] }));
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof InputError, String(err));
  assert.equal(err.where.file, 'registries.test');
  assert.equal(err.where.field, 'bms.estimators.1');
  assert.equal(err.where.value, 'nn');
  assert.match(err.message, /estimator 'nn' needs a weights file trained on this cell \(ssb train-soc --out\)/);
  assert.match(err.message, /ssb estimate --method nn --weights FILE/);
  // the others are accepted, and the list comes from the registry (nn was missing from the old hand-written enum)
  assert.deepEqual(scenario((r) => (r.bms = { estimators: ['ukf', 'coulomb'] })).bms.estimators, ['ukf', 'coulomb']);
});

test('a wrong name in a scenario gets the registry\'s "did you mean" and list, naming file, field and value', () => {
  const cases: [(r: Record<string, unknown>) => void, string, RegExp][] = [
    [(r) => (r.bms = { estimators: ['ekff'] }), 'bms.estimators.0', /unknown SoC estimator \(did you mean 'ekf'\?\); expected one of coulomb, ocv, ekf, ukf, nn/],
    [(r) => (r.bms = { topology: 'centralised' }), 'bms.topology', /unknown BMS topology \(did you mean 'centralized'\?\)/],
    [(r) => (r.bms = { balancing: { kind: 'pasive' } }), 'bms.balancing.kind', /unknown balancing kind \(did you mean 'passive'\?\)/],
    [(r) => (r.bms = { balancing: { strategy: 'bottum' } }), 'bms.balancing.strategy', /did you mean 'bottom'/],
    [(r) => (r.btms = { controller: 'thermostatt' }), 'btms.controller', /unknown BTMS controller \(did you mean 'thermostat'\?\)/],
    [
      (r) => (r.schedule = { events: [{ at: '20:00', charge: { charger: 'level2-7kW' } }] }),
      'schedule.events.0.charge.charger',
      /unknown charger \(did you mean 'level2-7kw'\?\); expected one of level2-7kw, dcfc-150kw/,
    ],
    [(r) => (r.btms = { hardware: 'liquids' }), 'btms.hardware', /unknown BTMS hardware \(did you mean 'liquid'\?\); expected one of liquid, air, thermoelectric/],
    [(r) => (r.btms = { controller: 3 }), 'btms.controller', /BTMS controller must be a name \(a string\); expected one of thermostat/],
  ];
  for (const [patch, field, re] of cases) {
    assert.throws(
      () => scenario(patch),
      (e: unknown) => e instanceof InputError && e.where.file === 'registries.test' && e.where.field === field && re.test(e.message),
      field,
    );
  }
  // loaders: a cell preset and an EPA drive cycle (both may also be file names)
  assert.throws(() => resolveCell({ preset: 'liion-nmc811-graphit' }, ROOT, 'registries.test', 'cell'), /field 'cell'.*unknown cell preset \(did you mean 'liion-nmc811-graphite'\?\)/);
  assert.throws(() => loadTrace('UDDSS', ROOT, 'registries.test'), /no such file, and unknown EPA drive cycle \(did you mean 'UDDS'\?\)/);
});

test('defineRegistry refuses duplicate, empty or missing names at load', () => {
  assert.throws(
    () =>
      defineRegistry('thing', [
        { name: 'a', description: 'x' },
        { name: 'a', description: 'y' },
      ]),
    /thing registry: name 'a' is listed twice/,
  );
  assert.throws(() => defineRegistry('thing', [{ name: '', description: 'x' }]), /empty name/);
  assert.throws(() => defineRegistry('thing', []), /no entries/);
  const reg: Registry<RegistryEntry> = defineRegistry('thing', [{ name: 'alpha', description: 'the first' }]);
  assert.throws(
    () => reg.get('alpah', { file: 'f.yaml', field: 'x' }),
    (e: unknown) => e instanceof InputError && e.message === `f.yaml, field 'x', value "alpah": unknown thing (did you mean 'alpha'?); expected one of alpha`,
  );
});
