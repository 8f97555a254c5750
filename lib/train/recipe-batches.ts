// TEMPORARY stand-in for lib/data/augment.ts (branch `data`), same signatures;
// replaced by a re-export once that branch is merged.
import type { ImageSplit } from '../data/types.js';
import type { AugmentationConfig } from '../core/vali-config.js';
import type { Rng } from '../core/rng.js';

export interface ImageDims { height: number; width: number; channels: number }
export interface Normalisation { mean: number[]; std: number[] }

export function testBatch(split: ImageSplit, dims: ImageDims, indices: ArrayLike<number>, norm: Normalisation, out?: Float32Array): Float32Array {
  const px = dims.height * dims.width * dims.channels;
  const o = out ?? new Float32Array(indices.length * px);
  for (let b = 0; b < indices.length; b++) {
    const src = (indices[b] as number) * px;
    for (let i = 0; i < px; i++) {
      const c = i % dims.channels;
      o[b * px + i] = ((split.images[src + i] as number) / 255 - (norm.mean[c] as number)) / (norm.std[c] as number);
    }
  }
  return o;
}

export function trainBatch(split: ImageSplit, dims: ImageDims, indices: ArrayLike<number>, _aug: AugmentationConfig, norm: Normalisation, _rng: Rng, out?: Float32Array): Float32Array {
  return testBatch(split, dims, indices, norm, out);
}
