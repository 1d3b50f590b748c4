/**
 * Physical ranges of measured single-cell data (`estimate`, `fit`, `train-soc` read one cell): a
 * value outside them is a unit mistake, pack data, or a damaged file, and is refused naming the
 * file, the line, the quantity and the value — never scored or fitted.
 */
import { InputError } from '../../core/errors.js';
import type { MeasuredChunk } from '../../core/data/index.js';

/**
 * Terminal voltage of one cell [V]: 0…10 V. Assumed bounds: no cell chemistry reaches 6 V (the
 * highest-voltage cathodes are ≈ 5 V vs Li); above 10 V is a module or pack, or mV.
 */
export const CELL_VOLTAGE_RANGE_V = { min: 0, max: 10 } as const;
/** Cell temperature [°C]: −60…150 °C (assumed: below any test chamber's cold end; above 150 °C a cell is in thermal runaway, not in a test to fit or score). */
export const CELL_TEMP_RANGE_C = { min: -60, max: 150 } as const;
/** Largest |current| per Ah of capacity [A/Ah = C-rate]: 100 C (assumed: above any pulse or short-circuit test of a cell, ≈ 20–60 C). */
export const MAX_C_RATE = 100;
/** A cell's capacity [Ah]: 1 mAh (coin cells) … 10 000 Ah (assumed: 30× the largest prismatic cells, ≈ 300 Ah). */
export const CELL_CAPACITY_RANGE_AH = { min: 1e-3, max: 1e4 } as const;

/** Refuses a capacity option outside CELL_CAPACITY_RANGE_AH (e.g. `--capacity-ah 1e-300`, or mAh). */
export function checkCellCapacity(capacity_Ah: number, field: string, text: string): void {
  const { min, max } = CELL_CAPACITY_RANGE_AH;
  if (capacity_Ah >= min && capacity_Ah <= max) return;
  const hint = capacity_Ah > max && capacity_Ah / 1000 <= max ? ` (${text} looks like mAh: ${capacity_Ah / 1000} Ah?)` : '';
  throw new InputError(`a cell's capacity must be within ${min}…${max} Ah${hint}`, { field, value: text });
}

/**
 * Throws an InputError at the first row of `c` outside the ranges above: voltage, temperature
 * and, with `capacity_Ah`, current beyond MAX_C_RATE.
 */
export function checkMeasuredRanges(c: Pick<MeasuredChunk, 'length' | 'current_A' | 'voltage_V' | 'temp_K' | 'line'>, file: string, capacity_Ah?: number): void {
  const vr = CELL_VOLTAGE_RANGE_V;
  const tr = CELL_TEMP_RANGE_C;
  const maxI_A = capacity_Ah !== undefined ? MAX_C_RATE * capacity_Ah : Number.POSITIVE_INFINITY;
  for (let i = 0; i < c.length; i++) {
    const v = c.voltage_V[i];
    if (!(v >= vr.min && v <= vr.max)) {
      const hint = v > 1000 ? ': looks like mV' : v > vr.max ? ': looks like a module or pack voltage (these commands read one cell)' : '';
      throw new InputError(`line ${c.line[i]}: cell voltage outside ${vr.min}…${vr.max} V${hint}`, { file, field: 'voltage', value: v });
    }
    const a = Math.abs(c.current_A[i]);
    if (!(a <= maxI_A))
      throw new InputError(
        `line ${c.line[i]}: current of ${Number.isFinite(a) ? (a / capacity_Ah!).toPrecision(3) : a} C for a ${+capacity_Ah!.toPrecision(4)} Ah cell (above ${MAX_C_RATE} C: wrong unit, or the wrong capacity?)`,
        {
          file,
          field: 'current',
          value: c.current_A[i],
        },
      );
    if (c.temp_K) {
      const t_C = c.temp_K[i] - 273.15;
      if (!(t_C >= tr.min && t_C <= tr.max)) {
        const hint = t_C > tr.max && t_C < 500 ? `: ${Math.round(t_C * 100) / 100} looks like kelvin read as °C` : '';
        throw new InputError(`line ${c.line[i]}: cell temperature outside ${tr.min}…${tr.max} °C${hint}`, {
          file,
          field: 'temperature [°C]',
          value: Math.abs(t_C) < 1e6 ? Math.round(t_C * 1000) / 1000 : t_C,
        });
      }
    }
  }
}
