// runOrdered: jobs start in the given order (longest first) on N lanes, yet
// commit in item order; a gate stops or skips starts; makespan is the wall time
// of the longest-first schedule that the final plan counts on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { longestFirst, makespan, runOrdered, type Gate } from '../../lib/searcher/ordered-batch.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('runOrdered', () => {
  it('starts in startOrder, commits in item order, at most `lanes` at once', async () => {
    const started: number[] = [];
    const committed: [number, string][] = [];
    let running = 0;
    let peak = 0;
    await runOrdered<string>({
      known: [undefined, 'k1', undefined, undefined, undefined],
      startOrder: [4, 0, 3, 2],
      run: async (i) => { started.push(i); running++; peak = Math.max(peak, running); await tick(5 * (5 - i)); running--; return `v${i}`; },
      commit: (i, v) => committed.push([i, v]),
    }, 2);
    assert.deepEqual(started, [4, 0, 3, 2]);
    assert.equal(peak, 2);
    assert.deepEqual(committed, [[0, 'v0'], [1, 'k1'], [2, 'v2'], [3, 'v3'], [4, 'v4']]);
  });

  it('refuses a start order that is not a permutation of the items to run', async () => {
    await assert.rejects(runOrdered({ known: [undefined, undefined], startOrder: [0, 0], run: async () => 1, commit: () => {} }, 2), /exactly once/);
    await assert.rejects(runOrdered({ known: [1, undefined], startOrder: [0, 1], run: async () => 1, commit: () => {} }, 2), /exactly once/);
  });

  it("'skip' leaves one item out; 'stop' starts nothing more, and the finished ones are still committed in order", async () => {
    const committed: number[] = [];
    const gates: Record<number, Gate> = { 1: 'skip', 3: 'stop' };
    const ran: number[] = [];
    await runOrdered<number>({
      known: [undefined, undefined, undefined, undefined, undefined],
      gate: (i) => gates[i] ?? 'start',
      run: async (i) => { ran.push(i); await tick(i === 0 ? 20 : 1); return i; },
      commit: (i) => committed.push(i),
    }, 2);
    assert.deepEqual(ran, [0, 2]);
    assert.deepEqual(committed, [0, 2]);
  });

  it('a failure stops new starts and is rethrown', async () => {
    const ran: number[] = [];
    await assert.rejects(runOrdered<number>({
      known: [undefined, undefined, undefined],
      run: async (i) => { ran.push(i); if (i === 0) throw new Error('boom'); await tick(5); return i; },
      commit: () => {},
    }, 1), /boom/);
    assert.deepEqual(ran, [0]);
  });
});

describe('longestFirst and makespan', () => {
  it('orders by cost, ties in item order', () => {
    assert.deepEqual(longestFirst([1, 5, 3, 5]), [1, 3, 2, 0]);
  });
  it('is the longest-first wall time on the lanes', () => {
    assert.equal(makespan([5, 4, 3, 3, 3], 1), 18);
    // LPT on 2 lanes: 5 | 4, then 3 -> lane 2 (7), 3 -> lane 1 (8), 3 -> lane 2 (10)
    assert.equal(makespan([5, 4, 3, 3, 3], 2), 10);
    assert.equal(makespan([50, 1, 1, 1], 2), 50);
    assert.equal(makespan([], 2), 0);
  });
});
