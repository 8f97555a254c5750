// The round's jobs in worker processes (lib/worker): a model slower than its
// deadline is rejected with 'eval-timeout' and the others are scored; a retrain
// past its deadline is 'retrain-timeout' (accuracy 0, upstream's rule) and the
// retrain loop goes on; a worker killed from outside costs its job only; no
// worker process is left after the round; and a worker's results equal the
// in-process ones to the bit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../../lib/backend/select.js';
import { loadValiConfig } from '../../../lib/core/vali-config.js';
import { loadDataset } from '../../../lib/data/load-dataset.js';
import type { ImageDataset } from '../../../lib/data/types.js';
import { modelExpectations } from '../../../lib/validator/model-expectations.js';
import { StateStore } from '../../../lib/validator/state-store.js';
import {
  LocalFolderSource, RetrainJournal, childRoundRunner, deterministicPart, inProcessRoundRunner, runRound, workDeadlines,
  type DeadlinePolicy, type RoundJob, type RoundJobRunner, type RoundOptions,
} from '../../../lib/validator/round/index.js';
import { folderFiles, saveArtifacts, tempDir, writeFolder } from '../helpers/tiny-model.js';
import { alive } from '../../worker/helpers/echo-runner.js';
import { CONFIG, SUBMISSIONS } from './helpers/fixture-round.js';

const tmp = tempDir('round-deadlines');
after(() => tmp.cleanup());

async function setup() {
  const backend = await initBackend('wasm');
  const config = loadValiConfig(CONFIG);
  const dataset = await loadDataset(config.dataset);
  return { backend, config, dataset };
}

function workerFor(dataset: ImageDataset, backend: { name: string; tfName: string }, onJobStart?: (pid: number, job: RoundJob) => void) {
  return childRoundRunner({ backend: backend.name, tfBackend: backend.tfName, dataset, onJobStart });
}

function subsWith(name: string, models: string[]): string {
  const dir = join(tmp.dir, name);
  for (const m of models) cpSync(join(SUBMISSIONS, m), join(dir, m), { recursive: true });
  return dir;
}

/** A valid model of ~182M MACs (under maxMacs): evaluating 2,000 images takes minutes on wasm. */
async function writeSlowModel(dir: string): Promise<void> {
  const input = tfl.input({ shape: [28, 28, 1] });
  let x = tfl.layers.conv2d({ filters: 160, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 160, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({}).apply(x) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }).apply(x) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: out });
  writeFolder(dir, folderFiles(await saveArtifacts(model)));
  model.dispose();
  writeFileSync(join(dir, 'submission.json'), JSON.stringify({
    kind: 'naschain/submission', version: 1, uid: 9, hotkey: '5X8UdAK1HU6Fjx1tpRMERuf54Ux3rmWWmMSkRi1eijYzj7wy', block: 1009, extrinsicIndex: 1, learningRate: 0.1, repo: 'slow/model', commit: null, hash: null,
  }));
}

function optionsFor(name: string, base: Awaited<ReturnType<typeof setup>>, runner: RoundJobRunner, deadlines?: DeadlinePolicy, retrain = false): RoundOptions & { store: StateStore } {
  const state = join(tmp.dir, `${name}-state`);
  return {
    dataset: base.dataset, config: base.config, store: StateStore.open(state), journal: new RetrainJournal(state), backend: base.backend.name,
    limits: { minAllowedWeights: 1, maxWeightLimit: 1 }, runner, deadlines, retrain,
  };
}

test('a model slower than its deadline is rejected with eval-timeout; the round scores the others and leaves no worker', async () => {
  const base = await setup();
  const subs = subsWith('slow', ['honest-small', 'honest-medium']);
  await writeSlowModel(join(subs, 'a-slow-wide')); // first by name: the honest ones run after its timeout
  const runner = workerFor(base.dataset, base.backend);
  // The derived policy with tight rates: 2 s + per image and MAC; the slow model's MAC count raises its deadline to ~3.6 s.
  const deadlines = workDeadlines(base.config, base.dataset, {}, { baseMs: 2000, msPerImage: 0.5, nsPerMac: 0.001 });
  const options = optionsFor('slow', base, runner, deadlines);
  const tensors = tf.memory().numTensors;
  try {
    const r = await runRound(new LocalFolderSource(subs), options);
    assert.deepEqual(r.rows.map((x) => [x.name, x.pareto, x.reason]), [
      ['a-slow-wide', 'rejected', 'eval-timeout'], ['honest-medium', 'front', null], ['honest-small', 'front', null],
    ]);
    const slow = r.rows[0];
    assert.match(slow?.message ?? '', /a-slow-wide: evaluation ran past its deadline of 3\.\d s \(2\.0 s allowance \+ 2000 test images at 0\.5 ms\/image \+ 18\d{7} MACs x 0\.001 ns\); the worker was killed/);
    assert.equal(r.rows[2]?.accuracy, 79.15, 'the next jobs ran on a fresh worker');
    assert.deepEqual(r.weights.uids, [1, 2]);
    const again = await runRound(new LocalFolderSource(subs), options);
    assert.equal(again.timings.evaluated, 0, 'the timeout is stored: the slow model is not evaluated again');
    assert.equal(again.rows[0]?.reason, 'eval-timeout');
    assert.equal(tf.memory().numTensors, tensors);
  } finally {
    await runner.close();
    options.store.close();
  }
  assert.equal(runner.pids.length, 2, 'one fresh worker after the timeout');
  for (const pid of runner.pids) assert.equal(alive(pid), false, `worker ${pid} is gone after the round`);
});

