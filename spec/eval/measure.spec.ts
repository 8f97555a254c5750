import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { buildReferenceCnn } from '../../lib/model/reference-cnn.js';
import { countParams } from '../../lib/eval/params.js';
import { countMacs } from '../../lib/eval/macs/count.js';
import { accuracy } from '../../lib/eval/accuracy.js';
import { syntheticDataset } from '../train/synthetic.js';

describe('params and MACs', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('reference CNN on 28x28x1: 121,642 params (BN statistics apart) and 20,999,616 MACs', () => {
    const m = buildReferenceCnn({ height: 28, width: 28, channels: 1, numClasses: 10 });
    assert.deepEqual(countParams(m), { trainable: 121_642, nonTrainable: 576 });
    // conv: 784*9*1*32 + 784*9*32*32 + 196*9*32*64 + 196*9*64*64 + 49*9*64*96; dense 96*10
    assert.equal(countMacs(m, [28, 28, 1]).total, 225_792 + 7_225_344 + 3_612_672 + 7_225_344 + 2_709_504 + 960);
    m.dispose();
  });

  it('counts depthwise, separable, strided and grouped convs and per-position dense', () => {
    const input = tfl.input({ shape: [8, 8, 4] });
    let x = tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'dw' }).apply(input) as tfl.SymbolicTensor;
    x = tfl.layers.separableConv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', name: 'sep' }).apply(x) as tfl.SymbolicTensor;
    const y = tfl.layers.conv2d({ filters: 6, kernelSize: 1, name: 'pw' }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.add({ name: 'sum' }).apply([x, y]) as tfl.SymbolicTensor;
    x = tfl.layers.dense({ units: 3, name: 'fc' }).apply(x) as tfl.SymbolicTensor;
    const m = tfl.model({ inputs: input, outputs: x });
    const r = countMacs(m, [8, 8, 4]);
    assert.equal(r.perLayer.dw, 64 * 9 * 4 * 2);
    assert.equal(r.perLayer.sep, 16 * 9 * 8 + 16 * 8 * 6);
    assert.equal(r.perLayer.pw, 16 * 6 * 6);
    assert.equal(r.perLayer.sum, 0);
    assert.equal(r.perLayer.fc, 16 * 6 * 3);
    m.dispose();
  });

  it('counts a Sequential model and ignores activations, pooling and dropout', () => {
    const m = tfl.sequential({ layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.dropout({ rate: 0.5 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4, activation: 'softmax' }),
    ] });
    assert.equal(countMacs(m, [6, 6, 2]).total, 16 * 9 * 2 * 3 + 12 * 4);
    assert.equal(countParams(m).trainable, 9 * 2 * 3 + 3 + 12 * 4 + 4);
    m.dispose();
  });

  it('names the class of a layer it cannot count', () => {
    const input = tfl.input({ shape: [4, 4, 2] });
    const out = tfl.layers.conv2dTranspose({ filters: 2, kernelSize: 2, name: 'up' }).apply(input) as tfl.SymbolicTensor;
    const m = tfl.model({ inputs: input, outputs: out });
    assert.throws(() => countMacs(m, [4, 4, 2]), /layer up has class Conv2DTranspose, which has no MAC counter/);
    m.dispose();
  });
});

describe('accuracy', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('is 100*correct/total with inference-mode BN, over partial batches, leaking nothing', async () => {
    const data = syntheticDataset({ train: 4, test: 10, classes: 4 });
    // A model that always predicts class 1 (bias only): 10 test images cycle labels 0..3, so 3 of 10 are class 1.
    const input = tfl.input({ shape: [8, 8, 1] });
    const flat = tfl.layers.flatten().apply(input) as tfl.SymbolicTensor;
    const dense = tfl.layers.dense({ units: 4, kernelInitializer: 'zeros', biasInitializer: 'zeros' });
    const m = tfl.model({ inputs: input, outputs: dense.apply(flat) as tfl.SymbolicTensor });
    const b = tf.tensor1d([0, 1, 0, 0]);
    dense.setWeights([dense.getWeights()[0]!, b]);
    b.dispose();
    const start = tf.memory().numTensors;
    const acc = await accuracy(m, data.test, { height: 8, width: 8, channels: 1 }, { mean: [0.3], std: [0.35] }, 4);
    assert.equal(acc, 30);
    assert.equal(tf.memory().numTensors, start);
    m.dispose();
  });
});
