import { buildCellModel, cellSpec } from '../../packages/core/physics/index.js';
import { CELL_PRESET_REGISTRY } from '../../packages/core/design/index.js';
import { interpUniform } from '../../packages/core/numerics/index.js';
import { cToK } from '../../packages/core/units/index.js';
import { formatSummary, formatNumber } from '../../packages/io/summary.js';

/** One row per preset; the cell figures are `cellSpec` of the emitted parameters, as in `ssb design` and metrics.json. */
export function cellRows(): Record<string, unknown>[] {
  return CELL_PRESET_REGISTRY.entries.map(({ params: p, designFile, family }) => {
    const c = buildCellModel(p);
    const s = cellSpec(c);
    const r25 = c.resistance(cToK(25), p.pressure.initial_MPa * 1e6, 0);
    const rm20 = c.resistance(cToK(-20), p.pressure.initial_MPa * 1e6, 0);
    // a warm chemistry (window above 25 °C, e.g. PEO above its melting point) is also shown where it runs
    const w = p.thermal.window_C;
    const operating_C = w.min > 25 ? (w.min + w.max) / 2 : null;
    const rOp = operating_C === null ? null : c.resistance(cToK(operating_C), p.pressure.initial_MPa * 1e6, 0);
    return {
      id: p.id,
      name: p.name,
      capacity_Ah: +s.capacity_Ah.toFixed(2),
      energy_Wh: +s.energy_Wh.toFixed(1),
      mass_g: +(s.mass_kg * 1000).toFixed(1),
      volume_mL: s.volume_L === null ? null : +(s.volume_L * 1000).toFixed(1),
      specific_energy_Wh_kg: +s.specific_energy_Wh_kg.toFixed(0),
      energy_density_Wh_L: s.energy_density_Wh_L === null ? null : +s.energy_density_Wh_L.toFixed(0),
      ocv_50pct_V: +interpUniform(c.ocvTable, 0.5).toFixed(3),
      r0_25C_mohm: +(r25.total_ohm * 1e3).toFixed(3),
      r0_minus20C_mohm: +(rm20.total_ohm * 1e3).toFixed(3),
      operating_temp_C: operating_C,
      r0_operating_mohm: rOp === null ? null : +(rOp.total_ohm * 1e3).toFixed(3),
      defined_in: { design: designFile, family: `${family} (packages/core/design/families.ts)`, preset: 'packages/core/design/presets.ts' },
    };
  });
}

export function cellsCommand(opts: { json?: boolean }): void {
  const rows = cellRows();
  if (opts.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  const n = (v: unknown, d = 3) => (typeof v === 'number' ? formatNumber(v, d) : '—');
  for (const r of rows) {
    const def = r.defined_in as { design: string; family: string };
    process.stdout.write(
      formatSummary(`${r.id} — ${r.name}`, [
        ['capacity', `${n(r.capacity_Ah)} Ah`],
        ['energy', `${n(r.energy_Wh)} Wh`],
        ['mass / volume', `${n(r.mass_g)} g / ${n(r.volume_mL)} mL`],
        ['cell', `${n(r.specific_energy_Wh_kg)} Wh/kg, ${n(r.energy_density_Wh_L)} Wh/L`],
        ['OCV at 50 % SoC', `${r.ocv_50pct_V} V`],
        ['R0 at 25 °C / −20 °C', `${n(r.r0_25C_mohm)} / ${n(r.r0_minus20C_mohm)} mΩ`],
        ...(r.operating_temp_C === null ? [] : ([[`R0 at ${n(r.operating_temp_C)} °C (operating)`, `${n(r.r0_operating_mohm)} mΩ`]] as [string, string][])),
        ['defined by', `design ${def.design} on the ${def.family} family`],
      ]) + '\n',
    );
  }
}
