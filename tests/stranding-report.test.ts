/**
 * A stranded run says so where it is read (issue 17, item 4 of the BTMS brief): the console
 * summary has a NOT DRIVEN row and a warning line on stderr, and report.html's headline opens with
 * a STRANDED card. A Li-ion pack at 6 % SoC drives three HWFETs at 20 °C and empties part-way.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ssb } from './cli-run.js';

test('a stranded run: NOT DRIVEN row and a warning on the console, STRANDED first in the report headline', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ssb-strand-'));
  const scen = path.join(dir, 'strand.yaml');
  writeFileSync(
    scen,
    [
      'name: stranded',
      'seed: 3',
      'step_s: 1',
      'park_step_s: 900',
      'cell: liion-nmc811-graphite',
      'pack: { series: 96, parallel: 3, initial_soc: 0.06, initial_temp_C: 20 }',
      'climate: { kind: constant, temp_C: 20 }',
      'schedule: { days: 1, events: [ { at: "08:00", drive: [HWFET, HWFET, HWFET] } ] }',
      'outputs: { record_every_s: 600, csv: false, arrow: false }',
      '',
    ].join('\n'),
  );
  const out = path.join(dir, 'out');
  const r = ssb('simulate', scen, '-o', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /NOT DRIVEN.*km of the planned drives not driven: stranded 1×/);
  assert.match(r.stderr, /warning: vehicle stranded or drives skipped/);
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  const head = html.slice(html.indexOf('class="headline"'));
  const firstCard = head.slice(0, head.indexOf('</div></div>'));
  assert.match(firstCard, /STRANDED/, 'STRANDED is the first headline card');
});
