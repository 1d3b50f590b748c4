/**
 * The engine's parts apart: the column table, the metrics schema, the BMS built with no plant,
 * step observers and the 'protection-failed' plant fault.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { parseScenario } from './scenario.js';
import { runSimulation, runSimulationAsync, recordColumns, columnIndex, type StepObserver } from './engine.js';
import { simMetricsSchema, simMetricsJsonSchema } from './metrics.js';
import { buildBms } from './bms-setup.js';
import { buildActuators } from './assembly.js';
import { ecmFromCell } from './ecm-from-cell.js';
import { makeSensorLayout, allocMeasurements } from '../bms/measurements.js';
import { CELL_PRESETS } from '../design/presets.js';
import { buildCellModel } from '../physics/cell.js';
import { DEFAULT_PACK_THERMAL } from '../pack/pack.js';
import type { BmsContext } from '../bms/types.js';

const OXIDE = 'ssb-oxide-llzo-nmc811';

function labScenario(over: Record<string, unknown> = {}) {
  return parseScenario(
    {
      name: 'engine test',
      seed: 5,
      step_s: 1,
      park_step_s: 60,
      cell: OXIDE,
      pack: { series: 4, parallel: 1, groups_per_module: 4, initial_soc: 0.6, initial_temp_C: 25 },
      climate: { kind: 'constant', temp_C: 25 },
      schedule: { days: 1, events: [{ at: '00:01', protocol: ['Discharge at 1C for 10 minutes', 'Rest for 5 minutes'] }] },
      outputs: { record_every_s: 30 },
      ...over,
    },
    'engine.test',
  );
}

test('recorded columns: names unique, header and row from one table, a misspelt name is an error', () => {
  const cols = recordColumns(['ekf', 'coulomb']);
  assert.equal(new Set(cols.map((c) => c.name)).size, cols.length);
  assert.ok(
    cols.every((c) => c.unit.length > 0),
    'every column has a unit',
  );
  assert.equal(columnIndex(cols, 'soc_coulomb'), 8);
  assert.throws(() => columnIndex(cols, 'soc_ekf_'), /no recorded column 'soc_ekf_'/);
  const r = runSimulation({ scenario: labScenario(), cell: CELL_PRESETS[OXIDE], traces: {}, keepRows: true, endTime_s: 1800 });
  assert.equal(r.error, null);
  assert.ok(r.rows && r.rows.length > 10);
  for (const row of r.rows!) assert.equal(row.length, r.columns.length);
  // the mode column reads the activity: protocol (3) at 5 min, park (0) after 20 min
  const t = columnIndex(r.columns, 'time_s');
  const mode = columnIndex(r.columns, 'mode');
  assert.equal(r.rows!.find((x) => x[t] >= 300)![mode], 3);
  assert.equal(r.rows!.find((x) => x[t] >= 1500)![mode], 0);
});

test('metrics: every golden metrics.json is valid against the published SimMetrics schema (strict: no unknown key)', () => {
  const golden = path.resolve('tests/golden');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d, { withFileTypes: true })) {
      if (n.isDirectory()) walk(path.join(d, n.name));
      else if (n.name === 'metrics.json') files.push(path.join(d, n.name));
    }
  };
  if (existsSync(golden)) walk(golden);
  assert.ok(files.length >= 5, `found ${files.length} golden metrics files`);
  for (const f of files) {
    // JSON has no NaN: a metric that was NaN is written as null
    const raw = JSON.parse(readFileSync(f, 'utf8'), (_k, v) => (v === null ? null : v));
    const res = simMetricsSchema.safeParse(replaceNullRmse(raw));
    assert.ok(res.success, `${f}: ${res.success ? '' : res.error.message}`);
  }
  const js = simMetricsJsonSchema();
  assert.equal(js.type, 'object');
  assert.ok((js.required as string[]).includes('soc_rmse_pct'));
});

/** soc_rmse_pct is NaN (null in JSON) for an estimator never scored. */
function replaceNullRmse(m: Record<string, unknown>): Record<string, unknown> {
  const r = m.soc_rmse_pct as Record<string, number | null>;
  for (const k of Object.keys(r)) if (r[k] === null) r[k] = Number.NaN;
  return m;
}

