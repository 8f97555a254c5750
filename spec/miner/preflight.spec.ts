// preflight() in process: the validator's numbers for an honest fixture, a
// rejection that never loads the dataset, an over-size repo, and no tensor
// leaked by any of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../lib/backend/select.js';
import { loadValiConfig } from '../../lib/core/vali-config.js';
import { loadDataset } from '../../lib/data/load-dataset.js';
import { getDescriptor } from '../../lib/data/registry.js';
import type { ImageDataset } from '../../lib/data/types.js';
import { preflight } from '../../lib/miner/preflight.js';
import { repoRoot } from '../helpers/cli.js';
import { writeKerasConverted } from '../model/load/helpers/keras-converted.js';
import { tempDir } from '../validator/helpers/tiny-model.js';

const SUBS = resolve(repoRoot, 'spec/fixtures/submissions');
const config = loadValiConfig(resolve(repoRoot, 'spec/fixtures/submissions-config.json'));
const shape = getDescriptor(config.dataset);

test('honest, rejected and over-size models: the validator\'s verdicts, no tensor leaked, no data loaded for a rejection', async () => {
  await initBackend('wasm');
  let loads = 0;
  const data = async (): Promise<ImageDataset> => { loads++; return loadDataset(config.dataset); };
  const before = tf.memory().numTensors;

  const honest = await preflight({ dir: `${SUBS}/honest-medium`, config, shape, loadDataset: data, learningRate: 0.1, cardBytes: 500 });
  assert.equal(honest.verdict, 'accepted');
  assert.deepEqual([honest.metrics?.accuracyFloor, honest.metrics?.paramsRounded], [81, 4000]);
  assert.equal(honest.candidate, true);
  assert.equal(loads, 1);

  const lambda = await preflight({ dir: `${SUBS}/bad-lambda-layer`, config, shape, loadDataset: data, learningRate: 0.1, cardBytes: 500 });
  assert.equal(lambda.verdict, 'rejected');
  assert.equal(lambda.rejection?.reason, 'disallowed-layer');
  assert.equal(loads, 1, 'a rejected model never loads the dataset');

  const big = await preflight({ dir: `${SUBS}/honest-medium`, config: { ...config, maxDownloadBytes: 10_000 }, shape, loadDataset: data, learningRate: 0.1, cardBytes: 500 });
  assert.equal(big.rejection?.reason, 'size-limit');
  assert.match(big.rejection?.message ?? '', /would hold \d+ bytes \(model files and card\), expected at most maxDownloadBytes 10000/);

  const strict = await preflight({ dir: `${SUBS}/honest-medium`, config: { ...config, minAccuracy: 90 }, shape, loadDataset: data, learningRate: 0.1, cardBytes: 500 });
  assert.equal(strict.verdict, 'accepted');
  assert.equal(strict.candidate, false);
  assert.deepEqual(strict.notCandidate, ['accuracy 81% is below minAccuracy 90%']);

  assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
});

test('a model the competition refuses but tfjs loads (a converted Keras model with uint8 weights): the reason, and its params and MACs as eval counts them', async () => {
  await initBackend('wasm');
  const input = tfl.input({ shape: [28, 28, 1] });
  const conv = tfl.layers.conv2d({ filters: 2, kernelSize: 3, kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tfl.SymbolicTensor;
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(conv) as tfl.SymbolicTensor;
  const m = tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }).apply(pooled) as tfl.SymbolicTensor });
  const tmp = tempDir('preflight-keras');
  try {
    await writeKerasConverted(m, join(tmp.dir, 'keras'), 'uint8');
    m.dispose();
    const before = tf.memory().numTensors;
    const r = await preflight({ dir: join(tmp.dir, 'keras'), config, shape, loadDataset: () => Promise.reject(new Error('not needed')), learningRate: 0.1, cardBytes: 500 });
    assert.equal(r.rejection?.reason, 'quantized-weights');
    // conv 3*3*1*2 + 2 = 20, dense 2*10 + 10 = 30: 50 params. MACs: conv 26x26x2 (v = 1,352) * 9 + 1,352 bias;
    // GAP 1,352 + 4*2; dense 2*10 + 10 bias.
    assert.deepEqual(r.outsideRules, { params: 50, paramsRounded: 50, macs: 1_352 * 9 + 1_352 + 1_352 + 8 + 20 + 10, macsRounded: 10_000, inputShape: [28, 28, 1] });
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  } finally {
    tmp.cleanup();
  }
});
