// The searcher over a runner that evaluates several candidates at once and
// finishes them in any order (a worker pool, a queue): the same records in the
// same order as one at a time, the same front; killed mid-batch and resumed,
// no evaluation is lost or made twice (early finishers wait in finished.jsonl).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { valiPreset } from '../../lib/core/vali-config.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { defaultSettings } from '../../lib/searcher/defaults.js';
import { inProcessCandidateRunner, type CandidateRunner } from '../../lib/searcher/record.js';
import { RUN_FILES, readRecords } from '../../lib/searcher/run-files.js';
import { SearchRun } from '../../lib/searcher/search-run.js';
import { seedGenomes } from '../../lib/searcher/seed-genomes.js';
import type { SearchSettings } from '../../lib/searcher/settings.js';
import { SyntheticEvaluator } from './synthetic-evaluator.js';
import { genomeHash } from '../../lib/search/genome.js';
import { withoutTimes } from '../../lib/searcher/record.js';

const space = loadSearchSpace('macro');
const settings: SearchSettings = {
  ...defaultSettings({ space, config: valiPreset('fashion-mnist'), trainImages: 1000, seed: 5, population: 6, generations: 3, maxParams: 30_000, initial: seedGenomes(space).slice(0, 2) }),
  promoteCount: 4, finalCount: 2,
};
const clock = () => 0;
const strip = (dir: string) => readRecords(dir).map(withoutTimes);

/** Up to `capacity` at once; of each `capacity` starts the first takes longest, so later ones finish first. */
function scrambled(ev: SyntheticEvaluator, capacity: number, onStart?: () => void): CandidateRunner {
  const inner = inProcessCandidateRunner(ev, settings.limits, clock);
  let running = 0, started = 0;
  return {
    description: 'spec', enforcesDeadlines: false, capacity,
    async run(req, d) {
      onStart?.();
      running++;
      assert.ok(running <= capacity, 'never more than capacity at once');
      await new Promise((r) => setTimeout(r, 4 * (capacity - (started++ % capacity))));
      try {
        return await inner.run(req, d);
      } finally {
        running--;
      }
    },
    close: async () => {},
  };
}

describe('search over a runner of capacity N', () => {
  it('a generation starts its costliest candidates first (MACs), the records stay in ask order', async () => {
    const root = mkdtempSync(join(tmpdir(), 'naschain-par-'));
    const ev = new SyntheticEvaluator();
    const inner = inProcessCandidateRunner(ev, settings.limits, clock);
    const started: string[] = [];
    const runner: CandidateRunner = { description: 'spec', enforcesDeadlines: false, capacity: 2, run: (req, d) => { started.push(genomeHash(req.genome)); return inner.run(req, d); }, close: async () => {} };
    await SearchRun.start(join(root, 'run'), { ...settings, generations: 1 }, { evaluator: ev, runner, clock }).run();
    const gen0 = readRecords(join(root, 'run')).filter((r) => r.phase === 'search');
    const macsOf = (h: string) => ev.measure(gen0.find((r) => r.hash === h)!.genome).macs;
    const order = started.slice(0, gen0.length);
    assert.deepEqual(order.map(macsOf), order.map(macsOf).sort((a, b) => b - a), 'started costliest first');
    assert.notDeepEqual(order, gen0.map((r) => r.hash), 'the ask order (the records) is not the start order');
    rmSync(root, { recursive: true, force: true });
  });

  it('same records, order and front as one at a time', async () => {
    const root = mkdtempSync(join(tmpdir(), 'naschain-par-'));
    const one = await SearchRun.start(join(root, 'one'), settings, { evaluator: new SyntheticEvaluator(), clock }).run();
    const ev = new SyntheticEvaluator();
    const three = await SearchRun.start(join(root, 'three'), settings, { evaluator: ev, runner: scrambled(ev, 3), clock }).run();
    assert.deepEqual(strip(join(root, 'three')), strip(join(root, 'one')));
    assert.deepEqual(three.front.map((f) => [f.hash, f.accuracy]), one.front.map((f) => [f.hash, f.accuracy]));
    assert.equal(readFileSync(join(root, 'three', RUN_FILES.finished), 'utf8'), '', 'early results all placed');
    rmSync(root, { recursive: true, force: true });
  });

  it('killed mid-batch and resumed: every evaluation made once, the records of an uninterrupted run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'naschain-par-'));
    const whole = new SyntheticEvaluator();
    await SearchRun.start(join(root, 'whole'), settings, { evaluator: whole, clock }).run();
    for (const killAt of [2, 9]) {
      const dir = join(root, `killed${killAt}`);
      const ac = new AbortController();
      const ev = new SyntheticEvaluator();
      let starts = 0;
      const runner = scrambled(ev, 4, () => { if (++starts === killAt) ac.abort(new Error('killed')); });
      await assert.rejects(SearchRun.start(dir, settings, { evaluator: ev, runner, clock, signal: ac.signal }).run(), /killed/);
      const early = existsSync(join(dir, RUN_FILES.finished)) ? readFileSync(join(dir, RUN_FILES.finished), 'utf8').split('\n').filter((l) => l !== '').length : 0;
      assert.ok(early > 0, 'a result that finished before an earlier one was kept');
      const again = new SyntheticEvaluator();
      await SearchRun.resume(dir, { evaluator: again, runner: scrambled(again, 4), clock }).run();
      assert.deepEqual(strip(dir), strip(join(root, 'whole')), `kill at start ${killAt}`);
      assert.equal(ev.calls.length + again.calls.length, whole.calls.length, `kill at start ${killAt}: no evaluation twice (${early} kept in finished.jsonl)`);
    }
    rmSync(root, { recursive: true, force: true });
  });
});
