/**
 * The plant-only benchmark drive shared by `npm run bench` (plant_cell_steps_per_s) and
 * `npm run bench:floor`: a 96s3p oxide-SSB pack at 25 °C stepped at 1 s with a ±60 A square
 * wave (10 s each way), cooling pump on, no BMS.
 */
import { buildCellModel } from '../packages/core/physics/index.js';
import { CELL_PRESETS } from '../packages/core/design/index.js';
import { Pack, DEFAULT_PACK_THERMAL, DEFAULT_VARIATION, restStepInput } from '../packages/core/pack/index.js';
import { Rng } from '../packages/core/numerics/index.js';

export function plantDrive(): { pack: Pack; run: (steps: number) => void } {
  const cell = buildCellModel(CELL_PRESETS['ssb-oxide-llzo-nmc811']);
  const pack = new Pack(
    cell,
    {
      seriesCount: 96,
      parallelCount: 3,
      segmentsPerCell: 1,
      groupsPerModule: 12,
      initialSoc: 0.9,
      initialTemp_K: 298.15,
      variation: DEFAULT_VARIATION,
      thermal: DEFAULT_PACK_THERMAL,
      housingMass_kg: 0,
    },
    new Rng(1),
  );
  const inp = { ...restStepInput(0, 1, 298.15), control: { kind: 'current' as const, value_A: 60 }, dischargeLimit_A: 1e9, chargeLimit_A: 1e9, contactorsClosed: true, pumpOn: true };
  let t = 0;
  const run = (steps: number): void => {
    for (let k = 0; k < steps; k++) {
      inp.time_s = t++;
      inp.control = { kind: 'current', value_A: k % 20 < 10 ? 60 : -60 };
      pack.step(inp);
    }
  };
  return { pack, run };
}
