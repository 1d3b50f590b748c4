/**
 * The field validation suite (validation/README.md): each case in validation/cases/*.yaml names the
 * published figure it reproduces (quantity, value or range, source, tolerance) and how the
 * simulated figure is extracted from the metrics.json of one or two scenario runs
 * (validation/scenarios/). This module loads cases, runs their scenarios with the built CLI (each
 * scenario once, however many cases use it), extracts and compares, and renders the dated page
 * docs/validation/field.md. `bench/validate.ts` is the command; tests/field-validation.test.ts runs a
 * fast subset.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { InputError } from '../packages/core/index.js';
import { PROJECT_ROOT } from '../packages/io/scenario-loader.js';
import { parseYaml, readText } from '../packages/io/yaml-file.js';

/** The suite's folder (at the repo root: not under examples/, so the golden test does not run it). */
export const VALIDATION_DIR = join(PROJECT_ROOT, 'validation');

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const metricRef = z.strictObject({
  scenario: z.string().min(1).describe('Scenario file, relative to the case file.'),
  metric: z.string().min(1).describe('Dotted path into metrics.json (array indices as numbers): range_km, charge_sessions.0.duration_s.'),
  scale: finite.default(1).describe('The simulated value is offset + scale × metric.'),
  offset: finite.default(0),
  command: z.enum(['simulate', 'runaway-test']).default('simulate').describe('The ssb command that runs the scenario file (its --out metrics.json is read).'),
});
const published = z.union([z.strictObject({ value: finite }), z.strictObject({ low: finite, high: finite }).refine((p) => p.low <= p.high, 'low must be ≤ high')]);
export const caseSchema = z.strictObject({
  quantity: z.string().min(1),
  unit: z.string().default(''),
  published,
  tolerance: finite.refine((x) => x >= 0, 'must be ≥ 0').describe('Absolute, in the unit of the quantity, around the published value or range.'),
  source: z.strictObject({
    title: z.string().min(1),
    url: z.string().default(''),
    where: z.string().min(1).describe('Table, figure or finding in the source.'),
    conditions: z.string().min(1),
    confirmed: z.union([z.string().min(1), z.literal(false)]).describe('How the figure was checked, or false when it was not.'),
    note: z.string().optional(),
  }),
  extract: z.union([z.strictObject({ value: metricRef }), z.strictObject({ ratio: z.strictObject({ numerator: metricRef, denominator: metricRef }) })]),
  comparison: z.string().min(1).describe('What is simulated and how the figure is taken from it, in words.'),
  gap: z.string().min(1).describe('Why the model may miss the figure today; shown on the page when the case is outside its tolerance.'),
  slow: z.boolean().default(false).describe('Long run (minutes): left out of `--fast`.'),
});
export type CaseSpec = z.output<typeof caseSchema>;
export type MetricRef = z.output<typeof metricRef>;
export interface ValidationCase extends CaseSpec {
  id: string;
  file: string;
}

/** One case file, checked; scenario paths resolved against the case file. Bad input: InputError naming the file and field. */
export function loadCase(file: string): ValidationCase {
  const r = caseSchema.safeParse(parseYaml(readText(file, 'validation case'), file));
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError(issue.message, { file, field: issue.path.join('.') });
  }
  const dir = dirname(file);
  const fix = (m: MetricRef): MetricRef => {
    const scenario = resolve(dir, m.scenario);
    if (!existsSync(scenario)) throw new InputError('scenario not found', { file, field: 'extract', value: m.scenario });
    return { ...m, scenario };
  };
  const extract = 'value' in r.data.extract ? { value: fix(r.data.extract.value) } : { ratio: { numerator: fix(r.data.extract.ratio.numerator), denominator: fix(r.data.extract.ratio.denominator) } };
  return { ...r.data, extract, id: basename(file).replace(/\.ya?ml$/, ''), file };
}

/** Every case of the suite, by id. */
export function loadCases(dir = join(VALIDATION_DIR, 'cases')): ValidationCase[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => loadCase(join(dir, f)));
}

