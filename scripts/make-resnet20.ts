// Builds the ResNet-20 fixture (CIFAR-10, He et al. 2016) with plain
// tfjs-layers, so the MAC and parameter counters are checked against a model
// none of our builders made. Weights are random but seeded, so the committed
// files regenerate byte for byte.
//   npm run build && node dist/scripts/make-resnet20.js [out-dir]
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { saveModelDir } from '../lib/model/model-dir.js';

let seed = 0;
const conv = (filters: number, kernelSize: number, strides: number, name: string) =>
  tfl.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false, name, kernelInitializer: tfl.initializers.heNormal({ seed: ++seed }) });
const bn = (name: string) => tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5, name });
const relu = (name: string) => tfl.layers.reLU({ name });

function basicBlock(x: tfl.SymbolicTensor, filters: number, strides: number, name: string): tfl.SymbolicTensor {
  let y = conv(filters, 3, strides, `${name}_conv1`).apply(x) as tfl.SymbolicTensor;
  y = bn(`${name}_bn1`).apply(y) as tfl.SymbolicTensor;
  y = relu(`${name}_relu1`).apply(y) as tfl.SymbolicTensor;
  y = conv(filters, 3, 1, `${name}_conv2`).apply(y) as tfl.SymbolicTensor;
  y = bn(`${name}_bn2`).apply(y) as tfl.SymbolicTensor;
  const inChannels = x.shape[x.shape.length - 1];
  let shortcut = x;
  if (strides !== 1 || inChannels !== filters) {
    shortcut = conv(filters, 1, strides, `${name}_proj`).apply(x) as tfl.SymbolicTensor;
    shortcut = bn(`${name}_proj_bn`).apply(shortcut) as tfl.SymbolicTensor;
  }
  const sum = tfl.layers.add({ name: `${name}_add` }).apply([y, shortcut]) as tfl.SymbolicTensor;
  return relu(`${name}_out`).apply(sum) as tfl.SymbolicTensor;
}

export function buildResnet20(): tfl.LayersModel {
  const input = tfl.input({ shape: [32, 32, 3], name: 'image' });
  let x = conv(16, 3, 1, 'stem_conv').apply(input) as tfl.SymbolicTensor;
  x = bn('stem_bn').apply(x) as tfl.SymbolicTensor;
  x = relu('stem_relu').apply(x) as tfl.SymbolicTensor;
  [16, 32, 64].forEach((filters, stage) => {
    for (let block = 0; block < 3; block++) x = basicBlock(x, filters, stage > 0 && block === 0 ? 2 : 1, `s${stage + 1}b${block + 1}`);
  });
  x = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tfl.SymbolicTensor;
  const logits = tfl.layers.dense({ units: 10, name: 'logits', kernelInitializer: tfl.initializers.glorotUniform({ seed: ++seed }) }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'resnet20' });
}

const out = process.argv[2] ?? 'spec/fixtures/models/resnet20';
await tf.setBackend('cpu');
const model = buildResnet20();
await saveModelDir(model, out);
process.stderr.write(`wrote ${out}: ${model.countParams()} weights in tfjs terms\n`);
