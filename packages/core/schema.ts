/**
 * Validation of every input document against its zod schema (scenarios, cell designs, runaway
 * module files, abuse procedures) in one error style: the first problem becomes an InputError
 * naming the file, the field path and the value; unknown fields get a "did you mean".
 */
import { z } from 'zod';
import { InputError } from './errors.js';
import { closest } from './suggest.js';
import type { Registry, RegistryEntry } from './registry.js';

/**
 * @param explain optional plainer message for an issue at a path (e.g. a union whose members
 * differ by a `type` field); undefined keeps zod's message.
 */
export function parseWithSchema<S extends z.ZodType>(schema: S, raw: unknown, file: string, explain?: (issue: z.core.$ZodIssue, path: readonly string[]) => string | undefined): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue.path.map(String);
  let msg = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    msg = `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`;
    const known = knownKeys(schema, path);
    const hint = keys.map((k) => closest(k, known)).filter(Boolean);
    if (hint.length) msg += ` (did you mean ${hint.map((h) => `'${h}'`).join(', ')}?)`;
    path.push(keys[0]);
  } else if (explain) msg = explain(issue, path) ?? msg;
  throw new InputError(msg, { file, field: path.join('.') || '(top level)', value: valueAt(raw, path) });
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v && typeof v === 'object') v = (v as Record<string | number, unknown>)[k];
    else return undefined;
  }
  return v;
}

function knownKeys(root: z.ZodType, path: string[]): string[] {
  let s: z.ZodType = root;
  for (const k of path) {
    s = unwrap(s);
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[k] ?? s;
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
  }
  s = unwrap(s);
  if (s instanceof z.ZodArray) s = unwrap(s.element as z.ZodType);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function unwrap(s: z.ZodType): z.ZodType {
  for (let i = 0; i < 10; i++) {
    const def = (s as unknown as { def?: { innerType?: z.ZodType; in?: z.ZodType; schema?: z.ZodType } }).def;
    const inner = def?.innerType ?? def?.in ?? def?.schema;
    if (!inner) break;
    s = inner;
  }
  return s;
}

/**
 * The zod enum of a registry's names (registry.ts): a wrong name fails with the registry's
 * message — "unknown SoC estimator (did you mean 'ekf'?); expected one of …".
 */
export function registryEnum<E extends RegistryEntry>(reg: Registry<E>) {
  return z.enum(reg.names as unknown as [E['name'], ...E['name'][]], { error: (issue) => reg.unknownMessage(issue.input) });
}
