/** Small helpers of the run's assembly and metrics. */

export function mv(x: number | undefined): number | undefined {
  return x === undefined ? undefined : x / 1000;
}

export function stripUndefined<T extends object>(o: T): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}

export function maxOf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

/** Largest finite entry (NaN when there is none or no array). */
export function maxFinite(a: Float64Array | null): number {
  let m = -Infinity;
  if (a) for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return Number.isFinite(m) ? m : NaN;
}
