// `npm run docs:gen:cli`: writes docs/reference/cli.md from the built CLI definition
// (dist/apps/cli/reference.js, render()). Run after the build and gen-registry-listing.mjs (the npm
// script runs them in order: the help texts read the listing).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { render, CLI_REFERENCE_PATH } = await import(new URL('../dist/apps/cli/reference.js', import.meta.url).href);
const file = `${root}${CLI_REFERENCE_PATH}`;
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, render());
process.stdout.write(`wrote ${CLI_REFERENCE_PATH}\n`);
