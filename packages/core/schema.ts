/**
 * Validation of every input document against its zod schema (scenarios, cell designs, runaway
 * module files, abuse procedures) in one error style: the first problem becomes an InputError
 * naming the file, the field path and the value; unknown fields get a "did you mean".
 *
 * Keys of user files are snake_case with the unit suffix kept as written (`solar_peak_W_m2`).
 * Where the core's TypeScript name is camelCase (`solarPeak_W_m2`), the schema validates the
 * user's spelling and renames to the core's name after validation (`withCoreNames`, one table of
 * names per file kind); a key in the old camelCase spelling is reported with its new spelling.
 */
import { z } from 'zod';
import { InputError } from './errors.js';
import { closest, snakeKey } from './suggest.js';
import type { Registry, RegistryEntry } from './registry.js';
import { celsiusProblem, kelvinProblem } from './units/index.js';

/** User-file key → the core's name for it, for the keys whose names differ. */
export type KeyNames = { readonly [userKey: string]: string };

/** `T` with its keys renamed by `M` (distributes over unions; optional keys stay optional). */
export type Renamed<T, M extends KeyNames> = T extends unknown ? { [K in keyof T as K extends keyof M ? M[K] : K]: T[K] } : never;

/** Rename a validated object's user keys to the core's names (key order kept; absent keys stay absent). */
export function renameKeys<T extends object, M extends KeyNames>(o: T, names: M): Renamed<T, M> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[Object.hasOwn(names, k) ? names[k] : k] = v;
  return out as Renamed<T, M>;
}

/** `schema` validates the user's spelling; its output carries the core's names (`names`: user key → core name). */
export function withCoreNames<S extends z.ZodType<object>, M extends KeyNames>(schema: S, names: M) {
  return schema.transform((o) => renameKeys(o as z.output<S> & object, names));
}

/**
 * @param explain optional plainer message for an issue at a path (e.g. a union whose members
 * differ by a `type` field); undefined keeps zod's message.
 */
export function parseWithSchema<S extends z.ZodType>(schema: S, raw: unknown, file: string, explain?: (issue: z.core.$ZodIssue, path: readonly string[]) => string | undefined): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  // an unknown key first: a misspelled (or old-spelling) required field also shows up as missing
  let issue = r.error.issues.find((i) => i.code === 'unrecognized_keys') ?? r.error.issues[0];
  // a union none of whose members fits, where one member fails only on a name (`material: aerogl`): that name
  if (issue.code === 'invalid_union' && !(issue as { options?: unknown[] }).options) {
    const inner = (issue as { errors?: z.core.$ZodIssue[][] }).errors?.find((b) => b.length === 1 && b[0].code === 'invalid_value' && b[0].path.length > 0)?.[0];
    if (inner) issue = { ...inner, path: [...issue.path, ...inner.path] };
  }
  const path = issue.path.map(String);
  let msg = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    msg = `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`;
    const known = knownKeys(schema, path);
    const renamed = keys.find((k) => snakeKey(k) !== k && known.includes(snakeKey(k)));
    const hint = keys.map((k) => closest(k, known)).filter(Boolean);
    if (renamed) msg = `'${renamed}' is the old spelling: keys are snake_case with the unit as written (did you mean '${snakeKey(renamed)}'?)`;
    else if (hint.length) msg += ` (did you mean ${hint.map((h) => `'${h}'`).join(', ')}?)`;
    path.push(renamed ?? keys[0]);
  } else {
    const explained = explain?.(issue, path);
    // zod's own wording ("Invalid option …") gets the registries' "did you mean"; a custom message is kept
    msg = explained ?? (/^Invalid/.test(msg) ? unknownNameMessage(issue, valueAt(raw, path)) : null) ?? msg;
  }
  throw new InputError(msg, { file, field: path.join('.') || '(top level)', value: valueAt(raw, path) });
}

/**
 * A name that is not one of a fixed list (an enum, a literal, a discriminator such as climate
 * `kind`): "unknown value (did you mean 'constant'?); expected one of constant, daily, …", the
 * wording of the registries. null for other issues.
 */
function unknownNameMessage(issue: z.core.$ZodIssue, input: unknown): string | null {
  let names: unknown[] | undefined;
  if (issue.code === 'invalid_value') names = issue.values as unknown[];
  else if (issue.code === 'invalid_union') {
    const u = issue as { options?: unknown[]; errors?: z.core.$ZodIssue[][] };
    // a discriminated union's discriminator, or a union with literal members ('toronto' | [...])
    names = u.options ?? u.errors?.flatMap((branch) => branch.flatMap((i) => (i.code === 'invalid_value' && i.path.length === 0 ? (i.values as unknown[]) : [])));
  }
  if (!names?.length || !names.every((n) => typeof n === 'string') || typeof input !== 'string') return null;
  const known = names as string[];
  const hint = closest(input, known);
  const others = issue.code === 'invalid_union' && !(issue as { options?: unknown[] }).options ? ', or the other form the field takes (see its reference)' : '';
  return `unknown value${hint ? ` (did you mean '${hint}'?)` : ''}; expected one of ${known.join(', ')}${others}`;
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
    const field = fieldSchema(s, k);
    if (field) s = field;
    else if (unwrap(s) instanceof z.ZodArray) s = (unwrap(s) as z.ZodArray).element as z.ZodType;
  }
  s = unwrap(s);
  if (s instanceof z.ZodArray) s = unwrap(s.element as z.ZodType);
  return objectKeys(s);
}

/** The schema of field `k` of an object schema (or of the union member that has it). */
function fieldSchema(s: z.ZodType, k: string): z.ZodType | undefined {
  s = unwrap(s);
  if (s instanceof z.ZodObject) return (s.shape as Record<string, z.ZodType>)[k];
  if (s instanceof z.ZodUnion)
    for (const o of s.options as z.ZodType[]) {
      const f = fieldSchema(o, k);
      if (f) return f;
    }
  return undefined;
}

/** Keys of an object schema; of a union, the keys of all its object members. */
function objectKeys(s: z.ZodType): string[] {
  s = unwrap(s);
  if (s instanceof z.ZodObject) return Object.keys(s.shape);
  if (s instanceof z.ZodUnion) return [...new Set((s.options as z.ZodType[]).flatMap(objectKeys))];
  return [];
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

/**
 * A temperature in °C (every `_C` field of an input file): a finite number within
 * PLAUSIBLE_CELSIUS_RANGE (units/index.ts); outside it the error names the likely mistake
 * ("298.15 looks like kelvin (25 °C?)").
 */
export const celsius = z
  .number()
  .refine(Number.isFinite, 'must be a finite number')
  .superRefine((v, ctx) => {
    const problem = Number.isFinite(v) ? celsiusProblem(v) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A temperature in kelvin (`_K` fields people write: BMS limits, the cabin set-point): as `celsius`, "45 looks like °C (318.15 K?)". */
export const kelvin = z
  .number()
  .refine(Number.isFinite, 'must be a finite number')
  .superRefine((v, ctx) => {
    const problem = Number.isFinite(v) ? kelvinProblem(v) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** True when `v` holds no NaN or ±Infinity at any depth (free-form metadata such as a model's provenance). */
export function allFinite(v: unknown, depth = 0): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (depth > 32 || !v || typeof v !== 'object') return true;
  return Object.values(v).every((x) => allFinite(x, depth + 1));
}
