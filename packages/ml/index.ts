/** ssb-twin/ml: training of the learned SoC estimator (TensorFlow.js; kept out of the main entry for its load time). */
export * from './train-soc.js';
