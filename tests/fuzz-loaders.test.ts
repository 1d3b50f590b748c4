/**
 * Fuzz cases on every loader (tests/fuzz/harness.ts): never a crash, a hang or a non-finite result.
 * With SSB_FUZZ_FIGURE=<file.md> it also writes the reliability figure (docs/validation/reliability.md).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { CLI_FUZZ_CASES, LOADERS, OUTCOMES, SCENARIO_FUZZ_CASES, runFuzz, tally } from './fuzz/harness.js';

/** Seed and cases per loader of the test run (the figure in docs/validation/reliability.md is of these). */
const FUZZ_SEED = 18;
const FUZZ_CASES_PER_LOADER = 60;

test(`fuzz: ${FUZZ_CASES_PER_LOADER} hostile inputs into each of ${LOADERS.length} loaders give a finite result or an InputError naming the file`, async () => {
  const cases = await runFuzz(FUZZ_SEED, FUZZ_CASES_PER_LOADER);
  const t = tally(cases);
  const broken = cases.filter((c) => c.outcome !== 'accepted' && c.outcome !== 'input-error');
  if (process.env.SSB_FUZZ_FIGURE)
    writeFileSync(
      process.env.SSB_FUZZ_FIGURE,
      figure(
        cases.length,
        t,
        LOADERS.map((l) => l.name),
      ),
    );
  assert.equal(cases.length, FUZZ_CASES_PER_LOADER * LOADERS.length);
  assert.deepEqual(
    broken.map((c) => `${c.loader} ${c.kind}: ${c.outcome}: ${c.detail}`),
    [],
  );
  assert.ok(t['input-error'] > cases.length / 2, `most hostile cases are refused: ${JSON.stringify(t)}`);
});

function figure(n: number, t: Record<string, number>, loaders: string[]): string {
  const rows = OUTCOMES.map((o) => `| ${o} | ${t[o]} |`).join('\n');
  return `# Reliability under hostile input

Written by \`SSB_FUZZ_FIGURE=docs/validation/reliability.md node --test dist/tests/fuzz-loaders.test.js\`
(seed ${FUZZ_SEED}); \`npm test\` runs the same cases and fails on any case outside the first two classes.

\`npm test\` runs **${n + SCENARIO_FUZZ_CASES + CLI_FUZZ_CASES} fuzz cases**:

- **${n} hostile files**, ${FUZZ_CASES_PER_LOADER} into each of ${loaders.length} loaders (${loaders.join(', ')}), in-process
  (tests/fuzz-loaders.test.ts): a fifth files of random bytes, a fifth random text, the rest valid files with
  one to three values replaced by NaN, ±Infinity, 1e308, −0, 1e-300, a wrong type, an unknown key or a missing
  key (measured CSV: damaged cells). Outcomes:

| outcome | cases |
|---|---|
${rows}

- **${SCENARIO_FUZZ_CASES} random valid scenarios** (tests/fuzz-scenarios.test.ts: random cell, pack, ambient, SoC and lab
  steps, up to an hour): all give finite metrics and an energy balance closed within 0.5 %.
- **${CLI_FUZZ_CASES} hostile files through the CLI** (tests/fuzz-cli.test.ts: random bytes, all protection limits at 0, a
  100 KB value, a 1e308 µm layer): all exit 2 with one line on stderr naming the file and the field.

Outcome classes: **accepted** — the loader returned a result with no non-finite number beyond those of the
valid file; **input-error** — an \`InputError\` (the CLI's exit 2) whose first line names the file, at most 700
characters; **crash** (any other error type), **non-finite-result**, **unclear-message** and **slow** (over 5 s)
are failures.

Not covered here: output faults, signals and concurrent runs (output files and signal handling are tested on
their own).
`;
}
