import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng, type Rng } from '../../lib/core/rng.js';
import { batchLabels, testBatch, trainBatch, type ImageDims } from '../../lib/data/augment.js';
import { loadDataset } from '../../lib/data/load-dataset.js';
import type { ImageSplit } from '../../lib/data/types.js';

const off = { cropPadding: 0, horizontalFlip: false, cutoutSize: 0 };
const unit = (ch: number) => ({ mean: Array<number>(ch).fill(0), std: Array<number>(ch).fill(1) });

/** An Rng that replays fixed draws: int() returns the next queued integer, next() the next queued float. */
function scripted(ints: number[], floats: number[] = []): Rng {
  return {
    seed: 0,
    int: (n) => { const v = ints.shift(); assert.ok(v !== undefined && v < n, `int(${n}) drew ${v}`); return v; },
    next: () => { const v = floats.shift(); assert.ok(v !== undefined); return v; },
    normal: () => 0,
  };
}

/** A 1-channel 3x3 image with pixel values 10, 20, ..., 90 row-major. */
const grid: ImageSplit = { images: Uint8Array.from([10, 20, 30, 40, 50, 60, 70, 80, 90]), labels: Uint8Array.from([4]), count: 1 };
const d3: ImageDims = { height: 3, width: 3, channels: 1 };
const as255 = (f: Float32Array) => Array.from(f, (v) => Math.round(v * 255));

test('testBatch scales to [0,1] and normalises each channel of an NHWC image', () => {
  const split: ImageSplit = { images: Uint8Array.from([0, 255, 51, 255, 0, 102]), labels: Uint8Array.from([0]), count: 1 };
  const out = testBatch(split, { height: 1, width: 2, channels: 3 }, [0], { mean: [0.5, 0, 0.2], std: [0.5, 1, 0.4] });
  const want = [-1, 1, 0, 1, 0, 0.5];
  want.forEach((w, i) => assert.ok(Math.abs((out[i] as number) - w) < 1e-6, `value ${i}: ${out[i]} vs ${w}`));
});

test('random crop shifts the image over zero padding by the drawn offsets', () => {
  // pad 1: offsets drawn in [0, 2]; row offset 0 (shift down), column offset 2 (shift left).
  const out = trainBatch(grid, d3, [0], { ...off, cropPadding: 1 }, unit(1), scripted([0, 2]));
  assert.deepEqual(as255(out), [0, 0, 0, 20, 30, 0, 50, 60, 0]);
  const centre = trainBatch(grid, d3, [0], { ...off, cropPadding: 1 }, unit(1), scripted([1, 1]));
  assert.deepEqual(as255(centre), [10, 20, 30, 40, 50, 60, 70, 80, 90]);
});

test('horizontal flip mirrors columns when the draw is below 0.5, and only then', () => {
  const flipped = trainBatch(grid, d3, [0], { ...off, horizontalFlip: true }, unit(1), scripted([], [0.49]));
  assert.deepEqual(as255(flipped), [30, 20, 10, 60, 50, 40, 90, 80, 70]);
  const kept = trainBatch(grid, d3, [0], { ...off, horizontalFlip: true }, unit(1), scripted([], [0.5]));
  assert.deepEqual(as255(kept), [10, 20, 30, 40, 50, 60, 70, 80, 90]);
});

test('crop then flip: the flip applies to the cropped image', () => {
  const out = trainBatch(grid, d3, [0], { ...off, cropPadding: 1, horizontalFlip: true }, unit(1), scripted([1, 2], [0.1]));
  // cropped (shift left by one): [20 30 0 / 50 60 0 / 80 90 0], then mirrored
  assert.deepEqual(as255(out), [0, 30, 20, 0, 60, 50, 0, 90, 80]);
});

test('Cutout zeroes a square of side L around the drawn centre, clipped at the borders', () => {
  const corner = trainBatch(grid, d3, [0], { ...off, cutoutSize: 2 }, unit(1), scripted([0, 0]));
  assert.deepEqual(as255(corner), [0, 20, 30, 40, 50, 60, 70, 80, 90]);
  const middle = trainBatch(grid, d3, [0], { ...off, cutoutSize: 2 }, unit(1), scripted([2, 1]));
  assert.deepEqual(as255(middle), [10, 20, 30, 0, 0, 60, 0, 0, 90]);
  // odd side 3: rows and columns [centre - 1, centre + 2)
  const odd = trainBatch(grid, d3, [0], { ...off, cutoutSize: 3 }, unit(1), scripted([0, 2]));
  assert.deepEqual(as255(odd), [10, 0, 0, 40, 0, 0, 70, 80, 90]);
  const rgb: ImageSplit = { images: new Uint8Array(2 * 2 * 3).fill(200), labels: Uint8Array.from([0]), count: 1 };
  const norm = { mean: [0.1, 0.2, 0.3], std: [0.5, 0.5, 0.5] };
  const big = trainBatch(rgb, { height: 2, width: 2, channels: 3 }, [0], { ...off, cutoutSize: 8 }, norm, scripted([1, 0]));
  // every pixel cut: (0 - mean) / std per channel
  for (let i = 0; i < 12; i++) assert.ok(Math.abs((big[i] as number) + (norm.mean[i % 3] as number) / 0.5) < 1e-6);
});

