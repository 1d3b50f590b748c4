/**
 * Self-contained HTML report of `ssb fit` (same renderer, styling and inlined uPlot as the
 * simulation report, `report.ts`): the OCV branches with the fitted average and hysteresis, per
 * temperature the measured vs model voltage of every pulse and the residuals, the RMS residual per
 * temperature, and the fitted parameter tables.
 */
import { renderReport, type ReportPanel, type ReportTable } from './report.js';
import type { FitReport, EcmModelFile, DynamicCalibration } from '../core/fit/index.js';

const fmt = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '—');

/**
 * Pulses of one temperature laid end to end on one axis: each pulse window starts where the
 * previous ended (plus a 10 % spacer) so that data, model and residual can be compared at a glance;
 * the x axis is "pulse time" [s], not the file's time.
 */
function concatenate(pulses: FitReport['pulses']) {
  const x: number[] = [];
  const data: number[] = [];
  const model: number[] = [];
  const res: number[] = [];
  let offset = 0;
  for (const p of pulses) {
    const t0 = p.t_s[0];
    const span = p.t_s[p.t_s.length - 1] - t0;
    for (let i = 0; i < p.t_s.length; i++) {
      x.push(offset + p.t_s[i] - t0);
      data.push(p.v_V[i]);
      model.push(p.vModel_V[i]);
      res.push((p.vModel_V[i] - p.v_V[i]) * 1000);
    }
    // a gap (NaN) separates the pulses in the plot
    x.push(offset + span * 1.05);
    data.push(NaN);
    model.push(NaN);
    res.push(NaN);
    offset += span * 1.1;
  }
  return { x, data, model, res };
}

