// `naschain train` and `naschain eval` end to end through the built binary.
import { describe, it, before, after } from 'node:test';
import { valiPreset } from '../../lib/core/vali-config.js';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const resnet20 = 'spec/fixtures/models/resnet20';


describe('naschain train / eval (CLI)', () => {
  let root: string;
  before(() => { root = mkdtempSync(join(tmpdir(), 'naschain-cli-train-')); });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('train: reference CNN, 1 epoch on a subset of the embedded data, --json, --out; then eval of the saved model', () => {
    const out = join(root, 'trained');
    const r = runCli(['train', '--epochs', '1', '--subset', '64', '--batch-size', '32', '--schedule', 'standard', '--backend', 'wasm', '--json', '--out', out], { timeoutMs: 180_000 });
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.backend.name, 'wasm');
    assert.equal(doc.dataset, 'fashion-mnist-small');
    assert.equal(doc.model, 'reference-cnn');
    assert.equal(doc.trainImages, 64);
    assert.equal(doc.epochs.length, 1);
    assert.equal(doc.epochs[0].lr, valiPreset('fashion-mnist-small').learningRate); // the preset's lr, epoch 0 of the standard schedule
    assert.ok(doc.epochs[0].imagesPerSec > 0);
    assert.ok(doc.accuracy >= 0 && doc.accuracy <= 100);
    assert.equal(doc.accuracyFloored, Math.floor(doc.accuracy));
    assert.equal(doc.params, 121_642);
    assert.equal(doc.paramsRounded, 100_000);
    assert.equal(doc.macs, 21_202_282);
    assert.equal(doc.macsWeightOnly, 20_999_616);
    assert.equal(doc.macsRounded, 21_000_000);
    assert.equal(doc.config.seed, 0);
    assert.ok(existsSync(join(out, 'model.json')) && existsSync(join(out, 'group1-shard1of1.bin')));
    // metrics.json beside the model: what check, submit and eval read instead of a default.
    const meta = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    assert.deepEqual([meta.kind, meta.dataset, meta.learningRate, meta.epochs, meta.accuracy], ['naschain/model-metrics', 'fashion-mnist-small', doc.epochs[0].lr, 1, doc.accuracy]);

    // No --dataset: eval takes it from metrics.json.
    const e = runCli(['eval', out, '--backend', 'wasm', '--json'], { timeoutMs: 120_000 });
    assert.equal(e.code, 0, e.stderr);
    const ev = JSON.parse(e.stdout);
    // Same weights, same test split, same normalisation: the same accuracy as at the end of training.
    assert.equal(ev.accuracy, doc.accuracy);
    assert.equal(ev.testImages, 2000);
    assert.equal(ev.macs, doc.macs);
  });

  it('eval --metrics-only on the ResNet-20 fixture: human text with exact and rounded values', () => {
    const r = runCli(['eval', resnet20, '--metrics-only', '--backend', 'cpu']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^params: 272,474 \(scored as 300,000; [\d,]+ BN statistics not counted\)$/m);
    assert.match(r.stdout, /^MACs: 41,292,682 \(scored as 41,000,000\) for one 32x32x3 image$/m);
    assert.match(r.stderr, /^backend: cpu/m);
  });

  it('errors are one line with the right exit code', () => {
    const cases: [string[], number, RegExp][] = [
      [['train', '--dataset', 'nope', '--backend', 'cpu'], 2, /^error: unknown dataset "nope": expected one of fashion-mnist-small, /],
      [['train', '--backend', 'quantum'], 2, /^error: --backend: got "quantum", expected one of auto, /],
      [['train', '--epochs', '0', '--backend', 'cpu'], 2, /^error: --epochs: got 0, expected an integer 1\.\.10000 \(see naschain train --help\)$/],
      [['train', '--model', join(root, 'missing'), '--backend', 'cpu'], 2, /^error: --model .*missing: no such folder; expected a model folder/],
      [['eval', join(root, 'missing'), '--backend', 'cpu'], 2, /^error: model folder .*missing: no such folder; expected a folder with model\.json/],
      [['eval', join(root, 'notamodel'), '--backend', 'cpu'], 1, /^error: model folder .*notamodel: model\.json: modelTopology is undefined, expected a layers topology \{class_name, config\} \[not-layers-model\]$/],
      [['eval', resnet20, '--backend', 'cpu', '--dataset', 'fashion-mnist-small'], 1, /^error: model spec\/fixtures\/models\/resnet20: input shape \[32,32,3\] does not fit images of \[28,28,1\]$/],
      [['eval', resnet20, '--backend', 'cpu'], 2, /^error: model folder spec\/fixtures\/models\/resnet20: its dataset is unknown: no metrics\.json there .* expected --dataset NAME \(see naschain (eval|train) --help\)$/],
      [['train', '--model', resnet20, '--backend', 'cpu'], 2, /^error: model folder spec\/fixtures\/models\/resnet20: its dataset is unknown: .* expected --dataset NAME \(see naschain (eval|train) --help\)$/],
      [['train', '--config', join(root, 'missing.json'), '--backend', 'cpu'], 2, /^error: --config .*missing\.json: no such file; expected a validation config JSON file/],
    ];
    mkdirSync(join(root, 'notamodel'), { recursive: true });
    writeFileSync(join(root, 'notamodel', 'model.json'), JSON.stringify({ hello: 'world' }));
    for (const [args, code, message] of cases) {
      const r = runCli(args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
      assert.equal(errors.length, 1, r.stderr);
      assert.match(errors[0]!, message);
      assert.equal(r.stdout, '');
    }
  });
});
