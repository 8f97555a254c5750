import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { buildReferenceCnn } from '../../lib/model/reference-cnn.js';
import { countParams } from '../../lib/eval/params.js';
import { countMacs } from '../../lib/eval/macs/count.js';
import { imageShapeOf, measureModel } from '../../lib/eval/metrics.js';
import { accuracy } from '../../lib/eval/accuracy.js';
import { syntheticDataset } from '../train/synthetic.js';

describe('params and MACs', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('reference CNN on 28x28x1: 121,642 params (BN statistics apart) and 21,202,282 MACs (20,999,616 weight-only)', () => {
    const m = buildReferenceCnn({ height: 28, width: 28, channels: 1, numClasses: 10 });
    assert.deepEqual(countParams(m), { params: 121_642, buffers: 576 });
    // conv weights: 784*9*1*32 + 784*9*32*32 + 196*9*32*64 + 196*9*64*64 + 49*9*64*96; dense 96*10.
    const weights = 225_792 + 7_225_344 + 3_612_672 + 7_225_344 + 2_709_504 + 960;
    // Each conv's output volume twice (the bias add of its folded BN, then its ReLU): 784*32*2 + 196*64*2 + 49*96.
    const convOutputs = 25_088 + 25_088 + 12_544 + 12_544 + 4_704;
    // 2x2 max pools: 14*14*32*4 + 7*7*64*4; global average pool 49*96 + 4*96; dense bias 10.
    const rest = 25_088 + 12_544 + 4_704 + 384 + 10;
    const r = countMacs(m, [28, 28, 1]);
    assert.equal(r.weightOnly, weights);
    assert.equal(r.total, weights + 2 * convOutputs + rest);
    assert.equal(r.total, 21_202_282);
    m.dispose();
  });

  it('measures the image a dataset or NetworkIo describes, as [height, width, channels]', () => {
    assert.deepEqual(imageShapeOf({ height: 32, width: 24, channels: 3 }), [32, 24, 3]);
    const io = { height: 28, width: 28, channels: 1, numClasses: 10 };
    const m = buildReferenceCnn(io);
    const r = measureModel(m, imageShapeOf(io));
    assert.deepEqual([r.inputShape, r.params, r.macs], [[28, 28, 1], 121_642, 21_202_282]);
    m.dispose();
  });
});

describe('accuracy', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('is 100*correct/total with inference-mode BN, over partial batches, leaking nothing', async () => {
    const data = syntheticDataset({ train: 4, test: 10, classes: 4 });
    // Test labels cycle 0..3: 3 of the 10 are class 1, 2 are class 3. The logits are the same for every image:
    // bias-only dense [0, 1, 0, 0], then batch norm. In inference mode (moving mean [0, 0, 0, 10], beta
    // [0, 0, 0, 5]) the logits become [0, 1, 0, -5]: class 1, 30%. In training mode the batch statistics
    // zero every logit, leaving beta: class 3, 20%.
    const input = tfl.input({ shape: [8, 8, 1] });
    const flat = tfl.layers.flatten().apply(input) as tfl.SymbolicTensor;
    const dense = tfl.layers.dense({ units: 4, kernelInitializer: 'zeros', biasInitializer: 'zeros' });
    const bn = tfl.layers.batchNormalization();
    const m = tfl.model({ inputs: input, outputs: bn.apply(dense.apply(flat)) as tfl.SymbolicTensor });
    assert.ok(m.layers.some((l) => l.getClassName() === 'BatchNormalization'));
    const b = tf.tensor1d([0, 1, 0, 0]);
    dense.setWeights([dense.getWeights()[0]!, b]);
    const bnWeights = [tf.ones([4]), tf.tensor1d([0, 0, 0, 5]), tf.tensor1d([0, 0, 0, 10]), tf.ones([4])];
    bn.setWeights(bnWeights);
    tf.dispose([b, ...bnWeights]);
    const trainingMode = tf.tidy(() => tf.argMax(m.apply(tf.zeros([2, 8, 8, 1]), { training: true }) as tf.Tensor, -1).arraySync());
    assert.deepEqual(trainingMode, [3, 3], 'training-mode BN would predict class 3');
    const start = tf.memory().numTensors;
    const acc = await accuracy(m, data.test, { height: 8, width: 8, channels: 1 }, { mean: [0.3], std: [0.35] }, 4);
    assert.equal(acc, 30);
    assert.equal(tf.memory().numTensors, start);
    m.dispose();
  });
});
