import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatNumber, formatSummary } from './summary.js';

test('formatNumber: 3 significant digits, no exponent in [1e-3, 1e6)', () => {
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(Math.PI), '3.14');
  assert.equal(formatNumber(-Math.E), '-2.72');
  assert.equal(formatNumber(0.001234), '0.00123');
  assert.equal(formatNumber(123456), '123000');
  assert.equal(formatNumber(999999), '1e6');
  assert.equal(formatNumber(1.5), '1.5');
  assert.equal(formatNumber(100), '100');
  assert.equal(formatNumber(9.996), '10');
  assert.equal(formatNumber(12345678), '1.23e7');
  assert.equal(formatNumber(0.000012345), '1.23e-5');
  assert.equal(formatNumber(-4e-9), '-4e-9');
  assert.equal(formatNumber(1 / 3, 5), '0.33333');
  assert.equal(formatNumber(NaN), 'NaN');
  assert.equal(formatNumber(-Infinity), '-inf');
  for (const v of [0.00123, 0.5, 7, 42.42, 999.4, 54321.9]) {
    assert.ok(!formatNumber(v).includes('e'), `${v} -> ${formatNumber(v)}`);
    assert.ok(Math.abs(Number(formatNumber(v)) - v) <= Math.abs(v) * 5e-3);
  }
});

test('formatSummary aligns values in a second column', () => {
  const out = formatSummary('Run', [
    ['range', '412 km'],
    ['energy used', '61.2 kWh'],
    ['SoH', '98.7 %'],
  ]);
  const lines = out.split('\n');
  assert.equal(lines[0], 'Run');
  assert.equal(lines[1], '---');
  const cols = lines.slice(2).map((l) => l.indexOf(l.trim().split(/\s{2,}/)[1]));
  assert.equal(new Set(cols).size, 1, 'values start in the same column');
  assert.equal(lines[2], 'range         412 km');
  assert.equal(lines[3], 'energy used   61.2 kWh');
  // multi-line values stay aligned
  const multi = formatSummary('', [['a', 'x\ny']]).split('\n');
  assert.deepEqual(multi, ['a   x', '    y']);
});
