import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError } from '../errors.js';
import { formatStep, parseProtocol, parseStep, type ProtocolStep, type StepTermination } from './protocol.js';

const numbers = (s: ProtocolStep): Omit<ProtocolStep, 'text'> => {
  const { text: _text, ...rest } = s;
  return rest;
};

test('every example from interfaces.md parses to the right numbers', () => {
  const cases: [string, Omit<ProtocolStep, 'text'>][] = [
    [
      'Discharge at 1C for 1 hour or until 3.0 V',
      { action: 'discharge', control: { kind: 'crate', value_C: 1 }, duration_s: 3600, until: [{ kind: 'voltage', value_V: 3 }], temp_K: null, period_s: null },
    ],
    ['Rest for 30 minutes', { action: 'rest', control: { kind: 'none' }, duration_s: 1800, until: [], temp_K: null, period_s: null }],
    ['Charge at 0.5C until 4.2 V', { action: 'charge', control: { kind: 'crate', value_C: 0.5 }, duration_s: null, until: [{ kind: 'voltage', value_V: 4.2 }], temp_K: null, period_s: null }],
    ['Hold at 4.2 V until C/20', { action: 'hold', control: { kind: 'voltage', value_V: 4.2 }, duration_s: null, until: [{ kind: 'crate', value_C: 0.05 }], temp_K: null, period_s: null }],
    ['Discharge at 2 A for 90 seconds', { action: 'discharge', control: { kind: 'current', value_A: 2 }, duration_s: 90, until: [], temp_K: null, period_s: null }],
    ['Discharge at 5 W for 10 minutes', { action: 'discharge', control: { kind: 'power', value_W: 5 }, duration_s: 600, until: [], temp_K: null, period_s: null }],
    ['Run US06 (A)', { action: 'run', control: { kind: 'profile', name: 'US06', variant: 'A' }, duration_s: null, until: [], temp_K: null, period_s: null }],
    ['Charge at 1C for 20 minutes at -10 oC (1 second period)', { action: 'charge', control: { kind: 'crate', value_C: 1 }, duration_s: 1200, until: [], temp_K: 263.15, period_s: 1 }],
  ];
  for (const [text, expected] of cases) {
    const s = parseStep(text);
    assert.equal(s.text, text);
    assert.deepEqual(numbers(s), expected, text);
  }
});

test('unit variants: mA, kW, mV, h/hr/min/sec, °C/degC/K, joined numbers, several limits', () => {
  assert.deepEqual(parseStep('Charge at 500 mA for 2 h').control, { kind: 'current', value_A: 0.5 });
  assert.equal(parseStep('Charge at 500mA for 2h').duration_s, 7200);
  assert.deepEqual(parseStep('Discharge at 1.5 kW for 1 hr').control, { kind: 'power', value_W: 1500 });
  assert.equal(parseStep('Rest for 45 sec').duration_s, 45);
  assert.equal(parseStep('Rest for 2 min').duration_s, 120);
  assert.deepEqual(parseStep('Hold at 4200 mV until 50 mA').until, [{ kind: 'current', value_A: 0.05 }]);
  assert.equal(parseStep('Hold at 4.2V until C/50 at 25°C').temp_K, 298.15);
  assert.equal(parseStep('Hold at 4.2 V for 1 hour at 45 degC').temp_K, 318.15);
  assert.equal(parseStep('rest for 1 minute at 300 K').temp_K, 300);
  assert.equal(parseStep('Discharge at C/3 until 2.5 V').control.kind, 'crate');
  assert.ok(Math.abs((parseStep('Discharge at C/3 until 2.5 V').control as { value_C: number }).value_C - 1 / 3) < 1e-15);
  assert.deepEqual(parseStep('Discharge at 1C until 2.5 V or until 60 A').until, [
    { kind: 'voltage', value_V: 2.5 },
    { kind: 'current', value_A: 60 },
  ]);
  assert.deepEqual(parseStep('Charge at 1C until 4.2 V or 0.05C').until, [
    { kind: 'voltage', value_V: 4.2 },
    { kind: 'crate', value_C: 0.05 },
  ]);
  assert.equal(parseStep('Run UDDS (W) for 10 minutes (0.1 s period)').period_s, 0.1);
  assert.deepEqual(parseStep('Run UDDS').control, { kind: 'profile', name: 'UDDS' });
  assert.equal(parseStep('Discharge at 1C for 10 minutes (10 seconds period) at 0 oC').temp_K, 273.15);
});

