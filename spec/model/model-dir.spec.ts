import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildReferenceCnn } from '../../lib/model/reference-cnn.js';
import { loadModelDir, saveModelDir } from '../../lib/model/model-dir.js';

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

  it('fails with one clear line for each broken folder', async () => {
    await assert.rejects(loadModelDir(join(root, 'nope')), /^NaschainError: model folder .*nope: no such folder$/);
    const empty = join(root, 'empty');
    mkdirSync(empty);
    await assert.rejects(loadModelDir(empty), /no model\.json in it/);
    const bad = join(root, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'model.json'), '{not json');
    await assert.rejects(loadModelDir(bad), /model\.json is not valid JSON/);
    writeFileSync(join(bad, 'model.json'), JSON.stringify({ hello: 1 }));
    await assert.rejects(loadModelDir(bad), /has no layers-model topology/);
    writeFileSync(join(bad, 'model.json'), JSON.stringify({ format: 'graph-model', modelTopology: { class_name: 'x' }, weightsManifest: [] }));
    await assert.rejects(loadModelDir(bad), /format "graph-model" is not a layers model/);
    writeFileSync(join(bad, 'model.json'), JSON.stringify({ modelTopology: { class_name: 'NoSuchModel', config: {} }, weightsManifest: [] }));
    await assert.rejects(loadModelDir(bad), /not a loadable layers model/);
    const m = buildReferenceCnn({ height: 8, width: 8, channels: 1, numClasses: 2 });
    const noShard = join(root, 'noshard');
    await saveModelDir(m, noShard);
    m.dispose();
    unlinkSync(join(noShard, 'group1-shard1of1.bin'));
    await assert.rejects(loadModelDir(noShard), /weight shard \.\/group1-shard1of1\.bin is missing/);
    writeFileSync(join(noShard, 'group1-shard1of1.bin'), Buffer.alloc(12));
    await assert.rejects(loadModelDir(noShard), /weight shards hold 12 bytes, expected \d+ from the manifest/);
  });
});
