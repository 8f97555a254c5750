import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { promotionEstimateMs } from '../../lib/searcher/promotion-estimate.js';
import { CANDIDATE_KIND, CANDIDATE_VERSION, type CandidateRecord } from '../../lib/searcher/types.js';

/** A rung-0 record: 1,000 images x 1 epoch in `seconds`. */
function rec(hash: string, accuracy: number, params: number, seconds: number, over: Partial<CandidateRecord> = {}): CandidateRecord {
  return {
    kind: CANDIDATE_KIND, version: CANDIDATE_VERSION, seq: 0, phase: 'search', generation: 0, rung: 0, hash, genome: {}, status: 'complete',
    trainImages: 1000, epochs: 1, accuracy, params, macs: params * 30, paramsRounded: params, macsRounded: params * 30, violation: 0, seconds, ...over,
  };
}

const rungs = [{ trainImages: 1000, epochs: 1, batchSize: 32 }, { trainImages: 2000, epochs: 2, batchSize: 32 }, { trainImages: 5000, epochs: 2, batchSize: 32 }];
const s = { rungs, promoteCount: 4, finalCount: 2, eta: 3 };

describe('promotion estimate', () => {
  it('scales each pick\'s rung-0 seconds per image to every rung, the most accurate going on, on the lanes', () => {
    const records = [rec('a', 80, 9_000, 2), rec('b', 79, 8_000, 1), rec('c', 78, 7_000, 3), rec('d', 77, 1_000, 1)];
    // Rung 1 (4x the images): a 8 s, b 4 s, c 12 s, d 4 s; rung 2 (10x): the 2 most accurate, a 20 s and b 10 s.
    assert.equal(promotionEstimateMs(records, s, 1), (8 + 4 + 12 + 4 + 20 + 10) * 1000);
    // Two lanes, longest first: c 12 s on one, a 8 s + b 4 s on the other, then d on either: 16 s; rung 2: 20 s.
    assert.equal(promotionEstimateMs(records, s, 2), (16 + 20) * 1000);
    // finalCount 3 holds rung 2 at 3 networks (not ceil(4 / 3) = 2): a 20 s, b 10 s, c 30 s.
    assert.equal(promotionEstimateMs(records, { ...s, finalCount: 3 }, 1), (8 + 4 + 12 + 4 + 20 + 10 + 30) * 1000);
  });

  it('counts only complete rung-0 records of the search, and nothing without records or a rung to promote to', () => {
    const records = [rec('a', 80, 9_000, 2), rec('x', 90, 9_000, 50, { status: 'failed' }), rec('y', 95, 9_000, 50, { phase: 'promote', rung: 1 })];
    assert.equal(promotionEstimateMs(records, s, 1), (8 + 20) * 1000);
    assert.equal(promotionEstimateMs([], s, 1), 0);
    assert.equal(promotionEstimateMs(records, { ...s, rungs: rungs.slice(0, 1) }, 1), 0);
  });
});