test('the BMS is built from a pack description, a cell model and settings, with no plant, and runs on measurements', () => {
  const s = labScenario();
  const cell = buildCellModel(CELL_PRESETS[OXIDE]);
  const layout = makeSensorLayout(4, 1, 4, 2);
  const bms = buildBms({ layout, ecm: ecmFromCell(cell), cell, packThermal: DEFAULT_PACK_THERMAL, actuators: buildActuators(s), settings: s.bms });
  const meas = allocMeasurements(layout);
  const ocv = ecmFromCell(cell).ocv_V(0.5, 298.15);
  meas.groupVoltage_V.fill(ocv);
  meas.groupVoltageValid.fill(1);
  meas.packCurrent_A = 0;
  meas.packCurrentValid = true;
  meas.packVoltage_V = 4 * ocv;
  meas.temp_K.fill(298.15);
  meas.tempValid.fill(1);
  meas.pressure_Pa.fill(cell.params.pressure.initial_MPa * 1e6);
  meas.pressureValid.fill(1);
  meas.coolantTemp_K = 298.15;
  meas.ambientTemp_K = 298.15;
  const ctx: BmsContext = { mode: 'park', pluggedIn: false, chargerMaxCurrent_A: 0, chargerMaxPower_W: 0, chargeTargetSoc: 0.9, coolingCommand_W: 0, btmsElectrical_W: 0 };
  let cmds = bms.step(meas, ctx, 1);
  for (let k = 1; k < 10; k++) {
    meas.time_s = k;
    cmds = bms.step(meas, ctx, 1);
  }
  assert.ok(cmds.contactorsClosed);
  // an OCV at 50 % SoC reads as ~50 % SoC
  assert.ok(Math.abs(bms.socEstimate(0) - 0.5) < 0.05, `SoC ${bms.socEstimate(0)}`);
});

test('step observers: onStart gets the assembled parts, the initial solve is flagged, every step is seen, shouldStop stops with partial results', () => {
  let started = 0;
  let initial = 0;
  let before = 0;
  let after = 0;
  let lastT = -1;
  const ob: StepObserver = {
    onStart: (run) => {
      started++;
      assert.equal(run.plant.pack.ns, 4);
      assert.ok(run.bms && run.sensing.layout.seriesCount === 4);
    },
    beforePlantStep: (st) => {
      if (st.initial) initial++;
      else before++;
      assert.ok(st.input.time_s >= lastT);
      lastT = st.input.time_s;
    },
    afterPlantStep: (st) => {
      if (!st.initial) after++;
    },
    shouldStop: () => lastT > 3 * 3600,
  };
  const r = runSimulation({ scenario: labScenario({ step_s: 1, park_step_s: 1 }), cell: CELL_PRESETS[OXIDE], traces: {}, observers: [ob] });
  assert.equal(started, 1);
  assert.equal(initial, 1);
  assert.equal(before, after);
  assert.equal(before, r.metrics.steps);
  assert.ok(r.stoppedEarly);
  assert.ok(r.events.some((e) => e.kind === 'interrupted'));
  assert.ok(r.metrics.simulated_days < 0.2);
});

test("runSimulationAsync pauses every few hundred steps through the caller's hook, gives the same result as runSimulation, and stops when asked between chunks", async () => {
  const opts = () => ({ scenario: labScenario({ step_s: 1, park_step_s: 1 }), cell: CELL_PRESETS[OXIDE], traces: {}, endTime_s: 2 * 3600 });
  const sync = runSimulation(opts());
  let pauses = 0;
  const chunked = await runSimulationAsync(opts(), async () => void pauses++);
  assert.deepEqual(chunked.metrics, sync.metrics);
  // 7200 one-second steps: a pause every 256 steps
  assert.equal(pauses, Math.floor(sync.metrics.steps / 256));
  // a stop asked for during a pause (a signal handler runs there) ends the run at that chunk
  let asked = false;
  const stopped = await runSimulationAsync({ ...opts(), shouldStop: () => asked }, async () => void (asked = true));
  assert.ok(stopped.stoppedEarly);
  assert.equal(stopped.metrics.steps, 256);
  assert.equal(stopped.metrics.stopped_early, true);
});

test("plant fault 'protection-failed': the BMS's current limits are not enforced while the contactors are closed", () => {
  // a 10C discharge on a 4s1p module: the BMS's discharge limit caps it; with a failed limiter it does not
  const s = (faults: unknown[]) => labScenario({ plant_faults: faults, schedule: { days: 1, events: [{ at: '00:01', protocol: ['Discharge at 10C for 20 seconds'] }] } });
  const peak = (faults: unknown[]) => {
    let p = 0;
    runSimulation({ scenario: s(faults), cell: CELL_PRESETS[OXIDE], traces: {}, endTime_s: 200, observers: [{ afterPlantStep: (_st, res) => void (p = Math.max(p, res.current_A)) }] });
    return p;
  };
  const capped = peak([]);
  const failed = peak([{ kind: 'protection-failed', at: 0 }]);
  assert.ok(failed > 1.5 * capped, `peak with the limiter ${capped} A, failed ${failed} A`);
});
