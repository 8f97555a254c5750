// The dataset descriptor: what datasets/<name>.json says about one dataset
// (shape, classes, normalisation, file names, hashes, official URLs), and the
// check that turns a parsed JSON value into a typed descriptor.
import { NaschainError, invalid } from '../core/errors.js';

export const DATASET_DESCRIPTOR_KIND = 'naschain/dataset';
export const DATASET_DESCRIPTOR_VERSION = 1;

/** On-disk layouts the readers understand. */
export type DatasetFormat = 'idx' | 'cifar10-binary' | 'cifar100-binary';

/** One file of a dataset folder, with what we know about its bytes. */
export interface DatasetFile {
  /** File name inside the dataset folder (official name). */
  name: string;
  /** Hex sha256 of the file as installed by Debian's dataset package (where that exists). */
  sha256?: string;
  /** Hex sha256 of the decompressed bytes (gzip files): the same for every correct copy, however recompressed. */
  contentSha256?: string;
  /** Hex md5 of the official download, as the dataset's authors publish it. */
  md5?: string;
  /** Official download URL of this file (absent when it comes inside an archive). */
  url?: string;
}

/** An official archive that holds some of the files (CIFAR's tar.gz). */
export interface DatasetArchive {
  url: string;
  /** Hex md5 published by the authors on the dataset's page. */
  md5: string;
  /** Folder inside the archive that holds the files. */
  folder: string;
  bytes?: number;
}

export interface DatasetSplitFiles {
  /** idx: the images file and the labels file; cifar: the record files, concatenated in this order. */
  files: string[];
  count: number;
}

export interface DatasetDescriptor {
  kind: typeof DATASET_DESCRIPTOR_KIND;
  version: number;
  name: string;
  title: string;
  format: DatasetFormat;
  height: number;
  width: number;
  channels: number;
  numClasses: number;
  classNames: string[];
  /** Per-channel mean and std of the [0,1]-scaled training images. */
  mean: number[];
  std: number[];
  train: DatasetSplitFiles;
  test: DatasetSplitFiles;
  /** Every file the readers need, with hashes. */
  files: DatasetFile[];
  archive?: DatasetArchive;
  /** True for a dataset that ships inside this package (datasets/<name>/). */
  embedded?: boolean;
  licence: string;
  homepage: string;
  /** Free text: where the hashes and statistics come from. */
  notes?: string;
}

const FORMATS: readonly DatasetFormat[] = ['idx', 'cifar10-binary', 'cifar100-binary'];
const HEX64 = /^[0-9a-f]{64}$/;
const HEX32 = /^[0-9a-f]{32}$/;

/** Checks a parsed descriptor; `source` names it in error messages. */
export function parseDatasetDescriptor(raw: unknown, source: string): DatasetDescriptor {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(source, raw, 'a JSON object');
  const d = raw as Record<string, unknown>;
  if (d.kind !== DATASET_DESCRIPTOR_KIND) throw invalid(`${source}.kind`, d.kind, JSON.stringify(DATASET_DESCRIPTOR_KIND));
  if (d.version !== DATASET_DESCRIPTOR_VERSION) throw invalid(`${source}.version`, d.version, String(DATASET_DESCRIPTOR_VERSION));
  for (const k of ['name', 'title', 'licence', 'homepage'] as const) {
    if (typeof d[k] !== 'string' || d[k] === '') throw invalid(`${source}.${k}`, d[k], 'a non-empty string');
  }
  if (!FORMATS.includes(d.format as DatasetFormat)) throw invalid(`${source}.format`, d.format, `one of ${FORMATS.join(', ')}`);
  for (const k of ['height', 'width', 'channels', 'numClasses'] as const) {
    const v = d[k];
    if (!(typeof v === 'number' && Number.isInteger(v) && v > 0)) throw invalid(`${source}.${k}`, v, 'a positive integer');
  }
  const channels = d.channels as number;
  const names = d.classNames;
  if (!Array.isArray(names) || names.length !== d.numClasses || !names.every((n) => typeof n === 'string')) {
    throw invalid(`${source}.classNames`, names, `${String(d.numClasses)} strings`);
  }
  for (const k of ['mean', 'std'] as const) {
    const v = d[k];
    if (!Array.isArray(v) || v.length !== channels || !v.every((x) => typeof x === 'number' && x >= 0 && x <= 1)) {
      throw invalid(`${source}.${k}`, v, `${channels} numbers in [0, 1]`);
    }
  }
  if ((d.std as number[]).some((x) => x === 0)) throw invalid(`${source}.std`, d.std, 'no zero entries');
  const files = d.files;
  if (!Array.isArray(files) || files.length === 0) throw invalid(`${source}.files`, files, 'a non-empty list of files');
  const fileNames = new Set<string>();
  files.forEach((f: unknown, i) => {
    const o = f as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || o.name === '' || /[/\\]/.test(o.name)) {
      throw invalid(`${source}.files[${i}].name`, o?.name, 'a plain file name');
    }
    for (const [k, re] of [['sha256', HEX64], ['contentSha256', HEX64], ['md5', HEX32]] as const) {
      if (o[k] !== undefined && !(typeof o[k] === 'string' && re.test(o[k] as string))) throw invalid(`${source}.files[${i}].${k}`, o[k], 'lower-case hex');
    }
    fileNames.add(o.name);
  });
  for (const split of ['train', 'test'] as const) {
    const s = d[split] as Record<string, unknown> | undefined;
    if (typeof s !== 'object' || s === null) throw invalid(`${source}.${split}`, s, 'an object with files and count');
    if (!(Number.isInteger(s.count) && (s.count as number) > 0)) throw invalid(`${source}.${split}.count`, s.count, 'a positive integer');
    const list = s.files;
    const wanted = d.format === 'idx' ? 'an images file and a labels file' : 'a non-empty list of record files';
    if (!Array.isArray(list) || list.length === 0 || (d.format === 'idx' && list.length !== 2)) throw invalid(`${source}.${split}.files`, list, wanted);
    for (const n of list) {
      if (typeof n !== 'string' || !fileNames.has(n)) throw invalid(`${source}.${split}.files`, n, 'a name listed in files');
    }
  }
  if (d.archive !== undefined) {
    const a = d.archive as Record<string, unknown>;
    if (typeof a !== 'object' || a === null || typeof a.url !== 'string' || typeof a.folder !== 'string' || !(typeof a.md5 === 'string' && HEX32.test(a.md5))) {
      throw invalid(`${source}.archive`, a, 'an object with url, md5 (hex) and folder');
    }
  } else if (!d.embedded && !files.every((f: Record<string, unknown>) => typeof f.url === 'string')) {
    throw new NaschainError('INVALID', `${source}: every file needs a url when there is no archive`);
  }
  return raw as DatasetDescriptor;
}
