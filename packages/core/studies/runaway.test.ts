import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runArcTest } from './arc.js';
import { parseRunawayTest, runRunawayTest, cellToCellConductance_W_m2K, type RunawayTestSpec } from './runaway.js';
import { CELL_PRESETS } from '../design/presets.js';
import { buildCellModel } from '../physics/cell.js';
import { Pack, DEFAULT_PACK_THERMAL, restStepInput } from '../pack/pack.js';
import { Rng } from '../numerics/rng.js';
import { InputError } from '../errors.js';
import { reactionPower_W_kg } from '../physics/runaway/arrhenius.js';
import { POLYMER_PEO_RUNAWAY, SULFIDE_LPSCL_RUNAWAY } from '../materials/runaway-reactions.js';

const OXIDE = CELL_PRESETS['ssb-oxide-llzo-nmc811'];
const LIQUID = CELL_PRESETS['liion-nmc811-graphite'];
const SULFIDE = CELL_PRESETS['ssb-sulfide-lpscl-nmc811'];
const POLYMER = CELL_PRESETS['ssb-polymer-peo-lfp'];

function spec(extra: Record<string, unknown> = {}): RunawayTestSpec {
  return parseRunawayTest({ name: 't', cell: 'x', trigger: { power_W: 3000, duration_s: 600 }, cooling: { enabled: true }, end_time_s: 1800, ...extra }, 'test.yaml');
}

test('runaway test with venting: heater + reaction heat = stored + to ambient + to coolant + vented (within 0.5 %); the vented cell lost mass', () => {
  const r = runRunawayTest(spec(), LIQUID);
  const e = r.energy_balance;
  assert.ok(e.heater_J > 1e5 && e.reaction_J > 1e6, `a real pulse and real reaction heat: ${JSON.stringify(e)}`);
  assert.ok(e.vented_J > 0.05 * e.reaction_J, `the vents carried heat out: ${e.vented_J} J`);
  const inJ = e.heater_J + e.reaction_J + e.electrochemical_J;
  const outJ = e.sensible_J + e.to_ambient_J + e.to_coolant_J + e.vented_J;
  assert.ok(Math.abs(inJ - outJ) / (e.heater_J + e.reaction_J) < 0.005, `in ${inJ} J vs out ${outJ} J`);
  assert.ok(e.to_coolant_J > 0 && e.to_ambient_J > 0);
  const trig = r.per_cell[r.trigger_cell - 1];
  assert.equal(trig.vented, true);
  assert.ok(Math.abs(trig.mass_lost_pct - 30) < 1e-6, `ejected ${trig.mass_lost_pct} % (the cell's total_mass_fraction 0.3)`);
  // the reaction heat is at most the cells' inventory, less what the ejecta carried out unreacted
  const cap = r.cells * buildCellModel(LIQUID).runaway.totalHeat_J_kg * (LIQUID.geometry.mass_g / 1000);
  assert.ok(e.reaction_J + e.ejected_reactant_J <= cap * (1 + 1e-9));
  assert.ok(e.ejected_reactant_J > 0);
  // both characteristic temperatures, named: T1 (slow self-heating starts, ≈ 84 °C with Kim 2007's SEI/anode
  // kinetics) is not the runaway; T2 (≥ 1 K/s) comes with the separator collapse (assumed 160 °C) → ≈ 170 °C
  assert.ok(r.self_heating_onset_C > 70 && r.self_heating_onset_C < 100, `T1 ${r.self_heating_onset_C} °C`);
  assert.ok(r.runaway_trigger_C !== null && r.runaway_trigger_C > 150 && r.runaway_trigger_C < 200, `T2 ${r.runaway_trigger_C} °C`);
  assert.equal(r.runaway_trigger_C, r.arc.runaway_trigger_C);
});

test('runaway test: a small pulse never brings the trigger to onset → no runaway, no propagation', () => {
  const r = runRunawayTest(spec({ trigger: { power_W: 200, duration_s: 60 } }), LIQUID);
  assert.equal(r.trigger_onset_s, null);
  assert.equal(r.first_neighbour_onset_s, null);
  assert.equal(r.cells_in_runaway, 0);
  assert.equal(r.propagated, false);
  assert.ok(r.peak_temp_C < 60, `peak ${r.peak_temp_C} °C`);
});

test('runaway test: face-to-face stack — the liquid module propagates, the oxide SSB module with the same layout and pulse does not', () => {
  const liq = runRunawayTest(spec(), LIQUID);
  const ox = runRunawayTest(spec(), OXIDE);
  assert.equal(liq.propagated, true);
  assert.equal(liq.cells_in_runaway, liq.cells);
  assert.ok(liq.first_neighbour_onset_s !== null && liq.first_neighbour_onset_s < 300);
  // the oxide cells get hot, but their (assumed) reactions never take over — and the verdict says what it rests on
  assert.equal(ox.propagated, false);
  assert.ok(ox.cells_in_runaway <= 1);
  assert.ok(ox.peak_temp_C < liq.peak_temp_C);
  assert.match(ox.propagation_text, /rests on assumed reaction heats/);
});

