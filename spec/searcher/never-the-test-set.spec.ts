// "Scored on held-out training images, never the test set": the same search
// (real tfjs training, wasm) run on the data as shipped and on a copy whose
// test split is garbage (every label shifted to a wrong class, every image
// inverted) gives the same candidates, the same rung accuracies and the same
// final choice. Only the final model's reported test accuracy moves, which
// shows the poison reached the test split.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../lib/backend/select.js';
import { valiPreset } from '../../lib/core/vali-config.js';
import { loadDataset } from '../../lib/data/load-dataset.js';
import type { ImageDataset, ImageSplit } from '../../lib/data/types.js';
import { readRecords } from '../../lib/searcher/run-files.js';
import { SearchRun } from '../../lib/searcher/search-run.js';
import { TfjsEvaluator } from '../../lib/searcher/tfjs-evaluator.js';
import { tinySettings } from './tiny-search.js';
import { withoutTimes } from '../../lib/searcher/record.js';

const config = { ...valiPreset('fashion-mnist-small'), schedule: 'standard' as const };

function head(split: ImageSplit, n: number, px: number): ImageSplit {
  return { images: split.images.subarray(0, n * px), labels: split.labels.subarray(0, n), count: n };
}

async function search(data: ImageDataset) {
  const root = mkdtempSync(join(tmpdir(), 'naschain-poison-'));
  try {
    const settings = { ...tinySettings(3), generations: 1, finalEpochs: 3, rungs: [{ trainImages: 512, epochs: 1, batchSize: 32 }, { trainImages: 1024, epochs: 1, batchSize: 32 }] };
    let t = 0;
    const evaluator = new TfjsEvaluator({ space: settings.space, dataset: data, config, holdout: 256, seed: 3 });
    await SearchRun.start(join(root, 'run'), settings, { evaluator, clock: () => (t += 1) }).run();
    return readRecords(join(root, 'run')).map(withoutTimes);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('candidates are scored on held-out training images', () => {
  it('a garbage test split changes no candidate, no rung accuracy and no final choice; only the reported test accuracy', async () => {
    await initBackend('wasm');
    const full = await loadDataset('fashion-mnist-small');
    const px = full.height * full.width * full.channels;
    const data: ImageDataset = { ...full, train: head(full.train, 1536, px), test: head(full.test, 400, px) };
    const poisoned: ImageDataset = {
      ...data,
      test: { count: data.test.count, images: data.test.images.map((v) => 255 - v), labels: data.test.labels.map((l) => (l + 1) % data.numClasses) },
    };
    const clean = await search(data);
    const dirty = await search(poisoned);
    const scored = (rs: typeof clean) => rs.filter((r) => r.phase !== 'final');
    assert.ok(scored(clean).filter((r) => r.status === 'complete').length >= 4, 'candidates were trained and scored');
    assert.deepEqual(scored(dirty), scored(clean), 'the same candidates with the same rung accuracies and loss histories');
    const final = (rs: typeof clean) => rs.filter((r) => r.phase === 'final');
    assert.deepEqual(final(dirty).map((r) => r.hash), final(clean).map((r) => r.hash), 'the same final choice');
    assert.deepEqual(final(dirty).map((r) => r.losses), final(clean).map((r) => r.losses), 'trained the same');
    const [a, b] = [final(clean)[0]?.accuracy ?? 0, final(dirty)[0]?.accuracy ?? 0];
    assert.ok(a > 20 && b < a / 2, `only the test accuracy moves: ${a}% on the real test split, ${b}% on the garbage one`);
  });
});
