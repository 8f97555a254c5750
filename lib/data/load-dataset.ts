// loadDataset: the one way the rest of naschain gets images. Finds the files
// (embedded, --data-dir, NASCHAIN_DATA_DIR, cache, system folder), downloads
// into the cache when allowed, and reads them with the format's reader.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { DatasetDescriptor } from './descriptor.js';
import { downloadDataset } from './download-dataset.js';
import { cacheFolder, locateDataset, notFoundError, requiredFiles, type LocateOptions } from './locate.js';
import { readDatasetFolder } from './read-folder.js';
import { getDescriptor, packageDatasetsDir } from './registry.js';
import type { ImageDataset } from './types.js';

export interface LoadDatasetOptions extends LocateOptions {
  log?: Logger;
  /** Download into the cache when no folder has the files (default true). */
  download?: boolean;
  fetchImpl?: typeof fetch;
  /** Rewrites each official URL before fetching (tests point it at 127.0.0.1). */
  urlOverride?: (url: string) => string;
  /** Where the download progress bar goes (stderr by default). */
  progressStream?: NodeJS.WritableStream;
}

/** Loads a registered dataset by name; UsageError listing the known names for an unknown one. */
export async function loadDataset(name: string, opts: LoadDatasetOptions = {}): Promise<ImageDataset> {
  return loadDatasetFrom(getDescriptor(name), opts);
}

/** The same for a descriptor that is not (or not yet) in the registry. */
export async function loadDatasetFrom(d: DatasetDescriptor, opts: LoadDatasetOptions = {}): Promise<ImageDataset> {
  if (d.embedded) return readDatasetFolder(d, join(packageDatasetsDir(), d.name));
  // An explicit folder that is not there is a mistake to report, not a reason to read another copy.
  if (opts.dataDir !== undefined && opts.dataDir !== '' && !existsSync(opts.dataDir)) {
    throw new NaschainError('NOT_FOUND', `--data-dir ${opts.dataDir}: no such folder (expected the ${d.name} files ${requiredFiles(d).join(', ')}, or a ${d.name}/ folder holding them)`);
  }
  const found = locateDataset(d, opts);
  if (found) {
    opts.log?.debug(`dataset ${d.name}: reading ${found}`);
    return readDatasetFolder(d, found);
  }
  if (opts.download === false) throw notFoundError(d, opts);
  const dir = cacheFolder(d, opts);
  try {
    await downloadDataset(d, dir, opts);
  } catch (e) {
    throw notFoundError(d, opts, (e as Error).message);
  }
  return readDatasetFolder(d, dir);
}
