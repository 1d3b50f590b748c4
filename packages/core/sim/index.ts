/** Public API of core/sim: the one place that wires plant, sensing, BMS, BTMS, loads and clock: the scenario schema and `runSimulation`. */
export * from './ecm-from-cell.js';
export * from './engine.js';
export * from './scenario.js';
export * from './sensor-faults.js';
