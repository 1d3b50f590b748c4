/**
 * Truth-side scoring: what the plant really did, read only to score the BMS (SoP, SoH, internal
 * short detection) and to write the outputs. Nothing here is given to the BMS.
 */
import type { Pack } from '../pack/pack.js';
import type { EcmModel } from '../bms/types.js';
import type { BaselineBms } from '../bms/baseline.js';
import type { ProtectionEvent } from '../bms/diag/react.js';
import type { ProtectionLimits } from '../bms/safety/limits.js';
import { groupModelFromCell } from '../bms/baseline.js';
import { CcCvChargeController, type ChargeControlConfig } from '../bms/charge/cccv.js';
import { makeSopResult, packSop, SOP_HORIZONS_S, type HorizonThevenin, type SopResult } from '../bms/estimation/sop.js';
import { round } from '../numerics/round.js';
import { isRunawayDestroyed } from '../physics/runaway/arrhenius.js';

/**
 * Truth-side score of the internal-short detector: the delay from the first short's onset to the
 * BMS's first internal-short (or hot-spot) event on that group. delay_s is null when there was no
 * short or it was never detected (`detected` tells which).
 */
export function scoreShortDetection(
  onset: { time_s: number; group: number } | null,
  events: readonly ProtectionEvent[],
): { onset_s: number | null; group: number | null; detected: boolean | null; delay_s: number | null; first_tier: string | null } {
  if (!onset) return { onset_s: null, group: null, detected: null, delay_s: null, first_tier: null };
  const hit = events.find((e) => (e.quantity === 'internalShort' || e.quantity === 'hotSpot') && e.index === onset.group && e.time_s >= onset.time_s);
  return {
    onset_s: round(onset.time_s, 1),
    group: onset.group + 1,
    detected: !!hit,
    delay_s: hit ? round(hit.time_s - onset.time_s, 1) : null,
    first_tier: hit ? hit.tier : null,
  };
}

/**
 * The SoP the pack really had: the same prediction formula (bms/estimation/sop.ts) applied to the
 * plant's TRUE state (unit SoCs, RC voltages, temperatures) and TRUE parameters (unit R0/RC at the
 * true temperature and stack pressure, true capacities, the true OCV), parallel units combined
 * exactly (`Pack.groupHorizonThevenin`), with the same current caps (protection limits, the
 * charge controller's temperature derate and nominal CCD limit, at the group's true temperature).
 * It therefore scores the BMS's STATE and PARAMETER estimation (SoC, RC voltages, temperature,
 * resistance and capacity SoH), not the model structure: a prediction error of the linearised
 * two-RC form itself is common to both sides.
 */
export function makeSopTruth(pack: Pack, ecm: EcmModel, limits: ProtectionLimits, charge: ChargeControlConfig, nTempSensors: number): () => readonly SopResult[] {
  const ns = pack.ns;
  const per = pack.np * pack.nseg;
  const ctl = new CcCvChargeController(charge, groupModelFromCell(ecm, pack.np), nTempSensors);
  const nh = SOP_HORIZONS_S.length;
  const a = SOP_HORIZONS_S.map(() => new Float64Array(ns));
  const b = SOP_HORIZONS_S.map(() => new Float64Array(ns));
  const sdm = SOP_HORIZONS_S.map(() => new Float64Array(ns));
  const scm = SOP_HORIZONS_S.map(() => new Float64Array(ns));
  const cd = new Float64Array(ns);
  const cc = new Float64Array(ns);
  const th: HorizonThevenin[] = SOP_HORIZONS_S.map(() => ({ a_V: 0, b_ohm: 0, socDischargeMax_A: 0, socChargeMax_A: 0 }));
  const out = SOP_HORIZONS_S.map((h) => makeSopResult(h));
  return () => {
    for (let g = 0; g < ns; g++) {
      const T = pack.temp_K[g * per];
      cd[g] = limits.dischargeCurrent_A.maxOperating;
      const c = ctl.chargeCap_A(T, T);
      cc[g] = Math.min(limits.chargeCurrent_A.maxOperating, c);
      pack.groupHorizonThevenin(g, SOP_HORIZONS_S, th);
      for (let h = 0; h < nh; h++) {
        a[h][g] = th[h].a_V;
        b[h][g] = th[h].b_ohm;
        sdm[h][g] = th[h].socDischargeMax_A;
        scm[h][g] = th[h].socChargeMax_A;
      }
    }
    for (let h = 0; h < nh; h++) packSop(a[h], b[h], sdm[h], scm[h], cd, cc, ecm.vMin_V, ecm.vMax_V, out[h]);
    return out;
  };
}

/**
 * End-of-run SoH scoring: the BMS's capacity SoH (mean of its group estimates) vs the true capacity
 * retention; its resistance factor (mean of R0_est/R0_nominal(T) over groups) vs the true
 * R0_group/R0_nominal(T_true) and the true growth vs beginning of life; its bulk/interface split vs
 * the true factors Σ_u part_u / Σ_u nominal part(T_u).
 */
