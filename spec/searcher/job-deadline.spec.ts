// Search and promotion candidates run under a deadline at the end of the
// promotions' share of the budget (plus grace), so a runner that enforces
// deadlines kills one that would push the final training past the budget;
// final trainings run without one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { valiPreset } from '../../lib/core/vali-config.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { defaultSettings } from '../../lib/searcher/defaults.js';
import { candidateDeadline, CANDIDATE_GRACE_SHARE } from '../../lib/searcher/job-deadline.js';
import { inProcessCandidateRunner, type CandidateRunner } from '../../lib/searcher/record.js';
import { readRecords } from '../../lib/searcher/run-files.js';
import { SearchRun } from '../../lib/searcher/search-run.js';
import { seedGenomes } from '../../lib/searcher/seed-genomes.js';
import { SyntheticEvaluator } from './synthetic-evaluator.js';
import { tempDir } from '../helpers/temp-dir.js';
import { genomeHash } from '../../lib/search/genome.js';

const space = loadSearchSpace('macro');

describe('candidate deadlines', () => {
  it('end at the promotions\' share of the budget plus grace (at the budget\'s end while nothing is complete); none for final trainings or without a budget', () => {
    const s = { timeBudgetMs: 600_000, searchShare: 0.4, promoteShare: 0.08 };
    const end = (0.48 + CANDIDATE_GRACE_SHARE) * 600_000;
    assert.equal(candidateDeadline(s, 'search', 100_000, true).ms, end - 100_000);
    assert.equal(candidateDeadline(s, 'promote', 300_000, true).ms, end - 300_000);
    assert.match(candidateDeadline(s, 'search', 0, true).why, /5\.3 of 10\.0 min/);
    assert.equal(candidateDeadline(s, 'promote', 500_000, true).ms, 1_000, 'past the end: a second, never 0 or less');
    assert.equal(candidateDeadline(s, 'final', 0, true).ms, Infinity);
    assert.equal(candidateDeadline({ ...s, timeBudgetMs: undefined }, 'search', 0, true).ms, Infinity);
    assert.equal(candidateDeadline(s, 'search', 100_000, false).ms, 600_000 - 100_000, 'nothing complete yet: the end of the whole budget');
    assert.match(candidateDeadline(s, 'search', 100_000, false).why, /end of the time budget \(10\.0 min\): no candidate has finished/);
    assert.equal(candidateDeadline(s, 'search', 700_000, false).ms, 1_000);
  });

  it('a run over a deadline-enforcing runner: a candidate that would outlive its deadline is killed and recorded failed, and the run goes on', async () => {
    const dir = join(tempDir('naschain-deadline-'), 'run');
    let now = 0;
    const ev = new SyntheticEvaluator();
    const inner = inProcessCandidateRunner(ev, { maxParams: 30_000, maxMacs: 1e12, maxBytes: 1e9 }, () => now);
    const slow = new Set<string>();
    const seen: { phase: 'final' | 'other'; ms: number }[] = [];
    let trained = 0;
    // Each training takes 10 s of the run's clock; the second trained search candidate "would take" an hour: killed at its deadline.
    const runner: CandidateRunner = {
      description: 'spec, deadlines enforced', enforcesDeadlines: true, capacity: 1, close: async () => {},
      run: async (req, deadline) => {
        seen.push({ phase: req.saveTo !== undefined ? 'final' : 'other', ms: deadline.ms });
        const h = genomeHash(req.genome);
        if (slow.size === 0 && req.saveTo === undefined && req.fidelity.trainImages < 1000 && ++trained === 2) slow.add(h);
        if (slow.has(h) && req.saveTo === undefined) {
          now += deadline.ms;
          return { ok: false, kind: 'timeout', deadline, ms: deadline.ms, message: `killed at its deadline (${deadline.why})` };
        }
        now += 10_000;
        return inner.run(req, deadline);
      },
    };
    const settings = { ...defaultSettings({ space, config: valiPreset('fashion-mnist'), trainImages: 1000, seed: 2, population: 6, generations: 3, maxParams: 30_000, timeBudgetMinutes: 60, initial: seedGenomes(space).slice(0, 2) }), promoteCount: 4, finalCount: 2 };
    const out = await SearchRun.start(dir, settings, { evaluator: ev, runner, clock: () => now }).run();
    const records = readRecords(dir);
    const killed = records.filter((r) => r.reason?.includes('killed at its deadline'));
    assert.equal(killed.length, 1);
    assert.equal(killed[0]?.status, 'failed');
    assert.match(killed[0]?.reason ?? '', /share of the time budget/);
    assert.ok(out.front.length > 0, 'the run still trains its final models');
    assert.equal(seen[0]?.ms, 3_600_000, 'the first candidate, nothing complete yet: the end of the whole budget');
    assert.ok(seen.filter((s) => s.phase === 'other').every((s) => Number.isFinite(s.ms) && s.ms > 0));
    assert.ok((seen[2]?.ms ?? Infinity) <= (0.48 + 0.05) * 3_600_000, 'once one is complete: the promotions\' end');
    assert.ok(seen.some((s) => s.phase === 'final') && seen.filter((s) => s.phase === 'final').every((s) => s.ms === Infinity));
  });
});
