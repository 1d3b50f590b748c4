/**
 * Unit-level physics of the pack plant (`Pack`) against analytic cases (physics.md §1–§6, §8).
 * Small packs (1s1p … 2s2p) and schedules built in code; every test asserts a number that would
 * change if the effect were removed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pack, DEFAULT_PACK_THERMAL, DEFAULT_VARIATION, restStepInput, type PackConfig, type PackControl, type PackStepInput, type PackVariation } from './pack.js';
import { moduleFixtureMass_kg, fixtureMass_kg } from './fixture.js';
import { buildCellModel, validateCellParams, type CellModel } from '../physics/cell.js';
import type { CellParams } from '../physics/cell-params.js';
import { CELL_PRESETS } from '../design/presets.js';
import { ELECTROLYTES } from '../materials/electrolytes.js';
import { interpUniform } from '../numerics/interp.js';
import { Rng } from '../numerics/rng.js';
import { NumericalError } from '../errors.js';

const OXIDE = 'ssb-oxide-llzo-nmc811';
const LIION = 'liion-nmc811-graphite';
const C0 = 273.15;
/** Boltzmann constant [eV/K] (CODATA 2018), written out so the test does not reuse the code's constant. */
const KB_EV = 8.617333262e-5;
const R_GAS = 8.314462618;

const ZERO_VARIATION: PackVariation = { capacity_rel_sd: 0, resistance_rel_sd: 0, initialSoc_sd: 0, selfDischarge_rel_sd: 0, segmentContact_rel_sd: 0 };

/** Preset with overrides (deep-merged one level), validated like a parameter file. */
function params(id: string, over: Record<string, unknown> = {}): CellParams {
  const base = structuredClone(CELL_PRESETS[id]) as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(over)) {
    const b = base[k];
    base[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' ? { ...(b as object), ...(v as object) } : v;
  }
  return validateCellParams(base, `test ${id}`);
}

function cellOf(p: CellParams | string): CellModel {
  return buildCellModel(typeof p === 'string' ? CELL_PRESETS[p] : p);
}

interface MakeOpts {
  ns?: number;
  np?: number;
  nseg?: number;
  gpm?: number;
  soc?: number;
  temp_K?: number;
  variation?: PackVariation;
  thermal?: Partial<PackConfig['thermal']>;
  housing_kg?: number;
  seed?: number;
}

function makePack(cell: CellModel, o: MakeOpts = {}): Pack {
  return new Pack(
    cell,
    {
      seriesCount: o.ns ?? 1,
      parallelCount: o.np ?? 1,
      segmentsPerCell: o.nseg ?? 1,
      groupsPerModule: o.gpm ?? o.ns ?? 1,
      initialSoc: o.soc ?? 0.5,
      initialTemp_K: o.temp_K ?? C0 + 25,
      variation: o.variation ?? DEFAULT_VARIATION,
      thermal: { ...DEFAULT_PACK_THERMAL, ...(o.thermal ?? {}) },
      housingMass_kg: o.housing_kg ?? 0,
    },
    new Rng(o.seed ?? 1),
  );
}

type StepOver = Partial<Omit<PackStepInput, 'time_s' | 'dt_s' | 'control'>>;

function step(pack: Pack, dt: number, control: PackControl, over: StepOver = {}) {
  return pack.step({
    ...restStepInput(pack.time_s, dt, pack.config.initialTemp_K),
    control,
    dischargeLimit_A: Infinity,
    chargeLimit_A: Infinity,
    contactorsClosed: true,
    ...over,
  });
}

const cur = (value_A: number): PackControl => ({ kind: 'current', value_A });
const REST: PackControl = { kind: 'rest' };

function relClose(actual: number, expected: number, rel: number, msg: string): void {
  const err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(err <= rel, `${msg}: got ${actual}, expected ${expected} (relative error ${err.toExponential(3)} > ${rel})`);
}

// ---------------------------------------------------------------------------------------------
// §1 RC branches: exact exponential update
// ---------------------------------------------------------------------------------------------

test('RC branches follow the analytic constant-current step response R·I·(1 − e^(−t/τ))', () => {
  const cell = cellOf(params(OXIDE, { selfDischarge_pct_per_month: 0 }));
  const pack = makePack(cell, { variation: ZERO_VARIATION, soc: 0.5 });
  const I = 5; // ≈ 0.1C: the cell warms by far less than 0.05 K over 300 s
  const T0 = pack.temp_K[0];
  const v1Hist: number[] = [];
  for (let k = 0; k < 300; k++) {
    step(pack, 1, cur(I));
    v1Hist.push(pack.v1[0]);
  }
  assert.ok(Math.abs(pack.temp_K[0] - T0) < 0.05, `temperature stayed nearly constant (${pack.temp_K[0] - T0} K)`);
  const rc = cell.rcResistance(0.5 * (T0 + pack.temp_K[0]));
  const { tau1_s, tau2_s } = cell.rc;
  for (const t of [1, 8, 30, 150, 300]) {
    relClose(v1Hist[t - 1], rc.r1_ohm * I * (1 - Math.exp(-t / tau1_s)), 0.005, `v1 at t = ${t} s`);
  }
  relClose(pack.v2[0], rc.r2_ohm * I * (1 - Math.exp(-300 / tau2_s)), 0.005, 'v2 at t = 300 s');
  // both branches really respond (a removed branch would leave 0)
  assert.ok(pack.v1[0] > 0.99 * rc.r1_ohm * I);
  assert.ok(pack.v2[0] > 0.8 * rc.r2_ohm * I && pack.v2[0] < 0.9 * rc.r2_ohm * I);
});

