/**
 * Random valid scenarios (seeded): a small pack, a random cell, ambient, initial SoC and a few lab
 * steps of random C-rate and length, run for an hour at most (a few hundred steps), must give finite
 * metrics and a closed electrical energy balance — or, where the random steps drive the pack
 * outside its limits, a run that the BMS stops, never a NaN.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseScenario } from '../packages/core/sim/scenario.js';
import { runSimulation } from '../packages/core/sim/engine.js';
import { CELL_PRESETS } from '../packages/core/design/presets.js';
import { SCENARIO_FUZZ_CASES, SCENARIO_FUZZ_SEED } from './fuzz/harness.js';

const step = fc.oneof(
  fc.record({ kind: fc.constantFrom('Discharge', 'Charge'), c: fc.double({ min: 0.05, max: 2, noNaN: true }), min: fc.integer({ min: 1, max: 15 }) }),
  fc.record({ kind: fc.constant('Rest'), c: fc.constant(0), min: fc.integer({ min: 1, max: 15 }) }),
);
const scenario = fc.record({
  cell: fc.constantFrom(...Object.keys(CELL_PRESETS)),
  series: fc.integer({ min: 1, max: 8 }),
  parallel: fc.integer({ min: 1, max: 2 }),
  soc: fc.double({ min: 0.2, max: 0.95, noNaN: true }),
  temp_C: fc.integer({ min: -20, max: 45 }),
  step_s: fc.constantFrom(1, 2, 5, 10),
  steps: fc.array(step, { minLength: 1, maxLength: 4 }),
  seed: fc.nat(1000),
});

test(`fuzz: ${SCENARIO_FUZZ_CASES} random valid scenarios give finite metrics and a closed energy balance`, () => {
  const cases = fc.sample(scenario, { seed: SCENARIO_FUZZ_SEED, numRuns: SCENARIO_FUZZ_CASES });
  for (const c of cases) {
    const label = JSON.stringify(c);
    const s = parseScenario(
      {
        name: 'fuzz',
        seed: c.seed,
        step_s: c.step_s,
        cell: c.cell,
        pack: { series: c.series, parallel: c.parallel, groups_per_module: c.series, initial_soc: c.soc },
        climate: { kind: 'constant', temp_C: c.temp_C },
        btms: { controller: 'none' },
        schedule: { days: 1, events: [{ at: '00:00', protocol: c.steps.map((x) => (x.kind === 'Rest' ? `Rest for ${x.min} minutes` : `${x.kind} at ${x.c.toFixed(3)}C for ${x.min} minutes`)) }] },
        outputs: { record_every_s: 60, csv: false, arrow: false, report: false },
      },
      'fuzz',
    );
    const r = runSimulation({ scenario: s, cell: CELL_PRESETS[c.cell], traces: {}, endTime_s: 3600 });
    assert.equal(r.error, null, `${label}: ${r.error?.message}`);
    for (const [k, v] of Object.entries(r.metrics)) if (typeof v === 'number') assert.ok(Number.isFinite(v), `${label}: metric ${k} = ${v}`);
    const eb = r.metrics.energy_balance_error_pct as number;
    assert.ok(Math.abs(eb) < 0.5, `${label}: energy balance error ${eb} %`);
  }
});
