/**
 * Parsing of the options every command that reads measured data shares (`import`, `fit`,
 * `estimate`, `train-soc`): `--columns <map>` and `--current-sign <sign>`. They are declared in
 * program.ts (`addMeasuredOptions`), which must stay free of the io modules this file loads.
 */
import { InputError } from '../../packages/core/errors.js';
import { didYouMean } from '../../packages/core/suggest.js';
import { parseColumnsFlag, type ImportOptions } from '../../packages/io/import/index.js';

const SIGNS = ['discharge-positive', 'discharge-negative'] as const;

/** ImportOptions from the parsed command options; InputError on bad values. */
export function importOptionsFrom(opts: { columns?: string; currentSign?: string }): ImportOptions {
  const out: ImportOptions = {};
  if (opts.columns !== undefined) out.columns = parseColumnsFlag(opts.columns);
  if (opts.currentSign !== undefined) {
    const s = opts.currentSign.trim().toLowerCase();
    if (!(SIGNS as readonly string[]).includes(s)) {
      throw new InputError(`--current-sign must be ${SIGNS.join(' or ')}${didYouMean(opts.currentSign, SIGNS)}`, { field: 'current-sign', value: opts.currentSign });
    }
    out.currentSign = s as ImportOptions['currentSign'];
  }
  return out;
}
