import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { devNull, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { tableFromIPC } from 'apache-arrow';
import { TimeSeriesWriter, formatCsvNumber, type ColumnSpec } from './timeseries-writer.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'ssb-io-'));
}

const COLS: ColumnSpec[] = [
  { name: 'time_s', unit: 's', description: 'simulation time' },
  { name: 'pack_current_A', unit: 'A' },
  { name: 'cell_voltage_V', unit: 'V' },
  { name: 'temp_K', unit: 'K' },
];

/** Deterministic row generator covering integers, fractions, negatives, tiny values and NaN. */
function rowAt(i: number, out: Float64Array): Float64Array {
  out[0] = i; // integer time
  out[1] = -50 + 100 * Math.sin(i * 0.001); // signed float
  out[2] = i % 997 === 0 ? NaN : 3.2 + (i % 1000) * 1e-4; // with gaps
  out[3] = i % 50_000 === 1 ? Infinity : 298.15 + 1e-5 * (i % 7);
  return out;
}

test('formatCsvNumber: integers exact, floats to 6 significant digits, non-finite empty', () => {
  assert.equal(formatCsvNumber(0), '0');
  assert.equal(formatCsvNumber(-17), '-17');
  assert.equal(formatCsvNumber(123456789012), '123456789012');
  assert.equal(formatCsvNumber(0.1 + 0.2), '0.3');
  assert.equal(formatCsvNumber(1 / 3), '0.333333');
  assert.equal(formatCsvNumber(-2 / 3), '-0.666667');
  assert.equal(formatCsvNumber(123456.789), '123457');
  assert.equal(formatCsvNumber(9.9999996), '10');
  assert.equal(formatCsvNumber(0.00123456789), '0.00123457');
  assert.equal(formatCsvNumber(1.5e-7), '1.5e-7');
  assert.equal(formatCsvNumber(1234567.89), '1234570');
  assert.equal(formatCsvNumber(2.5e20), '2.5e+20');
  assert.equal(formatCsvNumber(NaN), '');
  assert.equal(formatCsvNumber(Infinity), '');
  assert.equal(formatCsvNumber(-Infinity), '');
  // relative error bound over many magnitudes
  for (let k = -12; k <= 18; k++) {
    for (const m of [1.23456789, -7.777777, 9.9999999, 1.0000004]) {
      const v = m * 10 ** k;
      const s = formatCsvNumber(v);
      assert.ok(Math.abs(Number(s) - v) <= Math.abs(v) * 5.000001e-6, `${v} -> ${s}`);
      assert.ok(!/\.\d*0(e|$)/.test(s), `trailing zero in ${s}`);
    }
  }
});

