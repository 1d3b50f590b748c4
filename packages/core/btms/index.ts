/** Public API of core/btms: the battery thermal management system: controllers (thermostat, predictive, learned) and the cooling actuators. */
export * from './actuators.js';
export * from './ml.js';
export * from './predictive.js';
export * from './thermostat.js';
export * from './types.js';
