/**
 * `ssb bms-topologies [pack.yaml|scenario.yaml] [--json]`: the four BMS topologies for one pack,
 * side by side (boards, channels, wires, bus nodes, sampling, worst-case latency, indicative cost,
 * what one board / the bus takes down).
 */
import { z } from 'zod';
import { InputError } from '../../packages/core/errors.js';
import { parseScenario } from '../../packages/core/sim/index.js';
import { DEFAULT_SENSORS, buildTopology, tempSensorsPerModuleFor, topologyRow, TOPOLOGY_NAMES, type TopologyRow } from '../../packages/core/sensing/index.js';
import { makeSensorLayout } from '../../packages/core/bms/index.js';
import { parseYaml, readText } from '../../packages/io/yaml-file.js';

const packFile = z.strictObject({
  series: z.number().int().positive().max(1000).default(96),
  parallel: z.number().int().positive().max(100).default(3),
  groups_per_module: z.number().int().positive().default(12),
  temp_sensors_per_module: z.number().int().positive().default(DEFAULT_SENSORS.tempSensorsPerModule),
});

export interface PackShape {
  series: number;
  parallel: number;
  groups_per_module: number;
  temp_sensors_per_module: number;
}

/** Pack shape from a scenario (has `climate`/`schedule`), a pack file (`pack:` or top level), or the defaults (96s3p, 12 groups/module). */
export function packShapeOf(file: string | undefined): PackShape {
  if (!file) return packFile.parse({});
  const raw = parseYaml(readText(file, 'pack or scenario file'), file) as Record<string, unknown> | null;
  if (raw && typeof raw === 'object' && ('schedule' in raw || 'climate' in raw || 'cell' in raw)) {
    const s = parseScenario(raw, file);
    return {
      series: s.pack.series,
      parallel: s.pack.parallel,
      groups_per_module: s.pack.groups_per_module,
      temp_sensors_per_module: s.sensors.temp_sensors_per_module ?? DEFAULT_SENSORS.tempSensorsPerModule,
    };
  }
  const body = raw && typeof raw === 'object' && 'pack' in raw ? raw.pack : raw;
  const r = packFile.safeParse(body ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys[0] : '(top level)');
    throw new InputError(issue.message, { file, field, value: (body as Record<string, unknown> | null)?.[issue.path[0] as string] });
  }
  return r.data;
}

export function topologyTable(p: PackShape): TopologyRow[] {
  return TOPOLOGY_NAMES.map((n) => {
    const layout = makeSensorLayout(p.series, p.parallel, p.groups_per_module, tempSensorsPerModuleFor(n, p.groups_per_module, p.temp_sensors_per_module));
    return topologyRow(buildTopology(n, layout));
  });
}

export function bmsTopologiesCommand(file: string | undefined, opts: { json?: boolean }): number {
  const p = packShapeOf(file);
  const rows = topologyTable(p);
  if (opts.json) {
    process.stdout.write(JSON.stringify({ pack: `${p.series}s${p.parallel}p`, groups_per_module: p.groups_per_module, topologies: rows }, null, 2) + '\n');
    return 0;
  }
  const head = ['topology', 'boards', 'channels', 'NTCs', 'wires', 'long', 'bus nodes', 'period ms', 'latency ms', 'cost USD', 'one board lost', 'bus lost'];
  const body = rows.map((r) =>
    [r.topology, r.boards, r.channels, r.temp_sensors, r.harness_wires, r.long_wires, r.bus_nodes, r.sample_period_ms, r.worst_latency_ms, r.cost_USD, r.one_board_lost, r.bus_lost].map(String),
  );
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 1 && i <= 9 ? c.padStart(w[i]) : c.padEnd(w[i])))
      .join('  ')
      .trimEnd();
  process.stdout.write(`BMS topologies for a ${p.series}s${p.parallel}p pack, ${p.groups_per_module} groups per module\n\n`);
  process.stdout.write(line(head) + '\n' + body.map(line).join('\n') + '\n\n');
  process.stdout.write('cost: indicative BOM, assumed figures (packages/core/sensing/topology.ts COST); latency: sampling to value at the master\n');
  return 0;
}
