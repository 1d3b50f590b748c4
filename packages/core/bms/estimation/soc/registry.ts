/**
 * The SoC estimators the BMS can run, by name: the one list the scenario schema's
 * `bms.estimators` enum, the BMS's construction (`createSocEstimator`), `ssb estimate --method`
 * and the docs are derived from. Adding an estimator: its file, one entry here, its test.
 */
import type { EcmModel, SocEstimator } from '../../types.js';
import { defineRegistry, type RegistryEntry } from '../../../registry.js';
import { CoulombCounter, type CoulombCounterOptions } from './coulomb.js';
import { OcvRestSoc, type OcvRestSocOptions } from './ocv.js';
import { EkfSoc, type KalmanSocOptions } from './ekf.js';
import { UkfSoc, type UkfSocOptions } from './ukf.js';
import { NnSoc, type NnSocOptions } from './nn.js';

export interface SocEstimatorEntry extends RegistryEntry {
  /**
   * An option the estimator cannot run without, beyond the ECM model (e.g. nn's trained
   * weights), with what to give for it. The scenario schema and `ssb estimate` say so up front.
   */
  readonly needs?: { readonly option: string; readonly what: string };
  /** Builds one estimator; `opts` is validated by the constructor (ill-typed values throw an InputError naming the field). */
  create(model: EcmModel, opts: Record<string, unknown>): SocEstimator;
}

export const SOC_ESTIMATOR_REGISTRY = defineRegistry('SoC estimator', [
  {
    name: 'coulomb',
    description: 'Coulomb counting from an OCV look-up of the first voltage (optionally re-read after a long rest)',
    create: (model: EcmModel, opts: Record<string, unknown>): SocEstimator => new CoulombCounter(model, opts as CoulombCounterOptions),
  },
  {
    name: 'ocv',
    description: 'OCV look-up after 30 min at rest, Coulomb counting in between',
    create: (model: EcmModel, opts: Record<string, unknown>): SocEstimator => new OcvRestSoc(model, opts as OcvRestSocOptions),
  },
  {
    name: 'ekf',
    description: 'extended Kalman filter on the two-RC equivalent-circuit model (with its hysteresis)',
    create: (model: EcmModel, opts: Record<string, unknown>): SocEstimator => new EkfSoc(model, opts as KalmanSocOptions),
  },
  {
    name: 'ukf',
    description: 'unscented Kalman filter on the same two-RC model',
    create: (model: EcmModel, opts: Record<string, unknown>): SocEstimator => new UkfSoc(model, opts as UkfSocOptions),
  },
  {
    name: 'nn',
    description: 'feed-forward neural network on filtered voltage, current and temperature',
    needs: { option: 'weights', what: 'a weights file trained on this cell (ssb train-soc --out)' },
    // the network maps measurements to SoC by itself: the ECM model is not used
    create: (_model: EcmModel, opts: Record<string, unknown>): SocEstimator => new NnSoc(opts as NnSocOptions),
  },
]);

export type SocEstimatorName = (typeof SOC_ESTIMATOR_REGISTRY.names)[number];
/** The names in list order. */
export const SOC_ESTIMATOR_NAMES = SOC_ESTIMATOR_REGISTRY.names;

/**
 * Builds an estimator by name. `opts` is passed to the constructor and validated there (unknown
 * keys are ignored; ill-typed values throw an `InputError` naming the field).
 */
export function createSocEstimator(name: SocEstimatorName, model: EcmModel, opts: Record<string, unknown> = {}): SocEstimator {
  return SOC_ESTIMATOR_REGISTRY.get(name, { field: 'estimator' }).create(model, opts);
}
