import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cosineLr } from '../../lib/train/schedule.js';

describe('cosineLr', () => {
  it('upstream quirk: epoch e trains at step e+1, so the last epoch is at 0', () => {
    const lrs = [0, 1, 2, 3].map((e) => cosineLr(0.025, e, 4, 'upstream'));
    assert.ok(Math.abs((lrs[0] as number) - 0.025 * 0.5 * (1 + Math.cos(Math.PI / 4))) < 1e-15);
    assert.ok(Math.abs(lrs[1]! - 0.0125) < 1e-15);
    assert.ok(Math.abs(lrs[3]!) < 1e-15);
  });
  it('standard schedule starts at the base rate', () => {
    assert.equal(cosineLr(0.1, 0, 10, 'standard'), 0.1);
    assert.ok(Math.abs(cosineLr(0.1, 5, 10, 'standard') - 0.05) < 1e-15);
  });
  it('rejects an epoch outside the run', () => {
    assert.throws(() => cosineLr(0.1, 3, 3, 'upstream'), /epoch: got 3, expected an integer in \[0, 3\)/);
  });
});
