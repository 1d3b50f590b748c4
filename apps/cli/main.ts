#!/usr/bin/env node
/**
 * `ssb` — the command line. Composition root only: parse arguments (program.ts), run the command
 * (each loads its modules when it runs), report errors (report-error.ts).
 * Exit codes: 0 success, 1 runtime failure, 2 bad input or usage, 130 / 143 stopped by SIGINT / SIGTERM (interrupt.ts).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // `ssb --version` answers before commander and the program are loaded (what commander prints)
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    const { VERSION } = await import('./version.js');
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const debug = args.includes('--debug');
  const [{ CommanderError }, { buildProgram }, { reportError }] = await Promise.all([import('commander'), import('./program.js'), import('./report-error.js')]);
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    process.exitCode = reportError(e, debug);
  }
}

// a reader that closes early (`ssb cells | head`) ends the output quietly, not with a stack trace
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
if (process.env.SSB_REPORT_MAXRSS) process.on('exit', () => process.stderr.write(`maxrss_kB=${process.resourceUsage().maxRSS}\n`));
void main();
