// Where a dataset's files may be on this machine, in look-up order, and the
// one error that tells a user where to put which files.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import type { DatasetDescriptor } from './descriptor.js';

export interface LocateOptions {
  /** --data-dir: a folder holding the files, or holding <name>/ with them. */
  dataDir?: string;
  /** Overrides ~/.cache/naschain/datasets (the download target). */
  cacheDir?: string;
  /** Overrides /usr/share/datasets (where Debian's dataset packages install). */
  systemDir?: string;
  /** Overrides process.env (NASCHAIN_DATA_DIR). */
  env?: Record<string, string | undefined>;
}

export const SYSTEM_DATASETS_DIR = '/usr/share/datasets';

export function defaultCacheRoot(env: Record<string, string | undefined> = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && xdg !== '' ? xdg : join(homedir(), '.cache'), 'naschain', 'datasets');
}

/** The folder downloads go to for this dataset. */
export function cacheFolder(d: DatasetDescriptor, opts: LocateOptions = {}): string {
  return join(opts.cacheDir ?? defaultCacheRoot(opts.env), d.name);
}

/** Folders searched, in order: --data-dir, NASCHAIN_DATA_DIR, the cache, the system folder. */
export function candidateFolders(d: DatasetDescriptor, opts: LocateOptions = {}): string[] {
  const env = opts.env ?? process.env;
  const out: string[] = [];
  for (const root of [opts.dataDir, env.NASCHAIN_DATA_DIR]) {
    if (root && root !== '') out.push(root, join(root, d.name));
  }
  out.push(cacheFolder(d, opts), join(opts.systemDir ?? SYSTEM_DATASETS_DIR, d.name));
  // Accept the folder an archive extracts to (cifar-10-batches-bin/) inside each.
  if (d.archive) return out.flatMap((dir) => [dir, join(dir, d.archive!.folder)]);
  return out;
}

export function requiredFiles(d: DatasetDescriptor): string[] {
  return [...new Set([...d.train.files, ...d.test.files])];
}

export function hasAllFiles(d: DatasetDescriptor, dir: string): boolean {
  return requiredFiles(d).every((f) => existsSync(join(dir, f)));
}

/** The first candidate folder that holds every file, or undefined. */
export function locateDataset(d: DatasetDescriptor, opts: LocateOptions = {}): string | undefined {
  return candidateFolders(d, opts).find((dir) => hasAllFiles(d, dir));
}

/** One clear error: which files, which folders were searched, where to get them. */
export function notFoundError(d: DatasetDescriptor, opts: LocateOptions, why?: string): NaschainError {
  const where = d.archive ? `${d.archive.url} (extract ${d.archive.folder}/)` : (d.files[0]?.url ?? d.homepage).replace(/[^/]*$/, '');
  return new NaschainError(
    'NOT_FOUND',
    `dataset ${d.name}: files ${requiredFiles(d).join(', ')} not found in ${candidateFolders(d, opts).join(', ')}` +
      `${why ? `; download failed: ${why}` : ''}; put them in one of those folders (or pass --data-dir), from ${where}`,
  );
}
