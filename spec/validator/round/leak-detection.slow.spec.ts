// The leak guard end to end (~1 min): a small CNN trained on the TEST split
// submits an inflated accuracy that puts it on the front; the round
// re-initialises and retrains it with the recipe, its accuracy falls, and it
// leaves the front with no weight, while the honest models keep theirs.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../../lib/backend/select.js';
import { loadValiConfig } from '../../../lib/core/vali-config.js';
import { loadDataset } from '../../../lib/data/load-dataset.js';
import { saveModelDir } from '../../../lib/model/model-dir.js';
import { train } from '../../../lib/train/train.js';
import { StateStore } from '../../../lib/validator/state-store.js';
import { formatSubmission, readSubmission } from '../../../lib/validator/submission.js';
import { LocalFolderSource, RetrainJournal, runRound } from '../../../lib/validator/round/index.js';
import { tempDir } from '../helpers/tiny-model.js';
import { CONFIG, SUBMISSIONS } from './helpers/fixture-round.js';

const tmp = tempDir('leak');
after(() => tmp.cleanup());

function tinyCnn(): tfl.LayersModel {
  const input = tfl.input({ shape: [28, 28, 1] });
  let x = tfl.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.maxPooling2d({ poolSize: 2 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.flatten().apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: tfl.layers.dense({ units: 10 }).apply(x) as tfl.SymbolicTensor });
}

test('a model trained on the test set is dropped from the front by the retrain', async () => {
  const backend = await initBackend('wasm');
  const config = loadValiConfig(CONFIG);
  const dataset = await loadDataset(config.dataset);
  const subs = join(tmp.dir, 'subs');
  for (const name of ['honest-small', 'honest-medium']) cpSync(join(SUBMISSIONS, name), join(subs, name), { recursive: true });
  const model = tinyCnn();
  try {
    const leakConfig = { ...config, schedule: 'standard' as const, augmentation: { cropPadding: 0, horizontalFlip: false, cutoutSize: 0 } };
    await train(model, { ...dataset, train: dataset.test }, leakConfig, { epochs: 20, learningRate: 0.05 });
    await saveModelDir(model, join(subs, 'leaky'));
  } finally {
    model.dispose();
  }
  const base = readSubmission(join(subs, 'honest-small'));
  assert.ok(base.ok);
  writeFileSync(join(subs, 'leaky', 'submission.json'), formatSubmission({ ...base.submission, uid: 9, learningRate: 0.02, repo: 'leaker/model' }));

  const state = join(tmp.dir, 'state');
  const store = StateStore.open(state);
  try {
    const r = await runRound(new LocalFolderSource(subs), {
      dataset, config, store, journal: new RetrainJournal(state), backend: backend.name, limits: { minAllowedWeights: 1, maxWeightLimit: 1 },
    });
    const leaky = r.rows.find((x) => x.name === 'leaky');
    assert.ok(leaky && leaky.accuracyFloor !== null && leaky.retrainAccuracyFloor !== null);
    assert.ok(leaky.accuracyFloor >= 85, `trained on the test set it scores ${leaky.accuracy}% as submitted`);
    assert.ok(r.retrains.some((x) => x.uid === 9 && !x.kept), 'it was on the front and got retrained');
    assert.ok(leaky.retrainAccuracyFloor < leaky.accuracyFloor - 5, `retrained ${leaky.retrainAccuracy}%`);
    assert.equal(leaky.pareto, 'dropped');
    assert.equal(leaky.weight, 0);
    assert.ok(!r.front.includes(9));
    assert.deepEqual(r.front, [2, 1]);
    assert.deepEqual(r.weights.uids, [1, 2]);
  } finally {
    store.close();
  }
});
