// A tiny learnable ImageDataset for specs: each class is a bright square at
// its own position on a dark noisy background, so a small conv net learns it
// in one or two epochs.
import * as tfl from '@tensorflow/tfjs-layers';
import type { ImageDataset, ImageSplit } from '../../lib/data/types.js';
import { makeRng } from '../../lib/core/rng.js';

export function syntheticDataset(opts: { train?: number; test?: number; size?: number; channels?: number; classes?: number; seed?: number } = {}): ImageDataset {
  const size = opts.size ?? 8;
  const channels = opts.channels ?? 1;
  const classes = opts.classes ?? 4;
  const rng = makeRng(opts.seed ?? 1);
  const split = (count: number): ImageSplit => {
    const px = size * size * channels;
    const images = new Uint8Array(count * px);
    const labels = new Uint8Array(count);
    for (let n = 0; n < count; n++) {
      const label = n % classes;
      labels[n] = label;
      const oy = (label % 2) * (size / 2);
      const ox = Math.floor(label / 2) % 2 * (size / 2);
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const on = y >= oy && y < oy + size / 2 && x >= ox && x < ox + size / 2;
          for (let c = 0; c < channels; c++) images[n * px + (y * size + x) * channels + c] = on ? 200 + rng.int(56) : rng.int(60);
        }
      }
    }
    return { images, labels, count };
  };
  return {
    name: 'synthetic',
    height: size,
    width: size,
    channels,
    numClasses: classes,
    classNames: Array.from({ length: classes }, (_, i) => `class${i}`),
    mean: Array.from({ length: channels }, () => 0.3),
    std: Array.from({ length: channels }, () => 0.35),
    train: split(opts.train ?? 64),
    test: split(opts.test ?? 32),
  };
}

/** A conv net small enough that the cpu backend's slow conv gradients stay fast in specs. */
export function tinyConvNet(opts: { size?: number; channels?: number; classes?: number } = {}): tfl.LayersModel {
  const size = opts.size ?? 8;
  const input = tfl.input({ shape: [size, size, opts.channels ?? 1] });
  let x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', useBias: false }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.reLU().apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: opts.classes ?? 4 }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}
