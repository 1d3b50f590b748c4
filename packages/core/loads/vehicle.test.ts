import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { cToK } from '../units/index.js';
import { parseEpaSchedule, traceDistance_m, sampleTrace, type SpeedTrace } from './epa.js';
import {
  DEFAULT_VEHICLE,
  STANDARD_GRAVITY_m_s2,
  airDensity_kg_m3,
  batteryPowerForWheel_W,
  driveBatteryPower_W,
  driveEnergy,
  hvacPower_W,
  roadLoadForce_N,
  rollingResistanceTempFactor,
  validateVehicle,
  wheelPower_W,
  type VehicleParams,
} from './vehicle.js';

const p = DEFAULT_VEHICLE;
/** ISO 2533 sea-level density at 15 °C, what the road load uses without an ambient. */
const RHO_15C = 101325 / (287.05287 * 288.15);
const g = STANDARD_GRAVITY_m_s2;
const close = (a: number, b: number, rel = 1e-12, abs = 1e-9): boolean => Math.abs(a - b) <= abs + rel * Math.abs(b);
const udds = (): SpeedTrace => parseEpaSchedule(readFileSync(path.resolve(process.cwd(), '../shared/data/epa-drive-cycles/udds.txt'), 'utf8'), 'udds.txt');
const withVehicle = (over: Partial<VehicleParams>): VehicleParams => ({ ...p, ...over, hvac: { ...p.hvac } });

test('DEFAULT_VEHICLE passes validation; bad parameters name the field', () => {
  validateVehicle(p);
  assert.throws(() => validateVehicle(withVehicle({ drivetrainEfficiency: 1.2 })), /drivetrainEfficiency/);
  assert.throws(() => validateVehicle(withVehicle({ mass_kg: -1 })), /mass_kg/);
});

test('constant speed on the flat: force = m·g·Crr + ½ρ·Cd·A·v², power = v·F', () => {
  for (const v of [0, 5, 13.4, 33.5]) {
    const expected = p.mass_kg * g * p.rollingResistanceCoeff + 0.5 * RHO_15C * p.dragCoefficient * p.frontalArea_m2 * v * v;
    assert.ok(close(roadLoadForce_N(v, 0, 0, p), expected));
    assert.ok(close(wheelPower_W(v, 0, 0, p), v * expected));
  }
  // 100 km/h: 1900·9.80665·0.009 + ½·1.225·0.25·2.3·(27.78 m/s)² = 167.694 + 271.749 N
  assert.ok(Math.abs(roadLoadForce_N(100 / 3.6, 0, 0, p) - 439.443) < 1e-3);
});

test('acceleration and grade terms: m·a·k_rot and m·g·(Crr·cosθ + sinθ)', () => {
  const dF = roadLoadForce_N(10, 1.5, 0, p) - roadLoadForce_N(10, 0, 0, p);
  assert.ok(close(dF, p.mass_kg * 1.5 * p.rotationalMassFactor, 1e-12, 1e-9));
  const th = Math.atan(0.06);
  assert.ok(close(roadLoadForce_N(0, 0, th, p), p.mass_kg * g * (p.rollingResistanceCoeff * Math.cos(th) + Math.sin(th))));
  assert.throws(() => roadLoadForce_N(-1, 0, 0, p), InputError);
  assert.throws(() => roadLoadForce_N(NaN, 0, 0, p), /speed_m_s/);
});

test('traction: battery = wheel / η; above max traction power the rest is unmet', () => {
  const r = batteryPowerForWheel_W(20e3, 15, p);
  assert.ok(close(r.battery_W, 20e3 / p.drivetrainEfficiency));
  assert.equal(r.frictionBrake_W, 0);
  const big = batteryPowerForWheel_W(200e3, 30, p);
  assert.ok(close(big.battery_W, p.maxTractionPower_W / p.drivetrainEfficiency));
  assert.ok(close(big.unmetTraction_W, 200e3 - p.maxTractionPower_W));
});

test('regen: η·|P| when small, capped at maxRegenPower, zero below regenMinSpeed; braking energy is split exactly', () => {
  const small = batteryPowerForWheel_W(-10e3, 15, p);
  assert.ok(close(small.battery_W, -10e3 * p.regenEfficiency));
  assert.ok(close(small.frictionBrake_W, 0, 0, 1e-9));
  const hard = batteryPowerForWheel_W(-150e3, 25, p);
  assert.equal(hard.battery_W, -p.maxRegenPower_W);
  assert.ok(close(hard.frictionBrake_W, 150e3 - p.maxRegenPower_W / p.regenEfficiency));
  const slow = batteryPowerForWheel_W(-5e3, p.regenMinSpeed_m_s * 0.99, p);
  assert.equal(slow.battery_W, 0);
  assert.equal(slow.frictionBrake_W, 5e3);
  for (const w of [-1e3, -40e3, -80e3, -300e3]) {
    const r = batteryPowerForWheel_W(w, 20, p);
    assert.ok(close(-w, r.frictionBrake_W - r.battery_W / p.regenEfficiency, 1e-12, 1e-6));
    assert.ok(-r.battery_W <= p.maxRegenPower_W);
  }
});

