/**
 * Measurement path of a centralized BMS: one controller samples every group voltage through a
 * multi-channel analog front-end (AFE), the pack current through one current sensor, a subset of
 * groups through NTC thermistors, and each module's stack pressure.
 *
 * Sensor model per channel: reading = quantise(truth·(1 + gain error) + offset + N(0, σ²)), with
 * quantisation to the ADC LSB (round to nearest). A channel whose truth is not finite is reported
 * invalid (validity flag 0) with a NaN reading. Fault injection (stuck, open wire, drift, dropout)
 * belongs to a separate fault layer that post-processes the returned `Measurements`.
 *
 * The whole sample reuses one preallocated `Measurements` object: callers that keep a sample must
 * copy it before the next `sample()`.
 */
import type { Measurements, SensorLayout } from '../bms/types.js';
import { allocMeasurements } from '../bms/measurements.js';
import type { Rng } from '../numerics/rng.js';
import { InputError } from '../errors.js';

export interface SensorConfig {
  /** Group-voltage noise, rms [V]. */
  voltageNoise_V: number;
  /** Group-voltage ADC resolution (LSB) [V]. */
  voltageResolution_V: number;
  /** Pack-current noise, rms [A]. */
  currentNoise_A: number;
  /** Pack-current offset (constant bias) [A]. */
  currentOffset_A: number;
  /** Pack-current relative gain error [-] (reading = (1 + gain)·truth). */
  currentGainError: number;
  /** Pack-current resolution [A]. */
  currentResolution_A: number;
  /** Temperature noise, rms [K] (also used for the coolant and ambient sensors). */
  tempNoise_K: number;
  /** Temperature resolution [K]. */
  tempResolution_K: number;
  /** Number of NTC sensors per module (spread evenly over the module's groups). */
  tempSensorsPerModule: number;
  /** Stack-pressure noise, rms [Pa]. */
  pressureNoise_Pa: number;
  /** Sampling period [s]. */
  samplePeriod_s: number;
}

/**
 * Default sensors.
 * - voltageNoise_V = 1 mV rms: ADI LTC6811-1/LTC6813-1 datasheets give a total measurement error
 *   of about ±1.2 mV (0 … 4.5 V cell input, 25 °C, normal ADC mode); we model it as 1 mV rms noise.
 * - voltageResolution_V = 100 µV: LTC681x 16-bit ΣΔ ADC, 100 µV LSB (datasheet).
 * - current: automotive Hall / shunt sensors (e.g. LEM DHAB family Hall sensors, Isabellenhütte
 *   IVT-S shunt) have offsets of tens to a few hundred mA, gain errors of 0.1–1 %, and mA-to-10 mA
 *   resolution. Chosen: offset 0.1 A, gain error 0.5 %, noise 0.05 A rms, resolution 0.01 A —
 *   assumed values inside those datasheet ranges.
 * - temperature: 10 kΩ NTC with a 12-bit ADC, accuracy ±0.5 … 1 K typical; noise 0.2 K rms and
 *   resolution 0.1 K assumed. 2 NTCs per module: assumed (EV modules typically carry 2–4).
 * - pressure: 2 kPa rms assumed (≈0.2 % of a 1 MPa full-scale piezoresistive load sensor).
 * - samplePeriod_s = 0.1 s (10 Hz): common BMS cycle (foxBMS 2 runs its measurement/SOA tasks at
 *   10–100 ms); assumed.
 */
export const DEFAULT_SENSORS: SensorConfig = Object.freeze({
  voltageNoise_V: 1e-3,
  voltageResolution_V: 100e-6,
  currentNoise_A: 0.05,
  currentOffset_A: 0.1,
  currentGainError: 0.005,
  currentResolution_A: 0.01,
  tempNoise_K: 0.2,
  tempResolution_K: 0.1,
  tempSensorsPerModule: 2,
  pressureNoise_Pa: 2e3,
  samplePeriod_s: 0.1,
});

/** The plant quantities the sensors physically see (built by the simulator from its state every sample). */
export interface SensedTruth {
  time_s: number;
  /** True voltage of each series group [V] (length Ns). */
  groupVoltage_V: Float64Array;
  /** True pack current [A], positive on discharge. */
  packCurrent_A: number;
  packVoltage_V: number;
  /** True temperature of each series group at the sensor location [K] (length Ns). */
  groupTemp_K: Float64Array;
  /** True stack pressure of each module [Pa] (length = module count). */
  modulePressure_Pa: Float64Array;
  coolant_K: number;
  ambient_K: number;
}

