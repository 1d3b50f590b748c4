/**
 * Reference SoC of a measured series for training and scoring estimators: Coulomb counting of the
 * measured current from a known initial SoC with the nominal capacity,
 *
 *   z_0 = z_init,   z_k = z_{k−1} − I_k·(t_k − t_{k−1}) / (3600·Q_Ah)       (I positive on discharge)
 *
 * with the current held over the interval ending at sample k (zero-order hold, the convention of
 * every estimator here). For the Panasonic 18650PF drive cycles each file starts from a full
 * charge: z_init = 1, Q = 2.9 Ah (the usual reference, SoC = 1 + Ah/2.9, see
 * ../shared/data/README.md). The result is not clamped: a wrong capacity shows as a reference
 * leaving 0..1 rather than being hidden. Coulombic efficiency 1 (the cycler's Ah counter is the
 * same integral).
 *
 * Pure: no Node imports, no wall clock, no global RNG.
 */
import { InputError } from '../../../errors.js';

export function referenceSoc(series: { length: number; time_s: Float64Array; current_A: Float64Array }, initialSoc: number, capacity_Ah: number): Float64Array {
  if (!Number.isFinite(initialSoc)) throw new InputError('reference initial SoC must be a finite number', { field: 'initialSoc', value: initialSoc });
  if (!(Number.isFinite(capacity_Ah) && capacity_Ah > 0)) throw new InputError('capacity must be a finite number > 0 Ah', { field: 'capacity_Ah', value: capacity_Ah });
  const n = series.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  const q_As = capacity_Ah * 3600;
  let z = initialSoc;
  out[0] = z;
  for (let k = 1; k < n; k++) {
    const i = series.current_A[k];
    const dt = series.time_s[k] - series.time_s[k - 1];
    if (!Number.isFinite(i)) throw new InputError('current is not a finite number', { field: `current_A[${k}]`, value: i });
    if (!(dt >= 0)) throw new InputError('time must be non-decreasing', { field: `time_s[${k}]`, value: series.time_s[k] });
    z -= (i * dt) / q_As;
    out[k] = z;
  }
  return out;
}
