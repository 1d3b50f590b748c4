/**
 * The CLI's promise under hostile input, checked in-process on every loader: a file of random
 * bytes, a random string, or a valid file with a few values replaced by NaN, ±Infinity, 1e308, -0,
 * 1e-300, a wrong type, an unknown key or a missing key must give either a result with no new
 * non-finite number, or an InputError whose first line names the file and whose message stays
 * short — never another error type (a crash), a hang, or a non-finite number in the result.
 * Seeded (fast-check's generator): the same seed gives the same cases and the same tally.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { InputError } from '../../packages/core/errors.js';
import { loadScenario, loadBtmsModel } from '../../packages/io/scenario-loader.js';
import { loadDesign } from '../../packages/io/design-loader.js';
import { loadRunawayTest, loadAbuse, prepareAbuseRun, abuseCells } from '../../packages/io/safety-loader.js';
import { loadEstimatorModel, loadNnWeightsFile } from '../../packages/io/estimator-model.js';
import { parseYaml, readText } from '../../packages/io/yaml-file.js';
import { checkMeasuredRanges, readMeasured } from '../../packages/io/import/index.js';
import { parseStudy } from '../../packages/core/studies/index.js';
import { CELL_PRESETS } from '../../packages/core/design/presets.js';
import { packShapeOf } from '../../apps/cli/bms-topologies.js';

/** Seed and number of random valid scenarios of tests/fuzz-scenarios.test.ts (counted in the reliability figure). */
export const SCENARIO_FUZZ_SEED = 18;
export const SCENARIO_FUZZ_CASES = 10;
/** Hostile files spawned through the CLI in tests/fuzz-cli.test.ts. */
export const CLI_FUZZ_CASES = 4;

/** What one case gave. The first two keep the promise; the others are failures. */
export type Outcome = 'accepted' | 'input-error' | 'crash' | 'non-finite-result' | 'unclear-message' | 'slow';
export const OUTCOMES: readonly Outcome[] = ['accepted', 'input-error', 'crash', 'non-finite-result', 'unclear-message', 'slow'];
/** A case slower than this is a hang in the making [ms] (assumed: 100× the slowest loader, ≈ 20 ms). */
const SLOW_MS = 5_000;
/** Longest acceptable error message [characters] (assumed: the field, an 80-character value and a sentence of advice). */
const MAX_MESSAGE_CHARS = 700;

interface Loader {
  name: string;
  ext: 'yaml' | 'json' | 'csv';
  /** A valid document (object) or file text (csv) the structured cases mutate. */
  base: () => unknown;
  load: (file: string) => unknown | Promise<unknown>;
}

const ROOT = process.cwd();
const readYaml = (rel: string) => parseYaml(readText(path.join(ROOT, rel)), rel);

/** A small Panasonic-layout cell log (current negative on discharge, °C). */
function measuredCsv(): string {
  let t = 'Time,Voltage,Current,Ah,Wh,Power,Battery_Temp_degC,Chamber_Temp_degC\n';
  for (let k = 0; k < 200; k++) t += `${k},${(4 - 0.002 * k).toFixed(4)},${k ? -1.5 : 0},0,0,0,25,NaN\n`;
  return t;
}