/** Round to the nearest multiple of `lsb` (no quantisation when lsb <= 0). */
function quantise(x: number, lsb: number): number {
  return lsb > 0 ? Math.round(x / lsb) * lsb : x;
}

/** A centralized BMS front-end: all channels sampled by one controller at one instant. */
export class CentralizedSensing {
  private readonly meas: Measurements;

  constructor(
    readonly layout: SensorLayout,
    readonly cfg: SensorConfig,
    private readonly rng: Rng,
  ) {
    for (const [k, v] of Object.entries(cfg)) {
      if (!(typeof v === 'number' && Number.isFinite(v))) throw new InputError('sensor parameter must be a finite number', { field: k, value: v });
    }
    if (cfg.voltageNoise_V < 0 || cfg.currentNoise_A < 0 || cfg.tempNoise_K < 0 || cfg.pressureNoise_Pa < 0) {
      throw new InputError('sensor noise must be >= 0', { field: 'noise' });
    }
    this.meas = allocMeasurements(layout);
  }

  /** Samples every channel from the plant truth; returns the same reused object each call. */
  sample(truth: SensedTruth): Measurements {
    const m = this.meas;
    const c = this.cfg;
    const rng = this.rng;
    const L = this.layout;
    m.time_s = truth.time_s;

    this.channels(truth.groupVoltage_V, null, m.groupVoltage_V, m.groupVoltageValid, c.voltageNoise_V, c.voltageResolution_V);

    const i = truth.packCurrent_A;
    if (Number.isFinite(i)) {
      m.packCurrent_A = quantise(i * (1 + c.currentGainError) + c.currentOffset_A + rng.normal(0, c.currentNoise_A), c.currentResolution_A);
      m.packCurrentValid = true;
    } else {
      m.packCurrent_A = NaN;
      m.packCurrentValid = false;
    }

    // Pack voltage: a separate high-voltage divider channel; same relative noise as a group channel
    // scaled by √Ns (assumed), quantised to 10 mV (assumed HV-measurement resolution).
    m.packVoltage_V = Number.isFinite(truth.packVoltage_V) ? quantise(truth.packVoltage_V + rng.normal(0, c.voltageNoise_V * Math.sqrt(L.seriesCount)), 0.01) : NaN;

    this.channels(truth.groupTemp_K, L.tempSensorGroup, m.temp_K, m.tempValid, c.tempNoise_K, c.tempResolution_K);
    this.channels(truth.modulePressure_Pa, L.pressureSensorModule, m.pressure_Pa, m.pressureValid, c.pressureNoise_Pa, 0);

    m.coolantTemp_K = Number.isFinite(truth.coolant_K) ? quantise(truth.coolant_K + rng.normal(0, c.tempNoise_K), c.tempResolution_K) : NaN;
    m.ambientTemp_K = Number.isFinite(truth.ambient_K) ? quantise(truth.ambient_K + rng.normal(0, c.tempNoise_K), c.tempResolution_K) : NaN;
    return m;
  }

  /**
   * One bank of channels: channel k reads src[map[k]] (or src[k] without a map), adds Gaussian
   * noise, quantises to the LSB (0 = none); a non-finite source reads NaN and is marked invalid.
   */
  private channels(src: Float64Array, map: Int32Array | null, out: Float64Array, valid: Uint8Array, noise: number, lsb: number): void {
    const rng = this.rng;
    // quantisation with the reciprocal of the LSB (a product instead of a division per channel;
    // the reading can differ from round(x/lsb)·lsb only when x/lsb lies within an ulp of a half step)
    const inv = lsb > 0 ? 1 / lsb : 0;
    for (let k = 0; k < out.length; k++) {
      const x = src[map === null ? k : map[k]];
      if (Number.isFinite(x)) {
        const y = x + rng.normal(0, noise);
        out[k] = lsb > 0 ? Math.round(y * inv) * lsb : y;
        valid[k] = 1;
      } else {
        out[k] = NaN;
        valid[k] = 0;
      }
    }
  }
}
