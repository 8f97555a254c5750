// Path flags and arguments checked at parse time, before anything is loaded or
// created, with the real cause in one line: "--state /etc/passwd: is a file,
// not a folder; expected the validator's state folder". A usage error (exit
// 2): the path the user named cannot be used as named. What is wrong inside a
// folder that can be read (no model.json, bad JSON) is the command's own
// failure (exit 1), reported by the code that reads it.
import type { Options, PositionalOptions } from 'yargs';
import { UsageError } from '../core/errors.js';
import { creatableProblem, existingPathProblem, writableFolderProblem } from '../core/fs-problem.js';
import { statSync } from 'node:fs';

/**
 * folder / file: must exist and be readable; new-folder: an existing writable
 * folder or one that can be created; new-file: a file that can be written
 * (not a folder; its folder exists or can be created).
 */
export type PathNeed = 'folder' | 'file' | 'new-folder' | 'new-file';

/** The problem with `path` for `need`, or null. */
export function pathProblem(path: string, need: PathNeed): string | null {
  switch (need) {
    case 'folder':
    case 'file':
      return existingPathProblem(path, need);
    case 'new-folder':
      return writableFolderProblem(path);
    case 'new-file': {
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        return creatableProblem(path);
      }
      return isDir ? 'is a folder, not a file' : null;
    }
  }
}

/**
 * `label` is how the message names the value: "--state", or "model folder"
 * for a positional argument. Returns the path; throws a usage error.
 */
export function checkPath(label: string, v: unknown, need: PathNeed, expected: string): string | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) throw new UsageError(`${label}: given ${v.length} times, expected it once`);
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`${label}: no value given, expected ${expected}`);
  const problem = pathProblem(v, need);
  if (problem !== null) throw new UsageError(`${label} ${v}: ${problem}; expected ${expected}`);
  return v;
}

/** A yargs string option (or positional) whose path is checked at parse time. */
export function pathOption(label: string, need: PathNeed, expected: string, describe: string): Options & PositionalOptions {
  return { type: 'string', describe, coerce: (v: unknown) => checkPath(label, v, need, expected) };
}
