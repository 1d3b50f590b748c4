/**
 * Issue 16, items 4 and 6: a run that fails numerically is "invalid", never a result; headline
 * numbers only where they are defined (charge time, round-trip efficiency, propagation wording,
 * where pre-conditioning draws its power). Each test fails on ce20cf2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, ssb } from './cli-run.js';
import { chargeTimeNote, roundTrip } from '../packages/core/sim/metrics.js';
import { propagationText } from '../packages/core/studies/runaway.js';
import { invalidStudyRuns, scoreCase, studyMetrics, summariseCampaign, summarise, type CampaignCase } from '../packages/core/studies/index.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-honest-'));

test('ssb simulate: a numerical failure is "invalid: numerical failure at t, cell, quantity = value" in the console, the report and metrics.json (valid: false), no headline numbers, exit 1', () => {
  const file = path.join(ROOT, 'tests/fixtures/forced-overcharge.yaml');
  const out = path.join(TMP, 'sim-invalid');
  const r = ssb('simulate', file, '--out', out);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /invalid: numerical failure at t = [\d.]+ s, cell #\d+ \(series \d+, parallel \d+\), soc = [\d.]+: state of charge left/);
  for (const headline of ['range (estimated)', 'charge time', 'SoH at end', 'energy out / in']) assert.doesNotMatch(r.stdout, new RegExp(headline.replace(/[()]/g, '\\$&')));
  assert.match(r.stderr, /ssb: invalid: numerical failure at t = /);
  const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  assert.equal(m.valid, false);
  assert.equal(m.numerical_failure.quantity, 'soc');
  assert.ok(m.numerical_failure.value > 1.02);
  assert.ok(m.numerical_failure.time_s > 60 && m.numerical_failure.time_s < 3700);
  assert.match(m.numerical_failure.cell, /^#\d+ \(series/);
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(html, /INVALID RUN/);
  assert.match(html, /invalid: numerical failure at t = /);
});

test('charge time counts only sessions that completed and put energy in; otherwise "not completed: <reason>"', () => {
  const base = { start_s: 18.5 * 3600, end_s: 18.5 * 3600 + 7200, duration_s: 7200, socStart: 0.3, preheat_s: 0 };
  // bms-lost-board-internal-short: contactors latched open, 0 kWh in, 120 min shown as the charge time
  const blocked = { ...base, complete: false, socEnd: 0.3, energyIn_kWh: 0 };
  assert.match(chargeTimeNote([blocked]) ?? '', /^not completed: session at 18\.5 h put no energy in/);
  const timedOut = { ...base, complete: false, socEnd: 0.55, energyIn_kWh: 12 };
  assert.match(chargeTimeNote([timedOut]) ?? '', /ended before its target .* at SoC 55 %/);
  assert.equal(chargeTimeNote([{ ...base, complete: true, socEnd: 0.8, energyIn_kWh: 30 }]), null);
});

test('bms-lost-board-internal-short: no "charge time 120 min" for a session with 0 kWh in and contactors open, no 751 % round-trip efficiency', () => {
  const out = path.join(TMP, 'lost-board');
  const r = ssb('simulate', 'examples/bms-lost-board-internal-short.yaml', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /charge time\s+not completed: session at 18\.5 h put no energy in/);
  assert.doesNotMatch(r.stdout, /charge time\s+120/);
  const m = JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  assert.equal(m.charge_time_s, null);
  assert.match(m.charge_time_note, /^not completed: /);
  assert.ok(m.round_trip_efficiency_pct === null || (m.round_trip_efficiency_pct >= 0 && m.round_trip_efficiency_pct <= 100), `${m.round_trip_efficiency_pct} %`);
  assert.ok(m.round_trip_efficiency_pct !== null || /not defined/.test(m.round_trip_efficiency_note));
  const html = readFileSync(path.join(out, 'report.html'), 'utf8');
  assert.match(html, /not completed: session at 18\.5 h/);
});

test('round-trip efficiency only for a closed cycle and within 0–100 % (751 % was shown for a run that discharged what it never charged)', () => {
  const nominal_J = 59 * 3.6e6;
  const open = roundTrip(5.13 * 3.6e6, 0.683 * 3.6e6, 0.085 * nominal_J, nominal_J);
  assert.equal(open.pct, null);
  assert.match(open.note ?? '', /not a closed cycle/);
  assert.equal(roundTrip(1, 0, 0, nominal_J).pct, null);
  const closed = roundTrip(9.3 * 3.6e6, 10 * 3.6e6, 0.001 * nominal_J, nominal_J);
  assert.equal(closed.pct, 93);
  assert.equal(closed.note, null);
  assert.equal(roundTrip(11 * 3.6e6, 10 * 3.6e6, 0, nominal_J).pct, null, 'above 100 %: not physical');
});

test('runaway test: "propagation" is a neighbour in thermal runaway; a neighbour past its onset alone is reported as such, never beside a bare "no propagation"', () => {
  const t = propagationText(false, 0, 2, 242.2);
  assert.match(t, /^no propagation: no neighbour in thermal runaway; 2 neighbour\(s\) passed their self-heating onset, the first at 242\.2 s/);
  assert.match(propagationText(true, 11, 11, 114.4), /^PROPAGATION: 11 neighbour cell\(s\) in thermal runaway/);
  const r = ssb('runaway-test', 'examples/runaway/oxide.yaml', '--json');
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.match(j.propagation_definition, /thermal runaway/);
  assert.equal(j.propagated, /^PROPAGATION/.test(j.propagation_text));
  if (j.first_neighbour_onset_s !== null && !j.propagated) assert.match(j.propagation_text, /passed their self-heating onset/);
  const txt = ssb('runaway-test', 'examples/runaway/oxide.yaml').stdout;
  assert.ok(txt.includes(j.propagation_text), 'the console says what metrics.json says');
});

test('pre-conditioning of a parked car: from the wall it draws nothing from the pack; unplugged (precondition_from: pack) it does, and metrics report the parked draw', () => {
  const run = (from: 'wall' | 'pack') => {
    const file = path.join(TMP, `precondition-${from}.yaml`);
    writeFileSync(
      file,
      [
        'name: precondition',
        'cell: ssb-oxide-llzo-nmc811',
        'step_s: 1',
        'park_step_s: 60',
        'pack: { series: 12, parallel: 1, groups_per_module: 12, initial_soc: 0.7, initial_temp_C: -25 }',
        'climate: { kind: constant, temp_C: -25 }',
        `schedule: { days: 1, events: [{ at: "07:30", drive: [UDDS], precondition_min: 30, precondition_from: ${from} }] }`,
        'btms: { controller: thermostat }',
        'outputs: { record_every_s: 600 }',
        '',
      ].join('\n'),
    );
    const out = path.join(TMP, `precondition-${from}`);
    const r = ssb('simulate', file, '--out', out);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(readFileSync(path.join(out, 'metrics.json'), 'utf8'));
  };
  const wall = run('wall');
  const pack = run('pack');
  assert.equal(wall.valid, true);
  // plugged in the charger pays for the pre-heat (what is left is the thermostat's draw outside the window)
  assert.ok(wall.thermal_energy_from_pack_parked_kWh < 0.1 * pack.thermal_energy_from_pack_parked_kWh, `wall ${wall.thermal_energy_from_pack_parked_kWh} kWh from the pack`);
  // (a 12s1p oxide pack at −25 °C delivers only part of the heater's demand: the heat follows what the pack delivers)
  assert.ok(pack.thermal_energy_from_pack_parked_kWh > 0.02, `unplugged: ${pack.thermal_energy_from_pack_parked_kWh} kWh from the pack`);
  assert.ok(pack.thermal_energy_from_pack_kWh <= pack.energy_discharged_kWh + 1e-4, `${pack.thermal_energy_from_pack_kWh} kWh from a pack that gave ${pack.energy_discharged_kWh} kWh`);
  assert.ok(wall.grid_energy_kWh > pack.grid_energy_kWh + 0.05, `wall ${wall.grid_energy_kWh} vs pack ${pack.grid_energy_kWh} kWh from the grid`);
});

test('studies: a run that failed numerically shows no figures, is left out of every mean and count, and is listed as invalid (btms-study, fault campaign)', () => {
  const err = 'cell #3 temp_K = 4000 at t = 12.0 s: temperature out of physical range';
  // btms-study: the partial metrics of a failed run entered the means on ce20cf2
  const bad = studyMetrics({ time_outside_window_pct: 99, thermal_energy_kWh: 50, range_km: 10, charge_time_s: 60, soh_end_pct: 50, error: err }, { series: 96, parallel: 2 });
  assert.equal(bad.range_km, null);
  assert.ok(Number.isNaN(bad.thermal_energy_kWh));
  // 60 kWh usable (1 kWh cells, 60s1p, no fade) over 200 Wh/km (10 kWh out of the pack over 50 km): 300 km
  const good = studyMetrics(
    {
      time_outside_window_pct: 1,
      thermal_energy_kWh: 2,
      cell_spec: { energy_Wh: 1000 },
      energy_discharged_kWh: 10,
      distance_km: 50,
      charge_time_s: 1800,
      soh_end_pct: 100,
      stranded_events: 0,
      error: null,
    },
    { series: 60, parallel: 1 },
  );
  const results = { thermostat: { cold: { commute: { a: good, b: bad } } } };
  assert.equal(summarise(results).thermostat.cold.range_km, 300);
  assert.deepEqual(invalidStudyRuns(results), [`thermostat / cold / commute / b: ${err}`]);
  // fault campaign: a failed run was scored unsafe or detected from its partial metrics
  const c = { id: 1, faultClass: 'internal-short', description: 'short', at_s: 10 } as unknown as CampaignCase;
  const r = scoreCase(c, { internal_shorts: 1, short_detection: { detected: false, delay_s: null }, cell_temp_max_C: 900, safety_limits: { cell_voltage_max_V: 4.3, cell_temp_max_C: 70 } }, err);
  assert.equal(r.unsafe, false);
  assert.equal(r.detected, false);
  const s = summariseCampaign([r]);
  assert.equal(s.errors, 1);
  assert.equal(s.unsafe_cases, 0);
  assert.equal(s.by_class['internal-short'].cases, 0);
});
