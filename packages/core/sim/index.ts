/**
 * Public API of core/sim: the scenario schema, `runSimulation` and its parts — assembly (each part
 * buildable alone: `buildBms` needs no plant), step observers, the recorded-column table and the
 * typed metrics with their JSON Schema.
 */
export * from './ecm-from-cell.js';
export * from './engine.js';
export * from './scenario.js';
export * from './sensor-faults.js';
export { assembleRun, buildPlant, buildSensing, buildActuators, buildBtms, buildPlantFaults, type AssembledRun, type AssemblyOptions } from './assembly.js';
export { bmsSetup, buildBms, type BmsDescription, type BmsSetup } from './bms-setup.js';
export { simMetricsSchema, simMetricsJsonSchema, isLabRun, invalidRunText } from './metrics.js';
export { PROTECTION_UNITS, type SimEventKind } from './events.js';
export { expandSchedule, climateSpecOf, vehicleOf, vehicleMassOf, buildLoads, checkDriveStep } from './schedule.js';
export { packBreakdownOf } from './assembly.js';
export { scenarioWarnings, RECORD_AMBIENT_C } from './plausibility.js';
