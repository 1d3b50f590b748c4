/** Public API of core/studies: studies built on the simulation: fault campaigns, balancing comparison, BTMS climate study, abuse tests, runaway propagation, their safety monitor. */
export * from './abuse.js';
export * from './balancing-compare.js';
export * from './btms-study.js';
export * from './campaign.js';
export * from './runaway.js';
export * from './arc.js';
export * from './safety-monitor.js';
