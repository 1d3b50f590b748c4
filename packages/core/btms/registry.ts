/**
 * The BTMS controllers a scenario can choose (`btms.controller`), by name: the one list the
 * scenario schema's enum, the simulator's construction (`createBtmsController`), the CLI help and
 * the docs are derived from. Adding a controller: its file, one entry here, its test.
 */
import type { BtmsController, ThermalActuatorsConfig } from './types.js';
import { ThermostatController, type ThermostatConfig } from './thermostat.js';
import { PredictiveController } from './predictive.js';
import { MlController, type BtmsTempModel } from './ml.js';
import { defineRegistry, type RegistryEntry } from '../registry.js';
import { InputError } from '../errors.js';

/** What a controller may need beyond the actuators and the thermostat band (design data and files, never plant state). */
export interface BtmsExtras {
  /** How far ahead the predictive controller (and the thermostat's fast-charge navigation rule) looks for the next trip or charge [min]; default 180. */
  horizon_min?: number;
  /** Heat capacity of cells + plate [J/K] (design data). */
  packHeatCapacity_J_K: number;
  /** Target coldest-cell temperature before a DC fast charge [K]. */
  fastChargeTarget_K: number;
  /** The learned temperature model of `ml` (loaded by the io layer), and the file named in the scenario. */
  model?: BtmsTempModel;
  modelFile?: string;
}

export interface BtmsControllerEntry extends RegistryEntry {
  /** The controller, or null for none (no heating or cooling at all). */
  create(actuators: ThermalActuatorsConfig, band: ThermostatConfig, extras: BtmsExtras): BtmsController | null;
}

/** Default look-ahead of the predictive controller [min] (a morning commute seen from a 3 h window). */
export const DEFAULT_HORIZON_MIN = 180;
/** The predictive controller pre-cools to this far below the top of the window [K] (assumed: leaves room for a fast charge's heat). */
export const PRECOOL_MARGIN_K = 10;

export const BTMS_CONTROLLER_REGISTRY = defineRegistry('BTMS controller', [
  {
    name: 'thermostat',
    description: 'reactive baseline: heat below what the activity needs (at most the window bottom), cool above the window, with hysteresis; pre-heats on the way to a planned DC fast charge',
    create: (actuators: ThermalActuatorsConfig, band: ThermostatConfig, x: BtmsExtras): BtmsController | null =>
      new ThermostatController(actuators, band, { packHeatCapacity_J_K: x.packHeatCapacity_J_K, horizon_s: (x.horizon_min ?? DEFAULT_HORIZON_MIN) * 60 }),
  },
  {
    name: 'predictive',
    description: 'thermostat plus pre-conditioning from the schedule and the weather forecast',
    create: (actuators: ThermalActuatorsConfig, band: ThermostatConfig, x: BtmsExtras): BtmsController | null =>
      new PredictiveController(actuators, {
        ...band,
        horizon_s: (x.horizon_min ?? DEFAULT_HORIZON_MIN) * 60,
        packHeatCapacity_J_K: x.packHeatCapacity_J_K,
        fastChargeTarget_K: x.fastChargeTarget_K,
        precoolTarget_K: band.coolOn_K - PRECOOL_MARGIN_K,
      }),
  },
  {
    name: 'ml',
    description: "learned temperature forecast (ssb train-btms) inside the thermostat's hard bounds",
    create: (actuators: ThermalActuatorsConfig, band: ThermostatConfig, x: BtmsExtras): BtmsController | null => {
      if (!x.model) throw new InputError('controller "ml" needs a model file (btms.model, from ssb train-btms)', { field: 'btms.model', value: x.modelFile });
      return new MlController(actuators, { ...band, fastChargeTarget_K: x.fastChargeTarget_K }, x.model);
    },
  },
  {
    name: 'none',
    description: 'no heating or cooling',
    create: (): BtmsController | null => null,
  },
]);

export type BtmsControllerName = (typeof BTMS_CONTROLLER_REGISTRY.names)[number];

/** Builds the controller named in the scenario (null for `none`). */
export function createBtmsController(name: BtmsControllerName, actuators: ThermalActuatorsConfig, band: ThermostatConfig, extras: BtmsExtras): BtmsController | null {
  return BTMS_CONTROLLER_REGISTRY.get(name, { field: 'btms.controller' }).create(actuators, band, extras);
}
