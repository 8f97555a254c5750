import '@tensorflow/tfjs-backend-cpu';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { checkSubmittedModel } from '../../lib/validator/submitted-model.js';
import type { ModelExpectations } from '../../lib/validator/model-expectations.js';
import type { RejectReason } from '../../lib/validator/reject-reasons.js';
import { buildTinyModel, folderFiles, saveArtifacts, tempDir, tinyExpect, writeFolder, type ModelFolderFiles } from './helpers/tiny-model.js';

let artifacts: tf.io.ModelArtifacts;
let nestedArtifacts: tf.io.ModelArtifacts;
const tmp = tempDir('model-checks');
let n = 0;

before(async () => {
  const m = buildTinyModel();
  artifacts = await saveArtifacts(m);
  m.dispose();
  const nested = buildTinyModel({ nested: true });
  nestedArtifacts = await saveArtifacts(nested);
  nested.dispose();
});
after(() => tmp.cleanup());

/** Writes the tiny model with one corruption applied and checks it. */
function check(corrupt: (f: ModelFolderFiles, dir: string) => string | null | void, expect: ModelExpectations = tinyExpect, from = artifacts) {
  const dir = join(tmp.dir, `case${n++}`);
  mkdirSync(dir);
  const files = folderFiles(from);
  // A string replaces model.json's text, null leaves model.json out.
  const text = corrupt(files, dir);
  writeFolder(dir, files, text);
  return checkSubmittedModel(dir, expect);
}

