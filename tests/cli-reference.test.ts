/**
 * docs/reference/cli.md is generated from the commander definitions (apps/cli/reference.ts, one of
 * the docs generator's pages: tests/docs.test.ts checks that the committed page is current); the
 * page must name every command and option the program defines, and the registry listing the help
 * texts read must be current.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from '../apps/cli/reference.js';
import { buildProgram } from '../apps/cli/program.js';
import { REGISTRY_LISTING_PATH, renderRegistryListing } from '../apps/cli/registry-help.js';

const ROOT = process.cwd();

test('the reference names every command and every option with its default', () => {
  const page = render();
  const program = buildProgram();
  assert.ok(program.commands.length >= 14);
  for (const c of program.commands) {
    assert.ok(page.includes(`## ssb ${c.name()}\n`), c.name());
    for (const o of c.options) assert.ok(page.includes(`\`${o.flags}\``), `${c.name()} ${o.flags}`);
  }
  assert.match(page, /\| `-o, --out <dir>` \| `"out"` \| output folder/);
  assert.match(page, /\| `--ocv <file>` \| required \|/);
  assert.match(page, /ssb simulate examples\/canada-winter-commute\.yaml --out out\/canada/);
});

test('apps/cli/registry-listing.ts (what --help lists) is what listRegistries() gives (regenerate with npm run docs:gen)', async () => {
  const committed = readFileSync(path.join(ROOT, REGISTRY_LISTING_PATH), 'utf8');
  assert.equal(committed, await renderRegistryListing(), `${REGISTRY_LISTING_PATH} is stale: run npm run docs:gen`);
});
