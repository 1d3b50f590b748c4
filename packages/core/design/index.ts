/** Cell designer: design file → performance, cost, CO2, simulator parameters, sweeps. */
import { parseDesign, type Design } from './schema.js';
import { resolveDesign } from './resolve.js';
import { evaluateResolved, type DesignResult } from './evaluate.js';
import { emitCellParams } from './emit.js';
import type { CellParams } from '../physics/cell-params.js';

export * from './schema.js';
export * from './resolve.js';
export * from './evaluate.js';
export * from './emit.js';
export * from './bom.js';
export * from './cost.js';
export * from './lca.js';
export * from './pack-bom.js';
export * from './sweep.js';
export * from './data.js';
export * from './families.js';
export * from './presets.js';

/** Evaluate a validated design. */
export function evaluateDesign(d: Design): DesignResult {
  return evaluateResolved(resolveDesign(d));
}

/** Validate, evaluate and emit the simulator parameters of a raw (parsed YAML) design. */
export function designToCellParams(raw: unknown, file = 'design'): { design: Design; result: DesignResult; params: CellParams } {
  const design = parseDesign(raw, file);
  const r = resolveDesign(design);
  const result = evaluateResolved(r);
  return { design, result, params: emitCellParams(r, result) };
}
