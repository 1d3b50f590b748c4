/**
 * `node dist/bench/plant-floor.js [--json]`: how far the plant is from the arithmetic floor of its
 * own step, and what that floor allows for the 20 M cell-steps/s target of the full model.
 *
 * - product_plant_ns_per_cell: `Pack.step` on the 96s3p drive of `plant_cell_steps_per_s` in
 *   `npm run bench` (plant-drive.ts).
 * - js_floor_ns_per_cell: the per-cell arithmetic of `Pack.step` alone, written out below as one
 *   flat kernel over typed arrays: OCV, ∂U/∂T and ∂U/∂z from one table index; the implicit-SoC
 *   linearisation; the parallel-group aggregation; the pack current; exact RC updates, mean branch
 *   voltages, the five heat terms, SoC and throughput; the ledger sums; the thermal network's
 *   Thomas sweep with the plate's Schur complement. Everything the plant does only sometimes or
 *   for other features is left out: resistance refresh with temperature and pressure, internal
 *   shorts, runaway, filaments, ageing, balancing, external heat, fixed-gap pressure, the checks.
 *   It is a measurement, not a model: a synthetic pack with sane values, no source needed.
 * - native_floor_ns_per_cell: the same kernel in C++ (bench/plant-floor.cpp), g++ -O3
 *   -march=native, when g++ is on the machine (null otherwise).
 * Each figure is the best of 5 runs of 20 000 steps (the JS ones interleaved). 20 M cell-steps/s
 * is 50 ns per cell-step for plant, sensing, BMS, BTMS and engine together.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { plantDrive } from './plant-drive.js';

const NS = 96;
const NP = 3;
const N = NS * NP;
const NT = 201;
const STEPS = 20000;

/** The flat kernel (the twin of bench/plant-floor.cpp); returns its step function and state. */
function floorKernel() {
  const F = (n: number) => new Float64Array(n);
  const [soc, temp, v1, v2, r0, r1, r2, sd, iq, ua, ib, dtq, kz, uo, ud, h1, h2, heat, cur, thr] = Array.from({ length: 20 }, () => F(N));
  const [cdt, gamb, gpl, gch, tc, tinv, x, y] = Array.from({ length: 8 }, () => F(N));
  const ga = F(NS);
  const gb = F(NS);
  const gv = F(NS);
  const oy = F(NT);
  const dy = F(NT);
  const os = F(NT);
  const ledger = F(6);
  for (let i = 0; i < NT; i++) {
    const z = i / (NT - 1);
    oy[i] = 3.0 + 1.2 * z - 0.2 * (1 - z) * (1 - z);
    dy[i] = 1e-4 * (z - 0.5);
  }
  for (let i = 0; i < NT - 1; i++) os[i] = (oy[i + 1] - oy[i]) * (NT - 1);
  os[NT - 1] = os[NT - 2];
  for (let u = 0; u < N; u++) {
    soc[u] = 0.8;
    temp[u] = 298.15;
    iq[u] = 1 / (5 * 3600 * (1 + 0.01 * ((u * 7) % 5)));
    r0[u] = 0.02;
    r1[u] = 0.01;
    r2[u] = 0.008;
    sd[u] = 1e-5;
    h1[u] = (0.5 * 20) / 0.01;
    h2[u] = (0.5 * 400) / 0.008;
    cdt[u] = 75;
    gamb[u] = 0.01;
    gpl[u] = 0.4;
    gch[u] = 0.6;
  }
  let c = 0;
  for (let i = 0; i < N; i++) {
    const den = cdt[i] + gamb[i] + gpl[i] + (i > 0 ? gch[i - 1] : 0) + gch[i] + (i > 0 ? gch[i - 1] * c : 0);
    tc[i] = c = -gch[i] / den;
    tinv[i] = 1 / den;
  }
  let prev0 = 0;
  for (let i = 0; i < N; i++) {
    prev0 = (i > 0 ? gpl[i] + gch[i - 1] * prev0 : gpl[i]) * tinv[i];
    y[i] = prev0;
  }
  for (let i = N - 2; i >= 0; i--) y[i] -= tc[i] * y[i + 1];
  let s0 = 0;
  let gs = 0;
  for (let i = 0; i < N; i++) {
    s0 += gpl[i] * y[i];
    gs += gpl[i];
  }
  const schur = 2000 + gs + 100 - s0;
  let plateT = 298.15;
  // outputs the plant stores for its callers (group voltages, currents, throughput, temperature
  // extremes): written here as there, never read
  const st = { tMin: 0, tMax: 0, tMean: 0 };

  const step = (I: number, dt: number, tau1: number, tau2: number, Tamb: number): void => {
    const e1 = Math.exp(-dt / tau1);
    const e2 = Math.exp(-dt / tau2);
    const om1 = 1 - e1;
    const om2 = 1 - e2;
    const invDt = 1 / dt;
    const invDx = NT - 1;
    const Tref = 298.15;
    for (let g = 0; g < NS; g++) {
      let sab = 0;
      let s1b = 0;
      for (let u = g * NP; u < (g + 1) * NP; u++) {
        const z = soc[u];
        const T = temp[u];
        const sx = z * invDx;
        let d: number;
        let o: number;
        let s: number;
        if (sx > 0 && sx < NT - 1) {
          const i = sx | 0;
          const f = sx - i;
          d = dy[i] + (dy[i + 1] - dy[i]) * f;
          o = oy[i] + (oy[i + 1] - oy[i]) * f;
          s = os[i];
        } else {
          d = dy[0];
          o = oy[0];
          s = os[0];
        }
        const U = o + (T - Tref) * d;
        uo[u] = U;
        ud[u] = d;
        const q = dt * iq[u];
        dtq[u] = q;
        const k = s * q;
        kz[u] = k;
        const a = U - k * sd[u] - v1[u] * e1 - v2[u] * e2;
        const b = r0[u] + k + r1[u] * om1 + r2[u] * om2;
        const bi = 1 / b;
        ua[u] = a;
        ib[u] = bi;
        sab += a * bi;
        s1b += bi;
      }
      ga[g] = sab / s1b;
      gb[g] = 1 / s1b;
    }
    const m1 = tau1 * om1 * invDt;
    const m2 = tau2 * om2 * invDt;
    let vPack = 0;
    let term = 0;
    let hEl = 0;
    let cap = 0;
    let thru = 0;
    for (let g = 0; g < NS; g++) {
      const Vg = ga[g] - gb[g] * I;
      gv[g] = Vg;
      vPack += Vg;
      for (let u = g * NP; u < (g + 1) * NP; u++) {
        const Ie = (ua[u] - Vg) * ib[u];
        const Isd = sd[u];
        const R1 = r1[u];
        const R2 = r2[u];
        const a1 = v1[u];
        const a2 = v2[u];
        const n1 = a1 * e1 + R1 * om1 * Ie;
        const n2 = a2 * e2 + R2 * om2 * Ie;
        const m1v = Ie * R1 + (a1 - Ie * R1) * m1;
        const m2v = Ie * R2 + (a2 - Ie * R2) * m2;
        const c1 = (n1 * n1 - a1 * a1) * h1[u];
        const c2 = (n2 * n2 - a2 * a2) * h2[u];
        const qRc = Ie * (m1v + m2v) * dt - c1 - c2;
        v1[u] = n1;
        v2[u] = n2;
        const Um = uo[u] - 0.5 * kz[u] * (Ie + Isd);
        const R0 = r0[u];
        const Vavg = Um - Ie * R0 - m1v - m2v;
        soc[u] -= (Ie + Isd) * dtq[u];
        const qEl = Ie * Ie * R0 * dt + qRc + Isd * Um * dt - (Ie + Isd) * temp[u] * ud[u] * dt;
        heat[u] = qEl * invDt;
        cur[u] = Ie;
        term += Vavg * Ie * dt;
        hEl += qEl;
        cap += c1 + c2;
        thru += Math.abs(uo[u] * Ie) * dt;
        thr[u] += Math.abs(Ie) * dt;
      }
    }
    ledger[0] += term;
    ledger[1] += hEl;
    ledger[2] += cap;
    ledger[3] += thru;
    ledger[4] += I * vPack * dt;
    let prev = 0;
    for (let i = 0; i < N; i++) {
      const r = cdt[i] * temp[i] + heat[i] + gamb[i] * Tamb;
      prev = (i > 0 ? r + gch[i - 1] * prev : r) * tinv[i];
      x[i] = prev;
    }
    for (let i = N - 2; i >= 0; i--) x[i] -= tc[i] * x[i + 1];
    let sx = 0;
    for (let i = 0; i < N; i++) sx += gpl[i] * x[i];
    const Tp = ((2000 / dt) * plateT + 100 * Tamb + sx) / schur;
    let lo = Infinity;
    let hi = -Infinity;
    let sum = 0;
    let toAmb = 100 * (Tp - Tamb);
    for (let i = 0; i < N; i++) {
      const T = x[i] + y[i] * Tp;
      temp[i] = T;
      toAmb += gamb[i] * (T - Tamb);
      if (T < lo) lo = T;
      if (T > hi) hi = T;
      sum += T;
    }
    st.tMin = lo;
    st.tMax = hi;
    st.tMean = sum / N;
    plateT = Tp;
    ledger[5] += toAmb * dt;
  };
  return { step, soc, temp };
}

