/**
 * ssb-twin: the library. The pure core (simulation, design, fit, BMS, BTMS, studies; also as
 * `ssb-twin/core` for the browser) and the Node adapters that read and write user files
 * (`ssb-twin/io`). The learned-estimator training is `ssb-twin/ml`.
 */
export * from './core/index.js';
export * from './io/index.js';
/** The recorded column of a run (sim) and of a written file (io) share this name; io's adds a description. */
export type { ColumnSpec } from './io/index.js';