test('RC update is exact for any step size: 1 s, 10 s and 100 s steps give the same branch voltages at 300 s', () => {
  // Li-ion reference (no stack-pressure fixture) pinned to ambient by a huge cell-to-ambient
  // conductance, so R1 and R2 are exactly constant and the closed form must hold to rounding
  const cell = cellOf(params(LIION, { selfDischarge_pct_per_month: 0 }));
  const pinned = { cellToAmbient_W_m2K: 1e9 };
  const I = 20;
  const out: { v1: number; v2: number }[] = [];
  for (const dt of [1, 10, 100]) {
    const pack = makePack(cell, { variation: ZERO_VARIATION, soc: 0.5, thermal: pinned });
    for (let t = 0; t < 300; t += dt) step(pack, dt, cur(I));
    assert.ok(Math.abs(pack.temp_K[0] - (C0 + 25)) < 1e-6, 'temperature pinned');
    out.push({ v1: pack.v1[0], v2: pack.v2[0] });
  }
  const rc = cell.rcResistance(C0 + 25);
  relClose(out[0].v1, rc.r1_ohm * I * (1 - Math.exp(-300 / cell.rc.tau1_s)), 1e-9, 'v1 closed form');
  relClose(out[0].v2, rc.r2_ohm * I * (1 - Math.exp(-300 / cell.rc.tau2_s)), 1e-9, 'v2 closed form');
  for (const o of out.slice(1)) {
    relClose(o.v1, out[0].v1, 1e-9, 'v1 independent of dt');
    relClose(o.v2, out[0].v2, 1e-9, 'v2 independent of dt');
  }
});

// ---------------------------------------------------------------------------------------------
// §6 Parallel groups: charge conservation, unequal sharing
// ---------------------------------------------------------------------------------------------

interface Snapshot {
  q: number[];
  z: number[];
}
function snap(pack: Pack): Snapshot {
  const q: number[] = [];
  const z: number[] = [];
  for (let u = 0; u < pack.nUnits; u++) {
    q.push(pack.capacity_As(u));
    z.push(pack.soc[u]);
  }
  return { q, z };
}

/** Checks Σ unit currents = I + bleed and Σ Q·Δz = −(I + bleed + Σ I_short)·dt for group 0 of a 1sNp pack (no self-discharge). */
function checkConservation(pack: Pack, dt: number, control: PackControl, over: StepOver = {}, label = ''): number {
  const before = snap(pack);
  const res = step(pack, dt, control, over);
  const I = res.current_A;
  let sumIu = 0;
  let sumIsh = 0;
  let sumQdz = 0;
  for (let u = 0; u < pack.nUnits; u++) {
    sumIu += pack.unitCurrent_A[u];
    sumIsh += pack.shortCurrent_A[u];
    sumQdz += before.q[u] * (pack.soc[u] - before.z[u]);
  }
  const iBleed = pack.balanceCurrent_A[0];
  let sumAbs = 0;
  for (let u = 0; u < pack.nUnits; u++) sumAbs += Math.abs(pack.unitCurrent_A[u]) + Math.abs(pack.shortCurrent_A[u]);
  const scaleI = Math.max(Math.abs(I), Math.abs(iBleed), sumAbs, 1e-6);
  assert.ok(Math.abs(sumIu - (I + iBleed)) <= 1e-9 * scaleI, `${label} Σ unit currents ${sumIu} vs pack ${I} + bleed ${iBleed}`);
  assert.ok(Math.abs(sumQdz + (I + iBleed + sumIsh) * dt) <= 1e-9 * scaleI * dt, `${label} Σ Q·ΔSoC ${sumQdz} vs −(I + bleed + shorts)·dt ${-(I + iBleed + sumIsh) * dt}`);
  return I;
}

test('parallel group conserves charge every step: Σ unit currents = pack current and Σ Q·ΔSoC = −I·dt (1s4p, 5 % variation)', () => {
  const cell = cellOf(params(OXIDE, { selfDischarge_pct_per_month: 0 }));
  const variation: PackVariation = { ...ZERO_VARIATION, capacity_rel_sd: 0.05, resistance_rel_sd: 0.05, initialSoc_sd: 0.02 };
  const pack = makePack(cell, { np: 4, variation, soc: 0.5, seed: 11 });
  // the variation is really there
  const caps = Array.from(pack.unitCapacity0_As);
  assert.ok(Math.max(...caps) / Math.min(...caps) > 1.02, 'capacities differ');
  const profile: [number, PackControl][] = [
    [1, cur(200)],
    [1, cur(200)],
    [10, cur(-100)],
    [60, REST],
    [0.1, cur(300)],
    [300, REST],
    [5, { kind: 'power', value_W: 500 }],
    [5, { kind: 'voltage', value_V: 3.9 }],
  ];
  for (let rep = 0; rep < 5; rep++) for (const [dt, c] of profile) checkConservation(pack, dt, c, {}, `step ${c.kind}`);
  // at rest the cells still exchange charge (equalisation) but the net is zero
  step(pack, 1, cur(200));
  checkConservation(pack, 1, REST, {}, 'rest');
  const spread = Math.max(...pack.unitCurrent_A) - Math.min(...pack.unitCurrent_A);
  assert.ok(spread > 1e-3, `rest equalisation currents flow between parallel cells (${spread} A)`);
});

test('charge conservation holds with the balancing bleed on: Σ unit currents = I + V_g/R_bleed', () => {
  const cell = cellOf(params(OXIDE, { selfDischarge_pct_per_month: 0 }));
  const variation: PackVariation = { ...ZERO_VARIATION, capacity_rel_sd: 0.05, resistance_rel_sd: 0.05 };
  const pack = makePack(cell, { np: 4, variation, soc: 0.6, seed: 5 });
  const bleed = 10;
  const sw = new Uint8Array([1]);
  for (const [dt, c] of [
    [1, cur(50)],
    [10, REST],
    [1, cur(-80)],
    [60, REST],
  ] as [number, PackControl][]) {
    checkConservation(pack, dt, c, { balanceSwitch: sw, bleed_ohm: bleed }, 'bleed');
    relClose(pack.balanceCurrent_A[0], pack.groupVoltage_V[0] / bleed, 1e-12, 'bleed current = V_g / R_bleed');
    assert.ok(pack.balanceCurrent_A[0] > 0.3, 'bleed current flows');
  }
  // at rest with the bleed on the group discharges through the resistor
  const z0 = pack.groupSoc(0);
  step(pack, 600, REST, { balanceSwitch: sw, bleed_ohm: bleed });
  assert.ok(pack.groupSoc(0) < z0, 'the bleed discharges the group');
  // switch off → no bleed current
  step(pack, 1, REST);
  assert.equal(pack.balanceCurrent_A[0], 0);
});

