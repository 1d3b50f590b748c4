/**
 * The options every command that reads measured data shares (`import`, and later `fit`,
 * `estimate`, `train-soc`): `--columns <map>` and `--current-sign <sign>`.
 */
import type { Command } from 'commander';
import { InputError } from '../../packages/core/errors.js';
import { parseColumnsFlag, type ImportOptions } from '../../packages/io/import/index.js';

const SIGNS = ['discharge-positive', 'discharge-negative'] as const;

export function addMeasuredOptions(cmd: Command): Command {
  return cmd
    .option(
      '--columns <map>',
      'column mapping for files not recognised by their header, e.g. "time=Test_Time(s),current=I[mA],voltage=Voltage(V),temperature=T(°C)" ' +
        '(keys time, current, voltage, temperature, step; a unit in [brackets] when the header has none)',
    )
    .option('--current-sign <sign>', 'sign of the file\'s current while discharging: discharge-positive or discharge-negative (needed with --columns)');
}

/** ImportOptions from the parsed command options; InputError on bad values. */
export function importOptionsFrom(opts: { columns?: string; currentSign?: string }): ImportOptions {
  const out: ImportOptions = {};
  if (opts.columns !== undefined) out.columns = parseColumnsFlag(opts.columns);
  if (opts.currentSign !== undefined) {
    const s = opts.currentSign.trim().toLowerCase();
    if (!(SIGNS as readonly string[]).includes(s)) {
      throw new InputError(`--current-sign must be ${SIGNS.join(' or ')}`, { field: 'current-sign', value: opts.currentSign });
    }
    out.currentSign = s as ImportOptions['currentSign'];
  }
  return out;
}
