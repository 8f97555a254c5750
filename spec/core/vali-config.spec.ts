// The presets are the scoring contract between a miner's final training and a
// validator's retrain: a change to a recipe must be a deliberate edit here too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseValiConfig, valiPreset, VALI_PRESETS } from '../../lib/core/vali-config.js';

test('fashion-mnist trains 16 shuffled epochs with a one-pixel crop (measured in lib/core/vali-config.ts)', () => {
  const p = valiPreset('fashion-mnist');
  assert.equal(p.trainEpochs, 16);
  assert.equal(p.shuffle, true);
  assert.equal(p.schedule, 'standard');
  assert.equal(p.learningRate, 0.1);
  assert.deepEqual(p.augmentation, { cropPadding: 1, horizontalFlip: false, cutoutSize: 0 });
});

test('fashion-mnist-small is fashion-mnist at 10 epochs without the crop, nothing else changed', () => {
  const full = valiPreset('fashion-mnist');
  const small = valiPreset('fashion-mnist-small');
  assert.equal(small.trainEpochs, 10);
  assert.equal(small.augmentation.cropPadding, 0);
  assert.deepEqual(
    { ...small, dataset: full.dataset, trainEpochs: full.trainEpochs, augmentation: { ...small.augmentation, cropPadding: full.augmentation.cropPadding } },
    full,
  );
});

test("the CIFAR presets keep upstream's fixed data order and augmentation", () => {
  for (const name of ['cifar10', 'cifar100']) {
    const p = valiPreset(name);
    assert.equal(p.shuffle, false, name);
    assert.deepEqual(p.augmentation, { cropPadding: 4, horizontalFlip: true, cutoutSize: 16 }, name);
  }
});

test('valiPreset hands out a copy and names the choices for an unknown dataset', () => {
  const a = valiPreset('fashion-mnist');
  a.augmentation.cropPadding = 9;
  assert.equal(valiPreset('fashion-mnist').augmentation.cropPadding, 1);
  assert.throws(() => valiPreset('mnist'), (e: Error) => e.message.includes('mnist') && Object.keys(VALI_PRESETS).every((k) => e.message.includes(k)));
});

test('a config file that omits the augmentation takes the preset of its dataset; a bad crop is named', () => {
  const p = parseValiConfig({ dataset: 'fashion-mnist', trainEpochs: 3 }, 'cfg.json');
  assert.equal(p.trainEpochs, 3);
  assert.equal(p.augmentation.cropPadding, 1);
  assert.throws(() => parseValiConfig({ dataset: 'fashion-mnist', augmentation: { cropPadding: -1, horizontalFlip: false, cutoutSize: 0 } }, 'cfg.json'), /cfg\.json\.augmentation\.cropPadding/);
});
