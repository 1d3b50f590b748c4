import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../../packages/io/scenario-loader.js';

export const VERSION: string = (JSON.parse(readFileSync(`${PROJECT_ROOT}/package.json`, 'utf8')) as { version: string }).version;
