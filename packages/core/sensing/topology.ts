/**
 * The four BMS topologies of the source review (seed 001 §4.1: centralized, modular, master–slave,
 * distributed) as concrete configurations: which board samples which channel, how many channels,
 * harness wires and bus nodes exist, the sampling period and the worst-case latency of a reading,
 * an indicative cost, and what is lost when one board or the bus fails.
 *
 * Board 0 is always the master (the controller that runs the BMS software, reads the pack current
 * and the pack voltage and drives the contactors). Other boards reach the master over a bus.
 *
 * - centralized: the master's AFEs sample every group directly through a long harness (§4.1.1).
 * - modular: the master samples the first half of the groups, one auxiliary card near the second
 *   half samples that half and sends it over CAN (§4.1.2: "battery packs are divided into two
 *   groups").
 * - master-slave: one slave card per module samples the module's groups, NTCs and pressure sensor;
 *   the master samples no cell voltage (§4.1.3).
 * - distributed: one node per series group sits on the cell and samples its voltage and its own
 *   NTC; nodes talk to the master over the bus (§4.1.4). So a distributed pack has one temperature
 *   sensor per group (`tempSensorsPerModuleFor`).
 *
 * Numbers (all per-reading, see `TIMING` and `COST` below) are sourced where stated, otherwise
 * "assumed" with the reason. Latency is reported; the simulator steps (≥ 0.1 s, typically 1 s)
 * are longer than any latency here, so a reading is modelled as the truth at its time stamp.
 */
import type { SensorLayout } from '../bms/types.js';
import { defineRegistry, type RegistryEntry } from '../registry.js';

export type BoardRole = 'master' | 'aux' | 'slave' | 'cell-node';

export interface BoardSpec {
  /** Board number (0 = master), as used by `lost-board` faults. */
  id: number;
  name: string;
  role: BoardRole;
  /** True if the board reaches the master over the bus (its channels go stale on bus-off). */
  onBus: boolean;
  /** Series groups whose voltage this board samples (0-based). */
  voltageChannels: number[];
  /** Temperature-sensor indices this board samples. */
  tempChannels: number[];
  /** Pressure-sensor indices this board samples. */
  pressureChannels: number[];
  /** Pack current and pack voltage (master only). */
  packChannels: boolean;
}

export interface TopologyPlan {
  name: TopologyName;
  description: string;
  boards: BoardSpec[];
  /** Board sampling each group voltage / temperature sensor / pressure sensor. */
  voltageBoard: Int32Array;
  tempBoard: Int32Array;
  pressureBoard: Int32Array;
  /** Measurement channels: group voltages + NTCs + pressure sensors + pack current + pack voltage. */
  channelCount: number;
  /** Wires in the harness: sense taps, sensor wires and bus wires. */
  harnessWires: number;
  /** Of which run across the pack (longer than a module; assumed > 0.5 m). */
  longWires: number;
  busNodes: number;
  samplePeriod_s: number;
  /** Worst-case time from sampling a channel to its value being available at the master [s]. */
  worstLatency_s: number;
  cost_USD: number;
  /** What one board failure loses (worst non-master board, and the master). */
  boardFailure: string;
  busFailure: string;
  /** Channels lost by the worst single non-master board (0 for centralized). */
  worstBoardChannels: number;
}

/**
 * Timing.
 * - afeConversion_s = 2.3 ms: LTC6811/LTC6813 datasheets, all-cell conversion (ADCV) in the 7 kHz
 *   normal mode ≈ 2.3 ms.
 * - afeCells = 18: LTC6813-1 measures up to 18 series cells (datasheet).
 * - afeReadout_s = 0.4 ms per AFE on the isoSPI daisy chain at 1 Mbit/s: 6 register groups ×
 *   (4 command + 8 data bytes) ≈ 580 bits (datasheet frame format) plus gaps; assumed 0.4 ms.
 * - canFrame_s = 0.27 ms: a classic CAN frame with 8 data bytes is ≈ 111 bits + up to 24 stuff
 *   bits (ISO 11898-1) at 500 kbit/s. 4 readings (16 bit) per frame.
 * - nodeConversion_s = 1 ms: a single-cell node's ADC and MCU (assumed).
 * - samplePeriod_s = 0.1 s: foxBMS 2 runs its measurement cycle at 100 ms or faster (assumed for all).
 */
