/**
 * Inputs of a scenario that are possible but more likely a mistake: each becomes a warning on
 * stderr and in metrics.json (`warnings`), naming the field, the value and the likely mistake.
 * (Values that cannot be right are errors of the schema: scenario.ts, schema.ts `celsius`.)
 */
import type { Scenario } from './scenario.js';

/** Hottest and coldest air temperatures recorded on Earth [°C] (WMO archive: Death Valley 1913, 56.7 °C; Vostok 1983, −89.2 °C). */
export const RECORD_AMBIENT_C = { max: 56.7, min: -89.2 } as const;
/** An ambient above this is a climate chamber or a unit mistake (the record plus margin, assumed) [°C]. */
const HOT_AMBIENT_C = 60;

const fToC = (f: number) => Math.round(((f - 32) / 1.8) * 10) / 10;

/** Warnings of a scenario (empty for a plausible one). */
export function scenarioWarnings(s: Scenario): string[] {
  const out: string[] = [];
  const c = s.climate;
  const hot: [string, number][] = [];
  if (c.kind === 'constant') hot.push(['climate.temp_C', c.temp_C]);
  else if (c.kind === 'daily') hot.push(['climate.max_C', c.max_C]);
  else if (c.kind === 'table') hot.push(['climate.temp_C', Math.max(...c.temp_C)]);
  else if (Array.isArray(c.months)) hot.push(['climate.months.max_C', Math.max(...c.months.map((m) => m.max_C))]);
  for (const [field, v] of hot)
    if (v > HOT_AMBIENT_C)
      out.push(`${field} ${v} °C is hotter than any air temperature recorded on Earth (${RECORD_AMBIENT_C.max} °C): right for a climate chamber, but if it is in °F it means ${fToC(v)} °C`);
  return out;
}
