/**
 * The reports people read, opened in headless Chromium (Debian's, via playwright-core): the lab
 * capacity test (its measured capacity and per-step table instead of range and charge time), the
 * Canada example (the pack's mass breakdown, the compared Li-ion cell), a run that failed
 * numerically (an INVALID banner, no headline result) and a cell design (the pack block and the
 * published comparison of a validation cell). Each page must load without a script error, show
 * its plots with data, and keep its tables inside the page; a full-page screenshot of each is
 * written to out/screenshots/ for a person to look at.
 *
 * Needs /usr/bin/chromium (scripts/ensure-chromium.mjs installs it in CI); skipped when absent
 * outside CI, a failure inside CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ssb } from './cli-run.js';

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const skip = !present && process.env.CI !== 'true' ? `${CHROMIUM} not found (scripts/ensure-chromium.mjs installs it as root with CI=true)` : false;
const SHOTS = path.join(ROOT, 'out', 'screenshots');

interface PageCheck {
  name: string;
  file: string;
  /** Texts the page must show. */
  shows: RegExp[];
  /** Texts it must not show. */
  hides?: RegExp[];
  /** Plots (uPlot canvases) it must draw. */
  minPlots: number;
}

/** Reports to open: written by the CLI as a user would. */
function writeReports(): PageCheck[] {
  const tmp = mkdtempSync(path.join(tmpdir(), 'ssb-report-browser-'));
  const run = (status: number, ...args: string[]) => {
    const r = ssb(...args);
    assert.equal(r.code, status, `ssb ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  };
  run(0, 'simulate', 'examples/lab-capacity-test.yaml', '--out', path.join(tmp, 'lab'));
  run(0, 'simulate', 'examples/canada-winter-commute.yaml', '--out', path.join(tmp, 'canada'));
  const invalid = path.join(ROOT, 'tests/fixtures/forced-overcharge.yaml');
  run(1, 'simulate', invalid, '--out', path.join(tmp, 'invalid'));
  run(0, 'design', 'examples/cells/validation/samsung-agc-sulfide-2020.yaml', '--report', path.join(tmp, 'design.html'));
  return [
    {
      name: 'lab-capacity-test',
      file: path.join(tmp, 'lab', 'report.html'),
      shows: [/measured capacity/i, /Pack mass and volume/],
      hides: [/charge time/i],
      minPlots: 3,
    },
    {
      name: 'canada-winter-commute',
      file: path.join(tmp, 'canada', 'report.html'),
      shows: [/Pack mass and volume/, /What the pack mass is made of/, /Cells compared on this scenario/, /liion-nmc811-graphite/, /range/],
      minPlots: 5,
    },
    { name: 'invalid-run', file: path.join(tmp, 'invalid', 'report.html'), shows: [/INVALID RUN/, /invalid: numerical failure at t = /], hides: [/range \(estimated\)/], minPlots: 1 },
    { name: 'design-samsung-agc', file: path.join(tmp, 'design.html'), shows: [/published/i, /pack/i], minPlots: 0 },
  ];
}

test('the simulate and design reports load in Chromium, show what they must, keep tables inside the page; screenshots in out/screenshots', { skip, timeout: 300_000 }, async () => {
  assert.ok(present, `${CHROMIUM} is missing in CI: scripts/ensure-chromium.mjs should have installed it`);
  const pages = writeReports();
  mkdirSync(SHOTS, { recursive: true });
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const p of pages) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(pathToFileURL(p.file).href);
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(SHOTS, `${p.name}.png`), fullPage: true });
      assert.deepEqual(errors, [], `${p.name}: script errors in the page`);
      // (page functions as strings: this file is compiled without the DOM library)
      const text = (await page.evaluate('document.body.innerText')) as string;
      for (const re of p.shows) assert.match(text, re, `${p.name} shows ${re}`);
      for (const re of p.hides ?? []) assert.doesNotMatch(text, re, `${p.name} does not show ${re}`);
      const plots = (await page.evaluate('document.querySelectorAll("canvas").length')) as number;
      assert.ok(plots >= p.minPlots, `${p.name}: ${plots} plots drawn, expected ≥ ${p.minPlots}`);
      // tables inside the page: none wider than the viewport
      const wide = (await page.evaluate(
        '[...document.querySelectorAll("table")].filter((t) => t.getBoundingClientRect().right > window.innerWidth + 1).map((t) => (t.previousElementSibling?.textContent ?? "table").slice(0, 60))',
      )) as string[];
      assert.deepEqual(wide, [], `${p.name}: tables wider than the page`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  for (const p of pages) assert.ok(readFileSync(path.join(SHOTS, `${p.name}.png`)).length > 10_000, `${p.name}.png written`);
});
