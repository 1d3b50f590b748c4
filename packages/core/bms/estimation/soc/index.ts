/**
 * SoC estimators behind the one `SocEstimator` interface (bms/types.ts): Coulomb counting, OCV
 * look-up at rest, extended and unscented Kalman filters on the two-RC equivalent-circuit model
 * (with the model's optional hysteresis), and a feed-forward neural network on filtered
 * measurements ('nn', needs a weights file: `createSocEstimator('nn', model, { weights })`).
 */
import type { EcmModel, SocEstimator } from '../../types.js';
import { InputError } from '../../../errors.js';
import { CoulombCounter, type CoulombCounterOptions } from './coulomb.js';
import { OcvRestSoc, type OcvRestSocOptions } from './ocv.js';
import { EkfSoc, type KalmanSocOptions } from './ekf.js';
import { UkfSoc, type UkfSocOptions } from './ukf.js';
import { NnSoc, type NnSocOptions } from './nn.js';

export { CoulombCounter, type CoulombCounterOptions } from './coulomb.js';
export { OcvRestSoc, type OcvRestSocOptions, socFromOcv } from './ocv.js';
export { EkfSoc, type KalmanSocOptions } from './ekf.js';
export { UkfSoc, type UkfSocOptions } from './ukf.js';
export { NnSoc, type NnSocOptions, type NnWeights, type NnFeature, parseNnWeights, NnFeatureFilter, extractNnFeatures, DEFAULT_NN_FEATURES } from './nn.js';
export { referenceSoc } from './reference.js';
export { hysteresisStep } from './hysteresis.js';

export type SocEstimatorName = 'coulomb' | 'ocv' | 'ekf' | 'ukf' | 'nn';
export const SOC_ESTIMATOR_NAMES: readonly SocEstimatorName[] = ['coulomb', 'ocv', 'ekf', 'ukf', 'nn'];

/**
 * Builds an estimator by name. `opts` is passed to the constructor and validated there (unknown
 * keys are ignored; ill-typed values throw an `InputError` naming the field).
 */
export function createSocEstimator(name: SocEstimatorName, model: EcmModel, opts: Record<string, unknown> = {}): SocEstimator {
  switch (name) {
    case 'coulomb':
      return new CoulombCounter(model, opts as CoulombCounterOptions);
    case 'ocv':
      return new OcvRestSoc(model, opts as OcvRestSocOptions);
    case 'ekf':
      return new EkfSoc(model, opts as KalmanSocOptions);
    case 'ukf':
      return new UkfSoc(model, opts as UkfSocOptions);
    case 'nn':
      return new NnSoc(opts as NnSocOptions);
    default:
      throw new InputError(`unknown SoC estimator '${String(name)}' (expected one of ${SOC_ESTIMATOR_NAMES.join(', ')})`, {
        field: 'estimator',
        value: name,
      });
  }
}