/** The caret line must sit under `word` in the quoted step. */
function assertPointsAt(step: string, word: string): void {
  assert.throws(
    () => parseStep(step),
    (e: unknown) => {
      assert.ok(e instanceof InputError, 'InputError');
      assert.match(e.message, /field 'step'/);
      const lines = e.message.split('\n');
      const quoted = lines[lines.length - 2];
      const caret = lines[lines.length - 1];
      assert.equal(quoted, `  ${step}`);
      const col = step.indexOf(word);
      assert.ok(col >= 0, `test bug: '${word}' not in '${step}'`);
      assert.equal(caret, ' '.repeat(col + 2) + '^'.repeat(word.length), `${step}\n${caret}`);
      return true;
    },
  );
}

test('errors quote the step and point at the offending word', () => {
  assertPointsAt('Dischrge at 1C for 1 hour', 'Dischrge');
  assertPointsAt('Discharge at 1X for 1 hour', '1X');
  assertPointsAt('Discharge at 2 Q for 1 hour', 'Q');
  assertPointsAt('Charge at 1C for 3 parsecs', 'parsecs');
  assertPointsAt('Charge at 1C for 3 hours or until 4.2 Z', 'Z');
  assertPointsAt('Rest for 30 minutes at 25 F', 'F');
  assertPointsAt('Charge at 1C for 20 minutes quickly', 'quickly');
  assertPointsAt('Discharge on 1C for 1 hour', 'on');
  assertPointsAt('Hold at 4.2 A until C/20', 'A');
  assertPointsAt('Discharge at -1C for 1 hour', '-1C');
  assertPointsAt('Charge at 1C for 10 minutes (1 second perod)', 'perod');
  assertPointsAt('Rest for 1 hour at -300 oC', '-300 oC');
  assert.throws(() => parseStep('Discharge at 1C'), /needs a duration/);
  assert.throws(() => parseStep(''), /empty step/);
  assert.throws(() => parseProtocol(['Rest for 1 hour', 'Charge at 1Q until 4.2 V']), /step 2.*1Q/s);
  assert.equal(parseProtocol(['Rest for 1 hour', 'Charge at 1C until 4.2 V']).length, 2);
});

const positive = fc.double({ min: 1e-3, max: 1e4, noNaN: true, noDefaultInfinity: true });
const timeUnits: [string, number][] = [
  ['s', 1],
  ['seconds', 1],
  ['sec', 1],
  ['min', 60],
  ['minutes', 60],
  ['h', 3600],
  ['hours', 3600],
  ['hr', 3600],
];

test('property: generated step strings parse back to the generating numbers', () => {
  fc.assert(
    fc.property(
      fc.constantFrom('Discharge', 'Charge'),
      fc.constantFrom(['A', 'current', 1], ['mA', 'current', 1e-3], ['C', 'crate', 1], ['W', 'power', 1], ['kW', 'power', 1e3]) as fc.Arbitrary<[string, string, number]>,
      positive,
      fc.boolean(),
      fc.option(fc.tuple(positive, fc.constantFrom(...timeUnits)), { nil: undefined }),
      fc.option(positive, { nil: undefined }),
      fc.option(fc.double({ min: -60, max: 80, noNaN: true }), { nil: undefined }),
      fc.option(fc.tuple(positive, fc.constantFrom(...timeUnits)), { nil: undefined }),
      (action, [unit, kind, factor], value, joined, dur, untilV, tempC, period) => {
        if (dur === undefined && untilV === undefined) untilV = 3.0;
        let text = `${action} at ${value}${joined ? '' : ' '}${unit}`;
        if (dur) text += ` for ${dur[0]} ${dur[1][0]}`;
        if (untilV !== undefined) text += `${dur ? ' or' : ''} until ${untilV} V`;
        if (tempC !== undefined) text += ` at ${tempC} oC`;
        if (period) text += ` (${period[0]} ${period[1][0]} period)`;
        const s = parseStep(text);
        assert.equal(s.action, action.toLowerCase());
        const key = kind === 'current' ? 'value_A' : kind === 'crate' ? 'value_C' : 'value_W';
        assert.deepEqual(s.control, { kind, [key]: value * factor });
        assert.equal(s.duration_s, dur ? dur[0] * dur[1][1] : null);
        assert.deepEqual(s.until, untilV === undefined ? [] : [{ kind: 'voltage', value_V: untilV }]);
        assert.equal(s.temp_K, tempC === undefined ? null : tempC + 273.15);
        assert.equal(s.period_s, period ? period[0] * period[1][1] : null);
      },
    ),
  );
});

