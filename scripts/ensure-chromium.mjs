// Test gate helper: the browser test (tests/browser.test.ts) needs Debian's Chromium at
// /usr/bin/chromium (Playwright's own browser download does not work on the CI machines).
// Installed here with apt-get when missing, running as root, and either CI=true or
// SSB_INSTALL_CHROMIUM=1; otherwise a one-line note (the browser test then skips outside CI,
// and fails inside CI so that a missing install cannot pass unnoticed).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);
const wanted = process.env.CI === 'true' || process.env.SSB_INSTALL_CHROMIUM === '1';
const root = typeof process.getuid === 'function' && process.getuid() === 0;
if (!wanted || !root) {
  process.stdout.write(`ensure-chromium: ${CHROMIUM} not found; the browser test will be skipped (as root, CI=true or SSB_INSTALL_CHROMIUM=1 installs Debian's chromium)\n`);
  process.exit(0);
}
process.stdout.write('ensure-chromium: installing Debian chromium (apt-get) for the browser test …\n');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [
  ['update', '-qq'],
  ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
]) {
  const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  if (r.status !== 0) {
    process.stderr.write(`ensure-chromium: apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(1);
  }
}
if (!existsSync(CHROMIUM)) {
  process.stderr.write(`ensure-chromium: apt-get finished but ${CHROMIUM} is still missing\n`);
  process.exit(1);
}
process.stdout.write('ensure-chromium: done\n');
