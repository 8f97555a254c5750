// One full round over the committed fixtures, in process (~45 s on 2 busy
// cores): malformed submissions rejected with their reason, the model trained
// on the test set dropped by the retrain, the honest ones reproduced exactly,
// the u16 weights equal to bittensor's, no tensor leaked; then the same round
// again on the same state: identical result, nothing evaluated or retrained twice.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../lib/backend/select.js';
import { loadValiConfig } from '../../../lib/core/vali-config.js';
import { loadDataset } from '../../../lib/data/load-dataset.js';
import { StateStore } from '../../../lib/validator/state-store.js';
import { LocalFolderSource, RetrainJournal, deterministicPart, guardStateConfig, runRound, type RoundOptions } from '../../../lib/validator/round/index.js';
import { tempDir } from '../helpers/tiny-model.js';
import { CONFIG, EXPECTED_REJECTIONS, GOLDEN_WEIGHTS, SUBMISSIONS } from './helpers/fixture-round.js';

const tmp = tempDir('round');
after(() => tmp.cleanup());

test('a fixture round rejects the malformed, drops the leaky model, and emits bittensor\'s weights; rerun on the same state is identical and free', async () => {
  const backend = await initBackend('wasm');
  const config = loadValiConfig(CONFIG);
  const dataset = await loadDataset(config.dataset);
  guardStateConfig(tmp.dir, config, backend.name);
  const store = StateStore.open(tmp.dir);
  const journal = new RetrainJournal(tmp.dir);
  const options: RoundOptions = { dataset, config, store, journal, backend: backend.name, limits: { minAllowedWeights: 1, maxWeightLimit: 1 } };
  const tensorsBefore = tf.memory().numTensors;
  try {
    const first = await runRound(new LocalFolderSource(SUBMISSIONS), options);
    assert.equal(tf.memory().numTensors, tensorsBefore, 'the round leaks no tensor');
    const byName = new Map(first.rows.map((r) => [r.name, r]));
    for (const [name, reason] of Object.entries(EXPECTED_REJECTIONS)) {
      const row = byName.get(name);
      assert.equal(row?.pareto, 'rejected', name);
      assert.equal(row?.reason, reason, `${name}: ${row?.message}`);
      assert.match(row?.message ?? '', /\S/, `${name} has a message`);
      assert.doesNotMatch(row?.message ?? '', /\n/, `${name}'s message is one line`);
    }
    const leaky = byName.get('leaky-test-trained');
    assert.ok(leaky && leaky.accuracyFloor !== null && leaky.retrainAccuracyFloor !== null);
    assert.ok(leaky.accuracyFloor > leaky.retrainAccuracyFloor + 5, `submitted ${leaky.accuracyFloor} inflated over retrained ${leaky.retrainAccuracyFloor}`);
    assert.equal(leaky.pareto, 'dropped');
    assert.equal(leaky.reason, 'retrained-below-submitted');
    assert.equal(leaky.weight, 0);
    assert.equal(typeof leaky.gap, 'number');
    for (const name of ['honest-small', 'honest-medium', 'honest-large']) {
      const row = byName.get(name);
      assert.equal(row?.pareto, 'front', name);
      // Trained with the same recipe, seed and backend: the retrain reproduces the submission.
      assert.equal(row?.retrainAccuracy, row?.accuracy, name);
      assert.equal(row?.gap, (row?.trainAccuracy ?? NaN) - (row?.retrainAccuracy ?? NaN));
    }
    assert.deepEqual(first.front, [3, 2, 1]);
    assert.deepEqual(first.retrains.map((r) => [r.uid, r.kept]), [[1, true], [4, false], [3, true], [2, true]]);
    assert.deepEqual(first.weights, GOLDEN_WEIGHTS);
    assert.equal(first.subnetSize, 11);
    assert.equal(first.timings.retrained, 4);
    assert.equal(first.timings.evaluated, 10);

    const again = await runRound(new LocalFolderSource(SUBMISSIONS), options);
    assert.deepEqual(deterministicPart(again), deterministicPart(first));
    assert.equal(again.timings.evaluated, 0);
    assert.equal(again.timings.retrained, 0);
    const done = journal.read().filter((l) => l.event === 'retrain-done').map((l) => l.uid);
    assert.deepEqual(done, [1, 4, 3, 2], 'each front model retrained exactly once');
  } finally {
    store.close();
  }
});

test('a state folder filled with another config or backend is refused', () => {
  const config = loadValiConfig(CONFIG);
  const dir = `${tmp.dir}/guard`;
  guardStateConfig(dir, config, 'wasm');
  guardStateConfig(dir, config, 'wasm');
  assert.throws(() => guardStateConfig(dir, { ...config, trainEpochs: config.trainEpochs + 1 }, 'wasm'), /another validation config or backend/);
  assert.throws(() => guardStateConfig(dir, config, 'cpu'), /another validation config or backend/);
});