/** Best-of-5 ns per cell-step of `a` and of `b` (one call = STEPS steps), their runs interleaved. */
function timeBoth(a: () => void, b: () => void): [number, number] {
  let ba = Infinity;
  let bb = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    let t0 = performance.now();
    a();
    ba = Math.min(ba, performance.now() - t0);
    t0 = performance.now();
    b();
    bb = Math.min(bb, performance.now() - t0);
  }
  const ns = (ms: number) => +((ms * 1e6) / (STEPS * N)).toFixed(2);
  return [ns(ba), ns(bb)];
}

const json = process.argv.includes('--json');
const product = plantDrive();
const runProduct = () => product.run(STEPS);
const kernel = floorKernel();
const runFloor = () => {
  for (let k = 0; k < STEPS; k++) kernel.step(k % 20 < 10 ? 15 : -15, 1, 20, 400, 298.15);
};
runProduct(); // warm-up (JIT)
runFloor();
const [productNs, jsNs] = timeBoth(runProduct, runFloor);
if (!(kernel.soc[5] > 0.7 && kernel.soc[5] < 0.9 && kernel.temp[5] > 290 && kernel.temp[5] < 340)) throw new Error(`floor kernel left its range: SoC ${kernel.soc[5]}, T ${kernel.temp[5]} K`);

