/**
 * Sensor and communication faults, and the measurement path of a topology with boards and a bus.
 *
 * `TopologySensing.sample()`:
 * 1. every channel is sampled with the sensor model of `CentralizedSensing` (noise, offset,
 *    quantisation);
 * 2. active channel faults modify the readings (the AFE does not know they are wrong):
 *    - stuck: the reading freezes at its value when the fault starts;
 *    - open-wire: the reading goes to the value an open input produces (`OPEN_WIRE_READING`);
 *    - offset-drift: reading += rate·(t − at);
 *    - noise-burst: reading += N(0, sigma²) for the fault's duration;
 *    - dropout: the channel reports invalid (valid = 0, NaN);
 * 3. board and bus state: a lost board (or every bus board on bus-off) stops sending frames; the
 *    master's receive buffer keeps the last value with its OLD time stamp (stale, still flagged
 *    valid: the BMS has to notice from the stamp). A lost master samples nothing: every channel is
 *    invalid, including pack current and pack voltage.
 *
 * Faults are active on [at_s, at_s + duration_s). Noise comes from a forked stream, so a run with
 * faults draws the same sensor noise as one without.
 */
import type { Measurements, SensorLayout } from '../bms/types.js';
import type { Rng } from '../numerics/rng.js';
import { InputError } from '../errors.js';
import { CentralizedSensing, type SensedTruth, type SensorConfig } from './centralized.js';
import { allocMeasurements } from '../bms/measurements.js';
import type { TopologyPlan } from './topology.js';

