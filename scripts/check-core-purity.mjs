// Test gate: packages/core must stay pure TypeScript that runs in Node and in a browser.
// Fails if any core source file imports a Node built-in or uses DOM / wall-clock / global RNG.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../packages/core', import.meta.url).pathname;
const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'http',
  'https',
  'net',
  'url',
  'stream',
  'zlib',
  'crypto',
  'process',
  'buffer',
  'util',
  'events',
  'readline',
  'tty',
  'perf_hooks',
];
const importRe = /(?:import\s[^'"]*?from\s*|import\s*\(\s*|require\s*\(\s*|export\s[^'"]*?from\s*)['"]([^'"]+)['"]/g;
const forbiddenGlobals = [
  [/\bMath\.random\s*\(/, 'Math.random (use the seeded generator in numerics/rng.ts)'],
  [/\bDate\.now\s*\(/, 'Date.now (time is an argument)'],
  [/\bnew Date\s*\(/, 'new Date (time is an argument)'],
  [/\b(document|window|localStorage)\./, 'DOM globals'],
  [/\bprocess\.(env|argv|exit|stdout|stderr|cwd)\b/, 'the Node process object'],
];
const problems = [];
function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      walk(p);
      continue;
    }
    if (!p.endsWith('.ts') || p.endsWith('.test.ts')) continue;
    const src = readFileSync(p, 'utf8');
    for (const m of src.matchAll(importRe)) {
      const spec = m[1];
      const bare = spec.replace(/^node:/, '').split('/')[0];
      if (spec.startsWith('node:') || nodeBuiltins.includes(bare)) problems.push(`${relative(process.cwd(), p)}: imports Node module '${spec}'`);
    }
    const code = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const [re, what] of forbiddenGlobals) if (re.test(code)) problems.push(`${relative(process.cwd(), p)}: uses ${what}`);
  }
}
walk(root);
if (problems.length) {
  console.error('Core purity check failed (packages/core must not depend on Node, the DOM, wall-clock time or Math.random):');
  for (const p of problems) console.error('  ' + p);
  process.exit(1);
}
console.log('core purity: ok (no Node/DOM imports, no wall clock, no Math.random in packages/core)');
