/** Public API of core/sensing: truth → measurement: the sensor front-ends (centralized, distributed topologies) and the sensor fault models. */
export * from './centralized.js';
export * from './faults.js';
export * from './topology.js';
