/** Public API of core/pack: the plant: a pack of cells in series/parallel groups, current sharing, thermal network, cell-to-cell variation, the stack-pressure fixture. */
export * from './fixture.js';
export * from './pack.js';
export * from './breakdown.js';