test('lossless, drag-free, rolling-free car over a closed cycle: ∫P dt = ΔKE = 0 (midpoint rule is exact)', () => {
  const ideal = withVehicle({
    dragCoefficient: 0,
    rollingResistanceCoeff: 0,
    drivetrainEfficiency: 1,
    regenEfficiency: 1,
    maxRegenPower_W: 1e9,
    maxTractionPower_W: 1e9,
    regenMinSpeed_m_s: 0,
    auxiliaryBase_W: 0,
  });
  const t = udds();
  const e = driveEnergy(t, ideal);
  assert.ok(e.wheelTraction_J > 1e6);
  assert.ok(Math.abs(e.battery_J) < 1e-6 * e.wheelTraction_J, `net ${e.battery_J} J`);
  // Positive inertial work = Σ over accelerating segments of ½·m·k·(v1² − v0²)
  let ke = 0;
  for (let i = 0; i + 1 < t.time_s.length; i++) {
    const dv2 = t.speed_m_s[i + 1] ** 2 - t.speed_m_s[i] ** 2;
    if (dv2 > 0) ke += 0.5 * ideal.mass_kg * ideal.rotationalMassFactor * dv2;
  }
  assert.ok(close(e.wheelTraction_J, ke, 1e-9));
});

test('rolling resistance only: wheel energy = m·g·Crr·distance', () => {
  const rolling = withVehicle({ dragCoefficient: 0, rotationalMassFactor: 1, mass_kg: 1500 });
  const t = udds();
  const e = driveEnergy(t, { ...rolling, hvac: rolling.hvac });
  const net = e.wheelTraction_J - e.wheelBraking_J;
  assert.ok(close(net, 1500 * g * rolling.rollingResistanceCoeff * traceDistance_m(t), 1e-9));
  assert.ok(close(e.distance_m, traceDistance_m(t), 1e-12));
});

test('UDDS on DEFAULT_VEHICLE: plausible Wh/km, and every energy account adds up', () => {
  const t = udds();
  const e = driveEnergy(t, p);
  const whPerKm = e.battery_J / 3600 / (e.distance_m / 1000);
  assert.ok(whPerKm > 100 && whPerKm < 250, `${whPerKm} Wh/km`);
  // Battery = traction/η − regen + auxiliaries
  assert.ok(close(e.battery_J, e.batteryTraction_J - e.regen_J + e.auxiliary_J + e.hvac_J, 1e-12, 1e-3));
  assert.ok(close(e.batteryTraction_J, e.wheelTraction_J / p.drivetrainEfficiency, 1e-9));
  assert.ok(close(e.wheelBraking_J, e.regen_J / p.regenEfficiency + e.frictionBrake_J, 1e-9));
  assert.ok(close(e.auxiliary_J, p.auxiliaryBase_W * 1369, 1e-12));
  // Wheel net energy = rolling + aero (ΔKE = 0 over the cycle); aero by fine quadrature.
  let aero_J = 0;
  const n = 200;
  for (let i = 0; i + 1 < t.time_s.length; i++) {
    for (let k = 0; k < n; k++) {
      const v = sampleTrace(t, t.time_s[i] + (k + 0.5) / n).speed_m_s;
      aero_J += (0.5 * RHO_15C * p.dragCoefficient * p.frontalArea_m2 * v ** 3) / n;
    }
  }
  const rolling_J = p.mass_kg * g * p.rollingResistanceCoeff * traceDistance_m(t);
  const fine = driveEnergy(t, p, {}, 0.01);
  assert.ok(close(fine.wheelTraction_J - fine.wheelBraking_J, rolling_J + aero_J, 1e-6));
  // Independent time integration of driveBatteryPower_W at segment midpoints gives the same ∫P dt.
  let sum_J = 0;
  for (let i = 0; i + 1 < t.time_s.length; i++) sum_J += driveBatteryPower_W(t, t.time_s[i] + 0.5, p);
  assert.ok(close(sum_J, e.battery_J, 1e-9));
  // Regen recovers a real share on UDDS, and finer steps change little.
  assert.ok(e.regen_J > 0.15 * e.batteryTraction_J);
  assert.ok(close(fine.battery_J, e.battery_J, 2e-3));
});

