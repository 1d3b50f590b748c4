/**
 * `ssb import` end to end (dist/apps/cli/main.js as a child process): exit 2 with the line on a
 * bad file, exit 0 with the recognised layout, the normalised CSV and the JSON info.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ssb } from './cli-run.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-import-cli-'));
const STACK_LINE = /^\s+at .+(\(|file:|node:)/m;

function write(name: string, text: string): string {
  const f = path.join(TMP, name);
  writeFileSync(f, text);
  return f;
}

const HEAD = 'Time,Voltage,Current,Ah,Wh,Power,Battery_Temp_degC,Chamber_Temp_degC\n';

test('ssb import on a file with a bad cell → exit 2, stderr names the file, line, column and text, no stack trace', () => {
  const f = write('bad.csv', HEAD + '0,4.1,-1,0,0,0,25,NaN\n0.1,4.1,-1,0,0,0,25,NaN\n0.2,4.1,oops,0,0,0,25,NaN\n');
  const r = ssb('import', f);
  assert.equal(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(f), r.stderr);
  assert.match(r.stderr, /line 4\b/);
  assert.match(r.stderr, /'Current'/);
  assert.match(r.stderr, /oops/);
  assert.doesNotMatch(r.stderr, STACK_LINE);
});

test('ssb import on an unrecognised file → exit 2 with the columns and the --columns hint; bad --current-sign → exit 2', () => {
  const f = write('unknown.csv', 'a;b;c\n1;2;3\n');
  const r = ssb('import', f);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /'a', 'b', 'c'/);
  assert.match(r.stderr, /--columns time=/);
  const s = ssb('import', f, '--columns', 'time=a,current=b,voltage=c', '--current-sign', 'up');
  assert.equal(s.code, 2, s.stderr);
  assert.match(s.stderr, /--current-sign must be/);
});

test('ssb import → exit 0, prints the layout; --out writes the normalised CSV; --json prints the info with ranges', () => {
  const f = write('ok.csv', HEAD + '0,4.1,-1,0,0,0,25,NaN\n1,4.0,-2,0,0,0,26,NaN\n1,4.0,-2,0,0,0,26,NaN\n2,3.9,0.5,0,0,0,27,NaN\n');
  const out = path.join(TMP, 'norm', 'ok-si.csv');
  const r = ssb('import', f, '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Panasonic 18650PF/);
  assert.match(r.stdout, /rows:\s+3 +\(1 repeated/);
  assert.equal(readFileSync(out, 'utf8'), 'time_s,current_A,voltage_V,temp_K\n0,1,4.1,298.15\n1,2,4,299.15\n2,-0.5,3.9,300.15\n');
  const j = ssb('import', f, '--json');
  assert.equal(j.code, 0, j.stderr);
  const info = JSON.parse(j.stdout);
  assert.equal(info.format, 'panasonic');
  assert.equal(info.rows, 3);
  assert.deepEqual(info.ranges.current_A, { min: -0.5, max: 2 });
});
