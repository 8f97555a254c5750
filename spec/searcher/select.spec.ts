import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bestRecords, promotionPool, survivorsOfCutRung } from '../../lib/searcher/select.js';
import { CANDIDATE_KIND, CANDIDATE_VERSION, type CandidateRecord } from '../../lib/searcher/types.js';

let seq = 0;
function rec(hash: string, accuracy: number, params: number, macs: number, status: CandidateRecord['status'] = 'complete'): CandidateRecord {
  return {
    kind: CANDIDATE_KIND, version: CANDIDATE_VERSION, seq: seq++, phase: 'search', generation: 0, rung: 0, hash, genome: {}, status,
    trainImages: 100, epochs: 1, accuracy, params, macs, paramsRounded: params, macsRounded: macs, violation: 0, seconds: 1,
  };
}

// Many tiny models on the first front; the bigger ones are dominated at this rung (same accuracy, more params).
const tiny = [rec('t1', 74, 3_000, 200_000), rec('t2', 73, 2_500, 190_000), rec('t3', 72, 2_000, 180_000), rec('t4', 71, 1_500, 170_000)];
const bigger = [rec('b1', 74, 40_000, 2_000_000), rec('b2', 73, 45_000, 2_100_000), rec('b3', 72, 47_000, 6_000_000)];

describe('promotion pool', () => {
  it('takes the most accurate half even when rank and crowding alone would not', () => {
    const all = [...tiny, ...bigger];
    assert.ok(bestRecords(all, 4).every((r) => r.hash.startsWith('t')), 'rank and crowding alone: tiny models only');
    const pool = promotionPool(all, 4);
    assert.equal(pool.length, 4);
    assert.deepEqual(pool.slice(0, 2).map((r) => r.hash), ['t1', 'b1'], 'the two most accurate (74 %), the earlier first');
    assert.ok(pool.map((r) => r.accuracy).every((a, i, xs) => i === 0 || (xs[i - 1] as number) >= (a as number)), 'most accurate first');
  });

  it('skips failed records and repeats of a genome, and returns what there is when k exceeds it', () => {
    const pool = promotionPool([rec('x', 90, 1, 1, 'failed'), ...tiny, rec('t1', 99, 3_000, 200_000)], 10);
    assert.deepEqual(pool.map((r) => r.hash).sort(), ['t1', 't2', 't3', 't4']);
    assert.equal(pool.find((r) => r.hash === 't1')?.accuracy, 74, 'the first record of a genome');
    assert.deepEqual(promotionPool([], 3), []);
  });

  it('takes one record of a network that several genomes build (the first), so no slot goes to a second copy', () => {
    const same = (r: CandidateRecord, architecture: string): CandidateRecord => ({ ...r, architecture });
    const records = [same(rec('a1', 84, 36_000, 1_200_000), 'A'), same(rec('a2', 84, 36_000, 1_200_000), 'A'), same(rec('c', 83, 30_000, 900_000), 'C'), same(rec('d', 80, 9_000, 500_000), 'D')];
    assert.deepEqual(promotionPool(records, 3).map((r) => r.hash), ['a1', 'c', 'd']);
    assert.deepEqual(bestRecords(records, 3).map((r) => r.hash).sort(), ['a1', 'c', 'd']);
    assert.deepEqual(promotionPool([rec('a1', 84, 36_000, 1_200_000), rec('a2', 84, 36_000, 1_200_000)], 2).map((r) => r.hash), ['a1', 'a2'], 'records without the key count per genome, as before');
  });

  it('a rung cut short: its complete records, most accurate first, then the previous picks it did not train (not one that failed there)', () => {
    const at2 = (r: CandidateRecord, accuracy: number): CandidateRecord => ({ ...r, rung: 2, accuracy });
    const entrants = [tiny[0], bigger[0], tiny[1], bigger[1]] as CandidateRecord[];
    const done = [at2(tiny[0] as CandidateRecord, 86), at2(bigger[0] as CandidateRecord, 87.5), { ...at2(tiny[1] as CandidateRecord, 0), status: 'failed' as const }];
    assert.deepEqual(survivorsOfCutRung(done, entrants).map((r) => `${r.hash}@${r.rung}`), ['b1@2', 't1@2', 'b2@0']);
  });
});
