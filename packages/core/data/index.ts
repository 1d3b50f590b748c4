/** Public API of core/data: measured time series in the project's conventions (columnar, SI, current positive on discharge). */
export * from './measured.js';
