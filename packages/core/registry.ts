/**
 * Registries: one typed list per family of alternatives (SoC estimators, BTMS controllers, BMS
 * topologies, balancing kinds and strategies, cell presets, chargers, drive cycles). Each entry
 * has a `name` (what a user writes in a scenario or on the command line) and a one-line
 * `description`, plus the family's factory or data. Everything else that lists the names — the
 * zod enum of the scenario schema (`registryEnum` in schema.ts), the factory, the CLI help, the
 * generated docs (`listRegistries` in registries.ts) — is derived from the list, so adding an
 * alternative touches its own file, its registry entry and its test.
 *
 * Pure and dependency-free (no zod here, so the CLI can read names for its help cheaply).
 */
import { InputError } from './errors.js';
import { closest } from './suggest.js';

export interface RegistryEntry {
  readonly name: string;
  /** One line for help texts and the docs. */
  readonly description: string;
}

export interface Registry<E extends RegistryEntry> {
  /** What one entry is, for messages and docs ("SoC estimator", "charger"). */
  readonly family: string;
  readonly entries: readonly E[];
  /** The names in list order (non-empty: a zod enum needs at least one). */
  readonly names: readonly [E['name'], ...E['name'][]];
  has(name: unknown): name is E['name'];
  /** The entry of `name`, or undefined (exact match). */
  find(name: string): E | undefined;
  /** The entry of `name`; an InputError with a "did you mean" and the list otherwise. */
  get(name: string, where?: { file?: string; field?: string }): E;
  /**
   * "unknown charger (did you mean 'y'?); expected one of a, b" — the one wording of every family
   * (the InputError around it names the file, field and value).
   */
  unknownMessage(name: unknown): string;
  /** The names joined for a help text: "a | b | c". */
  choices(): string;
}

/**
 * Builds a registry from its entries. Names must be unique and non-empty, and there must be at
 * least one entry: a violation is a programming error and throws at module load (so every test
 * importing the registry fails).
 */
export function defineRegistry<const E extends RegistryEntry>(family: string, entries: readonly E[]): Registry<E> {
  if (entries.length === 0) throw new Error(`${family} registry: no entries`);
  const byName = new Map<string, E>();
  for (const e of entries) {
    if (!e.name) throw new Error(`${family} registry: an entry has an empty name`);
    if (byName.has(e.name)) throw new Error(`${family} registry: name '${e.name}' is listed twice`);
    byName.set(e.name, e);
  }
  const names = entries.map((e) => e.name) as unknown as readonly [E['name'], ...E['name'][]];
  const unknownMessage = (name: unknown): string => {
    const hint = typeof name === 'string' ? closest(name, names) : null;
    const what = typeof name === 'string' ? `unknown ${family}` : `${family} must be a name (a string)`;
    return `${what}${hint ? ` (did you mean '${hint}'?)` : ''}; expected one of ${names.join(', ')}`;
  };
  return Object.freeze({
    family,
    entries: Object.freeze(entries.slice()),
    names: Object.freeze(names.slice()) as unknown as readonly [E['name'], ...E['name'][]],
    has: (name: unknown): name is E['name'] => typeof name === 'string' && byName.has(name),
    find: (name: string) => byName.get(name),
    get(name: string, where: { file?: string; field?: string } = {}): E {
      const e = byName.get(name);
      if (!e) throw new InputError(unknownMessage(name), { ...where, value: name });
      return e;
    },
    unknownMessage,
    choices: () => names.join(' | '),
  });
}
