/**
 * `runSimulation`: the outline of a run. Assembly (assembly.ts) builds the plant, sensing, BMS,
 * BTMS and loads from the scenario; the loop (loop.ts) steps them; the metrics (metrics.ts) and
 * the recorder (recorder.ts, columns.ts) collect what happened; observers (observer.ts) let
 * studies watch or perturb the plant. The BMS sees measurements only; the truth is read to
 * score it and to write the outputs.
 */
import type { Pack } from '../pack/pack.js';
import { assembleRun, type AssembledRun, type AssemblyOptions } from './assembly.js';
import { loopSteps, type LoopOutcome } from './loop.js';
import { vehicleMassOf } from './schedule.js';
import { RunMetrics, type SimMetrics } from './metrics.js';
import { Recorder, type RecordSink } from './recorder.js';
import { protectionSimEvent, type SimEvent } from './events.js';
import type { StepObserver } from './observer.js';
import type { ChargeSession } from './activity.js';
import type { ColumnSpec } from './columns.js';
import { scenarioWarnings } from './plausibility.js';

export { recordColumns, columnIndex, type ColumnSpec } from './columns.js';
export type { RecordSink } from './recorder.js';
export type { ChargeSession } from './activity.js';
export type { SimMetrics } from './metrics.js';
export type { ProtocolResults, ProtocolStepResult, ProtocolCycleResult } from './protocol-log.js';
export type { PackMetrics } from './pack-metrics.js';
export type { SimEvent } from './events.js';
export type { StepObserver, PlantStep } from './observer.js';

export interface RunOptions extends AssemblyOptions {
  sink?: RecordSink | null;
  onProgress?: (fraction: number) => void;
  /** Polled every few thousand steps; return true to stop early (Ctrl-C). Partial results are kept. */
  shouldStop?: () => boolean;
  /** Keep every recorded row in memory (tests). */
  keepRows?: boolean;
  /** Watch (or, on the truth side, perturb) the run: studies and tests. */
  observers?: readonly StepObserver[];
}

export interface SimResult {
  metrics: SimMetrics;
  columns: ColumnSpec[];
  /** Decimated in-memory series for the report (at most ~20 000 rows). */
  reportRows: Float64Array[];
  rows: Float64Array[] | null;
  events: SimEvent[];
  chargeSessions: ChargeSession[];
  stoppedEarly: boolean;
  error: Error | null;
  pack: Pack;
}

export function runSimulation(opts: RunOptions): SimResult {
  const r = startRun(opts);
  for (;;) {
    const step = r.steps.next();
    if (step.done) return r.finish(step.value);
  }
}

/**
 * The same run, in chunks: after every chunk of steps (loop.ts `YIELD_EVERY_STEPS`) it awaits
 * `pause()`, which the caller supplies (the CLI passes `() => new Promise(setImmediate)`), so the
 * caller's event loop runs between chunks and a Ctrl-C handler can set `shouldStop`. The core
 * imports nothing of Node: the pause is the caller's. Results are identical to `runSimulation`.
 */
export async function runSimulationAsync(opts: RunOptions, pause: () => Promise<void>): Promise<SimResult> {
  const r = startRun(opts);
  for (;;) {
    const step = r.steps.next();
    if (step.done) return r.finish(step.value);
    await pause();
  }
}

/** A run assembled and its loop ready to step; `finish` turns the loop's outcome into the result. */
function startRun(opts: RunOptions): { steps: Generator<void, LoopOutcome, void>; finish: (out: LoopOutcome) => SimResult } {
  const run = assembleRun(opts);
  const observers = opts.observers ?? [];
  for (const ob of observers) ob.onStart?.(run);
  const { pack } = run.plant;
  const estimators = run.scenario.bms.estimators;
  const metrics = new RunMetrics(estimators, pack, run.btms.window_K);
  const recorder = new Recorder(estimators, run.scenario.outputs.record_every_s, run.loads.end_s, opts.sink ?? null, !!opts.keepRows);
  const steps = loopSteps(run, metrics, recorder, observers, opts);
  return { steps, finish: (out) => finishRun(run, metrics, recorder, out) };
}

function finishRun(run: AssembledRun, metrics: RunMetrics, recorder: Recorder, out: LoopOutcome): SimResult {
  const { pack } = run.plant;
  const events = [...out.events, ...run.bms.events.map(protectionSimEvent)].sort((a, b) => a.time_s - b.time_s);
  const m = metrics.finish(
    {
      scenario: run.scenario,
      cell: run.cell,
      pack,
      ecm: run.ecm,
      bms: run.bms,
      limits: run.bmsSetup.limits,
      layout: run.sensing.layout,
      topology: run.sensing.topology,
      sensorFaults: run.sensing.faults,
      btmsName: run.btms.controller ? run.btms.controller.name : 'none',
      window_K: run.btms.window_K,
      startTemp_K: run.plant.startTemp_K,
      breakdown: run.plant.breakdown,
      vehicleMass: vehicleMassOf(run.scenario, run.plant.breakdown.pack_mass_kg),
      protocol: out.protocol,
    },
    out.time_s,
    out.steps,
    out.sessions,
    out.stoppedEarly,
    out.error,
  );
  const warnings = scenarioWarnings(run.scenario);
  if (warnings.length) m.warnings = warnings;
  return {
    metrics: m,
    columns: recorder.columns.map(({ name, unit }) => ({ name, unit })),
    reportRows: recorder.reportRows,
    rows: recorder.rows,
    events,
    chargeSessions: out.sessions,
    stoppedEarly: out.stoppedEarly,
    error: out.error,
    pack,
  };
}