test('runaway test: 2 mm aerogel between the liquid cells stops the propagation', () => {
  const r = runRunawayTest(spec({ module: { interstitial: { material: 'aerogel', thickness_mm: 2 } } }), LIQUID);
  assert.equal(r.per_cell[r.trigger_cell - 1].runaway, true);
  assert.equal(r.propagated, false);
  const g = cellToCellConductance_W_m2K(spec({ module: { interstitial: { material: 'aerogel', thickness_mm: 2 } } }), LIQUID);
  assert.ok(Math.abs(g - 1 / (1 / 200 + 0.002 / 0.02)) < 1e-9);
});

test('runaway test: the onset of the trigger cell comes sooner with a stronger heater', () => {
  const times = [1500, 3000, 6000].map((p) => runRunawayTest(spec({ trigger: { power_W: p, duration_s: 600 }, end_time_s: 600 }), OXIDE).trigger_onset_s);
  for (const t of times) assert.ok(t !== null);
  assert.ok(times[0]! > times[1]! && times[1]! > times[2]!, `onset times ${times.join(', ')} s`);
});

test('self-heating rate in the plant: 0.02 K/min at the cell onset, and the sum of the stage Arrhenius rates 30 K above', () => {
  // no self-discharge: its heat (≈ 2 % of 0.02 K/min for this cell) would blur the check
  const cell = buildCellModel({ ...LIQUID, selfDischarge_pct_per_month: 0 });
  const rw = cell.runaway;
  const soc = 1;
  const rate = (T0: number): number => {
    const thermal = { ...DEFAULT_PACK_THERMAL, cellToAmbient_W_m2K: 0, plateContactFlowing_W_m2K: 0, plateContactStagnant_W_m2K: 0, plateToAmbient_W_K: 0 };
    const zero = { capacity_rel_sd: 0, resistance_rel_sd: 0, initialSoc_sd: 0, selfDischarge_rel_sd: 0, segmentContact_rel_sd: 0 };
    const p = new Pack(cell, { seriesCount: 1, parallelCount: 1, segmentsPerCell: 1, groupsPerModule: 1, initialSoc: soc, initialTemp_K: T0, variation: zero, thermal, housingMass_kg: 0 }, new Rng(1));
    const dt = 1;
    p.step({ ...restStepInput(0, dt, T0), contactorsClosed: false });
    return (p.temp_K[0] - T0) / dt;
  };
  const atOnset = rate(rw.onset_K) * 60;
  assert.ok(Math.abs(atOnset - 0.02) / 0.02 < 0.01, `${atOnset} K/min at onset`);
  const T2 = rw.onset_K + 30;
  const expected = reactionPower_W_kg(rw.stages, new Float64Array(rw.stages.length).fill(1), 0, T2, soc) / cell.params.thermal.heatCapacity_J_kgK;
  const got = rate(T2);
  assert.ok(Math.abs(got - expected) / expected < 0.01, `${got} vs ${expected} K/s at onset + 30 K`);
  assert.ok(got / (atOnset / 60) > 10, 'a 30 K rise multiplies the rate more than tenfold (Ea ≈ 135 kJ/mol, Kim et al. 2007)');
  assert.ok(rw.stages.length >= 5, 'the liquid cell runs the reaction sequence, not one lumped reaction');
});

test('runaway test file: unknown fields and an out-of-range trigger are input errors naming the field', () => {
  assert.throws(
    () => parseRunawayTest({ name: 't', cell: 'x', trigger: { power_W: 1, duration_s: 1 }, modul: {} }, 'f.yaml'),
    (e: unknown) => e instanceof InputError && /f\.yaml/.test(e.message) && /modul/.test(e.message) && /did you mean 'module'/.test(e.message),
  );
  assert.throws(
    () => parseRunawayTest({ name: 't', cell: 'x', module: { series: 4 }, trigger: { cell: 9, power_W: 1, duration_s: 1 } }, 'f.yaml'),
    (e: unknown) => e instanceof InputError && /trigger\.cell/.test(e.message) && /9/.test(e.message),
  );
  assert.throws(() => parseRunawayTest({ name: 't', cell: 'x', trigger: { power_W: -1, duration_s: 1 } }, 'f.yaml'), /trigger\.power_W/);
});

