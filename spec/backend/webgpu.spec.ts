import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { webgpuBackend } from '../../lib/backend/webgpu.js';
import { describeAdapter, probeWebgpuAdapter } from '../../lib/backend/webgpu-adapter.js';
import { webgpuMissing } from './webgpu-available.js';
import { cpuBackend } from '../../lib/backend/cpu.js';
import { assertClose, seededValues } from './compare-backends.js';

describe('webgpu adapter description', () => {
  it('a hardware adapter is not software; fallback, lavapipe/llvmpipe and SwiftShader are', () => {
    assert.deepEqual(describeAdapter({ info: { vendor: 'nvidia', architecture: 'ada', description: 'NVIDIA GeForce RTX 4090', isFallbackAdapter: false } }),
      { description: 'NVIDIA GeForce RTX 4090', vendor: 'nvidia', architecture: 'ada', software: false });
    assert.equal(describeAdapter({ info: { vendor: 'mesa', architecture: 'software', description: 'llvmpipe: Mesa 25.0.7' } }).software, true);
    assert.equal(describeAdapter({ info: { vendor: 'google', description: 'SwiftShader Device (Subzero)' } }).software, true);
    assert.equal(describeAdapter({ info: { vendor: 'amd', description: 'AMD Radeon', isFallbackAdapter: true } }).software, true);
    assert.equal(describeAdapter({ info: { vendor: 'intel', architecture: 'gen-12lp', device: '0x9a49' } }).description, 'intel gen-12lp 0x9a49');
  });
});

describe('webgpu backend on Dawn', () => {
  let skip: string | undefined;
  before(async () => {
    skip = await webgpuMissing();
  });

  it('loads, names its adapter and whether it is software, and only async reads work', async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const adapter = await probeWebgpuAdapter();
    const info = await webgpuBackend.load();
    assert.equal(tf.getBackend(), 'webgpu');
    assert.equal(info.device, adapter.description);
    assert.equal(info.compute, adapter.software ? 'software-gpu' : 'gpu');
    assert.equal(info.syncReads, false);
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.square(x);
    assert.deepEqual(Array.from(await y.data()), [1, 4, 9]);
    const z = tf.add(y, x); // still on the GPU: a sync read has to download it, which needs OffscreenCanvas
    assert.throws(() => z.dataSync());
    tf.dispose([x, y, z]);
  });

  it('a conv2d, its filter gradient and a matmul match the cpu backend', async (t) => {
    if (skip !== undefined) return t.skip(skip);
    const xs = seededValues([2, 8, 8, 3], 'webgpu/x');
    const ws = seededValues([3, 3, 3, 4], 'webgpu/w');
    const run = async (): Promise<Float32Array[]> => {
      const before = tf.memory().numTensors;
      const outs = tf.tidy(() => {
        const x = tf.tensor4d(xs, [2, 8, 8, 3]);
        const w = tf.tensor4d(ws, [3, 3, 3, 4]);
        const conv = (f: tf.Tensor4D) => tf.conv2d(x, f, 1, 'same');
        const dw = tf.grad((f: tf.Tensor) => tf.sum(tf.square(conv(f as tf.Tensor4D))))(w);
        const m = tf.matMul(tf.reshape(x, [8, 48]), tf.reshape(tf.slice(x, [0, 0, 0, 0], [1, 4, 4, 3]), [48, 1]));
        return [conv(w), dw, m];
      });
      const data = await Promise.all(outs.map(async (o) => Float32Array.from(await o.data())));
      tf.dispose(outs);
      assert.equal(tf.memory().numTensors, before, `tensors leaked on ${tf.getBackend()}`);
      return data;
    };
    await webgpuBackend.load();
    const gpu = await run();
    await cpuBackend.load();
    const cpu = await run();
    for (const [i, what] of ['conv2d', 'conv2d filter gradient', 'matMul'].entries()) assertClose(gpu[i]!, cpu[i]!, 1e-4, what);
  });
});

describe('webgpu AddN beyond the per-shader storage buffer limit', () => {
  it('tf.addN of 40 tensors (more than any device binds at once) equals their sum', async (t) => {
    const missing = await webgpuMissing();
    if (missing !== undefined) return t.skip(missing);
    await webgpuBackend.load();
    const before = tf.memory().numTensors;
    const parts = Array.from({ length: 40 }, (_, i) => tf.fill([3], i + 1));
    const sum = tf.addN(parts);
    assert.deepEqual(Array.from(await sum.data()), [820, 820, 820]);
    tf.dispose([...parts, sum]);
    assert.equal(tf.memory().numTensors, before);
  });
});
