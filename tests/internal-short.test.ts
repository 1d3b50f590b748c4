/**
 * The internal-short detector in the running BMS, end to end: a short injected into the plant
 * (`plant_faults`) is found from measurements alone and reacted to; a healthy pack raises nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../packages/core/sim/scenario.js';
import { runSimulation } from '../packages/core/sim/engine.js';
import { CELL_PRESETS } from '../packages/core/design/presets.js';
import { loadTrace, PROJECT_ROOT } from '../packages/io/scenario-loader.js';
import { checkScenarioFaults } from '../packages/core/sim/sensor-faults.js';

const traces = { UDDS: loadTrace('UDDS', PROJECT_ROOT, 'test') };
const base = {
  name: 'short',
  seed: 5,
  cell: 'ssb-oxide-llzo-nmc811',
  pack: { series: 12, parallel: 2, groups_per_module: 6, initial_soc: 0.8, initial_temp_C: 25, housing_mass_kg: 10 },
  climate: { kind: 'constant', temp_C: 25 },
  schedule: {
    days: 1,
    events: [
      { at: '01:10', drive: ['UDDS'] },
      { at: '20:00', charge: { charger: 'level2-7kw', target_soc: 0.9, max_duration_h: 3 } },
    ],
  },
  bms: { estimators: ['ekf'] },
  outputs: { record_every_s: 60 },
};
type Ev = { quantity: string; tier: string; index: number; time_s: number };

test('a 2 Ω short injected at 01:30 in group 5 is detected on that group, charging is stopped; a healthy pack raises no short event', () => {
  const s = parseScenario({ ...base, plant_faults: [{ at: '01:30', kind: 'internal-short', group: 5, resistance_ohm: 2 }] }, 'test');
  const r = runSimulation({ scenario: s, cell: CELL_PRESETS[s.cell as string], traces, endTime_s: 86400 });
  const d = r.metrics.short_detection as { onset_s: number; group: number; detected: boolean; delay_s: number };
  assert.equal(d.onset_s, 5400);
  assert.equal(d.group, 5);
  assert.equal(d.detected, true);
  // measured on this case: 3169 s (1.9 A leak = C/57 on a 108 Ah group); bound with margin
  assert.ok(d.delay_s > 0 && d.delay_s < 4 * 3600, `delay ${d.delay_s} s`);
  assert.equal(r.metrics.short_detection_s, d.delay_s);
  const ev = r.metrics.protection_events as Ev[];
  const shortEv = ev.filter((e) => e.quantity === 'internalShort');
  assert.ok(
    shortEv.every((e) => e.index === 4),
    'only the shorted group is flagged',
  );
  assert.ok(
    shortEv.some((e) => e.tier === 'recommendedSafety'),
    'C/57 is above the RSL (C/500): charging stopped',
  );
  // the evening charge is refused while the short is confirmed
  const sessions = r.metrics.charge_sessions as { energyIn_kWh: number }[];
  assert.equal(sessions.length, 1);
  assert.ok(sessions[0].energyIn_kWh < 0.01, `charged ${sessions[0].energyIn_kWh} kWh into a shorted pack`);

  const h = parseScenario(base, 'test');
  const rh = runSimulation({ scenario: h, cell: CELL_PRESETS[h.cell as string], traces, endTime_s: 86400 });
  assert.equal(rh.metrics.short_detection_s, null);
  assert.equal((rh.metrics.protection_events as Ev[]).filter((e) => e.quantity === 'internalShort' || e.quantity === 'hotSpot').length, 0);
  assert.ok((rh.metrics.charge_sessions as { energyIn_kWh: number }[])[0].energyIn_kWh > 0.1, 'the healthy pack charges');
});

test('plant_faults: a group beyond the pack, or a short that heals, is rejected naming the field', () => {
  const s = parseScenario({ ...base, plant_faults: [{ at: 100, kind: 'internal-short', group: 13, resistance_ohm: 2 }] }, 'f.yaml');
  assert.throws(() => checkScenarioFaults(s, 'f.yaml'), /f\.yaml.*plant_faults\.0\.group/);
  assert.throws(() => parseScenario({ ...base, plant_faults: [{ at: 100, kind: 'internal-short', group: 1, resistance_ohm: 2, final_resistance_ohm: 5 }] }, 'g.yaml'), /final_resistance_ohm/);
});

test('bms.limits and bms.reactions override the tiers and the reaction table; bad overrides name the field', () => {
  // the RSL of the leak made a hard stop: the contactors open on the short instead of a charge derate
  const s = parseScenario(
    {
      ...base,
      plant_faults: [{ at: '01:30', kind: 'internal-short', group: 5, resistance_ohm: 2 }],
      bms: { ...base.bms, reactions: { internal_short: { recommended_safety: { action: 'open-contactors', severity: 'critical' } } } },
    },
    'test',
  );
  const r = runSimulation({ scenario: s, cell: CELL_PRESETS[s.cell as string], traces, endTime_s: 6 * 3600 });
  const ev = (r.metrics.protection_events as (Ev & { action: string })[]).filter((e) => e.quantity === 'internalShort' && e.tier === 'recommendedSafety');
  assert.equal(ev.length, 1);
  assert.equal(ev[0].action, 'open-contactors');
  // limits: a max-safety voltage below the max-operating one is refused, naming bms.limits.<quantity>
  const bad = parseScenario({ ...base, bms: { ...base.bms, limits: { cell_voltage_high_V: { max_safety: 3.0 } } } }, 'test');
  assert.throws(
    () => runSimulation({ scenario: bad, cell: CELL_PRESETS[bad.cell as string], traces, endTime_s: 60 }),
    /bms\.limits\.cell_voltage_high_V.*"max_operating".*upper limits must satisfy MOL <= RSL <= MSL/,
  );
  assert.throws(() => parseScenario({ ...base, bms: { ...base.bms, limits: { cell_voltage_hi_V: { max_safety: 4.3 } } } }, 't.yaml'), /cell_voltage_hi_V.*did you mean 'cell_voltage_high_V'/);
  assert.throws(
    () => parseScenario({ ...base, bms: { ...base.bms, reactions: { internal_short: { max_safety: { action: 'explode' } } } } }, 't.yaml'),
    /reactions\.internal_short\.max_safety\.action/,
  );
});
