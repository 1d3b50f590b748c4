/**
 * `ssb import FILE`: reads a measured file (CSV or gzip CSV), prints what was recognised and
 * optionally writes it normalised (time_s, current_A positive on discharge, voltage_V, temp_K).
 */
import { resolve } from 'node:path';
import { PartialFile } from '../../packages/io/output-files.js';
import { outputPathOption, refuseOutputOverInput } from '../../packages/io/output-guard.js';
import { streamMeasured, type ImportInfo } from '../../packages/io/import/index.js';
import { formatNumber } from '../../packages/io/summary.js';
import { importOptionsFrom } from './measured-options.js';
import { reportError } from './report-error.js';

export interface ImportCliOpts {
  columns?: string;
  currentSign?: string;
  json?: boolean;
  out?: string;
}

interface Range {
  min: number;
  max: number;
}

/** `ssb import`: returns the exit code. */
export async function importCommand(file: string, opts: ImportCliOpts): Promise<number> {
  const debug = process.argv.includes('--debug');
  let out: PartialFile | null = null;
  try {
    const outPath = outputPathOption(opts.out, '--out');
    // the output must not be the file being read: refused before anything is read or written
    if (outPath !== undefined) refuseOutputOverInput([file], [{ path: outPath, option: '--out' }]);
    const io = importOptionsFrom(opts);
    const { info, chunks } = streamMeasured(file, io);
    const ranges: Record<'current_A' | 'voltage_V' | 'temp_K', Range> = {
      current_A: { min: Infinity, max: -Infinity },
      voltage_V: { min: Infinity, max: -Infinity },
      temp_K: { min: Infinity, max: -Infinity },
    };
    let hasTemp = false;
    // written as <out>.partial, renamed when complete (output-files.ts)
    if (outPath !== undefined) out = new PartialFile(outPath);
    let headerWritten = false;
    for await (const c of chunks) {
      range(ranges.current_A, c.current_A, c.length);
      range(ranges.voltage_V, c.voltage_V, c.length);
      if (c.temp_K) {
        hasTemp = true;
        range(ranges.temp_K, c.temp_K, c.length);
      }
      if (out) {
        if (!headerWritten) {
          out.write(c.temp_K ? 'time_s,current_A,voltage_V,temp_K\n' : 'time_s,current_A,voltage_V\n');
          headerWritten = true;
        }
        const lines: string[] = [];
        for (let i = 0; i < c.length; i++) {
          lines.push(c.temp_K ? `${c.time_s[i]},${c.current_A[i]},${c.voltage_V[i]},${c.temp_K[i]}` : `${c.time_s[i]},${c.current_A[i]},${c.voltage_V[i]}`);
        }
        out.write(lines.join('\n') + '\n');
      }
    }
    const result = await info;
    out?.commit();
    const r = { ...result, ranges: { current_A: ranges.current_A, voltage_V: ranges.voltage_V, temp_K: hasTemp ? ranges.temp_K : null } };
    if (opts.json) process.stdout.write(JSON.stringify(r, null, 2) + '\n');
    else process.stdout.write(summary(result, r.ranges, opts.out) + '\n');
    return 0;
  } catch (e) {
    out?.abort();
    return reportError(e, debug);
  }
}

function range(r: Range, a: Float64Array, n: number): void {
  let lo = r.min;
  let hi = r.max;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  r.min = lo;
  r.max = hi;
}

const FORMAT_NAMES: Record<ImportInfo['format'], string> = {
  panasonic: 'Panasonic 18650PF (Kollmeyer, Mendeley Data doi:10.17632/wykht8y7tg.1)',
  arbin: 'Arbin export',
  bdf: 'Battery Data Format (BDF)',
  maccor: 'Maccor ASCII export',
  neware: 'Neware BTS export',
  biologic: 'BioLogic EC-Lab text export',
  digatron: 'Digatron export (Panasonic 18650PF layout)',
  mapped: 'mapped with --columns',
};

function summary(info: ImportInfo, ranges: { current_A: Range; voltage_V: Range; temp_K: Range | null }, out?: string): string {
  const f = (v: number, d = 4) => formatNumber(v, d);
  const dur = (info.endTime_s ?? 0) - (info.startTime_s ?? 0);
  const lines = [
    `file:            ${info.file}${info.gzip ? ' (gzip)' : ''}`,
    `format:          ${FORMAT_NAMES[info.format]}`,
    `columns:         time ← ${info.columns.time}; current ← ${info.columns.current}; voltage ← ${info.columns.voltage}; temperature ← ${info.columns.temperature ?? '(none)'}${info.columns.step ? `; step ← ${info.columns.step}` : ''}`,
    info.signNote
      ? `current sign:    ${info.signNote} → positive on discharge`
      : `current sign:    file is ${info.currentSign}${info.currentSign === 'discharge-negative' ? ' → negated (positive on discharge)' : ''}`,
    `rows:            ${info.rows}  (${info.repeatedTimeRows} repeated time stamps dropped)`,
    `duration:        ${f(dur)} s (${f(dur / 3600, 3)} h), from ${f(info.startTime_s ?? 0)} s`,
    `median dt:       ${f(info.medianDt_s)} s`,
    `gaps:            ${info.gapCount} longer than ${f(info.gapThreshold_s ?? 0)} s${
      info.gaps.length
        ? ': ' +
          info.gaps
            .slice(0, 5)
            .map(([t, d]) => `${f(d)} s at ${f(t)} s`)
            .join(', ') +
          (info.gapCount > 5 ? ', …' : '')
        : ''
    }`,
    `current:         ${f(ranges.current_A.min)} … ${f(ranges.current_A.max)} A`,
    `voltage:         ${f(ranges.voltage_V.min)} … ${f(ranges.voltage_V.max)} V`,
    `temperature:     ${ranges.temp_K ? `${f(ranges.temp_K.min - 273.15)} … ${f(ranges.temp_K.max - 273.15)} °C` : '(none)'}`,
  ];
  for (const w of info.warnings) lines.push(`warning:         ${w}`);
  if (out) lines.push(`written:         ${resolve(out)} (time_s, current_A, voltage_V${ranges.temp_K ? ', temp_K' : ''})`);
  return lines.join('\n');
}
