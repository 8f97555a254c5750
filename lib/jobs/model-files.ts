// Model folders over a queue: a folder's regular files as base64 strings in a
// job or its answer (a submission is capped at a few MiB), written back into a
// folder on the other side. Names are single path components; nothing else is
// written.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';

/** File name -> base64 content. */
export type ModelFiles = Record<string, string>;

/** What one folder may carry over the queue. */
export const MAX_MODEL_FILES_BYTES = 64 * 1024 * 1024;

function checkName(name: string, where: string): void {
  if (!/^[A-Za-z0-9._-]{1,200}$/.test(name) || name === '.' || name === '..') {
    throw new NaschainError('INVALID', `${where}: file name ${JSON.stringify(name.slice(0, 80))}, expected one plain path component`);
  }
}

/** The folder's regular files (links and sub-folders are left out; the model checks refuse what they need and miss). */
export function readModelFiles(dir: string, maxBytes = MAX_MODEL_FILES_BYTES): ModelFiles {
  const out: ModelFiles = {};
  let total = 0;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = lstatSync(p);
    if (!st.isFile()) continue;
    checkName(name, dir);
    total += st.size;
    if (total > maxBytes) throw new NaschainError('LIMIT', `${dir}: over ${maxBytes} bytes of files, too much to send over the queue`);
    out[name] = readFileSync(p).toString('base64');
  }
  return out;
}

export function writeModelFiles(dir: string, files: unknown): void {
  if (typeof files !== 'object' || files === null || Array.isArray(files)) throw new NaschainError('INVALID', `model files for ${dir}: expected an object of base64 strings`);
  mkdirSync(dir, { recursive: true });
  for (const [name, b64] of Object.entries(files as Record<string, unknown>)) {
    checkName(name, dir);
    if (typeof b64 !== 'string') throw new NaschainError('INVALID', `model file ${name}: expected a base64 string`);
    const p = join(dir, name);
    if (existsSync(p) && !lstatSync(p).isFile()) throw new NaschainError('INVALID', `${p}: exists and is not a file`);
    writeFileSync(p, Buffer.from(b64, 'base64'));
  }
}