export function scoreHealth(
  rep: ReturnType<BaselineBms['healthReport']>,
  pack: Pack,
  ecm: EcmModel,
  retention_pct: number,
  split: { bulk_ohm(T: number): number; interface_ohm(T: number): number; interfaceAt_ohm?(T: number, p_Pa: number): number },
): { error_pct: number | null; detail: Record<string, unknown> | null } {
  if (rep === null) return { error_pct: null, detail: null };
  const per = pack.np * pack.nseg;
  let ratio = 0;
  let growth = 0;
  let bulk = 0;
  let bulkNom = 0;
  let intf = 0;
  let intfNom = 0;
  for (let g = 0; g < pack.ns; g++) {
    let s = 0;
    let sBol = 0;
    let tMean = 0;
    for (let u = g * per; u < (g + 1) * per; u++) {
      const tr = pack.unitResistanceTruth(u);
      s += 1 / pack.unitR0_ohm(u);
      sBol += 1 / tr.bolTotal_ohm;
      const T = pack.temp_K[u];
      tMean += T / per;
      bulk += tr.bulk_ohm;
      intf += tr.interface_ohm;
      bulkNom += split.bulk_ohm(T) * pack.nseg;
      const pu = pack.modulePressure_Pa[pack.moduleOfGroup(g)];
      intfNom += (split.interfaceAt_ohm ? split.interfaceAt_ohm(T, pu) : split.interface_ohm(T)) * pack.nseg;
    }
    // the nominal the BMS compares with: R0_nominal(T) corrected to the module's stack pressure
    // by the datasheet pressure law (the BMS uses the measured pressure)
    const pm = pack.modulePressure_Pa[pack.moduleOfGroup(g)];
    const rNom = ecm.r0_ohm(0.5, tMean) + (split.interfaceAt_ohm ? split.interfaceAt_ohm(tMean, pm) - split.interface_ohm(tMean) : 0);
    ratio += 1 / s / (rNom / pack.np);
    growth += sBol / s;
  }
  ratio /= pack.ns;
  growth /= pack.ns;
  const est = rep.capacitySoh;
  const r4 = (x: number | null) => (x === null || !Number.isFinite(x) ? null : round(x, 4));
  return {
    error_pct: est === null ? null : round(Math.abs(100 * est - retention_pct), 4),
    detail: {
      capacity_soh_est_pct: est === null ? null : round(100 * est, 4),
      capacity_soh_est_std_pct: rep.capacitySohStd === null ? null : round(100 * rep.capacitySohStd, 4),
      capacity_soh_true_pct: round(retention_pct, 4),
      capacity_est_Ah: rep.capacityMean_As === null ? null : round(rep.capacityMean_As / 3600, 4),
      capacity_pairs: rep.capacityPairs,
      capacity_note: est === null ? 'no capacity estimate: no two rest points (> 30 min at ~0 A) far enough apart in SoC' : null,
      resistance_factor_est: r4(rep.resistanceFactor),
      resistance_factor_max_est: r4(rep.resistanceFactorMax),
      resistance_factor_true: r4(ratio),
      resistance_growth_true: r4(growth),
      resistance_samples: rep.resistanceSamples,
      resistance_note:
        'factor = R0 / R0_nominal(T, p): the BMS compares with its nominal model at the measured temperature and stack pressure (manufacturing spread included); growth = R0 / R0 at beginning of life (truth only)',
      split:
        rep.split === null
          ? null
          : {
              bulk_factor_est: r4(rep.split.bulk),
              interface_factor_est: r4(rep.split.interface),
              bulk_factor_true: r4(bulk / bulkNom),
              interface_factor_true: r4(intf / intfNom),
              temp_spread_K: round(rep.split.tempSpread_K, 3),
              samples: rep.split.samples,
              reason: rep.split.reason || null,
            },
      current_offset_est_A: round(rep.currentOffset_A, 5),
    },
  };
}

export function meanGroupSoc(pack: Pack): number {
  let s = 0;
  for (let g = 0; g < pack.ns; g++) s += pack.groupSoc(g);
  return s / pack.ns;
}

/** Cells of the pack that went into thermal runaway (destroyed: physics/runaway/arrhenius.ts `isRunawayDestroyed`). */
export function destroyedCells(pack: Pack): number {
  let n = 0;
  for (let c = 0; c < pack.nCells; c++) {
    let destroyed = false;
    for (let s = 0; s < pack.nseg; s++) if (isRunawayDestroyed(pack.reactant[c * pack.nseg + s])) destroyed = true;
    if (destroyed) n++;
  }
  return n;
}

/**
 * True capacity retention of the pack [%]: the mean over the cells of capacity / initial capacity,
 * and 0 once any cell went into thermal runaway (the cell is destroyed and its series string
 * open: the pack delivers nothing — not the ≈ 99 % the other cells' capacities would average to).
 */
export function capacityRetention_pct(pack: Pack): number {
  if (destroyedCells(pack) > 0) return 0;
  let q = 0;
  let q0 = 0;
  for (let u = 0; u < pack.nUnits; u++) {
    q += pack.capacity_As(u);
    q0 += pack.unitCapacity0_As[u];
  }
  return (100 * q) / q0;
}

/** Capacity retention of the weakest cell [%] (0 for a cell in thermal runaway: destroyed). */
export function minCapacityRetention_pct(pack: Pack): number {
  let m = Infinity;
  for (let u = 0; u < pack.nUnits; u++) m = Math.min(m, isRunawayDestroyed(pack.reactant[u]) ? 0 : pack.capacity_As(u) / pack.unitCapacity0_As[u]);
  return 100 * m;
}

export function thermalEnergyStart(pack: Pack, t0_K: number): number {
  let e = t0_K * pack.config.thermal.plateHeatCapacity_J_K;
  for (let u = 0; u < pack.nUnits; u++) e += pack.unitHeatCap_J_K[u] * t0_K;
  // heat capacity that left through the vents was there at the start (its C·T is in ventedSensible_J)
  return e + pack.ventedHeatCap_J_K * t0_K;
}

export function countAbove(a: Float64Array, x: number): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] >= x) n++;
  return n;
}
