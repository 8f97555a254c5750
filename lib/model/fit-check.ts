// Checks that a model can take a dataset's images and emits one logit per
// class, before any tensor is allocated for training or evaluation.
import type * as tfl from '@tensorflow/tfjs-layers';
import { NaschainError } from '../core/errors.js';

export interface ModelIo {
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}

/** The image shape [h, w, c] the model declares, or undefined where a dimension is free. */
export function declaredInputShape(model: tfl.LayersModel): number[] | undefined {
  if (model.inputs.length !== 1) return undefined;
  const shape = (model.inputs[0] as tfl.SymbolicTensor).shape.slice(1);
  return shape.every((d): d is number => typeof d === 'number') ? shape : undefined;
}

export function checkModelFits(model: tfl.LayersModel, io: ModelIo, what = `model ${model.name}`): void {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new NaschainError('INVALID', `${what}: has ${model.inputs.length} inputs and ${model.outputs.length} outputs, expected 1 and 1`);
  }
  const input = (model.inputs[0] as tfl.SymbolicTensor).shape.slice(1);
  const want = [io.height, io.width, io.channels];
  if (input.length !== 3 || input.some((d, i) => d !== null && d !== want[i])) {
    throw new NaschainError('INVALID', `${what}: input shape ${JSON.stringify(input)} does not fit images of ${JSON.stringify(want)}`);
  }
  const output = (model.outputs[0] as tfl.SymbolicTensor).shape.slice(1);
  if (output.length !== 1 || output[0] !== io.numClasses) {
    throw new NaschainError('INVALID', `${what}: output shape ${JSON.stringify(output)}, expected [${io.numClasses}] logits (one per class)`);
  }
}
