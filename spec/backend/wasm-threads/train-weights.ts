// Spec child: starts the wasm backend (threads from NASCHAIN_WASM_THREADS),
// trains a small conv net (3x3 convs with stride 1 and 2, batch norm,
// depthwise, 1x1, pooling, dense) for a few SGD steps from seeded weights,
// and prints the thread count, the losses and a SHA-256 of every weight's bytes.
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../../lib/backend/select.js';
import { seededValues } from '../compare-backends.js';

const BATCH = 32;
const SHAPE = [16, 16, 8];

function model(): tfl.LayersModel {
  const input = tfl.input({ shape: SHAPE });
  let y = tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', useBias: false }).apply(input) as tfl.SymbolicTensor;
  y = tfl.layers.reLU().apply(tfl.layers.batchNormalization().apply(y)) as tfl.SymbolicTensor;
  y = tfl.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same' }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.conv2d({ filters: 48, kernelSize: 1 }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.conv2d({ filters: 64, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.globalAveragePooling2d({}).apply(y) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 10 }).apply(y) as tfl.SymbolicTensor });
}

const info = await initBackend('wasm');
const m = model();
m.setWeights(m.getWeights().map((w, i) => tf.tensor(seededValues(w.shape, `w${i}`).map((v) => v * 0.3), w.shape)));
const x = tf.tensor(seededValues([BATCH, ...SHAPE], 'x'), [BATCH, ...SHAPE]);
const y = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => (i * 7) % 10), 'int32'), 10);
const opt = tf.train.sgd(0.05);
const losses: number[] = [];
for (let step = 0; step < 3; step++) {
  const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, m.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true) as tf.Scalar;
  losses.push((await loss.data())[0]!);
  loss.dispose();
}
const hash = createHash('sha256');
for (const w of m.getWeights()) hash.update(new Uint8Array((await w.data() as Float32Array).buffer));
console.log(JSON.stringify({ threads: info.threads, losses, weights: hash.digest('hex') }));
