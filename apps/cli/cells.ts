import { CELL_PRESET_REGISTRY, buildCellModel } from '../../packages/core/physics/index.js';
import { interpUniform } from '../../packages/core/numerics/index.js';
import { cToK } from '../../packages/core/units/index.js';
import { formatSummary } from '../../packages/io/summary.js';

export function cellsCommand(opts: { json?: boolean }): void {
  const rows = CELL_PRESET_REGISTRY.entries.map(({ params: p }) => {
    const c = buildCellModel(p);
    // energy from empty to full: capacity × ∫₀¹ U_H dz (the enthalpy table's end value is the mean voltage)
    const energy_Wh = (c.capacity_As / 3600) * c.enthalpyTable.y[c.enthalpyTable.y.length - 1];
    const r25 = c.resistance(cToK(25), p.pressure.initial_MPa * 1e6, 0);
    const rm20 = c.resistance(cToK(-20), p.pressure.initial_MPa * 1e6, 0);
    return {
      id: p.id,
      name: p.name,
      capacity_Ah: +(c.capacity_As / 3600).toFixed(2),
      energy_Wh: +energy_Wh.toFixed(1),
      specific_energy_Wh_kg: +(energy_Wh / c.mass_kg).toFixed(0),
      ocv_50pct_V: +interpUniform(c.ocvTable, 0.5).toFixed(3),
      r0_25C_mohm: +(r25.total_ohm * 1e3).toFixed(3),
      r0_minus20C_mohm: +(rm20.total_ohm * 1e3).toFixed(3),
    };
  });
  if (opts.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  for (const r of rows) {
    process.stdout.write(
      formatSummary(`${r.id} — ${r.name}`, [
        ['capacity', `${r.capacity_Ah} Ah`],
        ['energy', `${r.energy_Wh} Wh (${r.specific_energy_Wh_kg} Wh/kg)`],
        ['OCV at 50 % SoC', `${r.ocv_50pct_V} V`],
        ['R0 at 25 °C / −20 °C', `${r.r0_25C_mohm} / ${r.r0_minus20C_mohm} mΩ`],
      ]) + '\n',
    );
  }
}
