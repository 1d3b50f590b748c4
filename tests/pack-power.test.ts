/**
 * Every load follows the pack's power (issue 17, items 2 and 4): a vehicle the pack cannot power
 * stops (no distance), and with the contactors open the pack powers nothing — no heat reaches the
 * pack from a heater with no energy behind it, unless the car is plugged in.
 *
 * - no motion without power: a Li-ion pack at 6 % SoC drives three HWFETs at 20 °C; it empties
 *   part-way. The distance booked is what the energy taken from the pack can drive, the car stops
 *   when the pack stops delivering, and the rest of the drive is booked as not driven. (Before:
 *   the whole 49 km was booked at 0 kW, the speed trace followed with no current.)
 * - energy conservation with open contactors: at −10 °C an oxide SSB's master–slave BMS loses a
 *   slave board 10 min into a UDDS; its protection latches the contactors open. The car stops
 *   there; the pre-conditioning from the pack before the next drive (and the thermostat) gets no
 *   energy: no heat into the plate, no BTMS energy, after the contactors opened; the heat booked
 *   into the plate is the heater's efficiency × its electrical energy, all of which the pack
 *   delivered; both ledgers close. (Before: the heater ran from nothing, kWh booked "from pack".)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runSimulation, type SimResult } from '../packages/core/sim/engine.js';
import { parseScenario } from '../packages/core/sim/scenario.js';
import { CELL_PRESETS } from '../packages/core/design/presets.js';
import { loadTrace } from '../packages/io/scenario-loader.js';
import { traceDistance_m } from '../packages/core/loads/epa.js';
import { DEFAULT_ACTUATORS } from '../packages/core/btms/actuators.js';

const dataDir = path.resolve(process.cwd(), '../shared/data');
process.env.SSB_EPA_DIR ??= path.join(dataDir, 'epa-drive-cycles');
const UDDS = loadTrace('UDDS', dataDir, 'pack-power.test');
const HWFET = loadTrace('HWFET', dataDir, 'pack-power.test');

function col(r: SimResult, name: string): number[] {
  const i = r.columns.findIndex((c) => c.name === name);
  assert.ok(i >= 0, name);
  return (r.rows ?? []).map((row) => row[i]);
}

test('no motion without power: an emptied pack stops the car; the distance not driven is booked', () => {
  const cell = 'liion-nmc811-graphite';
  const sc = parseScenario(
    {
      name: 'drained pack',
      seed: 3,
      step_s: 1,
      park_step_s: 300,
      cell,
      pack: { series: 96, parallel: 3, initial_soc: 0.06, initial_temp_C: 20 },
      climate: { kind: 'constant', temp_C: 20 },
      schedule: { days: 1, events: [{ at: '08:00', drive: ['HWFET', 'HWFET', 'HWFET'] }] },
      bms: { estimators: ['coulomb'] },
      outputs: { record_every_s: 1 },
    },
    'pack-power.test',
  );
  const r = runSimulation({ scenario: sc, cell: CELL_PRESETS[cell], traces: { HWFET }, keepRows: true });
  assert.equal(r.error, null);
  const m = r.metrics;
  const planned_km = (3 * traceDistance_m(HWFET)) / 1000;
  assert.equal(m.stranded_events, 1, JSON.stringify(m.stranded));
  assert.ok(m.distance_km < planned_km - 5, `distance ${m.distance_km} km of ${planned_km.toFixed(1)} planned`);
  // driven + not driven = planned
  assert.ok(Math.abs(m.distance_km + m.distance_not_driven_km - planned_km) < 0.05, `${m.distance_km} + ${m.distance_not_driven_km} vs ${planned_km}`);
  // the distance booked is what the pack's energy drove: no km at (near) zero power
  const speed = col(r, 'speed_km_h');
  const power = col(r, 'pack_power_kW');
  const mode = col(r, 'mode');
  for (let k = 0; k < speed.length; k++) if (speed[k] > 0) assert.ok(power[k] > 0 || mode[k] === 1, `row ${k}: moving at ${speed[k]} km/h`);
  const stop = m.stranded[0].time_s;
  const t = col(r, 'time_s');
  for (let k = 0; k < t.length; k++) if (t[k] > stop + 1) assert.equal(speed[k], 0, `moving at t = ${t[k]} s after the stop at ${stop} s`);
  assert.ok(m.consumption_Wh_km !== null && m.consumption_Wh_km > 100, `consumption ${m.consumption_Wh_km} Wh/km`);
});

test('energy conservation with open contactors: no distance, no heat and no BTMS energy without pack or wall power', () => {
  const cell = 'ssb-oxide-llzo-nmc811';
  const sc = parseScenario(
    {
      name: 'contactors opened mid-drive in the cold',
      seed: 11,
      step_s: 1,
      park_step_s: 300,
      cell,
      pack: { series: 96, parallel: 3, groups_per_module: 12, initial_soc: 0.85, initial_temp_C: -10 },
      climate: { kind: 'constant', temp_C: -10 },
      schedule: {
        days: 1,
        events: [
          { at: '07:30', drive: ['UDDS'] },
          { at: '09:00', drive: ['UDDS'], precondition_min: 30, precondition_from: 'pack' },
        ],
      },
      bms: { topology: 'master-slave', estimators: ['coulomb'] },
      faults: [{ at: '07:40', kind: 'lost-board', board: 3 }],
      outputs: { record_every_s: 1 },
    },
    'pack-power.test',
  );
  const r = runSimulation({ scenario: sc, cell: CELL_PRESETS[cell], traces: { UDDS }, keepRows: true });
  assert.equal(r.error, null);
  const m = r.metrics;
  const t = col(r, 'time_s');
  const closed = col(r, 'contactors_closed');
  const kOpen = closed.indexOf(0);
  assert.ok(kOpen > 0, 'the contactors opened');
  const open_s = t[kOpen];
  assert.ok(open_s > 7.5 * 3600 + 600 && open_s < 7.5 * 3600 + 700, `opened at ${open_s} s`);
  // the car stopped where the contactors opened; the second drive was not started
  assert.equal(m.stranded_events, 1);
  assert.ok(Math.abs(m.stranded[0].time_s - open_s) <= 1, `stranded at ${m.stranded[0].time_s} s`);
  assert.equal(m.drives_skipped, 1);
  const speed = col(r, 'speed_km_h');
  const heat = col(r, 'heater_W');
  const btms = col(r, 'btms_electrical_W');
  const power = col(r, 'pack_power_kW');
  for (let k = kOpen + 1; k < t.length; k++) {
    assert.equal(speed[k], 0, `moving at t = ${t[k]} s with the contactors open`);
    assert.equal(heat[k], 0, `heat into the plate at t = ${t[k]} s with the contactors open`);
    assert.equal(btms[k], 0, `BTMS draws power at t = ${t[k]} s with the contactors open`);
    assert.equal(power[k], 0);
  }
  const drivenBefore_km = (traceDistance_m(UDDS) / 1000) * 2 - m.distance_not_driven_km;
  assert.ok(Math.abs(m.distance_km - drivenBefore_km) < 0.01, `${m.distance_km} km driven, ${m.distance_not_driven_km} km not driven`);
  // every joule of heat into the plate came from the pack: the heater's efficiency × its electrical
  // energy, all of it drawn from the pack (no wall here), and no more than the pack delivered
  const L = m.energy_ledger_kWh;
  assert.ok(m.heating_energy_kWh > 0, 'the heater ran before the contactors opened');
  assert.equal(m.grid_energy_kWh, 0);
  assert.ok(Math.abs(L.heaterToPlate - DEFAULT_ACTUATORS.heater.efficiency * m.heating_energy_kWh) < 1e-3, `plate ${L.heaterToPlate} kWh vs heater ${m.heating_energy_kWh} kWh`);
  assert.ok(Math.abs(m.thermal_energy_from_pack_kWh - m.thermal_energy_kWh) < 1e-3, `from pack ${m.thermal_energy_from_pack_kWh} of ${m.thermal_energy_kWh} kWh`);
  assert.ok(m.thermal_energy_from_pack_kWh <= m.energy_discharged_kWh + 1e-4);
  assert.equal(m.thermal_energy_from_pack_parked_kWh, 0, 'the parked pre-conditioning had no pack power behind it');
  assert.ok(Math.abs(m.energy_balance_error_pct) < 1e-3, `electrical ledger ${m.energy_balance_error_pct} %`);
  assert.ok(Math.abs(m.thermal_balance_error_pct) < 1e-3, `thermal ledger ${m.thermal_balance_error_pct} %`);
});
