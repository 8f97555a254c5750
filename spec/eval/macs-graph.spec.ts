// MACs over a whole graph: BatchNorm folding as PyTorch's eval-mode export
// folds it, one count per use of a layer, nested models, and the registry
// covering exactly the layer classes the validator accepts.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { countMacs } from '../../lib/eval/macs/count.js';
import { MAC_COUNTERS } from '../../lib/eval/macs/registry.js';
import { ALLOWED_LAYER_CLASSES } from '../../lib/validator/layer-allow-list.js';

const S = (x: unknown) => x as tfl.SymbolicTensor;
const conv = (name: string, opts: Partial<{ activation: 'relu'; useBias: boolean }> = {}) =>
  tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', useBias: opts.useBias ?? false, activation: opts.activation, name });

// 8x8x4 -> 8x8x8 3x3 same: v = 512, weights 512 * 36 = 18,432.
const V = 512;
const W = 18_432;

describe('MACs of a graph', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('folds a BatchNorm right after a conv: the conv gains its bias add, the BatchNorm costs 0', () => {
    const input = tfl.input({ shape: [8, 8, 4] });
    const out = S(tfl.layers.batchNormalization({ name: 'bn' }).apply(S(conv('c').apply(input))));
    const r = countMacs(tfl.model({ inputs: input, outputs: out }), [8, 8, 4]);
    assert.deepEqual(r.perLayer, { c: W + V, bn: 0 });
  });

  it('looks through Dropout and a linear Activation, which export to nothing in eval mode', () => {
    const input = tfl.input({ shape: [8, 8, 4] });
    let x = S(conv('c').apply(input));
    x = S(tfl.layers.dropout({ rate: 0.2, name: 'drop' }).apply(x));
    x = S(tfl.layers.activation({ activation: 'linear', name: 'lin' }).apply(x));
    x = S(tfl.layers.batchNormalization({ name: 'bn' }).apply(x));
    const r = countMacs(tfl.model({ inputs: input, outputs: x }), [8, 8, 4]);
    assert.deepEqual(r.perLayer, { c: W + V, drop: 0, lin: 0, bn: 0 });
  });

  it('does not fold after a fused activation, after a non-conv, or when the conv output has another use', () => {
    const input = tfl.input({ shape: [8, 8, 4] });
    // conv(relu), no bias -> BN: Conv, Relu, then a BatchNormalization op.
    const a = S(tfl.layers.batchNormalization({ name: 'bn_after_relu' }).apply(S(conv('c_relu', { activation: 'relu' }).apply(input))));
    // conv -> BN and conv -> add: the conv's output has two uses.
    const c2 = S(conv('c_shared').apply(input));
    const b = S(tfl.layers.batchNormalization({ name: 'bn_shared' }).apply(c2));
    const sum = S(tfl.layers.add({ name: 'sum' }).apply([a, b, c2]));
    // BN after an Add.
    const out = S(tfl.layers.batchNormalization({ name: 'bn_after_add' }).apply(sum));
    const r = countMacs(tfl.model({ inputs: input, outputs: out }), [8, 8, 4]);
    assert.deepEqual(r.perLayer, {
      c_relu: W + V, bn_after_relu: 31 * V,
      c_shared: W, bn_shared: 31 * V,
      sum: 2 * V, bn_after_add: 31 * V,
    });
  });

  it('does not fold when the conv output is also a model output', () => {
    const input = tfl.input({ shape: [8, 8, 4] });
    const c = S(conv('c').apply(input));
    const bn = S(tfl.layers.batchNormalization({ name: 'bn' }).apply(c));
    const r = countMacs(tfl.model({ inputs: input, outputs: [bn, c] }), [8, 8, 4]);
    assert.deepEqual(r.perLayer, { c: W, bn: 31 * V });
  });

  it('counts every use of a shared layer (issue 17: a reused ReLU was counted once)', () => {
    // 50 distinct 1x1 convs 4->4 on 4x4x4 (v = 64), each followed by the same ReLU layer.
    const input = tfl.input({ shape: [4, 4, 4] });
    const relu = tfl.layers.reLU({ name: 'shared_relu' });
    let x = S(input);
    for (let i = 0; i < 50; i++) x = S(relu.apply(S(tfl.layers.conv2d({ filters: 4, kernelSize: 1, name: `c${i}` }).apply(x))));
    const r = countMacs(tfl.model({ inputs: input, outputs: x }), [4, 4, 4]);
    assert.equal(r.perLayer.shared_relu, 50 * 64);
    assert.equal(r.uses, 100);
    // Each conv: 64*4 + 64 bias.
    assert.equal(r.total, 50 * (256 + 64) + 50 * 64);
  });

  it('counts a nested model once per use, with its own folding', () => {
    const block = tfl.sequential({ name: 'block', layers: [
      tfl.layers.conv2d({ inputShape: [8, 8, 4], filters: 4, kernelSize: 3, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization({}),
      tfl.layers.reLU(),
    ] });
    const input = tfl.input({ shape: [8, 8, 4] });
    const out = S(block.apply(S(block.apply(input))));
    const r = countMacs(tfl.model({ inputs: input, outputs: out }), [8, 8, 4]);
    // Per use: conv 256*36 + 256 folded bias, BN 0, ReLU 256.
    assert.equal(r.perLayer.block, 2 * (9216 + 256 + 256));
    assert.equal(r.uses, 6);
  });

  it('counts a Sequential model', () => {
    const m = tfl.sequential({ layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.dropout({ rate: 0.5 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4, activation: 'softmax' }),
    ] });
    // conv: 16*18*3 + 48 bias + 48 relu; pool: 12*4; dense: 4*12 + 4 bias + 36*4 softmax.
    assert.equal(countMacs(m, [6, 6, 2]).total, 864 + 48 + 48 + 48 + 48 + 4 + 144);
    m.dispose();
  });

  it('has a counter for every layer class the validator allows', () => {
    for (const cls of ALLOWED_LAYER_CLASSES) assert.ok(MAC_COUNTERS.has(cls), cls);
  });

  it('names the class of a layer it cannot count', () => {
    const input = tfl.input({ shape: [4, 4, 2] });
    const out = tfl.layers.layerNormalization({ name: 'norm' }).apply(input) as tfl.SymbolicTensor;
    const m = tfl.model({ inputs: input, outputs: out });
    assert.throws(() => countMacs(m, [4, 4, 2]), /layer norm has class LayerNormalization, which has no MAC counter/);
    m.dispose();
  });
});
