/**
 * The core runs in a browser: the SoC estimators (EKF, UKF and the trained neural network, with
 * its shipped weights file) and the fitted-model reader are imported as ES modules straight from
 * dist/ into headless Chromium (Debian's, via playwright-core; zod through an import map) and run
 * over the same 3000-sample drive as here in Node. The estimates must agree to 1e-12 (same code;
 * Math.exp/tanh may differ in the last bit between V8 versions).
 *
 * Needs /usr/bin/chromium (scripts/ensure-chromium.mjs installs it in CI); skipped when absent
 * outside CI, a failure inside CI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Rng } from '../packages/core/numerics/rng.js';
import { drivePulseCurrent, makeTestEcm, simulateEcm } from '../packages/core/bms/estimation/soc/testing.js';
import { createSocEstimator } from '../packages/core/bms/estimation/soc/index.js';
import { parseNnWeights } from '../packages/core/bms/estimation/soc/nn.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = process.cwd();
const present = existsSync(CHROMIUM);
const skip = !present && process.env.CI !== 'true' ? `${CHROMIUM} not found (scripts/ensure-chromium.mjs installs it as root with CI=true)` : false;

/** The drive both sides run: a seeded pulse profile on the analytic test cell, with hysteresis. */
function drive() {
  const ecm = makeTestEcm({ hysteresisM_V: 0.015, hysteresisGamma: 40 });
  const n = 3000;
  const current = drivePulseCurrent(new Rng(21), n, 1, ecm.capacity_As, 0.9);
  const sim = simulateEcm(ecm, current, 1, 0.9, 298.15, 1);
  return { current: Array.from(current), voltage: Array.from(sim.voltage_V) };
}

/** What the page runs (also run here in Node): every estimator over the drive from the first voltage. */
const PAGE_MODULE = `
import { createSocEstimator } from '/dist/packages/core/bms/estimation/soc/index.js';
import { makeTestEcm } from '/dist/packages/core/bms/estimation/soc/testing.js';
import { parseNnWeights } from '/dist/packages/core/bms/estimation/soc/nn.js';
const data = await (await fetch('/__drive.json')).json();
const weights = parseNnWeights(await (await fetch('/models/nn-soc-panasonic-25C.json')).json(), 'nn-soc-panasonic-25C.json');
const ecm = makeTestEcm({ hysteresisM_V: 0.015, hysteresisGamma: 40 });
const out = {};
for (const name of ['ekf', 'ukf', 'nn']) {
  const est = createSocEstimator(name, ecm, name === 'nn' ? { weights } : {});
  est.reset({ voltage_V: data.voltage[0], temp_K: 298.15 });
  const z = [];
  for (let k = 1; k < data.current.length; k++) z.push(est.update(data.current[k], data.voltage[k], 298.15, 1));
  out[name] = z;
}
window.__result = out;
`;

function serve(driveJson: string): Promise<Server> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html' };
  const page = `<!doctype html><meta charset="utf-8"><script type="importmap">{"imports":{"zod":"/node_modules/zod/index.js"}}</script><script type="module">${PAGE_MODULE}</script>`;
  const server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '/').split('?')[0]);
    if (url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    if (url === '/__drive.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(driveJson);
    const file = path.join(ROOT, path.normalize(url));
    if (!file.startsWith(ROOT + path.sep) || !existsSync(file) || !statSync(file).isFile()) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the SoC estimators (EKF, UKF, NN with its weights file) run in headless Chromium and give the Node results', { skip, timeout: 120_000 }, async () => {
  assert.ok(present, `${CHROMIUM} is missing in CI: scripts/ensure-chromium.mjs should have installed it`);
  const d = drive();
  // Node side
  const ecm = makeTestEcm({ hysteresisM_V: 0.015, hysteresisGamma: 40 });
  const weights = parseNnWeights(JSON.parse(readFileSync(path.join(ROOT, 'models/nn-soc-panasonic-25C.json'), 'utf8')), 'nn-soc-panasonic-25C.json');
  const node: Record<string, number[]> = {};
  for (const name of ['ekf', 'ukf', 'nn'] as const) {
    const est = createSocEstimator(name, ecm, name === 'nn' ? { weights } : {});
    est.reset({ voltage_V: d.voltage[0], temp_K: 298.15 });
    const z: number[] = [];
    for (let k = 1; k < d.current.length; k++) z.push(est.update(d.current[k], d.voltage[k], 298.15, 1));
    node[name] = z;
  }
  // browser side
  const { chromium } = await import('playwright-core');
  const server = await serve(JSON.stringify(d));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    // (page functions as strings: this file is compiled without the DOM library)
    await page.waitForFunction('window.__result !== undefined', null, { timeout: 60_000 }).catch(() => undefined);
    assert.deepEqual(errors, [], 'errors in the page');
    const browserOut = (await page.evaluate('window.__result')) as Record<string, number[]>;
    assert.ok(browserOut, 'the page produced no result');
    for (const name of ['ekf', 'ukf', 'nn']) {
      const a = node[name];
      const b = browserOut[name];
      assert.equal(b.length, a.length, name);
      let maxDiff = 0;
      for (let k = 0; k < a.length; k++) maxDiff = Math.max(maxDiff, Math.abs(a[k] - b[k]));
      assert.ok(maxDiff < 1e-12, `${name}: browser vs Node max |Δ SoC| = ${maxDiff}`);
      // and it is a real run, not a constant
      assert.ok(Math.max(...a) - Math.min(...a) > 0.05, `${name}: SoC range ${Math.min(...a)}…${Math.max(...a)}`);
    }
  } finally {
    await browser.close();
    server.close();
  }
});
