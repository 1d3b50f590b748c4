/**
 * ssb-twin/io: the Node side of the library — reading user files (scenario, cell design, safety
 * tests, fitted models, cycler exports), writing time series and reports, the worker-thread
 * study runner, progress bars.
 */
export * from './yaml-file.js';
export * from './scenario-loader.js';
export * from './design-loader.js';
export * from './safety-loader.js';
export * from './estimator-model.js';
export * from './import/index.js';
export * from './timeseries-writer.js';
export * from './report.js';
export * from './summary.js';
export * from './progress.js';
export * from './design-report.js';
export * from './fit-report.js';
export * from './btms-study-report.js';
export * from './btms-train.js';
export * from './studies/btms-study.js';
