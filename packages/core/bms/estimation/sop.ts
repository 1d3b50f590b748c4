/**
 * State of power / state of function: the constant charge and discharge current (and power) a
 * series group — then the pack — can sustain for the next Δt seconds without leaving the voltage
 * window, the SoC range or the current limits.
 *
 * Prediction (HPPC-style, Plett, J. Power Sources 134 (2004) 277, "method 3" with the exact RC
 * exponentials): for a constant current I (positive on discharge) held over Δt from the present
 * state (SoC z, RC-branch voltages v1, v2), the terminal voltage at the end of the horizon is
 *
 *   V(Δt) = OCV(z − I·Δt/Q, T) − R0·I − Σ_j [ v_j·e_j + R_j·(1 − e_j)·I ],   e_j = exp(−Δt/τ_j)
 *
 * With OCV linearised in SoC about z (slope k = ∂OCV/∂z·Δt/Q, the same linearisation the plant
 * uses over a step) this is linear in I: V = A − B·I with
 *   A = OCV(z, T) − v1·e1 − v2·e2,   B = R0 + R1·(1 − e1) + R2·(1 − e2) + k.
 * As in the reference, the limit is put on the end-of-horizon voltage (the extreme over the
 * horizon when the branches start relaxed or below their new steady state; when they start above
 * it — just after a heavier pulse of the same sign — the extreme lies at the start and is not
 * constrained here). The voltage-limited currents are the closed forms
 *   I_dis = (A − vMin)/B,   I_chg = (vMax − A)/B   (charge as a magnitude),
 * then bounded by the SoC range (I_dis ≤ z·Q/Δt, I_chg ≤ (1 − z)·Q/Δt) and the current caps
 * (protection limit, the charge controller's temperature derate and CCD limit). Power is the
 * current times the end-of-horizon voltage at that current, P = I·(A − B·I) (the smallest
 * terminal power over the horizon for a discharge: conservative).
 *
 * Groups in parallel (the truth side, units of different state) combine exactly for this linear
 * form: A_g = Σ(A_u/B_u)/Σ(1/B_u), B_g = 1/Σ(1/B_u) — see `Pack.groupHorizonThevenin`.
 *
 * The pack's limits: the pack current is the group current, so I_pack = min over groups, and
 * P_pack = I_pack · Σ_g (A_g − B_g·I_pack).
 *
 * Allocation-free: the caller passes reused `SopResult` objects.
 */
import { InputError } from '../../errors.js';

/** The standard horizons reported [s]: 2 s (launch / regen burst), 10 s (HPPC pulse), 30 s (sustained). */
export const SOP_HORIZONS_S: readonly number[] = [2, 10, 30];

/** Thevenin form of a group over a horizon: V(Δt) = a_V − b_ohm·I (I positive on discharge). */
export interface HorizonThevenin {
  a_V: number;
  b_ohm: number;
  /** SoC-range bound of the current magnitude [A] for discharge / charge over the horizon. */
  socDischargeMax_A: number;
  socChargeMax_A: number;
}

/** The nominal parameters of a group at its temperature (after any resistance-SoH scaling). */
export interface GroupSopParams {
  ocv_V: number;
  /** ∂OCV/∂z [V]. */
  dOcvDz_V: number;
  capacity_As: number;
  r0_ohm: number;
  r1_ohm: number;
  tau1_s: number;
  r2_ohm: number;
  tau2_s: number;
}

/**
 * Fills `out` with the horizon Thevenin form of a group from its SoC z, RC-branch voltages and
 * parameters; throws an InputError naming the field for an invalid argument.
 */
export function groupThevenin(z: number, v1_V: number, v2_V: number, p: GroupSopParams, horizon_s: number, out: HorizonThevenin): HorizonThevenin {
  checkTheveninArgs(p, horizon_s);
  const e1 = p.tau1_s > 0 ? Math.exp(-horizon_s / p.tau1_s) : 0;
  const e2 = p.tau2_s > 0 ? Math.exp(-horizon_s / p.tau2_s) : 0;
  return theveninOf(z, v1_V, v2_V, p, horizon_s, e1, e2, out);
}

/**
 * `groupThevenin` with the branch decays e_j = exp(−horizon/τ_j) (0 for τ_j ≤ 0) supplied by the
 * caller (e.g. from a `DecayCache`: the same values, computed once for groups sharing τ).
 */
export function groupTheveninDecay(z: number, v1_V: number, v2_V: number, p: GroupSopParams, horizon_s: number, e1: number, e2: number, out: HorizonThevenin): HorizonThevenin {
  checkTheveninArgs(p, horizon_s);
  return theveninOf(z, v1_V, v2_V, p, horizon_s, e1, e2, out);
}

function checkTheveninArgs(p: GroupSopParams, horizon_s: number): void {
  if (!(horizon_s > 0) || !Number.isFinite(horizon_s)) throw new InputError('SoP horizon must be finite and > 0 s', { field: 'horizon_s', value: horizon_s });
  if (!(p.capacity_As > 0)) throw new InputError('SoP needs a capacity > 0', { field: 'capacity_As', value: p.capacity_As });
  if (!(p.r0_ohm >= 0) || !(p.r1_ohm >= 0) || !(p.r2_ohm >= 0)) throw new InputError('SoP needs resistances >= 0', { field: 'r0_ohm', value: p.r0_ohm });
}

