/**
 * `ssb train-soc --data FILE… --out nn.json`: trains the data-driven SoC estimator ('nn') on
 * measured drive logs. The reference SoC of each file is Coulomb counting of its current from
 * `--reference-initial-soc` with `--capacity-ah` (core `referenceSoc`); the weights file is the
 * versioned JSON the core estimator reads (`createSocEstimator('nn', model, { weights })`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { InputError } from '../../packages/core/errors.js';
import { capacityProblem, referenceSoc, DEFAULT_NN_FEATURES } from '../../packages/core/bms/index.js';
import { readMeasured } from '../../packages/io/import/index.js';
import { checkNetworkSize, trainSocNetwork, type SocTrainingSet } from '../../packages/ml/train-soc.js';
import { importOptionsFrom } from './measured-options.js';

export interface TrainSocCliOpts {
  data: string[];
  out: string;
  capacityAh: string;
  referenceInitialSoc: string;
  epochs?: string;
  seed: string;
  hidden?: string;
  columns?: string;
  currentSign?: string;
  quiet?: boolean;
}

function num(flag: string, v: string, check: (x: number) => boolean, what: string): number {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || !check(x)) throw new InputError(`--${flag} must be ${what}`, { field: flag, value: v });
  return x;
}

/** `ssb train-soc`: returns the exit code (errors are thrown to main's reporter). */
export async function trainSocCommand(opts: TrainSocCliOpts): Promise<number> {
  const capacity_Ah = num('capacity-ah', opts.capacityAh, (x) => x > 0, 'a number > 0');
  const z0 = num('reference-initial-soc', opts.referenceInitialSoc, (x) => x >= 0 && x <= 1, 'a number in 0..1');
  const seed = num('seed', opts.seed, (x) => Number.isInteger(x) && x >= 0, 'an integer >= 0');
  const epochs = opts.epochs === undefined ? undefined : num('epochs', opts.epochs, (x) => Number.isInteger(x) && x >= 1, 'an integer >= 1');
  const hidden = opts.hidden === undefined ? undefined : opts.hidden.split(',').map((h) => num('hidden', h, (x) => Number.isInteger(x) && x >= 1, 'comma-separated integers >= 1, e.g. 32,32'));
  if (hidden) checkNetworkSize(hidden, DEFAULT_NN_FEATURES.length);
  if (!opts.data?.length) throw new InputError('give at least one training file with --data', { field: 'data' });
  const io = importOptionsFrom(opts);
  const log = (s: string) => {
    if (!opts.quiet) process.stderr.write(s);
  };
  const sets: SocTrainingSet[] = [];
  for (const file of opts.data) {
    const { series, info } = await readMeasured(file, io);
    if (series.length < 2) throw new InputError('the file has fewer than 2 rows', { file, field: 'rows', value: series.length });
    const ref = referenceSoc(series, z0, capacity_Ah);
    // the reference must be the cell's: a capacity the file overdraws, or one in mAh, trains a wrong net
    let zMin = z0;
    for (const z of ref) if (z < zMin) zMin = z;
    const capProblem = capacityProblem(capacity_Ah, { discharged_Ah: (z0 - zMin) * capacity_Ah, discharged_to_cutoff_Ah: null }, z0, {
      consequence: 'the network would learn a wrong reference SoC',
      fix: 'check --capacity-ah',
    });
    if (capProblem) throw new InputError(capProblem, { file, field: 'capacity-ah', value: opts.capacityAh });
    sets.push({ series, referenceSoc: ref, label: basename(file) });
    log(`read ${file}: ${series.length} rows, ${((series.time_s[series.length - 1] - series.time_s[0]) / 3600).toFixed(2)} h, ${info.format}\n`);
  }
  const t0 = performance.now();
  const { weights, history } = await trainSocNetwork(sets, {
    seed,
    epochs,
    hidden,
    provenance: { reference: `Coulomb counting from SoC ${z0} with ${capacity_Ah} Ah (core referenceSoc)`, createdBy: 'ssb train-soc' },
    onEpoch: (e, rmse) => log(`epoch ${e}: training RMSE ${(100 * rmse).toFixed(2)} % SoC (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`),
  });
  const path = resolve(opts.out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(weights) + '\n');
  log(`wrote ${opts.out} (${weights.layerSizes.join('-')} network, training RMSE ${(100 * history.rmse[history.rmse.length - 1]).toFixed(2)} %)\n`);
  return 0;
}
