/**
 * Integration tests through `runSimulation`: scenarios built in code (parseScenario), cells from
 * the presets, the UDDS trace from the shared data folder. Small packs (12s2p, 4s2p) so the whole
 * file runs in a few seconds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runSimulation, type SimResult } from '../packages/core/sim/engine.js';
import { parseScenario } from '../packages/core/sim/scenario.js';
import { CELL_PRESETS } from '../packages/core/design/presets.js';
import { buildCellModel } from '../packages/core/physics/cell.js';
import { loadTrace } from '../packages/io/scenario-loader.js';
import { ecmFromCell } from '../packages/core/sim/ecm-from-cell.js';
import { BaselineBms, type BaselineBmsConfig } from '../packages/core/bms/baseline.js';
import { CentralizedSensing, DEFAULT_SENSORS, type SensedTruth } from '../packages/core/sensing/centralized.js';
import { makeSensorLayout } from '../packages/core/bms/measurements.js';
import { defaultProtectionLimits } from '../packages/core/bms/safety/limits.js';
import { DEFAULT_PASSIVE_BALANCING } from '../packages/core/bms/balancing/passive.js';
import { DEFAULT_CHARGE_CONTROL } from '../packages/core/bms/charge/cccv.js';
import type { BmsContext } from '../packages/core/bms/types.js';
import { Rng } from '../packages/core/numerics/rng.js';
import { InputError } from '../packages/core/errors.js';
import type { Pack } from '../packages/core/pack/pack.js';

const OXIDE = 'ssb-oxide-llzo-nmc811';
const LIION = 'liion-nmc811-graphite';
const dataDir = path.resolve(process.cwd(), '../shared/data');
process.env.SSB_EPA_DIR ??= path.join(dataDir, 'epa-drive-cycles');
const UDDS = loadTrace('UDDS', dataDir, 'simulate.test');

/** 12s2p, 20 °C: a UDDS drive at 00:05 and a Level-2 charge at 00:40 (≈ 2 h of activity, then parked). */
function commuteScenario(over: Record<string, unknown> = {}) {
  return parseScenario(
    {
      name: 'test commute',
      seed: 3,
      step_s: 1,
      park_step_s: 300,
      cell: OXIDE,
      pack: { series: 12, parallel: 2, groups_per_module: 6, initial_soc: 0.9, initial_temp_C: 20, housing_mass_kg: 10 },
      climate: { kind: 'constant', temp_C: 20 },
      schedule: {
        days: 1,
        events: [
          { at: '00:05', drive: ['UDDS'] },
          { at: '00:40', charge: { charger: 'level2-7kw', target_soc: 0.9, max_duration_h: 1.2 } },
        ],
      },
      bms: { estimators: ['ekf', 'coulomb', 'ocv'] },
      btms: { controller: 'thermostat' },
      outputs: { record_every_s: 10 },
      ...over,
    },
    'simulate.test',
  );
}

function run(cellId: string, scenario = commuteScenario(), configurePack?: (p: Pack) => void): SimResult {
  return runSimulation({ scenario, cell: CELL_PRESETS[cellId], traces: { UDDS }, keepRows: true, observers: configurePack ? [{ onStart: (run) => configurePack(run.plant.pack) }] : [] });
}

const num = (m: Record<string, unknown>, k: string): number => {
  const v = m[k];
  assert.equal(typeof v, 'number', `metric ${k} is a number (${String(v)})`);
  return v as number;
};

let baseRun: SimResult | null = null;
function base(): SimResult {
  return (baseRun ??= run(OXIDE));
}

