/**
 * Cell balancing is a kind (what moves the charge) × a strategy (what is equalised, strategy.ts).
 * The kinds, by name: the one list the scenario schema's `bms.balancing.kind` enum, the BMS's
 * construction (`createBalancer`) and the docs are derived from.
 */
import { defineRegistry, type RegistryEntry } from '../../registry.js';
import { PassiveBalancer, type PassiveBalancingConfig } from './passive.js';
import { ActiveBalancer, type ActiveBalancingConfig } from './active.js';

export { BALANCING_STRATEGY_REGISTRY, type BalancingStrategy } from './strategy.js';

export type Balancer = PassiveBalancer | ActiveBalancer;
/** A balancing configuration tagged with its kind (`kind` absent = passive). */
export type BalancingConfig = (PassiveBalancingConfig & { kind?: 'passive' }) | (ActiveBalancingConfig & { kind: 'active' });

export interface BalancerKindEntry extends RegistryEntry {
  /** Builds the balancer of `seriesCount` groups; the constructor validates `cfg`. */
  create(seriesCount: number, cfg: BalancingConfig): Balancer;
}

export const BALANCER_KIND_REGISTRY = defineRegistry('balancing kind', [
  {
    name: 'passive',
    description: 'bleed resistor across each group, switched by the BMS: the excess charge is dissipated',
    create: (seriesCount: number, cfg: BalancingConfig): Balancer => new PassiveBalancer(seriesCount, cfg as PassiveBalancingConfig),
  },
  {
    name: 'active',
    description: 'one bidirectional converter per group to the string: charge is moved from high groups to low ones, with a converter loss',
    create: (seriesCount: number, cfg: BalancingConfig): Balancer => new ActiveBalancer(seriesCount, cfg as ActiveBalancingConfig),
  },
]);

export type BalancerKind = (typeof BALANCER_KIND_REGISTRY.names)[number];

/** The balancer of the configuration's kind. */
export function createBalancer(seriesCount: number, cfg: BalancingConfig): Balancer {
  return BALANCER_KIND_REGISTRY.get(cfg.kind ?? 'passive', { field: 'balancing.kind' }).create(seriesCount, cfg);
}
