// `naschain check` end to end through the built binary, on the validator's
// submission fixtures (spec/fixtures/submissions) with their 3-epoch config,
// and against a saved round of those same fixtures.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli } from '../helpers/cli.js';

const SUBS = 'spec/fixtures/submissions';
const CONFIG = 'spec/fixtures/submissions-config.json';
const ROUND = 'spec/fixtures/rounds/submissions-round.json';
const flags = ['--dataset', 'fashion-mnist-small', '--config', CONFIG, '--backend', 'wasm'];

describe('naschain check (CLI)', () => {
  it('honest-small with --retrain and --against its own round: accepted, candidate, kept, same weight as in the round', () => {
    const r = runCli(['check', `${SUBS}/honest-small`, ...flags, '--lr', '0.1', '--retrain', '--against', ROUND, '--uid', '1', '--json'], { timeoutMs: 180_000 });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.verdict, 'accepted');
    assert.equal(doc.rejection, null);
    assert.deepEqual([doc.metrics.accuracyFloor, doc.metrics.params, doc.metrics.paramsRounded, doc.metrics.macs, doc.metrics.macsRounded], [79, 2010, 2000, 11378, 10000]);
    assert.equal(doc.candidate, true);
    // The fixture was trained exactly as the validator retrains it: the seeded retrain reproduces it to the bit.
    assert.equal(doc.retrain.epochs, 3);
    assert.equal(doc.retrain.learningRate, 0.1);
    assert.equal(doc.retrain.accuracy, doc.metrics.accuracy);
    assert.equal(doc.retrain.kept, true);
    const round = JSON.parse(readFileSync(ROUND, 'utf8'));
    assert.equal(doc.against.status, 'front');
    assert.equal(doc.against.weight, round.weights.weights[round.weights.uids.indexOf(1)]);
  });

  it('rejected fixtures exit 1 with the reason the round gives them', () => {
    const cases: [string, string][] = [
      ['bad-lambda-layer', 'disallowed-layer'],
      ['bad-non-finite', 'non-finite-weights'],
      ['bad-shard-size', 'shard-size-mismatch'],
      ['bad-output-units', 'output-units'],
    ];
    for (const [name, reason] of cases) {
      const r = runCli(['check', `${SUBS}/${name}`, ...flags, '--json']);
      assert.equal(r.code, 1, `${name}: ${r.stderr}`);
      const doc = JSON.parse(r.stdout);
      assert.equal(doc.verdict, 'rejected', name);
      assert.equal(doc.rejection.reason, reason, name);
      assert.equal(doc.metrics, null);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
      assert.deepEqual(errors, [`error: model folder ${SUBS}/${name}: validators would reject it (${reason})`]);
    }
  });

  it('human text: exact and scored numbers; under the preset (min 80%) honest-small is scored but not a candidate', () => {
    const r = runCli(['check', `${SUBS}/honest-small`, '--dataset', 'fashion-mnist-small', '--backend', 'wasm']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^accuracy {4}79\.\d\d% \(scored as 79%\)$/m);
    assert.match(r.stdout, /^params {6}2,010 \(scored as 2,000\)$/m);
    assert.match(r.stdout, /^MACs {8}11,378 \(scored as 10,000; cap 280,000,000\)$/m);
    assert.match(r.stdout, /^verdict {5}accepted/m);
    assert.match(r.stdout, /^candidate {3}no: accuracy 79% is below minAccuracy 80%$/m);
  });

  it('usage errors exit 2 and name what is missing', () => {
    const cases: [string[], RegExp][] = [
      [['check', `${SUBS}/honest-small`, '--backend', 'wasm'], /its dataset is unknown: no metrics\.json there .*expected --dataset NAME/],
      [['check', `${SUBS}/honest-small`, ...flags, '--retrain'], /its learning rate is unknown: .*expected --lr NUMBER/],
      [['check', `${SUBS}/honest-small`, ...flags, '--against', 'chain'], /--against chain: not supported/],
      [['check', `${SUBS}/honest-small`, '--dataset', 'cifar10', '--config', CONFIG], /scores dataset fashion-mnist-small, but model folder .* is for cifar10/],
      [['check', `${SUBS}/nope`, ...flags], /model folder .*nope: no such folder; expected a folder with model\.json/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    }
  });
});