test('energy balance closes within 0.5 % over a whole scenario (12s2p, UDDS drive + Level-2 charge)', () => {
  const r = base();
  assert.equal(r.error, null);
  const m = r.metrics;
  assert.ok(num(m, 'energy_discharged_kWh') > 1, 'the drive discharged the pack');
  assert.ok(num(m, 'energy_charged_kWh') > 0.5, 'the charge session charged the pack');
  assert.ok(num(m, 'distance_km') > 10, 'UDDS ≈ 12 km');
  const eb = num(m, 'energy_balance_error_pct');
  assert.ok(eb >= 0 && eb < 0.5, `energy balance error ${eb} %`);
  const tb = num(m, 'thermal_balance_error_pct');
  assert.ok(tb >= 0 && tb < 0.01, `thermal balance error ${tb} %`);
  // the pack's own ledger agrees
  assert.ok(r.pack.energyBalance().error_pct < 0.5);
  const sessions = m.charge_sessions as { complete: boolean; energyIn_kWh: number; duration_s: number }[];
  assert.equal(sessions.length, 1);
  assert.ok(sessions[0].duration_s > 0 && sessions[0].energyIn_kWh > 0);
  // a charge time only for a session that completed (issue 16): else null and the reason
  if (sessions[0].complete) assert.ok(num(m, 'charge_time_s') > 0);
  else {
    assert.equal(m.charge_time_s, null);
    assert.match(String(m.charge_time_note), /^not completed: /);
  }
});

test('the BMS output does not change when only truth-side state the sensors cannot see is perturbed', () => {
  const a = base();
  // reactant of the runaway reaction (cells are ≥ 200 K below the onset, so it never reacts) and
  // filament damage below the short threshold (no charging above the CCD in this scenario): both
  // are invisible to every sensor
  const b = run(OXIDE, commuteScenario(), (p) => {
    p.reactant.fill(0.5);
    p.damage.fill(0.3);
  });
  assert.equal(a.error, null);
  assert.equal(b.error, null);
  // the perturbation really reached the plant
  assert.equal(a.metrics.filament_damage_max, 0);
  assert.equal(b.metrics.filament_damage_max, 0.3);
  assert.ok(a.rows && b.rows && a.rows.length === b.rows.length && a.rows.length > 500);
  const cols = a.columns.map((c) => c.name);
  const bmsCols = ['soc_ekf', 'soc_coulomb', 'soc_ocv', 'charge_limit_A', 'discharge_limit_A', 'contactors_closed', 'balancing_groups', 'heater_W', 'cooling_W', 'pack_current_A', 'soc_true'];
  for (const name of bmsCols) {
    const k = cols.indexOf(name);
    assert.ok(k >= 0, `column ${name}`);
    for (let i = 0; i < a.rows.length; i++) {
      assert.ok(Object.is(a.rows[i][k], b.rows[i][k]), `${name} at row ${i}: ${a.rows[i][k]} vs ${b.rows[i][k]}`);
    }
  }
  assert.deepEqual(a.metrics.soc_rmse_pct, b.metrics.soc_rmse_pct);
  assert.deepEqual(a.metrics.protection_events, b.metrics.protection_events);
  // control: a perturbation the sensors DO see (one cell's SoC) changes the estimates, so the
  // comparison above is sensitive
  const c = run(OXIDE, commuteScenario(), (p) => {
    p.soc[0] -= 0.05;
  });
  const k = cols.indexOf('soc_ekf');
  let differs = 0;
  for (let i = 0; i < a.rows.length; i++) if (!Object.is(a.rows[i][k], c.rows![i][k])) differs++;
  assert.ok(differs > a.rows.length / 2, `a sensed perturbation changes the estimate (${differs} rows differ)`);
});

function bmsConfig(ns: number, np: number): BaselineBmsConfig {
  const cell = buildCellModel(CELL_PRESETS[OXIDE]);
  const model = ecmFromCell(cell);
  return {
    layout: makeSensorLayout(ns, np, ns, 2),
    model,
    estimators: ['ekf', 'coulomb'],
    limits: defaultProtectionLimits(model, np),
    balancing: DEFAULT_PASSIVE_BALANCING,
    charge: DEFAULT_CHARGE_CONTROL,
  };
}