/**
 * `--only`: a key selects the case with that id, or every case whose id starts with `key-` (`runaway` →
 * runaway-arc-nmc-onset, runaway-module-12s-propagation, …; `runaway-arc` → the ARC cases).
 */
export function caseSelected(id: string, key: string): boolean {
  return id === key || (key.length > 0 && id.startsWith(key.endsWith('-') ? key : `${key}-`));
}

/** The scenarios a case needs. */
export function scenariosOf(c: ValidationCase): string[] {
  return 'value' in c.extract ? [c.extract.value.scenario] : [c.extract.ratio.numerator.scenario, c.extract.ratio.denominator.scenario];
}

/** The number at a dotted path of a metrics object; an error naming the path when it is missing, null or not a finite number. */
export function metricAt(metrics: unknown, path: string, what = 'metrics.json'): number {
  let v: unknown = metrics;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') throw new Error(`${what}: ${path}: no '${key}' (the run has no such value)`);
    v = (v as Record<string, unknown>)[key];
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${what}: ${path} is ${JSON.stringify(v)}, not a finite number`);
  return v;
}

const refValue = (m: MetricRef, metrics: (scenario: string) => unknown) => m.offset + m.scale * metricAt(metrics(m.scenario), m.metric, relative(PROJECT_ROOT, m.scenario));

/** The simulated figure of a case, from its runs' metrics (a function of the scenario path). */
export function extractFigure(c: ValidationCase, metrics: (scenario: string) => unknown): number {
  if ('value' in c.extract) return refValue(c.extract.value, metrics);
  const den = refValue(c.extract.ratio.denominator, metrics);
  if (den === 0) throw new Error(`${c.id}: the denominator ${c.extract.ratio.denominator.metric} is 0`);
  return refValue(c.extract.ratio.numerator, metrics) / den;
}

export type Verdict = 'pass' | 'gap';
/** Within the tolerance of the published value or range (inclusive), or a gap; `off` is the distance outside the band (0 when inside). */
export function compareFigure(p: CaseSpec['published'], tolerance: number, simulated: number): { verdict: Verdict; off: number } {
  const [lo, hi] = 'value' in p ? [p.value, p.value] : [p.low, p.high];
  const off = simulated < lo - tolerance ? lo - tolerance - simulated : simulated > hi + tolerance ? simulated - (hi + tolerance) : 0;
  return { verdict: off > 0 ? 'gap' : 'pass', off };
}

export interface CaseResult {
  id: string;
  quantity: string;
  unit: string;
  published: string;
  simulated: number | null;
  tolerance: number;
  verdict: Verdict | 'failed';
  /** Why a run or an extraction failed (verdict 'failed'). */
  error?: string;
  source: CaseSpec['source'];
  comparison: string;
  gap: string;
}

export const publishedText = (p: CaseSpec['published']) => ('value' in p ? String(p.value) : `${p.low}–${p.high}`);

/** Run one scenario with the built CLI into `out`; its metrics, or an Error with the CLI's message. */
export function runScenario(scenario: string, out: string, command: MetricRef['command'] = 'simulate'): unknown {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const epa = resolve(PROJECT_ROOT, '../shared/data/epa-drive-cycles');
  const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist/apps/cli/main.js'), command, scenario, '--out', out], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, SSB_EPA_DIR: process.env.SSB_EPA_DIR ?? epa },
  });
  if (r.status !== 0) return new Error(`ssb ${command} ${relative(PROJECT_ROOT, scenario)} exited ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ')}`);
  return JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
}

