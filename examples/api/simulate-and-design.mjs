// The library in one page: design a cell, then run the first hour of a lab test on a module of it.
// Run from the project (after `npm run build`):  node examples/api/simulate-and-design.mjs
// In a project that has ssb-twin installed, the same import works.
import { fileURLToPath } from 'node:url';
import { designToCellParams, loadScenario, parseYaml, readText, runSimulation } from 'ssb-twin';

const here = (rel) => fileURLToPath(new URL(rel, import.meta.url));

// 1. A cell design file → performance, cost, CO2 and the simulator's cell parameters.
const designFile = here('../cells/sulfide-lpscl-anode-free.yaml');
const { result: cell, params } = designToCellParams(parseYaml(readText(designFile, 'design file'), designFile), designFile);
console.log(`design      ${cell.name}`);
console.log(`  capacity  ${cell.capacity_Ah.toFixed(2)} Ah, energy ${cell.energy_Wh.toFixed(1)} Wh`);
console.log(`  specific  ${cell.specific_energy_Wh_kg.toFixed(0)} Wh/kg, ${cell.energy_density_Wh_L.toFixed(0)} Wh/L`);
console.log(`  cost      ${cell.cost_USD_per_kWh.toFixed(0)} USD/kWh, CO2 ${cell.co2_kg_per_kWh.toFixed(1)} kg/kWh`);

// 2. A scenario file (validated, references resolved), run with the designed cell for its first hour.
const loaded = loadScenario(here('../lab-capacity-test.yaml'));
const endTime_s = 3600;
const run = runSimulation({ scenario: loaded.scenario, cell: params, traces: loaded.traces, endTime_s });
if (run.error) throw run.error;
const m = run.metrics;
console.log(`simulation  ${m.scenario} (first ${endTime_s / 3600} h), cell ${m.cell}`);
console.log(`  steps     ${m.steps}`);
console.log(`  energy    ${m.energy_discharged_kWh} kWh discharged`);
console.log(`  cell temp ${m.cell_temp_min_C} … ${m.cell_temp_max_C} °C`);
console.log(`  SoC RMSE  ekf ${m.soc_rmse_pct.ekf} %, coulomb ${m.soc_rmse_pct.coulomb} %`);
console.log(`  balance   energy balance error ${m.energy_balance_error_pct} %`);