export const TIMING = Object.freeze({ afeConversion_s: 2.3e-3, afeCells: 18, afeReadout_s: 0.4e-3, canFrame_s: 0.27e-3, readingsPerFrame: 4, nodeConversion_s: 1e-3, samplePeriod_s: 0.1 });

/**
 * Indicative bill-of-materials cost [USD] — all assumed (order-of-magnitude distributor prices at
 * 1k units, not quotes): master board (MCU, contactor drivers, CAN, isolation monitor) 80;
 * one 18-channel AFE 12; aux/slave board without AFE (PCB, isolated transceiver, connectors) 15;
 * single-cell node (small MCU + ADC + transceiver) 4; NTC 0.5; pressure sensor 10; current sensor
 * 40; a long harness wire (crimps, routing across the pack) 0.8; a short local wire 0.3.
 */
export const COST = Object.freeze({ master_USD: 80, afe_USD: 12, board_USD: 15, node_USD: 4, ntc_USD: 0.5, pressure_USD: 10, currentSensor_USD: 40, longWire_USD: 0.8, shortWire_USD: 0.3 });

/** What a topology's harness and electronics add up to (see `harness` of a registry entry). */
interface Harness {
  longWires: number;
  shortWires: number;
  /** Worst-case time from sampling a channel to its value at the master [s]. */
  latency_s: number;
  cost_USD: number;
}

/** What every topology's harness is built from. */
interface HarnessInputs {
  ns: number;
  /** Board 0 = master, then the topology's boards with their channels assigned. */
  boards: BoardSpec[];
  /** NTC (2 wires each) and pressure-sensor (supply, ground, signal) wires. */
  sensorWires: number;
  /** Current-sensor wires: supply, ground, signal, reference (assumed). */
  currentWires: number;
  /** Master, current sensor, NTCs and pressure sensors [USD]: what every topology has. */
  baseCost_USD: number;
}

export interface TopologyEntry extends RegistryEntry {
  /** One node per series group carrying its own NTC: one temperature sensor per group. */
  readonly ntcPerGroup: boolean;
  /** Adds the topology's boards after the master and fills the board owning each group (0 = master). */
  assign(layout: SensorLayout, boards: BoardSpec[], groupBoard: Int32Array): void;
  harness(h: HarnessInputs): Harness;
}

const T = TIMING;
const C = COST;
const afes = (n: number) => Math.ceil(n / T.afeCells);
const frames = (n: number) => Math.ceil(n / T.readingsPerFrame);
const board = (id: number, name: string, role: BoardRole): BoardSpec => ({ id, name, role, onBus: true, voltageChannels: [], tempChannels: [], pressureChannels: [], packChannels: false });

/**
 * The four topologies: the one list the scenario schema's `bms.topology` enum, `ssb
 * bms-topologies`, the simulator's sensing and the docs are derived from.
 */
