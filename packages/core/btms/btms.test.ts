import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocMeasurements, makeSensorLayout } from '../bms/measurements.js';
import type { BmsContext } from '../bms/types.js';
import { hardwareActuators, thermoelectricCop, THERMOELECTRIC_UNIT, applyThermalDemand, makeThermalCommand } from './actuators.js';
import { MlController, BTMS_FEATURES, type BtmsTempModel } from './ml.js';
import { PredictiveController } from './predictive.js';
import type { BtmsForecast } from './types.js';

const C0 = 273.15;
const te = THERMOELECTRIC_UNIT;

test('thermoelectric COP follows the optimum-current formula (Ioffe) and its clamps', () => {
  // cooling a 30 °C plate against 35 °C outside: Tc = 298.15, Th = 313.15
  const Tc = C0 + 25;
  const Th = C0 + 40;
  const M = Math.sqrt(1 + te.zt);
  const expected = ((Tc / (Th - Tc)) * (M - Th / Tc)) / (M + 1);
  assert.ok(Math.abs(thermoelectricCop('cool', C0 + 30, C0 + 35, te) - Math.min(te.copMax, expected)) < 1e-12);
  // heating and cooling between the same junction temperatures: COP_h = COP_c + 1
  const free = { ...te, copMax: 1e9 };
  const cc = thermoelectricCop('cool', C0 + 20, C0 + 30, free);
  const ch = thermoelectricCop('heat', C0 + 30, C0 + 20, free);
  assert.ok(Math.abs(ch - cc - 1) < 1e-9, `${ch} vs ${cc}`);
  // falls as the lift grows; 0 cooling past ΔT_max; heating never below 1; downhill → cap
  let prev = Infinity;
  for (let out = 30; out <= 120; out += 10) {
    const c = thermoelectricCop('cool', C0 + 25, C0 + out, free);
    assert.ok(c <= prev && c >= 0);
    prev = c;
  }
  assert.equal(thermoelectricCop('cool', C0 + 25, C0 + 200, te), 0);
  assert.ok(thermoelectricCop('heat', C0 + 25, C0 - 40, te) >= 1);
  assert.ok(thermoelectricCop('heat', C0 + 25, C0 - 40, te) < thermoelectricCop('heat', C0 + 25, C0 + 0, te));
  assert.equal(thermoelectricCop('cool', C0 + 40, C0 + 10, te), te.copMax);
  assert.throws(() => thermoelectricCop('cool', NaN, C0, te), /finite/);
});

test('actuator sets: TE heats and cools with its electrical power; air runs the fan; electrical power adds up', () => {
  const t = hardwareActuators('thermoelectric');
  const c = applyThermalDemand(t, 1, 0, false, makeThermalCommand());
  assert.equal(c.teMode, 1);
  assert.equal(c.heaterPower_W, 0);
  assert.equal(c.electricalPower_W, t.thermoelectric.maxElectrical_W + t.liquidPlate.pumpPower_W);
  applyThermalDemand(t, 1, 0.5, false, c);
  assert.equal(c.teMode, -1, 'cooling wins');
  assert.equal(c.teElectrical_W, 0.5 * t.thermoelectric.maxElectrical_W);
  const a = hardwareActuators('air');
  const d = applyThermalDemand(a, 0, 1, false, makeThermalCommand());
  assert.equal(d.fanOn, true);
  assert.equal(d.coolingPower_W, 0);
  assert.equal(d.electricalPower_W, a.air.fanPower_W);
});

const layout = makeSensorLayout(8, 1, 4, 2);
const ctxOf = (mode: BmsContext['mode']): BmsContext => ({ mode, pluggedIn: false, chargerMaxCurrent_A: 0, chargerMaxPower_W: 0, chargeTargetSoc: 0.9 });

function wrongModel(bias_K: number): BtmsTempModel {
  const w = new Array(BTMS_FEATURES.length + 1).fill(0);
  w[BTMS_FEATURES.length] = bias_K;
  return {
    schema: 'ssb-twin/btms-temp-model',
    version: 1,
    horizon_s: 1800,
    features: [...BTMS_FEATURES],
    mean: new Array(BTMS_FEATURES.length).fill(0),
    std: new Array(BTMS_FEATURES.length).fill(1),
    targets: ['dtemp_min_K', 'dtemp_max_K'],
    weights: [w.slice(), w.slice()],
    provenance: {},
  };
}

