/**
 * Ambient temperature [K] and global horizontal solar irradiance [W/m²] as functions of simulation
 * time t [s]; t = 0 is local (solar) midnight of the first day.
 *
 * Daily temperature: two-piece cosine, the form used by crop-model weather generators (De Wit et
 * al. 1978; Goudriaan & van Laar, "Modelling Potential Crop Growth Processes", Kluwer 1994, §2.3):
 * the minimum at sunrise, the maximum at 15:00 (the hour of the maximum in the ASHRAE design-day
 * temperature profile, ASHRAE Handbook—Fundamentals 2009, ch. 14, Table 6), half-cosines between:
 *   rising  (sunrise ≤ h ≤ 15): T = Tmin + (Tmax − Tmin)·(1 − cos πu)/2, u = (h − h_sr)/(15 − h_sr)
 *   falling (15 → next sunrise): T = Tmax − (Tmax − Tmin,next)·(1 − cos πu)/2.
 * Solar: clear-sky half-sine G = G_peak·sin(π·(h − h_sr)/(h_ss − h_sr)) between sunrise and sunset.
 */
import { InputError } from '../errors.js';
import { cToK } from '../units/index.js';

export type ClimateSpec =
  | { kind: 'constant'; temp_C: number; solarPeak_W_m2?: number }
  | { kind: 'daily'; min_C: number; max_C: number; solarPeak_W_m2: number; sunrise_h?: number; sunset_h?: number }
  | {
      kind: 'monthly';
      months: { min_C: number; max_C: number; solarPeak_W_m2: number }[];
      startDayOfYear?: number;
      /** When given, sunrise and sunset follow the day length at this latitude [deg, north positive]; else 6:00–18:00. */
      latitude_deg?: number;
    }
  | { kind: 'table'; time_h: number[]; temp_C: number[]; solar_W_m2?: number[] };

export interface Climate {
  ambient_K(time_s: number): number;
  solar_W_m2(time_s: number): number;
  readonly spec: ClimateSpec;
}

/** Hour of the daily maximum temperature (ASHRAE design-day profile, see module comment). */
export const DAILY_MAX_HOUR_h = 15;
const DEFAULT_SUNRISE_h = 6;
const DEFAULT_SUNSET_h = 18;
const DAY_s = 86400;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Mid-month positions [days since 1 Jan 00:00] of a 365-day year. */
const MID_MONTH_DAY = MONTH_DAYS.map((len, i) => MONTH_DAYS.slice(0, i).reduce((a, b) => a + b, 0) + len / 2);

const DEG = Math.PI / 180;

/** Solar declination δ [rad] for day of year n (1 = 1 Jan): δ = 23.45°·sin(360°·(284 + n)/365) (Cooper 1969, Solar Energy 12:333). */
export function solarDeclination_rad(dayOfYear: number): number {
  return 23.45 * DEG * Math.sin((2 * Math.PI * (284 + dayOfYear)) / 365);
}

/** Sunrise and sunset [h, local solar time] from cos ω_s = −tan φ·tan δ (Duffie & Beckman, Solar Engineering of Thermal Processes, eq. 1.6.10). */
export function sunriseSunset_h(latitude_deg: number, dayOfYear: number): { sunrise_h: number; sunset_h: number } {
  const c = -Math.tan(latitude_deg * DEG) * Math.tan(solarDeclination_rad(dayOfYear));
  const omega_deg = Math.acos(Math.max(-1, Math.min(1, c))) / DEG;
  return { sunrise_h: 12 - omega_deg / 15, sunset_h: 12 + omega_deg / 15 };
}

/**
 * Clear-sky global horizontal irradiance at solar noon [W/m²]: beam I_b = 1353·0.7^(AM^0.678)
 * (Meinel & Meinel 1976, Applied Solar Energy), AM = 1/cos θ_z, θ_z = |φ − δ|; global ≈ 1.1·I_b·cos θ_z
 * (diffuse ≈ 10 % of beam on a clear day, Laue 1970).
 */
export function clearSkyNoonIrradiance_W_m2(latitude_deg: number, dayOfYear: number): number {
  const zenith_rad = Math.abs(latitude_deg * DEG - solarDeclination_rad(dayOfYear));
  const cosZ = Math.cos(zenith_rad);
  if (cosZ <= 0.05) return 0;
  const beam_W_m2 = 1353 * Math.pow(0.7, Math.pow(1 / cosZ, 0.678));
  return 1.1 * beam_W_m2 * cosZ;
}

