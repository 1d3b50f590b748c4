import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAbuseProcedure, expandCellTemplates, runAbuse, type AbuseProcedure } from './abuse.js';
import { parseScenario } from '../sim/scenario.js';
import { CELL_PRESETS } from '../design/presets.js';
import { InputError } from '../errors.js';

const OXIDE = CELL_PRESETS['ssb-oxide-llzo-nmc811'];
const LIQUID = CELL_PRESETS['liion-nmc811-graphite'];
const EXACT = { capacity_rel_sd: 0, resistance_rel_sd: 0, initial_soc_sd: 0 };

function run(procRaw: Record<string, unknown>, cellId: string) {
  const proc: AbuseProcedure = parseAbuseProcedure({ procedure: 't', title: 't', ...procRaw }, 'test.yaml');
  const cell = CELL_PRESETS[cellId];
  const raw = expandCellTemplates(proc.scenario, cell) as Record<string, unknown>;
  const scenario = parseScenario({ ...raw, name: 't', cell: cellId }, 'test.yaml');
  return runAbuse({ procedure: proc, scenario, cell, traces: {} });
}

const overcharge = (protection: boolean) => ({
  ignore_bms_limits: true,
  scenario: {
    pack: { series: 4, parallel: 1, groups_per_module: 4, initial_soc: 0.95, initial_temp_C: 25, variation: EXACT },
    climate: { kind: 'constant', temp_C: 25 },
    bms: { protection },
    btms: { controller: 'none' },
    schedule: { events: [{ at: '00:01', protocol: ['Charge at 1C until {vmax*1.1} V', 'Rest for 10 minutes'] }] },
  },
  criteria: { max_hazard_level: 1, contactor_open_within_s: 3600 },
});

test('overcharge by a faulty charger: the active BMS opens the contactors before 100 % SoC; with the protection failed the cell is overcharged', () => {
  const on = run(overcharge(true), 'ssb-oxide-llzo-nmc811');
  assert.ok(on.contactor_open_s !== null && on.contactor_open_s > 60, `opened at ${on.contactor_open_s}`);
  assert.ok(on.soc_max <= 1.001, `SoC max ${on.soc_max}`);
  assert.equal(on.hazard_level, 1);
  assert.equal(on.verdict, 'pass');
  const off = run(overcharge(false), 'ssb-oxide-llzo-nmc811');
  assert.equal(off.contactor_open_s, null);
  assert.ok(off.soc_max > 1.001, `SoC max ${off.soc_max}`);
  assert.equal(off.hazard_level, 2);
  assert.equal(off.verdict, 'fail');
});

test('external short: the plant current is OCV / R_total of the module, and the BMS opens within its 0.2 s debounce + one step', () => {
  const r = run(
    {
      ignore_bms_limits: true,
      scenario: {
        step_s: 0.1,
        pack: { series: 4, parallel: 1, groups_per_module: 4, initial_soc: 1, initial_temp_C: 25, variation: EXACT },
        climate: { kind: 'constant', temp_C: 25 },
        btms: { controller: 'none' },
        schedule: { events: [{ at: '00:01', protocol: ['Hold at 1 mV for 2 minutes', 'Rest for 5 minutes'] }] },
      },
      criteria: { max_hazard_level: 1, contactor_open_within_s: 61 },
    },
    'liion-nmc811-graphite',
  );
  assert.ok(r.expected_short_current_A !== null && r.short_current_A !== null);
  assert.ok(r.short_current_A > 1000, `a short, not a load: ${r.short_current_A} A`);
  assert.ok(Math.abs(r.short_current_A - r.expected_short_current_A) / r.expected_short_current_A < 0.02, `${r.short_current_A} A vs ${r.expected_short_current_A} A`);
  assert.ok(r.contactor_open_s !== null && r.contactor_open_s - 60 <= 0.5, `opened at ${r.contactor_open_s} s`);
  assert.equal(r.verdict, 'pass');
});

