/**
 * Training data and training of the ML-assisted BTMS's temperature model (`ssb train-btms`):
 * one-day runs of the study's duties on climates between the study's grid points, with the
 * exploration controller (random heating/cooling blocks inside physical bounds) logging the
 * measured features; rows whose action stays the same over the horizon are labelled with the
 * measured change `horizon` later; ridge regression fits the two outputs.
 */
import { runSimulation } from '../core/sim/index.js';
import { ExplorationController, samplesToRows, trainBtmsModel, type BtmsTempModel } from '../core/btms/index.js';
import { parseStudy, studyCases, studyScenario } from '../core/studies/index.js';
import { Rng } from '../core/numerics/index.js';
import { makeStudyContext } from './studies/btms-study.js';

export interface TrainBtmsOptions {
  horizon_min?: number;
  seed?: number;
  quick?: boolean;
  lambda?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Training climates: between the study's grid points (−40 … +45 °C), so the study is not its training set. */
export const TRAIN_TEMPS_C = [-35, -18, -3, 5, 18, 30, 40];

export function trainBtmsFromSimulation(o: TrainBtmsOptions = {}): BtmsTempModel {
  const horizon_s = (o.horizon_min ?? 30) * 60;
  const seed = o.seed ?? 1;
  const spec = parseStudy(
    { controllers: ['thermostat'], temps_C: o.quick ? [-18, 5, 30] : TRAIN_TEMPS_C, duties: o.quick ? ['commute', 'fastcharge'] : ['commute', 'highway', 'fastcharge'], seed },
    'train-btms',
  );
  const ctx = makeStudyContext(spec, undefined, 'train-btms');
  const cases = studyCases(spec);
  const x: Float64Array[] = [];
  const y: [number[], number[]] = [[], []];
  // the run of each row: the hold-out is split by run, not by row
  const run: number[] = [];
  const root = new Rng(seed);
  // a run that fails numerically (e.g. a pack drained by the exploration) keeps its samples up to the failure
  const failed: string[] = [];
  cases.forEach((c, i) => {
    const scenario = studyScenario(spec, c);
    let ctl: ExplorationController | null = null;
    const r = runSimulation({
      scenario,
      cell: ctx.cells[c.cell],
      traces: ctx.traces,
      sink: null,
      makeBtms: (act) => (ctl = new ExplorationController(act, root.fork(`case-${i}`), horizon_s)),
    });
    if (r.error) failed.push(`${c.climate} ${c.duty} ${c.cell}: ${r.error.message}`);
    const rows = samplesToRows((ctl as unknown as ExplorationController).samples, horizon_s);
    x.push(...rows.x);
    y[0].push(...rows.y[0]);
    y[1].push(...rows.y[1]);
    for (let k = 0; k < rows.x.length; k++) run.push(i);
    o.onProgress?.(i + 1, cases.length);
  });
  return trainBtmsModel({ x, y, run }, horizon_s, o.lambda ?? 1, {
    trainedOn: `${cases.length} simulated one-day runs: climates ${spec.temps_C.join(', ')} °C with and without sun, duties ${spec.duties.join(', ')}, cells ${spec.cells.join(', ')}, ${spec.series}s${spec.parallel}p, liquid hardware, exploration controller`,
    seed,
    failedRuns: failed,
    generatedBy: 'ssb train-btms',
  });
}
