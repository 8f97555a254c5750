// One rule for which dataset a command works on (issue 13): a model's comes
// from its metrics.json or --dataset, a validator's from its config, and
// upstream's CIFAR-100 preset is the validator's default. A config that
// scores another dataset than the model's (or --dataset's) is a usage error,
// never silently merged.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../validator/helpers/tiny-model.js';

const tmp = tempDir('dataset-defaults');
after(() => tmp.cleanup());
const CONFIG = join(repoRoot, 'spec/fixtures/submissions-config.json'); // scores fashion-mnist-small
const HONEST = join(repoRoot, 'spec/fixtures/submissions/honest-small'); // no metrics.json: --dataset (and --lr) say it

const errorLine = (stderr: string) => stderr.split('\n').find((l) => l.startsWith('error:')) ?? stderr;

test('validate: without --config or --dataset it scores with upstream\'s CIFAR-100 preset, locally and on the network alike', () => {
  const subs = join(tmp.dir, 'subs');
  mkdirSync(subs, { recursive: true });
  const r = runCli(['validate', '--local', subs, '--state', join(tmp.dir, 'state'), '--backend', 'cpu', '--data-dir', join(tmp.dir, 'no-data')]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(errorLine(r.stderr), /expected the cifar100 files/);
});

test('validate: --dataset with a --config of another dataset is refused; the config alone decides', () => {
  const r = runCli(['validate', '--local', tmp.dir, '--state', join(tmp.dir, 'state2'), '--config', CONFIG, '--dataset', 'cifar10', '--backend', 'cpu']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(errorLine(r.stderr), /^error: --config .*submissions-config\.json: scores dataset fashion-mnist-small, but --dataset is cifar10; expected a config of the same dataset$/);
});

test('train: a --config of another dataset than the model\'s metrics.json is refused', () => {
  const model = join(tmp.dir, 'model');
  mkdirSync(model, { recursive: true });
  writeFileSync(join(model, 'metrics.json'), JSON.stringify({ kind: 'naschain/model-metrics', dataset: 'cifar10', learningRate: 0.025 }));
  const r = runCli(['train', '--model', model, '--config', CONFIG, '--backend', 'cpu']);
  assert.equal(r.code, 2, r.stderr);
  assert.match(errorLine(r.stderr), /scores dataset fashion-mnist-small, but the dataset of model folder .*model \(.*metrics\.json\) is cifar10/);
  const flag = runCli(['train', '--model', HONEST, '--dataset', 'cifar10', '--config', CONFIG, '--backend', 'cpu']);
  assert.equal(flag.code, 2, flag.stderr);
  assert.match(errorLine(flag.stderr), /scores dataset fashion-mnist-small, but --dataset is cifar10/);
});

test('check and submit: a --config of another dataset than the model\'s is refused', () => {
  for (const cmd of [['check', HONEST], ['submit', HONEST, '--repo', 'a/b', '--lr', '0.025', '--dry-run']]) {
    const r = runCli([...cmd, '--dataset', 'cifar10', '--config', CONFIG, '--backend', 'cpu']);
    assert.equal(r.code, 2, `${cmd[0]}: ${r.stderr}`);
    assert.match(errorLine(r.stderr), /--config .*: scores dataset fashion-mnist-small, but model folder .* is for cifar10/, cmd[0]);
  }
});
