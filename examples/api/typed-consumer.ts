// What a TypeScript user of the library sees: the types come with the package (dist/**/*.d.ts,
// through the `types` condition of the exports map). tests/library-api.test.ts type-checks this
// file with tsc against the built package; it is not part of the project's build.
import { runSimulation, evaluateDesign, designToCellParams, fitEcm, loadScenario, type SimResult, type DesignResult, type FitResult } from 'ssb-twin';
import { parseScenario, type Scenario } from 'ssb-twin/core';

export function firstMinute(scenarioFile: string): SimResult {
  const loaded = loadScenario(scenarioFile);
  return runSimulation({ scenario: loaded.scenario, cell: loaded.cell, traces: loaded.traces, endTime_s: 60 });
}

export function energyOf(raw: unknown): number {
  const { design }: { design: Parameters<typeof evaluateDesign>[0] } = designToCellParams(raw, 'design.yaml');
  const result: DesignResult = evaluateDesign(design);
  return result.energy_Wh;
}

export const scenarioOf = (raw: unknown): Scenario => parseScenario(raw, 'scenario.yaml');
export type Fit = FitResult;
export const fit: typeof fitEcm = fitEcm;

// The types are real, not `any`: each line below must be an error.
// @ts-expect-error endTime_s is a number of seconds
runSimulation({ scenario: scenarioOf({}), cell: loadScenario('s.yaml').cell, traces: {}, endTime_s: 'soon' });
// @ts-expect-error a design result has no field `energy_kWh`
export const wrong = (r: DesignResult) => r.energy_kWh;
