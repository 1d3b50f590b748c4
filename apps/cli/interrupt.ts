/**
 * Ctrl-C (SIGINT) and SIGTERM (what `kill`, `timeout` and CI cancellation send) for the long
 * commands: the first signal asks the command to stop (`stopped()` turns true; the command finishes
 * its outputs for the part done and returns `exitCode()`), a second one exits at once with the
 * same code. Exit codes follow the shell's convention: 128 + the signal number, 130 for SIGINT,
 * 143 for SIGTERM.
 */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type Sig = keyof typeof SIGNAL_EXIT_CODES;

export interface Interrupt {
  /** True once a signal came. */
  stopped(): boolean;
  /** The signal that came (null: none). */
  readonly signal: Sig | null;
  /** 130 / 143 after a signal, else `otherwise`. */
  exitCode(otherwise: number): number;
  /** Stop listening (the default action — exit at once — returns). */
  dispose(): void;
  /** Called once on the first signal (e.g. terminate workers). */
  onStop(f: () => void): void;
}

/** Listen for SIGINT and SIGTERM; `what` is the command's name for the one-line notice on stderr. */
export function watchSignals(what: string): Interrupt {
  let signal: Sig | null = null;
  const hooks: (() => void)[] = [];
  const handler = (sig: Sig) => {
    if (signal !== null) {
      process.stderr.write(`ssb ${what}: ${sig} again: exiting now\n`);
      process.exit(SIGNAL_EXIT_CODES[signal]);
    }
    signal = sig;
    process.stderr.write(`\nssb ${what}: ${sig}: stopping, writing the outputs of the part done (${sig === 'SIGINT' ? 'Ctrl-C' : 'send it'} again to quit at once)\n`);
    for (const h of hooks) h();
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    stopped: () => signal !== null,
    get signal() {
      return signal;
    },
    exitCode: (otherwise) => (signal ? SIGNAL_EXIT_CODES[signal] : otherwise),
    dispose: () => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
    onStop: (f) => hooks.push(f),
  };
}

/** The pause between chunks of a long synchronous computation: lets signal handlers run. */
export const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));
