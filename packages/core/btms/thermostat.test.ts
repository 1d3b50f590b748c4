import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../numerics/rng.js';
import { allocMeasurements, makeSensorLayout } from '../bms/measurements.js';
import type { BmsContext } from '../bms/types.js';
import { ThermostatController, DEFAULT_THERMOSTAT } from './thermostat.js';
import { DEFAULT_ACTUATORS } from './actuators.js';

const C0 = 273.15;
const layout = makeSensorLayout(8, 1, 4, 2);
const ctx: BmsContext = { mode: 'drive', pluggedIn: false, chargerMaxCurrent_A: 0, chargerMaxPower_W: 0, chargeTargetSoc: 1 };

test('thermostat hysteresis: one switch per threshold crossing, no chattering on noisy readings', () => {
  const th = new ThermostatController();
  const m = allocMeasurements(layout);
  m.tempValid.fill(1);
  const rng = new Rng(11);
  // Triangle 0 °C → 45 °C → 0 °C over 9000 cycles, with ±0.5 K sensor noise and a 1 K spread.
  let heatSwitches = 0;
  let coolSwitches = 0;
  let heat = false;
  let cool = false;
  const heatOnAt: number[] = [];
  for (let k = 0; k <= 9000; k++) {
    const base = k <= 4500 ? (45 * k) / 4500 : 45 - (45 * (k - 4500)) / 4500;
    for (let s = 0; s < m.temp_K.length; s++) m.temp_K[s] = C0 + base + (s % 2) + rng.normal(0, 0.25);
    const cmd = th.decide({ time_s: k, meas: m, ctx, preheatRequest: false }, 1);
    const h = cmd.heaterPower_W > 0;
    const c = cmd.coolingPower_W > 0;
    if (k > 0 && h !== heat) {
      heatSwitches++;
      if (h) heatOnAt.push(base);
    }
    if (k > 0 && c !== cool) coolSwitches++;
    if (k === 0) assert.equal(h, true, 'cold start heats');
    heat = h;
    cool = c;
  }
  // Heater: off once on the way up (> 20 °C), on once on the way down (< 15 °C).
  assert.equal(heatSwitches, 2);
  // The coldest of 8 noisy readings crosses 15 °C when the mean profile is ≈ 15–15.8 °C.
  assert.ok(heatOnAt[0] < 15.8 && heatOnAt[0] > 14, `re-heat at ${heatOnAt[0]}`);
  // Chiller: on once (> 35 °C), off once (< 30 °C).
  assert.equal(coolSwitches, 2);
});

test('the BMS pre-heat request before a charge forces heating; command power bookkeeping', () => {
  const th = new ThermostatController();
  const chg: BmsContext = { ...ctx, mode: 'charge', pluggedIn: true };
  const m = allocMeasurements(layout);
  m.tempValid.fill(1);
  m.temp_K.fill(C0 + 25);
  let cmd = th.decide({ time_s: 0, meas: m, ctx, preheatRequest: false }, 1);
  assert.equal(cmd.heaterPower_W, 0);
  assert.equal(cmd.pumpOn, false);
  assert.equal(cmd.electricalPower_W, 0);
  cmd = th.decide({ time_s: 1, meas: m, ctx: chg, preheatRequest: true }, 1);
  assert.equal(cmd.heaterPower_W, DEFAULT_ACTUATORS.heater.maxPower_W);
  assert.equal(cmd.pumpOn, true);
  assert.ok(Math.abs(cmd.electricalPower_W - (6000 / 0.95 + 100)) < 1e-9);
  m.temp_K.fill(C0 + 40);
  cmd = th.decide({ time_s: 2, meas: m, ctx: chg, preheatRequest: true }, 1);
  assert.equal(cmd.heaterPower_W, 0, 'cooling wins over a pre-heat request when hot');
  assert.ok(Math.abs(cmd.electricalPower_W - (6000 / 2.5 + 100)) < 1e-9);
});

test('a departure timer (pre-heat outside a charge) heats the pack to the top of the heating band, not beyond', () => {
  // before issue 17 the thermostat heated for the whole timer: a pack already warm was heated on
  const th = new ThermostatController();
  const parked: BmsContext = { ...ctx, mode: 'park' };
  const m = allocMeasurements(layout);
  m.tempValid.fill(1);
  m.temp_K.fill(DEFAULT_THERMOSTAT.heatOff_K - 3);
  // inside the band, not heating on its own: the timer heats
  assert.equal(th.decide({ time_s: 0, meas: m, ctx: parked, preheatRequest: true }, 1).heaterPower_W, DEFAULT_ACTUATORS.heater.maxPower_W);
  m.temp_K.fill(DEFAULT_THERMOSTAT.heatOff_K + 1);
  assert.equal(th.decide({ time_s: 1, meas: m, ctx: parked, preheatRequest: true }, 1).heaterPower_W, 0, 'warm pack: the timer stops');
  m.temp_K.fill(C0 + 25);
  assert.equal(th.decide({ time_s: 2, meas: m, ctx: parked, preheatRequest: true }, 1).heaterPower_W, 0, 'a 25 °C pack is not heated by a timer');
});

test('invalid sensors are ignored (last valid value held)', () => {
  const th = new ThermostatController(DEFAULT_ACTUATORS, DEFAULT_THERMOSTAT);
  const m = allocMeasurements(layout);
  m.tempValid.fill(1);
  m.temp_K.fill(C0 + 25);
  th.decide({ time_s: 0, meas: m, ctx, preheatRequest: false }, 1);
  m.tempValid[0] = 0;
  m.temp_K[0] = C0 - 40; // garbage on an invalid channel
  const cmd = th.decide({ time_s: 1, meas: m, ctx, preheatRequest: false }, 1);
  assert.equal(cmd.heaterPower_W, 0);
});
