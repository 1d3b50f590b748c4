/**
 * Reading a user file as text and parsing it as YAML (or JSON, which is YAML), with errors that
 * name the file (and the line and column of a syntax error). Shared by every loader in io/.
 */
import { readFileSync, existsSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { InputError } from '../core/errors.js';

export function readText(file: string, what = 'file'): string {
  if (!existsSync(file)) throw new InputError(`${what} not found`, { file });
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read ${what}: ${(e as Error).message}`, { file });
  }
}

/** Parse YAML (or JSON, which is YAML) with errors that give line and column. */
export function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw new InputError(`invalid YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${e.message.split('\n')[0]}`, { file });
  }
  try {
    return doc.toJS();
  } catch (e) {
    // an alias without its anchor, an alias bomb: the yaml library throws plain errors here
    throw new InputError(
      `invalid YAML: ${String((e as Error).message)
        .split('\n')[0]
        .slice(0, 120)}`,
      { file },
    );
  }
}