test('charge conservation holds with a soft internal short in one parallel cell', () => {
  const cell = cellOf(params(OXIDE, { selfDischarge_pct_per_month: 0 }));
  const variation: PackVariation = { ...ZERO_VARIATION, capacity_rel_sd: 0.05, resistance_rel_sd: 0.05 };
  const pack = makePack(cell, { np: 4, variation, soc: 0.5, temp_K: C0 - 10, seed: 3 });
  // cell 0 is close to the short threshold; a cold 2C charge (far above the CCD) pushes it over
  pack.damage[0] = 0.98;
  const I2C = (-2 * 4 * cell.capacity_As) / 3600;
  for (let k = 0; k < 3 && pack.damage[0] < 1; k++) checkConservation(pack, 1, cur(I2C), {}, 'cold charge');
  assert.ok(pack.damage[0] >= 1, `damage crossed 1 (${pack.damage[0]})`);
  for (let u = 1; u < 4; u++) assert.ok(pack.damage[u] < 1, 'the other cells have no short');
  for (const [dt, c] of [
    [1, REST],
    [1, cur(100)],
    [30, REST],
    [10, cur(-50)],
    [300, REST],
  ] as [number, PackControl][]) {
    checkConservation(pack, dt, c, {}, `short ${c.kind}`);
    assert.ok(pack.shortCurrent_A[0] > 0, 'short current flows in cell 0');
    for (let u = 1; u < 4; u++) assert.equal(pack.shortCurrent_A[u], 0);
  }
});

test('parallel cells do not share equally: the lower-resistance cell carries more current at the start of a pulse', () => {
  const cell = cellOf(params(OXIDE, { selfDischarge_pct_per_month: 0 }));
  const pack = makePack(cell, { np: 3, variation: ZERO_VARIATION, soc: 0.5 });
  // cell 2 is 15 K colder: its solid electrolyte and interfaces conduct worse
  pack.temp_K[2] -= 15;
  const p = pack.modulePressure_Pa[0];
  const r = [0, 1, 2].map((u) => cell.r0_ohm(pack.temp_K[u], p, 0));
  assert.ok(r[2] > 1.5 * r[0], 'cell 2 has the higher series resistance');
  const I = 150;
  step(pack, 0.01, cur(I)); // short first step: the RC branches have not charged yet, the split follows 1/R0
  const i = Array.from(pack.unitCurrent_A);
  assert.ok(i[0] > 1.3 * i[2] && i[1] > 1.3 * i[2], `low-R cells carry more current: ${i.map((x) => x.toFixed(2)).join(', ')} A`);
  relClose(i[0], i[1], 1e-9, 'identical cells share equally');
  // the split is the current divider of the series resistances (± the small RC, OCV-slope and entropic terms)
  const g = r.map((x) => 1 / x);
  const gs = g[0] + g[1] + g[2];
  relClose(i[0], (I * g[0]) / gs, 0.01, 'cell 0 current divider');
  relClose(i[2], (I * g[2]) / gs, 0.02, 'cell 2 current divider');
  // later in the pulse the sharing evolves (RC branches and SoC imbalance redistribute current)
  for (let k = 0; k < 600; k++) step(pack, 1, cur(I));
  const late = Array.from(pack.unitCurrent_A);
  assert.ok(Math.abs(late[2] / I - i[2] / I) > 0.005, 'sharing is solved every step, not fixed');
});

test('interface ageing (ΔASR) reaches the plant resistance at constant temperature', () => {
  // BUG probe: Pack.applyAgeing sets cacheT = NaN "to force a resistance refresh", but the refresh
  // test `Math.abs(T − cacheT) > 0.05` is false for NaN, so an aged ΔASR is only applied once the
  // temperature (or pressure) drifts by more than the cache tolerance.
  const cell = cellOf(params(OXIDE, { selfDischarge_pct_per_month: 0 }));
  const pack = makePack(cell, { np: 3, variation: ZERO_VARIATION, soc: 0.5 });
  pack.ageAsr_ohm_m2[2] = 30e-4; // cell 2 has a thick interphase (30 Ω·cm²)
  step(pack, 300, REST, { contactorsClosed: false }); // ≥ 300 s (the ageing interval): ageing runs and refreshes R0
  const p = pack.modulePressure_Pa[0];
  const r = [0, 1, 2].map((u) => cell.r0_ohm(pack.temp_K[u], p, pack.ageAsr_ohm_m2[u]));
  assert.ok(r[2] > 2 * r[0]);
  step(pack, 0.01, cur(150));
  const i = Array.from(pack.unitCurrent_A);
  assert.ok(i[2] < 0.7 * i[0], `aged cell carries less current: ${i.map((x) => x.toFixed(2)).join(', ')} A`);
});

test('after ageing has run, the plant resistance still follows temperature (Li-ion, no pressure fixture)', () => {
  // BUG probe (same root cause): once applyAgeing has set cacheT = NaN, `Math.abs(T − NaN) > 0.05`
  // is never true, so without a pressure change (Li-ion: fixture 'none') R0, R1, R2 stay frozen at
  // the values of the first minute, whatever the temperature does afterwards.
  const cell = cellOf(params(LIION, { selfDischarge_pct_per_month: 0 }));
  const pack = makePack(cell, { np: 2, variation: ZERO_VARIATION, soc: 0.5 });
  step(pack, 60, REST, { contactorsClosed: false });
  pack.temp_K[1] -= 25; // cell 1 is now at 0 °C: R0 ×≈ 2
  const r0 = cell.r0_ohm(pack.temp_K[0], pack.modulePressure_Pa[0], 0);
  const r1 = cell.r0_ohm(pack.temp_K[1], pack.modulePressure_Pa[0], 0);
  assert.ok(r1 > 1.5 * r0);
  step(pack, 0.01, cur(100));
  const i = Array.from(pack.unitCurrent_A);
  assert.ok(i[0] > 1.3 * i[1], `cold cell carries less current: ${i.map((x) => x.toFixed(2)).join(', ')} A`);
});

// ---------------------------------------------------------------------------------------------
// Energy and thermal balances
// ---------------------------------------------------------------------------------------------