function theveninOf(z: number, v1_V: number, v2_V: number, p: GroupSopParams, horizon_s: number, e1: number, e2: number, out: HorizonThevenin): HorizonThevenin {
  const k = Math.max(0, p.dOcvDz_V) * (horizon_s / p.capacity_As);
  out.a_V = p.ocv_V - v1_V * e1 - v2_V * e2;
  out.b_ohm = p.r0_ohm + p.r1_ohm * (1 - e1) + p.r2_ohm * (1 - e2) + k;
  const zc = z < 0 ? 0 : z > 1 ? 1 : z;
  out.socDischargeMax_A = (zc * p.capacity_As) / horizon_s;
  out.socChargeMax_A = ((1 - zc) * p.capacity_As) / horizon_s;
  return out;
}

/** The current caps that are not voltage: protection limits, temperature derate, CCD [A, magnitudes]. */
export interface SopCurrentCaps {
  discharge_A: number;
  charge_A: number;
}

/** Voltage- and SoC-limited current magnitudes of one Thevenin form, then capped. */
export function limitCurrents(th: HorizonThevenin, vMin_V: number, vMax_V: number, caps: SopCurrentCaps, out: { discharge_A: number; charge_A: number }): void {
  const b = th.b_ohm;
  let dis = b > 0 ? (th.a_V - vMin_V) / b : th.a_V > vMin_V ? Infinity : 0;
  let chg = b > 0 ? (vMax_V - th.a_V) / b : th.a_V < vMax_V ? Infinity : 0;
  if (dis > th.socDischargeMax_A) dis = th.socDischargeMax_A;
  if (chg > th.socChargeMax_A) chg = th.socChargeMax_A;
  if (dis > caps.discharge_A) dis = caps.discharge_A;
  if (chg > caps.charge_A) chg = caps.charge_A;
  out.discharge_A = dis > 0 ? dis : 0;
  out.charge_A = chg > 0 ? chg : 0;
}

/** The SoP of the pack for one horizon: currents [A] (magnitudes) and powers [W] (magnitudes). */
export interface SopResult {
  horizon_s: number;
  dischargeCurrent_A: number;
  chargeCurrent_A: number;
  dischargePower_W: number;
  chargePower_W: number;
  /** Index of the group that limits discharge / charge (−1 before the first evaluation). */
  limitingDischargeGroup: number;
  limitingChargeGroup: number;
}

export function makeSopResult(horizon_s: number): SopResult {
  return { horizon_s, dischargeCurrent_A: 0, chargeCurrent_A: 0, dischargePower_W: 0, chargePower_W: 0, limitingDischargeGroup: -1, limitingChargeGroup: -1 };
}

/**
 * Pack SoP from the groups' horizon Thevenin forms (`a_V[g]`, `b_ohm[g]`, SoC bounds) and per-group
 * current caps: the pack current is the minimum over groups, the pack power that current times the
 * sum of the groups' end-of-horizon voltages.
 */
export function packSop(
  a_V: Float64Array,
  b_ohm: Float64Array,
  socDisMax_A: Float64Array,
  socChgMax_A: Float64Array,
  capDis_A: Float64Array,
  capChg_A: Float64Array,
  vMin_V: number,
  vMax_V: number,
  out: SopResult,
): SopResult {
  const ns = a_V.length;
  let iDis = Infinity;
  let iChg = Infinity;
  let gDis = -1;
  let gChg = -1;
  for (let g = 0; g < ns; g++) {
    const b = b_ohm[g];
    const a = a_V[g];
    let dis = b > 0 ? (a - vMin_V) / b : a > vMin_V ? Infinity : 0;
    let chg = b > 0 ? (vMax_V - a) / b : a < vMax_V ? Infinity : 0;
    if (dis > socDisMax_A[g]) dis = socDisMax_A[g];
    if (chg > socChgMax_A[g]) chg = socChgMax_A[g];
    if (dis > capDis_A[g]) dis = capDis_A[g];
    if (chg > capChg_A[g]) chg = capChg_A[g];
    if (!(dis > 0)) dis = 0;
    if (!(chg > 0)) chg = 0;
    if (dis < iDis) {
      iDis = dis;
      gDis = g;
    }
    if (chg < iChg) {
      iChg = chg;
      gChg = g;
    }
  }
  if (ns === 0) iDis = iChg = 0;
  let vDis = 0;
  let vChg = 0;
  for (let g = 0; g < ns; g++) {
    vDis += a_V[g] - b_ohm[g] * iDis;
    vChg += a_V[g] + b_ohm[g] * iChg;
  }
  out.dischargeCurrent_A = iDis;
  out.chargeCurrent_A = iChg;
  out.dischargePower_W = iDis * vDis;
  out.chargePower_W = iChg * vChg;
  out.limitingDischargeGroup = gDis;
  out.limitingChargeGroup = gChg;
  return out;
}

/**
 * Open-loop RC-branch voltage reconstruction from the measured current, exact for a current held
 * over each interval (zero-order hold): v ← e·v + R·(1 − e)·I, e = exp(−Δt/τ). The BMS uses it for
 * SoP (and to correct the resistance regression) independently of which SoC estimator is primary.
 */
export function rcStep(v_V: number, current_A: number, r_ohm: number, tau_s: number, dt_s: number): number {
  if (!(tau_s > 0)) return r_ohm * current_A;
  const e = Math.exp(-dt_s / tau_s);
  return e * v_V + r_ohm * (1 - e) * current_A;
}
