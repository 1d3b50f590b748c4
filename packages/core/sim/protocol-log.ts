/**
 * Results of a lab protocol, step by step and pass by pass, as a cycler reports them: charge
 * (Ah) and energy (Wh) through the pack terminals, mean and end voltage, cell temperature at the
 * start and end of each step and its highest value, duration and what ended the step.
 *
 * A pass is one run of a protocol event's step list; when the event repeats (a daily event, or
 * the cycle-life procedure), each pass is a cycle and gets a row of its own (`cycles`). Step rows
 * are kept for the first and the last pass (a long cycling run would otherwise write thousands).
 * Signs: capacity and energy positive on discharge (the pack's convention).
 */
import { z } from 'zod';
import type { Pack } from '../pack/pack.js';
import type { ProtocolStep } from '../loads/protocol.js';
import { kToC } from '../units/index.js';
import { round } from '../numerics/round.js';

const num = z.number();
const numOrNull = z.number().nullable();

export const protocolStepResultSchema = z.strictObject({
  pass: z.number().int().describe('run of the protocol (1-based); a cycle when the protocol repeats'),
  step: z.number().int().describe('step of the protocol (1-based)'),
  text: z.string().describe('the step as written'),
  action: z.string(),
  start_s: num,
  duration_s: num,
  capacity_Ah: num.describe('∫I dt through the pack terminals, positive on discharge'),
  energy_Wh: num.describe('∫V·I dt at the pack terminals, positive on discharge'),
  mean_voltage_V: num.describe('time-averaged pack terminal voltage'),
  mean_cell_voltage_V: num.describe('time-averaged pack voltage / series groups'),
  end_cell_voltage_V: num.describe('pack voltage / series groups at the end of the step'),
  temp_start_C: num.describe('mean cell temperature at the start'),
  temp_end_C: num.describe('mean cell temperature at the end'),
  temp_rise_K: num.describe('temp_end_C − temp_start_C'),
  temp_max_C: num.describe('hottest cell during the step'),
  ended_by: z.enum(['duration', 'limit', 'blocked', 'interrupted']).describe('its duration, its until-condition, the BMS blocking the current, or the run/event ending first'),
});
export type ProtocolStepResult = z.infer<typeof protocolStepResultSchema>;

export const protocolCycleResultSchema = z.strictObject({
  pass: z.number().int(),
  start_s: num,
  duration_s: num,
  discharge_Ah: num,
  charge_Ah: num,
  discharge_Wh: num,
  charge_Wh: num,
  soc_start: num.describe('true mean group SoC at the start of the pass, 0…1'),
  soc_end: num.describe('true mean group SoC at the end of the pass, 0…1'),
  coulombic_efficiency_pct: numOrNull.describe('discharge Ah / charge Ah, only for a closed cycle (true SoC back within 0.2 % of its start, with charge); else null'),
  energy_efficiency_pct: numOrNull.describe('discharge Wh / charge Wh, only for a closed cycle; else null'),
  temp_max_C: num,
});
export type ProtocolCycleResult = z.infer<typeof protocolCycleResultSchema>;

export const protocolResultsSchema = z.strictObject({
  passes: z.number().int().describe('runs of the protocol started'),
  steps: z.array(protocolStepResultSchema).describe('per step, for the first and the last pass'),
  cycles: z.array(protocolCycleResultSchema).describe('per pass (one row per run of the protocol)'),
});
export type ProtocolResults = z.infer<typeof protocolResultsSchema>;

interface OpenStep {
  pass: number;
  step: number;
  st: ProtocolStep;
  start_s: number;
  charge_As: number;
  energy_J: number;
  voltTime_Vs: number;
  time_s: number;
  lastVoltage_V: number;
  tempStart_K: number;
  tempMax_K: number;
}

interface OpenPass {
  pass: number;
  start_s: number;
  socStart: number;
  dis_As: number;
  chg_As: number;
  dis_J: number;
  chg_J: number;
  tempMax_K: number;
}

/** Accumulates a run's protocol steps; the loop calls `begin`, `add` and `end`. */
export class ProtocolLog {
  private passes = 0;
  private open: OpenStep | null = null;
  private pass: OpenPass | null = null;
  private readonly firstPass: ProtocolStepResult[] = [];
  private lastPass: ProtocolStepResult[] = [];
  private readonly cycles: ProtocolCycleResult[] = [];

  /** `soc`: the pack's true mean group SoC now (for closing a cycle). */
  constructor(
    private readonly pack: Pack,
    private readonly soc: () => number,
  ) {}

  /** A protocol event starts (a new pass). */
  startPass(t: number): void {
    this.closePass(t);
    this.passes++;
    this.pass = { pass: this.passes, start_s: t, socStart: this.soc(), dis_As: 0, chg_As: 0, dis_J: 0, chg_J: 0, tempMax_K: this.pack.tempMax_K };
    this.lastPass = [];
  }

