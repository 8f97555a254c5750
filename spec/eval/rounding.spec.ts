import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { floorAccuracy, roundMacs, roundParams } from '../../lib/eval/rounding.js';

describe('upstream rounding', () => {
  it('params to 1 significant digit', () => {
    assert.equal(roundParams(123_456), 100_000);
    assert.equal(roundParams(157_000), 200_000);
    assert.equal(roundParams(272_474), 300_000);
    assert.equal(roundParams(9), 9);
  });
  it('MACs: 1 significant digit up to 7 digits, else 2', () => {
    assert.equal(roundMacs(43_210_000), 43_000_000);
    assert.equal(roundMacs(9_999_999), 10_000_000);
    assert.equal(roundMacs(1_234_567), 1_000_000);
    assert.equal(roundMacs(12_345_678), 12_000_000);
    assert.equal(roundMacs(279_600_000), 280_000_000);
  });
  it('accuracy floored to an integer percent', () => {
    assert.equal(floorAccuracy(90.99), 90);
    assert.equal(floorAccuracy(70), 70);
  });
});
