/**
 * `node dist/scripts/docs/gen-docs.js [--check]`: write the generated reference pages of the docs
 * site (GENERATED_PAGES), or with `--check` compare them with the files on disk and exit 1 naming
 * every page that differs (regenerate with `npm run docs:gen` and commit).
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_PAGES } from './pages.js';

/** docs/ of the project (this file runs from dist/scripts/docs/). */
export const DOCS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs');

/** Pages whose committed text differs from what the code generates now. */
export function stalePages(docsDir = DOCS_DIR): string[] {
  return GENERATED_PAGES.filter((p) => {
    const f = join(docsDir, p.file);
    return !existsSync(f) || readFileSync(f, 'utf8') !== p.render();
  }).map((p) => p.file);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = stalePages();
    if (stale.length) {
      process.stderr.write(`docs: generated pages out of date: ${stale.map((f) => `docs/${f}`).join(', ')} (run npm run docs:gen and commit)\n`);
      process.exit(1);
    }
    process.stdout.write(`docs: ${GENERATED_PAGES.length} generated pages up to date\n`);
  } else {
    for (const p of GENERATED_PAGES) {
      const f = join(DOCS_DIR, p.file);
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, p.render());
      process.stdout.write(`wrote docs/${p.file}\n`);
    }
  }
}
