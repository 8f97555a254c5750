// What is wrong with a path, in words a person acts on: "permission denied",
// "is a file, not a folder", "a part of the path is a file". Messages that
// guess ("no such folder" for a folder we may not read, "not valid JSON" for
// a file we could not open) send people looking in the wrong place.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Words for a Node fs error code; the code itself when it has no better words. */
export function fsProblemText(code: string | undefined): string {
  switch (code) {
    case 'ENOENT': return 'does not exist';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'EISDIR': return 'is a folder, not a file';
    case 'ELOOP': return 'too many symbolic links';
    case 'ENAMETOOLONG': return 'the name is too long';
    case 'EROFS': return 'read-only file system';
    case 'ENOSPC': return 'no space left on the device';
    case 'EEXIST': return 'already exists';
    case 'EMFILE':
    case 'ENFILE': return 'too many open files';
    case 'EIO': return 'input/output error';
    default: return code ?? 'unknown error';
  }
}

/** The error code of a caught fs error, if it has one. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Words for a caught fs error: fsProblemText of its code, or its message. */
export function fsErrorText(e: unknown): string {
  const code = errnoCode(e);
  if (code !== undefined) return fsProblemText(code);
  return e instanceof Error ? e.message.split('\n')[0] ?? 'unknown error' : String(e);
}

export type PathKind = 'folder' | 'file';

/**
 * Why `path` cannot be used as an existing `kind` (readable; a folder also
 * listable), or null when it can. `missing` is the text for ENOENT.
 */
export function existingPathProblem(path: string, kind: PathKind): string | null {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    return errnoCode(e) === 'ENOENT' ? `no such ${kind}` : fsErrorText(e);
  }
  if (kind === 'folder' && !isDir) return 'is a file, not a folder';
  if (kind === 'file' && isDir) return 'is a folder, not a file';
  try {
    accessSync(path, kind === 'folder' ? constants.R_OK | constants.X_OK : constants.R_OK);
  } catch (e) {
    return fsErrorText(e);
  }
  return null;
}

/**
 * Why `path` cannot become (or be reused as) a writable folder, or null: an
 * existing folder must be writable; a missing one needs its nearest existing
 * ancestor to be a writable folder.
 */
export function writableFolderProblem(path: string): string | null {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') return fsErrorText(e);
    return creatableProblem(path);
  }
  if (!st.isDirectory()) return 'is a file, not a folder';
  try {
    accessSync(path, constants.W_OK | constants.X_OK | constants.R_OK);
  } catch (e) {
    return fsErrorText(e);
  }
  return null;
}

/** Why a missing `path` cannot be created (its nearest existing ancestor must be a writable folder), or null. */
export function creatableProblem(path: string): string | null {
  let parent = resolve(path);
  for (;;) {
    const next = dirname(parent);
    if (next === parent) return null;
    parent = next;
    let st;
    try {
      st = statSync(parent);
    } catch (e) {
      if (errnoCode(e) === 'ENOENT') continue;
      return `cannot be created: ${parent} ${fsErrorText(e)}`;
    }
    if (!st.isDirectory()) return `cannot be created: ${parent} is a file, not a folder`;
    try {
      accessSync(parent, constants.W_OK | constants.X_OK);
    } catch (e) {
      return `cannot be created in ${parent}: ${fsErrorText(e)}`;
    }
    return null;
  }
}