test('CSV round trip of 100 000 rows; NaN/Infinity become empty cells; no comment line', async () => {
  const dir = tmp();
  try {
    const csvPath = join(dir, 'out.csv');
    const w = new TimeSeriesWriter(COLS, { csvPath, metadata: { seed: '1' } });
    const row = new Float64Array(COLS.length);
    const N = 100_000;
    for (let i = 0; i < N; i++) w.append(rowAt(i, row));
    assert.equal(w.rowCount, N);
    await w.close();
    await w.close(); // idempotent

    const text = readFileSync(csvPath, 'utf8');
    assert.ok(text.endsWith('\n'));
    assert.ok(!text.includes('\r'));
    const lines = text.slice(0, -1).split('\n');
    assert.equal(lines[0], 'time_s,pack_current_A,cell_voltage_V,temp_K');
    assert.ok(!lines[0].startsWith('#'));
    assert.equal(lines.length, N + 1);
    for (let i = 0; i < N; i++) {
      const cells = lines[i + 1].split(',');
      assert.equal(cells.length, COLS.length);
      rowAt(i, row);
      for (let c = 0; c < COLS.length; c++) {
        const v = row[c];
        if (!Number.isFinite(v)) {
          assert.equal(cells[c], '', `row ${i} col ${c}`);
        } else {
          const back = Number(cells[c]);
          assert.ok(Math.abs(back - v) <= Math.abs(v) * 5.000001e-6, `row ${i} col ${c}: ${v} vs ${cells[c]}`);
        }
      }
      assert.equal(cells[0], String(i)); // integers written as integers
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Arrow IPC file round trip: values, nulls, row count, schema and field metadata', async () => {
  const dir = tmp();
  try {
    const arrowPath = join(dir, 'out.arrow');
    const metadata = { version: '0.1.0', seed: '42', scenario: 'name: demo\n' };
    const w = new TimeSeriesWriter(COLS, { arrowPath, batchRows: 1000, metadata });
    const row = new Float64Array(COLS.length);
    const N = 25_432; // not a multiple of batchRows: last batch is partial
    for (let i = 0; i < N; i++) w.append(rowAt(i, row));
    await w.close();

    const bytes = readFileSync(arrowPath);
    assert.equal(bytes.subarray(0, 6).toString('latin1'), 'ARROW1');
    assert.equal(bytes.subarray(bytes.length - 6).toString('latin1'), 'ARROW1');
    const table = tableFromIPC(bytes);
    assert.equal(table.numRows, N);
    assert.deepEqual(
      table.schema.fields.map((f) => f.name),
      COLS.map((c) => c.name),
    );
    assert.equal(table.schema.metadata.get('seed'), '42');
    assert.equal(table.schema.metadata.get('scenario'), 'name: demo\n');
    assert.equal(table.schema.fields[0].metadata.get('unit'), 's');
    assert.equal(table.schema.fields[0].metadata.get('description'), 'simulation time');
    assert.equal(table.schema.fields[1].metadata.get('unit'), 'A');

    const cols = COLS.map((c) => table.getChild(c.name)!);
    let expectedNulls2 = 0;
    let expectedNulls3 = 0;
    for (let i = 0; i < N; i++) {
      rowAt(i, row);
      for (let c = 0; c < COLS.length; c++) {
        const got = cols[c].get(i);
        if (Number.isFinite(row[c])) assert.equal(got, row[c], `row ${i} col ${c}`);
        else assert.equal(got, null, `row ${i} col ${c} should be null`);
      }
      if (!Number.isFinite(row[2])) expectedNulls2++;
      if (!Number.isFinite(row[3])) expectedNulls3++;
    }
    assert.equal(cols[0].nullCount, 0);
    assert.equal(cols[2].nullCount, expectedNulls2);
    assert.equal(cols[3].nullCount, expectedNulls3);
    assert.ok(expectedNulls2 > 0 && expectedNulls3 > 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('completed batches are on disk (as .partial) before close (crash safety), recoverable as a stream; close renames them into place', async () => {
  const dir = tmp();
  try {
    const csvPath = join(dir, 'out.csv');
    const arrowPath = join(dir, 'out.arrow');
    const batchRows = 500;
    const w = new TimeSeriesWriter(COLS, { csvPath, arrowPath, batchRows });
    const row = new Float64Array(COLS.length);
    for (let i = 0; i < 2 * batchRows + 10; i++) w.append(rowAt(i, row));
    // Not closed: simulate a hard crash by reading what is on disk now. Nothing under the final names yet.
    assert.ok(!existsSync(csvPath) && !existsSync(arrowPath));
    const csvLines = readFileSync(`${csvPath}.partial`, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0);
    assert.equal(csvLines.length, 1 + 2 * batchRows); // header + two full batches; partial batch pending
    const partial = readFileSync(`${arrowPath}.partial`);
    assert.ok(partial.length > 2 * batchRows * COLS.length * 8);
    const recovered = tableFromIPC(partial.subarray(8)); // IPC stream after the file magic
    assert.equal(recovered.numRows, 2 * batchRows);
    assert.equal(recovered.getChild('time_s')!.get(999), 999);
    await w.close();
    assert.equal(tableFromIPC(readFileSync(arrowPath)).numRows, 2 * batchRows + 10);
    assert.ok(statSync(arrowPath).size > partial.length);
    assert.ok(!existsSync(`${csvPath}.partial`) && !existsSync(`${arrowPath}.partial`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('empty writer produces a header-only CSV and a valid zero-row Arrow file', async () => {
  const dir = tmp();
  try {
    const csvPath = join(dir, 'e.csv');
    const arrowPath = join(dir, 'e.arrow');
    const w = new TimeSeriesWriter(COLS, { csvPath, arrowPath });
    await w.close();
    assert.equal(readFileSync(csvPath, 'utf8'), 'time_s,pack_current_A,cell_voltage_V,temp_K\n');
    const t = tableFromIPC(readFileSync(arrowPath));
    assert.equal(t.numRows, 0);
    assert.deepEqual(
      t.schema.fields.map((f) => f.name),
      COLS.map((c) => c.name),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('misuse is rejected with plain messages', async () => {
  assert.throws(() => new TimeSeriesWriter([], {}), /at least one column/);
  assert.throws(() => new TimeSeriesWriter([COLS[0], COLS[0]], {}), /duplicate column/);
  assert.throws(() => new TimeSeriesWriter(COLS, { batchRows: 0 }), /batchRows/);
  const w = new TimeSeriesWriter(COLS, { csvPath: devNull });
  assert.throws(() => w.append([1, 2, 3]), /expected 4/);
  await w.close();
  assert.throws(() => w.append([1, 2, 3, 4]), /after close/);
  // No outputs at all is allowed (counts rows only).
  const none = new TimeSeriesWriter(COLS, {});
  none.append([1, 2, 3, 4]);
  assert.equal(none.rowCount, 1);
  await none.close();
});

/** A real `gc()` even without --expose-gc (the test runner is started without flags). */
const gc: (() => void) | undefined = (() => {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined; // fall back to the tolerant peak bound below
  }
})();

function heapNow(): number {
  if (gc) {
    gc();
    gc();
  }
  return usedBytes();
}

/** JS heap plus ArrayBuffer backing stores (typed arrays live outside heapUsed). */
function usedBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

test('memory stays bounded: 2 000 000 rows × 20 columns to Arrow', async () => {
  const cols = Array.from({ length: 20 }, (_, i) => ({ name: `col${i}_V`, unit: 'V' }));
  const before = heapNow();
  const w = new TimeSeriesWriter(cols, { arrowPath: devNull });
  const row = new Float64Array(20);
  let peak = 0;
  for (let i = 0; i < 2_000_000; i++) {
    for (let c = 0; c < 20; c++) row[c] = i * 0.5 + c;
    w.append(row);
    if (i % 250_000 === 0) peak = Math.max(peak, usedBytes() - before);
  }
  await w.close();
  const growth = heapNow() - before;
  assert.equal(w.rowCount, 2_000_000);
  // 2e6 × 20 × 8 B = 320 MB of data: keeping it would blow far past these bounds.
  assert.ok(growth < 100e6, `heap grew by ${(growth / 1e6).toFixed(1)} MB`);
  assert.ok(peak < 100e6, `peak heap growth ${(peak / 1e6).toFixed(1)} MB`);
});

test('memory stays bounded with CSV + Arrow (300 000 rows × 20 columns ≈ 50 MB of CSV text)', async () => {
  const cols = Array.from({ length: 20 }, (_, i) => ({ name: `col${i}_V`, unit: 'V' }));
  const before = heapNow();
  const w = new TimeSeriesWriter(cols, { csvPath: devNull, arrowPath: devNull });
  const row = new Float64Array(20);
  let peak = 0;
  for (let i = 0; i < 300_000; i++) {
    for (let c = 0; c < 20; c++) row[c] = 3.1 + i * 1.37e-3 + c * 0.123;
    w.append(row);
    // live memory (after a GC): uncollected garbage depends on the GC's timing, which under the
    // parallel suite once read 100.4 MB here while the writer held one batch; an unbounded writer
    // would hold ≥ 80 MB live by row 250 000 (40 MB of Float64 columns + 42 MB of CSV text)
    if (i % 50_000 === 0) peak = Math.max(peak, heapNow() - before);
  }
  await w.close();
  const growth = heapNow() - before;
  assert.ok(growth < 30e6, `heap grew by ${(growth / 1e6).toFixed(1)} MB`);
  assert.ok(peak < (gc ? 40e6 : 100e6), `peak live heap growth ${(peak / 1e6).toFixed(1)} MB`);
});
