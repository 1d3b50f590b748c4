/**
 * How `ssb simulate` shows the pack's mass and volume breakdown, the vehicle's mass and a lab
 * protocol's per-step results: rows for the console summary and tables for the report, from
 * metrics.json alone (so the console, the report and the file show the same numbers).
 */
import type { ProtocolStepResult, SimMetrics } from '../core/sim/index.js';
import type { ReportTable } from './report.js';
import { formatNumber } from './summary.js';

const n = (x: number, digits = 4) => formatNumber(x, digits);

/** How a protocol step ended, in words. */
const ENDED_BY: Record<ProtocolStepResult['ended_by'], string> = { duration: 'its duration', limit: 'its limit', blocked: 'the BMS cut-off', interrupted: 'the run ending' };

/** Console rows: the pack, level by level (cells → modules → pack), and the vehicle's mass. */
export function packSummaryRows(m: SimMetrics): [string, string][] {
  const p = m.pack;
  const lv = Object.fromEntries(p.levels.map((l) => [l.level, l]));
  const cell = lv.cell;
  const rows: [string, string][] = [
    ['pack', `${p.configuration}, ${p.nominal_energy_kWh} kWh, ${p.mass_kg} kg, ${n(p.specific_energy_Wh_kg)} Wh/kg, ${n(p.volume_L)} L`],
    [
      '  cells',
      `${p.cells} × ${cell.mass_kg} kg = ${lv.cells.mass_kg} kg, ${n(lv.cells.volume_L)} L (cell ${n(cell.specific_energy_Wh_kg)} Wh/kg, ${n(cell.energy_density_Wh_L)} Wh/L${m.cell_spec.volume_L === null ? ' of electrode stack' : ''})`,
    ],
    ['  modules (+ fixture)', `${lv.modules.count} × module: + ${p.fixture_mass_kg} kg fixture = ${lv.modules.mass_kg} kg, ${n(lv.modules.specific_energy_Wh_kg)} Wh/kg`],
    ['  pack (+ housing, BMS, cooling)', `+ ${p.housing_mass_kg} + ${p.bms_mass_kg} + ${p.cooling_mass_kg} kg = ${p.mass_kg} kg, cells ${n(p.cell_to_pack_mass_pct, 3)} % of the mass`],
  ];
  const v = m.vehicle_mass;
  if (v) {
    rows.push([
      'vehicle mass',
      v.glider_kg !== null && v.pack_kg !== null ? `${v.glider_kg} kg glider + ${v.pack_kg} kg pack = ${m.vehicle_mass_kg} kg` : `${m.vehicle_mass_kg} kg (fixed: ${v.basis})`,
    ]);
  }
  return rows;
}

/**
 * The capacity measurement of a lab run: its first discharge step that ran to its voltage limit
 * (its until-condition, or the BMS's under-voltage cut-off), not one that ended on its duration.
 */
export function measuredCapacityStep(m: SimMetrics): ProtocolStepResult | null {
  const steps = m.protocol?.steps ?? [];
  return steps.find((s) => s.action === 'discharge' && (s.ended_by === 'limit' || s.ended_by === 'blocked') && s.capacity_Ah > 0) ?? null;
}

/** Console rows of a lab run: one per protocol step (first and last pass), and the passes when it repeats. */
export function labSummaryRows(m: SimMetrics): [string, string][] {
  const pr = m.protocol;
  if (!pr) return [];
  const rows: [string, string][] = [];
  const cap = measuredCapacityStep(m);
  if (cap) rows.push(['measured capacity', `${n(cap.capacity_Ah)} Ah, ${n(cap.energy_Wh)} Wh (step ${cap.step}: ${cap.text}, ended by ${ENDED_BY[cap.ended_by]}; rated ${m.pack.capacity_Ah} Ah)`]);
  for (const s of pr.steps) {
    const label = `${pr.passes > 1 ? `pass ${s.pass} ` : ''}step ${s.step}`;
    const flow = s.action === 'rest' ? '' : `${n(s.capacity_Ah)} Ah, ${n(s.energy_Wh)} Wh, `;
    rows.push([
      label,
      `${s.text}: ${flow}${n(s.duration_s / 60)} min, mean ${n(s.mean_cell_voltage_V)} V/cell, ΔT ${n(s.temp_rise_K, 3)} K (max ${n(s.temp_max_C)} °C), ended by ${ENDED_BY[s.ended_by]}`,
    ]);
  }
  if (pr.passes > 1) {
    const last = pr.cycles[pr.cycles.length - 1];
    const first = pr.cycles[0];
    rows.push(['passes (cycles)', `${pr.passes}: discharge ${n(first.discharge_Ah)} Ah (first) → ${n(last.discharge_Ah)} Ah (last)`]);
  }
  return rows;
}

