// The arithmetic floor of one plant step, compiled: the native twin of the kernel in
// bench/plant-floor.ts (same arithmetic, same synthetic pack, same loop order). Not product code.
// Built and run by `node dist/bench/plant-floor.js` (g++ -O3 -march=native); prints one line:
// "<ns per cell-step> <cell SoC> <cell temperature K>" for the best of 5 runs of 20 000 steps.
#include <chrono>
#include <cmath>
#include <cstdio>

typedef double f64;
const int NS = 96, NP = 3, N = NS * NP, NT = 201;
static f64 soc[N], temp[N], v1[N], v2[N], r0[N], r1[N], r2[N], sd[N], iq[N], ua[N], ib[N], dtq[N], kz[N], uo[N], ud[N], h1[N], h2[N];
static f64 heat[N], cur[N], thr[N], ga[NS], gb[NS], gv[NS], oy[NT], dy[NT], os[NT];
static f64 cdt[N], gamb[N], gpl[N], gch[N], tc[N], tinv[N], x[N], y[N];
static f64 plateT = 298.15, ledger[6], schur = 0, tMin, tMax, tMean;

static void step(f64 I, f64 dt, f64 tau1, f64 tau2, f64 Tamb) {
  const f64 e1 = std::exp(-dt / tau1), e2 = std::exp(-dt / tau2), om1 = 1 - e1, om2 = 1 - e2, invDt = 1 / dt;
  const f64 invDx = NT - 1, Tref = 298.15;
  for (int g = 0; g < NS; g++) {
    f64 sab = 0, s1b = 0;
    for (int u = g * NP; u < (g + 1) * NP; u++) {
      const f64 z = soc[u], T = temp[u], sx = z * invDx;
      f64 d, o, s;
      if (sx > 0 && sx < NT - 1) {
        const int i = (int)sx;
        const f64 f = sx - i;
        d = dy[i] + (dy[i + 1] - dy[i]) * f;
        o = oy[i] + (oy[i + 1] - oy[i]) * f;
        s = os[i];
      } else { d = dy[0]; o = oy[0]; s = os[0]; }
      const f64 U = o + (T - Tref) * d;
      uo[u] = U; ud[u] = d;
      const f64 q = dt * iq[u];
      dtq[u] = q;
      const f64 k = s * q;
      kz[u] = k;
      const f64 a = U - k * sd[u] - v1[u] * e1 - v2[u] * e2;
      const f64 b = r0[u] + k + r1[u] * om1 + r2[u] * om2;
      const f64 bi = 1 / b;
      ua[u] = a; ib[u] = bi; sab += a * bi; s1b += bi;
    }
    ga[g] = sab / s1b; gb[g] = 1 / s1b;
  }
  const f64 m1 = tau1 * om1 * invDt, m2 = tau2 * om2 * invDt;
  f64 vPack = 0, term = 0, hEl = 0, cap = 0, thru = 0;
  for (int g = 0; g < NS; g++) {
    const f64 Vg = ga[g] - gb[g] * I;
    gv[g] = Vg; vPack += Vg;
    for (int u = g * NP; u < (g + 1) * NP; u++) {
      const f64 Ie = (ua[u] - Vg) * ib[u], Isd = sd[u], R1 = r1[u], R2 = r2[u], a1 = v1[u], a2 = v2[u];
      const f64 n1 = a1 * e1 + R1 * om1 * Ie, n2 = a2 * e2 + R2 * om2 * Ie;
      const f64 m1v = Ie * R1 + (a1 - Ie * R1) * m1, m2v = Ie * R2 + (a2 - Ie * R2) * m2;
      const f64 c1 = (n1 * n1 - a1 * a1) * h1[u], c2 = (n2 * n2 - a2 * a2) * h2[u];
      const f64 qRc = Ie * (m1v + m2v) * dt - c1 - c2;
      v1[u] = n1; v2[u] = n2;
      const f64 Um = uo[u] - 0.5 * kz[u] * (Ie + Isd), R0 = r0[u];
      const f64 Vavg = Um - Ie * R0 - m1v - m2v;
      soc[u] -= (Ie + Isd) * dtq[u];
      const f64 qEl = Ie * Ie * R0 * dt + qRc + Isd * Um * dt - (Ie + Isd) * temp[u] * ud[u] * dt;
      heat[u] = qEl * invDt; cur[u] = Ie;
      term += Vavg * Ie * dt; hEl += qEl; cap += c1 + c2; thru += std::fabs(uo[u] * Ie) * dt;
      thr[u] += std::fabs(Ie) * dt;
    }
  }
  ledger[0] += term; ledger[1] += hEl; ledger[2] += cap; ledger[3] += thru; ledger[4] += I * vPack * dt;
  f64 prev = 0;
  for (int i = 0; i < N; i++) {
    const f64 r = cdt[i] * temp[i] + heat[i] + gamb[i] * Tamb;
    prev = (i > 0 ? r + gch[i - 1] * prev : r) * tinv[i];
    x[i] = prev;
  }
  for (int i = N - 2; i >= 0; i--) x[i] -= tc[i] * x[i + 1];
  f64 sx = 0;
  for (int i = 0; i < N; i++) sx += gpl[i] * x[i];
  const f64 Tp = (2000 / dt * plateT + 100 * Tamb + sx) / schur;
  f64 lo = 1e9, hi = -1e9, sum = 0, toAmb = 100 * (Tp - Tamb);
  for (int i = 0; i < N; i++) {
    const f64 T = x[i] + y[i] * Tp;
    temp[i] = T; toAmb += gamb[i] * (T - Tamb);
    if (T < lo) lo = T;
    if (T > hi) hi = T;
    sum += T;
  }
  tMin = lo; tMax = hi; tMean = sum / N; plateT = Tp; ledger[5] += toAmb * dt;
}

