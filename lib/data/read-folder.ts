// Reads a dataset from a folder that holds its files under their official
// names, with the reader its descriptor's format names (one table, below).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import { fsErrorText } from '../core/fs-problem.js';
import { CIFAR10_LAYOUT, CIFAR100_LAYOUT, decodeCifarFiles, type CifarLayout } from './cifar.js';
import type { DatasetDescriptor, DatasetFormat, DatasetSplitFiles } from './descriptor.js';
import { readIdxPair } from './idx.js';
import type { ImageDataset, ImageSplit } from './types.js';

type SplitReader = (d: DatasetDescriptor, dir: string, split: DatasetSplitFiles) => ImageSplit;

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new NaschainError('NOT_FOUND', `${path}: cannot read it (${fsErrorText(e)})`);
  }
}

const readIdxSplit: SplitReader = (d, dir, split) => {
  const [imagesName = '', labelsName = ''] = split.files;
  const images = join(dir, imagesName), labels = join(dir, labelsName);
  return readIdxPair(readBytes(images), readBytes(labels), { images, labels }, { height: d.height, width: d.width, numClasses: d.numClasses, count: split.count });
};

const cifarReader = (base: CifarLayout): SplitReader => (d, dir, split) => {
  const layout = { ...base, numClasses: d.numClasses, height: d.height, width: d.width, channels: d.channels };
  const parts = split.files.map((name) => ({ file: join(dir, name), bytes: readBytes(join(dir, name)) }));
  const out = decodeCifarFiles(parts, layout);
  if (out.count !== split.count) {
    throw new NaschainError('CORRUPT', `${parts.map((p) => p.file).join(', ')}: ${out.count} records in all, expected ${split.count}`);
  }
  return out;
};

/** The one table of on-disk formats. */
const READERS: Record<DatasetFormat, SplitReader> = {
  idx: readIdxSplit,
  'cifar10-binary': cifarReader(CIFAR10_LAYOUT),
  'cifar100-binary': cifarReader(CIFAR100_LAYOUT),
};

/** Reads both splits from `dir`; throws CORRUPT/NOT_FOUND naming the file. */
export function readDatasetFolder(d: DatasetDescriptor, dir: string): ImageDataset {
  const read = READERS[d.format];
  return {
    name: d.name,
    height: d.height,
    width: d.width,
    channels: d.channels,
    numClasses: d.numClasses,
    classNames: [...d.classNames],
    mean: [...d.mean],
    std: [...d.std],
    train: read(d, dir, d.train),
    test: read(d, dir, d.test),
  };
}
