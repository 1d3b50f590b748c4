/**
 * `node dist/bench/nn-evidence.js [--json] [--no-save]`: evidence for the neural-network SoC
 * estimator ('nn') on the Panasonic 18650PF drive cycles (Kollmeyer, Mendeley Data,
 * doi:10.17632/wykht8y7tg.1, CC BY 4.0; read from ../shared/data/panasonic-18650pf/drive-cycles,
 * or SSB_PANASONIC_DIR).
 *
 * 1. Leave one temperature out: train on all 25 °C cycles, test on each 0 °C cycle; and the other
 *    way round.
 * 2. In temperature, one cycle held out: train on the other cycles at 25 °C, test on LA92 at
 *    25 °C; the same at 0 °C (held out: 0 °C LA92). The 25 °C network is saved as
 *    models/nn-soc-panasonic-25C.json (unless --no-save).
 *
 * Training: `trainSocNetwork` with its defaults and seed 1 (nothing tuned on these test files;
 * the defaults were chosen on an internal 25 °C split validated on HWFTb, see train-soc.ts).
 * Reference SoC of every file: Coulomb counting from 1.0 with 2.9 Ah (each file starts from a full
 * charge). Scoring: the estimator runs online over every 0.1 s sample of the test file, filters
 * initialised from its first sample; RMSE and max |error| in % SoC over all samples.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NnSoc, type NnWeights, referenceSoc } from '../packages/core/bms/index.js';
import type { MeasuredSeries } from '../packages/core/data/index.js';
import { readMeasured } from '../packages/io/import/index.js';
import { PROJECT_ROOT } from '../packages/io/scenario-loader.js';
import { trainSocNetwork, type SocTrainingSet } from '../packages/ml/train-soc.js';

const CAPACITY_AH = 2.9;
const INITIAL_SOC = 1.0;
const SEED = 1;
const HELD_OUT = { '25': '25degC_LA92_Pan18650PF.csv.gz', '0': '0degC_LA92_Pan18650PF.csv.gz' } as const;
const MODEL_PATH = resolve(PROJECT_ROOT, 'models/nn-soc-panasonic-25C.json');

const json = process.argv.includes('--json');
const save = !process.argv.includes('--no-save');
const dir = process.env.SSB_PANASONIC_DIR ?? resolve(PROJECT_ROOT, '../shared/data/panasonic-18650pf/drive-cycles');
const log = (s: string) => {
  if (!json) process.stdout.write(s + '\n');
};

interface Row {
  check: string;
  trainedOn: string;
  file: string;
  rmse_pct: number;
  max_pct: number;
  final_err_pct: number;
}

async function load(file: string): Promise<SocTrainingSet> {
  const { series } = await readMeasured(join(dir, file));
  return { series, referenceSoc: referenceSoc(series, INITIAL_SOC, CAPACITY_AH), label: file };
}

function score(weights: NnWeights, d: SocTrainingSet): { rmse: number; max: number; finalErr: number } {
  const est = new NnSoc({ weights });
  est.reset({});
  const s: MeasuredSeries = d.series;
  let se = 0,
    mx = 0,
    e = 0;
  for (let k = 0; k < s.length; k++) {
    const z = est.update(s.current_A[k], s.voltage_V[k], s.temp_K ? s.temp_K[k] : 298.15, k ? s.time_s[k] - s.time_s[k - 1] : 0);
    e = z - d.referenceSoc[k];
    se += e * e;
    if (Math.abs(e) > mx) mx = Math.abs(e);
  }
  return { rmse: Math.sqrt(se / s.length), max: mx, finalErr: e };
}

async function train(sets: SocTrainingSet[], what: string): Promise<NnWeights> {
  const t0 = performance.now();
  const rows = sets.reduce((a, s) => a + s.series.length, 0);
  const r = await trainSocNetwork(sets, {
    seed: SEED,
    provenance: { reference: `Coulomb counting from SoC ${INITIAL_SOC} with ${CAPACITY_AH} Ah (core referenceSoc)`, createdBy: 'bench/nn-evidence.ts' },
  });
  log(
    `trained ${what} on ${sets.length} files (${rows} samples at 0.1 s) in ${((performance.now() - t0) / 1000).toFixed(0)} s; training RMSE ${(100 * r.history.rmse[r.history.rmse.length - 1]).toFixed(2)} %`,
  );
  return r.weights;
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.csv.gz'))
  .sort();
const at = (t: '25' | '0') => files.filter((f) => f.startsWith(`${t}degC_`));
const data = new Map<string, SocTrainingSet>();
for (const f of files) data.set(f, await load(f));
const rows: Row[] = [];

const check = async (name: string, trainFiles: string[], testFiles: string[], trainedOn: string): Promise<NnWeights> => {
  const w = await train(
    trainFiles.map((f) => data.get(f)!),
    name,
  );
  for (const f of testFiles) {
    const s = score(w, data.get(f)!);
    rows.push({ check: name, trainedOn, file: f, rmse_pct: +(100 * s.rmse).toFixed(2), max_pct: +(100 * s.max).toFixed(2), final_err_pct: +(100 * s.finalErr).toFixed(2) });
  }
  return w;
};

await check('25 °C → 0 °C', at('25'), at('0'), 'all 25 °C cycles');
await check('0 °C → 25 °C', at('0'), at('25'), 'all 0 °C cycles');
const w25 = await check(
  '25 °C held out',
  at('25').filter((f) => f !== HELD_OUT['25']),
  [HELD_OUT['25']],
  `25 °C cycles except ${HELD_OUT['25']}`,
);
await check(
  '0 °C held out',
  at('0').filter((f) => f !== HELD_OUT['0']),
  [HELD_OUT['0']],
  `0 °C cycles except ${HELD_OUT['0']}`,
);

if (save) {
  mkdirSync(resolve(MODEL_PATH, '..'), { recursive: true });
  const text = JSON.stringify(w25) + '\n';
  writeFileSync(MODEL_PATH, text);
  log(`wrote ${MODEL_PATH} (${(text.length / 1024).toFixed(0)} kB; held out: ${HELD_OUT['25']})`);
}

if (json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
else {
  log('\ncheck            test file                              RMSE %   max %   final error %');
  for (const r of rows) log(`${r.check.padEnd(16)} ${r.file.padEnd(38)} ${r.rmse_pct.toFixed(2).padStart(6)} ${r.max_pct.toFixed(2).padStart(7)} ${r.final_err_pct.toFixed(2).padStart(9)}`);
}
