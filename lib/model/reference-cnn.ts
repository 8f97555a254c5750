// The reference CNN: the default model of `naschain train`, a small plain
// conv net (~120k parameters) that reaches ~90% on Fashion-MNIST in a few
// epochs and serves as the yardstick searched models are compared with.
import * as tfl from '@tensorflow/tfjs-layers';
import { invalid } from '../core/errors.js';

export interface ReferenceCnnOptions {
  height: number;
  width: number;
  channels: number;
  numClasses: number;
}

/** Conv widths, with 'pool' between stages. */
const PLAN: (number | 'pool')[] = [32, 32, 'pool', 64, 64, 'pool', 96];

/**
 * conv3x3 (same, no bias) + BatchNorm + ReLU per entry of PLAN, then global
 * average pooling and a Dense layer of logits (no softmax: the loss and the
 * accuracy work on logits). BN uses PyTorch's defaults (momentum 0.1 there,
 * 0.9 in Keras terms; epsilon 1e-5) so it behaves like upstream's models.
 */
export function buildReferenceCnn(opts: ReferenceCnnOptions): tfl.LayersModel {
  for (const k of ['height', 'width', 'channels', 'numClasses'] as const) {
    const v = opts[k];
    if (!Number.isInteger(v) || v <= 0) throw invalid(`reference CNN ${k}`, v, 'a positive integer');
  }
  const input = tfl.input({ shape: [opts.height, opts.width, opts.channels], name: 'image' });
  let x = input;
  let conv = 0;
  let pool = 0;
  for (const step of PLAN) {
    if (step === 'pool') {
      x = tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, name: `pool${++pool}` }).apply(x) as tfl.SymbolicTensor;
      continue;
    }
    conv++;
    x = tfl.layers.conv2d({ filters: step, kernelSize: 3, padding: 'same', useBias: false, name: `conv${conv}` }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, name: `bn${conv}` }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.reLU({ name: `relu${conv}` }).apply(x) as tfl.SymbolicTensor;
  }
  x = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: opts.numClasses, name: 'logits' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'reference_cnn' });
}