  /** Step `index` (0-based) of the present pass starts at `t`. */
  begin(index: number, st: ProtocolStep, t: number): void {
    this.open = {
      pass: this.passes,
      step: index + 1,
      st,
      start_s: t,
      charge_As: 0,
      energy_J: 0,
      voltTime_Vs: 0,
      time_s: 0,
      lastVoltage_V: NaN,
      tempStart_K: this.pack.tempMean_K,
      tempMax_K: this.pack.tempMax_K,
    };
  }

  /** After a plant step of `dt` [s] at current [A] (+ discharge) and pack voltage [V]. */
  add(dt: number, current_A: number, voltage_V: number): void {
    const o = this.open;
    if (!o) return;
    o.charge_As += current_A * dt;
    o.energy_J += current_A * voltage_V * dt;
    o.voltTime_Vs += voltage_V * dt;
    o.time_s += dt;
    o.lastVoltage_V = voltage_V;
    if (this.pack.tempMax_K > o.tempMax_K) o.tempMax_K = this.pack.tempMax_K;
    const p = this.pass;
    if (p) {
      if (current_A > 0) {
        p.dis_As += current_A * dt;
        p.dis_J += current_A * voltage_V * dt;
      } else {
        p.chg_As -= current_A * dt;
        p.chg_J -= current_A * voltage_V * dt;
      }
      if (this.pack.tempMax_K > p.tempMax_K) p.tempMax_K = this.pack.tempMax_K;
    }
  }

  /** The open step ends at `t` (`endedBy` says why). */
  end(t: number, endedBy: ProtocolStepResult['ended_by']): void {
    const o = this.open;
    if (!o) return;
    this.open = null;
    const ns = this.pack.ns;
    const meanV = o.time_s > 0 ? o.voltTime_Vs / o.time_s : this.pack.terminalVoltage_V();
    const endV = Number.isFinite(o.lastVoltage_V) ? o.lastVoltage_V : meanV;
    const row: ProtocolStepResult = {
      pass: o.pass,
      step: o.step,
      text: o.st.text,
      action: o.st.action,
      start_s: round(o.start_s, 1),
      duration_s: round(t - o.start_s, 1),
      capacity_Ah: round(o.charge_As / 3600, 4),
      energy_Wh: round(o.energy_J / 3600, 3),
      mean_voltage_V: round(meanV, 4),
      mean_cell_voltage_V: round(meanV / ns, 4),
      end_cell_voltage_V: round(endV / ns, 4),
      temp_start_C: round(kToC(o.tempStart_K), 3),
      temp_end_C: round(kToC(this.pack.tempMean_K), 3),
      temp_rise_K: round(this.pack.tempMean_K - o.tempStart_K, 3),
      temp_max_C: round(kToC(o.tempMax_K), 3),
      ended_by: endedBy,
    };
    if (o.pass === 1) this.firstPass.push(row);
    else this.lastPass.push(row);
  }

  private closePass(t: number): void {
    const p = this.pass;
    if (!p) return;
    this.pass = null;
    const socEnd = this.soc();
    // a pass that does not return to its starting SoC is not a cycle: its Ah and Wh ratios are no efficiency
    // (0.2 % of SoC: the ratio is then off by at most ≈ 0.2 % from the SoC mismatch)
    const closed = Math.abs(socEnd - p.socStart) < 0.002 && p.chg_As > 0 && p.chg_J > 0;
    this.cycles.push({
      pass: p.pass,
      start_s: round(p.start_s, 1),
      duration_s: round(t - p.start_s, 1),
      discharge_Ah: round(p.dis_As / 3600, 4),
      charge_Ah: round(p.chg_As / 3600, 4),
      discharge_Wh: round(p.dis_J / 3600, 3),
      charge_Wh: round(p.chg_J / 3600, 3),
      soc_start: round(p.socStart, 4),
      soc_end: round(socEnd, 4),
      coulombic_efficiency_pct: closed ? round((100 * p.dis_As) / p.chg_As, 3) : null,
      energy_efficiency_pct: closed ? round((100 * p.dis_J) / p.chg_J, 3) : null,
      temp_max_C: round(kToC(p.tempMax_K), 3),
    });
  }

  /** The pass ends at `t` (its last step done, or the activity ended). */
  endPass(t: number, endedBy: ProtocolStepResult['ended_by'] = 'interrupted'): void {
    this.end(t, endedBy);
    this.closePass(t);
  }

  /** The results, or null when no protocol ran. */
  results(): ProtocolResults | null {
    if (this.passes === 0) return null;
    return { passes: this.passes, steps: [...this.firstPass, ...this.lastPass], cycles: [...this.cycles] };
  }
}
