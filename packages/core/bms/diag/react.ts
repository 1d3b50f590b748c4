/**
 * The reaction table: what the BMS does about a confirmed detection event. Kept separate from
 * detection (foxBMS 2 style): `safety/detect.ts` says what is out of limits, this table says how
 * severe it is and what to do.
 *
 * Actions:
 * - 'warn': log only.
 * - 'derate': while the (quantity, tier) stays active, scale the affected current limit(s) by the
 *   entry's `derateFactor`.
 * - 'open-contactors': open the main contactors and LATCH them open until `reset()` (a service
 *   action); all current limits are 0 while latched.
 * An entry with `latch: true` keeps its derate in force after the event has cleared, until
 * `reset()` (e.g. no more charging once an internal short was confirmed, even if a later estimate
 * dips back under the limit).
 */
import type { DetectionEvent, ProtectionDetector } from '../safety/detect.js';
import type { LimitTier, ProtectionQuantity } from '../safety/limits.js';
import { PROTECTION_QUANTITIES } from '../safety/limits.js';

export type ProtectionAction = 'warn' | 'derate' | 'open-contactors';
export type Severity = 'info' | 'warning' | 'critical';

/** What a derate acts on. */
export type DerateDirection = 'charge' | 'discharge' | 'both';

export interface ReactionEntry {
  severity: Severity;
  action: ProtectionAction;
  /** Multiplier on the affected current limit while active (only for 'derate'), 0..1. */
  derateFactor: number;
  /** Keep the derate after the event clears, until a service reset (only for 'derate'; 'open-contactors' always latches). */
  latch?: boolean;
}

export type ReactionTable = Record<ProtectionQuantity, Record<LimitTier, ReactionEntry>>;

/** An event as written to the protection log the simulator reads. */
export interface ProtectionEvent {
  time_s: number;
  quantity: ProtectionQuantity;
  tier: LimitTier;
  index: number;
  value: number;
  action: ProtectionAction;
  severity: Severity;
}

/** Which current direction a quantity's derate limits. */
export const DERATE_DIRECTION: Record<ProtectionQuantity, DerateDirection> = {
  cellOverVoltage: 'charge',
  cellUnderVoltage: 'discharge',
  dischargeOverCurrent: 'discharge',
  chargeOverCurrent: 'charge',
  overTemperature: 'both',
  underTemperatureCharge: 'charge',
  underTemperatureDischarge: 'discharge',
  overPressure: 'both',
  underPressure: 'both',
  voltageSensorInvalid: 'both',
  currentSensorInvalid: 'both',
  temperatureSensorInvalid: 'both',
  pressureSensorInvalid: 'both',
  // a group with a soft short must not be charged (charging feeds the short and grows filaments)
  internalShort: 'charge',
  hotSpot: 'both',
  // less current, less heat while nothing takes it away
  coolingIneffective: 'both',
};

/**
 * Default table, following foxBMS 2's use of the tiers: MOL → warn (info), RSL → derate
 * (warning), MSL → open contactors and latch (critical). Derate factors (assumed): 0.5 in
 * general; 0 for the charge side of over-voltage and cold-charging (charging on into an
 * over-voltage or a too-cold Li-metal cell is the thing to stop), 0 for discharge at
 * under-voltage, 0 for charging a pack with a confirmed internal short (RSL leak: the vehicle can
 * still be driven home, it must not be charged — latched until service).
 */
export function defaultReactionTable(): ReactionTable {
  const t = {} as ReactionTable;
  for (const q of PROTECTION_QUANTITIES) {
    const hardStop = q === 'cellOverVoltage' || q === 'underTemperatureCharge' || q === 'cellUnderVoltage' || q === 'internalShort';
    t[q] = {
      maxOperating: { severity: 'info', action: 'warn', derateFactor: 1 },
      recommendedSafety: { severity: 'warning', action: 'derate', derateFactor: hardStop ? 0 : 0.5, ...(q === 'internalShort' ? { latch: true } : {}) },
      maxSafety: { severity: 'critical', action: 'open-contactors', derateFactor: 0 },
    };
  }
  return t;
}

const TIERS: readonly LimitTier[] = ['maxOperating', 'recommendedSafety', 'maxSafety'];

/** Applies the reaction table; keeps the latch and the append-only event log. */
export class ProtectionReactor {
  /** Append-only log of every confirmed event with the action taken. */
  readonly log: ProtectionEvent[] = [];
  private latched_ = false;
  private chargeFactor_ = 1;
  private dischargeFactor_ = 1;
  /** Derates latched by entries with `latch` (1 = none). */
  private latchedCharge_ = 1;
  private latchedDischarge_ = 1;

  constructor(readonly table: ReactionTable = defaultReactionTable()) {}

  /**
   * Logs this cycle's new events, latches on any 'open-contactors' action, and recomputes the
   * derate factors from the detector's currently active (quantity, tier) pairs.
   */
  react(newEvents: readonly DetectionEvent[], detector: ProtectionDetector): void {
    for (let k = 0; k < newEvents.length; k++) {
      const e = newEvents[k];
      const entry = this.table[e.quantity][e.tier];
      if (entry.action === 'open-contactors') this.latched_ = true;
      else if (entry.action === 'derate' && entry.latch) {
        const dir = DERATE_DIRECTION[e.quantity];
        if (dir !== 'discharge') this.latchedCharge_ = Math.min(this.latchedCharge_, entry.derateFactor);
        if (dir !== 'charge') this.latchedDischarge_ = Math.min(this.latchedDischarge_, entry.derateFactor);
      }
      this.log.push({ time_s: e.time_s, quantity: e.quantity, tier: e.tier, index: e.index, value: e.value, action: entry.action, severity: entry.severity });
    }
    let fc = 1;
    let fd = 1;
    // nothing active: every derate factor is 1 (the scan below would find no active entry)
    if (!detector.anyActive) {
      this.chargeFactor_ = fc;
      this.dischargeFactor_ = fd;
      return;
    }
    for (let i = 0; i < PROTECTION_QUANTITIES.length; i++) {
      const q = PROTECTION_QUANTITIES[i];
      const row = this.table[q];
      for (let k = 0; k < 3; k++) {
        const tier = TIERS[k];
        const entry = row[tier];
        if (entry.action !== 'derate' || !detector.isActive(q, tier)) continue;
        const dir = DERATE_DIRECTION[q];
        if (dir !== 'discharge') fc = Math.min(fc, entry.derateFactor);
        if (dir !== 'charge') fd = Math.min(fd, entry.derateFactor);
      }
    }
    this.chargeFactor_ = fc;
    this.dischargeFactor_ = fd;
  }

  /** True once an 'open-contactors' event occurred, until `reset()`. */
  get latched(): boolean {
    return this.latched_;
  }
  get contactorsClosed(): boolean {
    return !this.latched_;
  }
  /** Multiplier on the charge current limit (0 while latched). */
  get chargeFactor(): number {
    return this.latched_ ? 0 : Math.min(this.chargeFactor_, this.latchedCharge_);
  }
  /** Multiplier on the discharge current limit (0 while latched). */
  get dischargeFactor(): number {
    return this.latched_ ? 0 : Math.min(this.dischargeFactor_, this.latchedDischarge_);
  }

  /** Service reset: clears the latch and latched derates (the log is kept). */
  reset(): void {
    this.latched_ = false;
    this.latchedCharge_ = 1;
    this.latchedDischarge_ = 1;
  }
}