/**
 * Sol-air temperature of a sunlit surface T_sa = T_amb + α·G/h_o [K] (ASHRAE Handbook—Fundamentals
 * 2009, ch. 18, eq. 30, long-wave term omitted). Helper for solar heating of a parked car's battery
 * enclosure: use it as the effective ambient of the enclosure's outer surface. Defaults: α = 0.6
 * (assumed, a mid-grey painted/coated enclosure partly shaded by the body) and h_o = 17 W/(m²·K)
 * (ASHRAE summer design value for the outer film coefficient).
 */
export function solAirTemperature_K(ambient_K: number, solar_W_m2: number, absorptance = 0.6, hOut_W_m2K = 17): number {
  if (!(absorptance >= 0 && absorptance <= 1)) throw new InputError('absorptance must be in [0, 1]', { field: 'absorptance', value: absorptance });
  if (!(hOut_W_m2K > 0)) throw new InputError('film coefficient must be > 0', { field: 'hOut_W_m2K', value: hOut_W_m2K });
  return ambient_K + (absorptance * Math.max(0, solar_W_m2)) / hOut_W_m2K;
}

/** Toronto latitude [deg N] (Environment Canada station TORONTO, climate ID 6158350: 43°40′ N). */
export const TORONTO_LATITUDE_deg = 43.67;

const TORONTO_MAX_C = [-1.1, -0.2, 4.6, 11.3, 18.5, 23.5, 26.4, 25.3, 20.7, 13.8, 7.4, 1.8];
const TORONTO_MIN_C = [-7.3, -6.3, -2.0, 3.8, 9.9, 14.8, 17.9, 17.3, 13.2, 7.3, 2.2, -3.7];

/**
 * Toronto monthly climate, Jan..Dec. Daily max/min [°C]: Environment Canada, Canadian Climate
 * Normals 1971–2000, station TORONTO (downtown, stnID 5051), climate.weatheroffice.gc.ca.
 * (The 1981–2010 Toronto Pearson normals were not available to the author to transcribe; Pearson
 * nights are ≈ 2–3 K colder than downtown.) solarPeak_W_m2: clear-sky noon global irradiance from
 * `clearSkyNoonIrradiance_W_m2` at 43.67° N on the mid-month day — clear-sky, so an upper bound.
 */
export const TORONTO_MONTHLY: { min_C: number; max_C: number; solarPeak_W_m2: number }[] = TORONTO_MAX_C.map((max_C, i) => ({
  min_C: TORONTO_MIN_C[i],
  max_C,
  solarPeak_W_m2: Math.round(clearSkyNoonIrradiance_W_m2(TORONTO_LATITUDE_deg, Math.round(MID_MONTH_DAY[i]) + 1)),
}));

/** Toronto year starting 1 January, with latitude-dependent day length. */
export const TORONTO_CLIMATE: ClimateSpec = { kind: 'monthly', months: TORONTO_MONTHLY, startDayOfYear: 1, latitude_deg: TORONTO_LATITUDE_deg };

const halfCosine = (u: number): number => (1 - Math.cos(Math.PI * u)) / 2;

/** Half-sine clear-sky irradiance [W/m²] at hour h. */
function halfSine_W_m2(peak_W_m2: number, hour_h: number, sunrise_h: number, sunset_h: number): number {
  if (hour_h <= sunrise_h || hour_h >= sunset_h) return 0;
  return peak_W_m2 * Math.sin((Math.PI * (hour_h - sunrise_h)) / (sunset_h - sunrise_h));
}

interface DayValues {
  min_C: number;
  max_C: number;
  solarPeak_W_m2: number;
  sunrise_h: number;
  sunset_h: number;
}

/** Two-piece cosine temperature [°C] at hour h of day d, given the day-value function. */
function twoPieceCosine_C(day: (d: number) => DayValues, d: number, hour_h: number): number {
  const today = day(d);
  const sr = today.sunrise_h;
  if (hour_h < sr) {
    const prev = day(d - 1);
    const u = (hour_h + 24 - DAILY_MAX_HOUR_h) / (sr + 24 - DAILY_MAX_HOUR_h);
    return prev.max_C - (prev.max_C - today.min_C) * halfCosine(u);
  }
  if (hour_h <= DAILY_MAX_HOUR_h) {
    return today.min_C + (today.max_C - today.min_C) * halfCosine((hour_h - sr) / (DAILY_MAX_HOUR_h - sr));
  }
  const next = day(d + 1);
  const u = (hour_h - DAILY_MAX_HOUR_h) / (next.sunrise_h + 24 - DAILY_MAX_HOUR_h);
  return today.max_C - (today.max_C - next.min_C) * halfCosine(u);
}

