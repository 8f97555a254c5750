// Contract every training backend passes: a few SGD steps of a tiny model of
// each layer type give the same losses, gradients and weights as cpu. wasm
// always; webgpu where an adapter exists (lavapipe in CI; a missing one fails
// the run under NASCHAIN_REQUIRE_WEBGPU=1). Reads are async: webgpu has no
// synchronous download.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../lib/backend/select.js';
import type { BackendName } from '../../lib/backend/types.js';
import { assertClose, seededValues } from './compare-backends.js';
import { buildModel, CLASSES, INPUT_SHAPE, LAYER_BODIES } from './training-models.js';
import { webgpuMissing } from './webgpu-available.js';

const BACKENDS: BackendName[] = ['wasm', 'webgpu'];
const gpuMissing = await webgpuMissing();
const skipOn = (backend: BackendName) => (backend === 'webgpu' ? gpuMissing : undefined);
const BATCH = 4;
const STEPS = 3;
// Relative to the largest |value| of the cpu result; a few SGD steps of float32
// in another summation order stay far below this.
const TOL = 1e-3;

interface Trace { losses: number[]; grads: Float32Array[]; weights: Float32Array[] }

async function train(model: tfl.LayersModel): Promise<Trace> {
  const x = tf.tensor(seededValues([BATCH, ...INPUT_SHAPE], 'x'), [BATCH, ...INPUT_SHAPE]);
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 3, 1, 4], 'int32'), CLASSES));
  const opt = tf.train.sgd(0.1);
  const lossFn = () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar;
  const losses: number[] = [];
  let grads: Float32Array[] = [];
  for (let step = 0; step < STEPS; step++) {
    const { value, grads: g } = tf.variableGrads(lossFn);
    losses.push((await value.data())[0]!);
    if (step === 0) grads = await Promise.all(model.trainableWeights.map(async (w) => Float32Array.from(await g[w.originalName]!.data())));
    opt.applyGradients(g);
    tf.dispose([value, ...Object.values(g)]);
  }
  const weights = await Promise.all(model.getWeights().map(async (w) => Float32Array.from(await w.data())));
  tf.dispose([x, labels]);
  opt.dispose();
  return { losses, grads, weights };
}

async function traceOn(backend: BackendName, body: (typeof LAYER_BODIES)[string]): Promise<Trace> {
  await initBackend(backend);
  const before = tf.memory().numTensors;
  const model = buildModel(body, seededValues);
  const trace = await train(model);
  model.dispose();
  assert.equal(tf.memory().numTensors, before, `tensors leaked on ${backend}`);
  return trace;
}

for (const [name, body] of Object.entries(LAYER_BODIES)) {
  for (const backend of BACKENDS) {
    test(`${backend} trains ${name} like cpu`, async (t) => {
      if (skipOn(backend) !== undefined) return t.skip(skipOn(backend));
      const want = await traceOn('cpu', body);
      const got = await traceOn(backend, body);
      assertClose(Float32Array.from(got.losses), Float32Array.from(want.losses), TOL, 'losses');
      assert.ok(want.losses[STEPS - 1]! < want.losses[0]!, `cpu loss should fall: ${want.losses}`);
      got.grads.forEach((g, i) => assertClose(g, want.grads[i]!, TOL, `gradient ${i}`));
      got.weights.forEach((w, i) => assertClose(w, want.weights[i]!, TOL, `weight ${i} after ${STEPS} steps`));
    });
  }
}

// tfjs-layers has no hard-swish layer; a model builder composes it from ops, so
// check that composition's gradient (x * relu6(x + 3) / 6) the same way.
for (const backend of BACKENDS) {
  test(`${backend} differentiates hard-swish (x * relu6(x + 3) / 6) like cpu`, async (t) => {
    if (skipOn(backend) !== undefined) return t.skip(skipOn(backend));
    const shape = [4, 6, 6, 3];
    // Spread over [-5, 5) so all three pieces (0, quadratic, identity) are hit.
    const xv = seededValues(shape, 'hs').map((v) => v * 5);
    const wv = seededValues(shape, 'hs-w');
    const grad = async (name: BackendName) => {
      await initBackend(name);
      const before = tf.memory().numTensors;
      const out = tf.tidy(() => {
        const w = tf.tensor(wv, shape);
        const f = (x: tf.Tensor) => tf.sum(tf.mul(tf.div(tf.mul(x, tf.relu6(tf.add(x, 3))), 6), w));
        return tf.grad(f)(tf.tensor(xv, shape));
      });
      const g = Float32Array.from(await out.data());
      out.dispose();
      assert.equal(tf.memory().numTensors, before, `tensors leaked on ${name}`);
      return g;
    };
    assertClose(await grad(backend), await grad('cpu'), 1e-5, 'hard-swish gradient');
  });
}
