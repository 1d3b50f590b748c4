import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStudy, strandedStudyRuns, studyCases, studyDutyEvents, studyMetrics, studyScenario, summarise, type StudyMetrics } from './btms-study.js';

const pack = { series: 96, parallel: 2 };
// 1 kWh cells, 96s2p, no fade: 192 kWh usable
const run = (over: Record<string, unknown>) =>
  studyMetrics({ time_outside_window_pct: 0, thermal_energy_kWh: 3, cell_spec: { energy_Wh: 1000 }, soh_end_pct: 100, stranded_events: 0, error: null, ...over }, pack, 50);

test('btms-study range and consumption book every energy out of the pack, parked pre-heat included', () => {
  // 10 kWh out of the pack over 50 km, 2 kWh of it pre-heat while parked and unplugged: the run's own
  // range_km (driving only: 8 kWh / 50 km = 160 Wh/km → 1200 km) was the study's range before issue 17
  const m = run({ energy_discharged_kWh: 10, distance_km: 50, thermal_energy_from_pack_parked_kWh: 2, consumption_Wh_km: 160, range_km: 1200 });
  assert.equal(m.consumption_Wh_km, 200);
  assert.equal(m.range_km, 960);
  assert.equal(m.thermal_energy_from_pack_parked_kWh, 2);
});

test('btms-study: a stranded run is marked, left out of the means and of the paired range comparison, and listed', () => {
  const ok = run({ energy_discharged_kWh: 10, distance_km: 50 });
  const better = run({ energy_discharged_kWh: 8, distance_km: 50 });
  // never closed its contactors: drove nowhere (no contactor opening while driving)
  const nowhere = run({ energy_discharged_kWh: 0.5, distance_km: 0 });
  // opened while driving, but (as before issue 17's loop fix) kept counting distance
  const opened = run({ energy_discharged_kWh: 2, distance_km: 60, stranded_events: 1 });
  assert.equal(ok.stranded, false);
  assert.equal(nowhere.stranded, true);
  assert.equal(opened.stranded, true);
  assert.equal(run({ energy_discharged_kWh: 10, distance_km: 45 }).stranded, true, 'drove 90 % of the duty');
  const results: Record<string, Record<string, Record<string, Record<string, StudyMetrics>>>> = {
    thermostat: { cold: { commute: { liion: ok, ssb: nowhere }, highway: { liion: opened, ssb: ok } } },
    predictive: { cold: { commute: { liion: better, ssb: ok }, highway: { liion: better, ssb: better } } },
  };
  const s = summarise(results);
  assert.equal(s.thermostat.cold.runs, 4);
  assert.equal(s.thermostat.cold.stranded_runs, 2);
  assert.equal(s.thermostat.cold.averaged_runs, 2);
  assert.equal(s.thermostat.cold.range_km, 960, 'the stranded runs (1e6 km and 5760 km) are left out');
  // paired: commute/liion and highway/ssb have both runs unstranded: 1200 km vs 960 km each
  assert.equal(s.predictive.cold.range_vs_thermostat_cases, 2);
  assert.equal(s.predictive.cold.range_vs_thermostat_pct, 25);
  assert.equal(s.thermostat.cold.range_vs_thermostat_pct, null);
  assert.deepEqual(strandedStudyRuns(results), ['thermostat / cold / commute / ssb', 'thermostat / cold / highway / liion']);
});

test('btms-study: the thermostat baseline gets a departure timer from the pack on the drives from a soaked pack', () => {
  const spec = parseStudy({ controllers: ['thermostat'], temps_C: [-25], solar: [false], duties: ['commute', 'highway', 'fastcharge'], cells: ['liion-nmc811-graphite'] }, 'test');
  const timed = (duty: string) =>
    (studyDutyEvents(duty as 'commute', 40) as { at: string; precondition_min?: number; precondition_from?: string }[])
      .filter((e) => e.precondition_min)
      .map((e) => `${e.at} ${e.precondition_min} ${e.precondition_from}`);
  assert.deepEqual(timed('commute'), ['07:30 40 pack', '17:00 40 pack']);
  assert.deepEqual(timed('highway'), ['09:00 40 pack']);
  assert.deepEqual(timed('fastcharge'), ['08:00 40 pack']);
  for (const c of studyCases(spec)) {
    const s = studyScenario(spec, c, { departureTimer_min: 40 });
    assert.equal(s.schedule.events[0].precondition_min, 40);
    assert.equal(studyScenario(spec, c).schedule.events[0].precondition_min, undefined, 'no timer unless given');
  }
});
