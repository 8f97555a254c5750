import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retrainFront, type ScoreRecord } from '../../lib/score/index.js';

const cfg = { minAccuracy: 70, maxMacs: 280_000_000 };
const m = (uid: number, accuracy: number, params: number, macs: number): ScoreRecord =>
  ({ uid, hotkey: `hk${uid}`, block: 1, extrinsicIndex: uid, accuracy, params, macs });

test('retrain loop: losers leave the front, newly exposed models are retrained, nobody twice', async () => {
  const models = [m(0, 85, 200_000, 20_000_000), m(1, 80, 100_000, 20_000_000), m(2, 78, 100_000, 20_000_000), m(3, 90, 300_000, 40_000_000)];
  // Front before: 0, 1, 3 (2 is dominated by 1). Retrain: 0 -> 85 keeps, 1 -> 76 falls below 2,
  // 3 fails (0). Front then: 0, 2; 2 is unchecked -> 79 keeps. Front: 0, 2, every member checked.
  const newAcc: Record<number, number> = { 0: 85, 1: 76, 2: 79, 3: 0 };
  const calls: number[] = [];
  const out = await retrainFront(models, cfg, async (x) => { calls.push(x.uid); return newAcc[x.uid]!; });
  assert.deepEqual(calls, [0, 1, 3, 2]);
  assert.deepEqual(out.retrained.map((r) => [r.uid, r.submitted, r.retrained, r.kept]), [[0, 85, 85, true], [1, 80, 76, false], [3, 90, 0, false], [2, 78, 79, true]]);
  assert.deepEqual(out.models.map((x) => x.accuracy), [85, 76, 79, 0]);
  assert.deepEqual(out.front.map((x) => x.uid), [0, 2]);
  assert.equal(models[1]!.accuracy, 80, 'the input records are not modified');
});

test('a throwing or non-finite retrain counts as 0 and the loop goes on', async () => {
  const models = [m(0, 80, 100_000, 10_000_000), m(1, 75, 50_000, 10_000_000), m(2, 72, 50_000, 10_000_000)];
  const out = await retrainFront(models, cfg, async (x) => {
    if (x.uid === 0) throw new Error('cannot load');
    if (x.uid === 1) return NaN;
    return 72;
  });
  assert.deepEqual(out.models.map((x) => x.accuracy), [0, 0, 72]);
  assert.deepEqual(out.front.map((x) => x.uid), [2]);
});

test('results known from earlier rounds are applied without retraining', async () => {
  const models = [m(0, 80, 100_000, 10_000_000), m(1, 75, 50_000, 10_000_000)];
  const calls: number[] = [];
  const out = await retrainFront(models, cfg, async (x) => { calls.push(x.uid); return 75; }, {
    key: (x) => `${x.uid}@${x.hotkey}`,
    known: new Map([['0@hk0', 81]]),
  });
  assert.deepEqual(calls, [1]);
  assert.deepEqual(out.retrained.map((r) => [r.uid, r.retrained, r.remembered]), [[0, 81, true], [1, 75, false]]);
  assert.deepEqual(out.models.map((x) => x.accuracy), [81, 75]);
});

test('an empty front retrains nothing', async () => {
  const out = await retrainFront([m(0, 50, 1, 1)], cfg, async () => { throw new Error('must not be called'); });
  assert.deepEqual(out.retrained, []);
  assert.deepEqual(out.front, []);
});

test('concurrency: retrains of one front run at once, finishing in any order, and the outcome is that of one at a time', async () => {
  const models = [m(0, 85, 200_000, 20_000_000), m(1, 80, 100_000, 20_000_000), m(2, 78, 100_000, 20_000_000), m(3, 90, 300_000, 40_000_000)];
  const newAcc: Record<number, number> = { 0: 85, 1: 76, 2: 79, 3: 0 };
  // Later uids finish first: the front's order must still decide the records.
  const delay: Record<number, number> = { 0: 40, 1: 20, 2: 10, 3: 0 };
  let running = 0, most = 0;
  const retrain = async (x: ScoreRecord) => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, delay[x.uid]));
    running--;
    return newAcc[x.uid]!;
  };
  const one = await retrainFront(models, cfg, retrain);
  const three = await retrainFront(models, cfg, retrain, { concurrency: 3 });
  assert.equal(most, 3, 'the first front of three was retrained at once');
  assert.deepEqual(three, one);
});
