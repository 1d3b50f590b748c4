// Layer rules of SSB Twin, checked by `npm test` through `npm run check:boundaries`: depcruise on
// the TypeScript sources with tsconfig.json (type-only imports included, which the compiled
// dist/ would not show). Known violations (.dependency-cruiser-known-violations.json) are
// reported and ignored; every other one fails. CONTRIBUTING.md, "Layer rules", says the same in
// prose; change both together.
//
// Test code (*.test.ts and the test fixtures in testing.ts) may reach across layers to build a
// test plant or fixture; the cycle rule applies to it all the same.
const TESTS = '(\\.test\\.ts|/testing\\.ts)$';
// The core's foundations: imported by every area, importing none of them.
const FOUNDATIONS = '^packages/core/(units|numerics|materials|data)/|^packages/core/(errors|suggest|schema)\\.ts$';
const DOMAIN = '^packages/core/(physics|pack|sensing|bms|btms|loads|design|fit|sim|studies)/';
// What outside code may import from the core: the library entry, an area's index.ts, and the
// one-file modules at the core's top (errors.ts, suggest.ts, schema.ts).
const CORE_PUBLIC = '^packages/core/([^/]+\\.ts|[^/]+/index\\.ts)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere (type-only imports count): move the shared type or helper into its own module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-the-inner-layer',
      severity: 'error',
      comment: 'packages/core imports nothing from io, ml, apps, bench or tests (it runs in the browser too).',
      from: { path: '^packages/core/' },
      to: { path: '^(packages/(io|ml)|apps|bench|tests)/' },
    },
    {
      name: 'packages-not-from-apps',
      severity: 'error',
      comment: 'packages/io and packages/ml serve the apps; they import nothing from apps, bench or tests.',
      from: { path: '^packages/(io|ml)/' },
      to: { path: '^(apps|bench|tests)/' },
    },
    {
      name: 'foundations-below-the-domain',
      severity: 'error',
      comment: 'units, numerics, materials, data, errors, suggest and schema import no domain area.',
      from: { path: FOUNDATIONS, pathNot: TESTS },
      to: { path: DOMAIN },
    },
    {
      name: 'physics-is-the-cell',
      severity: 'error',
      comment: 'physics (the cell) imports no area built on it (pack, sensing, bms, btms, loads, design, fit, sim, studies).',
      from: { path: '^packages/core/physics/', pathNot: TESTS },
      to: { path: '^packages/core/(pack|sensing|bms|btms|loads|design|fit|sim|studies)/' },
    },
    {
      name: 'pack-is-the-plant',
      severity: 'error',
      comment: 'pack (the plant) imports nothing of sensing, the BMS, the BTMS, loads, design, fit, sim or studies.',
      from: { path: '^packages/core/pack/', pathNot: TESTS },
      to: { path: '^packages/core/(sensing|bms|btms|loads|design|fit|sim|studies)/' },
    },
    {
      name: 'bms-sees-measurements-only',
      severity: 'error',
      comment:
        'The BMS sees measurements, never the plant: bms/ imports nothing from pack, physics, sensing, sim or studies ' +
        '(nor btms, loads, design, fit: it uses the foundations only). Its inputs are bms/types.ts and bms/measurements.ts; ' +
        'a nominal model built from a cell is built outside and passed in.',
      from: { path: '^packages/core/bms/', pathNot: TESTS },
      to: { path: '^packages/core/(pack|physics|sensing|sim|studies|btms|loads|design|fit)/' },
    },
    {
      name: 'btms-sees-measurements-only',
      severity: 'error',
      comment: 'BTMS controllers see measurements too: btms/ imports nothing from pack, physics, sensing, sim or studies (nor loads, design, fit).',
      from: { path: '^packages/core/btms/', pathNot: TESTS },
      to: { path: '^packages/core/(pack|physics|sensing|sim|studies|loads|design|fit)/' },
    },
    {
      name: 'sensing-uses-bms-inputs-only',
      severity: 'error',
      comment: 'sensing/ (truth → measurement) may use the BMS input types (bms/types.ts, bms/measurements.ts) and nothing else of bms/.',
      from: { path: '^packages/core/sensing/', pathNot: TESTS },
      to: { path: '^packages/core/bms/', pathNot: '^packages/core/bms/(types|measurements)\\.ts$' },
    },
    {
      name: 'sim-not-studies',
      severity: 'error',
      comment: 'Studies are built on the simulation: studies/ may import sim/, sim/ never imports studies/.',
      from: { path: '^packages/core/sim/' },
      to: { path: '^packages/core/studies/' },
    },
    {
      name: 'sim-wired-only-by-studies',
      severity: 'error',
      comment: 'In the core only studies/ import sim/ (sim wires the areas; the areas do not know it).',
      from: { path: '^packages/core/', pathNot: `^packages/core/(sim|studies)/|^packages/core/index\\.ts$|${TESTS}` },
      to: { path: '^packages/core/sim/' },
    },
    {
      name: 'studies-on-top-of-the-core',
      severity: 'error',
      comment: 'No core area imports studies/ (sim is covered by sim-not-studies).',
      from: { path: '^packages/core/', pathNot: `^packages/core/(sim|studies)/|^packages/core/index\\.ts$|${TESTS}` },
      to: { path: '^packages/core/studies/' },
    },
    {
      name: 'outside-code-uses-the-public-api',
      severity: 'error',
      comment:
        'apps/, bench/, packages/io and packages/ml import the core through its public API: packages/core/index.ts, ' +
        'an area index (packages/core/<area>/index.ts) or a one-file module at the top (errors.ts, suggest.ts, schema.ts); ' +
        'export what is missing from the area index. Tests may import internals.',
      from: { path: '^(apps|bench|packages/(io|ml))/', pathNot: TESTS },
      to: { path: '^packages/core/', pathNot: CORE_PUBLIC },
    },
    {
      name: 'no-test-code-in-the-product',
      severity: 'error',
      comment: 'Product code imports no test file and no test fixture (testing.ts).',
      from: { pathNot: TESTS },
      to: { path: TESTS },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that does not resolve to a file or an installed package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
