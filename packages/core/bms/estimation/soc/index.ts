/**
 * SoC estimators behind the one `SocEstimator` interface (bms/types.ts): Coulomb counting, OCV
 * look-up at rest, extended and unscented Kalman filters on the two-RC equivalent-circuit model
 * (with the model's optional hysteresis), and a feed-forward neural network on filtered
 * measurements ('nn', needs a weights file: `createSocEstimator('nn', model, { weights })`).
 */
export { CoulombCounter, type CoulombCounterOptions } from './coulomb.js';
export { OcvRestSoc, type OcvRestSocOptions, socFromOcv } from './ocv.js';
export { EkfSoc, type KalmanSocOptions } from './ekf.js';
export { UkfSoc, type UkfSocOptions } from './ukf.js';
export { NnSoc, type NnSocOptions, type NnWeights, type NnFeature, parseNnWeights, NnFeatureFilter, extractNnFeatures, DEFAULT_NN_FEATURES } from './nn.js';
export { referenceSoc } from './reference.js';
export { hysteresisStep } from './hysteresis.js';

export { SOC_ESTIMATOR_REGISTRY, SOC_ESTIMATOR_NAMES, createSocEstimator, type SocEstimatorName, type SocEstimatorEntry } from './registry.js';
