// No submission can stop a round: a source that throws while fetching one
// model, or hands back a folder that is not a model, costs that submission
// only. And the local source keys a record without a hash by its files' digest.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../lib/backend/select.js';
import { loadValiConfig } from '../../../lib/core/vali-config.js';
import { loadDataset } from '../../../lib/data/load-dataset.js';
import { StateStore } from '../../../lib/validator/state-store.js';
import { readSubmission } from '../../../lib/validator/submission.js';
import {
  LocalFolderSource, RetrainJournal, runRound, type AcceptedSubmission, type FetchedModel, type SourcedSubmission, type SubmissionSource,
} from '../../../lib/validator/round/index.js';
import { localModelHash } from '../../../lib/validator/round/local-folder-source.js';
import { tempDir } from '../helpers/tiny-model.js';
import { CONFIG, SUBMISSIONS } from './helpers/fixture-round.js';

const tmp = tempDir('round-robust');
after(() => tmp.cleanup());

function accepted(name: string, uid: number): AcceptedSubmission {
  const parsed = readSubmission(join(SUBMISSIONS, 'honest-small'));
  assert.ok(parsed.ok);
  return { ok: true, name, submission: { ...parsed.submission, uid }, key: { uid, commit: null, hash: `h${uid}` } };
}

/** A source as a network one could behave: one download throws, one yields junk, one works. */
class FlakySource implements SubmissionSource {
  readonly description = 'flaky test source';
  async list(): Promise<SourcedSubmission[]> {
    return [accepted('throws', 0), accepted('junk', 1), accepted('good', 2), { ok: false, name: 'refused', uid: 3, reason: 'bad-submission', message: 'no record' }];
  }
  async fetchModel(e: AcceptedSubmission): Promise<FetchedModel> {
    if (e.name === 'throws') throw new Error('connection reset\nsecond line');
    if (e.name === 'junk') return { ok: true, dir: tmp.dir };
    return { ok: true, dir: join(SUBMISSIONS, 'honest-small') };
  }
}

test('a throwing fetch and a non-model folder are rejections; the round scores the rest', async () => {
  const backend = await initBackend('wasm');
  const config = loadValiConfig(CONFIG);
  const dataset = await loadDataset(config.dataset);
  const state = join(tmp.dir, 'state');
  const store = StateStore.open(state);
  const before = tf.memory().numTensors;
  try {
    const r = await runRound(new FlakySource(), {
      dataset, config, store, journal: new RetrainJournal(state), backend: backend.name, retrain: false, limits: { minAllowedWeights: 1, maxWeightLimit: 1 },
    });
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(r.rows.map((x) => [x.name, x.pareto, x.reason]), [
      ['throws', 'rejected', 'load-failed'], ['junk', 'rejected', 'missing-model-json'], ['good', 'front', null], ['refused', 'rejected', 'bad-submission'],
    ]);
    assert.match(r.rows[0]?.message ?? '', /fetching the model threw \(connection reset\)$/);
    assert.deepEqual(r.weights, { uids: [2], weights: [65535] });
    assert.equal(r.subnetSize, 4);
    assert.equal(store.getResult({ uid: 0, commit: null, hash: 'h0' })?.rejection?.reason, 'load-failed', 'the rejection is stored');
  } finally {
    store.close();
  }
});

test('the local source keys a record without a hash by the sha256 of its model files', async () => {
  const subs = join(tmp.dir, 'subs');
  cpSync(join(SUBMISSIONS, 'honest-small'), join(subs, 'a'), { recursive: true });
  const keyOf = async () => {
    const [e] = await new LocalFolderSource(subs).list();
    assert.ok(e?.ok);
    return e.key;
  };
  const k1 = await keyOf();
  assert.match(k1.hash ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.equal((await keyOf()).hash, k1.hash, 'stable');
  const shard = join(subs, 'a', 'group1-shard1of1.bin');
  const bytes = readFileSync(shard);
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  writeFileSync(shard, bytes);
  assert.notEqual((await keyOf()).hash, k1.hash, 'other weights, other key');
  const record = JSON.parse(readFileSync(join(subs, 'a', 'submission.json'), 'utf8')) as Record<string, unknown>;
  // A declared hash must be the files' real model hash (else 'hash-mismatch', see local-folder-source.spec).
  const committed = await localModelHash(join(subs, 'a'));
  assert.ok(committed.ok);
  writeFileSync(join(subs, 'a', 'submission.json'), JSON.stringify({ ...record, hash: committed.hash }));
  assert.equal((await keyOf()).hash, committed.hash, 'a committed hash is the key');
});

test('a model at or above maxMacs is rejected before its accuracy is measured, and the round is otherwise unchanged', async () => {
  const backend = await initBackend('wasm');
  const config = { ...loadValiConfig(CONFIG), maxMacs: 15_000 };
  const dataset = await loadDataset(config.dataset);
  const subs = join(tmp.dir, 'macs');
  for (const name of ['honest-small', 'honest-medium', 'bad-lambda-layer']) cpSync(join(SUBMISSIONS, name), join(subs, name), { recursive: true });
  const state = join(tmp.dir, 'macs-state');
  const store = StateStore.open(state);
  try {
    const r = await runRound(new LocalFolderSource(subs), {
      dataset, config, store, journal: new RetrainJournal(state), backend: backend.name, retrain: false, limits: { minAllowedWeights: 1, maxWeightLimit: 1 },
    });
    assert.deepEqual(r.rows.map((x) => [x.name, x.pareto, x.reason]), [
      ['bad-lambda-layer', 'rejected', 'disallowed-layer'], ['honest-medium', 'rejected', 'macs-limit'], ['honest-small', 'front', null],
    ]);
    assert.match(r.rows[1]?.message ?? '', /22746 MACs \(scored as 20000\), expected fewer than maxMacs 15000/);
    assert.deepEqual(r.weights, { uids: [1], weights: [65535] });
  } finally {
    store.close();
  }
});