let nativeNs: number | null = null;
const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../bench/plant-floor.cpp');
const dir = mkdtempSync(join(tmpdir(), 'ssb-floor-'));
try {
  const exe = join(dir, 'plant-floor');
  const cc = spawnSync('g++', ['-O3', '-march=native', '-o', exe, src], { encoding: 'utf8' });
  if (cc.status === 0) {
    const r = spawnSync(exe, [], { encoding: 'utf8' });
    const v = Number(r.stdout.trim().split(/\s+/)[0]);
    if (r.status === 0 && v > 0) nativeNs = v;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const perCell = (ns: number | null) => (ns === null ? null : Math.round(1e9 / ns));
const out = {
  product_plant_ns_per_cell: productNs,
  js_floor_ns_per_cell: jsNs,
  native_floor_ns_per_cell: nativeNs,
  product_plant_cell_steps_per_s: perCell(productNs),
  js_floor_cell_steps_per_s: perCell(jsNs),
  native_floor_cell_steps_per_s: perCell(nativeNs),
};
if (json) process.stdout.write(JSON.stringify(out) + '\n');
else {
  const m = (v: number | null) => (v === null ? 'n/a' : `${(v / 1e6).toFixed(1)} M cell-steps/s`);
  process.stdout.write(`plant step, 96s3p, one thread (best of 5 × ${STEPS} steps):\n`);
  process.stdout.write(`  product Pack.step        ${productNs} ns per cell-step  (${m(out.product_plant_cell_steps_per_s)})\n`);
  process.stdout.write(`  its arithmetic, JS       ${jsNs} ns per cell-step  (${m(out.js_floor_cell_steps_per_s)})\n`);
  process.stdout.write(`  its arithmetic, native   ${nativeNs ?? 'n/a'} ns per cell-step  (${m(out.native_floor_cell_steps_per_s)}; g++ -O3 -march=native)\n`);
  process.stdout.write(`  20 M cell-steps/s for the full model = 50 ns per cell-step for plant + sensing + BMS + BTMS + engine\n`);
}