test('with every augmentation off, trainBatch equals testBatch (real images)', async () => {
  const ds = await loadDataset('fashion-mnist-small');
  const idx = [0, 5, 9999, 17, 3];
  const a = trainBatch(ds.train, ds, idx, off, ds, makeRng(1));
  const b = testBatch(ds.train, ds, idx, ds);
  assert.deepEqual(a, b);
  assert.deepEqual(Array.from(batchLabels(ds.train, idx)), idx.map((i) => ds.train.labels[i]));
});

test('same seed gives identical batches, another seed other batches; out buffer is reused', async () => {
  const ds = await loadDataset('fashion-mnist-small');
  const aug = { cropPadding: 2, horizontalFlip: true, cutoutSize: 8 };
  const idx = Array.from({ length: 64 }, (_, i) => i * 3);
  const buf = new Float32Array(64 * 784);
  const a = trainBatch(ds.train, ds, idx, aug, ds, makeRng(7), buf);
  assert.equal(a, buf);
  const b = trainBatch(ds.train, ds, idx, aug, ds, makeRng(7));
  const c = trainBatch(ds.train, ds, idx, aug, ds, makeRng(8));
  assert.deepEqual(a, b);
  assert.notDeepEqual(b, c);
});

test('flip rate is about one half', () => {
  const n = 4000;
  const split: ImageSplit = { images: new Uint8Array(n * 2), labels: new Uint8Array(n), count: n };
  for (let i = 0; i < n; i++) split.images[2 * i + 1] = 255; // [0, 255]: flipped shows [255, 0]
  const out = trainBatch(split, { height: 1, width: 2, channels: 1 }, [...Array(n).keys()], { ...off, horizontalFlip: true }, unit(1), makeRng(3));
  let flipped = 0;
  for (let i = 0; i < n; i++) if ((out[2 * i] as number) > 0.5) flipped++;
  assert.ok(Math.abs(flipped / n - 0.5) < 0.03, `flip rate ${flipped / n}`);
});

test('crop offsets cover [0, 2*pad] uniformly and Cutout always removes pixels', () => {
  const n = 3000;
  const split: ImageSplit = { images: new Uint8Array(n * 25).fill(255), labels: new Uint8Array(n), count: n };
  const d5 = { height: 5, width: 5, channels: 1 };
  const out = trainBatch(split, d5, [...Array(n).keys()], { ...off, cropPadding: 2 }, unit(1), makeRng(4));
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    let zeros = 0;
    for (let x = 0; x < 5; x++) if (out[i * 25 + 2 * 5 + x] === 0) zeros++; // zero columns in the middle row = |column shift|
    counts.set(zeros, (counts.get(zeros) ?? 0) + 1);
  }
  // |dx| = 0 once in 5, 1 and 2 twice in 5 each
  assert.ok(Math.abs((counts.get(0) ?? 0) / n - 0.2) < 0.04 && Math.abs((counts.get(2) ?? 0) / n - 0.4) < 0.04, JSON.stringify([...counts]));
  const cut = trainBatch(split, d5, [...Array(200).keys()], { ...off, cutoutSize: 2 }, unit(1), makeRng(5));
  for (let i = 0; i < 200; i++) {
    const zeros = cut.subarray(i * 25, i * 25 + 25).filter((v) => v === 0).length;
    assert.ok(zeros >= 1 && zeros <= 4, `image ${i}: ${zeros} cut pixels`);
  }
});

test('a batch of 128 28x28 images takes well under 5 ms', async () => {
  const ds = await loadDataset('fashion-mnist-small');
  const idx = Array.from({ length: 128 }, (_, i) => (i * 71) % ds.train.count);
  const aug = { cropPadding: 2, horizontalFlip: true, cutoutSize: 8 };
  const buf = new Float32Array(128 * 784);
  const rng = makeRng(9);
  for (let i = 0; i < 20; i++) trainBatch(ds.train, ds, idx, aug, ds, rng, buf);
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    trainBatch(ds.train, ds, idx, aug, ds, rng, buf);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  assert.ok((times[15] as number) < 5, `median ${times[15]} ms`);
});

test('bad indices, buffers and normalisation are rejected with the value named', () => {
  assert.throws(() => testBatch(grid, d3, [1], unit(1)), /batch index 0: got 1, expected an integer in \[0, 1\)/);
  assert.throws(() => testBatch(grid, d3, [0], unit(1), new Float32Array(3)), /output buffer length: got 3/);
  assert.throws(() => testBatch(grid, d3, [0], unit(3)), /normalisation/);
});
