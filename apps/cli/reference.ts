/**
 * The CLI reference page (docs/reference/cli.md), rendered from `buildProgram()`: every command
 * with its arguments, options (defaults, required ones marked) and the examples of its help text.
 * `npm run docs:gen` writes it (one of the pages of scripts/docs/pages.ts); tests/docs.test.ts fails
 * when the committed page differs from `render()`. The page carries no version number, so a
 * version bump leaves it unchanged.
 */
import type { Argument, Command, Option } from 'commander';
import { buildProgram } from './program.js';

/** A table cell: pipes escaped, line breaks folded, `<` as an entity (a site generator reads `<name>` as a tag). */
function cell(text: string): string {
  return text
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/\s*\n\s*/g, ' ');
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function argumentLabel(a: Argument): string {
  const name = a.name() + (a.variadic ? '...' : '');
  return a.required ? `<${name}>` : `[${name}]`;
}

function optionDefault(o: Option): string {
  if (o.negate || o.defaultValue === undefined) return '';
  return code(o.defaultValueDescription ?? JSON.stringify(o.defaultValue));
}

/** The text the command's help prints after the option list (its examples): the full help less its built-in part. */
function afterHelp(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s: string) => (text += s) });
  cmd.outputHelp();
  const builtIn = cmd.helpInformation();
  if (!text.startsWith(builtIn)) throw new Error(`ssb ${cmd.name()}: help text does not start with the built-in help`);
  return text.slice(builtIn.length).trim();
}

function usage(cmd: Command): string {
  const args = cmd.registeredArguments.map(argumentLabel).join(' ');
  return ['ssb', cmd.name(), args, cmd.options.length ? '[options]' : ''].filter(Boolean).join(' ');
}

function optionsTable(options: readonly Option[]): string[] {
  if (!options.length) return [];
  const rows = options.filter((o) => !o.hidden).map((o) => `| ${code(o.flags)} | ${o.mandatory ? 'required' : optionDefault(o)} | ${cell(o.description)} |`);
  return ['| option | default | description |', '|---|---|---|', ...rows, ''];
}

function commandSection(cmd: Command): string[] {
  const out = [`## ssb ${cmd.name()}`, '', '```', usage(cmd), '```', '', cmd.description(), ''];
  if (cmd.registeredArguments.length) {
    out.push('| argument | description |', '|---|---|');
    for (const a of cmd.registeredArguments)
      out.push(`| ${code(argumentLabel(a))} | ${cell(a.description)}${a.defaultValue !== undefined ? ` (default ${code(JSON.stringify(a.defaultValue))})` : ''} |`);
    out.push('');
  }
  out.push(...optionsTable(cmd.options));
  const after = afterHelp(cmd);
  if (after) out.push('```text', after, '```', '');
  return out;
}

/** The whole page (Markdown, ends with one newline). */
export function render(): string {
  const program = buildProgram();
  const commands = program.commands;
  const out = [
    '# `ssb` command reference',
    '',
    '<!-- Generated from apps/cli/program.ts by apps/cli/reference.ts: edit the command there and run `npm run docs:gen`. -->',
    '',
    program.description(),
    '',
    'Exit codes: 0 success, 1 runtime failure (e.g. a numerical failure during a run, a full disk), 2 bad input or usage (also: an output that is an input, an output folder another run is writing, an output path that cannot be written), 130 stopped by Ctrl-C (SIGINT), 143 stopped by SIGTERM; see [outputs](outputs.md#exit-codes).',
    'Every command takes `-h, --help`.',
    '',
    '## Global options',
    '',
    ...optionsTable(program.options),
    '## Commands',
    '',
    '| command | what it does |',
    '|---|---|',
    ...commands.map((c) => `| [${c.name()}](#ssb-${c.name()}) | ${cell(c.description())} |`),
    '',
    ...commands.flatMap(commandSection),
  ];
  return `${out.join('\n').trimEnd()}\n`;
}
