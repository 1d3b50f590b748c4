/**
 * Climate study of the BTMS controllers (pure): the matrix of cases (controller × climate ×
 * solar × duty × cell), the one-day scenario of each case, and the per-run metrics kept.
 * The io layer runs the cases (worker threads) and renders the report.
 */
import { celsius, parseWithSchema, registryEnum } from '../schema.js';
import { THERMAL_HARDWARE_REGISTRY } from '../btms/actuators.js';
import { z } from 'zod';
import { parseScenario, type Scenario } from '../sim/scenario.js';
import type { SpeedTrace } from '../loads/index.js';

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

/** A drive this long after the previous event (or the first of the day) starts from a soaked pack. */
const SOAKED_AFTER_H = 6;

const hours = (at: string) => Number(at.slice(0, 2)) + Number(at.slice(3, 5)) / 60;

/**
 * The duty's events; with `departureTimer_min` > 0 every drive that starts from a soaked pack (the
 * day's first event, or parked ≥ 6 h since the last one) gets that departure timer, drawn from the
 * pack (the car is unplugged then). The thermostat baseline gets it so that it knows the departure
 * times the predictive and ML controllers pre-condition for (issue 17: same timers for baselines).
 */
export function studyDutyEvents(duty: StudyDuty, departureTimer_min = 0): unknown[] {
  const evs = DUTY_EVENTS[duty].events as { at: string; drive?: string[] }[];
  if (!(departureTimer_min > 0)) return evs;
  return evs.map((e, i) => (e.drive && (i === 0 || hours(e.at) - hours(evs[i - 1].at) >= SOAKED_AFTER_H) ? { ...e, precondition_min: departureTimer_min, precondition_from: 'pack' } : e));
}

/** The distance the duty's drives cover when completed [km] (the traces' speed integrated, trapezoidal). */
export function dutyDistance_km(duty: StudyDuty, traces: Record<string, SpeedTrace>): number {
  let d_m = 0;
  for (const e of DUTY_EVENTS[duty].events as { drive?: string[] }[])
    for (const name of e.drive ?? []) {
      const tr = traces[name];
      if (!tr) throw new Error(`study duty ${duty}: no trace ${name}`);
      for (let k = 1; k < tr.time_s.length; k++) d_m += 0.5 * (tr.speed_m_s[k] + tr.speed_m_s[k - 1]) * (tr.time_s[k] - tr.time_s[k - 1]);
    }
  return d_m / 1000;
}

export interface StudyScenarioOptions {
  /** Departure timer of the drives from a soaked pack [min] (0: none); see studyDutyEvents. */
  departureTimer_min?: number;
}

/** The scenario of one case (validated through the scenario schema, so its defaults apply). */
export function studyScenario(s: StudySpec, c: StudyCase, o: StudyScenarioOptions = {}): Scenario {
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
    schedule: { days: 1, events: studyDutyEvents(c.duty, o.departureTimer_min ?? 0) },
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
  /** Drawn from the pack while parked and unplugged (pre-conditioning): part of the consumption. */
  thermal_energy_from_pack_parked_kWh: number;
  /**
   * Every energy the pack gave over the day (driving, and BTMS drawn from the pack while parked)
   * per km driven [Wh/km]: unlike the run's consumption_Wh_km (driving only).
   */
  consumption_Wh_km: number | null;
  /** Usable pack energy (rated × capacity retention) / consumption_Wh_km [km]. */
  range_km: number | null;
  charge_time_s: number | null;
  /** Capacity lost over the day [%] (100 − SoH at the end). */
  ageing_capacity_loss_pct: number;
  cell_temp_min_C: number;
  cell_temp_max_C: number;
  energy_balance_error_pct: number;
  /** The vehicle could not complete its drive (the contactors opened while driving): left out of the means. */
  stranded: boolean;
  /** A numerical failure of the run (then every figure is NaN: no result), else null. */
  error: string | null;
}

/**
 * The study's figures of one run. `pack` (series × parallel) sizes the usable energy of the range:
 * the cell's rated energy × cells × the capacity retention at the end, as the run's own range_km.
 * The run is stranded when the contactors opened while driving or it drove less than 98 % of
 * `planned_km` (the duty's distance; a pack that never closed its contactors drives nowhere).
 */
