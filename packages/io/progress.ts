/**
 * Terminal progress bar on stderr (cli-progress). Active only when stderr is a TTY and `CI` is not
 * set; otherwise every method is a no-op so stdout/stderr stay clean for pipes and logs.
 * `NO_COLOR` (any non-empty value) disables the ANSI styling.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** `fraction` in [0, 1]; cheap to call every step (redraws only when something visible changes). */
  update(fraction: number, label?: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Defaults to `process.stderr`. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Defaults to `process.env`. */
  env?: Record<string, string | undefined>;
}

const NOOP: Progress = Object.freeze({ update(): void {}, stop(): void {} });
const STEPS = 1000;

export function progressEnabled(options: ProgressOptions = {}): boolean {
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  return (stream as { isTTY?: boolean }).isTTY === true && !env.CI;
}

export function createProgress(title: string, options: ProgressOptions = {}): Progress {
  if (!progressEnabled(options)) return NOOP;
  const stream = options.stream ?? process.stderr;
  const env = options.env ?? process.env;
  const color = !env.NO_COLOR;
  const name = color ? `\x1b[1m${title}\x1b[22m` : title;
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: `${name} [{bar}] {percentage}% | ETA {eta_formatted} | {label}`,
      barCompleteChar: '#',
      barIncompleteChar: color ? '\u2500' : '-',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.legacy,
  );
  bar.start(STEPS, 0, { label: '' });
  let lastValue = 0;
  let lastLabel = '';
  let stopped = false;
  return {
    update(fraction: number, label?: string): void {
      if (stopped) return;
      const f = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;
      const value = Math.round(f * STEPS);
      const l = label ?? lastLabel;
      if (value === lastValue && l === lastLabel) return;
      lastValue = value;
      lastLabel = l;
      bar.update(value, { label: l });
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