export const LOADERS: Loader[] = [
  { name: 'scenario', ext: 'yaml', base: () => readYaml('examples/lab-capacity-test.yaml'), load: (f) => loadScenario(f) },
  { name: 'design', ext: 'yaml', base: () => readYaml('examples/cells/oxide-llzo.yaml'), load: (f) => loadDesign(f).result },
  { name: 'runaway', ext: 'yaml', base: () => readYaml('examples/runaway/oxide.yaml'), load: (f) => loadRunawayTest(f) },
  {
    name: 'abuse',
    ext: 'yaml',
    base: () => readYaml('examples/abuse/overcharge.yaml'),
    load: (f) => {
      const l = loadAbuse(f);
      return prepareAbuseRun(l, abuseCells(l)[0]).scenario;
    },
  },
  {
    name: 'study',
    ext: 'yaml',
    base: () => ({ controllers: ['thermostat', 'predictive'], temps_C: [-10, 25], solar: [false], duties: ['commute'], cells: ['liion-nmc811-graphite'] }),
    load: (f) => parseStudy(parseYaml(readText(f), f), f),
  },
  { name: 'pack', ext: 'yaml', base: () => ({ pack: { series: 96, parallel: 3, groups_per_module: 12, temp_sensors_per_module: 2 } }), load: (f) => packShapeOf(f) },
  { name: 'cell-model', ext: 'json', base: () => structuredClone(CELL_PRESETS['liion-nmc811-graphite']), load: (f) => loadEstimatorModel(f).ecm },
  { name: 'nn-weights', ext: 'json', base: () => JSON.parse(readFileSync(path.join(ROOT, 'models/nn-soc-panasonic-25C.json'), 'utf8')), load: (f) => loadNnWeightsFile(f) },
  { name: 'btms-model', ext: 'json', base: () => JSON.parse(readFileSync(path.join(ROOT, 'models/btms-temp-30min.json'), 'utf8')), load: (f) => loadBtmsModel(f) },
  {
    name: 'measured-csv',
    ext: 'csv',
    base: measuredCsv,
    load: async (f) => {
      const { series } = await readMeasured(f);
      checkMeasuredRanges(series, f, 2);
      return series;
    },
  },
];

const HOSTILE: unknown[] = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308, -1e308, -0, 1e-300, -1, 0, 1e9, '', 'x'.repeat(3000), null, [], {}, true, 'NaN'];

/** Paths of the leaves and objects of a document (arrays: their first 3 elements). */
function paths(v: unknown, at: (string | number)[] = [], out: { leaves: (string | number)[][]; objects: (string | number)[][] } = { leaves: [], objects: [] }) {
  if (Array.isArray(v)) {
    for (const [i, x] of v.slice(0, 3).entries()) paths(x, [...at, i], out);
  } else if (v && typeof v === 'object') {
    out.objects.push(at);
    for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  } else out.leaves.push(at);
  return out;
}
function parentOf(doc: unknown, p: (string | number)[]): Record<string | number, unknown> | undefined {
  let v = doc as Record<string | number, unknown> | undefined;
  for (const k of p.slice(0, -1)) v = v?.[k] as Record<string | number, unknown> | undefined;
  return v;
}

/** One structured mutation of `doc` (in place), chosen by the three numbers. */
function mutate(doc: unknown, kind: number, pick: number, value: number): void {
  const { leaves, objects } = paths(doc);
  if (kind < 6 && leaves.length) {
    const p = leaves[pick % leaves.length];
    const parent = parentOf(doc, p);
    if (parent) parent[p[p.length - 1]] = structuredClone(HOSTILE[value % HOSTILE.length]);
  } else if (kind < 8 && objects.length) {
    const o = objects[pick % objects.length];
    let v = doc as Record<string, unknown>;
    for (const k of o) v = v[k] as Record<string, unknown>;
    v[['zzz_typo', 'temp_c', 'cabin_ua_W_KK', '__proto__x'][value % 4]] = HOSTILE[value % HOSTILE.length] ?? 1;
  } else if (leaves.length) {
    const p = leaves[pick % leaves.length];
    const parent = parentOf(doc, p);
    if (parent && !Array.isArray(parent)) delete parent[p[p.length - 1]];
  }
}

/** The document as file text; JSON gets ±Infinity as 1e999 (what JSON.parse reads as Infinity). */
function serialise(doc: unknown, ext: Loader['ext']): string {
  if (ext === 'yaml') return stringify(doc);
  return JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? (Number.isNaN(v) ? '__NAN__' : v > 0 ? '__INF__' : '__NINF__') : v))
    .replaceAll('"__INF__"', '1e999')
    .replaceAll('"__NINF__"', '-1e999')
    .replaceAll('"__NAN__"', 'null');
}

/** A measured CSV with some cells replaced by hostile text. */
function mutateCsv(text: string, picks: number[]): string {
  const rows = text.split('\n');
  const bad = ['NaN', 'inf', '-inf', '1e308', '-1e308', '-0', '', 'abc', '1,5', '"', '1e-300', '99999', '-273.15', '0x10'];
  for (let i = 0; i + 2 < picks.length; i += 3) {
    const r = 1 + (picks[i] % (rows.length - 2));
    const cells = rows[r].split(',');
    cells[picks[i + 1] % 3] = bad[picks[i + 2] % bad.length];
    rows[r] = cells.join(',');
  }
  return rows.join('\n');
}

