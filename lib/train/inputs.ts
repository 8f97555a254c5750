// How the recipe feeds a dataset to a model: the image shape and the per-channel
// normalisation (the config's when it sets one, else the dataset's own), shared
// by training and evaluation so both see identical inputs.
import type { ValiConfig } from '../core/vali-config.js';
import type { ImageDims, Normalisation } from '../data/augment.js';
import type { ImageDataset } from '../data/types.js';

export function normalisationOf(config: ValiConfig, dataset: ImageDataset): Normalisation {
  return { mean: config.mean ?? dataset.mean, std: config.std ?? dataset.std };
}

export function dimsOf(dataset: ImageDataset): ImageDims {
  return { height: dataset.height, width: dataset.width, channels: dataset.channels };
}
