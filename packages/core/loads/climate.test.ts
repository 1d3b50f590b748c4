import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../errors.js';
import { cToK, kToC } from '../units/index.js';
import {
  DAILY_MAX_HOUR_h,
  TORONTO_CLIMATE,
  TORONTO_LATITUDE_deg,
  TORONTO_MONTHLY,
  clearSkyNoonIrradiance_W_m2,
  makeClimate,
  solAirTemperature_K,
  solarDeclination_rad,
  sunriseSunset_h,
} from './climate.js';

const H = 3600;
const DAY = 86400;
const near = (a: number, b: number, tol = 1e-9): boolean => Math.abs(a - b) <= tol;

test('daily: minimum exactly at sunrise, maximum exactly at 15:00, and they are the extremes of the day', () => {
  const c = makeClimate({ kind: 'daily', min_C: -5, max_C: 7, solarPeak_W_m2: 800, sunrise_h: 7, sunset_h: 17 });
  assert.ok(near(kToC(c.ambient_K(DAY + 7 * H)), -5));
  assert.ok(near(kToC(c.ambient_K(DAY + DAILY_MAX_HOUR_h * H)), 7));
  let lo = Infinity;
  let hi = -Infinity;
  for (let s = 0; s <= 2 * DAY; s += 60) {
    const T = kToC(c.ambient_K(s));
    lo = Math.min(lo, T);
    hi = Math.max(hi, T);
  }
  assert.ok(near(lo, -5, 1e-9) && near(hi, 7, 1e-9));
  assert.ok(near(c.ambient_K(DAY - 1e-3), c.ambient_K(DAY), 1e-4), 'continuous across midnight');
  // Halfway up the rising half-cosine = daily mean (11:00 between 7:00 and 15:00).
  assert.ok(near(kToC(c.ambient_K(11 * H)), 1));
});

test('daily solar: zero at night, half-sine peaking at solar noon between sunrise and sunset', () => {
  const c = makeClimate({ kind: 'daily', min_C: 10, max_C: 20, solarPeak_W_m2: 900, sunrise_h: 6, sunset_h: 18 });
  assert.equal(c.solar_W_m2(3 * H), 0);
  assert.equal(c.solar_W_m2(20 * H), 0);
  assert.ok(near(c.solar_W_m2(12 * H), 900));
  assert.ok(near(c.solar_W_m2(9 * H), 900 * Math.sin(Math.PI / 4)));
});

test('constant and table climates', () => {
  const k = makeClimate({ kind: 'constant', temp_C: 25 });
  assert.equal(k.ambient_K(123456), cToK(25));
  assert.equal(k.solar_W_m2(12 * H), 0);
  const t = makeClimate({ kind: 'table', time_h: [0, 2, 4], temp_C: [0, 10, 30], solar_W_m2: [0, 100, 0] });
  assert.ok(near(kToC(t.ambient_K(1 * H)), 5));
  assert.ok(near(kToC(t.ambient_K(3 * H)), 20));
  assert.ok(near(t.solar_W_m2(3 * H), 50));
  assert.ok(near(kToC(t.ambient_K(100 * H)), 30));
});

test('monthly Toronto: January colder than July; mid-month 15:00 hits the month normal', () => {
  const c = makeClimate(TORONTO_CLIMATE);
  const dailyMean = (day: number): number => {
    let s = 0;
    for (let h = 0; h < 24; h += 0.25) s += kToC(c.ambient_K(day * DAY + h * H));
    return s / 96;
  };
  const jan = dailyMean(15);
  const jul = dailyMean(196);
  assert.ok(jan < -2 && jul > 18 && jul - jan > 20, `Jan ${jan} °C, Jul ${jul} °C`);
  // Day index 15 (16 Jan) midday is the January mid-point, so its maximum is the January normal.
  assert.ok(near(kToC(c.ambient_K(15 * DAY + 15 * H)), TORONTO_MONTHLY[0].max_C, 1e-9));
  assert.ok(c.solar_W_m2(196 * DAY + 12 * H) > 2 * c.solar_W_m2(15 * DAY + 12 * H));
  assert.equal(c.solar_W_m2(15 * DAY + 6 * H), 0, 'before sunrise in January');
  assert.ok(c.solar_W_m2(196 * DAY + 6 * H) > 0, 'after sunrise in July');
  // Starting in July gives July weather at t = 0.
  const fromJuly = makeClimate({ ...TORONTO_CLIMATE, startDayOfYear: 197 } as typeof TORONTO_CLIMATE);
  assert.ok(near(fromJuly.ambient_K(12 * H), c.ambient_K(196 * DAY + 12 * H)));
});

test('solar geometry: declination, day length, clear-sky noon irradiance', () => {
  assert.ok(near(solarDeclination_rad(172), (23.45 * Math.PI) / 180, 1e-3)); // June solstice
  const eq = sunriseSunset_h(TORONTO_LATITUDE_deg, 81);
  assert.ok(Math.abs(eq.sunset_h - eq.sunrise_h - 12) < 0.1);
  const jun = sunriseSunset_h(TORONTO_LATITUDE_deg, 172);
  assert.ok(jun.sunset_h - jun.sunrise_h > 15 && jun.sunset_h - jun.sunrise_h < 15.5);
  const dec = sunriseSunset_h(TORONTO_LATITUDE_deg, 355);
  // Geometric day length (no refraction): published Toronto sunrise-to-sunset, 8 h 55 min / 15 h 25 min, is ≈ 10 min longer.
  assert.ok(dec.sunset_h - dec.sunrise_h > 8.6 && dec.sunset_h - dec.sunrise_h < 9.0);
  // Sun at the zenith (latitude = declination): AM = 1, G = 1.1·1353·0.7.
  const lat = (solarDeclination_rad(172) * 180) / Math.PI;
  assert.ok(near(clearSkyNoonIrradiance_W_m2(lat, 172), 1.1 * 1353 * 0.7, 1e-6));
  assert.equal(TORONTO_MONTHLY.length, 12);
  assert.ok(TORONTO_MONTHLY[5].solarPeak_W_m2 > TORONTO_MONTHLY[11].solarPeak_W_m2);
});

test('sol-air temperature: T_amb + α·G/h_o', () => {
  assert.ok(near(solAirTemperature_K(300, 1000, 0.6, 17), 300 + 600 / 17));
  assert.equal(solAirTemperature_K(300, 0), 300);
});

test('invalid climate specs throw InputError naming the field', () => {
  assert.throws(
    () => makeClimate({ kind: 'monthly', months: TORONTO_MONTHLY.slice(0, 11) }),
    (e: unknown) => e instanceof InputError && /months/.test(e.message),
  );
  assert.throws(() => makeClimate({ kind: 'daily', min_C: 5, max_C: 0, solarPeak_W_m2: 0 }), /max_C/);
  assert.throws(() => makeClimate({ kind: 'daily', min_C: 0, max_C: 5, solarPeak_W_m2: 0, sunrise_h: 16 }), /sunrise_h/);
  assert.throws(() => makeClimate({ kind: 'table', time_h: [0, 0], temp_C: [1, 2] }), /time_h\[1\]/);
  assert.throws(() => makeClimate({ kind: 'constant', temp_C: NaN }), /temp_C/);
  assert.throws(() => makeClimate({ kind: 'constant', temp_C: 20 }).ambient_K(NaN), /time_s/);
});
