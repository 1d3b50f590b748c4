/** "Did you mean": nearest known names by edit distance, for error messages at the boundary. */

/** Levenshtein edit distance (insert, delete, substitute each cost 1). */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

/** Known ids sorted by closeness to `id` (case-insensitive Levenshtein; ties keep table order). */
export function closestIds(id: string, known: readonly string[], n = 3): string[] {
  const q = id.toLowerCase();
  return known
    .map((k, i) => ({ k, i, d: levenshtein(q, k.toLowerCase()) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, n)
    .map((e) => e.k);
}

/** The closest known name within `maxEdits` edits (case-insensitive), or null. */
export function closest(name: string, known: readonly string[], maxEdits = 3): string | null {
  const [best] = closestIds(name, known, 1);
  if (best !== undefined && levenshtein(name.toLowerCase(), best.toLowerCase()) <= maxEdits) return best;
  // a shortened name ("liion-nmc811" for "liion-nmc811-graphite"): the one known name it begins
  const q = name.toLowerCase();
  const starts = q.length >= 3 ? known.filter((k) => k.toLowerCase().startsWith(q)) : [];
  return starts.length === 1 ? starts[0] : null;
}

/**
 * The user-file spelling of a core name: keys of user files are snake_case with the unit suffix
 * kept as written, so the camelCase name part is split and lower-cased and the suffix after the
 * first `_` is left alone (solarPeak_W_m2 → solar_peak_W_m2, heatPumpCOP → heat_pump_cop,
 * maxOperating → max_operating). A name that is already snake_case is returned unchanged.
 */
export function snakeKey(name: string): string {
  const i = name.indexOf('_');
  const head = i < 0 ? name : name.slice(0, i);
  const snake = head
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
  return snake + (i < 0 ? '' : name.slice(i));
}

/** " (did you mean 'x'?)" for the closest known name, or "" (for messages that list the names themselves). */
export function didYouMean(name: string, known: readonly string[]): string {
  const hint = closest(name, known);
  return hint ? ` (did you mean '${hint}'?)` : '';
}
