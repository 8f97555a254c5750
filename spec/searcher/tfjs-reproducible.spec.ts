// The searcher end to end with real tfjs training (wasm) on a slice of the
// embedded data: the same seed gives the same genomes and bit-identical
// metrics, another seed gives other genomes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../lib/backend/select.js';
import { valiPreset } from '../../lib/core/vali-config.js';
import { loadDataset } from '../../lib/data/load-dataset.js';
import type { ImageDataset, ImageSplit } from '../../lib/data/types.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { defaultSettings } from '../../lib/searcher/defaults.js';
import { readRecords } from '../../lib/searcher/run-files.js';
import { SearchRun } from '../../lib/searcher/search-run.js';
import { TfjsEvaluator } from '../../lib/searcher/tfjs-evaluator.js';
import { seedGenomes } from '../../lib/searcher/seed-genomes.js';
import type { Genome } from '../../lib/search/genome.js';

const space = loadSearchSpace('macro');
// The tiny hand-made genome trains in seconds; the random ones mostly fall over the limits (rejected untrained).
const seeds = seedGenomes(space);
const config = { ...valiPreset('fashion-mnist-small'), trainEpochs: 1 };

function head(split: ImageSplit, n: number, px: number): ImageSplit {
  return { images: split.images.subarray(0, n * px), labels: split.labels.subarray(0, n), count: n };
}

async function run(seed: number, data: ImageDataset) {
  const dir = join(mkdtempSync(join(tmpdir(), 'naschain-repro-')), 'run');
  const s = defaultSettings({ space, config, trainImages: data.train.count, seed, population: 4, generations: 1, maxParams: 60_000, finalEpochs: 1, initial: [seeds[3] as Genome] });
  const settings = { ...s, rungs: [{ trainImages: 256, epochs: 1, batchSize: 32 }], promoteCount: 1, finalCount: 1 };
  let t = 0;
  const evaluator = new TfjsEvaluator({ space, dataset: data, config, holdout: 128, seed });
  const out = await SearchRun.start(dir, settings, { evaluator, clock: () => (t += 1) }).run();
  const records = readRecords(dir).map(({ seconds: _s, ...r }) => r);
  rmSync(dir, { recursive: true, force: true });
  return { records, front: out.front.map((f) => [f.hash, f.accuracy, f.params, f.macs]) };
}

describe('search with real training (wasm)', () => {
  it('same seed: same genomes and metrics, bit for bit; another seed: other genomes', async () => {
    await initBackend('wasm');
    const full = await loadDataset('fashion-mnist-small');
    const px = full.height * full.width * full.channels;
    const data: ImageDataset = { ...full, train: head(full.train, 640, px), test: head(full.test, 256, px) };
    const before = tf.memory().numTensors;
    const a = await run(7, data);
    const b = await run(7, data);
    const c = await run(8, data);
    assert.ok(a.records.some((r) => r.status === 'complete' && r.phase === 'final'), `a final model was trained: ${JSON.stringify(a.records.map((r) => [r.phase, r.status, r.reason]))}`);
    assert.deepEqual(a.records, b.records);
    assert.deepEqual(a.front, b.front);
    const genomes = (r: typeof a) => r.records.filter((x) => x.phase === 'search').map((x) => x.hash);
    assert.notDeepEqual(genomes(a), genomes(c));
    assert.equal(tf.memory().numTensors, before, 'no tensor leaked');
  });
});
