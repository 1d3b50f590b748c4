/**
 * Help texts from the registries (packages/core/registry.ts): the names a flag or a scenario field
 * accepts, with their one-line descriptions, so `--help` cannot fall behind the code.
 */
import type { Registry, RegistryEntry } from '../../packages/core/registry.js';
import type { RegistryListing } from '../../packages/core/registries.js';

/** "a, b and c". */
export function namesInProse(reg: Registry<RegistryEntry>): string {
  const n = reg.names;
  return n.length === 1 ? n[0] : `${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}

/** A titled block of "  name  description" lines; `note` adds to an entry's line (e.g. what it needs). */
export function registryHelp<E extends RegistryEntry>(title: string, reg: Registry<E>, note: (e: E) => string = () => ''): string {
  const w = Math.max(...reg.names.map((n) => n.length));
  return `\n${title}:\n${reg.entries.map((e) => `  ${e.name.padEnd(w)}  ${e.description}${note(e)}`).join('\n')}\n`;
}

/** Every registry a scenario names, as "fields: a | b | c" lines (for `ssb simulate --help`). */
export function scenarioNamesHelp(listings: readonly RegistryListing[]): string {
  const lines = listings.flatMap((l) => {
    const fields = l.usedIn.filter((u) => !u.startsWith('ssb '));
    return fields.length ? [`  ${fields.join(', ')}: ${l.entries.map((e) => e.name).join(' | ')}`] : [];
  });
  return `\nNames a scenario can use:\n${lines.join('\n')}\n`;
}
