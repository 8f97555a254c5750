// The weight guard: while a model is built under a budget, every weight any
// layer class allocates goes through it and is refused past the manifest's
// elements, before it is allocated; weights start at zeros whatever the
// config's initializer, and the built model keeps its config's initializers.
import '@tensorflow/tfjs-backend-cpu';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { GENERAL_POLICY } from '../../../lib/model/load/load-policy.js';
import { loadModel } from '../../../lib/model/load/load-model.js';
import { withWeightBudget, WeightBudgetExceeded } from '../../../lib/model/load/weight-budget.js';
import { loadSubmittedModel } from '../../../lib/validator/submitted-model.js';
import { buildTinyModel, folderFiles, saveArtifacts, tempDir, tinyExpect, writeFolder, TINY_INPUT } from '../../validator/helpers/tiny-model.js';

const tmp = tempDir('guard');
after(() => tmp.cleanup());

/** Weighted layers of many kinds, the allow-listed ones and others (recurrent, transposed, embedding), nested model included. */
function manyWeightedLayers(): tfl.LayersModel {
  const inner = tfl.sequential({ name: 'inner', layers: [tfl.layers.dense({ inputShape: [4], units: 2, name: 'inner_dense' })] });
  const input = tfl.input({ shape: TINY_INPUT, name: 'image' });
  let x = tfl.layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv', kernelInitializer: 'heNormal' }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.depthwiseConv2d({ kernelSize: 3, name: 'dw' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.separableConv2d({ filters: 4, kernelSize: 1, name: 'sep' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2dTranspose({ filters: 4, kernelSize: 2, name: 'up' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'bn' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.reshape({ targetShape: [25, 4], name: 'seq' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.lstm({ units: 4, name: 'lstm', recurrentInitializer: 'glorotUniform' }).apply(x) as tfl.SymbolicTensor;
  x = inner.apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.dense({ units: 3, name: 'out' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: x });
}

test('every weight of every layer kind is allocated through the guard, zeros first, initializers kept in the config', async () => {
  const m = manyWeightedLayers();
  const total = m.weights.reduce((n, w) => n + w.shape.reduce((a: number, b) => a * (b ?? 0), 1), 0);
  const a = await saveArtifacts(m);
  m.dispose();
  const before = tf.memory().numTensors;
  const build = () => tfl.models.modelFromJSON({ modelTopology: structuredClone(a.modelTopology) } as unknown as tfl.ModelAndWeightsConfig);
  // One element short: some weight must hit the guard, so none bypasses it.
  const variables = new Set(Object.keys(tf.engine().registeredVariables));
  await assert.rejects(withWeightBudget(total - 1, build), WeightBudgetExceeded);
  // The weights made before the refused one are left to the caller (the loader disposes them).
  for (const [name, v] of Object.entries(tf.engine().registeredVariables)) if (!variables.has(name)) v.dispose();
  const built = await withWeightBudget(total, build);
  for (const w of built.weights) assert.ok((await w.read().data()).every((v) => v === 0), `${w.name} starts at zeros`);
  const conv = built.getLayer('conv').getConfig() as { kernelInitializer: { className: string } };
  assert.equal(conv.kernelInitializer.className, 'VarianceScaling', 'the config keeps its initializer (heNormal)');
  built.dispose();
  // Outside a budget nothing is counted: the ordinary initializers run.
  const plain = await build();
  assert.ok(!(await plain.getLayer('out').getWeights()[0]!.data()).every((v) => v === 0));
  plain.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('a topology far larger than its manifest is refused before it allocates, by every policy', async () => {
  const m = buildTinyModel();
  const files = folderFiles(await saveArtifacts(m));
  m.dispose();
  const logits = (files.json.modelTopology.config as { layers: { name: string; config: Record<string, unknown> }[] }).layers.find((l) => l.name === 'logits')!;
  // 4 x 50,000,000 floats (800 MB) if it were allocated.
  logits.config.units = 50_000_000;
  const dir = writeFolder(join(tmp.dir, 'huge'), files);
  const before = tf.memory().numTensors;
  for (const r of [await loadSubmittedModel(dir, tinyExpect), await loadModel(dir, GENERAL_POLICY)]) {
    assert.equal(r.ok ? 'ok' : r.reason, 'size-limit');
    assert.match(r.ok ? '' : r.message, /larger than its manifest declares/);
  }
  assert.equal(tf.memory().numTensors, before);
});
