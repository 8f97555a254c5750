// Shard names in a weights manifest are plain, visible file names: a hidden
// (dot-file) shard is refused, because the model hash leaves hidden files out
// and such a shard would load weights that the committed hash never covered.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashModelDir } from '../../../lib/hub/model-hash.js';
import { GENERAL_POLICY } from '../../../lib/model/load/load-policy.js';
import { checkWeightsManifest, plainShardName } from '../../../lib/model/load/weights-manifest.js';
import { tempDir } from '../../validator/helpers/tiny-model.js';

const tmp = tempDir('weights-manifest');
after(() => tmp.cleanup());

test('plainShardName refuses every name starting with a dot, with or without "./"', () => {
  for (const p of ['.hidden.bin', './.hidden.bin', '.', '..', './..', '.git', '..bin']) assert.equal(plainShardName(p), null, p);
  for (const [p, name] of [['group1-shard1of1.bin', 'group1-shard1of1.bin'], ['./w.bin', 'w.bin'], ['w.v2.bin', 'w.v2.bin']]) assert.equal(plainShardName(p as string), name);
});

test('a manifest naming a dot-file shard is rejected as bad-weights-path, naming the path', () => {
  const manifest = [{ paths: ['./.w.bin'], weights: [{ name: 'dense/kernel', shape: [2, 2], dtype: 'float32' }] }];
  const r = checkWeightsManifest(manifest, GENERAL_POLICY, 'm/model.json');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.reason, 'bad-weights-path');
    assert.equal(r.message, 'm/model.json: weightsManifest[0].paths[0] is "./.w.bin", expected a plain file name inside the model folder');
  }
  const plain = checkWeightsManifest([{ ...manifest[0], paths: ['./w.bin'] }], GENERAL_POLICY, 'm/model.json');
  assert.ok(plain.ok);
});

test('why: the model hash does not cover a dot-file, so its bytes could change under the same hash', async () => {
  const dir = join(tmp.dir, 'model');
  mkdirSync(dir);
  writeFileSync(join(dir, 'model.json'), '{}');
  writeFileSync(join(dir, '.w.bin'), Buffer.alloc(16, 1));
  const before = await hashModelDir(dir);
  writeFileSync(join(dir, '.w.bin'), Buffer.alloc(16, 2));
  assert.equal(await hashModelDir(dir), before);
});
