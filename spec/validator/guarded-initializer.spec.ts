import '@tensorflow/tfjs-backend-cpu';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { canonicalTopology } from '../../lib/validator/canonical-topology.js';
import { guardInitializers, withWeightBudget, WeightBudgetExceeded } from '../../lib/validator/guarded-initializer.js';
import { ALLOWED_LAYERS } from '../../lib/validator/layer-allow-list.js';
import { loadModelFolder } from '../../lib/validator/load-checked-model.js';
import { buildTinyModel, folderFiles, saveArtifacts, tempDir, tinyExpect, writeFolder, TINY_INPUT } from './helpers/tiny-model.js';

const tmp = tempDir('guard');
after(() => tmp.cleanup());

/** One of every weighted allowed class, nested model included. */
function everyWeightedLayer(): tfl.LayersModel {
  const inner = tfl.sequential({ name: 'inner', layers: [tfl.layers.dense({ inputShape: [4], units: 2, name: 'inner_dense' })] });
  const input = tfl.input({ shape: TINY_INPUT, name: 'image' });
  let x = tfl.layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv' }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.depthwiseConv2d({ kernelSize: 3, name: 'dw' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.separableConv2d({ filters: 4, kernelSize: 1, name: 'sep' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'bn' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tfl.SymbolicTensor;
  x = inner.apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.dense({ units: 3, name: 'out' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: x });
}

test('every weight of every weighted allowed class is allocated through the guard', async () => {
  const m = everyWeightedLayer();
  const classes = new Set(m.layers.map((l) => l.getClassName()));
  for (const [cls, keys] of ALLOWED_LAYERS) if (keys.length > 0) assert.ok(classes.has(cls), `${cls} is covered`);
  const total = m.countParams();
  const a = await saveArtifacts(m);
  m.dispose();
  const canonical = canonicalTopology(a.modelTopology, 'spec');
  assert.ok(canonical.ok);
  const topology = guardInitializers(canonical.topology);
  // One element short: some weight must hit the guard, so none bypasses it.
  await assert.rejects(
    withWeightBudget(total - 1, () => tfl.models.modelFromJSON({ modelTopology: topology } as unknown as tfl.ModelAndWeightsConfig)),
    WeightBudgetExceeded,
  );
  const built = await withWeightBudget(total, () => tfl.models.modelFromJSON({ modelTopology: topology } as unknown as tfl.ModelAndWeightsConfig));
  assert.equal(built.countParams(), total);
  built.dispose();
});

test('a topology far larger than its manifest is refused before it allocates', async () => {
  const m = buildTinyModel();
  const files = folderFiles(await saveArtifacts(m));
  m.dispose();
  const logits = (files.json.modelTopology.config as { layers: { name: string; config: Record<string, unknown> }[] }).layers.find((l) => l.name === 'logits')!;
  // 4 x 50,000,000 floats (800 MB) if it were allocated.
  logits.config.units = 50_000_000;
  const before = tf.memory().numTensors;
  const r = await loadModelFolder(writeFolder(join(tmp.dir, 'huge'), files), tinyExpect);
  assert.equal(r.ok ? 'ok' : r.reason, 'size-limit');
  assert.match(r.ok ? '' : r.message, /larger than its manifest declares/);
  assert.equal(tf.memory().numTensors, before);
});
