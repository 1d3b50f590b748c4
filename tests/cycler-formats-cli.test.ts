/**
 * Cycler formats end to end (issue 19 item 5): one drive profile written in the Panasonic, Maccor,
 * Neware and BioLogic text layouts (generated here, in the layouts of packages/io/import/formats),
 * `ssb import` recognises each without flags, and `ssb estimate` gives the same result on all of
 * them (the samples are the same once normalised).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CELL_PRESETS } from '../packages/core/design/presets.js';
import { buildCellModel } from '../packages/core/physics/cell.js';
import { ecmFromCell } from '../packages/core/sim/ecm-from-cell.js';
import { Rng } from '../packages/core/numerics/rng.js';
import { drivePulseCurrent, simulateEcm } from '../packages/core/bms/estimation/soc/testing.js';
import { ssb } from './cli-run.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'ssb-cycler-formats-'));
const ecm = ecmFromCell(buildCellModel(CELL_PRESETS['liion-nmc811-graphite']));
const n = 1800;
const current = drivePulseCurrent(new Rng(11), n, 1, ecm.capacity_As, 0.9);
current[0] = 0;
const sim = simulateEcm(ecm, current, 1, 0.9, 298.15);
const V = (k: number) => sim.voltage_V[k].toFixed(5);

function write(name: string, lines: string[], eol = '\n'): string {
  const f = path.join(TMP, name);
  writeFileSync(f, lines.join(eol) + eol, 'latin1');
  return f;
}

const rows = Array.from({ length: n }, (_, k) => k);
const FILES: Record<string, string> = {
  panasonic: write('drive.csv', ['Time,Voltage,Current,Ah,Wh,Power,Battery_Temp_degC,Chamber_Temp_degC', ...rows.map((k) => `${k},${V(k)},${(-current[k]).toFixed(5)},0,0,0,25.000,NaN`)]),
  maccor: write(
    'drive.001',
    [
      "Today's Date\t12/07/2026\tDate of Test:\t12/01/2026\tFilename:\tdrive.001",
      'Rec#\tCyc#\tStep\tTest (Sec)\tStep (Sec)\tAmp-hr\tWatt-hr\tAmps\tVolts\tState\tES\tDPt Time\tTemp 1',
      ...rows.map((k) => `${k + 1}\t0\t1\t${k}\t${k}\t0\t0\t${Math.abs(current[k]).toFixed(5)}\t${V(k)}\t${current[k] > 0 ? 'D' : current[k] < 0 ? 'C' : 'R'}\t0\t12/01/2026 08:00:00\t25.00`),
    ],
    '\r\n',
  ),
  neware: write('drive-neware.csv', [
    'Record Index,Status,Step Index,Current(A),Voltage(V),Chg. Cap.(Ah),DChg. Cap.(Ah),Total Time,T1(°C)',
    ...rows.map(
      (k) => `${k + 1},CC DChg,1,${(-current[k]).toFixed(5)},${V(k)},0,0,${Math.floor(k / 3600)}:${String(Math.floor((k % 3600) / 60)).padStart(2, '0')}:${String(k % 60).padStart(2, '0')},25.00`,
    ),
  ]),
  biologic: write(
    'drive.mpt',
    [
      'EC-Lab ASCII FILE',
      'Nb header lines : 4',
      'Modulo Bat',
      'mode\ttime/s\tEcell/V\t<I>/mA\tNs\tTemperature/°C',
      ...rows.map((k) => `1\t${k}\t${V(k)}\t${(-1000 * current[k]).toFixed(2)}\t0\t25.00`),
    ],
    '\r\n',
  ),
};

test('ssb import recognises the Maccor, Neware and BioLogic text layouts without flags and says how the current was signed', () => {
  for (const fmt of ['maccor', 'neware', 'biologic']) {
    const r = ssb('import', FILES[fmt], '--json');
    assert.equal(r.code, 0, `${fmt}: ${r.stderr}`);
    const o = JSON.parse(r.stdout) as { format: string; rows: number; signNote?: string };
    assert.equal(o.format, fmt);
    assert.equal(o.rows, n);
    assert.ok(o.signNote && o.signNote.length > 0, `${fmt}: a sign note`);
  }
});

test('ssb estimate (coulomb) gives the same result on the same profile in every layout', () => {
  const score = (f: string) => {
    const r = ssb('estimate', '--model', 'liion-nmc811-graphite', '--data', f, '--method', 'coulomb', '--initial-soc', '0.9', '--reference-initial-soc', '0.9', '--json');
    assert.equal(r.code, 0, `${f}: ${r.stderr}`);
    return JSON.parse(r.stdout) as { samples: number; rmse_pct: number; final_abs_pct: number };
  };
  const ref = score(FILES.panasonic);
  assert.equal(ref.samples, n);
  for (const fmt of ['maccor', 'neware', 'biologic']) {
    const o = score(FILES[fmt]);
    assert.equal(o.samples, n, fmt);
    // BioLogic's mA are written with 2 decimals: 10 µA rounding, nothing that moves the score's 4th decimal
    assert.ok(Math.abs(o.rmse_pct - ref.rmse_pct) < 1e-3 && Math.abs(o.final_abs_pct - ref.final_abs_pct) < 1e-3, `${fmt}: ${JSON.stringify(o)} vs ${JSON.stringify(ref)}`);
  }
});
