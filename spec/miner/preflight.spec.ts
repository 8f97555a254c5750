// preflight() in process: the validator's numbers for an honest fixture, a
// rejection that never loads the dataset, an over-size repo, and no tensor
// leaked by any of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../lib/backend/select.js';
import { loadValiConfig } from '../../lib/core/vali-config.js';
import { loadDataset } from '../../lib/data/load-dataset.js';
import { getDescriptor } from '../../lib/data/registry.js';
import type { ImageDataset } from '../../lib/data/types.js';
import { preflight } from '../../lib/miner/preflight.js';
import { repoRoot } from '../helpers/cli.js';

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
