// Spec fixture: one tiny tfjs-layers model per layer type naschain builds, so a
// backend's training path (forward, every gradient kernel, SGD) can be checked
// against cpu layer by layer.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export const INPUT_SHAPE = [8, 8, 3];
export const CLASSES = 5;

type Build = (x: tfl.SymbolicTensor) => tfl.SymbolicTensor;

const conv = (filters: number, config: Record<string, unknown> = {}) =>
  tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', ...config });

/** Layer-type name -> the body between the input and the classifier head. */
export const LAYER_BODIES: Record<string, Build> = {
  'conv2d stride 1 same': (x) => conv(4).apply(x) as tfl.SymbolicTensor,
  'conv2d stride 2 valid no bias': (x) => conv(4, { strides: 2, padding: 'valid', useBias: false }).apply(x) as tfl.SymbolicTensor,
  'conv2d 1x1 + relu activation (fused)': (x) => conv(6, { kernelSize: 1, activation: 'relu' }).apply(x) as tfl.SymbolicTensor,
  'conv2d 5x5 stride 2 same': (x) => conv(4, { kernelSize: 5, strides: 2 }).apply(x) as tfl.SymbolicTensor,
  'depthwiseConv2d multiplier 2 stride 2': (x) =>
    tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'same' }).apply(x) as tfl.SymbolicTensor,
  'depthwiseConv2d stride 1 valid': (x) =>
    tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'valid' }).apply(x) as tfl.SymbolicTensor,
  'separableConv2d': (x) =>
    tfl.layers.separableConv2d({ filters: 6, kernelSize: 3, padding: 'same' }).apply(x) as tfl.SymbolicTensor,
  'dense + relu': (x) => tfl.layers.dense({ units: 8, activation: 'relu' }).apply(tfl.layers.flatten().apply(x)) as tfl.SymbolicTensor,
  'batchNormalization (training) + relu': (x) =>
    tfl.layers.reLU().apply(tfl.layers.batchNormalization().apply(conv(4, { useBias: false }).apply(x))) as tfl.SymbolicTensor,
  'ReLU maxValue 6': (x) => tfl.layers.reLU({ maxValue: 6 }).apply(conv(4).apply(x)) as tfl.SymbolicTensor,
  'activation relu6': (x) => tfl.layers.activation({ activation: 'relu6' }).apply(conv(4).apply(x)) as tfl.SymbolicTensor,
  'activation sigmoid': (x) => tfl.layers.activation({ activation: 'sigmoid' }).apply(conv(4).apply(x)) as tfl.SymbolicTensor,
  'activation swish': (x) => tfl.layers.activation({ activation: 'swish' }).apply(conv(4).apply(x)) as tfl.SymbolicTensor,
  'maxPooling2d': (x) => tfl.layers.maxPooling2d({ poolSize: 2 }).apply(conv(4).apply(x)) as tfl.SymbolicTensor,
  'maxPooling2d 3x3 stride 2 same': (x) =>
    tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' }).apply(conv(4).apply(x)) as tfl.SymbolicTensor,
  'averagePooling2d': (x) => tfl.layers.averagePooling2d({ poolSize: 2 }).apply(conv(4).apply(x)) as tfl.SymbolicTensor,
  'globalAveragePooling2d': (x) => tfl.layers.globalAveragePooling2d({}).apply(conv(4).apply(x)) as tfl.SymbolicTensor,
  'add (residual)': (x) => {
    const a = conv(3).apply(x) as tfl.SymbolicTensor;
    return tfl.layers.add().apply([a, x]) as tfl.SymbolicTensor;
  },
  'concatenate': (x) => tfl.layers.concatenate().apply([conv(2).apply(x) as tfl.SymbolicTensor, x]) as tfl.SymbolicTensor,
  'multiply (squeeze-excitation)': (x) => {
    const y = conv(4).apply(x) as tfl.SymbolicTensor;
    const s = tfl.layers.globalAveragePooling2d({}).apply(y);
    const e = tfl.layers.dense({ units: 4, activation: 'sigmoid' }).apply(tfl.layers.dense({ units: 2, activation: 'relu' }).apply(s));
    const r = tfl.layers.reshape({ targetShape: [1, 1, 4] }).apply(e) as tfl.SymbolicTensor;
    return tfl.layers.multiply().apply([y, r]) as tfl.SymbolicTensor;
  },
  'dropout (seeded)': (x) => tfl.layers.dropout({ rate: 0.3, seed: 7 }).apply(conv(4).apply(x)) as tfl.SymbolicTensor,
  'zeroPadding2d': (x) => conv(4, { padding: 'valid' }).apply(tfl.layers.zeroPadding2d({ padding: 1 }).apply(x)) as tfl.SymbolicTensor,
};

/** Model = body, flatten, dense logits. Weights come from `values` so every backend starts equal. */
export function buildModel(body: Build, values: (shape: number[], label: string) => Float32Array): tfl.LayersModel {
  const input = tfl.input({ shape: INPUT_SHAPE });
  let y = body(input);
  if (y.shape.length > 2) y = tfl.layers.flatten().apply(y) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: CLASSES }).apply(y) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: logits });
  const weights = model.getWeights().map((w, i) => {
    const v = values(w.shape, `w${i}`);
    // Scale like a fan-in init so activations stay in a sane range.
    const fanIn = w.shape.length > 1 ? w.shape.slice(0, -1).reduce((a, b) => a * b, 1) : 4;
    return tf.tensor(v.map((e) => e / Math.sqrt(fanIn)), w.shape);
  });
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}
