// loadModelDir, the loader as train and eval call it: any layers model loads
// (within the general limits), and each broken folder is one clear line
// naming the folder, what is wrong and the reason code.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { buildReferenceCnn } from '../../../lib/model/reference-cnn.js';
import { saveModelDir } from '../../../lib/model/model-dir.js';
import { loadModelDir } from '../../../lib/model/load/load-model.js';
import { GENERAL_LIMITS } from '../../../lib/model/load/load-policy.js';

describe('loadModelDir', () => {
  let root: string;
  before(async () => { await tf.setBackend('cpu'); root = mkdtempSync(join(tmpdir(), 'naschain-load-')); });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('loads what the competition would refuse: a frozen layer and a class off its allow-list', async () => {
    const input = tfl.input({ shape: [6] });
    const hidden = tfl.layers.dense({ units: 4, trainable: false, name: 'frozen' }).apply(input) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 2, name: 'out' }).apply(tfl.layers.repeatVector({ n: 2 }).apply(hidden) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
    const m = tfl.model({ inputs: input, outputs: out });
    const dir = join(root, 'frozen');
    await saveModelDir(m, dir);
    const before = tf.memory().numTensors;
    const back = await loadModelDir(dir);
    assert.equal(back.getLayer('frozen').trainable, false);
    assert.deepEqual(await back.getLayer('frozen').getWeights()[0]!.data(), await m.getLayer('frozen').getWeights()[0]!.data());
    back.dispose();
    assert.equal(tf.memory().numTensors, before);
    m.dispose();
  });

  it('fails with one clear line for each broken folder', async () => {
    await assert.rejects(loadModelDir(join(root, 'nope')), /^NaschainError: model folder .*nope: no such folder$/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    await assert.rejects(loadModelDir(empty), /^NaschainError: model folder .*empty: model\.json: no such file, expected the model's model\.json \[missing-model-json\]$/);
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'model.json'), '{not json');
    await assert.rejects(loadModelDir(bad), /model folder .*bad: model\.json: not valid JSON .*\[not-json\]$/);
    writeFileSync(join(bad, 'model.json'), JSON.stringify({ hello: 1 }));
    await assert.rejects(loadModelDir(bad), /model\.json: modelTopology is undefined, expected a layers topology \{class_name, config\} \[not-layers-model\]$/);
    writeFileSync(join(bad, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: { class_name: 'x' }, weightsManifest: [] }));
    await assert.rejects(loadModelDir(bad), /format is "graph-model", expected "layers-model"/);
    writeFileSync(join(bad, 'model.json'), JSON.stringify({ modelTopology: { class_name: 'NoSuchModel', config: {} }, weightsManifest: [] }));
    await assert.rejects(loadModelDir(bad), /modelTopology\.className is "NoSuchModel", expected a model \(Sequential, Model, Functional\) \[bad-topology\]$/);
    writeFileSync(join(bad, 'model.json'), 'x'.repeat(GENERAL_LIMITS.maxModelJsonBytes + 1));
    await assert.rejects(loadModelDir(bad), (e: Error & { code?: string }) => e.code === 'LIMIT' && /\[model-json-too-large\]$/.test(e.message));
    const m = buildReferenceCnn({ height: 8, width: 8, channels: 1, numClasses: 2 });
    const noShard = join(root, 'noshard');
    await saveModelDir(m, noShard);
    m.dispose();
    unlinkSync(join(noShard, 'group1-shard1of1.bin'));
    await assert.rejects(loadModelDir(noShard), /weight shard "group1-shard1of1\.bin" does not exist, expected it in the model folder \[missing-shard\]$/);
    writeFileSync(join(noShard, 'group1-shard1of1.bin'), Buffer.alloc(12));
    await assert.rejects(loadModelDir(noShard), /hold 12 bytes, expected exactly \d+ for its weights \[shard-size-mismatch\]$/);
  });
});
