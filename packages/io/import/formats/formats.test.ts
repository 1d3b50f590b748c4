/**
 * Cycler formats of formats/index.ts, round trip: a known profile (rest, discharge, rest, charge)
 * is written in each format's published layout (preamble, column names, units, sign convention,
 * delimiter), imported without flags and compared sample by sample with the profile in SI, current
 * positive on discharge.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../../core/errors.js';
import { readMeasured } from '../index.js';

const TMP = mkdtempSync(join(tmpdir(), 'ssb-formats-test-'));
let fileNo = 0;
function write(name: string, text: string | Buffer): string {
  const f = join(TMP, `${fileNo++}-${name}`);
  writeFileSync(f, text);
  return f;
}

/** The profile: time [s], current [A] positive on discharge, voltage [V], temperature [°C], step. */
interface Sample {
  t: number;
  i: number;
  v: number;
  c: number;
  step: number;
}
const PROFILE: Sample[] = [];
for (let k = 0; k < 40; k++) {
  const t = 10 * k + (k % 3) * 0.25;
  const step = k < 5 ? 1 : k < 20 ? 2 : k < 25 ? 3 : 4;
  const i = step === 2 ? 2.5 : step === 4 ? -1.25 : 0;
  PROFILE.push({ t, i, v: +(3.6 + 0.01 * Math.sin(k)).toFixed(4), c: +(25 + 0.05 * k).toFixed(2), step });
}

async function roundTrip(file: string, format: string, o: { temp?: boolean; step?: boolean } = {}): Promise<void> {
  const { series, info } = await readMeasured(file);
  assert.equal(info.format, format);
  assert.equal(series.length, PROFILE.length);
  for (let k = 0; k < PROFILE.length; k++) {
    const p = PROFILE[k];
    assert.ok(Math.abs(series.time_s[k] - (p.t - PROFILE[0].t)) < 1e-6 || Math.abs(series.time_s[k] - p.t) < 1e-6, `t[${k}] ${series.time_s[k]} vs ${p.t}`);
    assert.ok(Math.abs(series.current_A[k] - p.i) < 1e-9, `I[${k}] ${series.current_A[k]} vs ${p.i} (positive on discharge)`);
    assert.ok(Math.abs(series.voltage_V[k] - p.v) < 1e-9, `V[${k}]`);
    if (o.temp) assert.ok(Math.abs(series.temp_K![k] - (p.c + 273.15)) < 1e-9, `T[${k}]`);
    if (o.step) assert.equal(series.step![k], p.step);
  }
  if (!o.temp) assert.equal(series.temp_K, null);
}

// Maccor ASCII export as read by battdat/io/maccor.py: "Date of Test:" on line 1, tab-separated, Test (Min), unsigned Amps, State C/D/R
function maccor(): string {
  const lines = [
    "Today's Date\t12/07/2026 7:00:00 AM\tDate of Test:\t12/01/2026\tFilename:\tC:\\Data\\cell01.001\tProcedure:\tHPPC.000",
    'Rec#\tCyc#\tStep\tTest (Min)\tStep (Sec)\tAmp-hr\tWatt-hr\tAmps\tVolts\tState\tES\tDPt Time\tTemp 1',
  ];
  PROFILE.forEach((p, k) => {
    const state = p.i > 0 ? 'D' : p.i < 0 ? 'C' : 'R';
    lines.push([k + 1, 0, p.step, (p.t / 60).toFixed(10), 0, 0, 0, Math.abs(p.i).toFixed(4), p.v.toFixed(4), state, 0, '12/01/2026 08:00:00', p.c.toFixed(2)].join('\t'));
  });
  return `${lines.join('\r\n')}\r\n`;
}

test('Maccor ASCII export: preamble skipped, Test (Min) → s, unsigned Amps signed by State (D +, C −, R 0), Temp 1 in °C', async () => {
  const f = write('cell01.001', maccor());
  await roundTrip(f, 'maccor', { temp: true, step: true });
  const { info } = await readMeasured(f);
  assert.match(info.signNote ?? '', /State/);
  assert.equal(info.columns.time, 'Test (Min) [Min]');
});

test('Maccor: an unknown state letter is an input error naming the line, the column and the letter', async () => {
  const text = maccor().replace('\tR\t', '\tX\t');
  await assert.rejects(readMeasured(write('bad.001', text)), (e: unknown) => e instanceof InputError && /line 3: state 'X' in column 'State'/.test(e.message));
});

