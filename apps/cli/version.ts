/**
 * The package version, read from package.json beside dist/ (this file is dist/apps/cli/version.js
 * once built). Node built-ins only: `ssb --version` must not load the io or core modules.
 */
import { readFileSync } from 'node:fs';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