function rejects(result: ReturnType<typeof checkSubmittedModel>, reason: RejectReason, mentions?: string | RegExp) {
  assert.equal(result.ok, false, 'expected a rejection');
  if (result.ok) return;
  assert.equal(result.reason, reason, result.message);
  assert.ok(!result.message.includes('\n'), 'message is one line');
  if (mentions !== undefined) assert.match(result.message, typeof mentions === 'string' ? new RegExp(mentions.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : mentions);
}

const layers = (f: ModelFolderFiles) => (f.json.modelTopology.config as { layers: { class_name: string; config: Record<string, unknown> }[] }).layers;
const weights = (f: ModelFolderFiles) => f.json.weightsManifest[0]!.weights;

test('an intact tfjs-saved model passes and its artifacts hold every weight byte', () => {
  const r = check(() => {});
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.equal(r.artifacts.weightData.byteLength, (artifacts.weightData as ArrayBuffer).byteLength);
  assert.deepEqual(new Uint8Array(r.artifacts.weightData), new Uint8Array(artifacts.weightData as ArrayBuffer));
  assert.deepEqual(r.artifacts.weightSpecs.map((s) => s.name), artifacts.weightSpecs!.map((s) => s.name));
  assert.equal(r.layerCount, 6);
});

test('a model with a nested Sequential passes: nested layers are walked and counted', () => {
  const r = check(() => {}, tinyExpect, nestedArtifacts);
  assert.ok(r.ok, r.ok ? '' : r.message);
  assert.equal(r.layerCount, 7);
});

test('model.json: missing, over the size cap, not JSON, not a layers model', () => {
  rejects(check(() => null), 'missing-model-json');
  rejects(check(() => {}, { ...tinyExpect, maxModelJsonBytes: 200 }), 'model-json-too-large', 'at most 200');
  rejects(check(() => '{"modelTopology": '), 'not-json');
  rejects(check(() => '[1,2]'), 'not-layers-model');
  rejects(check((f) => { f.json.format = 'graph-model'; }), 'not-layers-model', '"graph-model"');
  rejects(check((f) => { delete (f.json as Record<string, unknown>).modelTopology; }), 'not-layers-model', 'modelTopology');
  // A format-less model.json with a topology is what older tfjs wrote: accepted.
  const r = check((f) => { delete (f.json as Record<string, unknown>).format; });
  assert.ok(r.ok);
});

test('model.json that is a symlink is refused', () => {
  rejects(check((f, dir) => {
    const real = join(tmp.dir, `real-${n}.json`);
    writeFileSync(real, JSON.stringify(f.json));
    symlinkSync(real, join(dir, 'model.json'));
    return null;
  }), 'missing-model-json');
});

test('weightsManifest: not an array, a malformed group, a duplicate weight name', () => {
  rejects(check((f) => { (f.json as Record<string, unknown>).weightsManifest = { paths: [] }; }), 'bad-manifest');
  rejects(check((f) => { (f.json.weightsManifest[0] as Record<string, unknown>).weights = 'all'; }), 'bad-manifest', 'weightsManifest[0]');
  rejects(check((f) => { weights(f)[1]!.name = weights(f)[0]!.name; }), 'bad-manifest', 'each weight name once');
});

test('every weights path must be a plain file name inside the folder', () => {
  for (const p of ['../group1-shard1of2.bin', '/etc/passwd', 'sub/x.bin', 'a\\b.bin', 'https://example.com/x.bin', 'file:x.bin', 'x\u0000.bin', '..', '.', '', './', 'C:x.bin', 'model.json', './submission.json']) {
    rejects(check((f) => { f.json.weightsManifest[0]!.paths[0] = p; }), 'bad-weights-path');
  }
  rejects(check((f) => { (f.json.weightsManifest[0]!.paths as unknown[])[0] = 7; }), 'bad-weights-path');
});

test('a shard listed twice is refused, also when spelled ./name', () => {
  rejects(check((f) => { f.json.weightsManifest[0]!.paths[1] = './group1-shard1of2.bin'; }), 'duplicate-weights-path');
});

test('dtypes other than float32, quantized weights and non-float layers are refused', () => {
  rejects(check((f) => { weights(f)[0]!.dtype = 'int32'; }), 'bad-dtype', '"int32"');
  // The validator's policy on quantized weights: refused with its own reason, whatever the quantization (docs/validator.md).
  for (const q of [{ dtype: 'uint8', scale: 1, min: 0 }, { dtype: 'uint16', scale: 1, min: 0 }, { dtype: 'float16' }, null]) {
    rejects(check((f) => { (weights(f)[0] as Record<string, unknown>).quantization = q; }), 'quantized-weights', 'expected plain float32 weights');
  }
  rejects(check((f) => { layers(f)[1]!.config.dtype = 'int32'; }), 'bad-dtype', 'conv');
});

test('shapes must be arrays of positive integers', () => {
  for (const shape of [[3, 0], [2.5], [-1, 4], 'x', [Number.NaN]]) {
    rejects(check((f) => { (weights(f)[0] as Record<string, unknown>).shape = shape; }), 'bad-shape');
  }
});

test('declared weight bytes over the limit are refused before any shard is read', () => {
  rejects(check(() => {}, { ...tinyExpect, maxWeightBytes: 100 }), 'size-limit', 'at most 100');
  // A hostile shape whose product overflows float precision is caught on the way up.
  rejects(check((f) => {
    weights(f)[0]!.shape = [1e9, 1e9, 1e9];
    f.shards.clear();
  }), 'size-limit');
});

test('a missing or symlinked shard is refused', () => {
  rejects(check((f) => { f.shards.delete('group1-shard2of2.bin'); }), 'missing-shard', 'group1-shard2of2.bin');
  rejects(check((f, dir) => {
    const real = join(tmp.dir, `real-${n}.bin`);
    writeFileSync(real, f.shards.get('group1-shard2of2.bin')!);
    f.shards.delete('group1-shard2of2.bin');
    symlinkSync(real, join(dir, 'group1-shard2of2.bin'));
  }), 'missing-shard', 'not a regular file');
});

test('shard bytes must be exactly what the weights need, per group', () => {
  const grow = (f: ModelFolderFiles, name: string, delta: number) => {
    const b = f.shards.get(name)!;
    const c = new Uint8Array(b.byteLength + delta);
    c.set(b.subarray(0, Math.min(b.byteLength, c.byteLength)));
    f.shards.set(name, c);
  };
  rejects(check((f) => grow(f, 'group1-shard2of2.bin', 1)), 'shard-size-mismatch', 'expected exactly');
  rejects(check((f) => grow(f, 'group1-shard2of2.bin', -4)), 'shard-size-mismatch');
  // Same total, but one group's bytes moved into the other's shard.
  rejects(check((f) => {
    const specs = weights(f);
    f.json.weightsManifest = [
      { paths: ['group1-shard1of2.bin'], weights: specs.slice(0, 1) },
      { paths: ['group1-shard2of2.bin'], weights: specs.slice(1) },
    ];
  }), 'shard-size-mismatch', 'weightsManifest[0]');
});

test('NaN or Infinity anywhere in the weights scores 0', () => {
  const last = artifacts.weightSpecs!.at(-1)!;
  const where = `${last.name}"[${last.shape.reduce((a, b) => a * b, 1) - 1}]`;
  for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    rejects(check((f) => {
      const b = f.shards.get('group1-shard2of2.bin')!;
      new DataView(b.buffer, b.byteOffset, b.byteLength).setFloat32(b.byteLength - 4, v, true);
    }), 'non-finite-weights', where);
  }
});

