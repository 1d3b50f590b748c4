import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createProgress, progressEnabled } from './progress.js';

function fakeStream(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const s = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  }) as Writable & { isTTY: boolean; columns: number; text: () => string };
  s.isTTY = isTTY;
  s.columns = 100;
  s.text = () => chunks.join('');
  return s;
}

test('progress is a silent no-op when stderr is not a TTY or CI is set', () => {
  for (const [tty, env] of [
    [false, {}],
    [true, { CI: 'true' }],
  ] as const) {
    const stream = fakeStream(tty);
    assert.equal(progressEnabled({ stream, env }), false);
    const p = createProgress('Simulating', { stream, env });
    p.update(0.5, 'half');
    p.stop();
    p.stop();
    assert.equal(stream.text(), '');
  }
});

test('progress draws on a TTY; NO_COLOR removes ANSI styling of the title', () => {
  const stream = fakeStream(true);
  const p = createProgress('Simulating', { stream, env: {} });
  p.update(0.25, 'day 91');
  p.stop();
  const text = stream.text();
  assert.ok(text.includes('Simulating'));
  assert.ok(text.includes('\x1b[1mSimulating'));
  assert.match(text, /25%/);
  assert.ok(text.includes('day 91'));

  const plain = fakeStream(true);
  const q = createProgress('Simulating', { stream: plain, env: { NO_COLOR: '1' } });
  q.update(1);
  q.stop();
  assert.ok(plain.text().includes('Simulating ['));
  assert.ok(!plain.text().includes('\x1b[1m'));
  assert.match(plain.text(), /100%/);
});
