/**
 * Loads the safety-test files: runaway module files (`ssb runaway-test`) and abuse procedures
 * (`ssb abuse`), resolving cells (presets or parameter files) and drive cycles as scenario files do.
 */
import { dirname, resolve, join } from 'node:path';
import { readdirSync, existsSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { parseRunawayTest, type RunawayTestSpec, parseAbuseProcedure, expandCellTemplates, DEFAULT_ABUSE_CELLS, type AbuseProcedure } from '../core/studies/index.js';
import { checkDriveStep, parseScenario, type Scenario } from '../core/sim/index.js';
import type { CellParams } from '../core/physics/index.js';
import { type SpeedTrace, parseStep, type ProtocolStep } from '../core/loads/index.js';
import { resolveCell, loadTrace, PROJECT_ROOT } from './scenario-loader.js';
import { parseYaml, readText } from './yaml-file.js';

export interface LoadedRunawayTest {
  file: string;
  text: string;
  spec: RunawayTestSpec;
  cell: CellParams;
}

export function loadRunawayTest(file: string): LoadedRunawayTest {
  const text = readText(file, 'runaway test file');
  const spec = parseRunawayTest(parseYaml(text, file), file);
  const cell = resolveCell(spec.cell, dirname(resolve(file)), file, 'cell');
  return { file, text, spec, cell };
}

export interface LoadedAbuse {
  file: string;
  text: string;
  procedure: AbuseProcedure;
  /** The scenario document before the cell is filled in. */
  scenarioRaw: Record<string, unknown>;
  /** The procedure's `scenario_file` (resolved); undefined when the scenario is inline. */
  scenarioFile?: string;
  baseDir: string;
}

export const ABUSE_DIR = join(PROJECT_ROOT, 'examples', 'abuse');

/** The procedure files of examples/abuse, in name order. */
export function builtInAbuseFiles(): string[] {
  if (!existsSync(ABUSE_DIR)) throw new InputError('folder of the built-in procedures not found', { file: ABUSE_DIR });
  return readdirSync(ABUSE_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(ABUSE_DIR, f));
}

export function loadAbuse(file: string): LoadedAbuse {
  const text = readText(file, 'abuse procedure file');
  const procedure = parseAbuseProcedure(parseYaml(text, file), file);
  const baseDir = dirname(resolve(file));
  let scenarioRaw: Record<string, unknown>;
  let scenarioBase = baseDir;
  let scenarioFile: string | undefined;
  if (procedure.scenario_file) {
    const sf = (scenarioFile = resolve(baseDir, procedure.scenario_file));
    const raw = parseYaml(readText(sf, 'scenario file'), sf);
    if (!raw || typeof raw !== 'object') throw new InputError('scenario file is not a mapping', { file: sf });
    scenarioRaw = { ...(raw as Record<string, unknown>) };
    scenarioBase = dirname(sf);
  } else scenarioRaw = { ...procedure.scenario! };
  return { file, text, procedure, scenarioRaw, ...(scenarioFile ? { scenarioFile } : {}), baseDir: scenarioBase };
}

/** Validate the procedure's scenario; errors name the scenario file, or the procedure file and `scenario.…` when inline. */
function parseProcedureScenario(raw: Record<string, unknown>, l: LoadedAbuse): Scenario {
  if (l.scenarioFile) return parseScenario(raw, l.scenarioFile);
  try {
    return parseScenario(raw, l.file);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const field = e.where.field && e.where.field !== '(top level)' ? `scenario.${e.where.field}` : 'scenario';
    throw new InputError(e.detail, { ...e.where, field });
  }
}

/** Cells a procedure runs on: --cell overrides the file's list, which defaults to the four presets. */
export function abuseCells(l: LoadedAbuse, cellOverride?: string): string[] {
  return cellOverride ? [cellOverride] : (l.procedure.cells ?? DEFAULT_ABUSE_CELLS);
}

export function prepareAbuseRun(l: LoadedAbuse, cellRef: string): { scenario: Scenario; cell: CellParams; traces: Record<string, SpeedTrace> } {
  const cell = resolveCell(cellRef, l.baseDir, l.file, 'cells');
  const raw = expandCellTemplates({ ...l.scenarioRaw }, cell, l.file) as Record<string, unknown>;
  raw.name = raw.name ?? l.procedure.title;
  raw.cell = cell.id;
  raw.compare = [];
  const scenario = parseProcedureScenario(raw, l);
  const traces: Record<string, SpeedTrace> = {};
  scenario.schedule.events.forEach((e, i) => {
    for (const name of e.drive ?? []) if (!traces[name]) traces[name] = loadTrace(name, l.baseDir, l.file);
    e.protocol?.forEach((text, k) => {
      let step: ProtocolStep;
      try {
        step = parseStep(text);
      } catch (err) {
        throw new InputError((err as Error).message, { file: l.file, field: `scenario.schedule.events.${i}.protocol.${k}` });
      }
      if (step.control.kind === 'profile' && !traces[step.control.name]) traces[step.control.name] = loadTrace(step.control.name, l.baseDir, l.file);
    });
  });
  checkDriveStep(scenario, traces, l.file);
  return { scenario, cell, traces };
}
