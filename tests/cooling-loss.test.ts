/**
 * Cooling-loss diagnostic: a chiller that fails in the plant (`plant_faults` kind cooling-loss) is
 * found by the BMS from its own measurements (coolant vs cell temperatures while the BTMS commands
 * cooling) and reacted to; a working chiller raises nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../packages/core/sim/scenario.js';
import { runSimulation } from '../packages/core/sim/engine.js';
import { CELL_PRESETS } from '../packages/core/design/presets.js';
import { loadTrace, PROJECT_ROOT } from '../packages/io/scenario-loader.js';
import { CoolingMonitor } from '../packages/core/bms/diag/cooling.js';
import { allocMeasurements, makeSensorLayout } from '../packages/core/bms/measurements.js';

const traces = { US06: loadTrace('US06', PROJECT_ROOT, 'test') };
const base = {
  name: 'hot',
  seed: 3,
  cell: 'ssb-oxide-llzo-nmc811',
  pack: { series: 12, parallel: 2, groups_per_module: 6, initial_soc: 0.9, initial_temp_C: 42 },
  climate: { kind: 'constant', temp_C: 45 },
  schedule: { days: 1, events: [{ at: '00:20', drive: ['US06', 'US06', 'US06'] }] },
  bms: { estimators: ['ekf'] },
  outputs: { record_every_s: 60 },
};
type Ev = { quantity: string; tier: string; action: string; time_s: number };

test('a chiller that fails at 00:10 is reported (warn after 5 min of deficit, derate after 15) and the run stays in energy balance; a working chiller raises nothing', () => {
  const f = parseScenario({ ...base, plant_faults: [{ at: '00:10', kind: 'cooling-loss' }] }, 'test');
  const r = runSimulation({ scenario: f, cell: CELL_PRESETS[f.cell as string], traces, endTime_s: 3 * 3600 });
  const ev = (r.metrics.protection_events as Ev[]).filter((e) => e.quantity === 'coolingIneffective');
  const warn = ev.find((e) => e.tier === 'maxOperating');
  const derate = ev.find((e) => e.tier === 'recommendedSafety');
  assert.ok(warn && derate, `events: ${JSON.stringify(ev)}`);
  // no deficit can be counted before the fault (600 s) + settle (300 s) + MOL (300 s)
  assert.ok(warn.time_s >= 1200 - 1 && warn.time_s < 3600, `warn at ${warn.time_s} s`);
  assert.ok(Math.abs(derate.time_s - warn.time_s - 600) < 5, `derate ${derate.time_s - warn.time_s} s after the warning`);
  assert.equal(derate.action, 'derate');
  assert.ok(Math.abs(r.metrics.energy_balance_error_pct as number) < 0.01);

  const h = parseScenario(base, 'test');
  const rh = runSimulation({ scenario: h, cell: CELL_PRESETS[h.cell as string], traces, endTime_s: 3 * 3600 });
  assert.equal((rh.metrics.protection_events as Ev[]).filter((e) => e.quantity === 'coolingIneffective').length, 0);
  // the working chiller held the pack cooler than the failed one
  assert.ok((rh.metrics.cell_temp_max_C as number) < (r.metrics.cell_temp_max_C as number) - 2);
  // the BTMS asked for cooling in the healthy run (else the check would prove nothing)
  assert.ok((rh.metrics.cooling_energy_kWh as number) > 0.05, `cooling ${rh.metrics.cooling_energy_kWh} kWh`);
});

test('CoolingMonitor counts only after the settle time, only while the heat into the plate falls short of the expected removal, resets when cooling stops or recovers; bad settings name the field', () => {
  const layout = makeSensorLayout(4, 1, 4, 2);
  const m = allocMeasurements(layout);
  m.tempValid.fill(1);
  m.temp_K.fill(310);
  // G_cells = 100 W/K: 500 W commanded needs ≥ 2.5 K of margin (fraction 0.5)
  const c = new CoolingMonitor({ cellsToCoolant_W_K: 100, settle_s: 100, minCommand_W: 100 });
  m.coolantTemp_K = 308; // 2 K: short
  for (let k = 0; k < 100; k++) c.update(m, 500, 1);
  assert.equal(c.deficit_s[0], 0, 'settling');
  for (let k = 0; k < 50; k++) c.update(m, 500, 1);
  assert.equal(c.deficit_s[0], 50);
  m.coolantTemp_K = 307; // 3 K: enough, reset
  c.update(m, 500, 1);
  assert.equal(c.deficit_s[0], 0);
  m.coolantTemp_K = 308;
  c.update(m, 500, 1);
  assert.equal(c.deficit_s[0], 1);
  c.update(m, 50, 1); // command below the minimum: off, reset (and the settle restarts)
  assert.equal(c.deficit_s[0], 0);
  c.update(m, 500, 1);
  assert.equal(c.deficit_s[0], 0);
  // a chiller at its coolant floor is expected to remove little: nothing to judge
  const f = new CoolingMonitor({ cellsToCoolant_W_K: 100, chillerConductance_W_K: 400, minCoolant_K: 307.9, settle_s: 0, minCommand_W: 100 });
  f.update(m, 5000, 1);
  assert.equal(f.deficit_s[0], 0);
  // invalid sensors: the deficit is held, not grown
  const c2 = new CoolingMonitor({ cellsToCoolant_W_K: 100, settle_s: 0 });
  c2.update(m, 500, 1);
  m.tempValid.fill(0);
  c2.update(m, 500, 1);
  assert.equal(c2.deficit_s[0], 1);
  assert.throws(() => new CoolingMonitor({ cellsToCoolant_W_K: 0 }), /coolingMonitor\.cellsToCoolant_W_K/);
  assert.throws(() => new CoolingMonitor({ cellsToCoolant_W_K: 10, fraction: -1 }), /coolingMonitor\.fraction/);
});
