/** Loads a cell design file (YAML or JSON) and turns it into simulator cell parameters. */
import { resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { parseDesign, type Design, resolveDesign, type Resolved, evaluateResolved, type DesignResult, emitCellParams, checkDesignId } from '../core/design/index.js';
import type { CellParams } from '../core/physics/index.js';
import { parseYaml, readText } from './yaml-file.js';

export interface LoadedDesign {
  file: string;
  text: string;
  raw: unknown;
  design: Design;
  resolved: Resolved;
  result: DesignResult;
}

/** Read, validate, resolve and evaluate a design file; every InputError names the file. */
export function loadDesign(file: string): LoadedDesign {
  const text = readText(file, 'design file');
  const raw = parseYaml(text, file);
  try {
    const design = parseDesign(raw, file);
    const resolved = resolveDesign(design); // first: a layer in the wrong unit says so before the id check
    checkDesignId(design);
    return { file, text, raw, design, resolved, result: evaluateResolved(resolved) };
  } catch (e) {
    throw e instanceof InputError ? e.inFile(file) : e;
  }
}

/** The simulator's cell parameters of a design file (for `cell: { design: … }` in a scenario). */
export function cellParamsFromDesign(file: string, baseDir = '.'): CellParams {
  const path = resolve(baseDir, file);
  const d = loadDesign(path);
  try {
    return emitCellParams(d.resolved, d.result);
  } catch (e) {
    throw e instanceof InputError ? e.inFile(path) : e;
  }
}
