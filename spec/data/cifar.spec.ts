import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CIFAR10_LAYOUT, CIFAR100_LAYOUT, decodeCifarFiles } from '../../lib/data/cifar.js';
import { parseDatasetDescriptor } from '../../lib/data/descriptor.js';
import { loadDatasetFrom } from '../../lib/data/load-dataset.js';
import { readDatasetFolder } from '../../lib/data/read-folder.js';
import { getDescriptor } from '../../lib/data/registry.js';
import { repoRoot } from '../helpers/cli.js';

const FIX = join(repoRoot, 'spec/fixtures/data');
const c10 = readFileSync(join(FIX, 'cifar10-test_batch.head200.bin'));
const c100 = readFileSync(join(FIX, 'cifar100-test.head200.bin'));
const px = (images: Uint8Array, n: number, y: number, x: number) => Array.from(images.subarray(((n * 32 + y) * 32 + x) * 3, ((n * 32 + y) * 32 + x) * 3 + 3));

test('CIFAR-10 records decode to NHWC: first test image is a cat with known pixels', () => {
  const s = decodeCifarFiles([{ file: 'test_batch', bytes: c10 }], CIFAR10_LAYOUT);
  assert.equal(s.count, 200);
  assert.equal(s.labels[0], 3);
  assert.equal(getDescriptor('cifar10').classNames[3], 'cat');
  // R, G, B planes of record 0 start with 158 159 ..., 112 111 ..., 49 47 ...
  assert.deepEqual(px(s.images, 0, 0, 0), [158, 112, 49]);
  assert.deepEqual(px(s.images, 0, 0, 1), [159, 111, 47]);
  assert.deepEqual(Array.from(s.labels.subarray(0, 8)), [3, 8, 8, 0, 6, 6, 1, 6]);
  assert.equal(s.labels[199], 8);
  assert.deepEqual(px(s.images, 199, 31, 31), [197, 198, 193]);
  // every pixel against the planar source
  for (const n of [0, 57, 199]) {
    for (const p of [0, 33, 1023]) {
      for (let c = 0; c < 3; c++) assert.equal(s.images[(n * 1024 + p) * 3 + c], c10[n * 3073 + 1 + c * 1024 + p]);
    }
  }
});

test('CIFAR-100 records use the fine label: first test image is a mountain', () => {
  const s = decodeCifarFiles([{ file: 'test.bin', bytes: c100 }], CIFAR100_LAYOUT);
  assert.equal(s.count, 200);
  assert.equal(s.labels[0], 49);
  assert.equal(getDescriptor('cifar100').classNames[49], 'mountain');
  assert.deepEqual(px(s.images, 0, 0, 0), [199, 215, 249]);
  assert.equal(s.labels[199], 87);
  assert.deepEqual(px(s.images, 199, 31, 31), [255, 255, 255]);
});

test('a size that is not a multiple of the record size, or a label out of range, is CORRUPT naming the file', () => {
  assert.throws(() => decodeCifarFiles([{ file: 'x/data_batch_1.bin', bytes: c10.subarray(0, 3073 * 2 + 5) }], CIFAR10_LAYOUT),
    /^NaschainError: x\/data_batch_1\.bin: 6151 bytes, expected a non-zero multiple of the 3073-byte record size$/);
  assert.throws(() => decodeCifarFiles([{ file: 'empty.bin', bytes: new Uint8Array(0) }], CIFAR100_LAYOUT), /empty\.bin: 0 bytes/);
  const bad = Buffer.from(c10.subarray(0, 3073 * 3));
  bad[3073 * 2] = 10;
  assert.throws(() => decodeCifarFiles([{ file: 'b.bin', bytes: bad }], CIFAR10_LAYOUT), /^NaschainError: b\.bin: label 10 in record 2, expected labels below 10$/);
  // a CIFAR-100 file read as CIFAR-10 has the wrong record size
  assert.throws(() => decodeCifarFiles([{ file: 'test.bin', bytes: c100 }], CIFAR10_LAYOUT), /614800 bytes, expected a non-zero multiple of the 3073-byte/);
});

/** A folder laid out like the official CIFAR-10 one, built from the fixture: 5 train batches of 40 records, a test batch of 200. */
function cifar10Folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'naschain-cifar10-'));
  for (let i = 0; i < 5; i++) writeFileSync(join(dir, `data_batch_${i + 1}.bin`), c10.subarray(i * 40 * 3073, (i + 1) * 40 * 3073));
  writeFileSync(join(dir, 'test_batch.bin'), c10);
  return dir;
}

test('a CIFAR-10 folder with the official names loads; train batches are concatenated in order', async () => {
  const dir = cifar10Folder();
  try {
    const d = parseDatasetDescriptor({ ...getDescriptor('cifar10'), train: { files: getDescriptor('cifar10').train.files, count: 200 }, test: { files: ['test_batch.bin'], count: 200 } }, 'spec');
    const ds = await loadDatasetFrom(d, { dataDir: dir, env: {}, cacheDir: '/nonexistent', download: false });
    assert.deepEqual([ds.height, ds.width, ds.channels, ds.numClasses], [32, 32, 3, 10]);
    assert.deepEqual(ds.train.labels, ds.test.labels);
    assert.deepEqual(ds.train.images, ds.test.images);
    assert.deepEqual(px(ds.train.images, 40, 0, 0), px(ds.test.images, 40, 0, 0));
    // The registered descriptor wants 50,000 records: the sample folder is rejected, with counts.
    assert.throws(() => readDatasetFolder(getDescriptor('cifar10'), dir), /data_batch_5\.bin: 200 records in all, expected 50000$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a CIFAR-100 folder and an extracted-archive subfolder are both found', async () => {
  const root = mkdtempSync(join(tmpdir(), 'naschain-cifar100-'));
  try {
    const sub = join(root, 'cifar100', 'cifar-100-binary');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'train.bin'), c100);
    writeFileSync(join(sub, 'test.bin'), c100.subarray(0, 50 * 3074));
    const base = getDescriptor('cifar100');
    const d = parseDatasetDescriptor({ ...base, train: { files: ['train.bin'], count: 200 }, test: { files: ['test.bin'], count: 50 } }, 'spec');
    const ds = await loadDatasetFrom(d, { env: { NASCHAIN_DATA_DIR: root }, cacheDir: '/nonexistent', systemDir: '/nonexistent', download: false });
    assert.equal(ds.train.count, 200);
    assert.equal(ds.test.count, 50);
    assert.equal(ds.test.labels[0], 49);
    assert.equal(ds.numClasses, 100);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