/** Report table: the pack's mass and volume, part by part with its basis, then level by level. */
export function packBreakdownTables(m: SimMetrics): ReportTable[] {
  const p = m.pack;
  return [
    {
      title: 'Pack mass and volume: cells → modules (fixture) → pack (housing, BMS, cooling)',
      columns: ['level', 'count', 'mass [kg]', 'volume [L]', 'Wh/kg', 'Wh/L'],
      rows: p.levels.map((l) => [l.level, l.count, n(l.mass_kg), n(l.volume_L), n(l.specific_energy_Wh_kg), n(l.energy_density_Wh_L)]),
    },
    {
      title: 'What the pack mass is made of',
      columns: ['level', 'part', 'mass [kg]', 'volume [L]', 'basis'],
      rows: [
        ...p.parts.map((x) => [x.level, x.part, n(x.mass_kg), x.volume_L === null ? '—' : n(x.volume_L), x.basis]),
        ['pack', 'total', n(p.mass_kg), n(p.volume_L), `cells ${n(p.cell_to_pack_mass_pct, 3)} % of the mass`],
      ],
    },
  ];
}

/** Report tables of a protocol run: per step and, when it repeats, per pass. */
export function protocolTables(m: SimMetrics): ReportTable[] {
  const pr = m.protocol;
  if (!pr) return [];
  const tables: ReportTable[] = [
    {
      title: 'Protocol steps (capacity and energy positive on discharge)',
      columns: ['pass', 'step', 'step text', 'duration [min]', 'capacity [Ah]', 'energy [Wh]', 'mean V/cell', 'end V/cell', 'T start [°C]', 'ΔT [K]', 'T max [°C]', 'ended by'],
      rows: pr.steps.map((s) => [
        s.pass,
        s.step,
        s.text,
        n(s.duration_s / 60),
        n(s.capacity_Ah),
        n(s.energy_Wh),
        n(s.mean_cell_voltage_V),
        n(s.end_cell_voltage_V),
        n(s.temp_start_C),
        n(s.temp_rise_K, 3),
        n(s.temp_max_C),
        ENDED_BY[s.ended_by],
      ]),
    },
  ];
  if (pr.passes > 1) {
    tables.push({
      title: 'Protocol passes (cycles)',
      columns: ['pass', 'start [h]', 'discharge [Ah]', 'charge [Ah]', 'discharge [Wh]', 'charge [Wh]', 'SoC start → end', 'coulombic eff. [%]', 'energy eff. [%]', 'T max [°C]'],
      rows: pr.cycles.map((c) => [
        c.pass,
        n(c.start_s / 3600),
        n(c.discharge_Ah),
        n(c.charge_Ah),
        n(c.discharge_Wh),
        n(c.charge_Wh),
        `${n(c.soc_start * 100, 3)} → ${n(c.soc_end * 100, 3)} %`,
        c.coulombic_efficiency_pct === null ? '— (not a closed cycle)' : n(c.coulombic_efficiency_pct),
        c.energy_efficiency_pct === null ? '—' : n(c.energy_efficiency_pct),
        n(c.temp_max_C),
      ]),
    });
  }
  return tables;
}

/** Report headline of a lab run: the measured capacity and what the steps did, instead of range, consumption and charge time. */
export function labHeadline(m: SimMetrics): { label: string; value: string }[] {
  const cap = measuredCapacityStep(m);
  const out = [{ label: 'measured capacity', value: cap ? `${n(cap.capacity_Ah)} Ah (rated ${m.pack.capacity_Ah} Ah)` : '— (no full discharge step)' }];
  if (cap) out.push({ label: 'discharge energy', value: `${n(cap.energy_Wh)} Wh at ${n(cap.mean_cell_voltage_V)} V/cell mean` });
  out.push({ label: 'protocol', value: `${m.protocol?.passes ?? 0} pass(es), ${m.protocol?.steps.length ?? 0} steps shown` });
  return out;
}
