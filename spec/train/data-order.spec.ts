import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { batchesOf, epochOrder } from '../../lib/train/data-order.js';

describe('epoch order and batches', () => {
  it('upstream quirk: without shuffle every epoch is 0..n-1', () => {
    assert.deepEqual(Array.from(epochOrder(5, 3, false, 0)), [0, 1, 2, 3, 4]);
  });
  it('with shuffle: a seeded permutation that changes per epoch and per seed', () => {
    const a = Array.from(epochOrder(50, 0, true, 7));
    assert.deepEqual(a, Array.from(epochOrder(50, 0, true, 7)));
    assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i));
    assert.notDeepEqual(a, Array.from(epochOrder(50, 1, true, 7)));
    assert.notDeepEqual(a, Array.from(epochOrder(50, 0, true, 8)));
  });
  it('keeps the last partial batch (drop_last=False)', () => {
    assert.deepEqual(batchesOf(epochOrder(10, 0, false, 0), 4).map((b) => Array.from(b)), [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });
});