test('only allow-listed layer classes pass, in nested models too', () => {
  rejects(check((f) => { layers(f)[3]!.class_name = 'Lambda'; }), 'disallowed-layer', 'a "Lambda"');
  rejects(check((f) => { layers(f)[3]!.class_name = 'TFOpLambda'; }), 'disallowed-layer', 'TFOpLambda');
  rejects(check((f) => {
    const block = layers(f).find((l) => l.class_name === 'Sequential')!;
    (block.config.layers as { class_name: string }[])[0]!.class_name = 'MyCustomConv';
  }, tinyExpect, nestedArtifacts), 'disallowed-layer', 'MyCustomConv');
});

test('topologies that are not a model, have no layers, or nest too deep are refused', () => {
  rejects(check((f) => { f.json.modelTopology.class_name = 'Dense'; }), 'bad-topology');
  rejects(check((f) => { f.json.modelTopology.config = { name: 'x' }; }), 'bad-topology', 'no layers');
  rejects(check((f) => {
    let inner: Record<string, unknown> = { class_name: 'Sequential', config: { name: 'leaf', layers: [] } };
    for (let i = 0; i < 6; i++) inner = { class_name: 'Sequential', config: { name: `s${i}`, layers: [inner] } };
    layers(f).push({ ...inner, name: 's5', inbound_nodes: [] } as unknown as { class_name: string; config: Record<string, unknown> });
  }), 'bad-topology', 'nests models');
});

test('a frozen layer (trainable: false) is refused, nested too', () => {
  rejects(check((f) => { layers(f)[1]!.config.trainable = false; }), 'frozen-weights', '"conv"');
  rejects(check((f) => {
    const block = layers(f).find((l) => l.class_name === 'Sequential')!;
    (block.config.layers as { config: Record<string, unknown> }[])[0]!.config.trainable = false;
  }, tinyExpect, nestedArtifacts), 'frozen-weights', 'inner_conv');
});

test('the input must be [null, H, W, C] of the dataset', () => {
  rejects(check(() => {}, { ...tinyExpect, inputShape: [8, 8, 3] }), 'input-shape', '[null,8,8,3]');
  rejects(check((f) => { layers(f)[0]!.config.batch_input_shape = [1, 8, 8, 1]; }), 'input-shape');
  rejects(check((f) => { delete layers(f)[0]!.config.batch_input_shape; }), 'input-shape', 'no batch_input_shape');
  rejects(check((f) => { (f.json.modelTopology.config as Record<string, unknown>).input_layers = [['image', 0, 0], ['image', 0, 0]]; }), 'input-shape');
});
