/**
 * The generated pages of the docs site: one entry per page, `{ file, render }`, `file` relative to
 * docs/. `gen-docs` writes them, `gen-docs --check` and tests/docs.test.ts compare them with what is
 * committed. Another generator (the CLI reference from commander, say) plugs in by adding an entry.
 */
import { scenarioSchema } from '../../packages/core/sim/scenario.js';
import { designSchema, DEFAULT_SOURCES } from '../../packages/core/design/schema.js';
import { ecmModelFileSchema } from '../../packages/core/fit/model-file.js';
import { runawayTestSchema } from '../../packages/core/studies/runaway.js';
import { abuseProcedureSchema } from '../../packages/core/studies/abuse.js';
import { simMetricsSchema, simMetricsJsonSchema } from '../../packages/core/sim/metrics.js';
import { render as renderCliReference } from '../../apps/cli/reference.js';
import { renderSchemaPage, type SchemaPageSpec } from './schema-page.js';

export interface GeneratedPage {
  /** Path under docs/. */
  file: string;
  /** The page's full text (deterministic). */
  render: () => string;
}

export const GENERATOR = 'scripts/docs/gen-docs.ts';

const schemaPage = (file: string, spec: SchemaPageSpec): GeneratedPage => ({ file, render: () => renderSchemaPage(spec, GENERATOR) });

export const GENERATED_PAGES: GeneratedPage[] = [
  schemaPage('reference/scenario.md', {
    title: 'Scenario file',
    source: 'packages/core/sim/scenario.ts',
    schema: scenarioSchema,
    intro: `What \`ssb simulate\` runs: YAML (or JSON), validated once when it is loaded. Unknown or misspelled
keys are errors with a "did you mean"; every error names the file, the key and the value (exit code 2).
Units are in the key names; temperatures in °C and times of day as \`"HH:MM"\` for people. Paths (cell
files, designs, models, drive-cycle files) are relative to the scenario file. Walk-through:
[your first scenario](../tutorials/first-scenario.md); examples in \`examples/*.yaml\`.`,
  }),
  schemaPage('reference/cell-design.md', {
    title: 'Cell design file',
    source: 'packages/core/design/schema.ts',
    schema: designSchema,
    defaultSources: DEFAULT_SOURCES,
    intro: `What \`ssb design\` evaluates and what a scenario's \`cell: { design: FILE }\` builds: YAML, validated once.
Unknown keys are errors with a "did you mean"; impossible designs (negative porosity, more solid electrolyte
than the volume allows, a coating thinner than its particles, a stack that does not fit its can) name the key
and the value (exit code 2). Volume fractions are of the coating volume. Keys without a default here whose
meaning says "by family" take the default of the separator's electrolyte family (oxide / sulfide (+ halide) /
polymer (+ composite) / liquid) from \`FAMILY_DEFAULTS\` in \`packages/core/design/resolve.ts\`, which names its
sources (the simulator presets, Chen 2020). Walk-through: [design a cell](../tutorials/design-a-cell.md).`,
  }),
  schemaPage('reference/model-file.md', {
    title: 'Fitted model file',
    source: 'packages/core/fit/model-file.ts',
    schema: ecmModelFileSchema,
    intro: `What \`ssb fit --out\` writes and \`ssb estimate --model\` and a scenario's \`cell: { model: FILE }\` read:
JSON, schema \`ssb-twin/ecm-model\` version 1 — a temperature-dependent two-RC equivalent circuit with one-state
OCV hysteresis. Tables are \`[temperature][soc]\`, bilinear inside the temperature rows; outside them Arrhenius
from the edge row with \`resistance.activation_K\` when present, else clamped. Besides the per-key checks, the
lengths must agree (one value per \`ocv.soc\` point, one row per \`resistance.temp_C\`) and \`vMin_V < vMax_V\`.
How the file is fitted: [fitting notes](../notes/fitting.md).`,
  }),
  schemaPage('reference/runaway-file.md', {
    title: 'Runaway-test file',
    source: 'packages/core/studies/runaway.ts',
    schema: runawayTestSchema,
    intro: `What \`ssb runaway-test\` runs: a module of the plant's own pouch cells stacked face to face, one cell
heated until it runs away, and whether its neighbours follow (TRIM-like). YAML, validated once; examples in
\`examples/runaway/\`. Method and sources: [safety tests](../guide/safety.md).`,
  }),
  schemaPage('reference/abuse-file.md', {
    title: 'Abuse procedure file',
    source: 'packages/core/studies/abuse.ts',
    schema: abuseProcedureSchema,
    intro: `What \`ssb abuse\` runs: one abuse or reliability procedure as data — a scenario in the \`ssb simulate\`
schema, which cells to run it on, and the criteria of the verdict. Protocol strings may use the cell's
limits: \`{vmax}\`, \`{vmin}\`, \`{tmax}\`, \`{tmin}\`, each optionally with \`*k\`, \`+k\` or \`-k\`. Examples in
\`examples/abuse/\`. Hazard levels and results: [safety tests](../guide/safety.md).`,
  }),
  schemaPage('reference/metrics.md', {
    title: 'metrics.json (ssb simulate)',
    source: 'packages/core/sim/metrics.ts',
    schema: simMetricsSchema,
    intro: `What \`ssb simulate\` writes to \`metrics.json\` (and \`runSimulation\` returns as \`SimMetrics\`): one run's
energies, consumption and range, temperatures, the BMS's scores against the plant's truth (SoC, SoH, SoP, sensor
faults, internal shorts) and the pack. The same shape as a JSON Schema: [sim-metrics.schema.json](/sim-metrics.schema.json);
every example's output is checked against it in the tests. Quantities carry their unit in the key; a metric that
is not a number for this run (no drive, no charge) is \`null\`.`,
  }),
  { file: 'public/sim-metrics.schema.json', render: () => `${JSON.stringify(simMetricsJsonSchema(), null, 2)}\n` },
  { file: 'reference/cli.md', render: renderCliReference },
];