test('BaselineBms rejects an unknown configuration key (a plant object cannot be passed in)', () => {
  const cfg = bmsConfig(4, 2);
  assert.doesNotThrow(() => new BaselineBms(cfg));
  const r = run(OXIDE, commuteScenario({ schedule: { days: 1, events: [] } }));
  for (const smuggled of [{ pack: r.pack }, { truth: {} }, { plant: null }]) {
    assert.throws(
      () => new BaselineBms({ ...cfg, ...smuggled } as unknown as BaselineBmsConfig),
      (e: unknown) => e instanceof InputError && e.message.includes(Object.keys(smuggled)[0]),
    );
  }
});

test('over-voltage on one group for 1 s fires an open-contactors event and latches the contactors open', () => {
  const ns = 4;
  const np = 2;
  const cfg = bmsConfig(ns, np);
  const bms = new BaselineBms(cfg);
  const sensing = new CentralizedSensing(cfg.layout, DEFAULT_SENSORS, new Rng(5));
  const vNom = cfg.model.ocv_V(0.6, 298.15);
  const truth: SensedTruth = {
    time_s: 0,
    groupVoltage_V: new Float64Array(ns).fill(vNom),
    packCurrent_A: 0,
    packVoltage_V: ns * vNom,
    groupTemp_K: new Float64Array(ns).fill(298.15),
    modulePressure_Pa: new Float64Array(1).fill(1.5e6),
    coolant_K: 298.15,
    ambient_K: 298.15,
  };
  const ctx: BmsContext = { mode: 'park', pluggedIn: false, chargerMaxCurrent_A: 0, chargerMaxPower_W: 0, chargeTargetSoc: 0.9 };
  const dt = 0.1;
  let t = 0;
  const cycle = () => {
    truth.time_s = t;
    truth.packVoltage_V = truth.groupVoltage_V.reduce((s, v) => s + v, 0);
    const c = bms.step(sensing.sample(truth), ctx, dt);
    t += dt;
    return { ...c };
  };
  for (let k = 0; k < 20; k++) assert.equal(cycle().contactorsClosed, true, 'normal operation');
  assert.equal(bms.events.filter((e) => e.action === 'open-contactors').length, 0);
  truth.groupVoltage_V[2] = cfg.model.vMax_V + 0.1;
  for (let k = 0; k < 10; k++) cycle();
  const open = bms.events.filter((e) => e.action === 'open-contactors');
  assert.ok(open.length >= 1, `events: ${JSON.stringify(bms.events)}`);
  assert.equal(open[0].quantity, 'cellOverVoltage');
  assert.equal(open[0].tier, 'maxSafety');
  assert.equal(open[0].index, 2);
  assert.ok(open[0].value > cfg.model.vMax_V + 0.05);
  assert.equal(bms.latched, true);
  // back to normal: still open (latched until service reset), no current allowed
  truth.groupVoltage_V[2] = vNom;
  let last = cycle();
  for (let k = 0; k < 30; k++) last = cycle();
  assert.equal(last.contactorsClosed, false);
  assert.equal(last.dischargeLimit_A, 0);
  assert.equal(last.chargeLimit_A, 0);
  bms.resetLatch();
  assert.equal(cycle().contactorsClosed, true, 'service reset closes them again');
});

/** 4s2p oxide SSB at 5 °C, DC fast charge from SoC 0.2 for the last hour of the day. */
function coldChargeScenario(withMitigation: boolean, temp_C = 5) {
  return parseScenario(
    {
      name: 'cold fast charge',
      seed: 3,
      step_s: 1,
      park_step_s: 3600,
      cell: OXIDE,
      pack: { series: 4, parallel: 2, groups_per_module: 4, initial_soc: 0.2, initial_temp_C: temp_C, housing_mass_kg: 10 },
      climate: { kind: 'constant', temp_C },
      schedule: { days: 1, events: [{ at: '23:00', charge: { charger: 'dcfc-150kw', target_soc: 0.8, max_duration_h: 1 } }] },
      bms: withMitigation ? { estimators: ['ekf'] } : { estimators: ['ekf'], ccd_derating: false, preheat_below_C: -60 },
      btms: { controller: withMitigation ? 'thermostat' : 'none' },
      outputs: { record_every_s: 60 },
    },
    'simulate.test',
  );
}

