// `naschain check --retrain` on the model trained on the test split: the
// seeded retrain falls below its submitted accuracy, so the leak guard would
// drop it, and against the saved round it is dominated (slow: a 3-epoch retrain).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli.js';

it('check --retrain --against: the leaky fixture is accepted, dropped by the leak guard, and dominated', () => {
  const r = runCli(['check', 'spec/fixtures/submissions/leaky-test-trained', '--dataset', 'fashion-mnist-small', '--config', 'spec/fixtures/submissions-config.json',
    '--lr', '0.02', '--retrain', '--against', 'spec/fixtures/rounds/submissions-round.json', '--uid', '4', '--backend', 'wasm', '--json'], { timeoutMs: 300_000 });
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.verdict, 'accepted');
  assert.equal(doc.metrics.accuracyFloor, 93);
  assert.equal(doc.retrain.kept, false);
  // The saved round retrained the same model with the same seed, epochs and lr: 76%.
  assert.equal(doc.retrain.accuracyFloor, 76);
  assert.equal(doc.against.status, 'dominated');
  assert.equal(doc.against.weight, 0);
});
