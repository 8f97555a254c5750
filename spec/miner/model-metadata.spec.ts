// A model's dataset and learning rate come from its metrics.json or a flag,
// never from a silent default; a broken metrics.json is an error naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelDataset, modelLearningRate, readModelMetadata, writeModelMetadata } from '../../lib/miner/model-metadata.js';

const dir = mkdtempSync(join(tmpdir(), 'naschain-meta-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('without metrics.json or flags: usage errors that name the folder and the flag', () => {
  assert.throws(() => modelDataset(dir, undefined), (e: Error & { exitCode?: number }) => e.exitCode === 2 && e.message.includes(dir) && /--dataset/.test(e.message));
  assert.throws(() => modelLearningRate(dir, undefined), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /--lr NUMBER/.test(e.message));
  assert.equal(modelDataset(dir, 'cifar100'), 'cifar100');
  assert.equal(modelLearningRate(dir, '0.05'), 0.05);
  assert.equal(modelLearningRate(dir, 'none'), null);
  assert.throws(() => modelLearningRate(dir, '-1'), /--lr: got "-1", expected a positive number or "none"/);
  assert.throws(() => modelDataset(dir, 'imagenet'), /imagenet/);
});

test("search's metrics.json gives both; a flag overrides; train's writer round-trips", () => {
  // The shape lib/searcher/final-phase.ts writes.
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ kind: 'naschain/model-metrics', version: 1, dataset: 'fashion-mnist-small', space: 'macro', accuracy: 81.2, learningRate: 0.1, epochs: 3 }));
  assert.equal(modelDataset(dir, undefined), 'fashion-mnist-small');
  assert.equal(modelLearningRate(dir, undefined), 0.1);
  assert.equal(modelLearningRate(dir, '0.02'), 0.02);
  assert.equal(modelDataset(dir, 'cifar10'), 'cifar10');
  writeModelMetadata(dir, { dataset: 'cifar100', learningRate: 0.025, epochs: 50, seed: 0, accuracy: 71.5, accuracyFloored: 71, params: 1, paramsRounded: 1, macs: 2, macsRounded: 2 });
  const m = readModelMetadata(dir);
  assert.deepEqual([m.dataset, m.learningRate, m.accuracy, m.epochs], ['cifar100', 0.025, 71.5, 50]);
  assert.deepEqual(readdirSync(dir).sort(), ['metrics.json'], 'no temp file left behind');
});

test('a broken metrics.json is a CORRUPT error naming the file, never ignored', () => {
  writeFileSync(join(dir, 'metrics.json'), '{"dataset": ');
  assert.throws(() => readModelMetadata(dir), (e: Error & { code?: string }) => e.code === 'CORRUPT' && e.message.includes(join(dir, 'metrics.json')));
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ dataset: 'cifar100', learningRate: 'fast' }));
  assert.throws(() => readModelMetadata(dir), /learningRate "fast", expected a positive number/);
});
