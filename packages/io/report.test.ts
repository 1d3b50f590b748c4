import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { decimateMinMax, escapeHtml, flattenMetrics, formatMetricValue, jsonForScript, renderReport, type ReportData, type ReportInput } from './report.js';

function sampleInput(n: number): ReportInput {
  const t = Float64Array.from({ length: n }, (_, i) => i);
  const current = Float64Array.from(t, (x) => 50 * Math.sin(x / 500));
  current[12_345] = 900; // spike that decimation must keep
  const voltage = Float64Array.from(t, (x) => 3.7 - x * 1e-5);
  const temp = Float64Array.from(t, (x) => 298 + x * 1e-3);
  return {
    title: 'Drive <cycle> & "test"',
    subtitle: 'WLTP × 3 </script><script>alert(1)</script>',
    headline: [
      { label: 'Range', value: '412 km' },
      { label: 'SoH', value: '98.7 %' },
    ],
    metrics: { energy: { discharged_Wh: 61234.5678, charged_Wh: 1.23456e-5 }, steps: 123456, ok: true, note: '<b>' },
    panels: [
      {
        title: 'Electrical',
        xLabel: 'Time [s]',
        yLabel: 'Current',
        series: [
          { label: 'Pack current', unit: 'A', x: t, y: current },
          { label: 'Cell voltage', unit: 'V', x: t, y: voltage, dash: true },
        ],
      },
      {
        title: 'Thermal',
        xLabel: 'Time [s]',
        yLabel: 'Temperature',
        kind: 'step',
        series: [{ label: 'Cell temperature', unit: 'K', x: t, y: temp, color: '#aa3300' }],
      },
    ],
    events: [
      { time_s: 1000, severity: 'warning', text: 'Over-temperature <warning>' },
      { time_s: 20_000, severity: 'fault', text: 'Isolation fault' },
    ],
    tables: [
      {
        title: 'Cells',
        columns: ['id', 'capacity_Ah'],
        rows: [
          [1, 4.98765],
          ['b<2>', 5],
        ],
      },
    ],
    provenance: { version: '0.1.0', seed: 7, inputs: 'name: demo\nnote: "</script>"\n', generated_by: 'ssb run' },
    maxPointsPerSeries: 1000,
  };
}

function embeddedData(html: string): ReportData {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m, 'JSON data block present');
  assert.ok(!m[1].includes('</'), 'no </ inside the JSON block');
  return JSON.parse(m[1]) as ReportData;
}

test('decimateMinMax keeps first/last, a narrow spike and a dip, in time order, within budget', () => {
  const n = 100_000;
  const x = Float64Array.from({ length: n }, (_, i) => i * 0.1);
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 1000));
  y[54_321] = 50; // one-sample spike
  y[77_777] = -40; // one-sample dip
  const d = decimateMinMax(x, y, 500);
  assert.ok(d.x.length <= 500 && d.x.length > 400, `length ${d.x.length}`);
  assert.equal(d.x.length, d.y.length);
  assert.equal(d.x[0], x[0]);
  assert.equal(d.x[d.x.length - 1], x[n - 1]);
  assert.equal(Math.max(...d.y), 50);
  assert.equal(Math.min(...d.y), -40);
  assert.equal(d.x[d.y.indexOf(50)], x[54_321]);
  assert.equal(d.x[d.y.indexOf(-40)], x[77_777]);
  for (let i = 1; i < d.x.length; i++) assert.ok(d.x[i] > d.x[i - 1], 'strictly increasing x');
  // every output point is an input point
  for (let i = 0; i < d.x.length; i++) assert.equal(d.y[i], y[Math.round(d.x[i] / 0.1)]);
});

test('decimateMinMax: short input copied unchanged; NaN-only buckets keep a gap', () => {
  const d = decimateMinMax([0, 1, 2], [5, 6, 7], 4000);
  assert.deepEqual(Array.from(d.x), [0, 1, 2]);
  assert.deepEqual(Array.from(d.y), [5, 6, 7]);
  const n = 10_000;
  const x = Float64Array.from({ length: n }, (_, i) => i);
  const y = Float64Array.from({ length: n }, (_, i) => (i >= 4000 && i < 6000 ? NaN : 1));
  const g = decimateMinMax(x, y, 100);
  assert.ok(
    g.y.some((v) => Number.isNaN(v)),
    'gap preserved',
  );
  assert.throws(() => decimateMinMax([1, 2], [1], 10), /x has 2/);
});

