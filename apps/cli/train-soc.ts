/**
 * `ssb train-soc --data FILE… --out nn.json`: trains the data-driven SoC estimator ('nn') on
 * measured drive logs. The reference SoC of each file is Coulomb counting of its current from
 * `--reference-initial-soc` with `--capacity-ah` (core `referenceSoc`); the weights file is the
 * versioned JSON the core estimator reads (`createSocEstimator('nn', model, { weights })`).
 */
import { basename, resolve } from 'node:path';
import { writeFileAtomic } from '../../packages/io/output-files.js';
import { outputPathOption, refuseOutputOverInput } from '../../packages/io/output-guard.js';
import { InputError } from '../../packages/core/errors.js';
import { capacityProblem, referenceSoc, DEFAULT_NN_FEATURES } from '../../packages/core/bms/index.js';
import { checkCellCapacity, checkMeasuredRanges, readMeasured } from '../../packages/io/import/index.js';
import { checkNetworkSize, trainSocNetworkStoppable, type SocTrainingSet } from '../../packages/ml/train-soc.js';
import { importOptionsFrom } from './measured-options.js';
import { watchSignals, yieldToEventLoop } from './interrupt.js';

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

/** Least span of the reference SoC over all files (assumed: 5 %, below it the data hold no information about SoC). */
const MIN_REFERENCE_SOC_SPAN = 0.05;
/** Largest final training RMSE [fraction of SoC] of a converged training (assumed: 10 %; an estimator that far off is no better than a guess from the voltage). */
const MAX_CONVERGED_RMSE = 0.1;

/** `ssb train-soc`: returns the exit code (errors are thrown to main's reporter). */
export async function trainSocCommand(opts: TrainSocCliOpts): Promise<number> {
  const capacity_Ah = num('capacity-ah', opts.capacityAh, (x) => x > 0, 'a number > 0');
  checkCellCapacity(capacity_Ah, 'capacity-ah', opts.capacityAh ?? '');
  const z0 = num('reference-initial-soc', opts.referenceInitialSoc, (x) => x >= 0 && x <= 1, 'a number in 0..1');
  const seed = num('seed', opts.seed, (x) => Number.isInteger(x) && x >= 0, 'an integer >= 0');
  const epochs = opts.epochs === undefined ? undefined : num('epochs', opts.epochs, (x) => Number.isInteger(x) && x >= 1, 'an integer >= 1');
  const hidden = opts.hidden === undefined ? undefined : opts.hidden.split(',').map((h) => num('hidden', h, (x) => Number.isInteger(x) && x >= 1, 'comma-separated integers >= 1, e.g. 32,32'));
  if (hidden) checkNetworkSize(hidden, DEFAULT_NN_FEATURES.length);
  if (!opts.data?.length) throw new InputError('give at least one training file with --data', { field: 'data' });
  const outOpt = outputPathOption(opts.out, '--out') ?? opts.out;
  // the weights must not land on a training file: refused before anything is read
  refuseOutputOverInput(opts.data, [{ path: outOpt, option: '--out' }]);
  const io = importOptionsFrom(opts);
  const log = (s: string) => {
    if (!opts.quiet) process.stderr.write(s);
  };
  const sets: SocTrainingSet[] = [];
  for (const file of opts.data) {
    const { series, info } = await readMeasured(file, io);
    if (series.length < 2) throw new InputError('the file has fewer than 2 rows', { file, field: 'rows', value: series.length });
    checkMeasuredRanges(series, file, capacity_Ah);
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
  // a reference that never moves (all-zero current) teaches nothing but a constant
  let refMin = Number.POSITIVE_INFINITY;
  let refMax = Number.NEGATIVE_INFINITY;
  for (const set of sets)
    for (const z of set.referenceSoc) {
      refMin = Math.min(refMin, z);
      refMax = Math.max(refMax, z);
    }
  if (!(refMax - refMin >= MIN_REFERENCE_SOC_SPAN))
    throw new InputError(
      `the reference SoC spans only ${(100 * (refMax - refMin)).toFixed(2)} % over all files (at least ${100 * MIN_REFERENCE_SOC_SPAN} % needed): the current is (nearly) zero, so there is nothing to learn`,
      { file: opts.data.join(', '), field: 'current', value: refMax - refMin },
    );
  const t0 = performance.now();
  // training pauses every few mini-batches: on Ctrl-C / SIGTERM it stops, and the weights of the
  // last finished epoch are written (provenance.interrupted, epochsFinished)
  // (the watch is kept until the process exits, so a signal while the weights are written only sets
  // the exit code: the default action would kill the process midway, leaving a temporary file)
  const sig = watchSignals('train-soc');
  const trained = await trainSocNetworkStoppable(
    sets,
    {
      seed,
      epochs,
      hidden,
      provenance: { reference: `Coulomb counting from SoC ${z0} with ${capacity_Ah} Ah (core referenceSoc)`, createdBy: 'ssb train-soc' },
      onEpoch: (e, rmse) => log(`epoch ${e}: training RMSE ${(100 * rmse).toFixed(2)} % SoC (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`),
    },
    { pause: yieldToEventLoop, shouldStop: sig.stopped },
  );
  const { weights, history } = trained;
  if (!weights) {
    process.stderr.write(`ssb train-soc: interrupted by ${sig.signal} before the first epoch finished: nothing written\n`);
    return sig.exitCode(1);
  }
  writeFileAtomic(resolve(outOpt), JSON.stringify(weights) + '\n');
  const final = history.rmse[history.rmse.length - 1];
  if (trained.interrupted) {
    process.stderr.write(
      `ssb train-soc: interrupted by ${sig.signal}: wrote ${opts.out} with the weights after epoch ${history.rmse.length} of ${weights.provenance.epochs} (training RMSE ${(100 * final).toFixed(2)} %; provenance.interrupted: true)\n`,
    );
    return sig.exitCode(1);
  }
  log(`wrote ${opts.out} (${weights.layerSizes.join('-')} network, training RMSE ${(100 * final).toFixed(2)} %)\n`);
  if (!(final <= MAX_CONVERGED_RMSE)) {
    // loud, and exit 1: the weights are written for inspection, not for use
    process.stderr.write(
      `ssb: training did not converge: training RMSE ${(100 * final).toFixed(2)} % SoC (above ${100 * MAX_CONVERGED_RMSE} %); ${opts.out} is not a usable estimator — more epochs (--epochs), more varied data, or check the files\n`,
    );
    return 1;
  }
  return 0;
}