/** Non-finite numbers in a result, by path with array indices as '*' (typed arrays included). */
function nonFinitePaths(v: unknown, at = '', out = new Set<string>(), depth = 0): Set<string> {
  if (depth > 12) return out;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) out.add(at);
  } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) if (typeof a[i] === 'number' && !Number.isFinite(a[i])) out.add(`${at}.*`);
  } else if (Array.isArray(v)) for (const x of v) nonFinitePaths(x, `${at}.*`, out, depth + 1);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) nonFinitePaths(x, `${at}.${k}`, out, depth + 1);
  return out;
}

export interface FuzzCase {
  loader: string;
  kind: 'random-bytes' | 'random-text' | 'mutated';
  outcome: Outcome;
  detail: string;
}

async function runCase(l: Loader, file: string, allowed: Set<string>, kind: FuzzCase['kind']): Promise<FuzzCase> {
  const t0 = performance.now();
  let outcome: Outcome;
  let detail = '';
  try {
    const r = await l.load(file);
    const bad = [...nonFinitePaths(r)].filter((p) => !allowed.has(p));
    outcome = bad.length ? 'non-finite-result' : 'accepted';
    detail = bad.slice(0, 3).join(', ');
  } catch (e) {
    if (!(e instanceof InputError)) {
      outcome = 'crash';
      detail = `${(e as Error)?.name}: ${String((e as Error)?.message ?? e).slice(0, 200)}`;
    } else {
      const first = e.message.split('\n')[0];
      const named = first.includes(file) || first.includes(path.basename(file));
      outcome = named && e.message.length <= MAX_MESSAGE_CHARS ? 'input-error' : 'unclear-message';
      detail = e.message.slice(0, 300);
    }
  }
  if (performance.now() - t0 > SLOW_MS) outcome = 'slow';
  return { loader: l.name, kind, outcome, detail };
}

/** Runs `perLoader` cases on every loader (a fifth random bytes, a fifth random text, the rest mutated documents). */
export async function runFuzz(seed: number, perLoader: number): Promise<FuzzCase[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ssb-fuzz-'));
  const out: FuzzCase[] = [];
  const nRandom = Math.max(1, Math.round(perLoader / 5));
  for (const [li, l] of LOADERS.entries()) {
    const base = l.base();
    const baseFile = path.join(dir, `base-${l.name}.${l.ext}`);
    writeFileSync(baseFile, typeof base === 'string' ? base : serialise(base, l.ext));
    const allowed = nonFinitePaths(await l.load(baseFile)); // the valid base's own (documented) non-finite values
    const bytes = fc.sample(fc.uint8Array({ maxLength: 400 }), { seed: seed + li, numRuns: nRandom });
    const texts = fc.sample(fc.string({ unit: 'binary', maxLength: 300 }), { seed: seed + 100 + li, numRuns: nRandom });
    const muts = fc.sample(fc.array(fc.nat(), { minLength: 3, maxLength: 9 }), { seed: seed + 200 + li, numRuns: perLoader - 2 * nRandom });
    let k = 0;
    const file = () => path.join(dir, `${l.name}-${k++}.${l.ext}`);
    for (const b of bytes) {
      const f = file();
      writeFileSync(f, b);
      out.push(await runCase(l, f, allowed, 'random-bytes'));
    }
    for (const t of texts) {
      const f = file();
      writeFileSync(f, t);
      out.push(await runCase(l, f, allowed, 'random-text'));
    }
    for (const m of muts) {
      const f = file();
      if (typeof base === 'string') writeFileSync(f, mutateCsv(base, m));
      else {
        const doc = structuredClone(base);
        for (let i = 0; i + 2 < m.length; i += 3) mutate(doc, m[i] % 10, m[i + 1], m[i + 2]);
        writeFileSync(f, serialise(doc, l.ext));
      }
      out.push(await runCase(l, f, allowed, 'mutated'));
    }
  }
  return out;
}

/** Count of cases per outcome (every outcome listed, zeros included). */
export function tally(cases: readonly FuzzCase[]): Record<Outcome, number> {
  const t = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  for (const c of cases) t[c.outcome]++;
  return t;
}
