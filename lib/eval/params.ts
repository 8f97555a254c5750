// Parameter count as PyTorch's model.parameters() sees it: every trainable
// weight (conv/dense kernels, biases, BN gamma and beta). BN moving statistics
// are buffers in PyTorch, so they are listed apart and not counted.
import type * as tfl from '@tensorflow/tfjs-layers';

export interface ParamCount {
  /** What upstream counts and rounds. */
  trainable: number;
  /** Buffers (BN moving mean/variance, frozen weights): not counted by upstream. */
  nonTrainable: number;
}

function size(shape: (number | null)[]): number {
  return shape.reduce<number>((a, b) => a * (b ?? 0), 1);
}

export function countParams(model: tfl.LayersModel): ParamCount {
  let trainable = 0;
  let nonTrainable = 0;
  for (const w of model.trainableWeights) trainable += size(w.shape);
  for (const w of model.nonTrainableWeights) nonTrainable += size(w.shape);
  return { trainable, nonTrainable };
}