/** Run the cases (each scenario once) and compare; `log` gets one line per run. */
export function runCases(cases: readonly ValidationCase[], outDir: string, log: (line: string) => void = () => {}): CaseResult[] {
  const runs = new Map<string, unknown>();
  const commandOf = new Map<string, MetricRef['command']>();
  for (const c of cases) for (const m of 'value' in c.extract ? [c.extract.value] : [c.extract.ratio.numerator, c.extract.ratio.denominator]) commandOf.set(m.scenario, m.command);
  for (const s of new Set(cases.flatMap(scenariosOf))) {
    const name = relative(VALIDATION_DIR, s)
      .replace(/[\\/]/g, '_')
      .replace(/\.ya?ml$/, '');
    const t0 = Date.now();
    runs.set(s, runScenario(s, join(outDir, name), commandOf.get(s)));
    log(`${relative(PROJECT_ROOT, s)}: ${runs.get(s) instanceof Error ? 'failed' : 'done'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return cases.map((c) => {
    const base = { id: c.id, quantity: c.quantity, unit: c.unit, published: publishedText(c.published), tolerance: c.tolerance, source: c.source, comparison: c.comparison, gap: c.gap };
    try {
      const simulated = extractFigure(c, (s) => {
        const m = runs.get(s);
        if (m instanceof Error) throw m;
        return m;
      });
      return { ...base, simulated, verdict: compareFigure(c.published, c.tolerance, simulated).verdict };
    } catch (e) {
      return { ...base, simulated: null, verdict: 'failed' as const, error: (e as Error).message };
    }
  });
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const fmt = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3));

/** Markdown of the field validation page. */
export function fieldPage(results: readonly CaseResult[], o: { header: string; commit: string; fast: boolean }): string {
  const n = (v: CaseResult['verdict']) => results.filter((r) => r.verdict === v).length;
  const rows = results.map((r) => {
    const src = r.source.url.startsWith('http') ? `[${cell(r.source.title.split(':')[0])}](${r.source.url.split(' ')[0]})` : cell(r.source.title.split(':')[0]);
    const unconfirmed = r.source.confirmed === false ? ' (not confirmed)' : '';
    const verdict = r.verdict === 'pass' ? 'pass' : r.verdict === 'gap' ? `**gap** ([why](#${r.id.toLowerCase()}))` : `**failed** ([why](#${r.id.toLowerCase()}))`;
    return [
      `\`${r.id}\``,
      cell(r.quantity),
      `${r.published}${r.unit && r.unit !== '×' ? ` ${r.unit}` : ''}`,
      r.simulated === null ? '—' : fmt(r.simulated),
      `± ${r.tolerance}`,
      verdict,
      `${src}${unconfirmed}`,
    ];
  });
  const head = ['case', 'quantity', 'published', 'simulated', 'tolerance', 'verdict', 'source'];
  const table = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const sections = results.map((r) => {
    const lines = [
      `### ${r.id}`,
      '',
      `**${r.quantity}.** Published ${r.published}${r.unit ? ` ${r.unit}` : ''} (tolerance ± ${r.tolerance}); simulated ${r.simulated === null ? 'none' : fmt(r.simulated)}.`,
      '',
    ];
    lines.push(`* Source: ${r.source.title}${r.source.url ? ` — ${r.source.url}` : ''}; ${r.source.where}. Conditions: ${r.source.conditions}.`);
    lines.push(`* Checked: ${r.source.confirmed === false ? '**not confirmed**' : r.source.confirmed}.${r.source.note ? ` ${r.source.note}` : ''}`);
    lines.push(`* Simulated: ${r.comparison}.`);
    if (r.verdict === 'failed') lines.push(`* **The run or the extraction failed** (no figure, no verdict): ${r.error}`);
    if (r.verdict === 'gap') lines.push('', `**Why it misses.** ${r.gap}`);
    return lines.join('\n');
  });
  return [
    '# Field validation',
    '',
    '<!-- Written by `npm run validate` (bench/validate.ts); do not edit by hand. -->',
    '',
    o.header,
    `- **Commit**: \`${o.commit}\``,
    `- **Cases**: validation/cases/*.yaml (scenarios in validation/scenarios/; the format is in validation/README.md)${o.fast ? ' — **fast subset only** (slow cases left out)' : ''}`,
    '',
    `The Li-ion reference (\`liion-nmc811-graphite\`, 96s3p, the default vehicle) against published measurements of real vehicles. A case passes when the simulated figure is within the tolerance of the published value or range; otherwise it is a **gap**, explained below. Gaps are shown as they are: the model is not tuned to them. ${n('pass')} pass, ${n('gap')} gaps, ${n('failed')} failed.`,
    '',
    table,
    '',
    '## Cases',
    '',
    sections.join('\n\n'),
    '',
  ].join('\n');
}
