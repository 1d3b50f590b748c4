/**
 * Runs the BTMS climate study (`ssb btms-study`): each case of the matrix is a one-day simulation;
 * cases run on a pool of worker threads (node:worker_threads), each worker loading the drive
 * cycles, cells and model once. Every case is deterministic (its scenario carries the seed), so the
 * result does not depend on the number of workers or the order of completion.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { runSimulation } from '../../core/sim/index.js';
import { studyCases, studyMetrics, studyScenario, type StudyCase, type StudyMetrics, type StudySpec } from '../../core/studies/index.js';
import type { BtmsTempModel } from '../../core/btms/index.js';
import type { CellParams } from '../../core/physics/index.js';
import type { SpeedTrace } from '../../core/loads/index.js';
import { loadTrace, resolveCell } from '../scenario-loader.js';

export interface StudyContext {
  spec: StudySpec;
  model: BtmsTempModel | undefined;
  traces: Record<string, SpeedTrace>;
  cells: Record<string, CellParams>;
}

export function makeStudyContext(spec: StudySpec, model: BtmsTempModel | undefined, file = 'btms-study'): StudyContext {
  const traces: Record<string, SpeedTrace> = {};
  for (const n of ['UDDS', 'HWFET', 'US06']) traces[n] = loadTrace(n, process.cwd(), file);
  const cells: Record<string, CellParams> = {};
  spec.cells.forEach((c, i) => {
    cells[c] = resolveCell(c, process.cwd(), file, `cells.${i}`);
  });
  return { spec, model, traces, cells };
}

export function runStudyCase(ctx: StudyContext, c: StudyCase): StudyMetrics {
  const scenario = studyScenario(ctx.spec, c);
  const r = runSimulation({ scenario, cell: ctx.cells[c.cell], traces: ctx.traces, btmsModel: ctx.model, sink: null });
  // a numerical failure is reported in the run's metrics (error) rather than stopping the study
  return studyMetrics(r.metrics);
}

export interface StudyRunOptions {
  /** Worker threads (0 = run in this thread). Default: available parallelism. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function runStudy(spec: StudySpec, model: BtmsTempModel | undefined, opts: StudyRunOptions = {}): Promise<{ cases: StudyCase[]; metrics: StudyMetrics[] }> {
  const cases = studyCases(spec);
  const metrics: StudyMetrics[] = new Array(cases.length);
  const nWorkers = Math.min(opts.workers ?? availableParallelism(), cases.length);
  if (nWorkers <= 0) {
    const ctx = makeStudyContext(spec, model);
    cases.forEach((c, i) => {
      metrics[i] = runStudyCase(ctx, c);
      opts.onProgress?.(i + 1, cases.length);
    });
    return { cases, metrics };
  }
  let next = 0;
  let done = 0;
  await new Promise<void>((resolvePool, rejectPool) => {
    const workers: Worker[] = [];
    let failed = false;
    const finish = (err?: Error) => {
      for (const w of workers) void w.terminate();
      if (err) rejectPool(err);
      else resolvePool();
    };
    for (let k = 0; k < nWorkers; k++) {
      const w = new Worker(new URL('./btms-study-worker.js', import.meta.url), { workerData: { spec, model } });
      workers.push(w);
      const feed = () => {
        if (next < cases.length) w.postMessage(cases[next++]);
      };
      w.on('message', (msg: { index: number; metrics?: StudyMetrics; error?: string }) => {
        if (failed) return;
        if (msg.error !== undefined) {
          failed = true;
          finish(new Error(`study case ${msg.index} (${cases[msg.index].controller} ${cases[msg.index].climate} ${cases[msg.index].duty} ${cases[msg.index].cell}): ${msg.error}`));
          return;
        }
        metrics[msg.index] = msg.metrics!;
        done++;
        opts.onProgress?.(done, cases.length);
        if (done === cases.length) finish();
        else feed();
      });
      w.on('error', (e) => {
        if (!failed) {
          failed = true;
          finish(e);
        }
      });
      feed();
    }
  });
  return { cases, metrics };
}