test('ARC (adiabatic heat-wait-seek) of the liquid NMC811 cell: onset, trigger and peak within the published ranges', () => {
  const a = runArcTest(LIQUID);
  // T1: self-heating onset of NMC pouches 71–214 °C (Batteries 2022, 8, 41; spec/materials-data.md)
  assert.ok(a.self_heating_onset_C !== null && a.self_heating_onset_C >= 71 && a.self_heating_onset_C <= 214, `T1 ${a.self_heating_onset_C} °C`);
  // T3: peak of a liquid NMC cell 700–900 °C (issue 17: published cell peaks; Feng et al. EV-ARC of a 25 Ah NCM cell ≈ 870 °C, not re-read)
  assert.ok(a.peak_C >= 700 && a.peak_C <= 900, `T3 ${a.peak_C} °C`);
  // sequence: onset < vent < trigger (separator collapse) < peak, and the cell lost its ejecta
  assert.ok(a.vent_C !== null && a.runaway_trigger_C !== null && a.self_heating_onset_C! < a.vent_C && a.vent_C < a.runaway_trigger_C && a.runaway_trigger_C < a.peak_C, JSON.stringify(a));
  assert.equal(a.mass_lost_pct, 30);
});

test('sulfide SSB: the sourced/assumed reaction stages, no vent, onset in the published 160–200 °C of NCM811 | Li6PS5Cl, Li + Li6PS5Cl not before 400 °C, and a verdict naming its assumption', () => {
  const m = buildCellModel(SULFIDE).runaway;
  assert.equal(m.vent, null);
  assert.ok(Math.abs(m.totalHeat_J_kg - 450e3) < 1e-6, `Σ stage heats ${m.totalHeat_J_kg} J/kg`);
  // Nature Communications 2026 (doi 10.1038/s41467-026-69472-3): the first stage begins below about 160–200 °C;
  // Li6PS5Cl stable against metallic Li up to 400 °C (runaway-reactions.ts)
  assert.ok(m.onset_K >= 160 + 273.15 && m.onset_K <= 200 + 273.15, `onset ${m.onset_K - 273.15} °C`);
  const liStage = SULFIDE_LPSCL_RUNAWAY.stages.find((st) => st.name.startsWith('molten Li'));
  assert.ok((liStage?.onset_C ?? 0) >= 400, `Li + Li6PS5Cl onset ${liStage?.onset_C} °C`);
  const r = runRunawayTest(spec(), SULFIDE);
  for (const st of m.stages) assert.ok(r.propagation_text.includes(st.name), `verdict names the assumed stage '${st.name}': ${r.propagation_text}`);
  assert.match(r.propagation_text, /assumed/);
  assert.deepEqual(
    r.assumptions,
    m.stages.map((st) => `${st.name} ${st.heat_J_kg / 1000} kJ/kg`),
  );
});

test('polymer SSB: onsets inside the published PEO stability ranges (160–300 °C against charged cathodes, 220 °C against Li metal), no vent', () => {
  const li = POLYMER_PEO_RUNAWAY.stages.find((st) => st.name.startsWith('molten Li'));
  // (PEO)8LiCF3SO3 stable with Li metal up to 220 °C (J. Electrochem. Soc. 141 (1994) 2978)
  assert.equal(li?.onset_C, 220);
  const m = buildCellModel(POLYMER).runaway;
  assert.equal(m.vent, null);
  assert.ok(m.onset_K >= 160 + 273.15 && m.onset_K <= 300 + 273.15, `onset ${m.onset_K - 273.15} °C`);
  const a = runArcTest(POLYMER);
  assert.ok(a.self_heating_onset_C !== null && a.self_heating_onset_C >= 160 && a.self_heating_onset_C <= 300, `ARC T1 ${a.self_heating_onset_C} °C`);
});

test('propagation through a row of thick prismatic cells: slower with a lower cell-to-cell conductance, roughly ∝ 1/G, and none below a threshold', () => {
  // the validation scenario's 37 Ah prismatic cell (runaway-liquid-12s-prismatic-37Ah.yaml): 148 × 91 × 26.5 mm, 0.80 kg
  const prismatic = (g_W_m2K: number) => ({
    ...LIQUID,
    geometry: { ...LIQUID.geometry, electrodeArea_cm2: 134.68, layers: 65, mass_g: 800, thickness_mm: 26.5, volume_mL: 356.9, surfaceArea_cm2: 396, coolingArea_cm2: 39.2 },
    thermal: { ...LIQUID.thermal, neighbourConductance_W_m2K: g_W_m2K },
  });
  const row = (g: number) =>
    runRunawayTest(parseRunawayTest({ name: 't', cell: 'x', trigger: { cell: 6, power_W: 1000, duration_s: 3600 }, end_time_s: 5400, step_s: 2, record_every_s: 60 }, 'test.yaml'), prismatic(g));
  const fast = row(57);
  const slow = row(30);
  assert.ok(fast.propagation_span_s !== null && slow.propagation_span_s !== null, 'both propagate');
  const ratio = slow.propagation_span_s / fast.propagation_span_s;
  // 57/30 = 1.9: the span follows the conductance within ±30 % (the reactions add a part that does not scale)
  assert.ok(ratio > 1.9 * 0.7 && ratio < 1.9 * 1.3, `span ${slow.propagation_span_s} s at 30 vs ${fast.propagation_span_s} s at 57 W/(m²·K): ratio ${ratio}`);
  const none = row(15);
  assert.equal(none.propagated, false, 'at 15 W/(m²·K) the neighbours cool back');
});
