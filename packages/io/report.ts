/**
 * Self-contained HTML report: one file, opens offline. uPlot's JS and CSS are read from
 * node_modules and inlined; the (decimated) data is inlined as JSON in a
 * `<script type="application/json">` block. No network access of any kind.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatNumber } from './summary.js';

export interface ReportSeries {
  label: string;
  unit: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color?: string;
  dash?: boolean;
}

export interface ReportPanel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ReportSeries[];
  kind?: 'line' | 'step';
  /**
   * Unit of the x axis when x is time ('s' | 'min' | 'h' | 'd'), or false when x is not time.
   * Default: detected from `xLabel` (contains "time"; unit in brackets, seconds if none).
   * Time panels share a synced cursor/zoom and show the events as vertical markers.
   */
  xTime?: 's' | 'min' | 'h' | 'd' | false;
}

export interface ReportEvent {
  time_s: number;
  severity: 'info' | 'warning' | 'fault';
  text: string;
}

export interface ReportTable {
  title: string;
  columns: string[];
  rows: (string | number)[][];
}

export interface ReportInput {
  title: string;
  subtitle?: string;
  /** Shown as a key/value table; nested objects flattened with '.'; numbers rounded sensibly. */
  metrics: Record<string, unknown>;
  /** A few big numbers at the top (range, energy, SoH …). */
  headline?: { label: string; value: string }[];
  panels: ReportPanel[];
  /** Shown as a table and as vertical markers on the time plots. */
  events: ReportEvent[];
  tables?: ReportTable[];
  provenance: { version: string; seed: number | string; inputs: string; generated_by: string };
  /** Default 4000: min/max bucket decimation so spikes survive. */
  maxPointsPerSeries?: number;
}

/** Shape of the JSON embedded in the report (`<script type="application/json" id="report-data">`). */
export interface ReportData {
  panels: {
    title: string;
    xLabel: string;
    yLabel: string;
    kind: 'line' | 'step';
    /** Seconds per x unit when x is time, else null. */
    xTimeScale_s: number | null;
    series: { label: string; unit: string; color: string; dash: boolean; x: (number | null)[]; y: (number | null)[] }[];
  }[];
  events: ReportEvent[];
}

const DEFAULT_MAX_POINTS = 4000;
const MAX_EVENT_ROWS = 1000;
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
const TIME_UNITS_S: Record<string, number> = { s: 1, min: 60, h: 3600, d: 86400 };

/**
 * Min/max bucket decimation. Keeps the first and last points and, for each of
 * ⌊(maxPoints − 2)/2⌋ equal-count buckets of the interior, the minimum and the maximum of y in
 * their original (time) order, so narrow spikes survive. NaN values are ignored within a bucket;
 * a bucket of only NaN keeps one NaN point so gaps stay visible. Output length ≤ max(maxPoints, 4).
 */
export function decimateMinMax(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): { x: Float64Array; y: Float64Array } {
  const n = Math.min(x.length, y.length);
  if (x.length !== y.length) throw new Error(`decimateMinMax: x has ${x.length} values, y has ${y.length}`);
  const limit = Math.max(4, Math.floor(maxPoints));
  if (n <= limit) return { x: Float64Array.from(x), y: Float64Array.from(y) };

  const buckets = Math.floor((limit - 2) / 2);
  const ox = new Float64Array(limit);
  const oy = new Float64Array(limit);
  let k = 0;
  ox[k] = x[0];
  oy[k++] = y[0];
  const interior = n - 2;
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * interior) / buckets);
    const end = 1 + Math.floor(((b + 1) * interior) / buckets); // exclusive
    let iMin = -1;
    let iMax = -1;
    let vMin = Infinity;
    let vMax = -Infinity;
    for (let i = start; i < end; i++) {
      const v = y[i];
      if (v < vMin) {
        vMin = v;
        iMin = i;
      }
      if (v > vMax) {
        vMax = v;
        iMax = i;
      }
    }
    if (iMin < 0) {
      if (end > start) {
        ox[k] = x[start];
        oy[k++] = NaN;
      }
      continue;
    }
    const first = Math.min(iMin, iMax);
    const second = Math.max(iMin, iMax);
    ox[k] = x[first];
    oy[k++] = y[first];
    if (second !== first) {
      ox[k] = x[second];
      oy[k++] = y[second];
    }
  }
  ox[k] = x[n - 1];
  oy[k++] = y[n - 1];
  return { x: ox.slice(0, k), y: oy.slice(0, k) };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON safe to embed in a `<script>` element: every `<` (so `</script`, `<!--`) is escaped. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Human-readable value for the metrics table. */
