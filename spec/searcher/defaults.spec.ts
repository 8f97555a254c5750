// The search's final training is the validator's retrain at the preset's
// epochs; the quick default trains fewer (measured in lib/searcher/defaults.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { valiPreset } from '../../lib/core/vali-config.js';
import { defaultSettings, QUICK_DATASET, QUICK_FINAL_EPOCHS, type SearchRequest } from '../../lib/searcher/defaults.js';
import { tinySpace } from './tiny-search.js';

const req = (dataset: string, trainImages = 1000): SearchRequest => ({ space: tinySpace(), config: valiPreset(dataset), seed: 0, trainImages, initial: [] });

test("the search's final training takes the preset's epochs, and QUICK_FINAL_EPOCHS on the quick dataset", () => {
  assert.equal(QUICK_FINAL_EPOCHS, 4);
  assert.equal(defaultSettings(req(QUICK_DATASET)).finalEpochs, 4);
  assert.equal(defaultSettings(req('fashion-mnist')).finalEpochs, 16);
  assert.equal(defaultSettings({ ...req('fashion-mnist'), finalEpochs: 8 }).finalEpochs, 8);
});

test('the quick default searches 6 x 2 in 10 minutes; a full dataset 16 x 30 with no budget unless given', () => {
  const quick = defaultSettings(req(QUICK_DATASET, 3000));
  assert.deepEqual([quick.population, quick.generations, quick.timeBudgetMs], [6, 2, 600_000]);
  const full = defaultSettings(req('fashion-mnist', 60_000));
  assert.deepEqual([full.population, full.generations, full.timeBudgetMs], [16, 30, undefined]);
  assert.equal(defaultSettings({ ...req('fashion-mnist', 60_000), timeBudgetMinutes: 60 }).timeBudgetMs, 3_600_000);
});