test('cold fast charge of a Li-metal SSB: pre-heat + CCD derating accumulate ≥ 10× less filament damage than without', () => {
  const cell = CELL_PRESETS[OXIDE];
  const withM = runSimulation({ scenario: coldChargeScenario(true), cell, traces: {} });
  const without = runSimulation({ scenario: coldChargeScenario(false), cell, traces: {} });
  const dWith = num(withM.metrics, 'filament_damage_max');
  const dWithout = num(without.metrics, 'filament_damage_max');
  assert.ok(dWithout > 0.1, `without mitigation the CCD is exceeded (damage ${dWithout})`);
  assert.ok(dWithout >= 10 * dWith, `with ${dWith} vs without ${dWithout}`);
  // the mitigation really acted: pre-heat time and heater energy
  const s = withM.metrics.charge_sessions as { preheat_s: number; energyIn_kWh: number }[];
  assert.ok(s.length === 1 && s[0].preheat_s > 0, 'pre-heat ran');
  assert.ok(s[0].energyIn_kWh > 0.2, 'and then it charged');
  assert.ok(num(withM.metrics, 'heating_energy_kWh') > 0);
  assert.equal(num(without.metrics, 'heating_energy_kWh'), 0);
});

test('cold fast charge with pre-heat and CCD derating stays below the CCD (0 °C)', () => {
  // BUG probe: Pack.applyAgeing marks the resistance/CCD cache stale with NaN, which the refresh
  // test `Math.abs(T − cacheT) > 0.05` never catches, so after a pre-heat from 0 °C the plant still
  // uses the cold CCD and the derated (correct) current looks like an exceedance.
  const m = runSimulation({ scenario: coldChargeScenario(true, 0), cell: CELL_PRESETS[OXIDE], traces: {} }).metrics;
  assert.ok((m.charge_sessions as { preheat_s: number }[])[0].preheat_s > 0);
  assert.ok(num(m, 'ccd_margin_min') >= 1, `CCD margin ${String(m.ccd_margin_min)}`);
  assert.equal(num(m, 'filament_damage_max'), 0);
});

test('SSB vs Li-ion: the same scenario runs with the Li-ion reference and gives finite metrics', () => {
  const ssb = base();
  const li = run(LIION);
  assert.equal(li.error, null);
  const m = li.metrics;
  assert.equal(m.cell, LIION);
  for (const k of [
    'energy_balance_error_pct',
    'cell_temp_min_C',
    'cell_temp_max_C',
    'soh_end_pct',
    'energy_discharged_kWh',
    'energy_charged_kWh',
    'consumption_Wh_km',
    'range_km',
    'heat_generated_kWh',
  ]) {
    assert.ok(Number.isFinite(num(m, k)), `${k} finite`);
  }
  for (const v of Object.values(m.soc_rmse_pct as Record<string, number>)) assert.ok(Number.isFinite(v));
  assert.ok(num(m, 'energy_balance_error_pct') < 0.5);
  assert.equal(num(m, 'filament_damage_max'), 0);
  assert.equal(m.ccd_margin_min, null, 'no CCD for a graphite anode');
  const packLi = m.pack as { fixture_mass_kg: number; mass_kg: number };
  const packSsb = ssb.metrics.pack as { fixture_mass_kg: number; mass_kg: number };
  assert.equal(packLi.fixture_mass_kg, 0);
  assert.ok(packSsb.fixture_mass_kg > 0);
  assert.ok(num(m, 'soh_end_pct') < 100 && num(m, 'soh_end_pct') > 99);
  assert.notEqual(num(m, 'cell_temp_max_C'), num(ssb.metrics, 'cell_temp_max_C'));
});

