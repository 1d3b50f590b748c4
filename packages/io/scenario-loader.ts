/**
 * Loads a scenario file (YAML or JSON) and everything it references: the cell parameters (a
 * preset id, or a parameter file, with overrides merged and validated), and the drive cycles
 * (EPA names resolved in the shared data folder, or paths to EPA-format files).
 */
import { existsSync } from 'node:fs';
import { dirname, resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/errors.js';
import { parseScenario, type Scenario, type CellRef, checkScenarioFaults, checkDriveStep } from '../core/sim/index.js';
import { CELL_PRESET_REGISTRY } from '../core/design/index.js';
import { type CellParams, buildCellModel, validateCellParams, type CellModel, CYLINDRICAL_FORMATS } from '../core/physics/index.js';
import { parseModelFile, ecmFromModelFile, cellModelFromEcmFile, fittedCellBody } from '../core/fit/index.js';
import type { EcmModel } from '../core/bms/index.js';
import { DRIVE_CYCLE_REGISTRY, findDriveCycle, parseEpaSchedule, type SpeedTrace, parseStep, type ProtocolStep } from '../core/loads/index.js';
import { cellParamsFromDesign } from './design-loader.js';
import { parseBtmsModel, type BtmsTempModel } from '../core/btms/index.js';
import { parseYaml, readText } from './yaml-file.js';

/** Re-exported for the callers that read other files beside a scenario. */

/** The learned BTMS temperature model shipped with the project (`ssb train-btms`). */
export const DEFAULT_BTMS_MODEL = 'models/btms-temp-30min.json';

/** Read and validate a BTMS model file (`ssb train-btms --out`). */
export function loadBtmsModel(file: string): BtmsTempModel {
  return parseBtmsModel(parseYaml(readText(file, 'BTMS model file'), file), file);
}

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Folder of the EPA traces: $SSB_EPA_DIR, else ../shared/data/epa-drive-cycles beside the project. */
export function epaDir(): string {
  return process.env.SSB_EPA_DIR ?? resolve(PROJECT_ROOT, '../shared/data/epa-drive-cycles');
}

export interface LoadedScenario {
  file: string;
  text: string;
  scenario: Scenario;
  cell: CellParams;
  compare: CellParams[];
  traces: Record<string, SpeedTrace>;
  /** Cells given as a fitted model file (`cell: {model: …}`), by their params id: plant and BMS models. */
  fitted: Record<string, FittedCell>;
  /** The learned model for `btms.controller: ml` (btms.model relative to the scenario, else the shipped one). */
  btmsModel?: BtmsTempModel;
}

export interface FittedCell {
  cell: CellModel;
  ecm: EcmModel;
  file: string;
}

/** Default body of a fitted model: the liquid Li-ion reference (the fitted data are from Li-ion cells so far). */
export const DEFAULT_FIT_BASE = 'liion-nmc811-graphite';

export function loadScenario(file: string): LoadedScenario {
  const text = readText(file, 'scenario file');
  const raw = parseYaml(text, file);
  const scenario = parseScenario(raw, file);
  checkScenarioFaults(scenario, file);
  const base = dirname(resolve(file));
  const fitted: Record<string, FittedCell> = {};
  const cell = resolveCell(scenario.cell, base, file, 'cell', fitted);
  const compare = scenario.compare.map((c, i) => resolveCell(c, base, file, `compare.${i}`, fitted));
  const traces: Record<string, SpeedTrace> = {};
  scenario.schedule.events.forEach((e, i) => {
    for (const name of e.drive ?? []) if (!traces[name]) traces[name] = loadTrace(name, base, file);
    e.protocol?.forEach((text, k) => {
      let step: ProtocolStep;
      try {
        step = parseStep(text);
      } catch (err) {
        throw new InputError((err as Error).message, { file, field: `schedule.events.${i}.protocol.${k}` });
      }
      if (step.control.kind === 'profile' && !traces[step.control.name]) traces[step.control.name] = loadTrace(step.control.name, base, file);
    });
  });
  checkDriveStep(scenario, traces, file);
  const btmsModel = scenario.btms.controller === 'ml' ? loadBtmsModel(scenario.btms.model ? resolve(base, scenario.btms.model) : resolve(PROJECT_ROOT, DEFAULT_BTMS_MODEL)) : undefined;
  return { file, text, scenario, cell, compare, traces, fitted, ...(btmsModel ? { btmsModel } : {}) };
}

export function loadTrace(name: string, baseDir: string, scenarioFile: string): SpeedTrace {
  const known = findDriveCycle(name);
  const path = known ? join(epaDir(), known.file) : resolve(baseDir, name);
  if (!existsSync(path)) {
    const where = { file: scenarioFile, field: 'schedule.events.drive', value: name };
    if (known) throw new InputError(`EPA drive cycle file not found at ${path} (set SSB_EPA_DIR to the folder holding ${DRIVE_CYCLE_REGISTRY.entries.map((e) => e.file).join(', ')})`, where);
    throw new InputError(`no such file, and ${DRIVE_CYCLE_REGISTRY.unknownMessage(name.toUpperCase())}`, where);
  }
  return parseEpaSchedule(readText(path, 'drive cycle'), path);
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const av = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && av && typeof av === 'object' && !Array.isArray(av) ? deepMerge(av as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

/** A cell named by a string that is neither a preset nor a file: the presets with a "did you mean". */
function checkCellName(ref: CellRef, baseDir: string, scenarioFile: string, field: string): void {
  if (typeof ref !== 'string' || CELL_PRESET_REGISTRY.has(ref) || existsSync(resolve(baseDir, ref))) return;
  const path = resolve(baseDir, ref);
  throw new InputError(`not a cell parameter file (${path.length <= 200 ? `no ${path}` : 'no such file'}) and ${CELL_PRESET_REGISTRY.unknownMessage(String(ref).slice(0, 80))}`, {
    file: scenarioFile,
    field,
    value: ref,
  });
}

export function resolveCell(ref: CellRef, baseDir: string, scenarioFile: string, field: string, fitted?: Record<string, FittedCell>): CellParams {
  checkCellName(ref, baseDir, scenarioFile, field);
  const r = typeof ref === 'string' ? (CELL_PRESET_REGISTRY.has(ref) ? { preset: ref } : { file: ref }) : ref;
  if (r.model !== undefined) {
    if (r.preset || r.file) throw new InputError('give either a fitted model (with a design or its mass, size and heat capacity) or a preset/file, not both', { file: scenarioFile, field });
    if (!fitted) throw new InputError('a fitted model file is not accepted here', { file: scenarioFile, field });
    return resolveFitted(r as CellRefObject & { model: string }, baseDir, scenarioFile, field, fitted);
  }
  for (const k of ['base', 'mass_g', 'format', 'dimensions', 'heat_capacity_J_kgK'] as const)
    if (r[k] !== undefined) throw new InputError(`"${k}" goes with "model" (a fitted model file)`, { file: scenarioFile, field: `${field}.${k}`, value: r[k] });
  let params: Record<string, unknown>;
  let where = scenarioFile;
  if (r.preset) {
    params = structuredClone(CELL_PRESET_REGISTRY.get(r.preset, { file: scenarioFile, field }).params) as unknown as Record<string, unknown>;
  } else if (r.file) {
    where = resolve(baseDir, r.file);
    const raw = parseYaml(readText(where, 'cell parameter file'), where) as Record<string, unknown>;
    params = raw && typeof raw === 'object' && 'cell' in raw && raw.cell && typeof raw.cell === 'object' ? (raw.cell as Record<string, unknown>) : raw;
  } else if (r.design) {
    where = resolve(baseDir, r.design);
    params = cellParamsFromDesign(where) as unknown as Record<string, unknown>;
  } else throw new InputError('give a cell preset, a file or a design', { file: scenarioFile, field });
  if (r.overrides) params = deepMerge(params, r.overrides);
  const label = r.overrides ? `${where} (${field} with overrides)` : where;
  const cell = validateCellParams(params, label);
  try {
    buildCellModel(cell); // materials and derived tables: report problems here, with the file
  } catch (e) {
    throw e instanceof InputError ? e.inFile(label) : e;
  }
  return cell;
}

type CellRefObject = Exclude<CellRef, string>;

/**
 * `cell: {model: path/to/model.json, …}`: the fitted model's electrical behaviour on a body that
 * is the fitted cell's own — a design (`design:`, its emitted parameters), or its `mass_g`, size
 * (`format` or `dimensions`) and `heat_capacity_J_kgK` on the family dynamics of the `base` preset
 * (default liion-nmc811-graphite). Never a preset's mass or size: without them the run stops
 * (exit 2) naming what is missing. `overrides` apply to the body.
 */
function resolveFitted(r: CellRefObject & { model: string }, baseDir: string, scenarioFile: string, field: string, fitted: Record<string, FittedCell>): CellParams {
  const path = resolve(baseDir, r.model);
  const text = readText(path, 'fitted model file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(`invalid JSON: ${(e as Error).message}`, { file: path });
  }
  const m = parseModelFile(json, path);
  let body: CellParams;
  if (r.design !== undefined) {
    if (r.base !== undefined) throw new InputError('with design: the family comes from the design; leave out base', { file: scenarioFile, field: `${field}.base`, value: r.base });
    body = resolveCell(r.overrides ? { design: r.design, overrides: r.overrides } : { design: r.design }, baseDir, scenarioFile, `${field}.design`);
    if (r.mass_g !== undefined || r.heat_capacity_J_kgK !== undefined || r.format !== undefined || r.dimensions !== undefined)
      throw new InputError('with design: mass, size and heat capacity come from the design; leave out mass_g, format, dimensions and heat_capacity_J_kgK (or use overrides)', {
        file: scenarioFile,
        field,
      });
  } else {
    if (r.format !== undefined && r.dimensions !== undefined) throw new InputError('give format or dimensions, not both', { file: scenarioFile, field: `${field}.dimensions` });
    const missing = [
      ...(r.mass_g === undefined ? ['mass_g'] : []),
      ...(r.format === undefined && r.dimensions === undefined ? ['dimensions (or format: 18650 | 21700 | 26650 | 4680)'] : []),
      ...(r.heat_capacity_J_kgK === undefined ? ['heat_capacity_J_kgK'] : []),
    ];
    if (missing.length)
      throw new InputError(
        `a fitted cell needs its own physical data — missing ${missing.join(', ')}; give them beside model: (e.g. mass_g: 47.5, format: 18650, heat_capacity_J_kgK: 1000), or design: <cell design file> for the whole body. The base preset gives only the family dynamics (thermal window, ageing, runaway), never its mass or size`,
        { file: scenarioFile, field: `${field}.${missing[0].split(' ')[0]}` },
      );
    const familyId = r.base ?? DEFAULT_FIT_BASE;
    const family = resolveCell({ preset: familyId }, baseDir, scenarioFile, `${field}.base`);
    const dimensions = r.dimensions ?? CYLINDRICAL_FORMATS[r.format!];
    body = fittedCellBody(family, m.capacity_Ah, { mass_g: r.mass_g!, dimensions, heatCapacity_J_kgK: r.heat_capacity_J_kgK! });
    if (r.overrides) body = validateCellParams(deepMerge(body as unknown as Record<string, unknown>, r.overrides), `${scenarioFile} (${field} with overrides)`);
  }
  const cell = cellModelFromEcmFile(m, body);
  fitted[cell.params.id] = { cell, ecm: ecmFromModelFile(m), file: path };
  return cell.params;
}