export function renderFitReport(model: EcmModelFile, report: FitReport, o: { version: string; inputs: string; generatedBy?: string; dynamic?: DynamicCalibration }): string {
  const oc = report.ocv;
  const nan = (a: (number | null)[]) => a.map((v) => (v === null ? NaN : v));
  const panels: ReportPanel[] = [
    {
      title: `OCV test (${oc.file}): branches, fitted OCV (average) and OCV ± hysteresis`,
      xLabel: 'SoC [-]',
      yLabel: 'voltage',
      xTime: false,
      series: [
        { label: 'discharge branch (measured)', unit: 'V', x: oc.raw.dischargeSoc, y: oc.raw.dischargeV, color: '#d62728' },
        { label: 'charge branch (measured)', unit: 'V', x: oc.raw.chargeSoc, y: oc.raw.chargeV, color: '#1f77b4' },
        { label: 'OCV (fitted average)', unit: 'V', x: oc.soc, y: oc.ocv_V, color: '#2ca02c' },
        { label: 'OCV − M', unit: 'V', x: oc.soc, y: oc.ocv_V.map((u, i) => u - oc.m_V[i]), color: '#ff7f0e', dash: true },
        { label: 'OCV + M', unit: 'V', x: oc.soc, y: oc.ocv_V.map((u, i) => u + oc.m_V[i]), color: '#9467bd', dash: true },
      ],
    },
    {
      title: 'Hysteresis magnitude M(z) and the low-rate IR drop separated from the branch gap',
      xLabel: 'SoC [-]',
      yLabel: 'voltage [mV]',
      xTime: false,
      series: [
        { label: 'half gap (charge − discharge)/2', unit: 'mV', x: oc.soc, y: nan(oc.charge_V).map((c, i) => ((c - (oc.discharge_V[i] ?? NaN)) / 2) * 1000) },
        { label: 'IR drop I·(R0+R1+R2)', unit: 'mV', x: oc.soc, y: oc.irDrop_V.map((v) => v * 1000), dash: true },
        { label: 'M (fitted)', unit: 'mV', x: oc.soc, y: oc.m_V.map((v) => v * 1000) },
      ],
    },
  ];
  const dyn = o.dynamic;
  if (dyn) {
    const tr = dyn.trace;
    panels.push(
      {
        title: `Dynamic calibration on ${dyn.file}: measured voltage and the calibrated model (model driven by the measured current along the counted SoC)`,
        xLabel: 'time [s]',
        yLabel: 'voltage',
        series: [
          { label: 'measured', unit: 'V', x: tr.time_s, y: tr.measured_V },
          { label: 'model (calibrated)', unit: 'V', x: tr.time_s, y: tr.measured_V.map((v, i) => v + tr.errorAfter_V[i]), dash: true },
        ],
      },
      {
        title: `Dynamic calibration: model − measured, before (the characterisation fit, ${fmt(dyn.capacityOcvTest_Ah, 4)} Ah) and after (${fmt(dyn.capacity_Ah, 4)} Ah, γ ${fmt(dyn.gamma, 1)}, exponent ${fmt(dyn.exponent, 1)}); RMS ${fmt(dyn.before.rms_mV, 1)} → ${fmt(dyn.after.rms_mV, 1)} mV`,
        xLabel: 'time [s]',
        yLabel: 'error [mV]',
        series: [
          { label: 'before', unit: 'mV', x: tr.time_s, y: tr.errorBefore_V.map((e) => e * 1000) },
          { label: 'after', unit: 'mV', x: tr.time_s, y: tr.errorAfter_V.map((e) => e * 1000) },
        ],
      },
    );
  }
  for (const pt of report.perTemperature) {
    const ps = report.pulses.filter((p) => pt.files.includes(p.file) && Math.abs(p.temp_C - pt.temp_C) < 5).sort((a, b) => a.start_s - b.start_s || a.file.localeCompare(b.file));
    const c = concatenate(ps);
    panels.push({
      title: `${fmt(pt.temp_C, 1)} °C: ${ps.length} pulses, measured vs model (pulses end to end, 10 % spacer)`,
      xLabel: 'pulse time [s]',
      yLabel: 'voltage',
      xTime: false,
      series: [
        { label: 'measured', unit: 'V', x: c.x, y: c.data, color: '#1f77b4' },
        { label: 'model (fitted tables)', unit: 'V', x: c.x, y: c.model, color: '#d62728', dash: true },
      ],
    });
    panels.push({
      title: `${fmt(pt.temp_C, 1)} °C: residual (model − measured), RMS ${fmt(pt.rms_mV, 2)} mV`,
      xLabel: 'pulse time [s]',
      yLabel: 'residual [mV]',
      xTime: false,
      series: [{ label: 'residual', unit: 'mV', x: c.x, y: c.res, color: '#7f7f7f' }],
    });
  }
  const r = model.resistance;
  const tables: ReportTable[] = [
    {
      title: 'RMS voltage residual per temperature',
      columns: ['temperature [°C]', 'pulses', 'RMS, fitted tables [mV]', 'RMS, each pulse its own fit [mV]', 'files'],
      rows: report.perTemperature.map((p) => [fmt(p.temp_C, 1), p.pulses, fmt(p.rms_mV, 2), fmt(p.rmsFit_mV, 2), p.files.join(', ')]),
    },
  ];
  const tab = (title: string, key: 'r0_ohm' | 'r1_ohm' | 'tau1_s' | 'r2_ohm' | 'tau2_s', scale: number, d: number) => ({
    title,
    columns: ['T [°C] \\ SoC', ...r.soc.map((z) => fmt(z, 2))],
    rows: r.temp_C.map((t, j) => [fmt(t, 1), ...r[key][j].map((v) => fmt(v * scale, d))]),
  });
  tables.push(tab('R0 [mΩ]', 'r0_ohm', 1e3, 2), tab('R1 [mΩ]', 'r1_ohm', 1e3, 2), tab('τ1 [s]', 'tau1_s', 1, 2), tab('R2 [mΩ]', 'r2_ohm', 1e3, 2), tab('τ2 [s]', 'tau2_s', 1, 1));
  tables.push({
    title: 'Pulses',
    columns: ['file', '#', 'T [°C]', 'SoC', 'I [A]', 'duration [s]', 'R0 step [mΩ]', 'R0 [mΩ]', 'R1 [mΩ]', 'τ1 [s]', 'R2 [mΩ]', 'τ2 [s]', 'RMS own fit [mV]', 'RMS tables [mV]'],
    rows: report.pulses.map((p) => [
      p.file,
      p.index,
      fmt(p.temp_C, 1),
      fmt(p.soc, 3),
      fmt(p.current_A, 2),
      fmt(p.duration_s, 1),
      fmt(p.r0Step_ohm * 1e3, 2),
      fmt(p.r0_ohm * 1e3, 2),
      p.r1_ohm === null ? '—' : fmt(p.r1_ohm * 1e3, 2),
      p.tau1_s === null ? '—' : fmt(p.tau1_s, 2),
      p.r2_ohm === null ? '—' : fmt(p.r2_ohm * 1e3, 2),
      p.tau2_s === null ? '—' : fmt(p.tau2_s, 1),
      p.rmsFit_mV === null ? '—' : fmt(p.rmsFit_mV, 2),
      fmt(p.rms_mV, 2),
    ]),
  });
  if (report.gaps.length)
    tables.push({
      title: 'Logging gaps bridged by the OCV (charge inferred from the rest voltages around the gap)',
      columns: ['file', 'start [s]', 'length [s]', 'charge [Ah]'],
      rows: report.gaps.map((g) => [g.file, fmt(g.start_s, 1), fmt(g.length_s, 1), fmt(g.bridgedAh, 4)]),
    });
  const worst = report.perTemperature.reduce((a, p) => Math.max(a, p.rms_mV), 0);
  return renderReport({
    title: `ECM fit: ${model.name}`,
    subtitle: `capacity ${fmt(model.capacity_Ah, 4)} Ah · ${r.temp_C.length} temperatures (${r.temp_C.map((t) => fmt(t, 1)).join(', ')} °C) · fitted ${model.provenance.fitDate}`,
    headline: [
      { label: 'usable capacity', value: `${fmt(model.capacity_Ah, 4)} Ah` },
      { label: 'hysteresis max', value: `${fmt(Math.max(...model.hysteresis.m_V) * 1000, 1)} mV, γ ${fmt(model.hysteresis.gamma, 0)}, exponent ${fmt(model.hysteresis.exponent ?? 1, 1)}` },
      { label: 'worst RMS per temperature', value: `${fmt(worst, 2)} mV` },
    ],
    metrics: {
      capacity_Ah: model.capacity_Ah,
      nominalCapacity_Ah: oc.nominalCapacity_Ah,
      ocvTestCharge_Ah: oc.chargeAh,
      ocvTestCurrent_A: oc.current_A,
      ocvTestTemp_C: oc.temp_C,
      coulombicEfficiency: model.coulombicEfficiency,
      coulombicEfficiencyMeasured: oc.coulombicEfficiencyMeasured,
      hysteresisGamma: model.hysteresis.gamma,
      hysteresisShapeFitRms_mV: oc.gammaFitRms_mV,
      hysteresisExponent: model.hysteresis.exponent ?? 1,
      ...(o.dynamic
        ? {
            dynamicCalibrationFile: o.dynamic.file,
            dynamicCapacityOcvTest_Ah: o.dynamic.capacityOcvTest_Ah,
            dynamicVoltageRmsBefore_mV: +o.dynamic.before.rms_mV.toFixed(2),
            dynamicVoltageRmsAfter_mV: +o.dynamic.after.rms_mV.toFixed(2),
          }
        : {}),
      vMin_V: model.vMin_V,
      vMax_V: model.vMax_V,
    },
    panels,
    events: [],
    tables: [{ title: 'Notes', columns: ['note'], rows: report.notes.map((n) => [n]) }, ...tables],
    provenance: { version: o.version, seed: '—', inputs: o.inputs, generated_by: o.generatedBy ?? 'ssb fit' },
  });
}
