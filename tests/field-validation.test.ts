/**
 * The field validation suite's fast subset (issue 17 item 4; validation/README.md): the case files
 * load, the extraction and comparison code does what the page says, and the AAA −7 °C HVAC-off and
 * HVAC-on cases run end to end through the CLI (three short scenarios, seconds). The verdicts
 * themselves are not asserted: they are the finding, shown on docs/validation/field.md.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { caseSelected, compareFigure, extractFigure, fieldPage, loadCase, loadCases, metricAt, runCases, scenariosOf, type ValidationCase } from '../bench/field-validation.js';
import { InputError } from '../packages/core/index.js';

test('field validation: every case file loads, names a source and tolerance, and its scenarios exist', () => {
  const cases = loadCases();
  assert.ok(cases.length >= 9, `${cases.length} cases`);
  for (const c of cases) {
    assert.ok(c.source.title && c.source.where && c.source.conditions, c.id);
    assert.ok(scenariosOf(c).length >= 1, c.id);
  }
  assert.ok(cases.some((c) => c.id === 'aaa-2019-minus7C-hvac-on'));
});

test('field validation: --only selects by id or by id prefix (runaway → the runaway-* cases), never by a bare substring', () => {
  const ids = loadCases().map((c) => c.id);
  const runaway = ids.filter((id) => caseSelected(id, 'runaway'));
  assert.ok(runaway.length >= 4 && runaway.every((id) => id.startsWith('runaway-')), runaway.join(', '));
  assert.deepEqual(
    ids.filter((id) => caseSelected(id, 'runaway-module-12s-propagation')),
    ['runaway-module-12s-propagation'],
  );
  assert.equal(caseSelected('runaway-arc-nmc-onset', 'runaway-arc'), true);
  assert.equal(caseSelected('runaway-arc-nmc-onset', 'run'), false);
  assert.equal(caseSelected('runaway-arc-nmc-onset', ''), false);
});

test('field validation: metricAt follows dotted paths and refuses a missing, null or non-numeric value', () => {
  const m = { range_km: 279, charge_sessions: [{ duration_s: 2522 }], consumption_Wh_km: null };
  assert.equal(metricAt(m, 'range_km'), 279);
  assert.equal(metricAt(m, 'charge_sessions.0.duration_s'), 2522);
  assert.throws(() => metricAt(m, 'charge_sessions.1.duration_s'), /charge_sessions\.1\.duration_s/);
  assert.throws(() => metricAt(m, 'consumption_Wh_km'), /null, not a finite number/);
  assert.throws(() => metricAt(m, 'range_km.x'), /no 'x'/);
});

test('field validation: ratio and value extraction, tolerance around a value or a range (inclusive)', () => {
  const base = {
    quantity: 'q',
    unit: '',
    published: { value: 0.59 },
    tolerance: 0.05,
    source: { title: 't', url: '', where: 'w', conditions: 'c', confirmed: false as const },
    comparison: 'c',
    gap: 'g',
    slow: false,
    id: 'x',
    file: 'x.yaml',
  };
  const runs: Record<string, unknown> = { cold: { range_km: 300 }, warm: { range_km: 500 }, dc: { charge_sessions: [{ duration_s: 1800 }] }, year: { soh_end_pct: 97.5 } };
  const ratio: ValidationCase = {
    ...base,
    extract: {
      ratio: {
        numerator: { scenario: 'cold', metric: 'range_km', scale: 1, offset: 0, command: 'simulate' },
        denominator: { scenario: 'warm', metric: 'range_km', scale: 1, offset: 0, command: 'simulate' },
      },
    },
  };
  assert.equal(
    extractFigure(ratio, (s) => runs[s]),
    0.6,
  );
  const minutes: ValidationCase = { ...base, extract: { value: { scenario: 'dc', metric: 'charge_sessions.0.duration_s', scale: 1 / 60, offset: 0, command: 'simulate' } } };
  assert.equal(
    extractFigure(minutes, (s) => runs[s]),
    30,
  );
  const fade: ValidationCase = { ...base, extract: { value: { scenario: 'year', metric: 'soh_end_pct', scale: -1, offset: 100, command: 'simulate' } } };
  assert.equal(
    extractFigure(fade, (s) => runs[s]),
    2.5,
  );
  assert.deepEqual(compareFigure({ value: 0.59 }, 0.05, 0.6), { verdict: 'pass', off: 0 });
  assert.equal(compareFigure({ value: 0.59 }, 0.05, 0.519).verdict, 'gap');
  assert.ok(Math.abs(compareFigure({ value: 0.59 }, 0.05, 0.519).off - 0.021) < 1e-12);
  assert.equal(compareFigure({ low: 26, high: 27 }, 5, 32).verdict, 'pass');
  assert.equal(compareFigure({ low: 26, high: 27 }, 5, 42).verdict, 'gap');
  assert.equal(compareFigure({ low: 1.5, high: 3 }, 0.5, 1).verdict, 'pass');
});

test('field validation: a bad case file is an input error naming the file and the field', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ssb-validation-'));
  try {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'quantity: q\npublished: { value: 1 }\ntolerance: -1\n');
    assert.throws(
      () => loadCase(file),
      (e: unknown) => e instanceof InputError && e.message.includes('bad.yaml') && /tolerance|source|extract/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('field validation (fast subset): the AAA −7 °C cases run end to end and the page shows every case', () => {
  const cases = loadCases().filter((c) => c.id === 'aaa-2019-minus7C-hvac-off' || c.id === 'aaa-2019-minus7C-hvac-on');
  assert.equal(cases.length, 2);
  const out = mkdtempSync(path.join(tmpdir(), 'ssb-validation-'));
  try {
    const [off, on] = runCases(cases, out);
    for (const r of [off, on]) {
      assert.notEqual(r.verdict, 'failed', r.error);
      assert.ok(r.simulated !== null && r.simulated > 0.2 && r.simulated <= 1.05, `${r.id}: ${r.simulated}`);
      assert.equal(r.verdict, compareFigure({ value: Number(r.published) }, r.tolerance, r.simulated as number).verdict);
    }
    // cabin heat costs range: the HVAC-on ratio is below the HVAC-off one
    assert.ok((on.simulated as number) < (off.simulated as number), `on ${on.simulated} vs off ${off.simulated}`);
    const page = fieldPage([off, on, { ...on, id: 'broken', simulated: null, verdict: 'failed', error: 'ssb simulate exited 2' }], { header: '- **Run**: test', commit: 'abc1234', fast: true });
    assert.match(page, /\| `aaa-2019-minus7C-hvac-on` \|/);
    assert.match(page, /- \*\*Commit\*\*: `abc1234`/);
    assert.match(page, /\*\*failed\*\*/);
    assert.match(page, /ssb simulate exited 2/);
    if (on.verdict === 'gap') assert.match(page, /\*\*Why it misses\.\*\*/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