test('a worker killed from outside mid-job rejects that job with eval-failed; the next job runs', async () => {
  const base = await setup();
  const subs = subsWith('killed', ['honest-small', 'honest-medium']);
  const killed: number[] = [];
  const runner = workerFor(base.dataset, base.backend, (pid) => {
    if (killed.length === 0) {
      killed.push(pid);
      process.kill(pid, 'SIGKILL');
    }
  });
  const options = optionsFor('killed', base, runner);
  try {
    const r = await runRound(new LocalFolderSource(subs), options);
    assert.deepEqual(r.rows.map((x) => [x.name, x.pareto, x.reason]), [['honest-medium', 'rejected', 'eval-failed'], ['honest-small', 'front', null]]);
    assert.match(r.rows[0]?.message ?? '', new RegExp(`evaluation failed \\(the worker \\(pid ${killed[0]}\\) exited with signal SIGKILL\\)`));
  } finally {
    await runner.close();
    options.store.close();
  }
  assert.equal(runner.pids.length, 2);
  for (const pid of runner.pids) assert.equal(alive(pid), false, `worker ${pid} is gone after the round`);
});

test('a retrain past its deadline is retrain-timeout, scores accuracy 0, and the retrain loop goes on; a rerun retrains nothing', async () => {
  const base = await setup();
  const subs = subsWith('retrain', ['honest-small', 'honest-medium']);
  const derived = workDeadlines(base.config, base.dataset);
  // honest-medium's retrain gets 300 ms (it needs seconds); the others the derived deadline.
  const deadlines: DeadlinePolicy = {
    evaluate: (dir) => derived.evaluate(dir),
    retrain: (dir, macs) => (dir.endsWith('honest-medium') ? { ms: 300, why: 'the spec\'s limit for this model' } : derived.retrain(dir, macs)),
  };
  const runner = workerFor(base.dataset, base.backend);
  const options = optionsFor('retrain', base, runner, deadlines, true);
  try {
    const r = await runRound(new LocalFolderSource(subs), options);
    const medium = r.rows[0], small = r.rows[1];
    assert.deepEqual([medium?.pareto, medium?.reason, medium?.scoredAccuracy], ['dropped', 'retrain-timeout', 0]);
    assert.match(medium?.message ?? '', /honest-medium: retraining ran past its deadline of 300 ms \(the spec's limit for this model\); the worker was killed/);
    assert.deepEqual([small?.pareto, small?.retrainAccuracy], ['front', small?.accuracy], 'retrained after the timeout, reproducing its accuracy');
    assert.deepEqual(r.retrains.map((x) => [x.uid, x.retrained, x.kept]), [[2, 0, false], [1, 79, true]]);
    assert.deepEqual(options.journal.read().map((l) => [l.event, l.uid]), [['retrain-start', 2], ['retrain-failed', 2], ['retrain-start', 1], ['retrain-done', 1]]);
    const again = await runRound(new LocalFolderSource(subs), options);
    assert.deepEqual(deterministicPart(again), deterministicPart(r));
    assert.equal(again.timings.retrained, 0, 'a timed-out retrain is remembered, not retried');
  } finally {
    await runner.close();
    options.store.close();
  }
  for (const pid of runner.pids) assert.equal(alive(pid), false);
});

test('a worker evaluates and retrains to the same bits as this process', async () => {
  const base = await setup();
  const config = { ...base.config, trainEpochs: 2 };
  const expect = modelExpectations(config, base.dataset);
  const dir = join(SUBMISSIONS, 'honest-small');
  const inProcess = inProcessRoundRunner(base.dataset);
  const child = workerFor(base.dataset, base.backend);
  const none = { ms: Infinity, why: 'none' };
  try {
    const results = [];
    for (const runner of [inProcess, child]) {
      const ev = await runner.run({ kind: 'evaluate', dir, expect, config }, none);
      const re = await runner.run({ kind: 'retrain', dir, expect, config, learningRate: 0.1 }, none);
      assert.ok(ev.ok && ev.value.kind === 'evaluate' && !('ok' in ev.value.result), JSON.stringify(ev));
      assert.ok(re.ok && re.value.kind === 'retrain', JSON.stringify(re));
      const { accuracy, params, macs } = ev.value.result;
      const { accuracy: retrained, trainAccuracy } = re.value.result;
      results.push({ accuracy, params, macs, retrained, trainAccuracy });
    }
    assert.deepEqual(results[1], results[0]);
    assert.equal(results[0]?.accuracy, 79.15);
  } finally {
    await inProcess.close();
    await child.close();
  }
});
