/**
 * The model an estimator runs on, from the command line's `--model`: a fitted model file
 * (`ssb fit … --out model.json`), or a built-in cell preset id / cell parameter file (the BMS's
 * nominal model of that cell, as in the simulator).
 */
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../core/errors.js';
import { type EcmModel, parseNnWeights, type NnWeights } from '../core/bms/index.js';
import { buildCellModel, validateCellParams } from '../core/physics/index.js';
import { CELL_PRESET_REGISTRY } from '../core/design/index.js';
import { ecmFromCell } from '../core/sim/index.js';
import { ECM_MODEL_SCHEMA, ecmFromModelFile, parseModelFile } from '../core/fit/index.js';

export interface EstimatorModel {
  ecm: EcmModel;
  /** Options every estimator gets from the model (e.g. the fitted coulombic efficiency). */
  estimatorOptions: Record<string, unknown>;
  kind: 'fitted' | 'preset' | 'cell-parameters';
}

/** Reads a JSON file; InputError naming the file on a missing file or bad JSON. */
export function readJsonFile(file: string, field: string): unknown {
  if (!existsSync(file)) throw new InputError('file not found', { file, field });
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`not valid JSON: ${(e as Error).message}`, { file, field });
  }
}

export function loadEstimatorModel(ref: string): EstimatorModel {
  const preset = CELL_PRESET_REGISTRY.find(ref);
  if (preset) return { ecm: ecmFromCell(buildCellModel(preset.params)), estimatorOptions: {}, kind: 'preset' };
  if (!existsSync(ref)) throw new InputError(`no such model file, and ${CELL_PRESET_REGISTRY.unknownMessage(ref)}`, { field: 'model', value: ref });
  const json = readJsonFile(ref, 'model');
  if (json && typeof json === 'object' && (json as { schema?: unknown }).schema === ECM_MODEL_SCHEMA) {
    const m = parseModelFile(json, ref);
    return { ecm: ecmFromModelFile(m), estimatorOptions: { coulombicEfficiency: m.coulombicEfficiency, ...(m.estimator ?? {}) }, kind: 'fitted' };
  }
  return { ecm: ecmFromCell(buildCellModel(validateCellParams(json, ref))), estimatorOptions: {}, kind: 'cell-parameters' };
}

/** A trained `nn` weights file (`ssb train-soc --out`). */
export function loadNnWeightsFile(file: string): NnWeights {
  return parseNnWeights(readJsonFile(file, 'weights'), file);
}
