/** Loads: drive cycles, vehicle road load, climate, chargers and test-protocol steps. */
export * from './epa.js';
export * from './vehicle.js';
export * from './climate.js';
export * from './charger.js';
export * from './protocol.js';
