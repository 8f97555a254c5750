import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildReferenceCnn } from '../../lib/model/reference-cnn.js';
import { saveModelDir } from '../../lib/model/model-dir.js';
import { loadModelDir } from '../../lib/model/load/load-model.js';

describe('model folder', () => {
  let root: string;
  before(async () => { await tf.setBackend('cpu'); root = mkdtempSync(join(tmpdir(), 'naschain-model-')); });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('round-trips a model: same topology and bit-identical weights, tfjs file names, no temp left', async () => {
    const m = buildReferenceCnn({ height: 12, width: 12, channels: 3, numClasses: 5 });
    const dir = join(root, 'cnn');
    await saveModelDir(m, dir);
    await saveModelDir(m, dir); // replacing an existing folder works
    assert.deepEqual(readdirSync(dir).sort(), ['group1-shard1of1.bin', 'model.json']);
    assert.deepEqual(readdirSync(root), ['cnn']);
    const start = tf.memory().numTensors;
    const back = await loadModelDir(dir);
    assert.equal(back.layers.length, m.layers.length);
    for (let i = 0; i < m.weights.length; i++) assert.deepEqual(await back.weights[i]!.read().data(), await m.weights[i]!.read().data());
    back.dispose();
    assert.equal(tf.memory().numTensors, start);
    m.dispose();
  });
});
