/** Public API of core/numerics: Float64Array kernels: interpolation, root finding, decay factors, the seeded random generator. */
export * from './decay.js';
export * from './interp.js';
export * from './rng.js';
export * from './root.js';
export * from './round.js';
