/**
 * Worker thread of `ssb faults`: loads the scenario itself, runs its share of the cases and posts
 * one result per case.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../scenario-loader.js';
import { runSimulation } from '../../core/sim/index.js';
import { caseHorizon_s, caseScenario, scoreCase, type CampaignCase, type CaseResult } from '../../core/studies/index.js';

const { file, cases } = workerData as { file: string; cases: CampaignCase[] };
const loaded = loadScenario(file);
for (const c of cases) {
  let result: CaseResult;
  try {
    const scenario = caseScenario(loaded.scenario, c);
    const sim = runSimulation({ scenario, cell: loaded.cell, traces: loaded.traces, endTime_s: caseHorizon_s(c) });
    result = scoreCase(c, sim.metrics, sim.error ? sim.error.message : null);
  } catch (e) {
    result = scoreCase(c, {}, (e as Error).message ?? String(e));
  }
  parentPort!.postMessage(result);
}