const thermo = { heatOn_K: C0 + 15, heatOff_K: C0 + 20, coolOn_K: C0 + 35, coolOff_K: C0 + 30 };

test('hard safety bounds override a deliberately wrong ML model', () => {
  const act = hardwareActuators('liquid');
  const m = allocMeasurements(layout);
  m.tempValid.fill(1);
  m.coolantTemp_K = NaN;
  m.ambientTemp_K = C0 + 20;
  // the model says the pack will be 100 K colder: it wants to heat a 40 °C pack → cooled instead
  const cold = new MlController(act, { ...thermo, fastChargeTarget_K: C0 + 25 }, wrongModel(-100));
  m.temp_K.fill(C0 + 40);
  let c = cold.decide({ time_s: 0, meas: m, ctx: ctxOf('drive'), preheatRequest: false, forecast: null }, 1);
  assert.equal(c.heaterPower_W, 0);
  assert.ok(c.coolingPower_W > 0);
  assert.equal(cold.overridden, true);
  // … and a 32 °C pack (inside the window, above cool_off) is not heated either
  m.temp_K.fill(C0 + 32);
  c = cold.decide({ time_s: 1, meas: m, ctx: ctxOf('drive'), preheatRequest: false, forecast: null }, 1);
  assert.equal(c.heaterPower_W, 0);
  // the model says 100 K hotter: it wants to cool a 5 °C pack while driving → heated instead
  const hot = new MlController(act, { ...thermo, fastChargeTarget_K: C0 + 25 }, wrongModel(100));
  m.temp_K.fill(C0 + 5);
  c = hot.decide({ time_s: 0, meas: m, ctx: ctxOf('drive'), preheatRequest: false, forecast: null }, 1);
  assert.equal(c.coolingPower_W, 0);
  assert.ok(c.heaterPower_W > 0);
  // a NaN model output falls back to the thermostat
  const nan = wrongModel(0);
  nan.weights[0][0] = NaN;
  const f = new MlController(act, { ...thermo, fastChargeTarget_K: C0 + 25 }, nan);
  m.temp_K.fill(C0 + 25);
  c = f.decide({ time_s: 0, meas: m, ctx: ctxOf('drive'), preheatRequest: false, forecast: null }, 1);
  assert.equal(c.electricalPower_W, 0);
});

test('predictive controller pre-heats a parked cold pack ahead of a forecast trip, not without one', () => {
  const act = hardwareActuators('liquid');
  const m = allocMeasurements(layout);
  m.tempValid.fill(1);
  m.temp_K.fill(C0 - 20);
  const trip: BtmsForecast = { nextEvent: () => ({ start_s: 2400, kind: 'drive', fastCharge: false }), ambient_K: () => C0 - 20 };
  const p = new PredictiveController(act, { ...thermo, horizon_s: 3 * 3600, packHeatCapacity_J_K: 2e5, fastChargeTarget_K: C0 + 25, precoolTarget_K: C0 + 25 });
  const c = p.decide({ time_s: 0, meas: m, ctx: ctxOf('park'), preheatRequest: false, forecast: trip }, 60);
  assert.ok(c.heaterPower_W > 0 && c.preconditioning);
  // 3 h ahead is too early: lead = 2e5 J/K × 40 K / (0.6 × 6 kW) + 600 s ≈ 47 min
  const early = new PredictiveController(act, { ...thermo, horizon_s: 4 * 3600, packHeatCapacity_J_K: 2e5, fastChargeTarget_K: C0 + 25, precoolTarget_K: C0 + 25 });
  const later: BtmsForecast = { nextEvent: () => ({ start_s: 3 * 3600, kind: 'drive', fastCharge: false }), ambient_K: () => C0 - 20 };
  assert.equal(early.decide({ time_s: 0, meas: m, ctx: ctxOf('park'), preheatRequest: false, forecast: later }, 60).preconditioning, false);
  const none: BtmsForecast = { nextEvent: () => null, ambient_K: () => C0 - 20 };
  const q = new PredictiveController(act, { ...thermo, horizon_s: 3 * 3600, packHeatCapacity_J_K: 2e5, fastChargeTarget_K: C0 + 25, precoolTarget_K: C0 + 25 });
  assert.equal(q.decide({ time_s: 0, meas: m, ctx: ctxOf('park'), preheatRequest: false, forecast: none }, 60).preconditioning, false);
});
