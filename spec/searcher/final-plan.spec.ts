import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { budgetToTrain, finalCostMs, finalOrder, finalReserve, noSurvivorReason, planFinal, unusedTimeReason } from '../../lib/searcher/final-plan.js';
import { CANDIDATE_KIND, CANDIDATE_VERSION, type CandidateRecord } from '../../lib/searcher/types.js';

const ref = { accuracy: 0, params: 50_000, macs: 50_000_000 };

/** A rung-1 record: 1,000 images x 1 epoch in `seconds`. */
function rec(hash: string, accuracy: number, params: number, macs: number, seconds: number): CandidateRecord {
  return {
    kind: CANDIDATE_KIND, version: CANDIDATE_VERSION, seq: 0, phase: 'promote', generation: 1, rung: 1, hash, genome: {}, status: 'complete',
    trainImages: 1000, epochs: 1, accuracy, params, macs, paramsRounded: params, macsRounded: macs, violation: 0, seconds,
  };
}

// Full recipe: 10,000 images; factor 1 so that a model's cost is 10 x seconds x epochs (s).
const big = rec('big', 84, 47_000, 2_100_000, 6); // 60 s an epoch
const mid = rec('mid', 83, 40_000, 6_000_000, 9); // 90 s an epoch
const small = rec('small', 80, 5_000, 280_000, 4); // 40 s an epoch
const opts = { finalCount: 3, finalEpochs: 8, trainImages: 10_000, ref, costFactor: 1 };

