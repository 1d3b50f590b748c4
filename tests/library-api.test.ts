/**
 * The library API as a user meets it: the package's `exports` map (resolved by its own name from
 * inside the project, as Node's self-reference does), the declaration files beside each entry, and
 * the example script examples/api/simulate-and-design.mjs run as a child process, and a TypeScript
 * consumer (examples/api/typed-consumer.ts) type-checked against the emitted declarations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { designToCellParams, parseYaml, readText } from '../packages/index.js';

const ROOT = process.cwd();
const EXAMPLE = path.join(ROOT, 'examples/api/simulate-and-design.mjs');

function node(args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.error, undefined, `spawn failed: ${String(r.error)}`);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('every entry of the exports map points at a built module and its declarations', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string | { types: string; default: string }> };
  assert.equal(pkg.name, 'ssb-twin');
  for (const entry of ['.', './core', './io', './ml']) {
    const target = pkg.exports[entry];
    assert.ok(target && typeof target === 'object', `exports['${entry}'] is missing`);
    assert.ok(existsSync(path.join(ROOT, target.default)), `exports['${entry}'].default: ${target.default} not built`);
    assert.ok(existsSync(path.join(ROOT, target.types)), `exports['${entry}'].types: ${target.types} not emitted`);
  }
});

test("'ssb-twin' resolves by name and gives the library API; 'ssb-twin/core' has no Node adapters", () => {
  const probe = `
    const all = await import('ssb-twin');
    const core = await import('ssb-twin/core');
    const io = await import('ssb-twin/io');
    const names = ['runSimulation', 'evaluateDesign', 'designToCellParams', 'fitEcm', 'loadScenario', 'loadDesign', 'readMeasured', 'parseScenario', 'createSocEstimator', 'BaselineBms', 'Pack', 'InputError'];
    console.log(JSON.stringify({
      all: Object.fromEntries(names.map((n) => [n, typeof all[n]])),
      core: { runSimulation: typeof core.runSimulation, loadScenario: typeof core.loadScenario, readMeasured: typeof core.readMeasured },
      io: { loadScenario: typeof io.loadScenario, runSimulation: typeof io.runSimulation },
    }));`;
  const r = node(['--input-type=module', '-e', probe]);
  assert.equal(r.code, 0, r.stderr);
  const got = JSON.parse(r.stdout) as { all: Record<string, string>; core: Record<string, string>; io: Record<string, string> };
  for (const [name, type] of Object.entries(got.all)) assert.equal(type, 'function', `ssb-twin: ${name} is ${type}`);
  assert.deepEqual(got.core, { runSimulation: 'function', loadScenario: 'undefined', readMeasured: 'undefined' });
  assert.deepEqual(got.io, { loadScenario: 'function', runSimulation: 'undefined' });
});

test('a TypeScript user gets the types: examples/api/typed-consumer.ts type-checks against the built package', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck'];
  const r = node([tsc, ...flags, 'examples/api/typed-consumer.ts']);
  // Its @ts-expect-error lines fail the check if the declarations were missing or `any`.
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

/** The number after `label` on the example's output line that starts with it. */
function numberAfter(out: string, label: RegExp): number {
  const m = out.match(label);
  assert.ok(m, `no ${label} in the example's output:\n${out}`);
  return Number(m[1]);
}

test('examples/api/simulate-and-design.mjs designs a cell and simulates the first hour of the lab test on it', () => {
  const r = node([EXAMPLE]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const out = r.stdout;

  // The design numbers are those of the library called here directly (to the printed digits).
  const file = path.join(ROOT, 'examples/cells/sulfide-lpscl-anode-free.yaml');
  const { result } = designToCellParams(parseYaml(readText(file, 'design file'), file), file);
  assert.match(out, new RegExp(`^design {6}${result.name.replace(/[|]/g, '\\|')}$`, 'm'));
  const capacity_Ah = numberAfter(out, /capacity +([\d.]+) Ah/);
  const energy_Wh = numberAfter(out, /energy ([\d.]+) Wh/);
  assert.equal(capacity_Ah, Number(result.capacity_Ah.toFixed(2)));
  assert.equal(energy_Wh, Number(result.energy_Wh.toFixed(1)));
  assert.equal(numberAfter(out, /specific +([\d.]+) Wh\/kg/), Number(result.specific_energy_Wh_kg.toFixed(0)));
  assert.equal(numberAfter(out, /cost +([\d.]+) USD\/kWh/), Number(result.cost_USD_per_kWh.toFixed(0)));

  // One hour at 1 s steps of "Discharge at C/5" on the scenario's 12s1p module of that cell:
  // ≈ 0.2 of the module's energy (the first fifth of the discharge sits above the average voltage).
  assert.match(out, /^simulation {2}Module capacity and cold pulse test \(first 1 h\), cell /m);
  assert.equal(numberAfter(out, /steps +(\d+)/), 3600);
  const moduleEnergy_kWh = (12 * energy_Wh) / 1000;
  const discharged_kWh = numberAfter(out, /energy +([\d.]+) kWh discharged/);
  assert.ok(
    discharged_kWh > 0.2 * moduleEnergy_kWh * 0.95 && discharged_kWh < 0.2 * moduleEnergy_kWh * 1.15,
    `discharged ${discharged_kWh} kWh of a ${moduleEnergy_kWh.toFixed(3)} kWh module in 1 h at C/5`,
  );
  assert.ok(numberAfter(out, /energy balance error ([\d.e-]+) %/) < 0.01);
  assert.ok(numberAfter(out, /SoC RMSE +ekf ([\d.]+) %/) < 5);
  const tempMax_C = numberAfter(out, /cell temp [\d.-]+ … ([\d.-]+) °C/);
  assert.ok(tempMax_C >= 25 && tempMax_C < 35, `cell temperature max ${tempMax_C} °C at C/5 from 25 °C`);
});
