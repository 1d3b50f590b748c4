// `npm run bench:compare -- [REF] [--rounds N] [--year]`: `npm run bench` of REF (default: the
// commit before HEAD) and of the working tree, interleaved in one run (A B A B …) so that the
// machine's drift hits both alike; prints the median of each figure side by side with the ratio.
// REF is built in a temporary git worktree beside this one (so ../shared resolves the same).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] ?? 3) || 3;
const year = args.includes('--year');
const ref = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--rounds') ?? 'HEAD~1';
const sha = execFileSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).trim();
const base = resolve(root, '..', `.ssb-bench-${sha}`);

if (!existsSync(base)) {
  execFileSync('git', ['worktree', 'add', '--detach', base, sha], { cwd: root, stdio: ['ignore', 2, 2] });
  symlinkSync(join(root, 'node_modules'), join(base, 'node_modules'));
}
execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: base, stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

function bench(dir) {
  const r = spawnSync(process.execPath, ['dist/bench/run.js', '--json', ...(year ? [] : ['--skip-year'])], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`bench in ${dir} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
const runs = { before: [], after: [] };
for (let k = 0; k < rounds; k++) {
  process.stderr.write(`round ${k + 1}/${rounds}\n`);
  runs.before.push(bench(base));
  runs.after.push(bench(root));
}
const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : null;
};
const keys = Object.keys(runs.after[0]).filter((k) => typeof runs.after[0][k] === 'number');
const rows = keys.map((k) => {
  const b = median(runs.before.map((r) => r[k]));
  const a = median(runs.after.map((r) => r[k]));
  return { figure: k, [`before (${sha})`]: b, after: a, 'after/before': b && a !== null ? Number((a / b).toFixed(3)) : null };
});
if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ ref: sha, rounds, rows }, null, 2)}\n`);
else console.table(rows);
if (!args.includes('--keep')) {
  execFileSync('git', ['worktree', 'remove', '--force', base], { cwd: root });
  rmSync(base, { recursive: true, force: true });
}
