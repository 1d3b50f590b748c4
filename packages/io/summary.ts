/** Short, aligned console summaries and engineering-friendly number formatting. */

/**
 * Format a number with `digits` significant digits (default 3). Values with magnitude in
 * [1e-3, 1e6) are written without an exponent ("0.00123", "4.2", "123000"); others as
 * "1.23e7" / "4.5e-6". Trailing zeros after the decimal point are dropped. Non-finite values
 * print as "NaN", "inf", "-inf".
 */
export function formatNumber(value: number, digits = 3): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return '0';
  const d = Math.min(Math.max(Math.round(digits), 1), 15);
  const a = Math.abs(value);
  // Round to significant digits first so that e.g. 999999.7 → 1e6 switches notation correctly.
  const rounded = Number(a.toPrecision(d));
  const e = Math.floor(Math.log10(rounded));
  const sign = value < 0 ? '-' : '';
  if (rounded >= 1e-3 && rounded < 1e6) {
    const decimals = Math.max(0, d - 1 - e);
    return sign + stripTrailingZeros(rounded.toFixed(decimals));
  }
  const s = rounded.toExponential(d - 1); // "1.23e+7"
  const iE = s.indexOf('e');
  const mantissa = stripTrailingZeros(s.slice(0, iE));
  const exp = s.slice(iE + 1).replace('+', '');
  return `${sign}${mantissa}e${exp}`;
}

function stripTrailingZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * Aligned two-column text block:
 *
 * ```
 * Drive cycle WLTP
 * ----------------
 * range      412 km
 * energy     61.2 kWh
 * ```
 */
export function formatSummary(title: string, rows: [label: string, value: string][]): string {
  const width = rows.reduce((w, [label]) => Math.max(w, [...label].length), 0);
  const lines: string[] = [];
  if (title) {
    lines.push(title, '-'.repeat(Math.max([...title].length, 1)));
  }
  for (const [label, value] of rows) {
    const pad = ' '.repeat(width - [...label].length);
    const valueLines = value.split('\n');
    lines.push(`${label}${pad}   ${valueLines[0]}`);
    for (const extra of valueLines.slice(1)) lines.push(`${' '.repeat(width + 3)}${extra}`);
  }
  return lines.join('\n');
}