const hotBox = {
  scenario: {
    step_s: 10,
    pack: { series: 1, parallel: 1, groups_per_module: 1, initial_soc: 1, variation: EXACT, thermal: { cell_to_ambient_W_m2K: 10, plate_contact_flowing_W_m2K: 0, plate_contact_stagnant_W_m2K: 0 } },
    climate: { kind: 'constant', temp_C: 25 },
    btms: { controller: 'none' },
    schedule: { events: [{ at: '00:01', protocol: ['Rest for 2 hours at 130 oC'] }] },
  },
  criteria: { max_hazard_level: 3, no_onset: true },
};

test('hot box at 130 °C: the liquid cell passes its self-heating onset (≈ 84 °C with the Kim 2007 SEI/anode kinetics) and runs away (hazard ≥ 4, fail), the oxide SSB does not (hazard 2: above its safety limit, pass)', () => {
  const liq = run(hotBox, 'liion-nmc811-graphite');
  assert.ok(liq.onset_s !== null);
  assert.ok(liq.hazard_level >= 4, `hazard ${liq.hazard_level}`);
  assert.equal(liq.verdict, 'fail');
  assert.ok(liq.early_warning.lead_time_s !== null && liq.early_warning.lead_time_s > 300, `lead ${liq.early_warning.lead_time_s} s`);
  // a cell in thermal runaway is destroyed: no capacity, no voltage (was ≈ 99 % retention: the capacity fade model alone)
  assert.equal(liq.cells_in_runaway, 1);
  assert.equal(liq.retention_end_pct, 0);
  assert.equal(liq.sim.metrics.soh_end_pct, 0);
  assert.equal(liq.sim.metrics.soh_end_min_pct, 0);
  assert.equal(liq.ocv_retention_pct, 0);
  // the onset reported is T1, the self-heating onset (Kim 2007 kinetics ≈ 84 °C), not the runaway trigger T2
  assert.ok(liq.self_heating_onset_C > 70 && liq.self_heating_onset_C < 100, `T1 ${liq.self_heating_onset_C} °C`);
  const ox = run(hotBox, 'ssb-oxide-llzo-nmc811');
  assert.equal(ox.onset_s, null);
  assert.equal(ox.cells_in_runaway, 0);
  assert.ok(ox.retention_end_pct > 90 && ox.retention_end_pct <= 100, `not destroyed: only 2 h of calendar fade at 130 °C, retention ${ox.retention_end_pct} %`);
  assert.ok(ox.peak_temp_C > 120 && ox.peak_temp_C <= 130.01, `peak ${ox.peak_temp_C} °C`);
  assert.equal(ox.hazard_level, 2);
  assert.equal(ox.verdict, 'pass');
});

test('cell templates: {vmax*1.1}, {tmin+10} and a whole-field placeholder becoming a number; unknown placeholders are input errors', () => {
  const out = expandCellTemplates({ a: 'Charge until {vmax*1.1} V at {tmin+10} oC', b: '{tmax}', c: ['{vmin-0.5}'] }, OXIDE) as Record<string, unknown>;
  assert.equal(out.a, 'Charge until 4.62 V at 25 oC');
  assert.equal(out.b, 35);
  assert.deepEqual(out.c, [2.5]);
  assert.equal(expandCellTemplates('{vmax}', LIQUID) as number, 4.2);
  assert.throws(
    () => expandCellTemplates('{vbad}', OXIDE),
    (e: unknown) => e instanceof InputError && /vbad/.test(e.message),
  );
  assert.throws(() => parseAbuseProcedure({ procedure: 'x', title: 'x', scenario: {}, critera: {} }, 'p.yaml'), /did you mean 'criteria'/);
});

