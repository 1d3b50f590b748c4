/**
 * `npm run validate` (`node dist/bench/validate.js [--docs] [--fast] [--json] [--only id-or-prefix,…]`): the
 * field validation suite (validation/README.md). Runs every case's scenarios with the built CLI
 * (each scenario once) into out/validation/, compares the extracted figures with the published ones
 * and prints the table; `--docs` also writes the dated page docs/validation/field.md with the commit.
 * `--fast` leaves out the slow cases (the year-long fade run). Exit 0 even with gaps (they are the
 * finding); exit 1 when a run or an extraction failed; exit 2 on a bad case file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../packages/core/index.js';
import { PROJECT_ROOT } from '../packages/io/scenario-loader.js';
import { evidenceHeader } from './evidence-page.js';
import { caseSelected, fieldPage, loadCases, runCases } from './field-validation.js';

const args = process.argv.slice(2);
const docs = args.includes('--docs');
const fast = args.includes('--fast');
const json = args.includes('--json');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? '').split(',')) : null;
/** `--only` takes case ids or id prefixes: `--only runaway` runs every runaway-* case. */
const selected = caseSelected;

let cases: ReturnType<typeof loadCases>;
try {
  cases = loadCases().filter((c) => (only ? [...only].some((k) => selected(c.id, k)) : !(fast && c.slow)));
} catch (e) {
  if (!(e instanceof InputError)) throw e;
  process.stderr.write(`validate: invalid: ${e.message}\n`);
  process.exit(2);
}
if (only)
  for (const id of only)
    if (!cases.some((c) => selected(c.id, id))) {
      process.stderr.write(`validate: invalid: --only ${id}: no such case (or id prefix) in validation/cases/\n`);
      process.exit(2);
    }
const results = runCases(cases, join(PROJECT_ROOT, 'out', 'validation'), (line) => process.stderr.write(`${line}\n`));
if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else
  for (const r of results)
    process.stdout.write(
      `${r.id.padEnd(32)} published ${`${r.published} ${r.unit}`.padEnd(10)} simulated ${r.simulated === null ? '—' : r.simulated.toPrecision(3)} ± ${r.tolerance}  ${r.verdict}${r.error ? `: ${r.error}` : ''}\n`,
    );
if (docs) {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    if (execFileSync('git', ['status', '--porcelain', '--', 'packages', 'apps', 'validation'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim()) commit += ' + uncommitted changes';
  } catch {
    /* not a git checkout: the page says 'unknown' */
  }
  const dir = join(PROJECT_ROOT, 'docs', 'validation');
  mkdirSync(dir, { recursive: true });
  const cmd = `npm run validate${fast ? ' -- --fast' : ''}`;
  writeFileSync(join(dir, 'field.md'), fieldPage(results, { header: evidenceHeader(cmd), commit, fast }));
  process.stderr.write(`wrote docs/validation/field.md\n`);
}
process.exit(results.some((r) => r.verdict === 'failed') ? 1 : 0);
