import '@tensorflow/tfjs-backend-cpu';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { buildSubmittedModel, loadSubmittedModel } from '../../lib/validator/submitted-model.js';
import { canonicalTopology } from '../../lib/model/load/canonical-topology.js';
import type { CheckedArtifacts } from '../../lib/model/load/read-checked.js';
import { buildTinyModel, folderFiles, saveArtifacts, tempDir, tinyExpect, writeFolder, TINY_INPUT } from './helpers/tiny-model.js';

const tmp = tempDir('load-checked');
let artifacts: tf.io.ModelArtifacts;
let nested: tf.io.ModelArtifacts;
let frozen: tf.io.ModelArtifacts;
let expected: number[][];
const probe = () => tf.tidy(() => tf.reshape(tf.linspace(-1, 1, 2 * 64), [2, ...TINY_INPUT]));

before(async () => {
  const m = buildTinyModel();
  artifacts = await saveArtifacts(m);
  const x = probe();
  const y = m.predict(x) as tf.Tensor;
  expected = (await y.array()) as number[][];
  tf.dispose([x, y]);
  m.dispose();
  const n = buildTinyModel({ nested: true });
  nested = await saveArtifacts(n);
  n.dispose();
  const f = buildTinyModel({ frozen: 'bn' });
  frozen = await saveArtifacts(f);
  f.dispose();
});
after(() => tmp.cleanup());

function canonical(topology: unknown) {
  const c = canonicalTopology(topology, 'spec');
  if (!c.ok) throw new Error(c.message);
  return c.topology;
}

const asChecked = (a: tf.io.ModelArtifacts): CheckedArtifacts => ({
  modelTopology: canonical(a.modelTopology),
  format: 'layers-model',
  weightSpecs: a.weightSpecs as CheckedArtifacts['weightSpecs'],
  weightData: a.weightData as ArrayBuffer,
});

test('a checked folder loads into a model that predicts exactly like the one saved', async () => {
  const before = tf.memory().numTensors;
  const dir = writeFolder(join(tmp.dir, 'ok'), folderFiles(artifacts));
  const r = await loadSubmittedModel(dir, tinyExpect);
  assert.ok(r.ok, r.ok ? '' : r.message);
  const x = probe();
  const y = r.model.predict(x) as tf.Tensor;
  assert.deepEqual(await y.array(), expected);
  tf.dispose([x, y]);
  r.model.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('a model with a nested Sequential loads', async () => {
  const r = await loadSubmittedModel(writeFolder(join(tmp.dir, 'nested'), folderFiles(nested)), tinyExpect);
  assert.ok(r.ok, r.ok ? '' : r.message);
  r.model.dispose();
});

test('output units other than the class count are refused and nothing leaks', async () => {
  const before = tf.memory().numTensors;
  const r = await loadSubmittedModel(writeFolder(join(tmp.dir, 'units'), folderFiles(artifacts)), { ...tinyExpect, numClasses: 10 });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.reason, 'output-units');
    assert.match(r.message, /\[null,3\].*\[null,10\]/);
  }
  assert.equal(tf.memory().numTensors, before);
});

test('what tfjs-layers refuses becomes load-failed, not a throw', async () => {
  const before = tf.memory().numTensors;
  // Weight names that match no variable: strict loading refuses them.
  const files = folderFiles(artifacts);
  files.json.weightsManifest[0]!.weights[0]!.name = 'conv/not_a_kernel';
  const r1 = await loadSubmittedModel(writeFolder(join(tmp.dir, 'names'), files), tinyExpect);
  assert.equal(r1.ok ? 'ok' : r1.reason, 'load-failed');
  // An activation off the list never reaches tfjs: the checks refuse it.
  const files2 = folderFiles(artifacts);
  const layers = (files2.json.modelTopology.config as { layers: { config: Record<string, unknown> }[] }).layers;
  layers[1]!.config.activation = 'not_an_activation';
  const r2 = await loadSubmittedModel(writeFolder(join(tmp.dir, 'activation'), files2), tinyExpect);
  assert.equal(r2.ok ? 'ok' : r2.reason, 'disallowed-config');
  assert.equal(tf.memory().numTensors, before);
});

test('the built model is checked again: a frozen layer and a wrong input are refused after loading', async () => {
  const before = tf.memory().numTensors;
  const r = await buildSubmittedModel(asChecked(frozen), tinyExpect);
  assert.equal(r.ok ? 'ok' : r.reason, 'frozen-weights');
  const r2 = await buildSubmittedModel(asChecked(artifacts), { ...tinyExpect, inputShape: [8, 8, 3] });
  assert.equal(r2.ok ? 'ok' : r2.reason, 'input-shape');
  assert.equal(tf.memory().numTensors, before);
});

test('weightless layers that blow up activations (a huge ZeroPadding2D) are refused before any evaluation', async () => {
  const input = tfl.input({ shape: TINY_INPUT, name: 'image' });
  let x = tfl.layers.zeroPadding2d({ padding: 2100, name: 'pad' }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.dense({ units: 3, name: 'logits' }).apply(x) as tfl.SymbolicTensor;
  const m = tfl.model({ inputs: input, outputs: x });
  const a = await saveArtifacts(m);
  m.dispose();
  const before = tf.memory().numTensors;
  const r = await loadSubmittedModel(writeFolder(join(tmp.dir, 'pad'), folderFiles(a)), tinyExpect);
  assert.equal(r.ok ? 'ok' : r.reason, 'activation-size');
  assert.match(r.ok ? '' : r.message, /17\d{6} float32 elements per image/);
  assert.equal(tf.memory().numTensors, before);
});
