/**
 * Chargers (EVSE + converter) as seen from the pack: the largest charge current they would push,
 * before the BMS limits it, and the grid energy they draw.
 *
 * I_charge [A] = min(I_step, I_max, P_max / V_pack); zero when V_pack > V_max.
 * I_step = C-rate of the active step × capacity [Ah → A]; with no steps (plain CC-CV) I_step = ∞ and the
 * BMS sets the CC current and the CV taper. E_grid [J] = E_pack / η.
 */
import { InputError } from '../errors.js';
import { defineRegistry, type RegistryEntry } from '../registry.js';

export interface ChargerSpec {
  name: string;
  kind: 'ac' | 'dc';
  /** Largest DC power delivered to the pack [W]. */
  maxPower_W: number;
  /** Largest DC current into the pack [A]. */
  maxCurrent_A: number;
  /** Highest pack voltage the charger can serve [V]. */
  maxVoltage_V: number;
  /** Grid-to-pack efficiency [-]. */
  efficiency: number;
  /** Multi-step DC fast charge: current steps as C-rates by SoC (until soc). Empty = plain CC-CV. */
  steps: { untilSoc: number; cRate: number }[];
}

/**
 * SAE J1772 Level 2 AC charging: 240 V single phase, 32 A continuous (a 40 A circuit at the 80 %
 * continuous rating of NEC 625) = 7.68 kW at the grid; onboard-charger efficiency 0.92 (assumed;
 * 0.88–0.95 typical), so ≈ 7.0 kW DC (rounded). maxCurrent_A 25 A and maxVoltage_V 470 V: assumed
 * onboard-charger output ratings for a 400 V-class pack.
 */
export const LEVEL2_AC_7KW: ChargerSpec = {
  name: 'SAE J1772 Level 2 AC, 7 kW',
  kind: 'ac',
  maxPower_W: 7000,
  maxCurrent_A: 25,
  maxVoltage_V: 470,
  efficiency: 0.92,
  steps: [],
};

/**
 * 150 kW CCS (SAE J1772 Combo / IEC 61851-23) DC fast charger. maxCurrent_A 375 A (150 kW at
 * 400 V), maxVoltage_V 920 V (the upper range of current CCS dispensers), efficiency 0.95
 * (rectifier + cable, assumed; 0.93–0.96 reported for high-power DC chargers). Steps: assumed
 * multi-step profile of the kind used for fast charging (e.g. the step-wise CC protocols of
 * Tomaszewska et al., eTransportation 1 (2019) 100011): 2C to 50 % SoC, 1.5C to 70 %, 1C to 80 %,
 * 0.5C above (the BMS ends the CV phase).
 */
export const DCFC_150KW: ChargerSpec = {
  name: 'CCS DC fast charger, 150 kW',
  kind: 'dc',
  maxPower_W: 150e3,
  maxCurrent_A: 375,
  maxVoltage_V: 920,
  efficiency: 0.95,
  steps: [
    { untilSoc: 0.5, cRate: 2 },
    { untilSoc: 0.7, cRate: 1.5 },
    { untilSoc: 0.8, cRate: 1 },
    { untilSoc: 1, cRate: 0.5 },
  ],
};

export interface ChargerEntry extends RegistryEntry {
  readonly spec: ChargerSpec;
}

/**
 * The chargers a scenario names in `charge.charger`: the one list the scenario schema's enum, the
 * simulator and the docs are derived from. Adding a charger: its spec above and one entry here.
 */
export const CHARGER_REGISTRY = defineRegistry('charger', [
  { name: 'level2-7kw', description: LEVEL2_AC_7KW.name, spec: LEVEL2_AC_7KW },
  { name: 'dcfc-150kw', description: DCFC_150KW.name, spec: DCFC_150KW },
]);

export type ChargerName = (typeof CHARGER_REGISTRY.names)[number];

/** The chargers' specs by registry name (what the simulator looks up). */
export const CHARGERS: Readonly<Record<string, ChargerSpec>> = Object.freeze(Object.fromEntries(CHARGER_REGISTRY.entries.map((e) => [e.name, e.spec])));

/** Throws InputError (file = charger name) on a meaningless spec. */
export function validateCharger(c: ChargerSpec): void {
  const file = `charger '${c.name}'`;
  for (const [field, v] of [
    ['maxPower_W', c.maxPower_W],
    ['maxCurrent_A', c.maxCurrent_A],
    ['maxVoltage_V', c.maxVoltage_V],
  ] as const) {
    if (!(Number.isFinite(v) && v > 0)) throw new InputError('must be a finite number > 0', { file, field, value: v });
  }
  if (!(c.efficiency > 0 && c.efficiency <= 1)) throw new InputError('must be in (0, 1]', { file, field: 'efficiency', value: c.efficiency });
  let prev = 0;
  c.steps.forEach((s, i) => {
    if (!(s.untilSoc > prev && s.untilSoc <= 1)) throw new InputError(`must increase and lie in (${prev}, 1]`, { file, field: `steps[${i}].untilSoc`, value: s.untilSoc });
    if (!(Number.isFinite(s.cRate) && s.cRate > 0)) throw new InputError('must be > 0', { file, field: `steps[${i}].cRate`, value: s.cRate });
    prev = s.untilSoc;
  });
}

/**
 * Charge current magnitude [A] the charger would deliver at this (BMS-estimated) SoC and pack voltage, before BMS limits: min(step current, maxCurrent, maxPower/V).
 * The active step is the first with soc < untilSoc; at or above the last untilSoc the last step's
 * C-rate continues. Returns 0 when packVoltage_V exceeds maxVoltage_V.
 */
export function chargerCurrent_A(c: ChargerSpec, soc: number, packVoltage_V: number, packCapacity_Ah: number): number {
  if (!Number.isFinite(soc)) throw new InputError('SoC must be finite', { file: c.name, field: 'soc', value: soc });
  if (!(packVoltage_V > 0 && Number.isFinite(packVoltage_V))) throw new InputError('pack voltage must be > 0', { file: c.name, field: 'packVoltage_V', value: packVoltage_V });
  if (!(packCapacity_Ah > 0 && Number.isFinite(packCapacity_Ah))) throw new InputError('pack capacity must be > 0', { file: c.name, field: 'packCapacity_Ah', value: packCapacity_Ah });
  if (packVoltage_V > c.maxVoltage_V) return 0;
  let step_A = Infinity;
  if (c.steps.length > 0) {
    const s = c.steps.find((x) => soc < x.untilSoc) ?? c.steps[c.steps.length - 1];
    step_A = s.cRate * packCapacity_Ah;
  }
  return Math.min(step_A, c.maxCurrent_A, c.maxPower_W / packVoltage_V);
}

/** Grid-side energy for a DC energy delivered to the pack: E_grid = E_pack / η [J]. */
export function gridEnergy_J(c: ChargerSpec, packEnergy_J: number): number {
  if (!Number.isFinite(packEnergy_J)) throw new InputError('energy must be finite', { file: c.name, field: 'packEnergy_J', value: packEnergy_J });
  return packEnergy_J / c.efficiency;
}
