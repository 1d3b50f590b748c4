import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError, MAX_QUOTED_VALUE_CHARS, formatValue } from './errors.js';

test('an error quotes a long value cut to a readable length, on one line, with its full length', () => {
  const line = 'x,'.repeat(100_000);
  const e = new InputError('bad row', { file: 'data.csv', field: 'row', value: line });
  assert.equal(e.message.split('\n').length, 1);
  assert.ok(e.message.length < 200, e.message);
  assert.match(e.message, /… \(200000 chars\)/);
  assert.ok(formatValue({ a: 'y'.repeat(500) }).length <= MAX_QUOTED_VALUE_CHARS + 20);
  assert.equal(formatValue('a\nb'), '"a\\nb"');
});

test('numbers are quoted as written: NaN, ±Infinity and -0 (JSON would print null and 0)', () => {
  assert.equal(formatValue(Number.NaN), 'NaN');
  assert.equal(formatValue(-Infinity), '-Infinity');
  assert.equal(formatValue(-0), '-0');
  assert.equal(formatValue(1e308), '1e+308');
  assert.equal(formatValue([1, Number.POSITIVE_INFINITY]), '[1,"Infinity"]');
  assert.equal(formatValue('short'), '"short"');
});
