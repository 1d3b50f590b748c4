/** Public API of core/fit: from cycler files to a fitted model: OCV and HPPC fits (`fitEcm`), dynamic calibration, validation, the model file. */
export * from './ecm.js';
export * from './ocv.js';
export * from './hppc.js';
export * from './slow-rc.js';
export * from './dynamic.js';
export * from './validate.js';
export * from './synthetic.js';
export * from './model-file.js';
export * from './cell-from-model.js';
export * from './test-kind.js';
