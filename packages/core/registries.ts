/**
 * Every registry of the project in one list, for the generated docs and for the test that walks
 * them all (tests/registries.test.ts). Each registry lives in its family's folder (registry.ts
 * says how they are built); this module only gathers them, with where a user names an entry.
 */
import type { Registry, RegistryEntry } from './registry.js';
import { SOC_ESTIMATOR_REGISTRY } from './bms/estimation/soc/registry.js';
import { BALANCER_KIND_REGISTRY } from './bms/balancing/registry.js';
import { BALANCING_STRATEGY_REGISTRY } from './bms/balancing/strategy.js';
import { BTMS_CONTROLLER_REGISTRY } from './btms/registry.js';
import { THERMAL_HARDWARE_REGISTRY } from './btms/actuators.js';
import { TOPOLOGY_REGISTRY } from './sensing/topology.js';
import { CELL_PRESET_REGISTRY } from './design/presets.js';
import { CHARGER_REGISTRY } from './loads/charger.js';
import { DRIVE_CYCLE_REGISTRY } from './loads/epa.js';

export interface RegistryListing {
  family: string;
  /** Where a user names an entry: scenario fields (dotted paths) and command-line flags. */
  usedIn: string[];
  /** `needs`: what an entry needs besides the cell (a file given by a flag). */
  entries: { name: string; description: string; needs?: { option: string; what: string } }[];
}

/** The registries with where each is named; the order of the docs. */
export const REGISTRIES: readonly { registry: Registry<RegistryEntry>; usedIn: readonly string[] }[] = [
  { registry: CELL_PRESET_REGISTRY, usedIn: ['cell', 'compare', 'ssb cells', 'ssb estimate --model'] },
  { registry: SOC_ESTIMATOR_REGISTRY, usedIn: ['bms.estimators', 'ssb estimate --method'] },
  { registry: TOPOLOGY_REGISTRY, usedIn: ['bms.topology', 'ssb bms-topologies'] },
  { registry: BALANCER_KIND_REGISTRY, usedIn: ['bms.balancing.kind'] },
  { registry: BALANCING_STRATEGY_REGISTRY, usedIn: ['bms.balancing.strategy'] },
  { registry: BTMS_CONTROLLER_REGISTRY, usedIn: ['btms.controller'] },
  { registry: THERMAL_HARDWARE_REGISTRY, usedIn: ['btms.hardware', 'ssb btms-study (hardware)'] },
  { registry: CHARGER_REGISTRY, usedIn: ['schedule.events.charge.charger'] },
  { registry: DRIVE_CYCLE_REGISTRY, usedIn: ['schedule.events.drive', 'schedule.events.protocol'] },
];

/** Name and description of every entry, per family (what the docs list). */
export function listRegistries(): RegistryListing[] {
  return REGISTRIES.map(({ registry, usedIn }) => ({
    family: registry.family,
    usedIn: [...usedIn],
    entries: registry.entries.map((e) => {
      const needs = (e as { needs?: { option: string; what: string } }).needs;
      return { name: e.name, description: e.description, ...(needs ? { needs: { ...needs } } : {}) };
    }),
  }));
}
