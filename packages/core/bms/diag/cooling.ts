/**
 * Cooling-effectiveness diagnostic: a liquid plate whose chiller has failed still gets its cooling
 * command from the BTMS, but the heat no longer leaves the plate, so the plate (coolant) floats up
 * towards the cells. The BMS checks the heat path with its own measurements and design data:
 *
 *   expected removal   P_exp = min(P_cmd, G_chiller·(T_coolant − T_floor))
 *   heat into the plate       G_cells·(T̄_cells − T_coolant)
 *
 * where P_cmd is the BTMS's cooling command, G_chiller and T_floor the chiller's design
 * conductance and coolant floor (what it can remove at the measured coolant temperature), G_cells
 * the design conductance from the cells to the coolant (pumped), T̄_cells the mean of the valid
 * cell-temperature sensors. With a working chiller, once the plate has settled, the heat flowing
 * into the plate carries what the chiller removes; with a failed one it carries only what warms
 * the plate, and the plate warms until the margin is gone. After the command has been on for
 * `settle_s` (the switch-on transient of the plate), every second with
 * G_cells·margin < `fraction`·P_exp adds to the deficit time; enough margin or the command going
 * off resets it. The protection layer compares the deficit time with its tiers (quantity
 * `coolingIneffective`: warn, then derate so that less heat is made while nothing takes it away).
 *
 * Inputs are measurements, the BTMS's own command and design data (never the plant's state): a
 * fault is seen only while cooling is asked for — a chiller that is never needed cannot be
 * diagnosed this way.
 */
import { InputError } from '../../errors.js';
import type { Measurements } from '../types.js';

export interface CoolingMonitorConfig {
  /** Design thermal conductance from all cells to the coolant with the pump on [W/K]. */
  cellsToCoolant_W_K: number;
  /** Design conductance of the chiller at the plate [W/K] (its removal limit above the floor); default: no limit. */
  chillerConductance_W_K?: number;
  /** Coolant temperature the chiller cannot go below [K]; default 0 K (none). */
  minCoolant_K?: number;
  /** Expected removal at or above which the check runs [W] (default 200 W, assumed: below it the plate's ΔT is within sensor error). */
  minCommand_W?: number;
  /** Fraction of the expected removal the heat into the plate must reach (default 0.5, assumed). */
  fraction?: number;
  /** Time after the command switches on before the check counts [s] (default 300 s, assumed: a few plate time constants). */
  settle_s?: number;
}

export class CoolingMonitor {
  /** Deficit time [s] (length 1; NaN until the first update), compared with the `coolingDeficit_s` tiers. */
  readonly deficit_s = new Float64Array([NaN]);
  private readonly gCells: number;
  private readonly gChiller: number;
  private readonly floor_K: number;
  private readonly minCommand_W: number;
  private readonly fraction: number;
  private readonly settle_s: number;
  private on_s = 0;

  constructor(cfg: CoolingMonitorConfig) {
    const num = (v: number | undefined, k: keyof CoolingMonitorConfig, d: number, positive = false): number => {
      const x = v ?? d;
      if (!(typeof x === 'number' && !Number.isNaN(x) && (positive ? x > 0 : x >= 0)))
        throw new InputError(`must be a number ${positive ? '> 0' : '>= 0'}`, { field: `coolingMonitor.${k}`, value: v });
      return x;
    };
    this.gCells = num(cfg.cellsToCoolant_W_K, 'cellsToCoolant_W_K', NaN, true);
    this.gChiller = num(cfg.chillerConductance_W_K, 'chillerConductance_W_K', Infinity, true);
    this.floor_K = num(cfg.minCoolant_K, 'minCoolant_K', 0);
    this.minCommand_W = num(cfg.minCommand_W, 'minCommand_W', 200);
    this.fraction = num(cfg.fraction, 'fraction', 0.5);
    this.settle_s = num(cfg.settle_s, 'settle_s', 300);
  }

  /** `meas`: the validated measurements; `command_W`: the cooling the BTMS commanded over the interval. */
  update(meas: Measurements, command_W: number, dt_s: number): void {
    const d = this.deficit_s;
    if (Number.isNaN(d[0])) d[0] = 0;
    if (!(command_W >= this.minCommand_W)) {
      this.on_s = 0;
      d[0] = 0;
      return;
    }
    this.on_s += dt_s;
    let sum = 0;
    let n = 0;
    for (let s = 0; s < meas.temp_K.length; s++) {
      if (meas.tempValid[s] === 1 && Number.isFinite(meas.temp_K[s])) {
        sum += meas.temp_K[s];
        n++;
      }
    }
    const coolant = meas.coolantTemp_K;
    // without a coolant or a cell reading nothing is learned: the deficit time is held
    if (n === 0 || !Number.isFinite(coolant) || this.on_s <= this.settle_s) return;
    const expected_W = Math.min(command_W, this.gChiller * Math.max(0, coolant - this.floor_K));
    if (expected_W < this.minCommand_W) {
      d[0] = 0; // the chiller is at its floor: little is expected, nothing to judge
      return;
    }
    if (this.gCells * (sum / n - coolant) < this.fraction * expected_W) d[0] += dt_s;
    else d[0] = 0;
  }
}
