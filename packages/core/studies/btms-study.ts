/**
 * Climate study of the BTMS controllers (pure): the matrix of cases (controller × climate ×
 * solar × duty × cell), the one-day scenario of each case, and the per-run metrics kept.
 * The io layer runs the cases (worker threads) and renders the report.
 */
import { celsius, parseWithSchema, registryEnum } from '../schema.js';
import { THERMAL_HARDWARE_REGISTRY } from '../btms/actuators.js';
import { z } from 'zod';
import { parseScenario, type Scenario } from '../sim/scenario.js';

export const STUDY_CONTROLLERS = ['thermostat', 'predictive', 'ml'] as const;
export type StudyController = (typeof STUDY_CONTROLLERS)[number];
export const STUDY_DUTIES = ['commute', 'highway', 'fastcharge'] as const;
export type StudyDuty = (typeof STUDY_DUTIES)[number];

const num = z.number().refine(Number.isFinite, 'must be a finite number');

/** Study file (YAML, all optional): overrides of the default matrix. */
export const studySchema = z.strictObject({
  name: z.string().default('BTMS climate study'),
  controllers: z
    .array(z.enum(STUDY_CONTROLLERS))
    .min(1)
    .default([...STUDY_CONTROLLERS]),
  /** Daily mean outside temperatures [°C]; each day swings ±`swing_K`. */
  temps_C: z.array(celsius).min(1).default([-40, -25, -10, 10, 25, 35, 45]),
  swing_K: num.default(4),
  /** Run each temperature without sun and with a clear-sky sun of this peak [W/m²]. */
  solar: z.array(z.boolean()).min(1).default([false, true]),
  solar_peak_W_m2: num.default(900),
  duties: z
    .array(z.enum(STUDY_DUTIES))
    .min(1)
    .default([...STUDY_DUTIES]),
  /** SSB pack and the Li-ion reference. */
  cells: z.array(z.string()).min(1).default(['ssb-oxide-llzo-nmc811', 'liion-nmc811-graphite']),
  series: z.number().int().positive().default(96),
  parallel: z.number().int().positive().default(2),
  hardware: registryEnum(THERMAL_HARDWARE_REGISTRY).default('liquid'),
  /** Model file of the ml controller (relative to the study file; default the shipped one). */
  model: z.string().optional(),
  seed: z.number().int().default(1),
});
export type StudySpec = z.output<typeof studySchema>;

export function parseStudy(raw: unknown, file: string): StudySpec {
  return parseWithSchema(studySchema, raw ?? {}, file);
}

/** The --quick matrix: 3 controllers × 4 climates × 2 solar × 2 duties × 2 cells = 96 runs. */
export function quickStudy(s: StudySpec): StudySpec {
  return { ...s, temps_C: [-25, -10, 25, 45], duties: ['commute', 'fastcharge'] };
}

export interface StudyCase {
  index: number;
  controller: StudyController;
  temp_C: number;
  solar: boolean;
  climate: string;
  duty: StudyDuty;
  cell: string;
}

export function climateLabel(temp_C: number, solar: boolean): string {
  return `${temp_C >= 0 ? '+' : ''}${temp_C}C${solar ? '+sun' : ''}`;
}

export function studyCases(s: StudySpec): StudyCase[] {
  const out: StudyCase[] = [];
  for (const controller of s.controllers)
    for (const temp_C of s.temps_C)
      for (const solar of s.solar)
        for (const duty of s.duties) for (const cell of s.cells) out.push({ index: out.length, controller, temp_C, solar, climate: climateLabel(temp_C, solar), duty, cell });
  return out;
}

/**
 * Duties (one day from midnight; the pack soaks at the night's temperature first):
 * commute — UDDS+HWFET at 07:30 and HWFET+UDDS at 17:00, Level-2 to 90 % at 18:30;
 * highway — 4 × HWFET at 09:00, US06+2 × HWFET+US06 at 13:00, Level-2 to 90 % at 20:00;
 * fastcharge — 2 × HWFET at 08:00 from 35 %, DC fast charge to 80 % at 10:00, US06+HWFET at 11:30.
 */
const DUTY_EVENTS: Record<StudyDuty, { initial_soc: number; events: unknown[] }> = {
  commute: {
    initial_soc: 0.7,
    events: [
      { at: '07:30', drive: ['UDDS', 'HWFET'] },
      { at: '17:00', drive: ['HWFET', 'UDDS'] },
      { at: '18:30', charge: { charger: 'level2-7kw', target_soc: 0.9, until: '23:55' } },
    ],
  },
  highway: {
    initial_soc: 0.9,
    events: [
      { at: '09:00', drive: ['HWFET', 'HWFET', 'HWFET', 'HWFET'] },
      { at: '13:00', drive: ['US06', 'HWFET', 'HWFET', 'US06'] },
      { at: '20:00', charge: { charger: 'level2-7kw', target_soc: 0.9, until: '23:55' } },
    ],
  },
  fastcharge: {
    initial_soc: 0.35,
    events: [
      { at: '08:00', drive: ['HWFET', 'HWFET'] },
      { at: '10:00', charge: { charger: 'dcfc-150kw', target_soc: 0.8, max_duration_h: 1.5 } },
      { at: '11:30', drive: ['US06', 'HWFET'] },
    ],
  },
};

