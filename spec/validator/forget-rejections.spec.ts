// StateStore.forgetRejections: what the service calls before each round so a
// transient failure is tried again while a lasting rejection stays. An
// unevaluated row is deleted (fetched and evaluated afresh); an evaluated one
// keeps its evaluation and loses only the rejection (its retrain is redone).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { StateStore, type EvaluationMetrics, type ResultKey } from '../../lib/validator/state-store.js';
import { TRANSIENT_REASONS } from '../../lib/validator/reject-reasons.js';
import { tempDir } from './helpers/tiny-model.js';

const tmp = tempDir('forget');
after(() => tmp.cleanup());
const k = (uid: number): ResultKey => ({ uid, commit: 'c'.repeat(40), hash: `h${uid}` });
const metrics: EvaluationMetrics = { accuracy: 80.5, accuracyFloor: 80, params: 2010, paramsRounded: 2000, macs: 9016, macsRounded: 9000, evalMs: 5, backend: 'wasm' };

test('transient rejections are forgotten (retried next round), lasting ones and clean results stay, across a reopen', () => {
  const dir = join(tmp.dir, 's');
  const s = StateStore.open(dir);
  s.putRejection(k(1), 'fetch-failed', 'uid 1: listing failed (503)');
  s.putEvaluation(k(2), metrics);
  s.putRejection(k(2), 'retrain-failed', 'uid 2: retraining failed (out of memory)');
  s.putRejection(k(3), 'hash-mismatch', 'uid 3: hash differs');
  s.putEvaluation(k(4), metrics);
  s.putRetrain(k(4), { accuracy: 80.5, accuracyFloor: 80, trainAccuracy: 81, retrainMs: 10, backend: 'wasm' });
  s.putRejection(k(5), 'eval-failed', 'uid 5: measuring it threw');
  s.close();

  const again = StateStore.open(dir);
  try {
    const forgotten = again.forgetRejections(TRANSIENT_REASONS);
    assert.deepEqual(forgotten.map((x) => x.uid), [1, 2, 5]);
    assert.equal(again.getResult(k(1)), null, 'an unevaluated transient failure is fetched afresh');
    assert.equal(again.getResult(k(5)), null);
    const two = again.getResult(k(2));
    assert.deepEqual([two?.evaluation, two?.retrain, two?.rejection], [metrics, null, null], 'the evaluation stays; the retrain is redone');
    assert.equal(again.getResult(k(3))?.rejection?.reason, 'hash-mismatch');
    assert.equal(again.getResult(k(4))?.retrain?.accuracyFloor, 80);
    assert.deepEqual(again.forgetRejections(TRANSIENT_REASONS), [], 'nothing left to forget');
    assert.throws(() => again.forgetRejections(['nope' as never]), /rejection reason: got "nope"/);
  } finally {
    again.close();
  }
});
