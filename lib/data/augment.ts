// Batching and augmentation on typed arrays, no tfjs: the validator's train
// transform (random crop with zero padding, horizontal flip, scale to [0,1],
// Cutout, per-channel normalisation) and its test transform. Deterministic
// given the Rng. Per image the Rng is drawn in this order: crop row offset,
// crop column offset (when cropPadding > 0), flip (when horizontalFlip),
// Cutout centre row, centre column (when cutoutSize > 0).
import { invalid } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { AugmentationConfig } from '../core/vali-config.js';
import type { ImageSplit } from './types.js';

export interface ImageDims { height: number; width: number; channels: number }
export interface Normalisation { mean: number[]; std: number[] }

/** lut[c*256 + p] = (p/255 - mean[c]) / std[c]: one multiply-add per pixel, done once. */
function normalisationTable(norm: Normalisation, channels: number): Float32Array {
  if (norm.mean.length !== channels || norm.std.length !== channels) {
    throw invalid('normalisation mean/std', norm, `${channels} values each`);
  }
  const lut = new Float32Array(channels * 256);
  for (let c = 0; c < channels; c++) {
    const m = norm.mean[c] as number, s = norm.std[c] as number;
    if (!(s > 0)) throw invalid(`normalisation std[${c}]`, s, 'a positive number');
    for (let p = 0; p < 256; p++) lut[c * 256 + p] = (p / 255 - m) / s;
  }
  return lut;
}

function checkArgs(split: ImageSplit, dims: ImageDims, indices: ArrayLike<number>, out: Float32Array | undefined): Float32Array {
  const size = dims.height * dims.width * dims.channels;
  if (split.images.length !== split.count * size) throw invalid('split images length', split.images.length, `${split.count}*${size}`);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i] as number;
    if (!(Number.isInteger(k) && k >= 0 && k < split.count)) throw invalid(`batch index ${i}`, k, `an integer in [0, ${split.count})`);
  }
  const need = indices.length * size;
  if (out === undefined) return new Float32Array(need);
  if (out.length < need) throw invalid('output buffer length', out.length, `at least ${need}`);
  return out;
}

/** Test transform: scale to [0,1], normalise. NHWC float32 of indices.length images. */
export function testBatch(split: ImageSplit, dims: ImageDims, indices: ArrayLike<number>, norm: Normalisation, out?: Float32Array): Float32Array {
  const dst = checkArgs(split, dims, indices, out);
  const lut = normalisationTable(norm, dims.channels);
  const ch = dims.channels, size = dims.height * dims.width * ch, src = split.images;
  for (let i = 0; i < indices.length; i++) {
    const s = (indices[i] as number) * size, d = i * size;
    for (let p = 0; p < size; p += ch) {
      for (let c = 0; c < ch; c++) dst[d + p + c] = lut[(c << 8) | (src[s + p + c] as number)] as number;
    }
  }
  return dst;
}

/**
 * Train transform in upstream's order: random crop (offsets uniform in
 * [0, 2*pad] over the zero-padded image), horizontal flip (p = 0.5), scale to
 * [0,1], Cutout (rows/cols [centre - floor(L/2), that + L) clipped, set to 0),
 * normalise per channel. Padding and Cutout pixels are 0 before normalising.
 */
export function trainBatch(
  split: ImageSplit, dims: ImageDims, indices: ArrayLike<number>, aug: AugmentationConfig,
  norm: Normalisation, rng: Rng, out?: Float32Array,
): Float32Array {
  const dst = checkArgs(split, dims, indices, out);
  const lut = normalisationTable(norm, dims.channels);
  const H = dims.height, W = dims.width, ch = dims.channels, row = W * ch, size = H * row, src = split.images;
  const pad = aug.cropPadding, L = aug.cutoutSize;
  for (let i = 0; i < indices.length; i++) {
    const dy = pad > 0 ? rng.int(2 * pad + 1) - pad : 0;
    const dx = pad > 0 ? rng.int(2 * pad + 1) - pad : 0;
    const flip = aug.horizontalFlip && rng.next() < 0.5;
    const s = (indices[i] as number) * size, d = i * size;
    for (let y = 0; y < H; y++) {
      const sy = y + dy, drow = d + y * row;
      if (sy < 0 || sy >= H) {
        for (let x = 0; x < W; x++) for (let c = 0; c < ch; c++) dst[drow + x * ch + c] = lut[c << 8] as number;
        continue;
      }
      const srow = s + sy * row;
      for (let x = 0; x < W; x++) {
        // Flip after the crop: output column x shows cropped column W-1-x.
        const sx = (flip ? W - 1 - x : x) + dx, o = drow + x * ch;
        if (sx < 0 || sx >= W) {
          for (let c = 0; c < ch; c++) dst[o + c] = lut[c << 8] as number;
        } else {
          const p = srow + sx * ch;
          for (let c = 0; c < ch; c++) dst[o + c] = lut[(c << 8) | (src[p + c] as number)] as number;
        }
      }
    }
    if (L > 0) {
      const cy = rng.int(H), cx = rng.int(W);
      const y0 = Math.max(0, cy - (L >> 1)), y1 = Math.min(H, cy - (L >> 1) + L);
      const x0 = Math.max(0, cx - (L >> 1)), x1 = Math.min(W, cx - (L >> 1) + L);
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) for (let c = 0; c < ch; c++) dst[d + y * row + x * ch + c] = lut[c << 8] as number;
      }
    }
  }
  return dst;
}

/** The labels of a batch as int32 (what tf.oneHot and sparse losses take). */
export function batchLabels(split: ImageSplit, indices: ArrayLike<number>, out?: Int32Array): Int32Array {
  const dst = out ?? new Int32Array(indices.length);
  if (dst.length < indices.length) throw invalid('label buffer length', dst.length, `at least ${indices.length}`);
  for (let i = 0; i < indices.length; i++) {
    const k = indices[i] as number;
    if (!(Number.isInteger(k) && k >= 0 && k < split.count)) throw invalid(`batch index ${i}`, k, `an integer in [0, ${split.count})`);
    dst[i] = split.labels[k] as number;
  }
  return dst;
}