/** The scenario of one case (validated through the scenario schema, so its defaults apply). */
export function studyScenario(s: StudySpec, c: StudyCase): Scenario {
  const d = DUTY_EVENTS[c.duty];
  const raw = {
    name: `${c.controller} ${c.climate} ${c.duty} ${c.cell}`,
    seed: s.seed,
    step_s: 1,
    charge_step_s: 5,
    park_step_s: 600,
    cell: c.cell,
    pack: { series: s.series, parallel: s.parallel, groups_per_module: 12, initial_soc: d.initial_soc, initial_temp_C: c.temp_C - s.swing_K },
    climate: { kind: 'daily', min_C: c.temp_C - s.swing_K, max_C: c.temp_C + s.swing_K, solar_peak_W_m2: c.solar ? s.solar_peak_W_m2 : 0 },
    schedule: { days: 1, events: d.events },
    bms: { estimators: ['ekf'] },
    btms: { controller: c.controller, hardware: s.hardware },
    outputs: { record_every_s: 600, csv: false, arrow: false, report: false },
  };
  return parseScenario(raw, `study case ${c.index}`);
}

/** Leaf metrics kept per run. */
export interface StudyMetrics {
  time_outside_window_pct: number;
  thermal_energy_kWh: number;
  range_km: number | null;
  charge_time_s: number | null;
  /** Capacity lost over the day [%] (100 − SoH at the end). */
  ageing_capacity_loss_pct: number;
  cell_temp_min_C: number;
  cell_temp_max_C: number;
  energy_balance_error_pct: number;
  /** A numerical failure of the run (then every figure is NaN: no result), else null. */
  error: string | null;
}

export function studyMetrics(m: Record<string, unknown>): StudyMetrics {
  const error = typeof m.error === 'string' ? m.error : null;
  // a run that failed numerically has no figures: NaN (null in JSON), left out of every mean
  if (error !== null)
    return {
      time_outside_window_pct: NaN,
      thermal_energy_kWh: NaN,
      range_km: null,
      charge_time_s: null,
      ageing_capacity_loss_pct: NaN,
      cell_temp_min_C: NaN,
      cell_temp_max_C: NaN,
      energy_balance_error_pct: NaN,
      error,
    };
  const n = (k: string) => (typeof m[k] === 'number' ? (m[k] as number) : NaN);
  return {
    time_outside_window_pct: n('time_outside_window_pct'),
    thermal_energy_kWh: n('thermal_energy_kWh'),
    range_km: typeof m.range_km === 'number' ? m.range_km : null,
    charge_time_s: typeof m.charge_time_s === 'number' ? m.charge_time_s : null,
    ageing_capacity_loss_pct: Math.round((100 - n('soh_end_pct')) * 1e6) / 1e6,
    cell_temp_min_C: n('cell_temp_min_C'),
    cell_temp_max_C: n('cell_temp_max_C'),
    energy_balance_error_pct: n('energy_balance_error_pct'),
    error: typeof m.error === 'string' ? m.error : null,
  };
}

export type StudyResults = Record<string, Record<string, Record<string, Record<string, StudyMetrics>>>>;

/** results[controller][climate][duty][cell] from the per-case metrics (in case order). */
export function assembleResults(cases: StudyCase[], metrics: StudyMetrics[]): StudyResults {
  const out: StudyResults = {};
  cases.forEach((c, i) => {
    ((((out[c.controller] ??= {})[c.climate] ??= {})[c.duty] ??= {}) as Record<string, StudyMetrics>)[c.cell] = metrics[i];
  });
  return out;
}

const LEAVES = ['time_outside_window_pct', 'thermal_energy_kWh', 'range_km', 'charge_time_s', 'ageing_capacity_loss_pct'] as const;
export type StudySummary = Record<string, Record<string, Record<(typeof LEAVES)[number], number | null>>>;

/** summary[controller][climate]: the mean over duties and cells of each leaf (null when none has it). */
export function summarise(results: StudyResults): StudySummary {
  const out: StudySummary = {};
  for (const [ctrl, byClimate] of Object.entries(results)) {
    out[ctrl] = {};
    for (const [clim, byDuty] of Object.entries(byClimate)) {
      const acc = {} as Record<(typeof LEAVES)[number], number | null>;
      for (const k of LEAVES) {
        let s = 0;
        let n = 0;
        for (const byCell of Object.values(byDuty))
          for (const m of Object.values(byCell)) {
            const v = m[k];
            if (typeof v === 'number' && Number.isFinite(v)) {
              s += v;
              n++;
            }
          }
        acc[k] = n ? Math.round((s / n) * 1000) / 1000 : null;
      }
      out[ctrl][clim] = acc;
    }
  }
  return out;
}

/** The runs that failed numerically: "controller / climate / duty / cell: error". */
export function invalidStudyRuns(results: StudyResults): string[] {
  const out: string[] = [];
  for (const [ctrl, byClimate] of Object.entries(results))
    for (const [clim, byDuty] of Object.entries(byClimate))
      for (const [duty, byCell] of Object.entries(byDuty)) for (const [cell, m] of Object.entries(byCell)) if (m.error !== null) out.push(`${ctrl} / ${clim} / ${duty} / ${cell}: ${m.error}`);
  return out;
}