int main() {
  for (int i = 0; i < NT; i++) { const f64 z = (f64)i / (NT - 1); oy[i] = 3.0 + 1.2 * z - 0.2 * (1 - z) * (1 - z); dy[i] = 1e-4 * (z - 0.5); }
  for (int i = 0; i < NT - 1; i++) os[i] = (oy[i + 1] - oy[i]) * (NT - 1);
  os[NT - 1] = os[NT - 2];
  for (int u = 0; u < N; u++) {
    soc[u] = 0.8; temp[u] = 298.15; iq[u] = 1 / (5 * 3600 * (1 + 0.01 * ((u * 7) % 5)));
    r0[u] = 0.02; r1[u] = 0.01; r2[u] = 0.008; sd[u] = 1e-5; h1[u] = 0.5 * 20 / 0.01; h2[u] = 0.5 * 400 / 0.008;
    cdt[u] = 75; gamb[u] = 0.01; gpl[u] = 0.4; gch[u] = 0.6;
  }
  // Thomas factors of the cells' tridiagonal matrix (dt = 1 s), then y = A⁻¹·g_plate
  f64 c = 0;
  for (int i = 0; i < N; i++) {
    const f64 den = cdt[i] + gamb[i] + gpl[i] + (i > 0 ? gch[i - 1] : 0) + gch[i] + (i > 0 ? gch[i - 1] * c : 0);
    tc[i] = c = -gch[i] / den;
    tinv[i] = 1 / den;
  }
  f64 prev = 0;
  for (int i = 0; i < N; i++) { prev = (i > 0 ? gpl[i] + gch[i - 1] * prev : gpl[i]) * tinv[i]; y[i] = prev; }
  for (int i = N - 2; i >= 0; i--) y[i] -= tc[i] * y[i + 1];
  f64 s = 0, gs = 0;
  for (int i = 0; i < N; i++) { s += gpl[i] * y[i]; gs += gpl[i]; }
  schur = 2000 + gs + 100 - s;
  f64 best = 1e99;
  for (int rep = 0; rep < 5; rep++) {
    const int n = 20000;
    const auto t0 = std::chrono::steady_clock::now();
    for (int k = 0; k < n; k++) step(k % 20 < 10 ? 15 : -15, 1.0, 20, 400, 298.15);
    const f64 w = std::chrono::duration<f64>(std::chrono::steady_clock::now() - t0).count();
    if (w < best) best = w;
  }
  std::printf("%.2f %.6f %.4f\n", best / 20000 / N * 1e9, soc[5], temp[5]);
  return 0;
}