function finite(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError('must be a finite number', { file: 'climate', field, value: v });
  return v;
}
function nonNegative(v: unknown, field: string): number {
  const x = finite(v, field);
  if (x < 0) throw new InputError('must be ≥ 0', { file: 'climate', field, value: v });
  return x;
}
function checkTime(time_s: number): void {
  if (!Number.isFinite(time_s)) throw new InputError('time must be finite', { field: 'time_s', value: time_s });
}
function splitTime(time_s: number): { day: number; hour_h: number } {
  const day = Math.floor(time_s / DAY_s);
  return { day, hour_h: (time_s - day * DAY_s) / 3600 };
}
function checkSunHours(sunrise_h: number, sunset_h: number, where: string): void {
  if (!(sunrise_h > 0 && sunrise_h < DAILY_MAX_HOUR_h)) throw new InputError(`sunrise must be in (0, ${DAILY_MAX_HOUR_h}) h`, { file: 'climate', field: `${where}sunrise_h`, value: sunrise_h });
  if (!(sunset_h > sunrise_h && sunset_h < 24)) throw new InputError('sunset must be after sunrise and before 24 h', { file: 'climate', field: `${where}sunset_h`, value: sunset_h });
}

/** Builds a Climate from its spec; throws InputError naming the bad field. */
export function makeClimate(spec: ClimateSpec): Climate {
  switch (spec.kind) {
    case 'constant': {
      const temp_K = cToK(finite(spec.temp_C, 'temp_C'));
      const peak = nonNegative(spec.solarPeak_W_m2 ?? 0, 'solarPeak_W_m2');
      return {
        spec,
        ambient_K: (time_s) => {
          checkTime(time_s);
          return temp_K;
        },
        solar_W_m2: (time_s) => {
          checkTime(time_s);
          return halfSine_W_m2(peak, splitTime(time_s).hour_h, DEFAULT_SUNRISE_h, DEFAULT_SUNSET_h);
        },
      };
    }
    case 'daily': {
      const min_C = finite(spec.min_C, 'min_C');
      const max_C = finite(spec.max_C, 'max_C');
      if (max_C < min_C) throw new InputError('max_C must be ≥ min_C', { file: 'climate', field: 'max_C', value: max_C });
      const v: DayValues = {
        min_C,
        max_C,
        solarPeak_W_m2: nonNegative(spec.solarPeak_W_m2, 'solarPeak_W_m2'),
        sunrise_h: finite(spec.sunrise_h ?? DEFAULT_SUNRISE_h, 'sunrise_h'),
        sunset_h: finite(spec.sunset_h ?? DEFAULT_SUNSET_h, 'sunset_h'),
      };
      checkSunHours(v.sunrise_h, v.sunset_h, '');
      const day = (): DayValues => v;
      return {
        spec,
        ambient_K: (time_s) => {
          checkTime(time_s);
          const s = splitTime(time_s);
          return cToK(twoPieceCosine_C(day, s.day, s.hour_h));
        },
        solar_W_m2: (time_s) => {
          checkTime(time_s);
          return halfSine_W_m2(v.solarPeak_W_m2, splitTime(time_s).hour_h, v.sunrise_h, v.sunset_h);
        },
      };
    }
    case 'monthly': {
      if (!Array.isArray(spec.months) || spec.months.length !== 12) {
        throw new InputError('needs 12 entries, Jan..Dec', { file: 'climate', field: 'months', value: Array.isArray(spec.months) ? spec.months.length : spec.months });
      }
      const months = spec.months.map((m, i) => {
        const min_C = finite(m.min_C, `months[${i}].min_C`);
        const max_C = finite(m.max_C, `months[${i}].max_C`);
        if (max_C < min_C) throw new InputError('max_C must be ≥ min_C', { file: 'climate', field: `months[${i}].max_C`, value: max_C });
        return { min_C, max_C, solarPeak_W_m2: nonNegative(m.solarPeak_W_m2, `months[${i}].solarPeak_W_m2`) };
      });
      const start = finite(spec.startDayOfYear ?? 1, 'startDayOfYear');
      if (!(Number.isInteger(start) && start >= 1 && start <= 365)) throw new InputError('must be an integer 1..365', { file: 'climate', field: 'startDayOfYear', value: start });
      const lat = spec.latitude_deg === undefined ? undefined : finite(spec.latitude_deg, 'latitude_deg');
      if (lat !== undefined && Math.abs(lat) > 66) throw new InputError('polar latitudes (|φ| > 66°) are not supported', { file: 'climate', field: 'latitude_deg', value: lat });
      const cache = new Map<number, DayValues>();
      const day = (d: number): DayValues => {
        const doy0 = (((start - 1 + d) % 365) + 365) % 365;
        let v = cache.get(doy0);
        if (v) return v;
        const x = doy0 + 0.5;
        let j = MID_MONTH_DAY.findIndex((m) => m > x);
        if (j === -1) j = 12;
        const i = (j + 11) % 12;
        const xi = j === 0 ? MID_MONTH_DAY[11] - 365 : MID_MONTH_DAY[j - 1];
        const xj = j === 12 ? MID_MONTH_DAY[0] + 365 : MID_MONTH_DAY[j];
        const w = (x - xi) / (xj - xi);
        const a = months[i];
        const b = months[j % 12];
        const lerp = (p: number, q: number): number => p + (q - p) * w;
        const sun = lat === undefined ? { sunrise_h: DEFAULT_SUNRISE_h, sunset_h: DEFAULT_SUNSET_h } : sunriseSunset_h(lat, doy0 + 1);
        v = { min_C: lerp(a.min_C, b.min_C), max_C: lerp(a.max_C, b.max_C), solarPeak_W_m2: lerp(a.solarPeak_W_m2, b.solarPeak_W_m2), ...sun };
        cache.set(doy0, v);
        return v;
      };
      return {
        spec,
        ambient_K: (time_s) => {
          checkTime(time_s);
          const s = splitTime(time_s);
          return cToK(twoPieceCosine_C(day, s.day, s.hour_h));
        },
        solar_W_m2: (time_s) => {
          checkTime(time_s);
          const s = splitTime(time_s);
          const v = day(s.day);
          return halfSine_W_m2(v.solarPeak_W_m2, s.hour_h, v.sunrise_h, v.sunset_h);
        },
      };
    }
    case 'table': {
      const n = spec.time_h?.length ?? 0;
      if (n < 1) throw new InputError('needs at least one row', { file: 'climate', field: 'time_h', value: n });
      if (spec.temp_C?.length !== n) throw new InputError(`needs ${n} entries like time_h`, { file: 'climate', field: 'temp_C', value: spec.temp_C?.length });
      if (spec.solar_W_m2 !== undefined && spec.solar_W_m2.length !== n) {
        throw new InputError(`needs ${n} entries like time_h`, { file: 'climate', field: 'solar_W_m2', value: spec.solar_W_m2.length });
      }
      const th = spec.time_h.map((x, i) => finite(x, `time_h[${i}]`));
      for (let i = 1; i < n; i++) if (!(th[i] > th[i - 1])) throw new InputError('must increase', { file: 'climate', field: `time_h[${i}]`, value: th[i] });
      const temps = spec.temp_C.map((x, i) => finite(x, `temp_C[${i}]`));
      const solar = spec.solar_W_m2?.map((x, i) => nonNegative(x, `solar_W_m2[${i}]`));
      const interp = (ys: number[], time_s: number): number => {
        const h = time_s / 3600;
        if (h <= th[0]) return ys[0];
        if (h >= th[n - 1]) return ys[n - 1];
        let lo = 0;
        let hi = n - 1;
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (th[mid] <= h) lo = mid;
          else hi = mid;
        }
        return ys[lo] + ((ys[hi] - ys[lo]) * (h - th[lo])) / (th[hi] - th[lo]);
      };
      return {
        spec,
        ambient_K: (time_s) => {
          checkTime(time_s);
          return cToK(interp(temps, time_s));
        },
        solar_W_m2: (time_s) => {
          checkTime(time_s);
          return solar ? interp(solar, time_s) : 0;
        },
      };
    }
    default:
      throw new InputError('unknown climate kind (constant, daily, monthly, table)', { file: 'climate', field: 'kind', value: (spec as { kind?: unknown }).kind });
  }
}
