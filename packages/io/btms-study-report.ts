/**
 * HTML report of the BTMS climate study: one heat map per metric (rows: controller × cell,
 * columns: climate; value: mean over the duties), colour from the lowest (green) to the highest
 * (red) value (reversed for range), and the table of every run. Self-contained, no scripts.
 */
import { escapeHtml } from './report.js';
import type { StudyResults, StudyMetrics } from '../core/studies/index.js';

const METRICS: { key: keyof StudyMetrics; label: string; higherIsBetter: boolean }[] = [
  { key: 'time_outside_window_pct', label: 'time outside the thermal window [%]', higherIsBetter: false },
  { key: 'thermal_energy_kWh', label: 'thermal-management energy [kWh/day]', higherIsBetter: false },
  { key: 'thermal_energy_from_pack_parked_kWh', label: 'pre-conditioning drawn from the pack while parked [kWh/day]', higherIsBetter: false },
  { key: 'consumption_Wh_km', label: 'consumption, every energy out of the pack per km [Wh/km]', higherIsBetter: false },
  { key: 'range_km', label: 'range [km] (usable energy / consumption)', higherIsBetter: true },
  { key: 'charge_time_s', label: 'charge time [min]', higherIsBetter: false },
  { key: 'ageing_capacity_loss_pct', label: 'capacity lost over the day [%]', higherIsBetter: false },
];

function meanOver(byDuty: Record<string, Record<string, StudyMetrics>>, cell: string, key: keyof StudyMetrics): number | null {
  let s = 0;
  let n = 0;
  for (const byCell of Object.values(byDuty)) {
    const m = byCell[cell];
    // stranded and failed runs are left out of the means (listed as such in the table of every run)
    if (!m || m.error !== null || m.stranded) continue;
    const v = m[key];
    if (typeof v === 'number' && Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n ? s / n : null;
}

export function renderStudyReport(title: string, results: StudyResults, info: Record<string, unknown>): string {
  const controllers = Object.keys(results);
  const climates = Object.keys(results[controllers[0]] ?? {});
  const cells = [...new Set(Object.values(results).flatMap((bc) => Object.values(bc).flatMap((bd) => Object.values(bd).flatMap((x) => Object.keys(x)))))];
  let html = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 7px;font-size:13px;text-align:right}th{background:#f3f3f3}td.l{text-align:left}
</style></head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(
    Object.entries(info)
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' · '),
  )}</p>`;
  for (const m of METRICS) {
    const rows: { label: string; vals: (number | null)[] }[] = [];
    for (const ctrl of controllers)
      for (const cell of cells)
        rows.push({
          label: `${ctrl} · ${cell}`,
          vals: climates.map((cl) => {
            const v = meanOver(results[ctrl][cl], cell, m.key);
            return v === null ? null : m.key === 'charge_time_s' ? v / 60 : v;
          }),
        });
    const all = rows.flatMap((r) => r.vals).filter((v): v is number => v !== null);
    const lo = Math.min(...all);
    const hi = Math.max(...all);
    html += `<h2>${escapeHtml(m.label)} — mean over duties (stranded runs left out)</h2><table><tr><th>controller · cell</th>${climates.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr>`;
    for (const r of rows) {
      html += `<tr><td class="l">${escapeHtml(r.label)}</td>`;
      for (const v of r.vals) {
        if (v === null) {
          html += '<td>—</td>';
          continue;
        }
        let f = hi > lo ? (v - lo) / (hi - lo) : 0;
        if (m.higherIsBetter) f = 1 - f;
        const hue = Math.round(120 * (1 - f));
        html += `<td style="background:hsl(${hue},70%,80%)">${v.toFixed(Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2)}</td>`;
      }
      html += '</tr>';
    }
    html += '</table>';
  }
  html += '<h2>Every run</h2><table><tr><th>controller</th><th>climate</th><th>duty</th><th>cell</th>' + METRICS.map((m) => `<th>${escapeHtml(m.key)}</th>`).join('') + '<th>T min/max [°C]</th></tr>';
  for (const ctrl of controllers)
    for (const cl of climates)
      for (const [duty, byCell] of Object.entries(results[ctrl][cl]))
        for (const [cell, x] of Object.entries(byCell))
          html +=
            `<tr><td class="l">${escapeHtml(ctrl)}</td><td class="l">${escapeHtml(cl)}</td><td class="l">${escapeHtml(duty)}</td><td class="l">${escapeHtml(cell)}</td>` +
            (x.error !== null
              ? `<td class="l" colspan="${METRICS.length + 1}">invalid: numerical failure (no result): ${escapeHtml(x.error)}</td></tr>`
              : x.stranded
                ? `<td class="l" colspan="${METRICS.length + 1}">stranded: the vehicle could not complete its drive (left out of the means); T min/max ${x.cell_temp_min_C} / ${x.cell_temp_max_C} °C</td></tr>`
                : `${METRICS.map((m) => `<td>${x[m.key] ?? '—'}</td>`).join('')}<td>${x.cell_temp_min_C} / ${x.cell_temp_max_C}</td></tr>`);
  html += '</table></body></html>\n';
  return html;
}
