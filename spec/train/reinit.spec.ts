import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { pytorchFanIn, reinitialize } from '../../lib/train/reinit.js';
import { makeRng } from '../../lib/core/rng.js';

function model(): tfl.LayersModel {
  const input = tfl.input({ shape: [6, 6, 3] });
  let x = tfl.layers.conv2d({ filters: 8, kernelSize: 3, useBias: true }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization().apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 5 }).apply(x) as tfl.SymbolicTensor });
}

describe('reinitialize', () => {
  before(async () => { await tf.setBackend('cpu'); });

  it('uses PyTorch fan_in: conv kh*kw*in, depthwise kh*kw, dense in', () => {
    assert.equal(pytorchFanIn([3, 3, 16, 32], false), 144);
    assert.equal(pytorchFanIn([3, 3, 16, 2], true), 9);
    assert.equal(pytorchFanIn([96, 10], false), 96);
  });

  it('draws kernels within 1/sqrt(fan_in), zeroes biases and beta, resets BN, reproducibly', async () => {
    const m = model();
    const start = tf.memory().numTensors;
    reinitialize(m, makeRng(3));
    assert.equal(tf.memory().numTensors, start);
    const byName = new Map(await Promise.all(m.weights.map(async (w) => [w.originalName, Array.from(await w.read().data())] as const)));
    const check = async (layer: tfl.layers.Layer, fanIn: number) => {
      const v = Array.from(await layer.weights[0]!.read().data());
      const bound = 1 / Math.sqrt(fanIn);
      assert.ok(v.every((x) => Math.abs(x) <= bound), layer.name);
      assert.ok(Math.max(...v.map(Math.abs)) > 0.8 * bound, `${layer.name} spans its bound`);
    };
    await check(m.layers[1]!, 27); // conv 3x3x3 -> 8
    await check(m.layers[3]!, 9); // depthwise 3x3, groups = in
    await check(m.layers[5]!, 16); // dense 16 -> 5
    for (const [name, v] of byName) {
      if (name.endsWith('/bias') || name.endsWith('/beta') || name.endsWith('moving_mean')) assert.ok(v.every((x) => x === 0), name);
      if (name.endsWith('/gamma') || name.endsWith('moving_variance')) assert.ok(v.every((x) => x === 1), name);
    }
    const again = model();
    reinitialize(again, makeRng(3));
    for (let i = 0; i < m.weights.length; i++) assert.deepEqual(await again.weights[i]!.read().data(), await m.weights[i]!.read().data());
    m.dispose();
    again.dispose();
  });
});
