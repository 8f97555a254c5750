// The searcher end to end with real tfjs training (wasm) on a slice of the
// embedded data, in the tiny space (spec/searcher/tiny-search.ts) where every
// genome trains in a second and learns: the same seed gives the same genomes,
// the same metrics and loss histories and byte-identical saved final weights;
// another seed gives other genomes and other weights (a genome both seeds
// keep gets the same final weights: the recipe's seed, not the search's,
// initialises the final training, as validators retrain it).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../lib/backend/select.js';
import { valiPreset } from '../../lib/core/vali-config.js';
import { loadDataset } from '../../lib/data/load-dataset.js';
import type { ImageDataset, ImageSplit } from '../../lib/data/types.js';
import { RUN_FILES, readRecords } from '../../lib/searcher/run-files.js';
import { SearchRun } from '../../lib/searcher/search-run.js';
import { TfjsEvaluator } from '../../lib/searcher/tfjs-evaluator.js';
import { tinySettings } from './tiny-search.js';
import { withoutTimes } from '../../lib/searcher/record.js';

// The standard cosine schedule: upstream's trains the last epoch at lr 0.
const config = { ...valiPreset('fashion-mnist-small'), schedule: 'standard' as const };
/** Ten classes: chance is 10%; a model that learned is well above. */
const LEARNED = 20;

function head(split: ImageSplit, n: number, px: number): ImageSplit {
  return { images: split.images.subarray(0, n * px), labels: split.labels.subarray(0, n), count: n };
}

/** sha256 of every file of every saved front model. */
function weightHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const models = join(dir, RUN_FILES.models);
  for (const m of readdirSync(models)) {
    for (const f of readdirSync(join(models, m))) out[`${m}/${f}`] = createHash('sha256').update(readFileSync(join(models, m, f))).digest('hex');
  }
  return out;
}

async function run(seed: number, data: ImageDataset) {
  const root = mkdtempSync(join(tmpdir(), 'naschain-repro-'));
  const dir = join(root, 'run');
  const settings = { ...tinySettings(seed), generations: 1, rungs: [{ trainImages: 1024, epochs: 1, batchSize: 32 }], finalCount: 2, finalEpochs: 2 };
  let t = 0;
  const evaluator = new TfjsEvaluator({ space: settings.space, dataset: data, config, holdout: 256, seed });
  const out = await SearchRun.start(dir, settings, { evaluator, clock: () => (t += 1) }).run();
  const records = readRecords(dir).map(withoutTimes);
  const weights = weightHashes(dir);
  rmSync(root, { recursive: true, force: true });
  return { records, weights, front: out.front.map((f) => [f.hash, f.accuracy, f.params, f.macs]) };
}

describe('search with real training (wasm)', () => {
  it('same seed: same genomes, metrics, loss histories and saved weights, bit for bit; another seed: other genomes and weights', async () => {
    await initBackend('wasm');
    const full = await loadDataset('fashion-mnist-small');
    const px = full.height * full.width * full.channels;
    const data: ImageDataset = { ...full, train: head(full.train, 2048, px), test: head(full.test, 500, px) };
    const before = tf.memory().numTensors;
    const a = await run(7, data);
    const b = await run(7, data);
    const c = await run(8, data);

    const finals = a.records.filter((r) => r.phase === 'final' && r.status === 'complete');
    assert.equal(finals.length, 2, `two final models: ${JSON.stringify(a.records.map((r) => [r.phase, r.status, r.reason]))}`);
    for (const r of finals) assert.ok((r.accuracy ?? 0) > LEARNED, `final ${r.hash.slice(0, 8)} learned: ${r.accuracy}% test accuracy`);
    assert.ok(a.records.filter((r) => r.phase === 'search' && (r.accuracy ?? 0) > LEARNED).length >= 2, 'at least two rung-0 candidates learned');
    assert.ok(a.records.filter((r) => r.status !== 'failed').every((r) => /^[0-9a-f]{64}$/.test(r.architecture ?? '')), 'every measured record carries its architecture key');
    assert.equal(new Set(finals.map((r) => r.architecture)).size, finals.length, 'the final models are different networks');
    for (const r of finals) {
      const losses = r.losses ?? [];
      assert.equal(losses.length, 2, 'one loss per epoch');
      assert.ok(losses.every(Number.isFinite) && (losses[1] as number) < (losses[0] as number), `the loss fell: ${losses}`);
    }
    assert.equal(Object.keys(a.weights).length, 6, 'model.json, a weight shard and metrics.json per final model');

    assert.deepEqual(a.records, b.records, 'records (accuracies, loss histories) bit for bit');
    assert.deepEqual(a.front, b.front);
    assert.deepEqual(a.weights, b.weights, 'saved weights byte for byte');

    const genomes = (r: typeof a) => r.records.filter((x) => x.phase === 'search').map((x) => x.hash);
    assert.notDeepEqual(genomes(a), genomes(c));
    // A final model's weights follow its genome and the recipe's seed (config.seed, as validators retrain), not the search seed.
    // Weight shard hash by final genome (folder NN-<hash12>/).
    const shards = (r: typeof a) => new Map(Object.entries(r.weights).filter(([f]) => f.endsWith('.bin')).map(([f, h]): [string, string] => [(f.split('/')[0] ?? '').slice(3), h]));
    const [sa, sc] = [shards(a), shards(c)];
    assert.ok([...sc.keys()].some((g) => !sa.has(g)), 'another seed trains another final genome');
    for (const [g, h] of sc) if (sa.has(g)) assert.equal(h, sa.get(g), `final ${g}: same genome and recipe seed, same weights`);
    assert.notDeepEqual([...sc.values()].sort(), [...sa.values()].sort(), 'another seed saves other weights');
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  });
});
