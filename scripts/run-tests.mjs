// `node scripts/run-tests.mjs 'dist/**/*.test.js' [more patterns] [-- node --test flags]`: runs
// `node --test` on exactly the files the patterns match (sorted), never on Node's default pattern,
// which also takes `*-test.js`, `test-*.js` and everything under a `test/` folder. Node 20 does not
// expand globs given to --test itself (21+ does); patterns here: `**` any folders, `*` any name part.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const patterns = dash < 0 ? args : args.slice(0, dash);
const flags = dash < 0 ? [] : args.slice(dash + 1);
if (!patterns.length) {
  process.stderr.write('usage: node scripts/run-tests.mjs "dist/**/*.test.js" [-- node --test flags]\n');
  process.exit(2);
}

/** The pattern as a regular expression on '/'-separated paths, and the folder before its first wildcard. */
function compile(pattern) {
  const base =
    pattern
      .split('/')
      .filter((_, i, parts) => !parts.slice(0, i + 1).some((p) => p.includes('*')))
      .join('/') || '.';
  const body = pattern
    .split(/(\*\*\/|\*)/)
    .map((part) => (part === '**/' ? '(?:[^/]+/)*' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { base, re: new RegExp(`^${body}$`) };
}

const files = new Set();
for (const p of patterns) {
  const { base, re } = compile(p);
  let entries;
  try {
    entries = readdirSync(base, { recursive: true, withFileTypes: true });
  } catch {
    entries = [];
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = join(e.parentPath ?? e.path, e.name)
      .split(sep)
      .join('/');
    if (re.test(file)) files.add(file);
  }
}
if (!files.size) {
  process.stderr.write(`no test files match ${patterns.join(' ')} (build first)\n`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', ...flags, ...[...files].sort()], { stdio: 'inherit' });
process.exit(r.status ?? 1);