/** The fault kinds (the scenario schema's `faults[].kind` enum is this list). */
export const FAULT_KINDS = ['stuck', 'open-wire', 'offset-drift', 'noise-burst', 'dropout', 'lost-board', 'bus-off'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export const CHANNEL_FAULT_KINDS: readonly FaultKind[] = ['stuck', 'open-wire', 'offset-drift', 'noise-burst', 'dropout'];

/** The measured channel kinds (the scenario schema's `faults[].channel` enum is this list). */
export const CHANNEL_KINDS = ['voltage', 'temperature', 'pressure', 'current'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** A fault to inject (internal form: times in s, indices 0-based). */
export interface SensorFault {
  at_s: number;
  kind: FaultKind;
  /** Channel faults: which kind of channel, and its 0-based index (group, NTC or pressure sensor; 0 for current). */
  channel?: ChannelKind;
  index?: number;
  /** lost-board: board number of the topology (0 = master). */
  board?: number;
  /** How long the fault lasts [s] (Infinity = permanent). */
  duration_s: number;
  /** offset-drift rate, channel units per second (V/s, K/s, Pa/s, A/s). */
  rate_per_s?: number;
  /** noise-burst rms, channel units (V, K, Pa, A). */
  sigma?: number;
}

/**
 * Reading of an open input (assumed):
 * - voltage 0 V: the AFE's open-wire test current (LTC681x ADOW) pulls the disconnected input to
 *   the neighbouring tap, so the channel reads ≈ 0 V;
 * - temperature −60 °C: an open NTC (infinite resistance) drives the ADC to its rail, below the
 *   bottom of the NTC table;
 * - pressure −2 MPa: a ratiometric 0.5–4.5 V sensor with an open signal line reads 0 V, i.e.
 *   −FS/8 for a 16 MPa full scale;
 * - current −10 kA: a Hall sensor output at 0 V maps below its negative full scale.
 */
export const OPEN_WIRE_READING: Record<ChannelKind, number> = { voltage: 0, temperature: 213.15, pressure: -2e6, current: -1e4 };

/** Default drift rates (assumed: slow enough to stay plausible for a while): 2 mV/s, 0.05 K/s, 2 kPa/s, 0.05 A/s. */
export const DEFAULT_DRIFT_RATE: Record<ChannelKind, number> = { voltage: 2e-3, temperature: 0.05, pressure: 2e3, current: 0.05 };
/** Default noise-burst rms (assumed: a loose connector / EMI burst): 0.1 V, 3 K, 0.3 MPa, 5 A. */
export const DEFAULT_BURST_SIGMA: Record<ChannelKind, number> = { voltage: 0.1, temperature: 3, pressure: 0.3e6, current: 5 };
/** Default duration of a noise burst [s] (assumed); other faults are permanent unless given. */
export const DEFAULT_BURST_DURATION_S = 30;

/** Number of channels of a kind in `layout`. */
export function channelCount(kind: ChannelKind, layout: SensorLayout): number {
  return kind === 'voltage' ? layout.seriesCount : kind === 'temperature' ? layout.tempSensorGroup.length : kind === 'pressure' ? layout.pressureSensorModule.length : 1;
}

/** Checks every fault against the layout and topology; errors name `faults.<i>.<field>`. */
export function validateFaults(faults: readonly SensorFault[], layout: SensorLayout, plan: TopologyPlan, file?: string): void {
  faults.forEach((f, i) => {
    const where = (field: string, value: unknown) => ({ file, field: `faults.${i}.${field}`, value });
    if (!FAULT_KINDS.includes(f.kind)) throw new InputError(`unknown fault kind (expected one of ${FAULT_KINDS.join(', ')})`, where('kind', f.kind));
    if (!(Number.isFinite(f.at_s) && f.at_s >= 0)) throw new InputError('fault time must be >= 0', where('at', f.at_s));
    if (!(f.duration_s > 0)) throw new InputError('duration_s must be positive', where('params.duration_s', f.duration_s));
    if (CHANNEL_FAULT_KINDS.includes(f.kind)) {
      if (!f.channel || !CHANNEL_KINDS.includes(f.channel)) throw new InputError(`a ${f.kind} fault needs channel: ${CHANNEL_KINDS.join(' | ')}`, where('channel', f.channel));
      const n = channelCount(f.channel, layout);
      const idx = f.index ?? 0;
      if (!(Number.isInteger(idx) && idx >= 0 && idx < n)) throw new InputError(`index out of range: ${f.channel} channels are 1 … ${n}`, where('index', idx + 1));
    } else if (f.kind === 'lost-board') {
      const b = f.board;
      if (!(Number.isInteger(b) && b! >= 0 && b! < plan.boards.length))
        throw new InputError(`board out of range: the ${plan.name} topology has boards 0 (master) … ${plan.boards.length - 1}`, where('board', b));
    } else if (f.kind === 'bus-off' && plan.boards.length < 2) {
      throw new InputError(`the ${plan.name} topology has no bus`, where('kind', f.kind));
    }
    for (const k of ['rate_per_s', 'sigma'] as const) {
      const v = f[k];
      if (v !== undefined && !Number.isFinite(v)) throw new InputError('must be a finite number', where(`params.${k}`, v));
    }
    if (f.sigma !== undefined && f.sigma < 0) throw new InputError('sigma must be >= 0', where('params.sigma', f.sigma));
  });
}

/** Channels a fault affects (for scoring detections): kind → set of 0-based indices. */
export function faultChannels(f: SensorFault, layout: SensorLayout, plan: TopologyPlan): Record<ChannelKind, number[]> {
  const out: Record<ChannelKind, number[]> = { voltage: [], temperature: [], pressure: [], current: [] };
  if (f.channel) {
    out[f.channel].push(f.index ?? 0);
    return out;
  }
  const boards = f.kind === 'bus-off' ? plan.boards.filter((b) => b.onBus) : plan.boards.filter((b) => b.id === f.board);
  const all = f.kind === 'lost-board' && f.board === 0;
  for (const b of all ? plan.boards : boards) {
    out.voltage.push(...b.voltageChannels);
    out.temperature.push(...b.tempChannels);
    out.pressure.push(...b.pressureChannels);
  }
  if (all) out.current.push(0);
  for (const k of CHANNEL_KINDS) out[k].sort((a, b) => a - b);
  void layout;
  return out;
}

/** Sensor model + channel faults + boards and bus of a topology. */
export class TopologySensing {
  private readonly inner: CentralizedSensing;
  private readonly meas: Measurements;
  /** Receive buffer of the master (values, validity and stamps of the last frame per channel). */
  private readonly bufV: Float64Array;
  private readonly bufVValid: Uint8Array;
  private readonly bufT: Float64Array;
  private readonly bufTValid: Uint8Array;
  private readonly bufP: Float64Array;
  private readonly bufPValid: Uint8Array;
  private readonly stuckValue: Float64Array;
  private readonly boardDown: Uint8Array;
  private readonly faultRng: Rng;

  constructor(
    readonly layout: SensorLayout,
    readonly cfg: SensorConfig,
    readonly plan: TopologyPlan,
    readonly faults: readonly SensorFault[],
    rng: Rng,
  ) {
    this.faultRng = rng.fork('faults');
    this.inner = new CentralizedSensing(layout, cfg, rng);
    validateFaults(faults, layout, plan);
    const m = allocMeasurements(layout);
    this.meas = m;
    const ns = layout.seriesCount;
    const nt = layout.tempSensorGroup.length;
    const np = layout.pressureSensorModule.length;
    m.groupVoltageTime_s = new Float64Array(ns);
    m.tempTime_s = new Float64Array(nt);
    m.pressureTime_s = new Float64Array(np);
    this.bufV = new Float64Array(ns).fill(NaN);
    this.bufVValid = new Uint8Array(ns);
    this.bufT = new Float64Array(nt).fill(NaN);
    this.bufTValid = new Uint8Array(nt);
    this.bufP = new Float64Array(np).fill(NaN);
    this.bufPValid = new Uint8Array(np);
    this.stuckValue = new Float64Array(faults.length).fill(NaN);
    this.boardDown = new Uint8Array(plan.boards.length);
  }

  /** Samples every channel; returns the same reused object each call. */
  sample(truth: SensedTruth): Measurements {
    const raw = this.inner.sample(truth);
    const m = this.meas;
    const t = truth.time_s;
    m.time_s = t;
    m.groupVoltage_V.set(raw.groupVoltage_V);
    m.groupVoltageValid.set(raw.groupVoltageValid);
    m.temp_K.set(raw.temp_K);
    m.tempValid.set(raw.tempValid);
    m.pressure_Pa.set(raw.pressure_Pa);
    m.pressureValid.set(raw.pressureValid);
    m.packCurrent_A = raw.packCurrent_A;
    m.packCurrentValid = raw.packCurrentValid;
    m.packVoltage_V = raw.packVoltage_V;
    m.coolantTemp_K = raw.coolantTemp_K;
    m.ambientTemp_K = raw.ambientTemp_K;

    // channel faults and board states
    const down = this.boardDown;
    down.fill(0);
    for (let k = 0; k < this.faults.length; k++) {
      const f = this.faults[k];
      if (!(t >= f.at_s && t < f.at_s + f.duration_s)) continue;
      if (f.kind === 'lost-board') down[f.board!] = 1;
      else if (f.kind === 'bus-off') {
        for (const b of this.plan.boards) if (b.onBus) down[b.id] = 1;
      } else this.applyChannelFault(m, f, k, t);
    }

    // master lost: nothing is sampled
    if (down[0] === 1) {
      m.groupVoltage_V.fill(NaN);
      m.groupVoltageValid.fill(0);
      m.temp_K.fill(NaN);
      m.tempValid.fill(0);
      m.pressure_Pa.fill(NaN);
      m.pressureValid.fill(0);
      m.packCurrent_A = NaN;
      m.packCurrentValid = false;
      m.packVoltage_V = NaN;
      m.coolantTemp_K = NaN;
      return m;
    }
    const P = this.plan;
    this.frames(m.groupVoltage_V, m.groupVoltageValid, m.groupVoltageTime_s!, this.bufV, this.bufVValid, P.voltageBoard, t);
    this.frames(m.temp_K, m.tempValid, m.tempTime_s!, this.bufT, this.bufTValid, P.tempBoard, t);
    this.frames(m.pressure_Pa, m.pressureValid, m.pressureTime_s!, this.bufP, this.bufPValid, P.pressureBoard, t);
    return m;
  }

  /** Channels of live boards refresh the buffer; channels of dead boards repeat it (stale stamp). */
  private frames(val: Float64Array, valid: Uint8Array, stamp: Float64Array, buf: Float64Array, bufValid: Uint8Array, board: Int32Array, t: number): void {
    const down = this.boardDown;
    for (let k = 0; k < val.length; k++) {
      if (down[board[k]] === 1) {
        val[k] = buf[k];
        valid[k] = bufValid[k];
      } else {
        buf[k] = val[k];
        bufValid[k] = valid[k];
        stamp[k] = t;
      }
    }
  }

  private applyChannelFault(m: Measurements, f: SensorFault, k: number, t: number): void {
    const ch = f.channel!;
    const i = f.index ?? 0;
    let val: Float64Array | null = null;
    let valid: Uint8Array | null = null;
    if (ch === 'voltage') {
      val = m.groupVoltage_V;
      valid = m.groupVoltageValid;
    } else if (ch === 'temperature') {
      val = m.temp_K;
      valid = m.tempValid;
    } else if (ch === 'pressure') {
      val = m.pressure_Pa;
      valid = m.pressureValid;
    }
    let x = val ? val[i] : m.packCurrent_A;
    let ok = val ? valid![i] === 1 : m.packCurrentValid;
    switch (f.kind) {
      case 'stuck':
        if (Number.isNaN(this.stuckValue[k])) this.stuckValue[k] = x;
        x = this.stuckValue[k];
        break;
      case 'open-wire':
        x = OPEN_WIRE_READING[ch];
        ok = true;
        break;
      case 'offset-drift':
        x += (f.rate_per_s ?? DEFAULT_DRIFT_RATE[ch]) * (t - f.at_s);
        break;
      case 'noise-burst':
        x += this.faultRng.normal(0, f.sigma ?? DEFAULT_BURST_SIGMA[ch]);
        break;
      case 'dropout':
        x = NaN;
        ok = false;
        break;
      default:
        return;
    }
    if (val) {
      val[i] = x;
      valid![i] = ok ? 1 : 0;
    } else {
      m.packCurrent_A = x;
      m.packCurrentValid = ok;
    }
  }
}
