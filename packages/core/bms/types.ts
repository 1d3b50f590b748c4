/**
 * The contract between the plant (simulator) and the battery management system.
 *
 * The BMS sees only `Measurements` (sampled, quantised, noisy, possibly faulty sensor readings)
 * and acts only through `BmsCommands`. It never receives the simulator's true state; the truth
 * is kept by `sim/` to score the estimates.
 *
 * Indexing: the BMS monitors series elements ("groups"): group g is the g-th series element of
 * the pack, i.e. Np cells in parallel. Temperature sensors sit at chosen groups; pressure sensors
 * at modules.
 */
export interface Measurements {
  /** Time stamp of this sample [s]. */
  time_s: number;
  /** Measured voltage of each series group [V] (length Ns). */
  groupVoltage_V: Float64Array;
  /** 1 if the reading is valid, 0 if the channel reported a fault or is stale (length Ns). */
  groupVoltageValid: Uint8Array;
  /** Measured pack current [A], positive on discharge. */
  packCurrent_A: number;
  packCurrentValid: boolean;
  /** Measured pack terminal voltage [V]. */
  packVoltage_V: number;
  /** Temperature readings [K], one per sensor (see `SensorLayout.tempSensorGroup`). */
  temp_K: Float64Array;
  tempValid: Uint8Array;
  /** Stack-pressure readings [Pa], one per module sensor. */
  pressure_Pa: Float64Array;
  pressureValid: Uint8Array;
  /** Coolant / plate temperature reading [K] (NaN when no sensor). */
  coolantTemp_K: number;
  /** Ambient temperature reading [K] (vehicle outside-air sensor). */
  ambientTemp_K: number;
  /**
   * Time stamp of the frame each channel's value came in [s] (optional; absent = every channel
   * sampled at `time_s`). A board or bus that stops sending leaves its channels' last values and
   * old stamps in the master's receive buffer: the BMS must recognise them as stale.
   */
  groupVoltageTime_s?: Float64Array;
  tempTime_s?: Float64Array;
  pressureTime_s?: Float64Array;
}

/** Static description of where sensors are; known to the BMS (it is wiring, not state). */
export interface SensorLayout {
  seriesCount: number;
  parallelCount: number;
  /** For each temperature sensor, the series group it is attached to. */
  tempSensorGroup: Int32Array;
  /** For each pressure sensor, the module it measures. */
  pressureSensorModule: Int32Array;
  /** Module index of each series group. */
  groupModule: Int32Array;
}

/** Operating context the vehicle / charger tells the BMS (not plant truth). */
export interface BmsContext {
  /** 'drive' while driving, 'charge' while plugged in and charging requested, 'park' otherwise. */
  mode: 'drive' | 'charge' | 'park';
  /** True while a charger is connected (pre-heat may draw from the grid). */
  pluggedIn: boolean;
  /** Charger's own maximum current [A] and power [W]. */
  chargerMaxCurrent_A: number;
  chargerMaxPower_W: number;
  /** Target SoC to stop charging at (0..1). */
  chargeTargetSoc: number;
  /**
   * Cooling the BTMS commanded at the plate over the last interval [W] (chiller plus thermoelectric
   * cooling; the BMS's own thermal-management command, not a plant state). Absent = 0.
   */
  coolingCommand_W?: number;
  /** Electrical power the thermal management drew over the last interval [W] (its own command; absent = 0). */
  btmsElectrical_W?: number;
}

/** What the BMS decides each cycle. Currents are positive on discharge. */
export interface BmsCommands {
  /** Main contactors closed (false = pack isolated, no current flows). */
  contactorsClosed: boolean;
  /** Maximum discharge current the pack may deliver now [A] (>= 0). */
  dischargeLimit_A: number;
  /** Maximum charge current the pack may accept now [A] (>= 0; the magnitude). */
  chargeLimit_A: number;
  /** Charge current requested from the charger now [A] (>= 0, magnitude); 0 when not charging. */
  chargeRequest_A: number;
  /** True when the charge session is complete (target SoC reached / CV taper done). */
  chargeComplete: boolean;
  /** Balancing switch per series group (1 = bleed resistor on). */
  balanceSwitch: Uint8Array;
  /**
   * Active balancing: converter current per series group [A], positive = the group is discharged
   * into the string, negative = charged from it (all 0 with passive balancing).
   */
  balanceCurrent_A: Float64Array;
  /** True while the BMS holds charging back to pre-heat a cold pack. */
  preheatRequest: boolean;
}

/**
 * The cell model an estimator uses: an equivalent circuit with temperature-dependent parameters.
 * Built from nominal cell parameters (simulation) or fitted from measured data (`ssb fit`);
 * never from the plant's live state.
 */
export interface EcmModel {
  /** Nominal usable capacity [A·s]. */
  capacity_As: number;
  /** Open-circuit voltage [V] at SoC z (0..1) and temperature [K]. */
  ocv_V(z: number, temp_K: number): number;
  /** ∂OCV/∂z [V]. */
  dOcvDz_V(z: number, temp_K: number): number;
  /** Series resistance [Ω]. */
  r0_ohm(z: number, temp_K: number): number;
  /** First RC pair: resistance [Ω] and time constant [s]. */
  r1_ohm(z: number, temp_K: number): number;
  tau1_s(z: number, temp_K: number): number;
  /** Second RC pair. */
  r2_ohm(z: number, temp_K: number): number;
  tau2_s(z: number, temp_K: number): number;
  /** Lowest / highest allowed terminal voltage [V]. */
  vMin_V: number;
  vMax_V: number;
  /**
   * OCV hysteresis (optional; absent = none), Plett's one-state model: the effective OCV is
   * ocv_V(z, T) + m_V(z, T)·h with h in [−1, 1]; h relaxes towards −1 on discharge and +1 on
   * charge as dh/dt = −γ·|I|/C·(h + sgn I) (I positive on discharge, C = capacity_As), i.e. the
   * exact update over a step is h ← e^(−γ|I|Δt/C)·h − (1 − e^(−γ|I|Δt/C))·sgn I. Optional
   * `exponent` p ≥ 1 (default 1 = the above): minor loops, h = h_target + (h_rev − h_target)·
   * exp(−(γ·q_rev/C)^p) after each change of current direction (see estimation/soc/hysteresis.ts).
   */
  hysteresis?: { m_V(z: number, temp_K: number): number; gamma: number; exponent?: number };
}

/** Every SoC estimator implements this; the simulator's BMS and `ssb estimate` use the same code. */
export interface SocEstimator {
  readonly name: string;
  /** Initialise from a first measurement (e.g. OCV look-up of the first voltage) or a given SoC. */
  reset(initial: { soc?: number; voltage_V?: number; temp_K?: number }): void;
  /** Advance one sample: measured current [A] (positive discharge), voltage [V], temperature [K], dt [s]. */
  update(current_A: number, voltage_V: number, temp_K: number, dt_s: number): number;
  /** Current estimate (0..1). */
  readonly soc: number;
}