test('scenario sections left out get their documented defaults (pack, bms, btms, outputs)', () => {
  // BUG probe: with zod 4, `.default({} as never)` returns {} without running the inner schema,
  // so an omitted `pack:`/`bms:`/`btms:`/`outputs:` section has none of its field defaults and
  // runSimulation crashes with "Cannot read properties of undefined (reading 'resistor_ohm')".
  const s = parseScenario({ name: 'minimal', cell: OXIDE, climate: { kind: 'constant', temp_C: 20 }, schedule: { days: 1 } }, 'simulate.test');
  assert.equal(s.pack.series, 96);
  assert.equal(s.pack.parallel, 3);
  assert.equal(s.pack.initial_soc, 0.8);
  assert.deepEqual(s.bms.estimators, ['ekf', 'coulomb', 'ocv']);
  assert.equal(s.bms.protection, true);
  assert.deepEqual(s.bms.balancing, { enabled: true, kind: 'passive', strategy: 'top', capacity_source: 'end-of-line' });
  assert.equal(s.btms.controller, 'thermostat');
  assert.equal(s.outputs.record_every_s, 10);
});

test('protocol steps (PyBaMM grammar): a 1C capacity test delivers the rated capacity and CC-CV ends near full', () => {
  const scenario = parseScenario(
    {
      name: 'capacity test',
      cell: 'ssb-sulfide-lpscl-nmc811',
      pack: { series: 1, parallel: 1, groups_per_module: 1, initial_soc: 1, initial_temp_C: 25, variation: { capacity_rel_sd: 0, resistance_rel_sd: 0, initial_soc_sd: 0 } },
      climate: { kind: 'constant', temp_C: 25 },
      schedule: { days: 1, events: [{ at: '00:00', protocol: ['Discharge at 0.2C until 3.0 V', 'Rest for 30 minutes', 'Charge at 0.5C until 4.2 V', 'Hold at 4.2 V until C/20'] }] },
      bms: { estimators: ['coulomb'], protection: false, balancing: { enabled: false } },
      btms: { controller: 'none' },
      outputs: { record_every_s: 1 },
    },
    'test',
  );
  const cell = CELL_PRESETS['ssb-sulfide-lpscl-nmc811'];
  const r = runSimulation({ scenario, cell, traces: {}, keepRows: true });
  assert.equal(r.error, null);
  const done = r.events.filter((e) => e.text.startsWith('step done'));
  assert.equal(done.length, 4, done.map((e) => e.text).join('; '));
  const cap_Ah = (cell.cathode.loading_mAh_cm2 * cell.geometry.electrodeArea_cm2 * cell.geometry.layers) / 1000;
  // discharged charge: integrate the recorded current over the first step
  const cols = r.columns.map((c) => c.name);
  const iI = cols.indexOf('pack_current_A');
  const tEnd1 = done[0].time_s;
  let q_As = 0;
  let tPrev = 0;
  for (const row of r.rows!) {
    if (row[0] > tEnd1 + 1e-9) break;
    q_As += row[iI] * (row[0] - tPrev);
    tPrev = row[0];
  }
  const delivered_Ah = q_As / 3600;
  assert.ok(delivered_Ah > 0.95 * cap_Ah && delivered_Ah < 1.02 * cap_Ah, `delivered ${delivered_Ah.toFixed(2)} Ah of ${cap_Ah.toFixed(2)} Ah`);
  // after CC-CV to C/20 the cell is nearly full
  const socEnd = r.rows![r.rows!.length - 1][cols.indexOf('soc_true')];
  assert.ok(socEnd > 0.95, `SoC after CC-CV ${socEnd}`);
  assert.ok(Number(r.metrics.energy_balance_error_pct) < 0.05);
});
