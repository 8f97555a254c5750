import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../../lib/core/rng.js';
import { isCandidate, paretoFrontOf, breakTies, scoreRound, type ScoreRecord } from '../../lib/score/index.js';

const cfg = { minAccuracy: 70, maxMacs: 280_000_000 };
let nextUid = 0;
function rec(accuracy: number, params: number, macs: number, extra: Partial<ScoreRecord> = {}): ScoreRecord {
  const uid = nextUid++;
  return { uid, hotkey: `hk${uid}`, block: 100, extrinsicIndex: 0, accuracy, params, macs, ...extra };
}

/** Upstream's find_pareto, transcribed literally (the three cases), as an independent oracle. */
function upstreamFront(ms: ScoreRecord[]): number[] {
  const out: number[] = [];
  ms.forEach((i, a) => {
    if (i.accuracy < cfg.minAccuracy || i.macs >= cfg.maxMacs) return;
    const dominated = ms.some((j, b) => b !== a && (
      (j.accuracy > i.accuracy && j.params <= i.params && j.macs <= i.macs)
      || (j.accuracy >= i.accuracy && j.params < i.params && j.macs <= i.macs)
      || (j.accuracy >= i.accuracy && j.params <= i.params && j.macs < i.macs)));
    if (!dominated) out.push(i.uid);
  });
  return out;
}

test('candidate rule: accuracy at least the minimum, MACs strictly below the maximum', () => {
  assert.equal(isCandidate({ accuracy: 70, params: 1, macs: 279_999_999 }, cfg), true);
  assert.equal(isCandidate({ accuracy: 69, params: 1, macs: 1 }, cfg), false);
  assert.equal(isCandidate({ accuracy: 90, params: 1, macs: 280_000_000 }, cfg), false);
});

test('non-candidates never reach the front; a dominated candidate leaves it', () => {
  // (A non-candidate can never dominate a candidate: it is less accurate or has more MACs,
  // so upstream's "any model, candidate or not" changes nothing; the oracle below checks it.)
  const overMacs = rec(90, 100_000, 300_000_000);
  const small = rec(80, 100_000, 270_000_000);
  assert.deepEqual(paretoFrontOf([overMacs, small], cfg).map((m) => m.uid), [small.uid]);
  const lowAcc = rec(60, 10_000, 1_000_000);
  const c = rec(75, 20_000, 2_000_000);
  const d = rec(75, 10_000, 1_000_000);
  const f = rec(70, 50_000, 5_000_000);
  assert.deepEqual(paretoFrontOf([lowAcc, c, d, f], cfg).map((m) => m.uid), [d.uid]);
  assert.deepEqual(upstreamFront([lowAcc, c, d, f]), [d.uid]);
});

test('identical models do not dominate each other: all reach the front', () => {
  const a = rec(80, 100_000, 20_000_000), b = rec(80, 100_000, 20_000_000);
  assert.deepEqual(paretoFrontOf([a, b], cfg).map((m) => m.uid), [a.uid, b.uid]);
});

test('front equals upstream literal three-case rule on random rounded populations', () => {
  const rng = makeRng(3);
  for (let t = 0; t < 50; t++) {
    const ms = Array.from({ length: 25 }, () => rec(66 + rng.int(10), (1 + rng.int(4)) * 100_000, (1 + rng.int(4)) * 90_000_000));
    assert.deepEqual(paretoFrontOf(ms, cfg).map((m) => m.uid), upstreamFront(ms));
  }
});

test('ties: lowest block wins, then lowest extrinsic index, else nobody in the group', () => {
  const a = rec(80, 100_000, 20_000_000, { block: 10, extrinsicIndex: 5 });
  const b = rec(80, 100_000, 20_000_000, { block: 9, extrinsicIndex: 7 });
  const c = rec(80, 100_000, 20_000_000, { block: 9, extrinsicIndex: 3 });
  const lone = rec(90, 200_000, 30_000_000);
  let out = breakTies([a, b, c, lone]);
  assert.deepEqual(out.rewarded.map((m) => m.uid), [c.uid, lone.uid]);
  assert.deepEqual(out.lost.map((l) => [l.model.uid, l.reason]), [[a.uid, 'later-block'], [b.uid, 'later-extrinsic']]);
  const d = rec(80, 100_000, 20_000_000, { block: 9, extrinsicIndex: 3 });
  out = breakTies([a, b, c, d, lone]);
  assert.deepEqual(out.rewarded.map((m) => m.uid), [lone.uid]);
  assert.deepEqual(out.lost.map((l) => l.reason), ['later-block', 'later-extrinsic', 'unbroken-tie', 'unbroken-tie']);
});

test('scoreRound chains front, ties and rewards', () => {
  const a = rec(80, 100_000, 20_000_000, { block: 2 });
  const b = rec(80, 100_000, 20_000_000, { block: 1 });
  const worse = rec(79, 100_000, 20_000_000);
  const r = scoreRound([a, b, worse], cfg);
  assert.deepEqual(r.front.map((m) => m.uid), [a.uid, b.uid]);
  assert.deepEqual(r.rewards.map((x) => [x.uid, x.reward]), [[b.uid, 1]]);
});