export const TOPOLOGY_REGISTRY = defineRegistry('BMS topology', [
  {
    name: 'centralized',
    description: 'one controller samples every group through a long harness',
    ntcPerGroup: false,
    assign: (): void => {},
    harness: ({ ns, sensorWires, currentWires, baseCost_USD }: HarnessInputs): Harness => ({
      longWires: ns + 1 + sensorWires + currentWires,
      shortWires: 0,
      latency_s: T.afeConversion_s + afes(ns) * T.afeReadout_s,
      cost_USD: baseCost_USD + afes(ns) * C.afe_USD,
    }),
  },
  {
    name: 'modular',
    description: 'master samples the first half of the groups, one auxiliary card the second half (CAN)',
    ntcPerGroup: false,
    assign: (layout: SensorLayout, boards: BoardSpec[], groupBoard: Int32Array): void => {
      boards.push(board(1, 'aux card', 'aux'));
      const ns = layout.seriesCount;
      for (let g = Math.ceil(ns / 2); g < ns; g++) groupBoard[g] = 1;
    },
    harness: ({ boards, sensorWires, currentWires, baseCost_USD }: HarnessInputs): Harness => {
      const n1 = boards[0].voltageChannels.length;
      const n2 = boards[1].voltageChannels.length;
      const auxReadings = n2 + boards[1].tempChannels.length + boards[1].pressureChannels.length;
      return {
        // each half's taps run along its half of the pack; the bus (CAN H/L, supply, ground) links the two
        longWires: n1 + 1 + n2 + 1 + sensorWires + currentWires + 4,
        shortWires: 0,
        latency_s: Math.max(T.afeConversion_s + afes(n1) * T.afeReadout_s, T.afeConversion_s + afes(n2) * T.afeReadout_s + frames(auxReadings) * T.canFrame_s),
        cost_USD: baseCost_USD + ((afes(n1) + afes(n2)) * C.afe_USD + C.board_USD),
      };
    },
  },
  {
    name: 'master-slave',
    description: 'one slave card per module samples its groups, NTCs and pressure; the master reads current and pack voltage',
    ntcPerGroup: false,
    assign: (layout: SensorLayout, boards: BoardSpec[], groupBoard: Int32Array): void => {
      const nm = layout.pressureSensorModule.length; // one pressure sensor per module (makeSensorLayout)
      for (let m = 0; m < nm; m++) boards.push(board(m + 1, `slave module ${m + 1}`, 'slave'));
      for (let g = 0; g < layout.seriesCount; g++) groupBoard[g] = layout.groupModule[g] + 1;
    },
    harness: ({ boards, currentWires, baseCost_USD }: HarnessInputs): Harness => {
      let shortWires = 0;
      let totalFrames = 0;
      let worstAfe = 0;
      let cost = baseCost_USD;
      for (const b of boards.slice(1)) {
        shortWires += b.voltageChannels.length + 1 + 2 * b.tempChannels.length + 3 * b.pressureChannels.length;
        totalFrames += frames(b.voltageChannels.length + b.tempChannels.length + b.pressureChannels.length);
        worstAfe = Math.max(worstAfe, afes(b.voltageChannels.length));
        cost += C.board_USD + afes(b.voltageChannels.length) * C.afe_USD;
      }
      return {
        longWires: 4 * (boards.length - 1) + currentWires, // daisy-chained bus, one 4-wire link per slave
        shortWires,
        latency_s: T.afeConversion_s + worstAfe * T.afeReadout_s + totalFrames * T.canFrame_s, // the last slave waits for every frame
        cost_USD: cost,
      };
    },
  },
  {
    name: 'distributed',
    description: 'one node per series group on the cell (voltage + own NTC), all on the bus',
    ntcPerGroup: true,
    assign: (layout: SensorLayout, boards: BoardSpec[], groupBoard: Int32Array): void => {
      const ns = layout.seriesCount;
      for (let g = 0; g < ns; g++) boards.push(board(g + 1, `node group ${g + 1}`, 'cell-node'));
      for (let g = 0; g < ns; g++) groupBoard[g] = g + 1;
    },
    harness: ({ boards, currentWires, baseCost_USD }: HarnessInputs): Harness => {
      let shortWires = 0;
      let totalFrames = 0;
      let cost = baseCost_USD;
      for (const b of boards.slice(1)) {
        shortWires += 2 + 3 * b.pressureChannels.length; // two cell taps; the NTC is on the node
        totalFrames += frames(1 + b.tempChannels.length + b.pressureChannels.length);
        cost += C.node_USD;
      }
      shortWires += 4 * (boards.length - 2); // node-to-node bus links
      return { longWires: 4 + currentWires, shortWires, latency_s: T.nodeConversion_s + totalFrames * T.canFrame_s, cost_USD: cost }; // last node to master
    },
  },
]);

export type TopologyName = (typeof TOPOLOGY_REGISTRY.names)[number];
/** The names in list order. */
export const TOPOLOGY_NAMES = TOPOLOGY_REGISTRY.names;

/** Temperature sensors per module a topology implies: a distributed node carries its own NTC. */
export function tempSensorsPerModuleFor(name: TopologyName, groupsPerModule: number, requested: number): number {
  return TOPOLOGY_REGISTRY.get(name, { field: 'bms.topology' }).ntcPerGroup ? groupsPerModule : requested;
}

