import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../../../lib/backend/select.js';

test('Identity on wasm shares the buffer, and the copy outlives its source', async () => {
  await initBackend('wasm');
  const before = tf.memory();
  const x = tf.tensor([1, 2, 3, 4], [2, 2]);
  const y = tf.engine().runKernel(tf.Identity, { x }) as tf.Tensor;
  assert.equal(y.dataId, x.dataId, 'no second buffer');
  assert.equal((tf.backend() as BackendWasm).refCount(x.dataId), 2);
  x.dispose();
  assert.deepEqual(Array.from(await y.data()), [1, 2, 3, 4]);
  assert.deepEqual(y.shape, [2, 2]);
  y.dispose();
  assert.equal(tf.memory().numTensors, before.numTensors);
  assert.equal(tf.memory().numBytes, before.numBytes, 'buffer freed with its last reference');
});

test('Cast on wasm shares same-dtype data and still converts between dtypes', async () => {
  await initBackend('wasm');
  const before = tf.memory().numTensors;
  const f = tf.tensor([1.5, -2.25, 3], [3]);
  const same = tf.cast(f, 'float32');
  const toInt = tf.cast(f, 'int32');
  const i = tf.tensor([7, -1, 0], [3], 'int32');
  const fb = tf.tensor([0.5, 0, -3], [3]);
  const fToBool = tf.cast(fb, 'bool');
  const toFloat = tf.cast(i, 'float32');
  const toBool = tf.cast(i, 'bool');
  f.dispose();
  assert.deepEqual(Array.from(await same.data()), [1.5, -2.25, 3]);
  assert.deepEqual(Array.from(await toInt.data()), [1, -2, 3]);
  assert.equal(toFloat.dtype, 'float32');
  assert.deepEqual(Array.from(await toFloat.data()), [7, -1, 0]);
  assert.deepEqual(Array.from(await toBool.data()), [1, 1, 0]);
  assert.deepEqual(Array.from(await fToBool.data()), [1, 0, 1]);
  tf.dispose([same, toInt, i, toFloat, toBool, fb, fToBool]);
  assert.equal(tf.memory().numTensors, before);
});

test('gradients through identity and casts still flow on wasm', async () => {
  await initBackend('wasm');
  const before = tf.memory().numTensors;
  const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.cast(tf.clone(x), 'float32'), x)));
  const x = tf.tensor([1, -2, 3]);
  const dx = g(x);
  assert.deepEqual(Array.from(await dx.data()), [2, -4, 6]);
  tf.dispose([x, dx]);
  assert.equal(tf.memory().numTensors, before);
});
