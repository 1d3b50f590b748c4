/**
 * Runs the BTMS climate study (`ssb btms-study`): each case of the matrix is a one-day simulation;
 * cases run on a pool of worker threads (node:worker_threads), each worker loading the drive
 * cycles, cells and model once. Every case is deterministic (its scenario carries the seed), so the
 * result does not depend on the number of workers or the order of completion.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { assembleRun, runSimulation } from '../../core/sim/index.js';
import { PRECONDITION_EFFECTIVENESS, PRECONDITION_MARGIN_s } from '../../core/btms/index.js';
import { dutyDistance_km, studyCases, studyMetrics, studyScenario, type StudyCase, type StudyMetrics, type StudySpec } from '../../core/studies/index.js';
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

/** The study's cells (paths relative to `baseDir`, the study file's folder) and drive cycles, loaded and checked. */
export function makeStudyContext(spec: StudySpec, model: BtmsTempModel | undefined, file = 'btms-study', baseDir = process.cwd()): StudyContext {
  const traces: Record<string, SpeedTrace> = {};
  for (const n of ['UDDS', 'HWFET', 'US06']) traces[n] = loadTrace(n, baseDir, file);
  const cells: Record<string, CellParams> = {};
  spec.cells.forEach((c, i) => {
    cells[c] = resolveCell(c, baseDir, file, `cells.${i}`);
  });
  return { spec, model, traces, cells };
}

/**
 * The thermostat baseline's departure timer [min] (0 when the pack starts the day inside its
 * heating band): the lead the predictive controller takes to warm the soaked pack from the night's
 * low to the top of the heating band — pack heat capacity × ΔT / (heater power × effectiveness) +
 * margin (btms/predictive.ts), so the baseline knows the departure as the controllers do.
 */
export function baselineDepartureTimer_min(ctx: StudyContext, c: StudyCase): number {
  const scenario = studyScenario(ctx.spec, { ...c, controller: 'thermostat' });
  const run = assembleRun({ scenario, cell: ctx.cells[c.cell], traces: ctx.traces });
  const pack = run.plant.pack;
  let heatCap_J_K = pack.config.thermal.plateHeatCapacity_J_K;
  for (let u = 0; u < pack.nUnits; u++) heatCap_J_K += pack.unitHeatCap_J_K[u];
  const a = run.btms.actuators;
  const heat_W = a.heater.maxPower_W + a.thermoelectric.maxElectrical_W;
  const dT_K = run.btms.thermo.heatOff_K - (c.temp_C - ctx.spec.swing_K + 273.15);
  if (!(dT_K > 0) || !(heat_W > 0)) return 0;
  return Math.ceil(((heatCap_J_K * dT_K) / (heat_W * PRECONDITION_EFFECTIVENESS) + PRECONDITION_MARGIN_s) / 60);
}

export function runStudyCase(ctx: StudyContext, c: StudyCase): StudyMetrics {
  const departureTimer_min = c.controller === 'thermostat' ? baselineDepartureTimer_min(ctx, c) : 0;
  const scenario = studyScenario(ctx.spec, c, { departureTimer_min });
  const r = runSimulation({ scenario, cell: ctx.cells[c.cell], traces: ctx.traces, btmsModel: ctx.model, sink: null });
  // a numerical failure is reported in the run's metrics (error) rather than stopping the study
  return studyMetrics(r.metrics, ctx.spec, dutyDistance_km(c.duty, ctx.traces));
}

export interface StudyRunOptions {
  /** Worker threads (0 = run in this thread). Default: available parallelism. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
  /** Aborted (Ctrl-C): the workers are terminated and the cases finished so far are returned. */
  abort?: AbortSignal;
  /** The study file (for messages) and the folder its cell paths are relative to (default: the working folder). */
  file?: string;
  baseDir?: string;
}

export interface StudyRun {
  /** The cases run (all of the matrix, or those finished before an abort) and their metrics. */
  cases: StudyCase[];
  metrics: StudyMetrics[];
  /** The run was aborted: `cases` is the part of the matrix finished. */
  interrupted: boolean;
}

export async function runStudy(spec: StudySpec, model: BtmsTempModel | undefined, opts: StudyRunOptions = {}): Promise<StudyRun> {
  const all = await runCases(spec, model, opts);
  const done = all.cases.map((_, i) => i).filter((i) => all.metrics[i] !== undefined);
  return { cases: done.map((i) => all.cases[i]), metrics: done.map((i) => all.metrics[i]), interrupted: done.length < all.cases.length };
}

async function runCases(spec: StudySpec, model: BtmsTempModel | undefined, opts: StudyRunOptions): Promise<{ cases: StudyCase[]; metrics: StudyMetrics[] }> {
  const cases = studyCases(spec);
  const metrics: StudyMetrics[] = new Array(cases.length);
  const nWorkers = Math.min(opts.workers ?? availableParallelism(), cases.length);
  // every cell and trace loaded and checked here, before any worker starts (a bad cell is exit 2 naming the study file)
  const ctx = makeStudyContext(spec, model, opts.file, opts.baseDir);
  if (nWorkers <= 0) {
    for (let i = 0; i < cases.length && !opts.abort?.aborted; i++) {
      metrics[i] = runStudyCase(ctx, cases[i]);
      opts.onProgress?.(i + 1, cases.length);
    }
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
    opts.abort?.addEventListener('abort', () => {
      if (failed) return;
      failed = true; // (no more messages are taken)
      finish();
    });
    for (let k = 0; k < nWorkers; k++) {
      const w = new Worker(new URL('./btms-study-worker.js', import.meta.url), { workerData: { spec, model, file: opts.file, baseDir: opts.baseDir } });
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