export function formatMetricValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) < 1e9) return String(value);
    return formatNumber(value, 4);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const arr = Array.from(value as ArrayLike<unknown>);
    const shown = arr.slice(0, 12).map(formatMetricValue).join(', ');
    return arr.length > 12 ? `[${shown}, … (${arr.length} values)]` : `[${shown}]`;
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Flatten nested plain objects with '.'-joined keys; arrays and non-plain objects stay leaves. */
export function flattenMetrics(metrics: Record<string, unknown>, prefix = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(metrics)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      const inner = flattenMetrics(value as Record<string, unknown>, name);
      if (inner.length === 0) out.push([name, '{}']);
      else out.push(...inner);
    } else {
      out.push([name, value]);
    }
  }
  return out;
}

function detectTimeScale(panel: ReportPanel): number | null {
  if (panel.xTime === false) return null;
  if (panel.xTime) return TIME_UNITS_S[panel.xTime];
  if (!/time/i.test(panel.xLabel) && !/_s$/.test(panel.xLabel)) return null;
  const m = /\[\s*([a-z]+)\s*\]/i.exec(panel.xLabel);
  if (!m) return 1;
  return TIME_UNITS_S[m[1]] ?? null;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** Build the data embedded in the report (decimated). Exported for tests and other renderers. */
export function buildReportData(input: ReportInput): ReportData {
  const maxPoints = input.maxPointsPerSeries ?? DEFAULT_MAX_POINTS;
  let colorIndex = 0;
  return {
    panels: input.panels.map((panel) => ({
      title: panel.title,
      xLabel: panel.xLabel,
      yLabel: panel.yLabel,
      kind: panel.kind ?? 'line',
      xTimeScale_s: detectTimeScale(panel),
      series: panel.series.map((s) => {
        const d = decimateMinMax(s.x, s.y, maxPoints);
        return {
          label: s.label,
          unit: s.unit,
          color: s.color ?? PALETTE[colorIndex++ % PALETTE.length],
          dash: s.dash ?? false,
          x: Array.from(d.x, finiteOrNull),
          y: Array.from(d.y, finiteOrNull),
        };
      }),
    })),
    events: input.events.map((e) => ({ time_s: e.time_s, severity: e.severity, text: e.text })),
  };
}

let uplotAssets: { js: string; css: string } | null = null;

function loadUplot(): { js: string; css: string } {
  if (uplotAssets) return uplotAssets;
  const require = createRequire(import.meta.url);
  const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  uplotAssets = {
    // Defensive: neither file contains these today, but an inline element must not be closed early.
    js: js.replace(/<\/script/gi, '<\\/script'),
    css: css.replace(/<\/style/gi, '<\\/style'),
  };
  return uplotAssets;
}

/** "15000 s (4.17 h)": exact seconds for cross-referencing the time series, plus a readable span. */
function formatTime(t_s: number): string {
  if (!Number.isFinite(t_s)) return String(t_s);
  const a = Math.abs(t_s);
  const exact = `${Number.isInteger(t_s) ? String(t_s) : formatNumber(t_s, 6)} s`;
  if (a < 120) return exact;
  if (a < 7200) return `${exact} (${formatNumber(t_s / 60, 3)} min)`;
  if (a < 172800) return `${exact} (${formatNumber(t_s / 3600, 3)} h)`;
  return `${exact} (${formatNumber(t_s / 86400, 3)} d)`;
}

function tableHtml(columns: string[], rows: string[][], className = ''): string {
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<table${className ? ` class="${className}"` : ''}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function cellText(v: string | number): string {
  return escapeHtml(typeof v === 'number' ? formatMetricValue(v) : String(v));
}

const STYLE = `
:root { --fg:#1d2330; --muted:#5b6475; --line:#dfe3ea; --bg:#ffffff; --panel:#f7f8fa; --accent:#1f5fbf;
  --info:#3b7dd8; --warning:#d98e04; --fault:#c62828; }
* { box-sizing: border-box; }
body { margin:0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color:var(--fg); background:var(--bg); font-size:14px; line-height:1.45; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 48px; }
header { border-bottom: 2px solid var(--line); padding-bottom: 16px; margin-bottom: 20px; }
h1 { font-size: 24px; margin: 0 0 4px; font-weight: 650; }
.subtitle { color: var(--muted); margin: 0; font-size: 15px; }
h2 { font-size: 17px; margin: 28px 0 10px; font-weight: 620; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.headline { display:flex; flex-wrap:wrap; gap:12px; margin-top:16px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px; min-width: 140px; }
.card .value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.panel { margin: 8px 0 24px; }
.panel h3 { font-size: 15px; margin: 0 0 6px; font-weight: 600; }
.hint { color: var(--muted); font-size: 12px; margin: 0 0 8px; }
.chart { width: 100%; min-height: 80px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; margin-bottom: 8px; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
table.kv td:first-child { color: var(--muted); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; width: 40%; }
table.kv td:last-child { overflow-wrap: anywhere; }
td.num { text-align: right; }
.sev { display:inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
.sev-info { background: var(--info); } .sev-warning { background: var(--warning); } .sev-fault { background: var(--fault); }
details { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; margin-top: 8px; }
summary { cursor: pointer; font-weight: 600; }
pre { overflow-x: auto; font-size: 12px; margin: 8px 0; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
.u-legend { font-size: 12px; }
.empty { color: var(--muted); font-style: italic; }
`;

/* Client code: plain ES2017, runs offline. Reads the JSON block, builds one uPlot per panel. */
const CLIENT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var SEV = { info: '#3b7dd8', warning: '#d98e04', fault: '#c62828' };
  var groups = {}; // time-axis key -> list of charts, for zoom sync
  var charts = [];
  var ready = false;
  function withUnit(label, unit) {
    if (!unit || /\\[.*\\]/.test(label)) return label;
    return label + ' [' + unit + ']';
  }
  function eventMarkers(panel) {
    return {
      hooks: {
        draw: [function (u) {
          if (panel.xTimeScale_s == null || !data.events.length) return;
          var ctx = u.ctx, top = u.bbox.top, h = u.bbox.height;
          var min = u.scales.x.min, max = u.scales.x.max;
          ctx.save();
          ctx.lineWidth = Math.max(1, devicePixelRatio);
          ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
          for (var i = 0; i < data.events.length; i++) {
            var ev = data.events[i];
            var xv = ev.time_s / panel.xTimeScale_s;
            if (xv < min || xv > max) continue;
            var px = Math.round(u.valToPos(xv, 'x', true)) + 0.5;
            ctx.strokeStyle = SEV[ev.severity] || '#888';
            ctx.beginPath(); ctx.moveTo(px, top); ctx.lineTo(px, top + h); ctx.stroke();
          }
          ctx.restore();
        }]
      }
    };
  }
  function build(panel, idx) {
    var el = document.getElementById('chart-' + idx);
    if (!panel.series.length) { el.innerHTML = '<p class="empty">no data</p>'; return; }
    var tables = panel.series.map(function (s) { return [s.x, s.y]; });
    var aligned = uPlot.join(tables);
    var units = [];
    panel.series.forEach(function (s) { if (units.indexOf(s.unit) < 0) units.push(s.unit); });
    var yLabelLeft = withUnit(panel.yLabel, units[0]);
    var seriesOpts = [{ label: panel.xLabel }];
    panel.series.forEach(function (s) {
      var o = {
        label: withUnit(s.label, s.unit),
        stroke: s.color,
        width: 1.5,
        spanGaps: true,
        scale: units.indexOf(s.unit) === 0 ? 'y' : 'y2',
        points: { show: false }
      };
      if (s.dash) o.dash = [8, 5];
      if (panel.kind === 'step') o.paths = uPlot.paths.stepped({ align: 1 });
      seriesOpts.push(o);
    });
    var axes = [
      { label: panel.xLabel, stroke: '#1d2330', grid: { stroke: '#eceff3' } },
      { label: yLabelLeft, scale: 'y', stroke: '#1d2330', grid: { stroke: '#eceff3' } }
    ];
    if (units.length > 1) {
      var right = panel.series.filter(function (s) { return s.unit !== units[0]; })
        .map(function (s) { return withUnit(s.label, s.unit); });
      axes.push({ label: right.join(', '), scale: 'y2', side: 1, stroke: '#1d2330', grid: { show: false } });
    }
    var isTime = panel.xTimeScale_s != null;
    var key = isTime ? 'time-' + panel.xTimeScale_s : null;
    var opts = {
      width: Math.max(320, el.clientWidth),
      height: 300,
      scales: { x: { time: false } },
      series: seriesOpts,
      axes: axes,
      cursor: { drag: { x: true, y: false, setScale: true } },
      plugins: [eventMarkers(panel)],
      hooks: {}
    };
    if (key) {
      opts.cursor.sync = { key: key, setSeries: false };
      opts.hooks.setScale = [function (u, scaleKey) {
        if (!ready || scaleKey !== 'x' || u._syncing) return;
        var peers = groups[key] || [];
        for (var i = 0; i < peers.length; i++) {
          var p = peers[i];
          if (p === u) continue;
          p._syncing = true;
          p.setScale('x', { min: u.scales.x.min, max: u.scales.x.max });
          p._syncing = false;
        }
      }];
    }
    var u = new uPlot(opts, aligned, el);
    charts.push({ u: u, el: el });
    if (key) (groups[key] = groups[key] || []).push(u);
  }
  data.panels.forEach(build);
  ready = true;
  window.ssbReportCharts = charts.map(function (c) { return c.u; }); // for debugging in the console
  var pending = 0;
  window.addEventListener('resize', function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) { c.u.setSize({ width: Math.max(320, c.el.clientWidth), height: 300 }); });
    }, 100);
  });
})();
`;

/** Render the report as one self-contained HTML string. */
export function renderReport(input: ReportInput): string {
  const { js, css } = loadUplot();
  const data = buildReportData(input);
  const e = escapeHtml;

  const headline = (input.headline ?? []).map((h) => `<div class="card"><div class="value">${e(h.value)}</div><div class="label">${e(h.label)}</div></div>`).join('\n');

  const panels = input.panels
    .map((p, i) => {
      const isTime = data.panels[i].xTimeScale_s !== null;
      const hint = isTime ? 'Drag to zoom (all time plots follow), double-click to reset. Dashed vertical lines mark events.' : 'Drag to zoom, double-click to reset.';
      return `<section class="panel"><h3>${e(p.title)}</h3><p class="hint">${hint}</p><div class="chart" id="chart-${i}"></div></section>`;
    })
    .join('\n');

  const shownEvents = input.events
    .map((ev, i) => ({ ev, i }))
    .sort((a, b) => a.ev.time_s - b.ev.time_s || a.i - b.i)
    .slice(0, MAX_EVENT_ROWS)
    .map((x) => x.ev);
  const eventsHtml =
    input.events.length === 0
      ? '<p class="empty">No events.</p>'
      : tableHtml(
          ['Time', 'Severity', 'Event'],
          shownEvents.map((ev) => [e(formatTime(ev.time_s)), `<span class="sev sev-${e(ev.severity)}">${e(ev.severity)}</span>`, e(ev.text)]),
        ) + (input.events.length > MAX_EVENT_ROWS ? `<p class="hint">Showing the first ${MAX_EVENT_ROWS} of ${input.events.length} events.</p>` : '');

  const extraTables = (input.tables ?? [])
    .map(
      (t) =>
        `<h2>${e(t.title)}</h2>\n${tableHtml(
          t.columns,
          t.rows.map((r) => r.map(cellText)),
        )}`,
    )
    .join('\n');

  const metricRows = flattenMetrics(input.metrics).map(([k, v]) => [e(k), e(formatMetricValue(v))]);
  const metricsHtml = metricRows.length === 0 ? '<p class="empty">No metrics.</p>' : tableHtml(['Metric', 'Value'], metricRows, 'kv');

  const prov = input.provenance;
  const provenanceHtml = `${tableHtml(
    ['Field', 'Value'],
    [
      ['version', e(prov.version)],
      ['seed', e(String(prov.seed))],
      ['generated by', e(prov.generated_by)],
    ],
    'kv',
  )}
<details><summary>Inputs (scenario YAML)</summary><pre>${e(prov.inputs)}</pre></details>`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${e(prov.generated_by)}">
<title>${e(input.title)}</title>
<style>
${css}
</style>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${e(input.title)}</h1>
${input.subtitle ? `<p class="subtitle">${e(input.subtitle)}</p>` : ''}
${headline ? `<div class="headline">\n${headline}\n</div>` : ''}
</header>
${input.panels.length ? `<h2>Time series</h2>\n${panels}` : ''}
<h2>Events</h2>
${eventsHtml}
${extraTables}
<h2>Metrics</h2>
${metricsHtml}
<h2>Provenance</h2>
${provenanceHtml}
<footer>Generated by ${e(prov.generated_by)} · version ${e(prov.version)} · seed ${e(String(prov.seed))}. Self-contained: works offline.</footer>
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>
${js}
</script>
<script>
${CLIENT}
</script>
</body>
</html>
`;
}