export function studyMetrics(m: Record<string, unknown>, pack: { series: number; parallel: number }, planned_km = 0): StudyMetrics {
  const error = typeof m.error === 'string' ? m.error : null;
  // a run that failed numerically has no figures: NaN (null in JSON), left out of every mean
  if (error !== null)
    return {
      time_outside_window_pct: NaN,
      thermal_energy_kWh: NaN,
      thermal_energy_from_pack_parked_kWh: NaN,
      consumption_Wh_km: null,
      range_km: null,
      charge_time_s: null,
      ageing_capacity_loss_pct: NaN,
      cell_temp_min_C: NaN,
      cell_temp_max_C: NaN,
      energy_balance_error_pct: NaN,
      stranded: false,
      error,
    };
  const n = (k: string) => (typeof m[k] === 'number' ? (m[k] as number) : NaN);
  // the pack's whole discharge (terminal energy out: driving and parked pre-heat from the pack) per km
  const dist_km = n('distance_km');
  const consumption = dist_km > 0 ? (1000 * n('energy_discharged_kWh')) / dist_km : NaN;
  const cellEnergy_Wh = (m.cell_spec as { energy_Wh?: unknown } | undefined)?.energy_Wh;
  const usable_Wh = typeof cellEnergy_Wh === 'number' ? (cellEnergy_Wh * pack.series * pack.parallel * n('soh_end_pct')) / 100 : NaN;
  const range = usable_Wh / consumption;
  return {
    time_outside_window_pct: n('time_outside_window_pct'),
    thermal_energy_kWh: n('thermal_energy_kWh'),
    thermal_energy_from_pack_parked_kWh: n('thermal_energy_from_pack_parked_kWh'),
    consumption_Wh_km: Number.isFinite(consumption) && consumption > 0 ? Math.round(consumption * 100) / 100 : null,
    range_km: Number.isFinite(range) && range > 0 ? Math.round(range * 10) / 10 : null,
    charge_time_s: typeof m.charge_time_s === 'number' ? m.charge_time_s : null,
    ageing_capacity_loss_pct: Math.round((100 - n('soh_end_pct')) * 1e6) / 1e6,
    cell_temp_min_C: n('cell_temp_min_C'),
    cell_temp_max_C: n('cell_temp_max_C'),
    energy_balance_error_pct: n('energy_balance_error_pct'),
    stranded: n('stranded_events') > 0 || (planned_km > 0 && !(dist_km >= 0.98 * planned_km)),
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

const LEAVES = ['time_outside_window_pct', 'thermal_energy_kWh', 'thermal_energy_from_pack_parked_kWh', 'consumption_Wh_km', 'range_km', 'charge_time_s', 'ageing_capacity_loss_pct'] as const;
export type StudyLeaf = (typeof LEAVES)[number];
export type StudySummaryEntry = Record<StudyLeaf, number | null> & {
  /** Runs of this controller and climate; stranded and failed ones are left out of the means. */
  runs: number;
  stranded_runs: number;
  failed_runs: number;
  averaged_runs: number;
  /**
   * Range against the thermostat baseline over the same cases (duty × cell) where neither run was
   * stranded nor failed [%]; null for the baseline or when no case pairs.
   */
  range_vs_thermostat_pct: number | null;
  /** The cases paired in range_vs_thermostat_pct. */
  range_vs_thermostat_cases: number;
};
export type StudySummary = Record<string, Record<string, StudySummaryEntry>>;

const counted = (m: StudyMetrics) => m.error === null && !m.stranded;

/**
 * summary[controller][climate]: the mean over duties and cells of each leaf (null when none has it),
 * leaving out the runs that were stranded or failed (counted in stranded_runs / failed_runs).
 */
export function summarise(results: StudyResults): StudySummary {
  const out: StudySummary = {};
  const base = results.thermostat;
  for (const [ctrl, byClimate] of Object.entries(results)) {
    out[ctrl] = {};
    for (const [clim, byDuty] of Object.entries(byClimate)) {
      const acc = {} as StudySummaryEntry;
      const all = Object.values(byDuty).flatMap((byCell) => Object.values(byCell));
      acc.runs = all.length;
      acc.stranded_runs = all.filter((m) => m.error === null && m.stranded).length;
      acc.failed_runs = all.filter((m) => m.error !== null).length;
      acc.averaged_runs = all.filter(counted).length;
      for (const k of LEAVES) {
        let s = 0;
        let n = 0;
        for (const byCell of Object.values(byDuty))
          for (const m of Object.values(byCell)) {
            if (!counted(m)) continue;
            const v = m[k];
            if (typeof v === 'number' && Number.isFinite(v)) {
              s += v;
              n++;
            }
          }
        acc[k] = n ? Math.round((s / n) * 1000) / 1000 : null;
      }
      // paired: the same duty × cell cases in both controllers, none stranded or failed
      let sc = 0;
      let sb = 0;
      let pairs = 0;
      if (ctrl !== 'thermostat' && base?.[clim])
        for (const [duty, byCell] of Object.entries(byDuty))
          for (const [cell, m] of Object.entries(byCell)) {
            const b = base[clim][duty]?.[cell];
            if (!b || !counted(m) || !counted(b) || m.range_km === null || b.range_km === null) continue;
            sc += m.range_km;
            sb += b.range_km;
            pairs++;
          }
      acc.range_vs_thermostat_pct = pairs && sb > 0 ? Math.round(((100 * (sc - sb)) / sb) * 10) / 10 : null;
      acc.range_vs_thermostat_cases = pairs;
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

/** The runs that were stranded (the vehicle could not complete its drive): "controller / climate / duty / cell". */
export function strandedStudyRuns(results: StudyResults): string[] {
  const out: string[] = [];
  for (const [ctrl, byClimate] of Object.entries(results))
    for (const [clim, byDuty] of Object.entries(byClimate))
      for (const [duty, byCell] of Object.entries(byDuty)) for (const [cell, m] of Object.entries(byCell)) if (m.error === null && m.stranded) out.push(`${ctrl} / ${clim} / ${duty} / ${cell}`);
  return out;
}
