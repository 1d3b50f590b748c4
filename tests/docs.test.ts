/**
 * The generated reference pages (docs/reference/*.md from the zod schemas) are what the code
 * generates now: a schema change without `npm run docs:gen` fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { stalePages } from '../scripts/docs/gen-docs.js';
import { GENERATED_PAGES } from '../scripts/docs/pages.js';
import { renderSchemaPage, unitOf } from '../scripts/docs/schema-page.js';

test('regenerating the reference pages gives exactly the committed files', () => {
  assert.deepEqual(stalePages(), []);
});

test('a page that differs from the generator is reported', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ssb-docs-'));
  for (const p of GENERATED_PAGES) {
    mkdirSync(dirname(join(dir, p.file)), { recursive: true });
    writeFileSync(join(dir, p.file), p.render());
  }
  assert.deepEqual(stalePages(dir), []);
  writeFileSync(join(dir, GENERATED_PAGES[0].file), GENERATED_PAGES[0].render() + 'edited by hand\n');
  assert.deepEqual(stalePages(dir), [GENERATED_PAGES[0].file]);
});

test('units are read from the key suffix', () => {
  assert.equal(unitOf('solarRise_K_per_kW_m2'), 'K per kW/m²');
  assert.equal(unitOf('plateContactFlowing_W_m2K'), 'W/(m²·K)');
  assert.equal(unitOf('groups_per_module'), '');
  assert.equal(unitOf('loading_mAh_cm2'), 'mAh/cm²');
  assert.equal(unitOf('initial_temp_C'), '°C');
});

test('a schema page lists every key with type, unit, default, allowed values, description and source', () => {
  const schema = z.strictObject({
    step_s: z.number().positive().default(1).describe('Step while driving.'),
    mode: z.enum(['a', 'b']).describe('Which mode.'),
    inner: z.strictObject({ limit_mV: z.number().max(50).optional() }).prefault({}),
  });
  const md = renderSchemaPage({ title: 'T', intro: 'I', source: 'x.ts', schema, defaultSources: { step_s: 'Doe 2020' } }, 'gen');
  assert.match(md, /\| `step_s` \| number \| s \| `1` \| > 0 \| Step while driving\. \*Source of the default:\* Doe 2020 \|/);
  assert.match(md, /\| `mode` \| string \| {2}\| \*\*required\*\* \| `a`, `b` \| Which mode\. \|/);
  assert.match(md, /## `inner` \{#inner\}/);
  assert.match(md, /\| `limit_mV` \| number \| mV \| — \| ≤ 50 \|/);
});
