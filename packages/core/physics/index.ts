/** Public API of core/physics: the cell model: parameters and presets, the composed cell, and one file per effect (transport, interface, filament, ageing, runaway). */
export * from './ageing/empirical.js';
export * from './cell-params.js';
export * from './cell.js';
export * from './cell-spec.js';
export * from './cell-format.js';
export * from './filament/ccd.js';
export * from './interface/pressure-power-law.js';
export * from './runaway/arrhenius.js';
export * from './runaway/params.js';
export * from './transport/conductivity.js';
