/**
 * Active (converter) balancing in the plant: charge conservation per group, the converters' power
 * balance, the moved/loss ledger and the analytic gap-closing time of a 2-group pack.
 *
 * Analytic case: with a cell-to-pack converter, group a discharged at s_a and the string current
 * r returned to EVERY group, group g's charge changes as dq_g/dt = −(s_g − r) (plus the load,
 * common to all). The difference between two groups therefore closes as
 *     d(q_a − q_b)/dt = −(s_a − s_b),   t_close = ΔQ / (s_a − s_b),
 * independent of η and of the string length; η sets only the string's loss: r·Σ_g V_g = η·V_a·s_a
 * (source) or r·Σ V_g = −V_b·|s_b|/η (sink), i.e. r ≈ η·s_a/N for N equal groups.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pack, DEFAULT_PACK_THERMAL, restStepInput, type PackControl, type PackStepInput, type PackVariation } from './pack.js';
import { buildCellModel, validateCellParams, type CellModel } from '../physics/cell.js';
import { CELL_PRESETS } from '../design/presets.js';
import { Rng } from '../numerics/rng.js';

const ZERO: PackVariation = { capacity_rel_sd: 0, resistance_rel_sd: 0, initialSoc_sd: 0, selfDischarge_rel_sd: 0, segmentContact_rel_sd: 0 };

function cellNoSelfDischarge(): CellModel {
  const p = structuredClone(CELL_PRESETS['ssb-oxide-llzo-nmc811']) as unknown as Record<string, unknown>;
  p.selfDischarge_pct_per_month = 0;
  return buildCellModel(validateCellParams(p, 'test'));
}

function makePack(cell: CellModel, ns: number, np: number, variation: PackVariation, soc: number, seed = 1): Pack {
  return new Pack(
    cell,
    { seriesCount: ns, parallelCount: np, segmentsPerCell: 1, groupsPerModule: ns, initialSoc: soc, initialTemp_K: 298.15, variation, thermal: DEFAULT_PACK_THERMAL, housingMass_kg: 0 },
    new Rng(seed),
  );
}

function step(pack: Pack, dt: number, control: PackControl, over: Partial<PackStepInput>) {
  return pack.step({
    ...restStepInput(pack.time_s, dt, 298.15),
    control,
    dischargeLimit_A: Infinity,
    chargeLimit_A: Infinity,
    contactorsClosed: true,
    ...over,
  });
}

/** Charge of group g [A·s] (present, faded capacity × SoC). */
function groupCharge(p: Pack, g: number): number {
  const per = p.np * p.nseg;
  let q = 0;
  for (let u = g * per; u < (g + 1) * per; u++) q += p.capacity_As(u) * p.soc[u];
  return q;
}

/** Charge that left group g's cells over the last step [A·s] (no shorts, no self-discharge here). */
function chargeOut(p: Pack, g: number, dt: number): number {
  const per = p.np * p.nseg;
  let i = 0;
  for (let u = g * per; u < (g + 1) * per; u++) i += p.unitCurrent_A[u];
  return i * dt;
}

const REST: PackControl = { kind: 'rest' };

