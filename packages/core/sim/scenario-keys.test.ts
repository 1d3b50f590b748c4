import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SCENARIO_KEY_NAMES, inUserKeys, userKeyOf } from './scenario-keys.js';
import { parseScenario } from './scenario.js';
import { snakeKey } from '../suggest.js';
import { PROTECTION_QUANTITIES, defaultProtectionLimits } from '../bms/safety/limits.js';
import { DEFAULT_PACK_THERMAL, DEFAULT_VARIATION } from '../pack/pack.js';
import { DEFAULT_VEHICLE } from '../loads/vehicle.js';
import { InputError } from '../errors.js';
import { CELL_PRESETS } from '../design/presets.js';
import { ecmFromCell } from './ecm-from-cell.js';
import { buildCellModel } from '../physics/cell.js';

const BASE = { name: 't', cell: 'ssb-oxide-llzo-nmc811', climate: { kind: 'constant', temp_C: 20 }, schedule: { days: 1 } };

test('snakeKey: the name part in snake_case, the unit suffix as written', () => {
  assert.equal(snakeKey('solarPeak_W_m2'), 'solar_peak_W_m2');
  assert.equal(snakeKey('heatPumpCOP'), 'heat_pump_cop');
  assert.equal(snakeKey('cabinUA_W_K'), 'cabin_ua_W_K');
  assert.equal(snakeKey('solarRise_K_per_kW_m2'), 'solar_rise_K_per_kW_m2');
  assert.equal(snakeKey('groups_per_module'), 'groups_per_module');
  assert.equal(snakeKey('initial_temp_C'), 'initial_temp_C');
});

test('every user key of the tables is snakeKey(core name) (the rule the old-spelling hint relies on)', () => {
  for (const [object, names] of Object.entries(SCENARIO_KEY_NAMES)) {
    for (const [user, core] of Object.entries(names)) assert.equal(user, snakeKey(core), `${object}: ${core}`);
  }
});

test('the tables cover every camelCase name of the objects they rename', () => {
  const camel = (o: object) =>
    Object.keys(o)
      .filter((k) => snakeKey(k) !== k)
      .sort();
  const cores = (o: Readonly<Record<string, string>>) => Object.values(o).sort();
  assert.deepEqual(cores(SCENARIO_KEY_NAMES['pack.thermal']), camel(DEFAULT_PACK_THERMAL));
  assert.deepEqual(cores(SCENARIO_KEY_NAMES['pack.variation']), camel(DEFAULT_VARIATION));
  assert.deepEqual(cores(SCENARIO_KEY_NAMES.vehicle), camel(DEFAULT_VEHICLE));
  assert.deepEqual(cores(SCENARIO_KEY_NAMES['vehicle.hvac']), camel(DEFAULT_VEHICLE.hvac));
  assert.deepEqual(cores(SCENARIO_KEY_NAMES['bms.reactions']), [...PROTECTION_QUANTITIES].sort());
  const limits = defaultProtectionLimits(ecmFromCell(buildCellModel(CELL_PRESETS['ssb-oxide-llzo-nmc811'])), 1) as unknown as Record<string, unknown>;
  // the TierLimits groups (three tiers and a hysteresis); debounce_s and sensorInvalidTime_s are not overridable
  const tiered = Object.keys(limits).filter((k) => typeof limits[k] === 'object' && limits[k] !== null && 'hysteresis' in (limits[k] as object));
  assert.deepEqual(cores(SCENARIO_KEY_NAMES['bms.limits']), tiered.sort());
});