test('failed-fuse external short through 1.8 mΩ (short, busbars, contactors) runs to its physical end: current = ΣOCV / (R_pack + R_ext), energy bounded (issue 16)', () => {
  const rExt_ohm = 0.0018;
  for (const cellId of ['liion-nmc811-graphite', 'ssb-sulfide-lpscl-nmc811']) {
    const r = run(
      {
        ignore_bms_limits: true,
        scenario: {
          step_s: 0.5,
          pack: { series: 4, parallel: 1, groups_per_module: 4, initial_soc: 1, initial_temp_C: 25, variation: EXACT },
          climate: { kind: 'constant', temp_C: 25 },
          bms: { protection: false },
          btms: { controller: 'none' },
          schedule: { events: [{ at: '00:01', protocol: ['Discharge at 1.8 mOhm for 10 minutes at 25 oC', 'Rest for 30 minutes at 25 oC'] }] },
        },
        criteria: { max_hazard_level: 4 },
      },
      cellId,
    );
    // on ce20cf2 the plant created energy in the RC branches as the resistance fell with
    // temperature (34 775 K), and the current sensor's invalid tier opened the contactors with the
    // protection off: the run was invalid
    assert.equal(r.run_error, null, `${cellId}: ${r.run_error}`);
    assert.notEqual(r.verdict, 'invalid');
    assert.equal(r.contactor_open_s, null, 'protection off: nothing interrupts the short');
    const pack = r.sim.pack;
    const c = pack.cell;
    const T = 298.15;
    const ocv = c.ocvTable.y[c.ocvTable.y.length - 1];
    if (c.params.pressure.fixture !== 'fixed-gap') {
      // analytic short current of the first step: 4 cells at SoC 1 and 25 °C behind R0 + the RC
      // resistances charged over 0.5 s, in series with the external 1.8 mΩ (a fixed-gap SSB's R0
      // depends on the stack pressure at SoC 1, not known here in closed form)
      const rc = c.rcResistance(T);
      const rCell = c.r0_ohm(T, c.params.pressure.initial_MPa * 1e6, 0) + rc.r1_ohm * (1 - Math.exp(-0.5 / c.rc.tau1_s)) + rc.r2_ohm * (1 - Math.exp(-0.5 / c.rc.tau2_s));
      const analytic_A = (4 * ocv) / (4 * rCell + rExt_ohm);
      assert.ok(r.short_current_A !== null && Math.abs(r.short_current_A - analytic_A) / analytic_A < 0.02, `${cellId}: ${r.short_current_A} A vs ${analytic_A} A`);
    }
    assert.ok(r.short_current_A !== null && r.expected_short_current_A !== null && Math.abs(r.short_current_A - r.expected_short_current_A) / r.expected_short_current_A < 0.02);
    // conservation: the reaction heat is at most the cells' reactant; the temperature at most what
    // the stored electrical energy (to 0 V) plus the whole runaway heat can give, adiabatically
    const rw = c.runaway;
    const reactionMax_J = pack.nCells * rw.totalHeat_J_kg * c.mass_kg;
    assert.ok(pack.ledger.reactionHeat_J <= reactionMax_J * (1 + 1e-9), `${cellId}: reaction ${pack.ledger.reactionHeat_J} J > ${reactionMax_J} J`);
    const electrical_J = pack.initialEnthalpy_J / pack.nCells + c.capacity_As * ocv * 0.05;
    const bound_K = T + (electrical_J + rw.totalHeat_J_kg * c.mass_kg) / c.heatCapacity_J_K;
    assert.ok(r.peak_temp_C + 273.15 <= bound_K, `${cellId}: peak ${r.peak_temp_C} °C above the energy bound ${bound_K - 273.15} °C`);
    assert.ok(r.peak_temp_C + 273.15 < 3000, `${cellId}: peak ${r.peak_temp_C} °C`);
    assert.ok(r.sim.metrics.energy_balance_error_pct < 0.5, `${cellId}: energy balance ${r.sim.metrics.energy_balance_error_pct} %`);
  }
});
