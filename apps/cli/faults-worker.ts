/**
 * Worker thread of `ssb faults`: loads the scenario itself, runs its share of the cases and posts
 * one result per case.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../../packages/io/scenario-loader.js';
import { runSimulation } from '../../packages/core/sim/engine.js';
import { CASE_HORIZON_S, caseScenario, scoreCase, type CampaignCase } from '../../packages/core/sim/campaign.js';

const { file, cases } = workerData as { file: string; cases: CampaignCase[] };
const loaded = loadScenario(file);
for (const c of cases) {
  let result;
  try {
    const scenario = caseScenario(loaded.scenario, c);
    const perGroup = loaded.scenario.pack.parallel * loaded.scenario.pack.segments_per_cell;
    let injected = false;
    const sim = runSimulation({
      scenario,
      cell: loaded.cell,
      traces: loaded.traces,
      endTime_s: CASE_HORIZON_S,
      perturbPlant:
        c.shortGroup !== undefined
          ? (t, pack) => {
              if (!injected && t >= c.at_s - 1e-9) {
                injected = true;
                pack.injectInternalShort(c.shortGroup! * perGroup, c.shortResistance_ohm!);
              }
            }
          : undefined,
    });
    result = scoreCase(c, sim.metrics, sim.error ? sim.error.message : null);
  } catch (e) {
    result = scoreCase(c, {}, (e as Error).message ?? String(e));
  }
  parentPort!.postMessage(result);
}
