/**
 * Step observers: how studies watch (and, on the truth side, perturb) a run without patching the
 * plant — in the spirit of PyBaMM's callbacks. The engine calls them in order around every plant
 * step, including the initial zero-current solve (`initial: true`).
 */
import type { Pack, PackStepInput, PackStepResult } from '../pack/pack.js';
import type { AssembledRun } from './assembly.js';

export interface PlantStep {
  /** The zero-current solve before the run (rest voltages), not a step of the schedule. */
  readonly initial: boolean;
  /** What the plant is asked to do (read-only for observers). */
  readonly input: Readonly<PackStepInput>;
  /** The plant (truth): observers may read it, and a fault injector may change it in `beforePlantStep`. */
  readonly pack: Pack;
}

export interface StepObserver {
  /** After assembly, before the initial solve: every part of the run. */
  onStart?(run: AssembledRun): void;
  /** Before each plant step (after the BMS and BTMS decided). */
  beforePlantStep?(step: PlantStep): void;
  /** After each plant step. */
  afterPlantStep?(step: PlantStep, result: PackStepResult): void;
  /** Polled every few thousand steps: true stops the run (partial results are kept). */
  shouldStop?(): boolean;
}