test('2 groups, active cell-to-pack: the charge gap closes in exactly ΔQ / I_bal; string return current r·ΣV = η·V_a·I_bal', () => {
  const cell = cellNoSelfDischarge();
  const eta = 0.9;
  for (const dir of ['source', 'sink'] as const) {
    const pack = makePack(cell, 2, 1, ZERO, 0.5);
    pack.soc[0] = 0.6; // group 0 holds 10 % of its capacity more than group 1
    step(pack, 1e-3, REST, { contactorsClosed: false });
    const dQ = groupCharge(pack, 0) - groupCharge(pack, 1);
    const Q = pack.capacity_As(0);
    assert.ok(Math.abs(dQ - 0.1 * Q) < 1e-9 * Q);
    const I_bal = dQ / 3600; // closes in one hour
    const s = dir === 'source' ? new Float64Array([I_bal, 0]) : new Float64Array([0, -I_bal]);
    // charges tracked from the cell currents (calendar fade changes capacity × SoC every 300 s)
    const q = [groupCharge(pack, 0), groupCharge(pack, 1)];
    const q0start = q[0] + q[1];
    // the SoC was set after construction: the enthalpy balance starts here
    const L = pack.ledger;
    const acc = () => L.terminalCells_J + L.electrochemicalHeat_J + L.capacitor_J + L.ageingLoss_J;
    const h0 = pack.storedEnthalpy_J();
    const acc0 = acc();
    const term0 = L.terminalCells_J;
    let rInt = 0;
    let moved = 0;
    const dt = 10;
    for (let k = 1; k <= 360; k++) {
      step(pack, dt, REST, { contactorsClosed: false, balanceCurrent_A: s, balanceEfficiency: eta });
      q[0] -= chargeOut(pack, 0, dt);
      q[1] -= chargeOut(pack, 1, dt);
      const gap = q[0] - q[1];
      assert.ok(Math.abs(gap - (dQ - I_bal * k * dt)) < 1e-9 * dQ, `${dir}: gap after ${k * dt} s: ${gap} vs ${dQ - I_bal * k * dt}`);
      const [V0, V1] = pack.groupVoltage_V;
      const r = pack.balanceReturn_A;
      const expectedPower = dir === 'source' ? eta * V0 * I_bal : -(V1 * I_bal) / eta;
      assert.ok(Math.abs(r * (V0 + V1) - expectedPower) < 1e-12 * Math.abs(expectedPower), `${dir}: power balance`);
      rInt += r * dt;
      moved += (dir === 'source' ? V0 : V1 / eta) * I_bal * dt;
    }
    assert.ok(Math.abs(q[0] - q[1]) < 1e-9 * dQ, `${dir}: balanced after ΔQ/I_bal`);
    assert.ok(Math.abs(pack.groupSoc(0) - pack.groupSoc(1)) < 1e-4, `${dir}: SoCs equal (up to the calendar fade): ${pack.groupSoc(0)} vs ${pack.groupSoc(1)}`);
    // total charge: the sources lose Σs·t, every group gets r back
    const qEnd = q[0] + q[1];
    const sSum = s[0] + s[1];
    assert.ok(Math.abs(qEnd - (q0start - sSum * 3600 + 2 * rInt)) < 1e-9 * Q, `${dir}: string charge`);
    // source: r ≈ η·I_bal/2 (equal voltages); the pack loses (1 − η)·I_bal·t of charge approximately
    if (dir === 'source') assert.ok(Math.abs(rInt / 3600 - (eta * I_bal) / 2) < 0.01 * I_bal, `r ≈ η·I/2: ${rInt / 3600} vs ${(eta * I_bal) / 2}`);
    else assert.ok(Math.abs(rInt / 3600 + I_bal / eta / 2) < 0.01 * I_bal, `r ≈ −I/(2η): ${rInt / 3600}`);
    // ledger: moved by construction, loss = (1 − η)·moved, the cells' enthalpy balance still closes
    assert.ok(Math.abs(L.balancingMoved_J - moved) < 1e-9 * moved, `moved ${L.balancingMoved_J} vs ${moved}`);
    assert.ok(Math.abs(L.balancingLoss_J - (1 - eta) * L.balancingMoved_J) < 1e-12 * moved, 'loss = (1 − η)·moved');
    const released = h0 - pack.storedEnthalpy_J();
    const accounted = acc() - acc0;
    assert.ok(Math.abs(released - accounted) < 1e-6 * L.throughput_J, `cell energy balance: released ${released} J, accounted ${accounted} J`);
    // with no load the energy that left the cells at their terminals is the converter loss
    const term = L.terminalCells_J - term0;
    assert.ok(Math.abs(term - L.balancingLoss_J) < 1e-3 * L.balancingLoss_J, `terminal ${term} J vs loss ${L.balancingLoss_J} J`);
  }
});

test('active balancing under load: Σ unit currents of group g = I + s_g − r, power balance, ledger identity', () => {
  const cell = cellNoSelfDischarge();
  const variation: PackVariation = { ...ZERO, capacity_rel_sd: 0.05, resistance_rel_sd: 0.05, initialSoc_sd: 0.02 };
  const pack = makePack(cell, 4, 3, variation, 0.6, 7);
  const eta = 0.85;
  const s = new Float64Array([3, 0, -2, 1.5]);
  const profile: [number, PackControl][] = [
    [1, { kind: 'current', value_A: 100 }],
    [10, REST],
    [1, { kind: 'current', value_A: -60 }],
    [1, { kind: 'power', value_W: 3000 }],
    [1, { kind: 'voltage', value_V: 4 * 3.7 }],
    [300, REST],
  ];
  let movedExp = 0;
  let termVsLoss = 0;
  for (let rep = 0; rep < 5; rep++) {
    for (const [dt, c] of profile) {
      const res = step(pack, dt, c, { balanceCurrent_A: s, balanceEfficiency: eta });
      const I = res.current_A;
      const r = pack.balanceReturn_A;
      let vs = 0;
      let pw = 0;
      for (let g = 0; g < 4; g++) {
        let sum = 0;
        for (let u = g * 3; u < (g + 1) * 3; u++) sum += pack.unitCurrent_A[u];
        const expect = I + s[g] - r;
        assert.ok(Math.abs(sum - expect) < 1e-9 * Math.max(1, Math.abs(expect)), `group ${g}: Σ unit currents ${sum} vs ${expect} (${c.kind})`);
        const V = pack.groupVoltage_V[g];
        vs += V;
        pw += s[g] > 0 ? eta * s[g] * V : s[g] < 0 ? (s[g] * V) / eta : 0;
        movedExp += (s[g] > 0 ? s[g] * V : s[g] < 0 ? (-s[g] * V) / eta : 0) * dt;
        termVsLoss += V * (s[g] - r) * dt;
      }
      assert.ok(Math.abs(r * vs - pw) < 1e-9 * Math.abs(pw), `power balance (${c.kind})`);
      if (c.kind === 'power') assert.ok(Math.abs(I * res.voltage_V - 3000) < 1e-3, `power control still met: ${I * res.voltage_V} W`);
    }
  }
  const L = pack.ledger;
  assert.ok(Math.abs(L.balancingMoved_J - movedExp) < 1e-9 * movedExp);
  assert.ok(Math.abs(L.balancingLoss_J - (1 - eta) * movedExp) < 1e-9 * movedExp);
  // the energy the groups give up to the converters net of what comes back equals the loss
  assert.ok(Math.abs(termVsLoss - L.balancingLoss_J) < 1e-9 * L.balancingLoss_J, `Σ V_g·(s_g − r)·dt ${termVsLoss} vs loss ${L.balancingLoss_J}`);
  assert.ok(pack.energyBalance().error_pct < 1e-3, `energy balance ${pack.energyBalance().error_pct} %`);
});
