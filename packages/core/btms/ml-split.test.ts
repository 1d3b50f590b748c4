import { test } from 'node:test';
import assert from 'node:assert/strict';
import { N_FEATURES, trainBtmsModel } from './ml.js';

/**
 * Rows of one run are nearly the same (1 min apart): a hold-out of every 5th row keeps the rest of
 * each held-out row's run in the training set and reports a fit to noise as skill. Ten runs whose
 * rows carry a run-constant feature vector and an arbitrary run-constant target: a linear model
 * can interpolate ten points in 13 features, so a split by row scores ≈ 0 K, but no model can
 * predict the target of a run it has not seen (issue 17: split by run, not by row).
 */
test('ML BTMS hold-out is split by run: a run-specific target is not predictable on unseen runs', () => {
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  const x: Float64Array[] = [];
  const y: [number[], number[]] = [[], []];
  const run: number[] = [];
  for (let r = 0; r < 10; r++) {
    const v = Float64Array.from({ length: N_FEATURES }, () => rand());
    const target = 4 * rand();
    for (let k = 0; k < 50; k++) {
      x.push(Float64Array.from(v, (a) => a + 1e-4 * rand()));
      y[0].push(target);
      y[1].push(target);
      run.push(r);
    }
  }
  const byRun = trainBtmsModel({ x, y, run }, 1800, 1e-6);
  assert.match(String(byRun.provenance.holdout), /every 5th run \(2 of 10 runs\)/);
  const rms = byRun.provenance.holdout_rms_change_min_K as number;
  assert.ok((byRun.provenance.holdout_rmse_min_K as number) > 0.3 * rms, `split by run: hold-out RMSE ${byRun.provenance.holdout_rmse_min_K} K vs rms ${rms} K`);
  // the same rows split by row: every held-out row has 40 twins in training (the leak)
  const byRow = trainBtmsModel({ x, y }, 1800, 1e-6);
  assert.equal(byRow.provenance.holdout, 'every 5th row');
  assert.ok((byRow.provenance.holdout_rmse_min_K as number) < 0.05, `split by row: ${byRow.provenance.holdout_rmse_min_K} K`);
});
