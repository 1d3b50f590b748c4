import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync, linkSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputFileError, PartialFile, ensureOutputDir, writeFileAtomic } from './output-files.js';
import { refuseOutputOverInput } from './output-guard.js';
import { LOCK_FILE, lockOutputDir } from './output-lock.js';
import { InputError } from '../core/errors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'ssb-out-'));

test('writeFileAtomic replaces a file whole and leaves no temporary file', () => {
  const d = tmp();
  try {
    const f = join(d, 'sub', 'a.json');
    writeFileAtomic(f, 'old');
    writeFileAtomic(f, 'new');
    assert.equal(readFileSync(f, 'utf8'), 'new');
    assert.deepEqual(readdirSync(join(d, 'sub')), ['a.json']);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('PartialFile: the final name keeps the old content until commit; abort leaves it untouched', () => {
  const d = tmp();
  try {
    const f = join(d, 'x.csv');
    writeFileSync(f, 'old\n');
    const p = new PartialFile(f);
    p.write('a,b\n1,2\n');
    assert.equal(readFileSync(f, 'utf8'), 'old\n');
    assert.equal(readFileSync(`${f}.partial`, 'utf8'), 'a,b\n1,2\n');
    p.commit();
    assert.equal(readFileSync(f, 'utf8'), 'a,b\n1,2\n');
    assert.ok(!existsSync(`${f}.partial`));
    const q = new PartialFile(f);
    q.write('torn');
    q.abort();
    assert.equal(readFileSync(f, 'utf8'), 'a,b\n1,2\n');
    assert.deepEqual(readdirSync(d), ['x.csv']);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('unwritable outputs are OutputFileErrors with the path and plain words: a folder, a file in the path, /proc (no hang), /dev/full', () => {
  const d = tmp();
  try {
    const isErr = (code: string, re: RegExp) => (e: unknown) => e instanceof OutputFileError && e.code === code && re.test(e.message);
    assert.throws(() => writeFileAtomic(d, 'x'), isErr('EISDIR', /is a folder/));
    writeFileSync(join(d, 'f'), '');
    assert.throws(() => writeFileAtomic(join(d, 'f', 'g', 'h.json'), 'x'), isErr('ENOTDIR', /a part of the path is a file/));
    assert.throws(() => ensureOutputDir('/proc/ssb-no-such/out'), isErr('ENOENT', /cannot write \/proc\/ssb-no-such\/out/));
    if (existsSync('/dev/full')) assert.throws(() => writeFileAtomic('/dev/full', 'x'), isErr('ENOSPC', /disk full/));
    writeFileAtomic('/dev/null', 'x'); // a device is written in place, never replaced
    assert.ok(existsSync('/dev/null'));
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('an output that is an input is refused whatever the spelling (relative, symlink, hard link); a new path is not', () => {
  const d = tmp();
  try {
    const input = join(d, 'in.csv');
    writeFileSync(input, 'x');
    symlinkSync(input, join(d, 'sym.csv'));
    linkSync(input, join(d, 'hard.csv'));
    for (const out of [input, join(d, 'sym.csv'), join(d, 'hard.csv'), join(d, '.', 'sub', '..', 'in.csv')]) {
      assert.throws(
        () => refuseOutputOverInput([input], [{ path: out, option: '--out' }]),
        (e: unknown) => e instanceof InputError && /in\.csv.*refusing to overwrite an input/.test(e.message),
      );
    }
    refuseOutputOverInput([input, undefined], [{ path: join(d, 'new.csv'), option: '--out' }]);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

test('output folder lock: a live holder is refused by name; a dead one is taken over with a warning; release removes the lock', () => {
  const d = tmp();
  try {
    const lock = join(d, LOCK_FILE);
    // the parent process (the test runner) is alive: a live holder
    writeFileSync(lock, JSON.stringify({ pid: process.ppid, host: hostname(), started: 't0', command: 'ssb simulate a.yaml' }));
    assert.throws(
      () => lockOutputDir(d, 'ssb simulate b.yaml'),
      (e: unknown) => e instanceof InputError && new RegExp(`ssb simulate a\\.yaml, PID ${process.ppid}`).test(e.message),
    );
    writeFileSync(lock, JSON.stringify({ pid: 4194305, host: hostname(), started: 't0', command: 'ssb simulate a.yaml' }));
    const warnings: string[] = [];
    const release = lockOutputDir(d, 'ssb simulate b.yaml', (m) => warnings.push(m));
    assert.match(warnings.join('\n'), /stale lock .*PID 4194305.*taking over/);
    assert.equal(JSON.parse(readFileSync(lock, 'utf8')).pid, process.pid);
    release();
    assert.ok(!existsSync(lock));
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});
