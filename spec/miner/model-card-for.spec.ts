import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLogger } from '../../lib/core/log.js';
import { renderModelCard } from '../../lib/hub/model-card.js';
import { modelCardFor } from '../../lib/miner/model-card-for.js';

test('the card carries the metrics.json that search wrote, and the learning rate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'naschain-card-'));
  writeFileSync(join(dir, 'metrics.json'), JSON.stringify({ kind: 'naschain/model-metrics', version: 1, accuracy: 91.25, params: 41234, macs: 9_876_543, epochs: 8, space: 'macro', genome: { a: 1 } }));
  const card = modelCardFor(dir, 'fashion-mnist', 0.05);
  assert.deepEqual(card.metrics, { accuracy: 91.25, params: 41234, macs: 9_876_543, epochs: 8 });
  assert.equal(card.searchSpace, 'macro');
  const md = renderModelCard(card);
  assert.match(md, /accuracy: 91\.25/);
  assert.match(md, /learning_rate: 0\.05/);
  rmSync(dir, { recursive: true, force: true });
});

test('no metrics.json: an empty card; a corrupt one: a warning naming the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'naschain-card-'));
  assert.deepEqual(modelCardFor(dir, 'cifar100', undefined), { license: 'mit', dataset: 'cifar100', searchSpace: 'unknown', metrics: {} });
  writeFileSync(join(dir, 'metrics.json'), '{"accuracy": 9');
  const log = memoryLogger();
  assert.deepEqual(modelCardFor(dir, 'cifar100', undefined, log).metrics, {});
  assert.ok(log.lines.some((l) => l.includes(join(dir, 'metrics.json')) && l.includes('not valid JSON')), log.lines.join('\n'));
  rmSync(dir, { recursive: true, force: true });
});
