import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bestInTop, kendallTau } from '../../lib/searcher/rank-correlation.js';

describe('Kendall tau-b', () => {
  it('is 1 for the same order, -1 for the reverse, whatever the scale', () => {
    assert.equal(kendallTau([1, 2, 3, 4], [10, 20, 30, 1000]), 1);
    assert.equal(kendallTau([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  });
  it('counts discordant pairs: one swap among 4 items is (5 - 1) / 6', () => {
    assert.ok(Math.abs(kendallTau([1, 2, 3, 4], [1, 3, 2, 4]) - 4 / 6) < 1e-12);
  });
  it('corrects for ties as scipy.stats.kendalltau does (its documented example: -0.4714045...)', () => {
    assert.ok(Math.abs(kendallTau([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) - -0.47140452079103173) < 1e-12);
  });
  it('is NaN when a side is constant, and refuses unpaired input', () => {
    assert.ok(Number.isNaN(kendallTau([1, 1, 1], [1, 2, 3])));
    assert.ok(Number.isNaN(kendallTau([1], [2])));
    assert.throws(() => kendallTau([1, 2], [1]), /2 x values and 1 y values/);
  });
});

describe('best in top k', () => {
  it('says whether the reference best is among the signal top k', () => {
    const reference = [90, 92, 88, 91];
    assert.equal(bestInTop([0.5, 0.7, 0.9, 0.8], reference, 2), false, 'item 1 is third by the signal');
    assert.equal(bestInTop([0.5, 0.7, 0.9, 0.8], reference, 3), true);
    assert.equal(bestInTop([0.5, 0.9, 0.9, 0.8], reference, 1), true, 'a tie at the top counts for it');
  });
});
