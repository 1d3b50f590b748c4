import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solveMonotone } from './root.js';

function counted(f: (x: number) => number) {
  const c = { n: 0 };
  return {
    c,
    g: (x: number) => {
      c.n++;
      return f(x);
    },
  };
}

test('solveMonotone finds the root of smooth, kinked and nearly flat non-decreasing functions to 1e-12', () => {
  const cases: Array<[string, (x: number) => number]> = [
    ['cubic', (x) => x * x * x + 0.1 * x],
    [
      'piecewise linear, 200 kinks',
      (x) => {
        const s = x * 200;
        const i = Math.min(199, Math.floor(s));
        return (i + (s - i) * (1 + (i % 7))) / 200;
      },
    ],
    ['LFP-like plateau', (x) => 3.3 + 0.02 * (x - 0.5) + 0.4 * Math.max(0, x - 0.97) - 0.5 * Math.max(0, 0.03 - x)],
    ['tanh step', (x) => Math.tanh(80 * (x - 0.3))],
  ];
  for (const [name, f] of cases) {
    for (const xTrue of [1e-6, 0.013, 0.3, 0.5, 0.7311, 0.9999]) {
      const y = f(xTrue);
      const { c, g } = counted(f);
      const x = solveMonotone(g, y, 0, 1, f(0), f(1));
      assert.ok(Math.abs(f(x) - y) <= 1e-12 * Math.max(1, Math.abs(y)) || Math.abs(x - xTrue) < 1e-12, `${name} at ${xTrue}: x=${x}`);
      // never much worse than plain bisection (50 evaluations for 1e-15)
      assert.ok(c.n <= 100, `${name} at ${xTrue}: ${c.n} evaluations`);
    }
  }
});

test('solveMonotone needs far fewer evaluations than bisection on a smooth curve', () => {
  const f = (x: number) => 3.4 + 0.8 * x - 0.3 * Math.exp(-20 * x) + 0.1 * Math.exp(30 * (x - 1));
  let total = 0;
  for (let k = 1; k < 100; k++) {
    const { c, g } = counted(f);
    const x = solveMonotone(g, f(k / 100), 0, 1, f(0), f(1));
    assert.ok(Math.abs(x - k / 100) < 1e-12);
    total += c.n;
  }
  assert.ok(total / 99 < 20, `mean evaluations ${total / 99}`);
});
