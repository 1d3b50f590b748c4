/**
 * A reference page from a zod schema: the schema goes through `z.toJSONSchema` (input side: what a
 * user writes) and every object becomes one section with a table of its keys — type, unit (read
 * from the key's unit suffix, as every key carries it), default, allowed values, and the text the
 * schema gives with `.describe()`, followed by the source of the default where the code names one.
 */
import { z } from 'zod';

/** JSON Schema node, as far as the renderer reads it. */
interface Js {
  type?: string | string[];
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, Js>;
  required?: string[];
  additionalProperties?: Js | boolean;
  items?: Js;
  prefixItems?: Js[];
  anyOf?: Js[];
  oneOf?: Js[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  pattern?: string;
}

export interface SchemaPageSpec {
  /** Page title (H1). */
  title: string;
  /** Markdown under the title: what the file is, how it is read. */
  intro: string;
  /** Where the schema lives (shown on the page). */
  source: string;
  schema: z.ZodType;
  /** Sources of defaults by key path (`a.b.c`, or `a.b.c (variant)` for one member of a union). */
  defaultSources?: Record<string, string>;
}

/**
 * Unit suffixes of key names → unit text. A key's unit is the longest run of its trailing
 * `_`-separated tokens found here (`solarRise_K_per_kW_m2` → K per kW/m²).
 */
const UNITS: Record<string, string> = {
  s: 's',
  min: 'min',
  h: 'h',
  C: '°C',
  K: 'K',
  V: 'V',
  mV: 'mV',
  A: 'A',
  Ah: 'Ah',
  W: 'W',
  kW: 'kW',
  kg: 'kg',
  g: 'g',
  Pa: 'Pa',
  MPa: 'MPa',
  ohm: 'Ω',
  mohm: 'mΩ',
  um: 'µm',
  mm: 'mm',
  m: 'm',
  pct: '%',
  J: 'J',
  GWh: 'GWh',
  W_m2: 'W/m²',
  W_m2K: 'W/(m²·K)',
  J_K: 'J/K',
  W_K: 'W/K',
  V_K: 'V/K',
  K_s: 'K/s',
  W_mK: 'W/(m·K)',
  K_per_kW_m2: 'K per kW/m²',
  mAh_cm2: 'mAh/cm²',
  mAh_g: 'mAh/g',
  ohm_cm2: 'Ω·cm²',
  mA_cm2: 'mA/cm²',
  g_per_Ah: 'g/Ah',
  USD_per_kWh: 'USD/kWh',
  kgCO2_per_kWh: 'kg CO2/kWh',
  per_s: 'channel unit/s',
  kJ_kg: 'kJ/kg',
  kWh: 'kWh',
  Wh: 'Wh',
  Wh_km: 'Wh/km',
  Wh_kg: 'Wh/kg',
  km: 'km',
  days: 'days',
};

export function unitOf(key: string): string {
  const parts = key.split('_');
  for (let i = 1; i < parts.length; i++) {
    const u = UNITS[parts.slice(i).join('_')];
    if (u) return u;
  }
  return '';
}

const SAFE = 9007199254740991;
/** A table cell: pipes escaped, one line, `<` outside code spans as an entity (the site's Vue compiler reads raw `<x>` as a tag). */
const cell = (s: string) =>
  s
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .split('`')
    .map((part, i) => (i % 2 ? part : part.replace(/</g, '&lt;')))
    .join('`');
const code = (v: unknown) => `\`${typeof v === 'string' && v !== '' ? v : JSON.stringify(v)}\``;
const slug = (path: string) =>
  path
    .replace(/\[\]/g, '-item')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase() || 'top-level';

interface Section {
  path: string;
  /** The keys' own path for default sources (union variants excluded). */
  sourcePath: string;
  variant?: string;
  note?: string;
  node: Js;
  unit: string;
}

function variants(n: Js): Js[] | undefined {
  return n.anyOf ?? n.oneOf;
}
function isObject(n: Js): boolean {
  return n.type === 'object' && !!n.properties;
}
/** A union member's label: its literal-valued key (`kind: daily`), else its type. */
function variantLabel(n: Js, i: number, objects: number): string {
  for (const [k, p] of Object.entries(n.properties ?? {})) if (p.const !== undefined) return `${k}: ${String(p.const)}`;
  return objects > 1 ? `object form ${i + 1}` : 'object form';
}

function typeOf(n: Js): string {
  const v = variants(n);
  if (v) return [...new Set(v.map((m) => (isObject(m) ? 'object' : typeOf(m))))].join(' | ');
  if (n.const !== undefined) return code(n.const);
  if (n.enum) return 'enum';
  if (n.type === 'array') return n.prefixItems ? `[${n.prefixItems.map(typeOf).join(', ')}]` : `array of ${n.items ? typeOf(n.items) : 'any'}`;
  if (n.type === 'object') return n.properties ? 'object' : 'map of any';
  return Array.isArray(n.type) ? n.type.join(' | ') : (n.type ?? 'any');
}

function allowedOf(n: Js): string {
  const out: string[] = [];
  const v = variants(n);
  if (v && !v.some(isObject)) for (const m of v) if (allowedOf(m)) out.push(allowedOf(m));
  if (n.enum) out.push(n.enum.map(code).join(', '));
  if (n.minimum !== undefined && Math.abs(n.minimum) !== SAFE) out.push(`≥ ${n.minimum}`);
  if (n.exclusiveMinimum !== undefined) out.push(`> ${n.exclusiveMinimum}`);
  if (n.maximum !== undefined && Math.abs(n.maximum) !== SAFE) out.push(`≤ ${n.maximum}`);
  if (n.exclusiveMaximum !== undefined) out.push(`< ${n.exclusiveMaximum}`);
  if (n.minLength) out.push('non-empty');
  if (n.pattern) out.push(`pattern ${code(n.pattern)}`);
  if (n.type === 'array') {
    if (n.minItems !== undefined && n.minItems === n.maxItems) out.push(`exactly ${n.minItems} items`);
    else {
      if (n.minItems) out.push(`≥ ${n.minItems} items`);
      if (n.maxItems !== undefined) out.push(`≤ ${n.maxItems} items`);
    }
    if (n.items && !isObject(n.items) && allowedOf(n.items)) out.push(`each ${allowedOf(n.items)}`);
  }
  return out.join('; ');
}

/** Objects inside a node (itself, an array's items, union members) that get their own section. */
function children(path: string, sourcePath: string, n: Js, unit: string): Section[] {
  if (isObject(n)) return [{ path, sourcePath, node: n, unit }];
  if (n.type === 'array' && n.items) return children(`${path}[]`, `${sourcePath}[]`, n.items, unit);
  const v = variants(n);
  if (!v) return [];
  const objs = v.filter(isObject);
  return objs.flatMap((m, i) => children(path, sourcePath, m, unit).map((s) => (objs.length > 1 || v.length > 1 ? { ...s, variant: variantLabel(m, i, objs.length) } : s)));
}

function render(sec: Section, spec: SchemaPageSpec): { md: string; next: Section[] } {
  const props = sec.node.properties ?? {};
  const required = new Set(sec.node.required ?? []);
  const next: Section[] = [];
  const rows: string[] = [];
  // siblings with identical object schemas (limit groups, reaction tiers) share one section
  const byShape = new Map<string, string[]>();
  for (const [k, p] of Object.entries(props)) {
    if (!isObject(p)) continue;
    const key = JSON.stringify(p);
    byShape.set(key, [...(byShape.get(key) ?? []), k]);
  }
  const shared = new Map<string, string>();
  for (const [shape, keys] of byShape) {
    if (keys.length < 2) continue;
    const path = `${sec.path ? `${sec.path}.` : ''}<key>`;
    for (const k of keys) shared.set(k, path);
    next.push({
      path,
      sourcePath: path,
      node: JSON.parse(shape) as Js,
      unit: '',
      note: `One section for the keys ${keys.map(code).join(', ')} (same fields each; the unit is that of the key's name).`,
    });
  }
  for (const [k, p] of Object.entries(props)) {
    const path = sec.path ? `${sec.path}.${k}` : k;
    const sourcePath = sec.sourcePath ? `${sec.sourcePath}.${k}` : k;
    const unit = unitOf(k) || sec.unit;
    const sub = shared.has(k) ? [] : children(path, sourcePath, p, unit);
    next.push(...sub);
    let type = typeOf(p);
    if (shared.has(k)) type = `object, see [\`${shared.get(k)}\`](#${slug(shared.get(k)!)})`;
    else if (sub.length)
      type = `${type}, see ${[...new Set(sub.map((s) => `[\`${s.path}\`${s.variant ? ` (${s.variant})` : ''}](#${slug(s.path + (s.variant ? `-${s.variant}` : ''))})`))].join(', ')}`;
    const def = p.default !== undefined ? code(p.default) : required.has(k) ? '**required**' : '—';
    const src = spec.defaultSources?.[sec.variant ? `${sourcePath} (${sec.variant.replace(/^\w+: /, '')})` : sourcePath] ?? spec.defaultSources?.[sourcePath];
    const own = p.description ?? (shared.has(k) ? 'Entries for this key; the fields are in the shared section.' : '');
    const desc = [own, src ? `*Source of the default:* ${src}` : ''].filter(Boolean).join(' ');
    const enumOnly = p.enum && !variants(p);
    rows.push(`| \`${k}\` | ${cell(enumOnly ? 'string' : type)} | ${unit} | ${cell(def)} | ${cell(allowedOf(p))} | ${cell(desc)} |`);
  }
  const title = `${sec.path || '(top level)'}${sec.variant ? ` (${sec.variant})` : ''}`;
  const md = [
    `## \`${title}\` {#${slug(sec.path + (sec.variant ? `-${sec.variant}` : ''))}}`,
    '',
    ...(sec.node.description ? [sec.node.description, ''] : []),
    ...(sec.note ? [sec.note, ''] : []),
    '| key | type | unit | default | allowed | meaning |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  return { md, next };
}

/** Markdown for the schema's reference page (deterministic: same schema → same bytes). */
export function renderSchemaPage(spec: SchemaPageSpec, generator: string): string {
  const root = z.toJSONSchema(spec.schema, { io: 'input', unrepresentable: 'any' }) as Js;
  const parts: string[] = [
    `# ${spec.title}`,
    '',
    `<!-- Generated by ${generator} from ${spec.source}; edit the schema's .describe() texts, not this file. -->`,
    '',
    spec.intro.trim(),
    '',
    `Schema: \`${spec.source}\`. Columns: the key; its type; the unit its name carries; the default when the key is left out (**required**: no default); the allowed values the schema checks; what it means.`,
    '',
  ];
  const queue: Section[] = [{ path: '', sourcePath: '', node: root, unit: '' }];
  const seen = new Set<string>();
  while (queue.length) {
    const sec = queue.shift()!;
    const id = slug(sec.path + (sec.variant ? `-${sec.variant}` : ''));
    if (seen.has(id)) continue;
    seen.add(id);
    const { md, next } = render(sec, spec);
    parts.push(md, '');
    queue.push(...next);
  }
  return parts.join('\n').replace(/\n+$/, '\n');
}
