/**
 * ssb-twin/core: the pure part of the library (no Node, no DOM, no clock, no global random), for
 * Node and the browser. One `export *` per area; each area's own index.ts is its public API.
 */
export * from './errors.js';
export * from './suggest.js';
export * from './schema.js';
export * from './units/index.js';
export * from './numerics/index.js';
export * from './materials/index.js';
export * from './data/index.js';
export * from './physics/index.js';
export * from './pack/index.js';
export * from './design/index.js';
export * from './loads/index.js';
export * from './sensing/index.js';
export * from './bms/index.js';
export * from './btms/index.js';
export * from './fit/index.js';
export * from './sim/index.js';
export * from './studies/index.js';
/** The one CCD law (physics/filament/ccd.ts): simulator, BMS, designer and materials records. */
export { criticalCurrentDensity_A_m2 } from './physics/index.js';
