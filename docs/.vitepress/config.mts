import { defineConfig } from 'vitepress';

// The SSB Twin docs site. Builds offline (`npm run docs:build`); dead links fail the build, and
// `npm test` runs the build through `npm run docs:check`.
export default defineConfig({
  title: 'SSB Twin',
  description: 'Solid-state battery digital twin: cell physics, pack, BMS and BTMS in the loop',
  lang: 'en',
  lastUpdated: false,
  themeConfig: {
    search: { provider: 'local' },
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Tutorials', link: '/tutorials/' },
      { text: 'Reference', link: '/reference/' },
      { text: 'Notes', link: '/notes/physics' },
      { text: 'Validation', link: '/validation/' },
      { text: 'Contributing', link: '/contributing/' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/guide/getting-started' },
          { text: 'Simulate and scenarios', link: '/guide/simulate' },
          { text: 'Cells and design', link: '/guide/cells-design' },
          { text: 'Measured data', link: '/guide/measured-data' },
          { text: 'BMS: topologies, faults, balancing', link: '/guide/bms' },
          { text: 'BTMS climate study', link: '/guide/btms' },
          { text: 'Safety tests', link: '/guide/safety' },
          { text: 'Data sources', link: '/guide/data' },
          { text: 'Known limits', link: '/guide/limits' },
        ],
      },
      {
        text: 'Tutorials',
        items: [
          { text: 'Overview', link: '/tutorials/' },
          { text: '1. First scenario and its report', link: '/tutorials/first-scenario' },
          { text: '2. Design a cell, put it in a pack', link: '/tutorials/design-a-cell' },
          { text: '3. Cycler files → model → pack', link: '/tutorials/fit-measured-data' },
          { text: '4. BMS fault campaign', link: '/tutorials/fault-campaign' },
          { text: '5. BTMS climate study', link: '/tutorials/btms-study' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'Overview', link: '/reference/' },
          { text: 'Library API', link: '/library-api' },
          { text: 'CLI', link: '/reference/cli' },
          { text: 'Scenario file', link: '/reference/scenario' },
          { text: 'Cell design file', link: '/reference/cell-design' },
          { text: 'Fitted model file', link: '/reference/model-file' },
          { text: 'Runaway-test file', link: '/reference/runaway-file' },
          { text: 'Abuse procedure file', link: '/reference/abuse-file' },
          { text: 'metrics.json', link: '/reference/metrics' },
          { text: 'Outputs and other files', link: '/reference/outputs' },
        ],
      },
      {
        text: 'Notes',
        items: [
          { text: 'Physics', link: '/notes/physics' },
          { text: 'BMS', link: '/notes/bms' },
          { text: 'BTMS', link: '/notes/btms' },
          { text: 'Fitting an ECM', link: '/notes/fitting' },
        ],
      },
      {
        text: 'Validation',
        items: [
          { text: 'Overview', link: '/validation/' },
          { text: 'Field (vehicles, fleets)', link: '/validation/field' },
          { text: 'Panasonic drive cycles', link: '/validation/panasonic' },
          { text: 'Speed', link: '/validation/speed' },
          { text: 'Studies', link: '/validation/studies' },
          { text: 'Reliability (hostile input)', link: '/validation/reliability' },
        ],
      },
      {
        text: 'Contributing',
        items: [
          { text: 'Overview', link: '/contributing/' },
          { text: 'Add a SoC estimator', link: '/contributing/soc-estimator' },
          { text: 'Add a BTMS controller', link: '/contributing/btms-controller' },
          { text: 'Add an electrolyte', link: '/contributing/electrolyte' },
          { text: 'Add a CLI command', link: '/contributing/cli-command' },
        ],
      },
    ],
  },
});
