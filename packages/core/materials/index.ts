/**
 * Materials library: electrolytes and active electrode materials, with a lookup that fails with
 * an InputError suggesting the closest known ids (Levenshtein distance, case-insensitive).
 */
import { InputError } from '../errors.js';
import { closestIds } from '../suggest.js';
import { ELECTROLYTES, type Electrolyte } from './electrolytes.js';
import { ACTIVE_MATERIALS, type ActiveMaterial } from './electrodes.js';

export * from './electrolytes.js';
export * from './electrodes.js';
export * from './components.js';
export * from './runaway-reactions.js';

export type MaterialKind = 'electrolyte' | 'active';

export { levenshtein, closestIds } from '../suggest.js';

export function lookupMaterial(kind: 'electrolyte', id: string): Electrolyte;
export function lookupMaterial(kind: 'active', id: string): ActiveMaterial;
export function lookupMaterial(kind: MaterialKind, id: string): Electrolyte | ActiveMaterial;
/** Returns the table entry for `id`; throws an InputError naming the closest known ids when unknown. */
export function lookupMaterial(kind: MaterialKind, id: string): Electrolyte | ActiveMaterial {
  const table: Record<string, Electrolyte | ActiveMaterial> = kind === 'electrolyte' ? ELECTROLYTES : ACTIVE_MATERIALS;
  if (Object.hasOwn(table, id)) return table[id];
  const known = Object.keys(table);
  const field = kind === 'electrolyte' ? 'electrolyte' : 'active material';
  throw new InputError(
    `unknown ${field} id '${id}'; did you mean ${closestIds(id, known)
      .map((k) => `'${k}'`)
      .join(', ')}? Known: ${known.join(', ')}`,
    {
      field,
      value: id,
    },
  );
}
