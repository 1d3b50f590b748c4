/**
 * Materials library: electrolytes and active electrode materials, with a lookup that fails with
 * an InputError suggesting the closest known ids (Levenshtein distance, case-insensitive).
 */
import { InputError } from '../errors.js';
import { ELECTROLYTES, type Electrolyte } from './electrolytes.js';
import { ACTIVE_MATERIALS, type ActiveMaterial } from './electrodes.js';

export * from './electrolytes.js';
export * from './electrodes.js';

export type MaterialKind = 'electrolyte' | 'active';

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

export function lookupMaterial(kind: 'electrolyte', id: string): Electrolyte;
export function lookupMaterial(kind: 'active', id: string): ActiveMaterial;
export function lookupMaterial(kind: MaterialKind, id: string): Electrolyte | ActiveMaterial;
/** Returns the table entry for `id`; throws an InputError naming the closest known ids when unknown. */
export function lookupMaterial(kind: MaterialKind, id: string): Electrolyte | ActiveMaterial {
  const table: Record<string, Electrolyte | ActiveMaterial> = kind === 'electrolyte' ? ELECTROLYTES : ACTIVE_MATERIALS;
  if (Object.prototype.hasOwnProperty.call(table, id)) return table[id];
  const known = Object.keys(table);
  const field = kind === 'electrolyte' ? 'electrolyte' : 'active material';
  throw new InputError(`unknown ${field} id '${id}'; did you mean ${closestIds(id, known).map((k) => `'${k}'`).join(', ')}? Known: ${known.join(', ')}`, {
    field,
    value: id,
  });
}