test('HVAC: zero at the setpoint, grows with |ΔT|, COP and caps respected, solar gain offsets heating', () => {
  const set = p.hvac.cabinSetpoint_K;
  assert.equal(hvacPower_W(set, 0, p), 0);
  let prevHeat = 0;
  let prevCool = 0;
  for (const dT of [1, 5, 10, 20, 30]) {
    const heat = hvacPower_W(set - dT, 0, p);
    const cool = hvacPower_W(set + dT, 0, p);
    assert.ok(heat > prevHeat && cool > prevCool, `ΔT ${dT}`);
    prevHeat = heat;
    prevCool = cool;
  }
  assert.ok(close(hvacPower_W(cToK(-10), 0, p), p.hvac.cabinUA_W_K * 32));
  assert.ok(close(hvacPower_W(set + 10, 0, p), (p.hvac.cabinUA_W_K * 10) / p.hvac.coolingCOP));
  const hp: VehicleParams = { ...p, hvac: { ...p.hvac, heatPumpCOP: 2.5 } };
  assert.ok(close(hvacPower_W(cToK(0), 0, hp), (p.hvac.cabinUA_W_K * 22) / 2.5));
  assert.equal(hvacPower_W(cToK(-60), 0, p), p.hvac.maxHeating_W);
  assert.ok(close(hvacPower_W(cToK(10), 500, p), p.hvac.cabinUA_W_K * 12 - p.hvac.solarCabinGain_m2 * 500));
  assert.throws(() => hvacPower_W(-3, 0, p), /ambient_K/);
  const e = driveEnergy(udds(), p, { ambient_K: cToK(-10) });
  assert.ok(close(e.hvac_J, hvacPower_W(cToK(-10), 0, p) * 1369, 1e-12));
});

test('air density from the ideal-gas law: 1.225 kg/m³ at 15 °C, 101325 Pa', () => {
  assert.ok(Math.abs(airDensity_kg_m3(288.15) - 1.225) < 5e-4);
  assert.ok(airDensity_kg_m3(cToK(-20)) > airDensity_kg_m3(cToK(30)));
});

test('road load uses the ideal-gas density at the ambient: −20 °C and +35 °C, sea level and 1000 m', () => {
  // ρ = p/(R·T), R = 287.05287 J/(kg·K) (ISO 2533): by hand 101325/(287.05287·253.15) = 1.394366,
  // 101325/(287.05287·308.15) = 1.145493 kg/m³
  assert.ok(Math.abs(airDensity_kg_m3(cToK(-20)) - 1.394366) < 1e-6);
  assert.ok(Math.abs(airDensity_kg_m3(cToK(35)) - 1.145493) < 1e-6);
  const v = 30;
  const noRoll = withVehicle({ rollingResistanceCoeff: 0 });
  const aero = (rho: number) => 0.5 * rho * p.dragCoefficient * p.frontalArea_m2 * v * v;
  assert.ok(close(roadLoadForce_N(v, 0, 0, noRoll, cToK(-20)), aero(1.394366), 1e-6));
  assert.ok(close(roadLoadForce_N(v, 0, 0, noRoll, cToK(35)), aero(1.145493), 1e-6));
  // at altitude: ISO 2533 pressure at 1000 m is 89 874.6 Pa
  const high = withVehicle({ rollingResistanceCoeff: 0, airPressure_Pa: 89874.6 });
  assert.ok(close(roadLoadForce_N(v, 0, 0, high, cToK(35)), aero(89874.6 / (287.05287 * 308.15)), 1e-9));
  // an explicit density (a dynamometer's road load) is used at every ambient
  const dyno = withVehicle({ rollingResistanceCoeff: 0, airDensity_kg_m3: 1.2 });
  assert.ok(close(roadLoadForce_N(v, 0, 0, dyno, cToK(-20)), aero(1.2), 1e-12));
  assert.throws(() => validateVehicle(withVehicle({ airDensity_kg_m3: 0 })), /airDensity_kg_m3/);
});

test('rolling resistance follows the ISO 28580 / UN R117 Annex 6 temperature correction (K_t = 0.008, class C1)', () => {
  // the standard: a tyre measured at t_amb = 20 °C with F_t corrects to F_25 = F_t·(1 + 0.008·(20 − 25)) = 0.96·F_t
  const f20 = rollingResistanceTempFactor(cToK(20), 0.008);
  assert.ok(Math.abs(f20 * (1 + 0.008 * (20 - 25)) - 1) < 1e-12, `F_20/F_25 = ${f20}`);
  assert.ok(Math.abs(f20 - 1 / 0.96) < 1e-12);
  assert.equal(rollingResistanceTempFactor(cToK(25), 0.008), 1);
  // extrapolated below the standard's 20–30 °C: ×1.344 at −7 °C, held at the −40 °C value below that
  assert.ok(Math.abs(rollingResistanceTempFactor(cToK(-7), 0.008) - 1 / 0.744) < 1e-12);
  assert.equal(rollingResistanceTempFactor(cToK(-60), 0.008), rollingResistanceTempFactor(cToK(-40), 0.008));
  const stop = (T: number) => roadLoadForce_N(0, 0, 0, p, T);
  assert.ok(close(stop(cToK(-7)), p.mass_kg * g * p.rollingResistanceCoeff * (1 / 0.744), 1e-12));
  assert.ok(close(roadLoadForce_N(0, 0, 0, withVehicle({ rollingResistanceTempCoeff_per_K: 0 }), cToK(-7)), p.mass_kg * g * p.rollingResistanceCoeff, 1e-12));
  assert.throws(() => rollingResistanceTempFactor(0, 0.008), /ambient_K/);
});