test('a scenario in the user spelling comes out with the core names and the same values', () => {
  const s = parseScenario(
    {
      ...BASE,
      climate: { kind: 'monthly', months: Array.from({ length: 12 }, (_, i) => ({ min_C: i, max_C: i + 5, solar_peak_W_m2: 100 + i })), start_day_of_year: 32 },
      pack: { variation: { initial_soc_sd: 0.01, self_discharge_rel_sd: 0.2 }, thermal: { cell_to_ambient_W_m2K: 3, plate_heat_capacity_J_K: 2e4 } },
      vehicle: { mass_kg: 1500, frontal_area_m2: 2.1, hvac: { heat_pump_cop: 2.5, cabin_ua_W_K: 100 } },
      bms: { limits: { cell_voltage_high_V: { max_safety: 4.35 } }, reactions: { over_pressure: { recommended_safety: { action: 'derate', derate_factor: 0.3 } } } },
    },
    't.yaml',
  );
  assert.equal(s.climate.kind, 'monthly');
  if (s.climate.kind !== 'monthly' || s.climate.months === 'toronto') throw new Error('monthly table expected');
  assert.equal(s.climate.startDayOfYear, 32);
  assert.equal(s.climate.months[3].solarPeak_W_m2, 103);
  assert.deepEqual(s.pack.variation, { initialSoc_sd: 0.01, selfDischarge_rel_sd: 0.2 });
  assert.deepEqual(s.pack.thermal, { cellToAmbient_W_m2K: 3, plateHeatCapacity_J_K: 2e4 });
  assert.deepEqual(s.vehicle, { mass_kg: 1500, frontalArea_m2: 2.1, hvac: { heatPumpCOP: 2.5, cabinUA_W_K: 100 } });
  assert.deepEqual(s.bms.limits, { cellVoltageHigh_V: { maxSafety: 4.35 } });
  assert.deepEqual(s.bms.reactions, { overPressure: { recommendedSafety: { action: 'derate', derate_factor: 0.3 } } });
  assert.equal(userKeyOf('bms.limits', 'cellVoltageHigh_V'), 'cell_voltage_high_V');
  assert.deepEqual(inUserKeys('bms.limits.*', { maxSafety: 4.3, hysteresis: 0.01 }), { max_safety: 4.3, hysteresis: 0.01 });
});

test('an old camelCase spelling is refused naming the file, the field, the value and the new spelling', () => {
  const cases: [Record<string, unknown>, string, string][] = [
    [{ climate: { kind: 'daily', min_C: 1, max_C: 9, solarPeak_W_m2: 600 } }, 'climate.solarPeak_W_m2', 'solar_peak_W_m2'],
    [{ pack: { variation: { initialSoc_sd: 0.01 } } }, 'pack.variation.initialSoc_sd', 'initial_soc_sd'],
    [{ pack: { thermal: { plateContactFlowing_W_m2K: 200 } } }, 'pack.thermal.plateContactFlowing_W_m2K', 'plate_contact_flowing_W_m2K'],
    [{ vehicle: { hvac: { heatPumpCOP: 2 } } }, 'vehicle.hvac.heatPumpCOP', 'heat_pump_cop'],
    [{ bms: { limits: { cell_voltage_high_V: { maxSafety: 4.3 } } } }, 'bms.limits.cell_voltage_high_V.maxSafety', 'max_safety'],
    [{ bms: { reactions: { overPressure: {} } } }, 'bms.reactions.overPressure', 'over_pressure'],
  ];
  for (const [doc, field, newKey] of cases) {
    assert.throws(
      () => parseScenario({ ...BASE, ...doc }, 's.yaml'),
      (e: unknown) => {
        assert.ok(e instanceof InputError, String(e));
        assert.equal(e.where.file, 's.yaml');
        assert.equal(e.where.field, field);
        assert.notEqual(e.where.value, undefined, `${field}: the value is shown`);
        assert.match(e.message, new RegExp(`old spelling.*did you mean '${newKey}'`));
        return true;
      },
    );
  }
});

test('vehicle values out of range are refused at the boundary in the user spelling', () => {
  assert.throws(() => parseScenario({ ...BASE, vehicle: { drivetrain_efficiency: 1.2 } }, 'v.yaml'), /v\.yaml.*vehicle\.drivetrain_efficiency/);
  assert.throws(() => parseScenario({ ...BASE, vehicle: { hvac: { cooling_cop: 0 } } }, 'v.yaml'), /vehicle\.hvac\.cooling_cop/);
  assert.deepEqual(parseScenario({ ...BASE, vehicle: { hvac: { heat_pump_cop: null } } }, 'v.yaml').vehicle, { hvac: { heatPumpCOP: null } });
});
