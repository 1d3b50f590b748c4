/**
 * Pack heating sized and timed like a production BTMS (issue 17, item 2): heat to what the next
 * activity needs, not the window bottom + 5 K for everything; pre-heat on the way to a planned DC
 * fast charge. Li-ion reference pack (96s3p, liion-nmc811-graphite, 6 kW heater).
 *
 * - cold-start UDDS at −7 °C: the old band (heat_on_C 10, as before) heated the pack with kWh on
 *   every trip; the need-based thermostat heats less, and the drive's power is there anyway (no
 *   discharge step the pack could not deliver). At −25 °C, below the pack's discharge floor, it
 *   still heats.
 * - a drive followed by a DC fast charge at −10 °C: with the navigation rule the pack arrives
 *   warmer than without, the heating is drawn from the pack during the drive and booked there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runSimulation, type SimResult } from '../packages/core/sim/engine.js';
import { parseScenario } from '../packages/core/sim/scenario.js';
import { CELL_PRESETS } from '../packages/core/design/presets.js';
import { loadTrace } from '../packages/io/scenario-loader.js';
import { traceDuration_s } from '../packages/core/loads/epa.js';
import { ThermostatController } from '../packages/core/btms/thermostat.js';
import type { StepObserver } from '../packages/core/sim/observer.js';

const dataDir = path.resolve(process.cwd(), '../shared/data');
process.env.SSB_EPA_DIR ??= path.join(dataDir, 'epa-drive-cycles');
const UDDS = loadTrace('UDDS', dataDir, 'btms-need.test');
const HWFET = loadTrace('HWFET', dataDir, 'btms-need.test');
const LIION = 'liion-nmc811-graphite';

function scenario(temp_C: number, events: unknown[], btms: Record<string, unknown> = {}) {
  return parseScenario(
    {
      name: 'btms need',
      seed: 1,
      step_s: 1,
      park_step_s: 900,
      cell: LIION,
      pack: { series: 96, parallel: 3, groups_per_module: 12, initial_soc: 0.9, initial_temp_C: temp_C },
      climate: { kind: 'constant', temp_C },
      schedule: { days: 1, events },
      btms: { controller: 'thermostat', ...btms },
      outputs: { record_every_s: 600 },
    },
    'btms-need.test',
  );
}

/** Counts discharge steps the pack could not deliver in full (power or discharge-limit clipped). */
function dischargeShortfall(): StepObserver & { steps: number } {
  return {
    steps: 0,
    afterPlantStep(step, res) {
      if (!step.initial && res.current_A > 0 && (res.limited || res.powerFraction < 0.999)) this.steps++;
    },
  };
}

const kWh = (r: SimResult, k: string) => (r.metrics as Record<string, unknown>)[k] as number;

test('cold-start UDDS at −7 °C: heats less than the window-bottom band did, and the drive still gets its power', () => {
  const ev = [{ at: '08:00', drive: ['UDDS'] }];
  const need = dischargeShortfall();
  const now = runSimulation({ scenario: scenario(-7, ev), cell: CELL_PRESETS[LIION], traces: { UDDS }, observers: [need] });
  const before = runSimulation({ scenario: scenario(-7, ev, { heat_on_C: 10 }), cell: CELL_PRESETS[LIION], traces: { UDDS } });
  // before: the 6 kW heater ran through most of the 23-minute cycle (≈ 2 kWh on a 12 km trip)
  assert.ok(kWh(before, 'thermal_energy_kWh') > 1, `window-bottom band heated ${kWh(before, 'thermal_energy_kWh')} kWh`);
  assert.ok(kWh(now, 'thermal_energy_kWh') < 0.5 * kWh(before, 'thermal_energy_kWh'), `need-based ${kWh(now, 'thermal_energy_kWh')} kWh`);
  assert.ok((now.metrics.consumption_Wh_km as number) < (before.metrics.consumption_Wh_km as number));
  // the power the trip asks is there: not one discharge step clipped (regen into the cold pack may be)
  assert.equal(need.steps, 0, 'discharge steps the pack could not deliver');
});

test('cold-start UDDS at −25 °C (below the discharge floor + margin): the drive still heats the pack, from the pack', () => {
  const r = runSimulation({ scenario: scenario(-25, [{ at: '08:00', drive: ['UDDS'] }]), cell: CELL_PRESETS[LIION], traces: { UDDS } });
  assert.ok(kWh(r, 'thermal_energy_kWh') > 0.3, `heated ${kWh(r, 'thermal_energy_kWh')} kWh`);
  assert.ok(Math.abs(kWh(r, 'thermal_energy_from_pack_kWh') - kWh(r, 'thermal_energy_kWh')) < 0.01, 'all of it from the pack');
});

test('a drive to a planned DC fast charge at −10 °C: the pack arrives warmer with the navigation rule, heated from the pack on the drive', () => {
  const drive_s = 3 * traceDuration_s(HWFET);
  const start_s = 8 * 3600;
  const chargeAt_s = Math.ceil(start_s + drive_s + 60);
  const hhmm = `${String(Math.floor(chargeAt_s / 3600)).padStart(2, '0')}:${String(Math.floor((chargeAt_s % 3600) / 60)).padStart(2, '0')}`;
  const ev = [
    { at: '08:00', drive: ['HWFET', 'HWFET', 'HWFET'] },
    { at: hhmm, charge: { charger: 'dcfc-150kw', target_soc: 0.8, max_duration_h: 1.5 } },
  ];
  const arrival = () => {
    const o: StepObserver & { coldest_K: number } = {
      coldest_K: NaN,
      beforePlantStep(step) {
        if (step.initial || !Number.isNaN(o.coldest_K) || step.input.time_s < chargeAt_s - 1e-6) return;
        let m = Infinity;
        for (const T of step.pack.temp_K) if (T < m) m = T;
        o.coldest_K = m;
      },
    };
    return o;
  };
  const withNav = arrival();
  const withoutNav = arrival();
  const sc = scenario(-10, ev, { horizon_min: 180 });
  sc.pack.initial_soc = 0.6;
  const a = runSimulation({ scenario: sc, cell: CELL_PRESETS[LIION], traces: { HWFET }, observers: [withNav] });
  const b = runSimulation({ scenario: sc, cell: CELL_PRESETS[LIION], traces: { HWFET }, observers: [withoutNav], makeBtms: (act, band) => new ThermostatController(act, band) });
  const C = (K: number) => K - 273.15;
  assert.ok(C(withNav.coldest_K) > C(withoutNav.coldest_K) + 10, `arrival: with ${C(withNav.coldest_K).toFixed(1)} °C, without ${C(withoutNav.coldest_K).toFixed(1)} °C`);
  // the heating ran on the drive, from the pack, and is booked in the drive's consumption
  assert.ok(kWh(a, 'thermal_energy_from_pack_kWh') > 0.5, `from pack ${kWh(a, 'thermal_energy_from_pack_kWh')} kWh`);
  assert.ok((a.metrics.consumption_Wh_km as number) > (b.metrics.consumption_Wh_km as number));
  // and the fast charge is shorter
  const dur = (r: SimResult) => (r.metrics.charge_sessions as { duration_s: number }[])[0].duration_s;
  assert.ok(dur(a) < dur(b), `charge ${dur(a) / 60} vs ${dur(b) / 60} min`);
});