const limitArb: fc.Arbitrary<StepTermination> = fc.oneof(
  positive.map((v) => ({ kind: 'voltage', value_V: v }) as StepTermination),
  positive.map((v) => ({ kind: 'current', value_A: v }) as StepTermination),
  positive.map((v) => ({ kind: 'crate', value_C: v }) as StepTermination),
);
const stepArb: fc.Arbitrary<Omit<ProtocolStep, 'text'>> = fc
  .record({
    head: fc.oneof(
      fc.record({
        action: fc.constantFrom('discharge' as const, 'charge' as const),
        control: fc.oneof(
          positive.map((v) => ({ kind: 'current' as const, value_A: v })),
          positive.map((v) => ({ kind: 'crate' as const, value_C: v })),
          positive.map((v) => ({ kind: 'power' as const, value_W: v })),
        ),
      }),
      fc.constant({ action: 'rest' as const, control: { kind: 'none' as const } }),
      positive.map((v) => ({ action: 'hold' as const, control: { kind: 'voltage' as const, value_V: v } })),
      fc
        .record({ name: fc.constantFrom('US06', 'UDDS', 'my_profile-2'), variant: fc.option(fc.constantFrom('A', 'V', 'W'), { nil: undefined }) })
        .map(({ name, variant }) => ({ action: 'run' as const, control: variant === undefined ? { kind: 'profile' as const, name } : { kind: 'profile' as const, name, variant } })),
    ),
    duration_s: fc.option(positive, { nil: null }),
    until: fc.array(limitArb, { maxLength: 3 }),
    temp_K: fc.option(fc.double({ min: 200, max: 400, noNaN: true }), { nil: null }),
    period_s: fc.option(positive, { nil: null }),
  })
  .map(({ head, duration_s, until, temp_K, period_s }) => {
    if (head.action === 'rest') until = until.filter((u) => u.kind === 'voltage');
    if (head.action !== 'run' && duration_s === null && until.length === 0) duration_s = 60;
    return { ...head, duration_s, until, temp_K, period_s } as Omit<ProtocolStep, 'text'>;
  });

test('property: formatStep → parseStep reproduces every number (round trip)', () => {
  fc.assert(
    fc.property(stepArb, (step) => {
      const text = formatStep(step);
      const parsed = parseStep(text);
      assert.deepEqual(numbers(parsed), step, text);
      assert.equal(formatStep(parsed), text);
    }),
    { numRuns: 500 },
  );
});

test('a resistive load: "Discharge at 1.8 mOhm" (PyBaMM\'s resistance step), SI ohm, round-trips; a charge at a resistance is an error', () => {
  const s = parseStep('Discharge at 1.8 mOhm for 10 minutes');
  assert.equal(s.control.kind, 'resistance');
  assert.ok(s.control.kind === 'resistance' && Math.abs(s.control.value_ohm - 0.0018) < 1e-15);
  assert.deepEqual(parseStep(formatStep(s)).control, s.control);
  assert.throws(() => parseStep('Charge at 2 Ohm'), /resistance load can only discharge/);
});