// Neware BTS CSV as mapped by PyProBE neware.py: Total Time h:mm:ss, Current(A) negative on discharge, Chg./DChg. Cap.(Ah), T1(°C)
function neware(): string {
  const clock = (s: number) => {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s - 3600 * h - 60 * m;
    return `${h}:${String(m).padStart(2, '0')}:${sec < 10 ? '0' : ''}${sec.toFixed(3)}`;
  };
  const lines = ['Record Index,Status,Jump To,Cycle Index,Step Index,Current(A),Voltage(V),Chg. Cap.(Ah),DChg. Cap.(Ah),Total Time,T1(°C)'];
  PROFILE.forEach((p, k) => {
    const status = p.i > 0 ? 'CC DChg' : p.i < 0 ? 'CC Chg' : 'Rest';
    lines.push([k + 1, status, 1, 1, p.step, (-p.i).toFixed(4), p.v.toFixed(4), 0, 0, clock(p.t), p.c.toFixed(2)].join(','));
  });
  return `\ufeff${lines.join('\n')}\n`;
}

test('Neware export: Total Time h:mm:ss.fff → s, current negative on discharge negated, T1(°C), Step Index, BOM', async () => {
  await roundTrip(write('neware.csv', neware()), 'neware', { temp: true, step: true });
});

test('Neware: a clock time that is no time is an input error naming the column', async () => {
  const text = neware().replace('0:00:10.250', '0:0x:10');
  await assert.rejects(readMeasured(write('neware-bad.csv', text)), (e: unknown) => e instanceof InputError && /Total Time/.test(e.message) && /0:0x:10/.test(e.message));
});

// BioLogic EC-Lab .mpt (text) as read by PyProBE biologic.py: "Nb header lines : N", the header on line N, tab-separated, I/mA positive on charge
function biologic(current = '<I>/mA'): string {
  const header = [
    'mode',
    'ox/red',
    'error',
    'control changes',
    'Ns changes',
    'counter inc.',
    'Ns',
    'time/s',
    'control/V/mA',
    'Ecell/V',
    current,
    'dq/mA.h',
    'Q charge/discharge/mA.h',
    'Temperature/°C',
  ].join('\t');
  const pre = ['EC-Lab ASCII FILE', 'Nb header lines : 6', '', 'Chronoamperometry / Chronocoulometry', 'Acquisition started on : 12/01/2026 08:00:00.000', header];
  const rows = PROFILE.map((p) => [1, p.i < 0 ? 1 : 0, 0, 0, 0, 0, p.step - 1, p.t.toFixed(4), 0, p.v.toFixed(4), (-1000 * p.i).toFixed(4), 0, 0, p.c.toFixed(2)].join('\t'));
  return Buffer.from(`${[...pre, ...rows].join('\r\n')}\r\n`, 'latin1').toString('latin1');
}

test('BioLogic EC-Lab text export: header at line N of "Nb header lines : N", <I>/mA (positive on charge) → A on discharge, Ecell/V, Temperature/°C, Ns', async () => {
  const f = write('cell.mpt', Buffer.from(biologic(), 'latin1'));
  const { series, info } = await readMeasured(f);
  assert.equal(info.format, 'biologic');
  assert.equal(info.columns.current, '<I>/mA [mA]');
  for (let k = 0; k < PROFILE.length; k++) {
    assert.ok(Math.abs(series.current_A[k] - PROFILE[k].i) < 1e-9, `I[${k}]`);
    assert.ok(Math.abs(series.temp_K![k] - (PROFILE[k].c + 273.15)) < 1e-9, `T[${k}]`);
    assert.equal(series.step![k], PROFILE[k].step - 1, 'Ns as written (0-based sequence)');
  }
  // the plain I/mA name of other EC-Lab versions
  const g = write('cell2.mpt', Buffer.from(biologic('I/mA'), 'latin1'));
  assert.equal((await readMeasured(g)).info.format, 'biologic');
});

test('BioLogic: a second line that is not "Nb header lines : N" is an input error naming line 2', async () => {
  const text = biologic().replace('Nb header lines : 6', 'Nb header lines : six');
  await assert.rejects(readMeasured(write('bad.mpt', text)), (e: unknown) => e instanceof InputError && /line 2/.test(e.message) && /Nb header lines/.test(e.message));
});

// Digatron: the layout of the shared Panasonic 18650PF files (Time, Voltage, Current, Ah; current negative on discharge) without their temperature column
function digatron(): string {
  const lines = ['Time,Voltage,Current,Ah,Wh,Power'];
  for (const p of PROFILE) lines.push([p.t.toFixed(3), p.v.toFixed(4), (-p.i).toFixed(5), 0, 0, 0].join(','));
  return `${lines.join('\n')}\n`;
}

test('Digatron (Panasonic-file layout without Battery_Temp_degC): recognised, current negated to positive on discharge', async () => {
  await roundTrip(write('digatron.csv', digatron()), 'digatron');
});

test('a cycler file with a flag: --current-sign is ignored where a State column signs the current (with a warning)', async () => {
  const { series, info } = await readMeasured(write('c.001', maccor()), { currentSign: 'discharge-negative' });
  assert.equal(series.current_A[10], 2.5);
  assert.ok(info.warnings.some((w) => /ignored/.test(w)));
});
