// The dataset registry: every dataset naschain knows, listed once, each
// described by datasets/<name>.json in this package. Adding a dataset is one
// descriptor file, one entry here, and (for a new on-disk layout) one reader.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NaschainError, UsageError } from '../core/errors.js';
import { parseDatasetDescriptor, type DatasetDescriptor } from './descriptor.js';

/** The one list of datasets; the first is the default. */
export const DATASET_NAMES = ['fashion-mnist-small', 'fashion-mnist', 'cifar10', 'cifar100'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];
export const DEFAULT_DATASET: DatasetName = 'fashion-mnist-small';

/**
 * The package's datasets/ folder, found from this module's own location
 * (lib/data/ in the sources, dist/lib/data/ when built), so it works from any
 * cwd and inside node_modules.
 */
export function packageDatasetsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    dir = resolve(dir, '..');
    try {
      readFileSync(join(dir, 'datasets', `${DEFAULT_DATASET}.json`));
      return join(dir, 'datasets');
    } catch {
      // not this level; go up
    }
  }
  throw new NaschainError('NOT_FOUND', `datasets folder of the naschain package: not found above ${fileURLToPath(import.meta.url)}, expected datasets/${DEFAULT_DATASET}.json there`);
}

export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}

const cache = new Map<string, DatasetDescriptor>();

/** The checked descriptor of a registered dataset; UsageError naming the known ones otherwise. */
export function getDescriptor(name: string): DatasetDescriptor {
  if (!isDatasetName(name)) throw new UsageError(`unknown dataset ${JSON.stringify(name)}: expected one of ${DATASET_NAMES.join(', ')}`);
  const hit = cache.get(name);
  if (hit) return hit;
  const path = join(packageDatasetsDir(), `${name}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new NaschainError('CORRUPT', `dataset descriptor ${path}: cannot read it as JSON (${(e as Error).message})`);
  }
  const d = parseDatasetDescriptor(raw, `dataset descriptor ${path}`);
  if (d.name !== name) throw new NaschainError('CORRUPT', `dataset descriptor ${path}: name ${JSON.stringify(d.name)}, expected ${JSON.stringify(name)}`);
  cache.set(name, d);
  return d;
}
