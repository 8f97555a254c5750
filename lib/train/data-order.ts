// The order in which training images are visited each epoch, and its batches.
// quirk (upstream, shuffle false): the training set is not shuffled, so every
// epoch visits images 0..n-1 in order. With shuffle true each epoch draws a
// permutation from rngFor(seed, `epoch${e}/order`).
import { rngFor, shuffleInPlace } from '../core/rng.js';

export function epochOrder(count: number, epoch: number, shuffle: boolean, seed: number): Int32Array {
  const order = Array.from({ length: count }, (_, i) => i);
  if (shuffle) shuffleInPlace(order, rngFor(seed, `epoch${epoch}/order`));
  return Int32Array.from(order);
}

/** Consecutive slices of `batchSize`; the last one is kept even when partial (PyTorch drop_last=False). */
export function batchesOf(order: Int32Array, batchSize: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(order.subarray(i, Math.min(order.length, i + batchSize)));
  return out;
}
