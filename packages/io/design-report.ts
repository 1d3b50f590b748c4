/**
 * Self-contained HTML report of one or more cell designs (and a sweep): tables and inline SVG
 * charts, no scripts, no network. Plots: learning curve; for a sweep, specific energy vs cost and
 * vs max charge rate with the Pareto front highlighted.
 */
import { escapeHtml } from './report.js';
import { formatNumber } from './summary.js';
import type { DesignResult, SweepAxis, SweepPoint } from '../core/design/index.js';

const e = escapeHtml;
const f = (v: number | null | undefined, d = 3): string => (v === null || v === undefined ? '—' : formatNumber(v, d));

function table(cols: string[], rows: (string | number)[][]): string {
  return `<table><thead><tr>${cols.map((c) => `<th>${e(c)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${typeof c === 'number' ? e(f(c)) : e(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

interface Series {
  label: string;
  color: string;
  points: [number, number][];
  line?: boolean;
  r?: number;
}

/** A small SVG scatter/line chart with linear axes (log x optional). */
export function svgChart(title: string, xLabel: string, yLabel: string, series: Series[], logX = false): string {
  const W = 560,
    H = 340,
    L = 70,
    R = 20,
    T = 30,
    B = 50;
  const all = series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0));
  if (!all.length) return `<p>${e(title)}: no data</p>`;
  const tx = (x: number) => (logX ? Math.log10(x) : x);
  let x0 = Math.min(...all.map((p) => tx(p[0]))),
    x1 = Math.max(...all.map((p) => tx(p[0])));
  let y0 = Math.min(...all.map((p) => p[1])),
    y1 = Math.max(...all.map((p) => p[1]));
  if (x1 === x0) {
    x0 -= 1;
    x1 += 1;
  }
  if (y1 === y0) {
    y0 -= Math.abs(y0) * 0.1 + 1;
    y1 += Math.abs(y1) * 0.1 + 1;
  }
  const px = (x: number) => L + ((tx(x) - x0) / (x1 - x0)) * (W - L - R);
  const py = (y: number) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  const ticks = (a: number, b: number) => Array.from({ length: 5 }, (_, i) => a + ((b - a) * i) / 4);
  let svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${e(title)}">`;
  svg += `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">${e(title)}</text>`;
  svg += `<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#333"/><line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#333"/>`;
  for (const t of ticks(x0, x1)) {
    const xv = logX ? 10 ** t : t;
    svg += `<text x="${px(xv)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${e(formatNumber(xv, 3))}</text>`;
  }
  for (const t of ticks(y0, y1))
    svg += `<text x="${L - 6}" y="${py(t) + 4}" text-anchor="end" font-size="11">${e(formatNumber(t, 3))}</text><line x1="${L}" x2="${W - R}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/>`;
  svg += `<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle" font-size="12">${e(xLabel)}</text>`;
  svg += `<text transform="translate(16 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle" font-size="12">${e(yLabel)}</text>`;
  series.forEach((s, i) => {
    const pts = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && (!logX || x > 0));
    if (s.line) svg += `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`;
    for (const [x, y] of pts) svg += `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="${s.r ?? 3}" fill="${s.color}" fill-opacity="0.8"/>`;
    svg += `<circle cx="${W - R - 150}" cy="${T + 8 + 16 * i}" r="4" fill="${s.color}"/><text x="${W - R - 140}" y="${T + 12 + 16 * i}" font-size="11">${e(s.label)}</text>`;
  });
  return svg + '</svg>';
}

function designSection(r: DesignResult, ref: DesignResult | null): string {
  const key: [string, (x: DesignResult) => string][] = [
    ['capacity [Ah]', (x) => f(x.capacity_Ah)],
    ['nominal / average voltage [V]', (x) => `${f(x.nominal_voltage_V)} / ${f(x.average_voltage_V)}`],
    ['energy [Wh]', (x) => f(x.energy_Wh)],
    ['mass [g] / volume [mL]', (x) => `${f(x.mass_kg * 1000)} / ${f(x.volume_L * 1000)}`],
    ['specific energy [Wh/kg] (with fixture)', (x) => `${f(x.specific_energy_Wh_kg)} (${f(x.specific_energy_with_fixture_Wh_kg)})`],
    ['energy density [Wh/L] (with fixture)', (x) => `${f(x.energy_density_Wh_L)} (${f(x.energy_density_with_fixture_Wh_L)})`],
    ['areal capacity [mAh/cm²], N/P', (x) => `${f(x.areal_capacity_mAh_cm2)}, ${f(x.n_p_ratio)}`],
    ['cathode / anode thickness [µm]', (x) => `${f(x.cathode_thickness_um)} / ${f(x.anode_thickness_um)}`],
    ['stack pressure / fixture design pressure [MPa]', (x) => `${f(x.stack_pressure_MPa)} / ${f(x.fixture_design_pressure_MPa)}`],
    ['fixture share per cell [g]', (x) => f(x.fixture_mass_per_cell_kg * 1000)],
    ['R0 at 25 °C / −20 °C [mΩ]', (x) => `${f(x.r0_25C_mohm)} / ${f(x.r0_minus20C_mohm)}`],
    ['CCD at 25 °C / −20 °C [mA/cm²]', (x) => `${f(x.ccd_25C_mA_cm2)} / ${f(x.ccd_minus20C_mA_cm2)}`],
    ['charge current density at 1C [mA/cm²]', (x) => f(x.charge_current_density_1C_mA_cm2)],
    ['max charge C-rate at 25 °C (limit)', (x) => `${f(x.max_charge_C_rate_25C)} (${x.charge_limit_25C})`],
    ['max charge C-rate at −20 °C (limit)', (x) => `${f(x.max_charge_C_rate_minus20C)} (${x.charge_limit_minus20C})`],
    ['operating temperature of a warm chemistry [°C]', (x) => (x.operating_temp_C === null ? '— (25 °C is in its window)' : f(x.operating_temp_C))],
    [
      'R0 / max charge C-rate at the operating temperature (limit)',
      (x) => (x.operating_temp_C === null ? '—' : `${f(x.r0_operating_mohm)} mΩ / ${f(x.max_charge_C_rate_operating)} (${x.charge_limit_operating})`),
    ],
    ['pack: Wh/kg, USD/kWh', (x) => `${f(x.pack.specific_energy_Wh_kg)}, ${f(x.pack.cost_USD_per_kWh)}`],
    ['cost [USD/kWh] (with fixture)', (x) => `${f(x.cost_USD_per_kWh)} (${f(x.cost_with_fixture_USD_per_kWh)})`],
    ['cradle-to-gate CO2 [kg CO2-eq/kWh]', (x) => f(x.co2_kg_per_kWh)],
  ];
  const cols = ref && ref !== r ? ['quantity', r.name, `reference: ${ref.name}`] : ['quantity', r.name];
  const rows = key.map(([k, g]) => (ref && ref !== r ? [k, g(r), g(ref)] : [k, g(r)]));
  const kWh = r.energy_Wh / 1000;
  let h = `<h2>${e(r.name)}</h2>`;
  if (r.warnings.length) h += `<ul class="warn">${r.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>`;
  h += `<h3>Summary${ref && ref !== r ? ' and comparison with the liquid-electrolyte reference' : ''}</h3>` + table(cols, rows);
  h +=
    '<h3>Ionic resistance of each layer</h3>' +
    table(
      ['layer', 'R at 25 °C [mΩ]', 'R at −20 °C [mΩ]', 'ASR at 25 °C [Ω·cm²]', 'ASR at −20 °C [Ω·cm²]', ...(r.operating_temp_C === null ? [] : [`R at ${f(r.operating_temp_C)} °C (operating) [mΩ]`])],
      r.resistances.map((x) => [x.layer, x.ohm_25C * 1e3, x.ohm_minus20C * 1e3, x.asr_ohm_cm2_25C, x.asr_ohm_cm2_minus20C, ...(x.ohm_operating === undefined ? [] : [x.ohm_operating * 1e3])]),
    );
  h +=
    '<h3>Mass and volume</h3>' +
    table(
      ['part', 'mass [g]', 'share [%]'],
      r.parts.map((p) => [p.name, p.mass_kg * 1000, (100 * p.mass_kg) / r.mass_kg]),
    );
  h += table(
    ['volume', 'mL', 'share [%]'],
    r.volumes.map((v) => [v.name, v.volume_m3 * 1e6, (100 * v.volume_m3 * 1e3) / r.volume_L]),
  );
  h +=
    '<h3>Cost breakdown</h3>' +
    table(
      ['item', 'USD/kWh', 'basis'],
      [...r.cost.materials.map((c) => [`material: ${c.item}`, c.USD_per_kWh, c.detail ?? '']), ...r.cost.manufacturing.map((c) => [`manufacturing: ${c.item}`, c.USD_per_kWh, c.detail ?? ''])],
    );
  h += table(
    ['layer', 'route', 'energy [kWh/m²]', 'throughput [m²/h]', 'yield', 'atmosphere', 'source'],
    r.cost.routes.map((x) => [x.layer, x.route, x.energy_kWh_m2, x.throughput_m2_h, x.yield, x.atmosphere, x.source]),
  );
  h += `<p>Process electricity ${e(f(r.cost.process_energy_kWh / kWh))} kWh per kWh of cells. Learning curve on the manufacturing (conversion) cost only: C(x) = C_materials + C_conversion,0·(x/x0)^(−b), b = ${e(f(r.cost.learning_exponent_b))}; materials ${e(f(r.cost.materials_USD / kWh))} USD/kWh are the floor.</p>`;
  h += svgChart(
    'Cost projection with cumulative volume',
    'cumulative production [GWh] (log)',
    'cost [USD/kWh]',
    [{ label: r.name.slice(0, 24), color: '#1f77b4', points: r.cost.learning.map((p) => [p.cumulative_GWh, p.USD_per_kWh]), line: true }],
    true,
  );
  if (r.published_comparison.length)
    h +=
      '<h3>Against the published cell</h3>' +
      table(
        ['quantity', 'published', 'design', 'deviation [%]'],
        r.published_comparison.map((c) => [c.quantity, c.published, c.designed, c.deviation_pct]),
      );
  const pk = r.pack;
  h +=
    `<h3>Pack: ${pk.cells_series}s${pk.cells_parallel}p, ${pk.modules} modules, ${e(f(pk.energy_kWh))} kWh</h3>` +
    table(
      ['part', 'count', 'mass [kg]', 'cost [USD]', 'source'],
      [...pk.parts.map((p) => [p.name, p.count, p.mass_kg, p.cost_USD, p.source]), ['pack', '', pk.mass_kg, pk.cost_USD, `${f(pk.specific_energy_Wh_kg)} Wh/kg, ${f(pk.cost_USD_per_kWh)} USD/kWh`]],
    );
  h +=
    '<h3>Life-cycle impacts (cradle-to-gate)</h3>' +
    table(
      ['item', 'kg CO2-eq/kWh'],
      r.lca.by_part.map((p) => [p.item, p.kgCO2_per_kWh]),
    );
  if (r.lca.table7) {
    const t = r.lca.table7;
    h += `<p>Seed 001 Table 7, column ${e(r.lca.table7_column ?? '')} (pack level, literature reference, not computed from this design): ${e(r.lca.table7_source)}</p>`;
    h += table(
      ['category', 'Table 7 value per kWh', 'this design'],
      [
        ['climate change [kg CO2-eq]', t.climateChange_kgCO2eq, r.co2_kg_per_kWh],
        ['human toxicity [kg 1,4-DCB-eq]', t.humanToxicity_kg14DCBeq, '—'],
        ['metal resource depletion [kg Fe-eq]', t.metalDepletion_kgFeeq, '—'],
        ['photochemical oxidant formation [kg NMVOC-eq]', t.photochemicalOxidants_kgNMVOCeq, '—'],
      ],
    );
  }
  return h;
}

export function renderDesignReport(opts: {
  title: string;
  results: DesignResult[];
  reference: DesignResult | null;
  inputs: string;
  version: string;
  sweep?: { axes: SweepAxis[]; points: SweepPoint[] };
}): string {
  let body = opts.results.map((r) => designSection(r, opts.reference)).join('\n');
  if (opts.sweep) {
    const ok = opts.sweep.points.filter((p) => p.result);
    const pts = (sel: (p: SweepPoint) => boolean, g: (r: DesignResult) => [number, number]) => ok.filter(sel).map((p) => g(p.result!));
    body += `<h2>Sweep: ${e(opts.sweep.axes.map((a) => a.path).join(' × '))} (${opts.sweep.points.length} designs, ${ok.filter((p) => p.pareto).length} on the Pareto front)</h2>`;
    body += svgChart('Specific energy (with fixture) vs cost', 'cost [USD/kWh]', 'specific energy with fixture [Wh/kg]', [
      {
        label: 'all designs',
        color: '#9aa',
        points: pts(
          (p) => !p.pareto,
          (r) => [r.cost_USD_per_kWh, r.specific_energy_with_fixture_Wh_kg],
        ),
        r: 2.5,
      },
      {
        label: 'Pareto front',
        color: '#d62728',
        points: pts(
          (p) => p.pareto,
          (r) => [r.cost_USD_per_kWh, r.specific_energy_with_fixture_Wh_kg],
        ),
        r: 4,
      },
    ]);
    body += svgChart('Specific energy (with fixture) vs max charge rate at 25 °C', 'max charge C-rate at 25 °C', 'specific energy with fixture [Wh/kg]', [
      {
        label: 'all designs',
        color: '#9aa',
        points: pts(
          (p) => !p.pareto,
          (r) => [r.max_charge_C_rate_25C, r.specific_energy_with_fixture_Wh_kg],
        ),
        r: 2.5,
      },
      {
        label: 'Pareto front',
        color: '#d62728',
        points: pts(
          (p) => p.pareto,
          (r) => [r.max_charge_C_rate_25C, r.specific_energy_with_fixture_Wh_kg],
        ),
        r: 4,
      },
    ]);
    const front = ok.filter((p) => p.pareto).sort((a, b) => b.result!.specific_energy_with_fixture_Wh_kg - a.result!.specific_energy_with_fixture_Wh_kg);
    body +=
      '<h3>Pareto front</h3>' +
      table(
        [...opts.sweep.axes.map((a) => a.path), 'Wh/kg (fixture)', 'Wh/L (fixture)', 'max C 25 °C', 'max C −20 °C', 'USD/kWh'],
        front.map((p) => [
          ...p.values,
          p.result!.specific_energy_with_fixture_Wh_kg,
          p.result!.energy_density_with_fixture_Wh_L,
          p.result!.max_charge_C_rate_25C,
          p.result!.max_charge_C_rate_minus20C,
          p.result!.cost_USD_per_kWh,
        ]),
      );
    const bad = opts.sweep.points.filter((p) => p.error);
    if (bad.length) body += `<p>${bad.length} combinations are physically impossible, e.g. ${e(bad[0].error ?? '')}</p>`;
  }
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(opts.title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1em;color:#222}table{border-collapse:collapse;margin:.5em 0 1em;font-size:13px}td,th{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}th{background:#f3f3f3}.warn li{color:#a40}svg{display:block;margin:1em 0}</style></head>
<body><h1>${e(opts.title)}</h1><p>Generated by ssb design ${e(opts.version)}. Values marked "assumed" in the materials and process data are engineering estimates; see the sources in the tables.</p>
${body}
<details><summary>Inputs</summary><pre>${e(opts.inputs)}</pre></details></body></html>
`;
}
