// Reads search-space JSON files: a path, or the name of a space shipped in
// search-spaces/. The only file I/O of lib/search.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basename, join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import { fsErrorText } from '../core/fs-problem.js';
import { parseSearchSpace, type SearchSpace } from './space.js';

/** search-spaces/ of the package; this file runs as dist/lib/search/space-file.js. */
export function builtinSpacesDir(): string {
  return fileURLToPath(new URL('../../../search-spaces/', import.meta.url));
}

export function builtinSpaceNames(): string[] {
  return readdirSync(builtinSpacesDir()).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** A path to a .json file, or a built-in name like "macro". */
export function loadSearchSpace(pathOrName: string): SearchSpace {
  const isName = !pathOrName.endsWith('.json') && !pathOrName.includes('/') && !pathOrName.includes('\\');
  const path = isName ? join(builtinSpacesDir(), `${pathOrName}.json`) : pathOrName;
  const label = isName ? basename(path) : pathOrName;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const known = isName ? ` (built-in spaces: ${builtinSpaceNames().join(', ')})` : '';
    throw new NaschainError('NOT_FOUND', `search space ${label}: cannot read it (${fsErrorText(e)})${known}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NaschainError('CORRUPT', `search space ${label}: not valid JSON (${(e as Error).message})`);
  }
  return parseSearchSpace(raw, label);
}
