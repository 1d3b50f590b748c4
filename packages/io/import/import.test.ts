import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { InputError } from '../../core/errors.js';
import { parseColumnsFlag, readMeasured, streamMeasured, type ImportOptions } from './index.js';
import type { MeasuredChunk } from '../../core/data/measured.js';

const TMP = mkdtempSync(join(tmpdir(), 'ssb-import-test-'));
let fileNo = 0;

function write(name: string, text: string | Buffer): string {
  const f = join(TMP, `${fileNo++}-${name}`);
  writeFileSync(f, text);
  return f;
}

async function rejectsInput(p: Promise<unknown>, ...patterns: RegExp[]): Promise<InputError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`);
    for (const re of patterns) assert.match(e.message, re);
    return e;
  }
  assert.fail('expected an InputError');
}

const PANASONIC = `Time,Voltage,Current,Ah,Wh,Power,Battery_Temp_degC,Chamber_Temp_degC
0.000,4.17802,-0.01062,0.000000,0.000000,-0.0444,25.619,NaN
0.101,4.17673,-2.04981,-0.000000,-0.000000,-0.2080,25.619,NaN
0.202,4.17609,1.50000,-0.000000,-0.000010,-0.2762,25.700,NaN
`;

test('Panasonic 18650PF layout: recognised, current negated (discharge positive), °C → K, Chamber NaN ignored', async () => {
  const { series, info } = await readMeasured(write('pan.csv', PANASONIC));
  assert.equal(info.format, 'panasonic');
  assert.equal(info.currentSign, 'discharge-negative');
  assert.equal(info.columns.temperature, 'Battery_Temp_degC [degC]');
  assert.equal(series.length, 3);
  assert.deepEqual([...series.time_s], [0, 0.101, 0.202]);
  assert.deepEqual([...series.current_A], [0.01062, 2.04981, -1.5]);
  assert.deepEqual([...series.voltage_V], [4.17802, 4.17673, 4.17609]);
  assert.ok(Math.abs(series.temp_K![2] - 298.85) < 1e-9);
  assert.deepEqual([...series.line], [2, 3, 4]);
  assert.equal(series.step, null);
});

test('gzip detected by magic bytes, not by name (a .csv that is gzip, a .gz that is plain)', async () => {
  const a = await readMeasured(write('looks-plain.csv', gzipSync(PANASONIC)));
  assert.equal(a.info.gzip, true);
  assert.equal(a.series.length, 3);
  const b = await readMeasured(write('plain.csv.gz', PANASONIC));
  assert.equal(b.info.gzip, false);
  assert.deepEqual([...b.series.current_A], [...a.series.current_A]);
});

test('Arbin export (gzip, CRLF, extra columns, mA): recognised, charge-positive current negated, step index read', async () => {
  const text = [
    'Data_Point,Test_Time(s),Date_Time,Step_Time(s),Step_Index,Cycle_Index,Current(mA),Voltage(V),Charge_Capacity(Ah),Discharge_Capacity(Ah),Aux_Temperature_1(C)',
    '1,30.0001,2010-09-27 14:12:48,30.0,1,1,0.0,3.45,0.0,0.0,24.5',
    '2,60.0154,2010-09-27 14:13:18,60.0,2,1,550.0,3.58,0.0045,0.0,24.6',
    '3,90.0306,2010-09-27 14:13:48,90.0,3,1,-1100.0,3.40,0.0045,0.01,24.7',
    '',
  ].join('\r\n');
  const { series, info } = await readMeasured(write('arbin.csv.gz', gzipSync(text)));
  assert.equal(info.format, 'arbin');
  assert.equal(info.columns.time, 'Test_Time(s) [s]');
  assert.equal(info.columns.current, 'Current(mA) [mA]');
  assert.equal(info.columns.step, 'Step_Index');
  assert.deepEqual([...series.time_s], [30.0001, 60.0154, 90.0306]);
  assert.ok(Math.abs(series.current_A[1] - -0.55) < 1e-12, 'charge (positive in Arbin) → negative');
  assert.ok(Math.abs(series.current_A[2] - 1.1) < 1e-12, 'discharge → positive');
  assert.deepEqual([...series.step!], [1, 2, 3]);
  assert.ok(Math.abs(series.temp_K![0] - 297.65) < 1e-9);
});

test('Arbin export without Aux temperature: temp_K is null', async () => {
  const text = 'Test_Time(s),Step_Index,Current(A),Voltage(V)\n0,1,0,3.5\n1,1,-1,3.4\n';
  const { series, info } = await readMeasured(write('arbin-not.csv', text));
  assert.equal(info.format, 'arbin');
  assert.equal(series.temp_K, null);
  assert.equal(info.columns.temperature, null);
  assert.deepEqual([...series.current_A], [0, 1]);
});

test('Battery Data Format (semicolon, quoted headers): recognised, charge-positive current negated, T1 °C → K', async () => {
  const text = '"Test Time / s";"Unix Time / s";"Current / A";"Voltage / V";"Surface Temperature T1 / degC";"Step ID"\n0;1696954154.661;0;3.6;25;1\n1;1696954155.661;-2.5;3.5;25,5;2\n';
  const { series, info } = await readMeasured(write('cell.bdf.csv', text));
  assert.equal(info.format, 'bdf');
  assert.equal(info.delimiter, ';');
  assert.equal(info.currentSign, 'discharge-negative');
  assert.equal(info.columns.step, 'Step ID');
  assert.deepEqual([...series.current_A], [0, 2.5]);
  assert.ok(Math.abs(series.temp_K![1] - 298.65) < 1e-9, 'decimal comma in a semicolon file');
  assert.deepEqual([...series.step!], [1, 2]);
});

test('BDF with the earlier labels (Temperature T1, Step Index / 1), tab-delimited', async () => {
  const text = 'Test Time / s\tCurrent / A\tVoltage / V\tTemperature T1 / degC\tStep Index / 1\n0\t1\t3.6\t20\t1\n2\t1\t3.59\t20.5\t1\n';
  const { series, info } = await readMeasured(write('old.bdf', text));
  assert.equal(info.format, 'bdf');
  assert.equal(info.delimiter, '\t');
  assert.equal(info.columns.temperature, 'Temperature T1 / degC [degC]');
  assert.deepEqual([...series.current_A], [-1, -1]);
});

test('mapped columns with units: min, mA, mV, °C → s, A, V, K; sign from --current-sign', async () => {
  const text = 'idx,t(min),I(mA),U / mV,T(°C)\n1,0,-500,3700,25\n2,0.5,1000,3650,26\n';
  const f = write('mapped.csv', text);
  const opts: ImportOptions = { columns: parseColumnsFlag('time=t(min),current=I(mA),voltage=U / mV,temperature=T(°C)'), currentSign: 'discharge-negative' };
  const { series, info } = await readMeasured(f, opts);
  assert.equal(info.format, 'mapped');
  assert.deepEqual([...series.time_s], [0, 30]);
  assert.deepEqual([...series.current_A], [0.5, -1]);
  assert.ok(Math.abs(series.voltage_V[0] - 3.7) < 1e-12 && Math.abs(series.voltage_V[1] - 3.65) < 1e-12);
  assert.ok(Math.abs(series.temp_K![1] - 299.15) < 1e-9);
  // the unit in square brackets in the mapping, for a header without one
  const g = write('bare.csv', 'time,amps,volts\n0,100,3.7\n1,200,3.6\n');
  const r = await readMeasured(g, { columns: parseColumnsFlag('time=time[h],current=amps[mA],voltage=volts'), currentSign: 'discharge-positive' });
  assert.deepEqual([...r.series.time_s], [0, 3600]);
  assert.deepEqual([...r.series.current_A], [0.1, 0.2]);
});

test('unknown unit → InputError naming the column and the unit', async () => {
  const f = write('unit.csv', 'time,I(kA),V\n0,1,3\n');
  await rejectsInput(readMeasured(f, { columns: { time: 'time', current: 'I(kA)', voltage: 'V' }, currentSign: 'discharge-positive' }), /I\(kA\)/, /unit 'kA'/);
});

test('mapping needs --current-sign; unknown column in the mapping lists the columns', async () => {
  const f = write('m.csv', 'a,b,c\n0,1,2\n');
  await rejectsInput(readMeasured(f, { columns: { time: 'a', current: 'b', voltage: 'c' } }), /--current-sign/);
  await rejectsInput(readMeasured(f, { columns: { time: 'a', current: 'x', voltage: 'c' }, currentSign: 'discharge-positive' }), /current=x/, /a, b, c/);
});

test('unrecognised file → message lists the columns found and shows --columns and --current-sign', async () => {
  const f = write('unknown.csv', 'Zeit;Strom;Spannung\n0;1;2\n');
  const e = await rejectsInput(readMeasured(f), /'Zeit', 'Strom', 'Spannung'/, /--columns time=…,current=…,voltage=…,temperature=…/, /--current-sign/);
  assert.ok(e.message.includes(f), 'names the file');
});

test('repeated time stamps dropped and counted; blank lines skipped; gaps reported', async () => {
  const rows = ['Time,Voltage,Current,Battery_Temp_degC'];
  for (let k = 0; k < 50; k++) rows.push(`${k},4,-1,25`);
  rows.push('49,4,-1,25', '49,4.1,-1,25', '', '   ', '200,4,-1,25', '201,4,-1,25');
  const { series, info } = await readMeasured(write('rep.csv', rows.join('\n') + '\n'));
  assert.equal(info.repeatedTimeRows, 2);
  assert.equal(series.length, 52);
  assert.equal(info.medianDt_s, 1);
  assert.equal(info.gapCount, 1);
  assert.deepEqual(info.gaps[0], [49, 151]);
  assert.equal(series.line[50], 56, 'line numbers count blank lines');
});

test('time going backwards → InputError with the line number', async () => {
  const f = write('back.csv', 'Time,Voltage,Current,Battery_Temp_degC\n0,4,-1,25\n1,4,-1,25\n\n0.5,4,-1,25\n');
  await rejectsInput(readMeasured(f), /line 5\b/, /backwards/, /'Time'/);
});

test('non-numeric, empty and NaN cells in used columns → InputError naming line, column and text', async () => {
  const head = 'Time,Voltage,Current,Ah,Wh,Power,Battery_Temp_degC,Chamber_Temp_degC\n0,4,-1,0,0,0,25,NaN\n';
  await rejectsInput(readMeasured(write('nn.csv', head + '1,4,1.2.3,0,0,0,25,NaN\n')), /line 3\b/, /'Current'/, /'1\.2\.3'/);
  await rejectsInput(readMeasured(write('empty.csv', head + '1,,-1,0,0,0,25,NaN\n')), /line 3\b/, /empty cell/, /'Voltage'/);
  await rejectsInput(readMeasured(write('nan.csv', head + '1,4,-1,0,0,0,NaN,NaN\n')), /line 3\b/, /'NaN'/, /'Battery_Temp_degC'/);
  // a non-numeric cell in an unused column is not read
  const ok = await readMeasured(write('unused.csv', head + '1,4,-1,x,y,z,25,NaN\n'));
  assert.equal(ok.series.length, 2);
});

test('a row with too few fields → InputError with the line', async () => {
  const f = write('short.csv', 'Time,Voltage,Current,Ah,Battery_Temp_degC\n0,4,-1,0,25\n1,4,-1\n');
  await rejectsInput(readMeasured(f), /line 3\b/, /3 field/);
});

test('missing, empty and header-only files → InputError', async () => {
  await rejectsInput(readMeasured(join(TMP, 'does-not-exist.csv')), /not found/);
  await rejectsInput(readMeasured(write('empty.csv', '')), /empty file/);
  await rejectsInput(readMeasured(write('head.csv', 'Time,Voltage,Current,Battery_Temp_degC')), /no data rows/);
});

test('chunk boundaries: 3 × chunkRows + 7 rows in chunks of 10 give the same data as one chunk', async () => {
  const rows = ['Test_Time(s),Step_Index,Current(A),Voltage(V),Aux_Temperature_1(C)'];
  for (let k = 0; k < 37; k++) rows.push(`${(k * 0.37).toFixed(2)},${k >> 3},${Math.sin(k).toFixed(6)},${(3.5 + k / 1000).toFixed(4)},${20 + k / 10}`);
  const f = write('chunks.csv', rows.join('\n')); // no final newline
  const { info, chunks } = streamMeasured(f, { chunkRows: 10 });
  const lengths: number[] = [];
  const got: MeasuredChunk[] = [];
  for await (const c of chunks) {
    lengths.push(c.length);
    got.push(c);
  }
  assert.deepEqual(lengths, [10, 10, 10, 7]);
  const whole = await readMeasured(f);
  const cat = (k: 'time_s' | 'current_A' | 'voltage_V' | 'line') => got.flatMap((c) => [...c[k].subarray(0, c.length)]);
  assert.deepEqual(cat('time_s'), [...whole.series.time_s]);
  assert.deepEqual(cat('current_A'), [...whole.series.current_A]);
  assert.deepEqual(cat('voltage_V'), [...whole.series.voltage_V]);
  assert.deepEqual(cat('line'), [...whole.series.line]);
  assert.deepEqual(
    got.flatMap((c) => [...c.step!.subarray(0, c.length)]),
    [...whole.series.step!],
  );
  assert.deepEqual(
    got.flatMap((c) => [...c.temp_K!.subarray(0, c.length)]),
    [...whole.series.temp_K!],
  );
  assert.equal((await info).rows, 37);
  assert.deepEqual(await info, whole.info);
});

test('a consumer that stops early still gets an info', async () => {
  const rows = ['Time,Voltage,Current,Battery_Temp_degC'];
  for (let k = 0; k < 100; k++) rows.push(`${k},4,-1,25`);
  const { info, chunks } = streamMeasured(write('early.csv', rows.join('\n')), { chunkRows: 16 });
  for await (const c of chunks) {
    assert.equal(c.length, 16);
    break;
  }
  const i = await info;
  assert.equal(i.rows, 16);
  assert.match(i.warnings.join(), /stopped early/);
});

test('parseColumnsFlag: keys, bracket units, errors', () => {
  assert.deepEqual(parseColumnsFlag('time=Test_Time(s),current=Current(A),voltage=Voltage(V),temperature=Aux_Temperature_1(C)'), {
    time: 'Test_Time(s)',
    current: 'Current(A)',
    voltage: 'Voltage(V)',
    temperature: 'Aux_Temperature_1(C)',
  });
  assert.deepEqual(parseColumnsFlag('current=I[mA], time = t'), { current: 'I[mA]', time: 't' });
  assert.throws(() => parseColumnsFlag('tiem=a'), /unknown key 'tiem'/);
  assert.throws(() => parseColumnsFlag('time'), /key=column/);
  assert.throws(() => parseColumnsFlag('time=a,time=b'), /twice/);
});

test('property: random numeric tables written as CSV (random delimiter, CRLF, quoting) round-trip exactly', async () => {
  const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }).map((v) => (Object.is(v, -0) ? 0 : v));
  const value = fc.oneof(
    finite,
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.integer({ min: -99999, max: 99999 }).map((k) => k / 1000),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.double({ min: 1e-6, max: 1e3, noNaN: true }), value, value, value), { minLength: 1, maxLength: 60 }),
      fc.constantFrom(',', ';', '\t'),
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      async (rows, delim, crlf, quoteHeader, exp) => {
        const eol = crlf ? '\r\n' : '\n';
        const names = ['time', 'current', 'voltage', 'temperature'];
        const q = (s: string) => (quoteHeader ? `"${s}"` : s);
        let t = 0;
        const times: number[] = [];
        const lines = [names.map(q).join(delim)];
        for (const [dt, i, v, temp] of rows) {
          t += dt;
          times.push(t);
          const fmt = (x: number) => (exp ? x.toExponential() : String(x));
          lines.push([String(t), fmt(i), fmt(v), fmt(temp)].join(delim));
        }
        const f = write('prop.csv', lines.join(eol) + (crlf ? eol : ''));
        const { series, info } = await readMeasured(f, {
          columns: { time: 'time', current: 'current', voltage: 'voltage', temperature: 'temperature[K]' },
          currentSign: 'discharge-positive',
          chunkRows: 7,
        });
        assert.equal(info.rows, rows.length);
        assert.deepEqual([...series.time_s], times);
        assert.deepEqual(
          [...series.current_A],
          rows.map((r) => r[1]),
        );
        assert.deepEqual(
          [...series.voltage_V],
          rows.map((r) => r[2]),
        );
        assert.deepEqual(
          [...series.temp_K!],
          rows.map((r) => r[3]),
        );
      },
    ),
    { numRuns: 150 },
  );
});