test('renderReport: self-contained, uPlot inlined, data round-trips to the decimated series', () => {
  const input = sampleInput(30_000);
  const html = renderReport(input);

  // No network: no external script/link/img sources at all.
  assert.doesNotMatch(html, /<(script|link|img|iframe)[^>]*\s(src|href)\s*=\s*["']?(https?:)?\/\//i);
  assert.doesNotMatch(html, /<link\b/i);
  assert.doesNotMatch(html, /<script[^>]*\ssrc=/i);
  // uPlot code and CSS are inlined verbatim.
  const require = createRequire(import.meta.url);
  const uplotJs = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const uplotCss = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  assert.ok(html.includes(uplotJs.slice(0, 200)) && html.includes(uplotJs.slice(-200)), 'uPlot JS inlined');
  assert.ok(html.includes(uplotCss.slice(0, 100)), 'uPlot CSS inlined');

  // Embedded JSON equals the decimated input.
  const data = embeddedData(html);
  assert.equal(data.panels.length, 2);
  input.panels.forEach((panel, p) => {
    assert.equal(data.panels[p].title, panel.title);
    assert.equal(data.panels[p].xTimeScale_s, 1);
    panel.series.forEach((s, k) => {
      const d = decimateMinMax(s.x, s.y, 1000);
      const got = data.panels[p].series[k];
      assert.equal(got.unit, s.unit);
      assert.deepEqual(got.x, Array.from(d.x));
      assert.deepEqual(got.y, Array.from(d.y));
      assert.ok(got.x.length <= 1000);
    });
  });
  assert.equal(data.panels[1].kind, 'step');
  assert.equal(data.panels[1].series[0].color, '#aa3300');
  assert.ok(data.panels[0].series[0].y.includes(900), 'spike survives into the report');
  assert.deepEqual(data.events, input.events);

  // Text is escaped; the injected script never appears raw.
  assert.ok(!html.includes('<script>alert(1)</script>'));
  assert.ok(html.includes('Drive &lt;cycle&gt; &amp; &quot;test&quot;'));
  assert.ok(html.includes('Over-temperature &lt;warning&gt;'));
  assert.ok(html.includes('b&lt;2&gt;'));
  // Headline, metrics (flattened + rounded), events, provenance.
  assert.ok(html.includes('412 km') && html.includes('98.7 %'));
  assert.ok(html.includes('energy.discharged_Wh') && html.includes('61230'));
  assert.ok(html.includes('1.235e-5'));
  assert.ok(html.includes('123456'));
  assert.ok(html.includes('Isolation fault'));
  assert.match(html, /<details><summary>Inputs \(scenario YAML\)<\/summary><pre>name: demo\nnote: &quot;&lt;\/script&gt;&quot;\n<\/pre><\/details>/);
  assert.ok(html.includes('0.1.0') && html.includes('ssb run'));
  // Exactly three scripts: data, uPlot, client.
  assert.equal(html.match(/<script\b/g)?.length, 3);
});

test('renderReport: panels whose x is not time get no time scale; empty inputs still render', () => {
  const html = renderReport({
    title: 'OCV',
    metrics: {},
    panels: [
      { title: 'OCV', xLabel: 'SoC [-]', yLabel: 'OCV', series: [{ label: 'ocv', unit: 'V', x: [0, 0.5, 1], y: [3, 3.6, 4.2] }] },
      { title: 'Hours', xLabel: 'Time [h]', yLabel: 'T', series: [] },
    ],
    events: [],
    provenance: { version: '0', seed: 'abc', inputs: '', generated_by: 'test' },
  });
  const sorted = renderReport({
    title: 't',
    metrics: {},
    panels: [],
    events: [
      { time_s: 7200, severity: 'fault', text: 'late' },
      { time_s: 5, severity: 'info', text: 'early' },
    ],
    provenance: { version: '0', seed: 1, inputs: '', generated_by: 'test' },
  });
  assert.ok(sorted.indexOf('early') < sorted.indexOf('late'), 'events table sorted by time');
  assert.ok(sorted.includes('7200 s (2 h)'));
  const data = embeddedData(html);
  assert.equal(data.panels[0].xTimeScale_s, null);
  assert.equal(data.panels[1].xTimeScale_s, 3600);
  assert.ok(html.includes('No events.'));
  assert.ok(html.includes('No metrics.'));
});

test('helpers: escaping, script-safe JSON, metric flattening and formatting', () => {
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  const j = jsonForScript({ s: '</script><!--' });
  assert.ok(!j.includes('<'));
  assert.deepEqual(JSON.parse(j), { s: '</script><!--' });
  assert.deepEqual(flattenMetrics({ a: { b: { c: 1 }, d: [1, 2] }, e: null }), [
    ['a.b.c', 1],
    ['a.d', [1, 2]],
    ['e', null],
  ]);
  assert.equal(formatMetricValue(Math.PI), '3.142');
  assert.equal(formatMetricValue(42), '42');
  assert.equal(formatMetricValue(false), 'no');
  assert.equal(formatMetricValue([0.5, 2]), '[0.5, 2]');
  assert.equal(formatMetricValue(undefined), '—');
});
