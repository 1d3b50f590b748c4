// Writes apps/cli/registry-listing.ts: the registries' names and descriptions (listRegistries()) that
// the CLI's help texts read, so that --help loads no part of the core. Run after the build
// (npm run docs:gen runs build → this → build → the docs generator, whose CLI page reads the help texts).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { renderRegistryListing, REGISTRY_LISTING_PATH } = await import(new URL('../dist/apps/cli/registry-help.js', import.meta.url).href);
writeFileSync(`${root}${REGISTRY_LISTING_PATH}`, await renderRegistryListing());
process.stdout.write(`wrote ${REGISTRY_LISTING_PATH}\n`);
