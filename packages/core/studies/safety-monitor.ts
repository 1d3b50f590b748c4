/**
 * Watches a Pack during a safety run: the truth (when the first cell passes its self-heating
 * onset, runaway state) and, through a sensor model, the early-warning detector that sees only
 * measurements. Used by the runaway (TRIM-like) test and by the abuse procedures.
 */
import type { Pack } from '../pack/pack.js';
import { CentralizedSensing, DEFAULT_SENSORS, type SensedTruth } from '../sensing/centralized.js';
import { makeSensorLayout } from '../bms/measurements.js';
import { EarlyWarningDetector, defaultEarlyWarningConfig, type EarlyWarningConfig } from '../bms/diag/early-warning.js';
import { ecmFromCell } from '../sim/ecm-from-cell.js';
import { Rng } from '../numerics/rng.js';
import { cToK } from '../units/index.js';

export interface MonitorOptions {
  seed: number;
  /** Temperature sensors per module (default 2, as in the scenario files). */
  tempSensorsPerModule?: number;
  earlyWarning?: Partial<EarlyWarningConfig>;
}

export class RunawayMonitor {
  readonly detector: EarlyWarningDetector;
  readonly sensing: CentralizedSensing;
  /** First time any cell reached its self-heating onset [s], and which cell (0-based). */
  onset_s: number | null = null;
  onsetCell = -1;
  /** Per cell: first time at/above onset [s] (NaN = never) and peak temperature [K]. */
  readonly cellOnset_s: Float64Array;
  readonly cellPeak_K: Float64Array;
  readonly cellPeakTime_s: Float64Array;
  private readonly truth: SensedTruth;
  private readonly perGroup: number;

  constructor(
    readonly pack: Pack,
    opts: MonitorOptions,
  ) {
    const cell = pack.cell;
    const layout = makeSensorLayout(pack.ns, pack.np, pack.config.groupsPerModule, opts.tempSensorsPerModule ?? 2);
    this.sensing = new CentralizedSensing(layout, DEFAULT_SENSORS, new Rng(opts.seed).fork('early-warning-sensors'));
    const ecm = ecmFromCell(cell);
    this.detector = new EarlyWarningDetector(
      {
        ...defaultEarlyWarningConfig({
          onset_K: cell.runaway.onset_K,
          cellHeatCapacity_J_K: cell.heatCapacity_J_K,
          parallelCount: pack.np,
          r0_ohm: (T) => ecm.r0_ohm(0.5, T),
          capacity_As: ecm.capacity_As,
          windowMax_K: cToK(cell.params.thermal.window_C.max),
        }),
        ...opts.earlyWarning,
      },
      layout.tempSensorGroup.length,
      pack.ns,
    );
    this.perGroup = pack.np * pack.nseg;
    this.truth = {
      time_s: 0,
      groupVoltage_V: pack.groupVoltage_V,
      packCurrent_A: 0,
      packVoltage_V: 0,
      groupTemp_K: new Float64Array(pack.ns),
      modulePressure_Pa: pack.modulePressure_Pa,
      coolant_K: pack.plateTemp_K,
      ambient_K: 298.15,
    };
    const nc = pack.nCells;
    this.cellOnset_s = new Float64Array(nc).fill(NaN);
    this.cellPeak_K = new Float64Array(nc).fill(-Infinity);
    this.cellPeakTime_s = new Float64Array(nc);
    this.observeTruth(0);
  }

  /** Call after each pack step that ended at `time_s` (dt long) with the step's current and voltage. */
  observe(time_s: number, dt_s: number, packCurrent_A: number, packVoltage_V: number, ambient_K: number): void {
    const p = this.pack;
    const tr = this.truth;
    tr.time_s = time_s;
    tr.packCurrent_A = packCurrent_A;
    tr.packVoltage_V = packVoltage_V;
    tr.coolant_K = p.plateTemp_K;
    tr.ambient_K = ambient_K;
    // the sensor sits on the first cell of its group (as in sim/engine.ts)
    for (let g = 0; g < p.ns; g++) tr.groupTemp_K[g] = p.temp_K[g * this.perGroup];
    this.detector.update(this.sensing.sample(tr), dt_s);
    this.observeTruth(time_s);
  }

  private observeTruth(time_s: number): void {
    const p = this.pack;
    const on = p.cell.runaway.onset_K;
    for (let c = 0; c < p.nCells; c++) {
      let T = -Infinity;
      for (let s = 0; s < p.nseg; s++) T = Math.max(T, p.temp_K[c * p.nseg + s]);
      if (T > this.cellPeak_K[c]) {
        this.cellPeak_K[c] = T;
        this.cellPeakTime_s[c] = time_s;
      }
      if (T >= on && Number.isNaN(this.cellOnset_s[c])) {
        this.cellOnset_s[c] = time_s;
        if (this.onset_s === null) {
          this.onset_s = time_s;
          this.onsetCell = c;
        }
      }
    }
  }

  /** Warning (level ≥ 2) lead time before the first onset [s]: positive = warned in time; null when no onset or no warning. */
  leadTime_s(level: 1 | 2 | 3 = 2): number | null {
    const w = this.detector.firstTime_s[level];
    if (this.onset_s === null || Number.isNaN(w)) return null;
    return this.onset_s - w;
  }

  /** Fraction of the runaway reactant consumed in cell c (max over its segments). */
  consumed(c: number): number {
    let m = 0;
    for (let s = 0; s < this.pack.nseg; s++) m = Math.max(m, 1 - this.pack.reactant[c * this.pack.nseg + s]);
    return m;
  }
}