/** Builds the board/channel assignment and the comparison figures for `layout`. */
export function buildTopology(name: TopologyName, layout: SensorLayout): TopologyPlan {
  const topology = TOPOLOGY_REGISTRY.get(name, { field: 'bms.topology' });
  const ns = layout.seriesCount;
  const nt = layout.tempSensorGroup.length;
  const np = layout.pressureSensorModule.length;
  const nm = np; // one pressure sensor per module (makeSensorLayout)
  const firstGroupOfModule = new Int32Array(nm).fill(-1);
  for (let g = ns - 1; g >= 0; g--) firstGroupOfModule[layout.groupModule[g]] = g;

  // board owning each group
  const groupBoard = new Int32Array(ns);
  const boards: BoardSpec[] = [{ id: 0, name: 'master', role: 'master', onBus: false, voltageChannels: [], tempChannels: [], pressureChannels: [], packChannels: true }];
  topology.assign(layout, boards, groupBoard);
  const voltageBoard = groupBoard;
  const tempBoard = new Int32Array(nt);
  const pressureBoard = new Int32Array(np);
  for (let g = 0; g < ns; g++) boards[groupBoard[g]].voltageChannels.push(g);
  for (let s = 0; s < nt; s++) {
    tempBoard[s] = groupBoard[layout.tempSensorGroup[s]];
    boards[tempBoard[s]].tempChannels.push(s);
  }
  for (let p = 0; p < np; p++) {
    const g = firstGroupOfModule[layout.pressureSensorModule[p]];
    pressureBoard[p] = g >= 0 ? groupBoard[g] : 0;
    boards[pressureBoard[p]].pressureChannels.push(p);
  }

  // ---- wires, latency, cost ----
  const h = topology.harness({
    ns,
    boards,
    sensorWires: 2 * nt + 3 * np, // NTC: 2; pressure sensor: supply, ground, signal
    currentWires: 4, // supply, ground, signal, reference (assumed)
    baseCost_USD: C.master_USD + C.currentSensor_USD + nt * C.ntc_USD + np * C.pressure_USD,
  });
  const longWires = h.longWires;
  const shortWires = h.shortWires;
  const cost = h.cost_USD + (longWires * C.longWire_USD + shortWires * C.shortWire_USD);

  let worst = 0;
  let worstBoard: BoardSpec | null = null;
  for (const b of boards.slice(1)) {
    const n = b.voltageChannels.length + b.tempChannels.length + b.pressureChannels.length;
    if (n > worst) {
      worst = n;
      worstBoard = b;
    }
  }
  const master = boards[0];
  const masterN = master.voltageChannels.length + master.tempChannels.length + master.pressureChannels.length;
  const busN = ns + nt + np - masterN;
  const boardFailure = worstBoard
    ? `${worstBoard.name}: ${worstBoard.voltageChannels.length} V + ${worstBoard.tempChannels.length} T + ${worstBoard.pressureChannels.length} p stale; master: everything`
    : 'controller: everything (no redundancy)';
  const busFailure = busN > 0 ? `${busN} channels stale (all but the master's ${masterN} + I, Vpack)` : 'no bus';

  return {
    name,
    description: topology.description,
    boards,
    voltageBoard,
    tempBoard,
    pressureBoard,
    channelCount: ns + nt + np + 2,
    harnessWires: longWires + shortWires,
    longWires,
    busNodes: boards.length > 1 ? boards.length : 0,
    samplePeriod_s: T.samplePeriod_s,
    worstLatency_s: h.latency_s,
    cost_USD: Math.round(cost),
    boardFailure,
    busFailure,
    worstBoardChannels: worst,
  };
}

/** One row of the comparison table. */
export interface TopologyRow {
  topology: TopologyName;
  description: string;
  boards: number;
  channels: number;
  temp_sensors: number;
  harness_wires: number;
  long_wires: number;
  bus_nodes: number;
  sample_period_ms: number;
  worst_latency_ms: number;
  cost_USD: number;
  one_board_lost: string;
  bus_lost: string;
}

export function topologyRow(plan: TopologyPlan): TopologyRow {
  return {
    topology: plan.name,
    description: plan.description,
    boards: plan.boards.length,
    channels: plan.channelCount,
    temp_sensors: plan.tempBoard.length,
    harness_wires: plan.harnessWires,
    long_wires: plan.longWires,
    bus_nodes: plan.busNodes,
    sample_period_ms: plan.samplePeriod_s * 1000,
    worst_latency_ms: Math.round(plan.worstLatency_s * 1e5) / 100,
    cost_USD: plan.cost_USD,
    one_board_lost: plan.boardFailure,
    bus_lost: plan.busFailure,
  };
}
