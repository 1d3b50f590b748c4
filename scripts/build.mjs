// Build: empty dist/ (a deleted or renamed source must not leave a compiled file behind that the
// tests would still run), type-check and compile with tsc, then make the `ssb` bin executable (npx
// runs the project's own bin directly, and tsc writes files without the exec bit).
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
chmodSync(new URL('../dist/apps/cli/main.js', import.meta.url), 0o755);
