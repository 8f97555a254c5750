// A submitted model whose layer is applied more than once (the shared
// depthwise conv of the cell space's dil_conv): evaluating and retraining it
// leaves no tensor behind. LayersModel.dispose() alone keeps such a layer's
// weights (its reference count stays above zero), one leak per model loaded.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../lib/backend/select.js';
import { makeRng } from '../../../lib/core/rng.js';
import { valiPreset } from '../../../lib/core/vali-config.js';
import { loadDataset } from '../../../lib/data/load-dataset.js';
import type { ImageDataset, ImageSplit } from '../../../lib/data/types.js';
import { buildGenomeModel, disposeGenomeModel } from '../../../lib/model/genome-model.js';
import { saveModelDir } from '../../../lib/model/model-dir.js';
import { loadSearchSpace } from '../../../lib/search/space-file.js';
import { seedGenomes } from '../../../lib/searcher/seed-genomes.js';
import { evaluateSubmission } from '../../../lib/validator/round/evaluate-submission.js';
import { retrainSubmission } from '../../../lib/validator/round/retrain-submission.js';
import { modelExpectations } from '../../../lib/validator/model-expectations.js';
import { tempDir } from '../helpers/tiny-model.js';

const tmp = tempDir('shared-layer');
after(() => tmp.cleanup());

function head(split: ImageSplit, n: number, px: number): ImageSplit {
  return { images: split.images.subarray(0, n * px), labels: split.labels.subarray(0, n), count: n };
}

test('evaluating and retraining a model with a shared layer (dil_conv) leaves no tensor', async () => {
  await initBackend('wasm');
  const full = await loadDataset('fashion-mnist-small');
  const px = full.height * full.width * full.channels;
  const data: ImageDataset = { ...full, train: head(full.train, 64, px), test: head(full.test, 64, px) };
  const config = { ...valiPreset('fashion-mnist-small'), trainEpochs: 1, batchSize: 32 };
  const cell = loadSearchSpace('cell');
  const genome = { ...seedGenomes(cell)[0], normal_n0_op1: 'dil_conv_3x3', reduce_n0_op1: 'dil_conv_5x5', layers: 3 };
  const dir = join(tmp.dir, 'dil-conv');
  const built = buildGenomeModel(cell, genome, data, makeRng(1));
  assert.ok(built.layers.some((l) => l.inboundNodes.length > 1), 'the model applies a layer twice');
  await saveModelDir(built, dir);
  disposeGenomeModel(built);

  const expect = modelExpectations(config, data);
  const before = tf.memory().numTensors;
  const evaluated = await evaluateSubmission(dir, expect, data, config);
  assert.ok(!('ok' in evaluated), `evaluated: ${JSON.stringify(evaluated)}`);
  assert.equal(tf.memory().numTensors, before, 'evaluation left no tensor');
  await retrainSubmission(dir, expect, data, config, null);
  assert.equal(tf.memory().numTensors, before, 'retrain left no tensor');
});
