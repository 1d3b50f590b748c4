import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareBalancing, compareBalancingAsync, variantScenario } from './balancing-compare.js';
import { parseScenario } from '../sim/scenario.js';
import { runSimulation } from '../sim/engine.js';
import { CELL_PRESETS } from '../design/presets.js';
import { InputError } from '../errors.js';

const OXIDE = 'ssb-oxide-llzo-nmc811';

/** A small badly matched pack (SoC σ 3 %, capacity σ 2 %) parked, charged to 95 % and parked again. */
function smallScenario(extra: Record<string, unknown> = {}) {
  return parseScenario(
    {
      name: 'balancing test',
      seed: 3,
      park_step_s: 300,
      charge_step_s: 10,
      cell: OXIDE,
      pack: { series: 12, parallel: 2, groups_per_module: 12, initial_soc: 0.5, initial_temp_C: 25, variation: { initial_soc_sd: 0.03, capacity_rel_sd: 0.02 } },
      climate: { kind: 'constant', temp_C: 25 },
      schedule: { days: 1, events: [{ at: '00:30', charge: { charger: 'level2-7kw', target_soc: 0.95, max_duration_h: 8 } }] },
      bms: { estimators: ['ekf'] },
      btms: { controller: 'none' },
      outputs: { record_every_s: 600 },
      ...extra,
    },
    'test.yaml',
  );
}

test('comparison: active moves energy and dissipates less than passive; both shrink the SoC spread and gain usable capacity vs none', () => {
  const r = compareBalancing({ scenario: smallScenario(), cell: CELL_PRESETS[OXIDE], traces: {} });
  const by = Object.fromEntries(r.rows.map((x) => [x.variant, x]));
  for (const x of r.rows) {
    assert.equal(x.error, null, `${x.variant} ran`);
    assert.ok(x.energy_balance_error_pct < 0.5, `${x.variant}: energy balance ${x.energy_balance_error_pct} %`);
  }
  const none = by.none;
  assert.equal(none.dissipated_Wh, 0);
  assert.equal(none.moved_Wh, 0);
  assert.equal(none.usable_gain_Ah, 0);
  for (const s of ['top', 'bottom']) {
    const p = by[`passive-${s}`];
    const a = by[`active-${s}`];
    assert.equal(p.moved_Wh, 0, 'passive moves nothing');
    assert.ok(p.bleed_Wh > 0, `passive-${s} bled`);
    assert.ok(a.moved_Wh > 0 && a.bleed_Wh === 0, `active-${s} moved`);
    assert.ok(Math.abs(a.converter_loss_Wh - 0.1 * a.moved_Wh) < 1e-9 * a.moved_Wh, 'loss = (1 − η)·moved at the default η = 0.9');
    assert.ok(a.dissipated_Wh < p.dissipated_Wh, `${s}: active dissipates ${a.dissipated_Wh} Wh < passive ${p.dissipated_Wh} Wh`);
    assert.ok(a.moved_Wh > p.moved_Wh, `${s}: active moves more (${a.moved_Wh} Wh) than passive (0)`);
  }
  for (const v of ['passive-top', 'active-top'] as const) {
    assert.ok(by[v].soc_spread_final_pct < none.soc_spread_final_pct, `${v}: SoC spread ${by[v].soc_spread_final_pct} % < none ${none.soc_spread_final_pct} %`);
    assert.ok(by[v].usable_gain_Ah > 0, `${v}: usable capacity gained ${by[v].usable_gain_Ah} Ah`);
  }
  for (const v of ['passive-bottom', 'active-bottom'] as const) {
    assert.ok(by[v].charge_spread_final_Ah < none.charge_spread_final_Ah, `${v}: remaining-charge spread ${by[v].charge_spread_final_Ah} Ah < none ${none.charge_spread_final_Ah} Ah`);
  }
  // active at 2 A is faster than a 33 Ω bleed (≈ 0.12 A)
  assert.ok(by['active-top'].soc_spread_final_pct < by['passive-top'].soc_spread_final_pct, 'active-top ends tighter than passive-top');
});

test('default balancing options reproduce the passive-top run exactly', () => {
  const s = smallScenario();
  const explicit = variantScenario(s, 'passive-top');
  const a = runSimulation({ scenario: s, cell: CELL_PRESETS[OXIDE], traces: {}, endTime_s: 6 * 3600 });
  const b = runSimulation({ scenario: explicit, cell: CELL_PRESETS[OXIDE], traces: {}, endTime_s: 6 * 3600 });
  assert.ok((a.metrics.balancing_energy_Wh as number) > 0);
  assert.deepEqual(a.metrics, b.metrics);
});

test('scenario schema rejects an unknown balancing strategy or kind, naming the field', () => {
  const bad = (balancing: Record<string, unknown>) => () => smallScenario({ bms: { balancing } });
  assert.throws(bad({ strategy: 'middle' }), (e: unknown) => e instanceof InputError && e.where.field === 'bms.balancing.strategy' && /top/.test(e.message));
  assert.throws(bad({ kind: 'magnetic' }), (e: unknown) => e instanceof InputError && e.where.field === 'bms.balancing.kind');
  assert.throws(bad({ kind: 'active', efficiency: 1.5 }), (e: unknown) => e instanceof InputError && e.where.field === 'bms.balancing.efficiency');
  const ok = smallScenario({ bms: { balancing: { kind: 'active', strategy: 'bottom', current_A: 3, efficiency: 0.85 } } });
  assert.equal(ok.bms.balancing.kind, 'active');
  assert.equal(ok.bms.balancing.capacity_source, 'end-of-line');
  const def = smallScenario();
  assert.equal(def.bms.balancing.kind, 'passive');
  assert.equal(def.bms.balancing.strategy, 'top');
});

test('the chunked comparison gives the same rows; stopped, it keeps only the variants finished', async () => {
  const o = { scenario: smallScenario(), cell: CELL_PRESETS[OXIDE], traces: {}, endTime_s: 2 * 3600, variants: ['none', 'active-top'] as const };
  const sync = compareBalancing(o);
  const pause = () => Promise.resolve();
  assert.deepEqual(await compareBalancingAsync(o, pause, () => false), sync);
  let started = 0;
  const stopped = await compareBalancingAsync({ ...o, onVariant: () => started++ }, pause, () => started > 1);
  assert.deepEqual(
    stopped.rows.map((r) => r.variant),
    ['none'],
  );
  assert.deepEqual(stopped.rows[0], sync.rows[0]);
});
