import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { encodeIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, parseIdx, readIdxPair } from '../../lib/data/idx.js';

const FM = '/usr/share/datasets/fashion-mnist';
const expect = { height: 2, width: 3, numClasses: 10 };
const files = { images: 'imgs.idx', labels: 'labs.idx' };
const images = encodeIdx([2, 2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
const labels = encodeIdx([2], Uint8Array.from([9, 0]));

function isCorrupt(pattern: RegExp) {
  return (e: Error & { code?: string }) => {
    assert.equal(e.code, 'CORRUPT');
    assert.match(e.message, pattern);
    return true;
  };
}

test('raw and gzip IDX decode to the same images and labels', () => {
  const a = readIdxPair(images, labels, files, expect);
  const b = readIdxPair(gzipSync(images), gzipSync(labels), files, { ...expect, count: 2 });
  assert.equal(a.count, 2);
  assert.deepEqual(Array.from(a.images), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.deepEqual(Array.from(a.labels), [9, 0]);
  assert.deepEqual(Array.from(b.images), Array.from(a.images));
  assert.deepEqual(Array.from(b.labels), Array.from(a.labels));
});

test('the real Fashion-MNIST test files: header, first label and pixels match the raw bytes', () => {
  const gzImages = readFileSync(`${FM}/t10k-images-idx3-ubyte.gz`);
  const raw = gunzipSync(gzImages);
  const img = parseIdx(gzImages, 't10k-images', IDX_IMAGES_MAGIC);
  assert.deepEqual(img.dims, [10000, 28, 28]);
  assert.equal(img.data[0], raw[16]);
  assert.equal(img.data[784 * 9999 + 783], raw[raw.length - 1]);
  assert.ok(!Buffer.isBuffer(img.data), 'payload is a plain Uint8Array view');
  const lab = parseIdx(readFileSync(`${FM}/t10k-labels-idx1-ubyte.gz`), 't10k-labels', IDX_LABELS_MAGIC);
  assert.deepEqual(Array.from(lab.data.subarray(0, 5)), [9, 2, 1, 1, 6]);
});

test('wrong magic names the file, what was found and what was expected', () => {
  assert.throws(() => readIdxPair(labels, labels, files, expect), isCorrupt(/^imgs\.idx: magic 0x00000801, expected 0x00000803 \(IDX images\)$/));
  assert.throws(() => parseIdx(Uint8Array.from([0, 0, 8]), 'tiny', IDX_LABELS_MAGIC), isCorrupt(/^tiny: only 3 bytes, expected an IDX header/));
});

test('truncated and over-long files are rejected with the exact length expected', () => {
  assert.throws(() => readIdxPair(images.subarray(0, images.length - 1), labels, files, expect),
    isCorrupt(/^imgs\.idx: 27 bytes \(truncated\) for dims 2x2x3, expected exactly 28 bytes$/));
  const long = new Uint8Array(labels.length + 1);
  long.set(labels);
  assert.throws(() => readIdxPair(images, long, files, expect), isCorrupt(/^labs\.idx: 11 bytes \(trailing bytes\) for dims 2, expected exactly 10 bytes$/));
  assert.throws(() => parseIdx(images.subarray(0, 10), 'short-header', IDX_IMAGES_MAGIC), isCorrupt(/short-header: 10 bytes, expected a 16-byte header/));
});

test('a truncated gzip stream is CORRUPT, naming the file', () => {
  const gz = gzipSync(images);
  assert.throws(() => parseIdx(gz.subarray(0, gz.length - 6), 'cut.gz', IDX_IMAGES_MAGIC), isCorrupt(/^cut\.gz: gzip data is damaged or truncated/));
});

test('label count, label range, image size and image count are checked', () => {
  assert.throws(() => readIdxPair(images, encodeIdx([3], Uint8Array.from([1, 2, 3])), files, expect),
    isCorrupt(/^labs\.idx: 3 labels, expected 2 \(one per image in imgs\.idx\)$/));
  assert.throws(() => readIdxPair(images, encodeIdx([2], Uint8Array.from([1, 10])), files, expect),
    isCorrupt(/^labs\.idx: label 10 at index 1, expected labels below 10$/));
  assert.throws(() => readIdxPair(images, labels, files, { ...expect, height: 3, width: 2 }), isCorrupt(/^imgs\.idx: images of 2x3, expected 3x2$/));
  assert.throws(() => readIdxPair(images, labels, files, { ...expect, count: 60000 }), isCorrupt(/^imgs\.idx: 2 images, expected 60000$/));
});