describe('final plan', () => {
  it('costs a model by its seconds per image at its rung, scaled to the recipe', () => {
    assert.equal(finalCostMs(big, 10_000, 8, 1), 480_000);
    assert.equal(finalCostMs(big, 10_000, 8, 0.5), 240_000);
  });

  it('orders the most accurate first, then the survivor adding the most hypervolume (the small end)', () => {
    assert.deepEqual(finalOrder([mid, small, big], ref).map((r) => r.hash), ['big', 'small', 'mid']);
    assert.deepEqual(finalOrder([], ref), []);
  });

  it('without a budget trains finalCount models at finalEpochs', () => {
    const p = planFinal([mid, small, big], { ...opts, leftMs: Infinity });
    assert.deepEqual(p, { hashes: ['big', 'small', 'mid'], epochs: 8, estimateMs: 8 * (60 + 40 + 90) * 1000 });
    assert.deepEqual(planFinal([mid, small, big], { ...opts, finalCount: 2, leftMs: Infinity }).hashes, ['big', 'small']);
  });

  it('keeps finalEpochs and drops what does not fit, trying the later ones', () => {
    // 8 epochs: big 480 s + small 320 s = 800 s fit in 900 s; mid (720 s) does not.
    const p = planFinal([mid, small, big], { ...opts, leftMs: 900_000 });
    assert.deepEqual(p.hashes, ['big', 'small']);
    assert.equal(p.epochs, 8);
    const cheap = rec('cheap', 70, 2_000, 100_000, 0.5); // 5 s an epoch: fits after mid is dropped
    assert.deepEqual(planFinal([mid, small, big, cheap], { ...opts, finalCount: 4, leftMs: 900_000 }).hashes, ['big', 'small', 'cheap']);
  });

  it('cuts the epochs so that the first two fit, rather than train one model only', () => {
    // big + small cost 100 s an epoch: 650 s fit 6 epochs.
    const p = planFinal([mid, small, big], { ...opts, leftMs: 650_000 });
    assert.deepEqual(p, { hashes: ['big', 'small'], epochs: 6, estimateMs: 600_000 });
  });

  it('takes the first from the highest rung: a rung-1 score of 84 says less than 83 at rung 2 (a rung cut short mixes them)', () => {
    const deeper = { ...rec('deeper', 83, 30_000, 1_000_000, 2), rung: 2 };
    assert.deepEqual(finalOrder([big, deeper], ref).map((r) => r.hash), ['deeper', 'big']);
  });

  it('with time for no pair trains the most accurate alone, and with time for nothing still one epoch of it', () => {
    assert.deepEqual(planFinal([mid, small, big], { ...opts, leftMs: 90_000 }), { hashes: ['big'], epochs: 1, estimateMs: 60_000 });
    assert.deepEqual(planFinal([], { ...opts, leftMs: 1_000 }).hashes, []);
  });

  it('plans nothing when even the first at the fewest epochs would end past the time left plus the grace, and says what it needs', () => {
    assert.deepEqual(planFinal([mid, small, big], { ...opts, leftMs: 1_000 }), { hashes: [], epochs: 1, estimateMs: 0, unfit: { hash: 'big', epochs: 1, estimateMs: 60_000 } });
    assert.deepEqual(planFinal([mid, small, big], { ...opts, leftMs: 1_000, graceMs: 59_000 }), { hashes: ['big'], epochs: 1, estimateMs: 60_000, overrunMs: 59_000 }, 'within the grace: trained, the overrun told');
    assert.equal(planFinal([mid, small, big], { ...opts, leftMs: -5_000, graceMs: 60_000 }).unfit?.hash, 'big', 'already past the budget');
  });

  it('never cuts below minEpochs (upstream schedule: a 1-epoch run trains at lr 0)', () => {
    assert.deepEqual(planFinal([mid, small, big], { ...opts, leftMs: 100_000, minEpochs: 2, graceMs: 30_000 }), { hashes: ['big'], epochs: 2, estimateMs: 120_000, overrunMs: 20_000 });
    assert.deepEqual(planFinal([mid, small, big], { ...opts, leftMs: 100_000, minEpochs: 2 }).unfit, { hash: 'big', epochs: 2, estimateMs: 120_000 });
    assert.equal(planFinal([big], { ...opts, finalEpochs: 1, leftMs: 1_000, minEpochs: 2, graceMs: 60_000 }).epochs, 1, 'capped at finalEpochs');
  });

  it('with lanes, counts the wall time of the models trained side by side', () => {
    // 650 s on 2 lanes: big (60 s/epoch) and small (40 s/epoch) in parallel fit 8 epochs (480 s), mid then goes on the lane of small (320 + 720 s): too long.
    const two = planFinal([mid, small, big], { ...opts, leftMs: 650_000, lanes: 2 });
    assert.deepEqual(two, { hashes: ['big', 'small'], epochs: 8, estimateMs: 480_000 });
    // 3 lanes: all three side by side; the longest (mid, 720 s at 8 epochs) is the wall time: it fits 750 s, not 700 s.
    assert.deepEqual(planFinal([mid, small, big], { ...opts, leftMs: 750_000, lanes: 3 }), { hashes: ['big', 'small', 'mid'], epochs: 8, estimateMs: 720_000 });
    assert.deepEqual(planFinal([mid, small, big], { ...opts, leftMs: 700_000, lanes: 3 }).hashes, ['big', 'small']);
    // One lane, as before: the sum.
    assert.equal(planFinal([mid, small, big], { ...opts, leftMs: 650_000, lanes: 1 }).epochs, 6);
  });

  it('fills time the survivors leave over with reserve models that fit, never cutting the epochs, and not without a budget', () => {
    const cheap = rec('cheap', 70, 2_000, 100_000, 0.5); // 5 s an epoch
    const costly = rec('costly', 82, 20_000, 900_000, 30); // 300 s an epoch
    // 900 s, one lane: big + small (800 s at 8 epochs); mid and costly do not fit, cheap (40 s) does.
    assert.deepEqual(planFinal([mid, small, big], { ...opts, leftMs: 900_000, reserve: [costly, cheap, big] }),
      { hashes: ['big', 'small', 'cheap'], epochs: 8, estimateMs: 840_000, filled: 1 });
    // 620 s: the survivors fit at 6 epochs only (600 s); cheap at 6 epochs (30 s) does not fit beside them, and the epochs stay 6.
    assert.deepEqual(planFinal([mid, small, big], { ...opts, leftMs: 620_000, reserve: [cheap] }), { hashes: ['big', 'small'], epochs: 6, estimateMs: 600_000 });
    assert.deepEqual(planFinal([mid, small, big], { ...opts, leftMs: Infinity, reserve: [cheap] }).hashes, ['big', 'small', 'mid'], 'no budget: finalCount models only');
    // Two lanes, 1,000 s: big | small + ... ; costly (2,400 s) never fits, cheap does.
    assert.deepEqual(planFinal([small, big], { ...opts, leftMs: 1_000_000, lanes: 2, reserve: [costly, cheap] }).hashes, ['big', 'small', 'cheap']);
  });

  it('the reserve: promoted networks that are not survivors, one each, the highest rung first, then the most accurate', () => {
    const at = (r: CandidateRecord, rung: number, seq: number, over: Partial<CandidateRecord> = {}): CandidateRecord => ({ ...r, rung, generation: rung, seq, ...over });
    const records = [
      at(big, 1, 1), at(small, 1, 2), at(mid, 1, 3), at(rec('twin', 83.5, 40_000, 6_000_000, 9), 1, 4, { architecture: 'A' }),
      at(rec('same', 83.5, 40_000, 6_000_000, 9), 1, 5, { architecture: 'A' }), at(rec('lost', 60, 1_000, 1_000, 1), 1, 6, { status: 'failed' }),
      at(big, 2, 7), at(mid, 2, 8, { accuracy: 86 }), { ...at(small, 3, 9), phase: 'final' as const },
    ];
    const survivors = [at(big, 2, 7)];
    assert.deepEqual(finalReserve(records, survivors).map((r) => `${r.hash}@${r.rung}`), ['mid@2', 'twin@1', 'small@1']);
  });

  it('says why a run that trained final models leaves more than 5% of its budget unused', () => {
    const o = { budgetMs: 3_600_000, trainImages: 10_000, epochs: 8, costFactor: 1 };
    const final = { ...big, phase: 'final' as const, rung: 2 };
    const records = [big, small, final];
    assert.equal(unusedTimeReason(records, { ...o, leftMs: 180_000 }), undefined, 'within 5%');
    assert.equal(unusedTimeReason([big, small], { ...o, leftMs: 900_000 }), undefined, 'no final model: the stop reason says why');
    assert.equal(unusedTimeReason(records, { leftMs: 900_000, trainImages: 10_000, epochs: 8, costFactor: 1 }), undefined, 'no budget');
    assert.equal(unusedTimeReason(records, { ...o, leftMs: 300_000 }), 'the final phase trained what fit at 8 epochs; the one other promoted model was estimated at about 5.3 min');
    assert.equal(unusedTimeReason([...records, mid], { ...o, leftMs: 300_000 }), 'the final phase trained what fit at 8 epochs; the 2 other promoted models were estimated at 5.3 min or more');
    assert.equal(unusedTimeReason([big, final], { ...o, leftMs: 300_000 }), 'every promoted model was trained with the final recipe');
  });

  it('the budget a --resume needs: time spent plus the model, and the final share holding it, 10% to spare', () => {
    const shares = { searchShare: 0.4, promoteShare: 0.08 };
    assert.equal(budgetToTrain(10 * 60_000, 5 * 60_000, shares), Math.ceil(1.1 * 15), 'spent 10 min + 5 min of training');
    assert.equal(budgetToTrain(60_000, 10 * 60_000, shares), Math.ceil((1.1 * 10) / 0.52), 'the final share (52%) must hold 10 min');
  });

  it('why nothing reached the final phase', () => {
    const failed = { ...rec('f', 0, 1, 1, 1), status: 'failed' as const, reason: 'ran past its deadline' };
    assert.equal(noSurvivorReason([failed, { ...failed, hash: 'g' }]), 'no candidate finished training (2 failed; the first: ran past its deadline)');
    assert.equal(noSurvivorReason([{ ...failed, status: 'infeasible' as const }]), 'no candidate within the limits was trained');
    assert.equal(noSurvivorReason([big]), 'no survivor to train');
  });
});