function dischargeRestCharge(pack: Pack, dt: number, cap_As: number, heat = true): void {
  const np = pack.np;
  const seq: [number, PackControl, StepOver][] = [
    [2400, cur((np * cap_As) / 3600), { pumpOn: true, coolingFromPlate_W: heat ? 100 : 0 }], // 1C for 40 min
    [2400, REST, { heaterToPlate_W: heat ? 300 : 0 }], // rest 40 min, plate heater on
    [3600, cur((-0.5 * np * cap_As) / 3600), { solar_W_m2: 500 }], // C/2 charge for 60 min
  ];
  for (const [dur, c, over] of seq) for (let t = 0; t < dur - 1e-9; t += dt) step(pack, dt, c, over);
}

for (const T_C of [25, -10]) {
  for (const dt of [1, 60]) {
    test(`energy balance closes (< 0.05 %) and thermal balance closes (1e-6) for 2s2p, ${T_C} °C, ${dt} s steps, ageing on`, () => {
      const cell = cellOf(OXIDE);
      const pack = makePack(cell, { ns: 2, np: 2, soc: 0.8, temp_K: C0 + T_C, seed: 4 });
      const th0 = pack.thermalEnergy_J();
      dischargeRestCharge(pack, dt, cell.capacity_As);
      const L = pack.ledger;
      assert.ok(L.ageingLoss_J !== 0 || pack.capFadeCal[0] > 0, 'ageing ran');
      assert.ok(pack.capFadeCal[0] > 0 && pack.capFadeCyc[0] > 0, 'calendar and cycle fade accumulated');
      assert.ok(L.packDischarge_J > 1e5 && L.packCharge_J > 1e5, 'the pack was cycled');
      const eb = pack.energyBalance();
      assert.ok(eb.error_pct < 0.05, `energy balance error ${eb.error_pct} %`);
      assert.ok(Math.abs(eb.released_J) > 0, 'stored energy changed');
      const stored = pack.thermalEnergy_J() - th0;
      const inflow = L.electrochemicalHeat_J + L.reactionHeat_J + L.externalHeat_J + L.heaterToPlate_J - L.coolingFromPlate_J - L.toAmbient_J;
      const scale = Math.abs(L.electrochemicalHeat_J) + L.heaterToPlate_J + L.coolingFromPlate_J + Math.abs(L.toAmbient_J);
      assert.ok(L.heaterToPlate_J > 0 && L.coolingFromPlate_J > 0 && L.toAmbient_J !== 0);
      assert.ok(Math.abs(stored - inflow) <= 1e-6 * scale, `thermal balance: stored ${stored} J vs inflow ${inflow} J`);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// §2 Heat
// ---------------------------------------------------------------------------------------------

test('Joule heat scales with I² and the reversible heat changes sign with the current direction', () => {
  const cell = cellOf(params(OXIDE, { selfDischarge_pct_per_month: 0 }));
  const z = 0.3;
  const heatAt = (I: number): number => {
    const pack = makePack(cell, { variation: ZERO_VARIATION, soc: z });
    step(pack, 1, cur(I));
    return pack.unitHeat_W[0];
  };
  const T = C0 + 25;
  const dudt = interpUniform(cell.dUdTTable, z);
  assert.ok(Math.abs(dudt) > 1e-5, 'entropic coefficient is nonzero at this SoC');
  const rev = (I: number) => -I * T * dudt;
  const I = 25;
  const q1 = heatAt(I) - rev(I);
  const q2 = heatAt(2 * I) - rev(2 * I);
  relClose(q2 / q1, 4, 0.002, 'irreversible heat ∝ I²');
  assert.ok(q1 > 0.5 * I * I * cell.r0_ohm(T, cell.params.pressure.initial_MPa * 1e6, 0), 'irreversible heat at least the ohmic part');
  // odd part of the heat in I is the reversible (entropic) heat −I·T·∂U/∂T
  const odd = (heatAt(I) - heatAt(-I)) / 2;
  relClose(odd, rev(I), 1e-6, 'reversible heat −I·T·∂U/∂T');
  assert.ok(Math.sign(rev(I)) !== Math.sign(rev(-I)));
  // with ∂U/∂T < 0 here, discharge releases extra heat and charge absorbs some
  assert.ok(heatAt(I) > heatAt(-I));
});

// ---------------------------------------------------------------------------------------------
// §1 Solid electrolytes, stack pressure
// ---------------------------------------------------------------------------------------------

test('oxide SSB: R0 rises steeply in the cold and the separator part follows the electrolyte Arrhenius ratio', () => {
  const cell = cellOf(OXIDE);
  const p = cell.params.pressure.initial_MPa * 1e6;
  const cold = cell.resistance(C0 - 20, p, 0);
  const warm = cell.resistance(C0 + 25, p, 0);
  assert.ok(cold.total_ohm > 5 * warm.total_ohm, `R0(−20 °C)/R0(25 °C) = ${cold.total_ohm / warm.total_ohm}`);
  const el = ELECTROLYTES[cell.params.separator.electrolyte];
  assert.equal(el.conductivity.kind, 'arrhenius');
  const ea = (el.conductivity as { ea_eV: number }).ea_eV;
  const expected = Math.exp((ea / KB_EV) * (1 / (C0 - 20) - 1 / (C0 + 25)));
  relClose(cold.separator_ohm / warm.separator_ohm, expected, 1e-6, 'separator resistance ratio');
  // separator resistance from geometry: L / (σ·A)
  const sigma25 = (el.conductivity as { sigma_ref_S_m: number }).sigma_ref_S_m;
  relClose(warm.separator_ohm, (cell.params.separator.thickness_um * 1e-6) / (sigma25 * cell.area_m2), 1e-9, 'R_sep = L/(σA)');
  // parts add up
  relClose(warm.total_ohm, warm.separator_ohm + warm.cathodeIonic_ohm + warm.anodeInterface_ohm + warm.cathodeInterface_ohm + warm.contacts_ohm, 1e-12, 'R0 = Σ parts');
  relClose(cell.r0_ohm(C0 - 20, p, 0), cold.total_ohm, 3e-4, 'r0_ohm (tabulated hot path) matches the breakdown');
});

test('stack pressure is a state: fixed-gap pressure rises on charge; constant-pressure fixture holds it', () => {
  const cell = cellOf(OXIDE);
  const pack = makePack(cell, { variation: ZERO_VARIATION, soc: 0.1 });
  const p01 = pack.modulePressure_Pa[0];
  const I = (-0.25 * cell.capacity_As) / 3600; // C/4 charge: below the CCD at 25 °C
  while (pack.soc[0] < 0.9) step(pack, 20, cur(I));
  assert.equal(pack.damage[0], 0);
  const p09 = pack.modulePressure_Pa[0];
  assert.ok(p09 > p01 + 0.5e6, `pressure rose from ${p01} to ${p09} Pa`);
  const pr = cell.params.pressure;
  const expected = pr.stiffness_MPa_per_mm * 1e6 * (cell.thicknessGrowth_m(pack.soc[0]) - cell.thicknessGrowth_m(0.1)) * 1e3;
  relClose(p09 - p01, expected, 1e-6, 'Δp = stiffness · Δthickness');
  // Li plating (4.85 µm per mAh/cm²) drives the rise; the NMC cathode contracts a little on charge
  const liOnly = pr.stiffness_MPa_per_mm * 1e6 * (pack.soc[0] - 0.1) * cell.params.geometry.layers * cell.params.cathode.loading_mAh_cm2 * 4.85e-6 * 1e3;
  assert.ok(p09 - p01 > 0.5 * liOnly && p09 - p01 < 1.05 * liOnly, `Li plating thickness drives the rise (${p09 - p01} Pa vs Li alone ${liOnly} Pa)`);
  // discharge brings it back down
  while (pack.soc[0] > 0.1) step(pack, 20, cur(-I));
  assert.ok(Math.abs(pack.modulePressure_Pa[0] - p01) < 0.02 * p01 + 0.02e6, 'pressure falls back on discharge');

  const cpCell = cellOf(params(OXIDE, { pressure: { fixture: 'constant-pressure' } }));
  const cp = makePack(cpCell, { variation: ZERO_VARIATION, soc: 0.1 });
  const pc0 = cp.modulePressure_Pa[0];
  assert.equal(pc0, cpCell.params.pressure.initial_MPa * 1e6);
  while (cp.soc[0] < 0.9) step(cp, 20, cur(I));
  assert.equal(cp.modulePressure_Pa[0], pc0);
});

test('lower stack pressure → higher interface resistance; below the contact-loss pressure it rises faster than the power law', () => {
  const cell = cellOf(OXIDE);
  const T = C0 + 25;
  const ai = cell.anodeInterface;
  const R = (p: number) => cell.resistance(T, p, 0).anodeInterface_ohm;
  assert.ok(R(0.5e6) > R(1e6) && R(1e6) > R(3e6), 'monotonic in pressure');
  // above contact loss: pure power law
  relClose(R(0.5e6) / R(1e6), Math.pow(1e6 / 0.5e6, ai.pressureExponent), 1e-9, 'power law above contact loss');
  // below contact loss: more than the power law
  const pLow = 0.5 * ai.contactLoss_Pa;
  const powerLaw = Math.pow(ai.pressure_ref_Pa / pLow, ai.pressureExponent);
  const ratio = R(pLow) / R(ai.pressure_ref_Pa);
  assert.ok(ratio > 1.3 * powerLaw, `contact loss: ratio ${ratio} vs power law ${powerLaw}`);
  // the plant sees it: a pack whose stack lifted off has a higher series resistance
  const pack = makePack(cell, { variation: ZERO_VARIATION, soc: 0.5 });
  const hot = (p: number) => cell.r0_ohm(T, p, 0);
  assert.ok(hot(0.05e6) > 1.5 * hot(pack.modulePressure_Pa[0]));
});

// ---------------------------------------------------------------------------------------------
// §4 Filaments and soft shorts
// ---------------------------------------------------------------------------------------------

test('filaments: 2C charge of a Li-metal SSB at −10 °C accumulates damage; 0.2C at 25 °C does not', () => {
  const cell = cellOf(OXIDE);
  const oneC = cell.capacity_As / 3600;
  const cold = makePack(cell, { variation: ZERO_VARIATION, soc: 0.2, temp_K: C0 - 10 });
  for (let k = 0; k < 20; k++) step(cold, 1, cur(-2 * oneC));
  assert.ok(cold.damage[0] > 0.05, `cold fast charge damage ${cold.damage[0]}`);
  const warm = makePack(cell, { variation: ZERO_VARIATION, soc: 0.2, temp_K: C0 + 25 });
  for (let k = 0; k < 600; k++) step(warm, 1, cur(-0.2 * oneC));
  assert.equal(warm.damage[0], 0);
  // discharge (stripping) never adds damage
  const dis = makePack(cell, { variation: ZERO_VARIATION, soc: 0.8, temp_K: C0 - 10 });
  for (let k = 0; k < 20; k++) step(dis, 1, cur(2 * oneC));
  assert.equal(dis.damage[0], 0);
});

test('filaments: once damage ≥ 1 a soft short appears; the shorted cell self-discharges faster than its neighbour', () => {
  const cell = cellOf(OXIDE);
  const oneC = cell.capacity_As / 3600;
  // 1s1p: keep charging cold until the short appears
  const one = makePack(cell, { variation: ZERO_VARIATION, soc: 0.2, temp_K: C0 - 10 });
  let k = 0;
  while (one.damage[0] < 1 && k++ < 600) {
    step(one, 1, cur(-2 * oneC));
    if (one.damage[0] < 1) assert.equal(one.shortCurrent_A[0], 0, 'no short below damage 1');
  }
  assert.ok(one.damage[0] >= 1, 'damage reached 1');
  step(one, 10, REST, { contactorsClosed: false });
  assert.ok(one.shortCurrent_A[0] > 0, `short current at rest ${one.shortCurrent_A[0]} A`);

  // 2s1p: cell 0 pre-damaged to just below the threshold, a brief cold charge tips it over
  const pack = makePack(cell, { ns: 2, variation: ZERO_VARIATION, soc: 0.5, temp_K: C0 - 10 });
  pack.damage[0] = 0.95;
  for (let j = 0; j < 5; j++) step(pack, 1, cur(-2 * oneC));
  assert.ok(pack.damage[0] >= 1 && pack.damage[1] < 1);
  const z0 = [pack.soc[0], pack.soc[1]];
  for (let j = 0; j < 60; j++) step(pack, 60, REST, { contactorsClosed: false });
  assert.ok(pack.shortCurrent_A[0] > 0 && pack.shortCurrent_A[1] === 0);
  const d0 = z0[0] - pack.soc[0];
  const d1 = z0[1] - pack.soc[1];
  assert.ok(d0 > 0 && d0 > 10 * Math.max(d1, 1e-9), `shorted cell lost ${d0}, neighbour ${d1} of SoC in 1 h`);
  // the short heats the cell
  assert.ok(pack.unitHeat_W[0] > pack.unitHeat_W[1]);
});

// ---------------------------------------------------------------------------------------------
// §3 Ageing
// ---------------------------------------------------------------------------------------------

function calendarFade(cell: CellModel, T_K: number, days: number, dt: number, soc = 0.5): number {
  const pack = makePack(cell, { variation: ZERO_VARIATION, soc, temp_K: T_K });
  const end = days * 86400;
  while (pack.time_s < end - 1e-6) step(pack, Math.min(dt, end - pack.time_s), REST, { contactorsClosed: false, ambient_K: T_K });
  assert.ok(Math.abs(pack.soc[0] - soc) < 1e-9, 'SoC constant (no self-discharge)');
  return pack.capFadeCal[0];
}

test('Li-ion calendar fade at the SoC held: Schmalstieg et al. 2014 at 50 % and 90 % SoC after a year at 25 °C', () => {
  const cell = cellOf(params(LIION, { selfDischarge_pct_per_month: 0 }));
  const days = 365.25;
  // Schmalstieg et al., J. Power Sources 257 (2014) 325: 1 − C/C0 = α·t^0.75 (t in days),
  // α = (7.543·V − 23.75)·10⁶·exp(−6976/T), V the storage voltage (here the OCV held at 25 °C)
  const schmalstieg = (soc: number) => (7.543 * interpUniform(cell.ocvTable, soc) - 23.75) * 1e6 * Math.exp(-6976 / (C0 + 25)) * days ** 0.75;
  const f50 = calendarFade(cell, C0 + 25, days, 6 * 3600, 0.5);
  const f90 = calendarFade(cell, C0 + 25, days, 6 * 3600, 0.9);
  relClose(f50, schmalstieg(0.5), 0.005, 'one year at 50 % SoC');
  relClose(f90, schmalstieg(0.9), 0.005, 'one year at 90 % SoC');
  assert.ok(f90 > 1.5 * f50, `held at 90 % fades faster: ${(100 * f90).toFixed(2)} % vs ${(100 * f50).toFixed(2)} % at 50 %`);
});

test('ageing laws are not extrapolated to runaway temperatures: a cell at 330 °C for 10 min ages as at 100 °C', () => {
  const cell = cellOf(params(LIION, { selfDischarge_pct_per_month: 0 }));
  const hot = makePack(cell, { variation: ZERO_VARIATION, soc: 0.5, temp_K: C0 + 330 });
  for (let j = 0; j < 60; j++) step(hot, 10, REST, { contactorsClosed: false, ambient_K: C0 + 330 });
  // at 100 °C the 58 kJ/mol Arrhenius factor is ≈ 108 against 25 °C: 2.43 %/√yr × 108 × √(600 s / 1 yr) ≈ 1.1 %
  // (uncapped at 330 °C it would be ≈ 3·10⁴ and fade more than the whole capacity)
  assert.ok(hot.capFadeCal[0] > 0.005 && hot.capFadeCal[0] < 0.03, `calendar fade ${hot.capFadeCal[0]}`);
});

test('calendar fade: Arrhenius in T, √t in time, independent of the step size', () => {
  const cell = cellOf(params(OXIDE, { selfDischarge_pct_per_month: 0 }));
  const f25 = calendarFade(cell, C0 + 25, 365, 3600);
  const f45 = calendarFade(cell, C0 + 45, 365, 3600);
  assert.ok(f45 > f25, 'faster at 45 °C');
  const ea = cell.params.ageing.calendarEa_kJ_mol * 1e3;
  relClose(f45 / f25, Math.exp((ea / R_GAS) * (1 / (C0 + 25) - 1 / (C0 + 45))), 0.01, 'Arrhenius ratio 45/25 °C');
  // 1.5 %/yr at 25 °C and SoC 0.5 (the parameter's definition)
  relClose(f25, (cell.params.ageing.calendarFade_pct_at_1yr_25C / 100) * Math.sqrt((365 * 86400) / (365.25 * 86400)), 0.01, 'fade after one year');
  const f4y = calendarFade(cell, C0 + 25, 4 * 365, 3600);
  relClose(f4y / f25, 2, 0.01, '√t: 4 years = 2 × 1 year');
  const a = calendarFade(cell, C0 + 35, 30, 60);
  const b = calendarFade(cell, C0 + 35, 30, 3600);
  relClose(a, b, 1e-6, '60 s vs 3600 s steps');
});

// ---------------------------------------------------------------------------------------------
// §5 Runaway
// ---------------------------------------------------------------------------------------------

function heatThenRelease(cell: CellModel, target_K: number, after_s: number, thermal: Partial<PackConfig['thermal']> = {}, dt = 1) {
  const pack = makePack(cell, { variation: ZERO_VARIATION, soc: 0.5, temp_K: C0 + 25, thermal });
  const amb = C0 + 25;
  const ext = new Float64Array([1500]);
  let guard = 0;
  while (pack.temp_K[0] < target_K && guard++ < 10000) step(pack, 1, REST, { contactorsClosed: false, ambient_K: amb, externalHeat_W: ext });
  const tStop = pack.temp_K[0];
  let tMax = tStop;
  for (let t = 0; t < after_s; t += dt) {
    step(pack, dt, REST, { contactorsClosed: false, ambient_K: amb });
    tMax = Math.max(tMax, pack.temp_K[0]);
  }
  return { tStop, tMax, tEnd: pack.temp_K[0], pack };
}

test('runaway: a cell heated well above onset keeps self-heating after the heat stops; below onset it cools', () => {
  const cell = cellOf(LIION);
  const onset = cell.runaway.onset_K;
  // with the pack's cooling paths (≈ 1 K/min at 100 K above ambient) the 0.02 K/min ARC onset rate
  // needs ≈ 60 K of margin before self-heating outruns the losses
  const above = heatThenRelease(cell, onset + 60, 1800);
  assert.ok(above.tMax > above.tStop + 200, `self-heating: ${above.tStop - C0} °C at heat-off → max ${above.tMax - C0} °C`);
  const below = heatThenRelease(cell, onset - 20, 1800);
  assert.ok(below.tMax < below.tStop + 0.5, 'no self-heating below onset');
  assert.ok(below.tEnd < below.tStop - 5, `the cell cools below onset (${below.tStop - C0} → ${below.tEnd - C0} °C)`);
  // released heat is bounded by the reactant inventory and matches the consumed reactant
  const maxHeat = cell.runaway.totalHeat_J_kg * cell.mass_kg;
  const L = above.pack.ledger;
  assert.ok(L.reactionHeat_J <= maxHeat * (1 + 1e-12), `${L.reactionHeat_J} ≤ ${maxHeat}`);
  // released + carried out unreacted by the ejecta ≤ the inventory (the short's heat scales with SoC 0.5 here)
  assert.ok(L.reactionHeat_J + L.ejectedReactant_J <= maxHeat * (1 + 1e-12), 'released + ejected ≤ inventory');
  assert.ok(above.pack.reactant[0] < 0.01 && L.ejectedReactant_J > 0, 'the reactant was consumed or ejected');
  assert.ok(L.reactionHeat_J > 0.5 * maxHeat, `most of the heat was released in the cell: ${L.reactionHeat_J} of ${maxHeat} J`);
  assert.ok(below.pack.ledger.reactionHeat_J < 0.01 * maxHeat);
  assert.ok(L.externalHeat_J > 0);
});

test('runaway onset is the ARC self-heating threshold: adiabatic cell self-heats above onset, not far below it', () => {
  const cell = cellOf(LIION);
  const onset = cell.runaway.onset_K;
  const adiabatic = { cellToAmbient_W_m2K: 0, plateContactStagnant_W_m2K: 0, plateContactFlowing_W_m2K: 0 };
  // rate at onset is 0.02 K/min; 10 K above it is ≈ e^(Ea/RT²·10) ≈ 2.7× that → > 2 K in an hour
  const above = heatThenRelease(cell, onset + 10, 3600, adiabatic, 10);
  assert.ok(above.tEnd > above.tStop + 2, `adiabatic self-heating above onset: +${above.tEnd - above.tStop} K in 1 h`);
  const below = heatThenRelease(cell, onset - 30, 3600, adiabatic, 10);
  assert.ok(below.tEnd - below.tStop < 0.2, `negligible below onset: +${below.tEnd - below.tStop} K in 1 h`);
  assert.ok(below.tEnd >= below.tStop, 'no losses, no cooling');
  // an oxide SSB at the Li-ion's onset does not self-heat at all (onset 247 °C, far higher)
  const ssb = cellOf(OXIDE);
  assert.ok(ssb.runaway.onset_K > onset + 100);
  assert.ok(ssb.runaway.totalHeat_J_kg * ssb.mass_kg < 0.5 * cell.runaway.totalHeat_J_kg * cell.mass_kg, 'SSB releases a fraction of the liquid cell heat');
  const ssbHeld = heatThenRelease(ssb, onset + 10, 3600, adiabatic, 10);
  assert.equal(ssbHeld.pack.ledger.reactionHeat_J, 0);
  assert.ok(ssbHeld.tEnd - ssbHeld.tStop < 0.05, 'only the tiny self-discharge heat');
});

// ---------------------------------------------------------------------------------------------
// §8 Invalid states raise
// ---------------------------------------------------------------------------------------------

test('over-discharge with protection bypassed raises a NumericalError naming the cell and soc', () => {
  const cell = cellOf(OXIDE);
  const pack = makePack(cell, { ns: 2, np: 2, soc: 0.05 });
  const I = (2 * 2 * cell.capacity_As) / 3600; // 2C
  assert.throws(
    () => {
      for (let k = 0; k < 10000; k++) step(pack, 10, cur(I));
    },
    (e: unknown) => {
      assert.ok(e instanceof NumericalError, `NumericalError expected, got ${String(e)}`);
      assert.match(e.message, /cell #\d+ \(series \d, parallel \d\)/);
      assert.match(e.message, /\bsoc\b/);
      assert.match(e.message, /t = \d+/);
      return true;
    },
  );
});

test('no silent NaN: a non-finite heat input raises a NumericalError naming the cell and the quantity', () => {
  const cell = cellOf(OXIDE);
  for (const bad of [NaN, Infinity]) {
    const pack = makePack(cell, { ns: 2, np: 2, soc: 0.5 });
    const ext = new Float64Array(pack.nUnits);
    ext[3] = bad;
    assert.throws(
      () => step(pack, 1, REST, { externalHeat_W: ext }),
      (e: unknown) => e instanceof NumericalError && /cell #3/.test(e.message) && /externalHeat_W/.test(e.message),
      `external heat ${bad} must raise`,
    );
  }
  const pack = makePack(cell, { ns: 2, np: 2, soc: 0.5 });
  assert.throws(() => step(pack, 1, cur(NaN)), NumericalError);
  assert.throws(() => step(pack, 0, REST), NumericalError);
});

// ---------------------------------------------------------------------------------------------
// §6 Fixture mass
// ---------------------------------------------------------------------------------------------

test('fixture mass grows with pressure (plates ∝ √p), is zero without a fixture; pack mass = cells + fixture + housing', () => {
  const A = 0.03;
  // end plates: t = b·√(β·p/σ_allow), mass 2·A·t·ρ_Al (Roark, β = 0.2874, σ = 184 MPa)
  const plates = (p: number) => 2 * A * Math.sqrt(A) * Math.sqrt((0.2874 * p) / 184e6) * 2700;
  const m1 = moduleFixtureMass_kg(1e6, A, 0);
  const m4 = moduleFixtureMass_kg(4e6, A, 0);
  assert.ok(m1 > 0 && m4 > m1);
  relClose(m1, plates(1e6), 0.02, 'plates dominate at 1 MPa');
  assert.ok(m1 >= plates(1e6), 'tie rods add mass');
  // at low pressure (rods negligible) the mass goes as √p
  relClose(moduleFixtureMass_kg(4e4, A, 0) / moduleFixtureMass_kg(1e4, A, 0), 2, 0.002, 'plate mass ∝ √p');
  assert.ok(m4 / m1 > 2, 'rods grow faster than √p');
  assert.ok(moduleFixtureMass_kg(10e6, A, 0.2) > moduleFixtureMass_kg(10e6, A, 0.1), 'longer tie rods weigh more');
  assert.equal(moduleFixtureMass_kg(0, A, 0.1), 0);
  const liion = cellOf(LIION);
  assert.equal(liion.params.pressure.fixture, 'none');
  assert.equal(fixtureMass_kg(liion, 24, 4), 0);
  const ssb = cellOf(OXIDE);
  const sulf = cellOf('ssb-sulfide-lpscl-nmc811');
  assert.ok(fixtureMass_kg(sulf, 24, 1) > fixtureMass_kg(ssb, 24, 1), 'higher-pressure sulfide needs a heavier fixture');
  const housing = 12.5;
  const pack = makePack(ssb, { ns: 4, np: 2, gpm: 2, housing_kg: housing });
  assert.ok(pack.fixtureMass_kg > 0);
  relClose(pack.fixtureMass_kg, fixtureMass_kg(ssb, 2 * 2, 2), 1e-12, 'two modules of 4 cells');
  relClose(pack.mass_kg, ssb.mass_kg * 8 + pack.fixtureMass_kg + housing, 1e-12, 'pack mass');
  const lp = makePack(liion, { ns: 4, np: 2, housing_kg: housing });
  assert.equal(lp.fixtureMass_kg, 0);
  relClose(lp.mass_kg, liion.mass_kg * 8 + housing, 1e-12, 'Li-ion pack mass');
});

test('segments: non-uniform contact makes a local CCD exceedance and non-uniform heat while the cell average is below the CCD', () => {
  const cell = cellOf(OXIDE);
  const variation = { ...ZERO_VARIATION, segmentContact_rel_sd: 0.3 };
  const seg = makePack(cell, { nseg: 4, soc: 0.3, variation, seed: 5 });
  const uniform = makePack(cell, { nseg: 1, soc: 0.3, variation: ZERO_VARIATION });
  // charge at 85 % of the cell-average CCD
  let ccdMean = 0;
  for (let u = 0; u < seg.nUnits; u++) ccdMean += seg.ccd[u] / seg.nUnits;
  const I = -0.85 * ccdMean * cell.area_m2;
  for (let k = 0; k < 300; k++) {
    step(seg, 1, cur(I));
    step(uniform, 1, cur(I));
    let sum = 0;
    for (let u = 0; u < seg.nUnits; u++) sum += seg.unitCurrent_A[u];
    relClose(sum, I, 1e-9, 'segment currents add up to the cell current');
  }
  const d = Array.from(seg.damage);
  assert.equal(uniform.damage[0], 0, 'a uniform cell below its CCD grows no filaments');
  assert.ok(Math.max(...d) > 0, `the best-contact segment exceeds the CCD locally: damage ${d.map((x) => x.toExponential(2)).join(', ')}`);
  assert.ok(Math.min(...d) === 0, 'segments with poorer contact stay below the CCD');
  const j = Array.from(seg.unitCurrent_A).map((x, u) => -x / seg.unitArea_m2[u]);
  assert.ok(Math.max(...j) > 1.1 * Math.min(...j), `current density differs between segments: ${j.map((x) => x.toFixed(2)).join(', ')} A/m²`);
  const q = Array.from(seg.unitHeat_W);
  // (at ≈ 0.3C the endothermic reversible heat, ∝ |I|, is comparable to Joule heat, so the
  // highest-current segment need not be the largest heat source; the heat is non-uniform all the same)
  assert.ok(Math.max(...q) > 1.05 * Math.min(...q), `local heat differs: ${q.map((x) => x.toFixed(3)).join(', ')} W`);
});

test('a heater powered by the pack gets only the share of its demand the pack delivers: none with the contactors open, half at a limit of half the current', () => {
  const power: PackControl = { kind: 'power', value_W: 400 };
  const heat = { heaterToPlate_W: 300, thermalFromPack: true };
  // contactors open: no current, no heat into the plate
  const open = makePack(cellOf(LIION), { ns: 2, variation: ZERO_VARIATION });
  const r0 = step(open, 10, power, { ...heat, contactorsClosed: false });
  assert.equal(r0.current_A, 0);
  assert.equal(r0.powerFraction, 0);
  assert.equal(open.ledger.heaterToPlate_J, 0);
  // contactors closed, no limit: all of it
  const full = makePack(cellOf(LIION), { ns: 2, variation: ZERO_VARIATION });
  const r1 = step(full, 10, power, heat);
  assert.equal(r1.powerFraction, 1);
  relClose(full.ledger.heaterToPlate_J, 3000, 1e-12, 'heat with full power');
  // the BMS allows half the current: the delivered fraction of the demand, P = V·I_limit
  const half = makePack(cellOf(LIION), { ns: 2, variation: ZERO_VARIATION });
  const r2 = step(half, 10, power, { ...heat, dischargeLimit_A: r1.current_A / 2 });
  assert.ok(r2.limited);
  const f = (r2.current_A * r2.voltage_V) / 400;
  relClose(r2.powerFraction, f, 1e-12, 'delivered fraction');
  assert.ok(f > 0.45 && f < 0.55, `fraction ${f}`);
  relClose(half.ledger.heaterToPlate_J, 3000 * f, 1e-12, 'heat at half the current');
  // powered from elsewhere (the wall, a lab supply): the plate gets the heat even with the contactors open
  const wall = makePack(cellOf(LIION), { ns: 2, variation: ZERO_VARIATION });
  step(wall, 10, REST, { heaterToPlate_W: 300, contactorsClosed: false });
  relClose(wall.ledger.heaterToPlate_J, 3000, 1e-12, 'heat from the wall');
});
