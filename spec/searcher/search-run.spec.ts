import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { valiPreset } from '../../lib/core/vali-config.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { defaultSettings } from '../../lib/searcher/defaults.js';
import { RUN_FILES, readRecords } from '../../lib/searcher/run-files.js';
import { SearchRun } from '../../lib/searcher/search-run.js';
import { seedGenomes } from '../../lib/searcher/seed-genomes.js';
import type { SearchSettings } from '../../lib/searcher/settings.js';
import type { Fidelity } from '../../lib/searcher/types.js';
import type { Genome } from '../../lib/search/genome.js';
import { hvOverTime, writeSearchReport } from '../../lib/searcher/write-report.js';
import { SyntheticEvaluator } from './synthetic-evaluator.js';
import { tempDir } from '../helpers/temp-dir.js';
import { withoutTimes } from '../../lib/searcher/record.js';

const space = loadSearchSpace('macro');

function settings(seed: number, over: Partial<SearchSettings> = {}): SearchSettings {
  const s = defaultSettings({ space, config: valiPreset('fashion-mnist'), trainImages: 1000, seed, population: 6, generations: 3, maxParams: 30_000, initial: seedGenomes(space).slice(0, 2) });
  return { ...s, promoteCount: 4, finalCount: 2, ...over };
}

const tmp = () => tempDir('naschain-search-');
let t = 0;
const clock = () => (t += 5);

async function fullRun(seed: number, over: Partial<SearchSettings> = {}) {
  const dir = join(tmp(), 'run');
  const ev = new SyntheticEvaluator();
  const out = await SearchRun.start(dir, settings(seed, over), { evaluator: ev, clock, writeReport: writeSearchReport }).run();
  return { dir, out, records: readRecords(dir), ev };
}

const strip = (rs: ReturnType<typeof readRecords>) => rs.map(withoutTimes);

/** A run (seed 6) on a clock that only evaluations move, 10 s each. */
async function tenSecondsEach(over: Partial<SearchSettings>) {
  const dir = join(tmp(), 'run');
  let now = 0;
  const ev = new SyntheticEvaluator({ onEvaluate: () => { now += 10_000; } });
  const clock = () => now;
  const out = await SearchRun.start(dir, settings(6, over), { evaluator: ev, clock, writeReport: writeSearchReport }).run();
  return { dir, out, ev, clock };
}

describe('search run', () => {
  it('same seed gives the same genomes and metrics; another seed gives other genomes', async () => {
    const a = await fullRun(1), b = await fullRun(1), c = await fullRun(2);
    assert.deepEqual(strip(a.records), strip(b.records));
    assert.deepEqual(a.out.front.map((f) => [f.hash, f.accuracy]), b.out.front.map((f) => [f.hash, f.accuracy]));
    const search = (r: typeof a) => r.records.filter((x) => x.phase === 'search').map((x) => x.hash);
    assert.notDeepEqual(search(a).slice(2), search(c).slice(2)); // the two seed genomes come first in both
    for (const r of [a, b, c]) rmSync(r.dir, { recursive: true, force: true });
  });

  it('writes candidates, state, front folders with metrics.json, front.json and a self-contained report', async () => {
    const { dir, out, records } = await fullRun(3);
    assert.equal(out.evaluations, records.length);
    assert.ok(records.some((r) => r.phase === 'search') && records.some((r) => r.phase === 'promote') && records.some((r) => r.phase === 'final'));
    for (const f of ['run', 'candidates', 'state', 'progress', 'front', 'report'] as const) assert.ok(existsSync(join(dir, RUN_FILES[f])), f);
    assert.ok(out.front.length >= 1 && out.front.length <= 2);
    for (const m of out.front) {
      const metrics = JSON.parse(readFileSync(join(m.dir, 'metrics.json'), 'utf8'));
      assert.equal(metrics.hash, m.hash);
      assert.equal(metrics.accuracyFloored, Math.floor(metrics.accuracy));
      assert.ok(metrics.paramsRounded > 0 && metrics.macsRounded > 0 && metrics.genome && metrics.learningRate === valiPreset('fashion-mnist').learningRate);
    }
    const html = readFileSync(join(dir, RUN_FILES.report), 'utf8');
    assert.match(html, /<svg/);
    assert.doesNotMatch(html, /<script|src=|href="http/);
    assert.equal((html.match(/<tr class=/g) ?? []).length, records.length);
    rmSync(dir, { recursive: true, force: true });
  });

  it('drawFeasible: NSGA-II draws again what is over the limits, so every generation is full of trainable candidates', async () => {
    const dir = join(tmp(), 'run');
    const limits = { maxParams: 8_000, maxMacs: 280_000_000, maxBytes: 5_767_168 };
    const ev = new SyntheticEvaluator();
    await SearchRun.start(dir, settings(4, { limits, initial: [], drawFeasible: true }), { evaluator: ev, clock }).run();
    const search = readRecords(dir).filter((r) => r.phase === 'search');
    assert.equal(search.length, 18);
    assert.deepEqual(search.filter((r) => r.status !== 'complete').map((r) => r.reason), [], 'none over the limits');
    // The same run without it: a third or more of the candidates are refused untrained.
    const off = join(tmp(), 'off');
    await SearchRun.start(off, settings(4, { limits, initial: [], drawFeasible: false }), { evaluator: new SyntheticEvaluator(), clock }).run();
    const refused = readRecords(off).filter((r) => r.phase === 'search' && r.status === 'infeasible').length;
    assert.ok(refused >= 6, `${refused} of 18 refused without drawFeasible`);
    rmSync(dir, { recursive: true, force: true });
    rmSync(off, { recursive: true, force: true });
  });

  it('never trains a candidate over the limits and keeps going after failures', async () => {
    const dir = join(tmp(), 'run');
    const ev = new SyntheticEvaluator({ failWhen: (g) => g.s1_block === 'dwsep' });
    // drawFeasible off (the default): genomes over the limits reach the evaluator, which must refuse them untrained.
    const out = await SearchRun.start(dir, settings(4, { limits: { maxParams: 8_000, maxMacs: 280_000_000, maxBytes: 5_767_168 } }), { evaluator: ev, clock }).run();
    const records = readRecords(dir);
    const infeasible = records.filter((r) => r.status === 'infeasible');
    assert.ok(infeasible.length > 0, 'some candidates exceed 8k params');
    for (const r of infeasible) {
      assert.ok(r.violation > 0 && /params/.test(r.reason ?? ''));
      assert.ok(!ev.calls.some((c) => c.hash === r.hash), 'an infeasible genome was trained');
    }
    const failed = records.filter((r) => r.status === 'failed');
    assert.ok(failed.length > 0 && failed.every((r) => /loss NaN/.test(r.reason ?? '')));
    assert.equal(records.filter((r) => r.phase === 'search').length, 18); // 3 generations of 6 despite failures
    assert.equal(out.failed, failed.length);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a run killed in the middle of a long training counts that time after --resume (progress saved while it trains)', async () => {
    const dir = join(tmp(), 'run');
    let now = 0;
    let release: (e: Error) => void = () => {};
    // The third training hangs: 300 s of the run's clock pass, and the session dies there without another record.
    class Hanging extends SyntheticEvaluator {
      private n = 0;
      override async evaluate(g: Parameters<SyntheticEvaluator['evaluate']>[0], f: Parameters<SyntheticEvaluator['evaluate']>[1]) {
        if (++this.n === 3) { now += 300_000; await new Promise((_ok, fail) => { release = fail; }); }
        return super.evaluate(g, f);
      }
    }
    const ac = new AbortController();
    const running = SearchRun.start(dir, settings(4, { timeBudgetMs: 3_600_000 }), { evaluator: new Hanging(), clock: () => now, saveEveryMs: 5, signal: ac.signal }).run();
    const spent = () => (JSON.parse(readFileSync(join(dir, RUN_FILES.progress), 'utf8')) as { spentMs: number }).spentMs;
    for (let i = 0; i < 200 && !(existsSync(join(dir, RUN_FILES.progress)) && spent() >= 300_000); i++) await new Promise((r) => setTimeout(r, 5));
    assert.equal(spent(), 300_000, 'the time of the training under way is saved before it ends');
    ac.abort(new Error('killed')); // the session ends at its next start
    release(new Error('lost'));
    await assert.rejects(running, /killed/);
    now = 9_000_000; // another session's clock
    const resumed = SearchRun.resume(dir, { evaluator: new SyntheticEvaluator(), clock: () => now });
    assert.equal(resumed.elapsedMs(), 300_000);
    assert.equal(resumed.timeLeftMs(), 3_300_000);
  });

  it('a run killed after N evaluations (torn last line included) and resumed ends like an uninterrupted run', async () => {
    const whole = await fullRun(5);
    for (const killAfter of [1, 7, 20]) {
      const dir = join(tmp(), 'run');
      const ac = new AbortController();
      const ev = new SyntheticEvaluator({ onEvaluate: (n) => { if (n === killAfter) ac.abort(new Error('killed')); } });
      await assert.rejects(SearchRun.start(dir, settings(5), { evaluator: ev, clock, signal: ac.signal }).run(), /killed/);
      appendFileSync(join(dir, RUN_FILES.candidates), '{"kind":"naschain/candidate","seq":'); // killed mid-write
      const resumed = await SearchRun.resume(dir, { evaluator: new SyntheticEvaluator(), clock, writeReport: writeSearchReport }).run();
      assert.deepEqual(strip(readRecords(dir)).map(({ seq: _q, ...r }) => r), strip(whole.records).map(({ seq: _q, ...r }) => r), `kill after ${killAfter}`);
      assert.deepEqual(resumed.front.map((f) => [f.hash, f.accuracy, f.params]), whole.out.front.map((f) => [f.hash, f.accuracy, f.params]));
      rmSync(dir, { recursive: true, force: true });
    }
    rmSync(whole.dir, { recursive: true, force: true });
  });

  it('each record carries the run\'s elapsed time at its commit, a killed session\'s time included after a resume; the report\'s hypervolume ends at the run\'s', async () => {
    const dir = join(tmp(), 'run');
    // Every training takes 1 s of the run's clock; a refused candidate none. The resumed session's clock starts elsewhere.
    let now = 0;
    const ac = new AbortController();
    const tick = (n: number) => { now += 1_000; if (n === 9) ac.abort(new Error('killed')); };
    await assert.rejects(SearchRun.start(dir, settings(9), { evaluator: new SyntheticEvaluator({ onEvaluate: tick }), clock: () => now, signal: ac.signal }).run(), /killed/);
    const before = readRecords(dir);
    now = 5_000_000;
    const ev = new SyntheticEvaluator({ onEvaluate: () => { now += 1_000; }, onFinalize: () => { now += 1_000; } });
    const out = await SearchRun.resume(dir, { evaluator: ev, clock: () => now }).run();
    const records = readRecords(dir);
    assert.ok(before.length >= 9 && records.length > before.length + 2);
    records.forEach((r, i) => {
      const trained = records.slice(0, i + 1).filter((x) => x.status !== 'infeasible').length;
      assert.equal(r.elapsedSeconds, trained, `record ${r.seq} (${r.phase}, ${r.status})`);
    });
    assert.ok(records.some((r) => r.status === 'infeasible'), 'a refused candidate adds no time');
    assert.equal(out.wallSeconds, records.at(-1)?.elapsedSeconds);
    const hv = hvOverTime(records, settings(9).limits);
    assert.equal(hv.clock, 'elapsed');
    assert.equal(hv.series[1]?.points.at(-1)?.[1], out.hypervolume);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a time budget stops the search at a generation boundary and still trains a final model', async () => {
    const { dir, out } = await tenSecondsEach({ generations: 50, timeBudgetMs: 400_000 });
    const search = readRecords(dir).filter((r) => r.phase === 'search');
    assert.equal(search.length % 6, 0, 'whole generations only');
    assert.ok(search.length < 50 * 6);
    assert.match(out.stopReason, /time budget/);
    assert.ok(out.front.length >= 1);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a budget that leaves no time for even one final model trains none past it, says what it needs, and a --resume with that budget trains it', async () => {
    // Each candidate (one rung: 50 images) takes 10 s: the first generation spends the whole minute, and a
    // final model (1,000 images, one epoch) is estimated at 10 s x 1000/50 x 0.6 = 120 s, past the 30 s
    // (half the budget) a first model may overrun.
    const { dir, out, ev, clock } = await tenSecondsEach({ generations: 2, timeBudgetMs: 60_000, rungs: [{ trainImages: 50, epochs: 1, batchSize: 32 }] });
    assert.deepEqual(out.front, []);
    assert.equal(ev.calls.filter((c) => c.kind === 'finalize').length, 0, 'nothing trained past the budget');
    assert.ok(clock() <= 1.05 * 60_000, `the run ended within its budget (+5%): ${clock() / 1000} s`);
    assert.match(out.stopReason, /no time left to train a model: the best survivor needs about [\d.]+ min at \d+ epochs?, the budget leaves [\d.]+/);
    const minutes = out.resumeBudgetMinutes as number;
    assert.ok(minutes >= 2, `a longer budget is suggested: ${minutes} min`);
    assert.equal(JSON.parse(readFileSync(join(dir, RUN_FILES.progress), 'utf8')).finalPlan, undefined, 'no empty plan saved: a resume plans again');
    assert.ok(readFileSync(join(dir, RUN_FILES.report), 'utf8').includes(`naschain search --resume ${dir} --time-budget ${minutes}`), 'the report names the resume too');
    // What `naschain search --resume DIR --time-budget <minutes>` does: the new budget in run.json, then resume.
    const run = JSON.parse(readFileSync(join(dir, RUN_FILES.run), 'utf8'));
    writeFileSync(join(dir, RUN_FILES.run), JSON.stringify({ ...run, timeBudgetMs: minutes * 60_000 }));
    const again = await SearchRun.resume(dir, { evaluator: ev, clock }).run();
    assert.ok(again.front.length >= 1, 'the resumed run trains a model');
    assert.equal(again.resumeBudgetMinutes, undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a run where no candidate finished says why, and saves no empty final plan (a --resume looks again)', async () => {
    const dir = join(tmp(), 'run');
    const out = await SearchRun.start(dir, settings(6, { generations: 1 }), { evaluator: new SyntheticEvaluator({ failWhen: () => true }), clock }).run();
    assert.deepEqual(out.front, []);
    assert.match(out.stopReason, /no candidate finished training \(\d+ failed; the first: training: loss NaN \(synthetic\)\)/);
    assert.equal(JSON.parse(readFileSync(join(dir, RUN_FILES.progress), 'utf8')).finalPlan, undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a first final model that ends within half the budget past its end is trained, and the run says why it overran', async () => {
    // Rung 0 (256 images) takes 10 s a candidate: the first generation spends the minute; a final model is estimated at 23 s.
    const { dir, out } = await tenSecondsEach({ generations: 2, timeBudgetMs: 60_000 });
    assert.equal(out.front.length, 1, 'one model: the second does not fit even the grace');
    assert.equal(out.resumeBudgetMinutes, undefined);
    assert.match(out.overBudget ?? '', /^the best survivor's final training \(about 0\.4 min at 1 epoch\) did not fit the 0\.0 min left; it is trained anyway/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the search phase leaves the promotions their estimated time, and a rung of promotions starts nothing once their share is spent', async () => {
    const dir = join(tmp(), 'run');
    let now = 0;
    // Rung 0 takes 1 s, a promotion 5 s: more than the estimate (rung-0 seconds per image: 2 s at rung 1, 3 s at rung 2).
    const ev = new SyntheticEvaluator({ onEvaluate: (_n, f) => { now += f.trainImages * f.epochs > 256 ? 5_000 : 1_000; } });
    const s = settings(6, { generations: 3, timeBudgetMs: 100_000, promoteCount: 12, initial: [] });
    const out = await SearchRun.start(dir, s, { evaluator: ev, clock: () => now }).run();
    const records = readRecords(dir);
    // After 2 generations (12 s), a third (6 s) plus 12 promotions at rung 1 (24 s) and 4 at rung 2 (12 s) would end at 54 s,
    // past the promotions' share (48 s), although the search's own (40 s) has room for it.
    assert.equal(records.filter((r) => r.phase === 'search').length, 12);
    assert.match(out.stopReason, /^time budget of the search phase \(the rest kept for the promotions, estimated at 0\.6 min\)/);
    // The k-th promotion starts at 12 + 5 (k - 1) s: 8 start at or before 48 s, the 9th would start at 52 s.
    assert.equal(records.filter((r) => r.phase === 'promote' && r.rung === 1).length, 8);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a rung the budget cuts short keeps what it finished: its best network leads the final plan, ahead of the rung before', async () => {
    const dir = join(tmp(), 'run');
    let now = 0;
    const s = settings(6, { generations: 3, timeBudgetMs: 100_000, initial: [], finalCount: 3 });
    const last = s.rungs[s.rungs.length - 1];
    // Each network trained at rung 2 scores higher than the one before, so its best is not rung 1's best (issue 16, seed 3).
    let atLast = 0;
    const ev = new (class extends SyntheticEvaluator {
      override async evaluate(g: Genome, f: Fidelity) {
        const top = f.trainImages === last?.trainImages;
        now += top ? 15_000 : 1_000;
        const o = await super.evaluate(g, f);
        return top ? { ...o, accuracy: 85 + atLast++ } : o;
      }
    })();
    // Rung 0 and rung 1 take 1 s, rung 2 15 s (estimated at 3 s). 3 generations (18 s), 4 promotions to rung 1 (18-22 s);
    // promotions may start until 48 s, so rung 2 trains 2 of its 3 (22-37 s, 37-52 s; the third would start at 52 s).
    await SearchRun.start(dir, s, { evaluator: ev, clock: () => now }).run();
    const records = readRecords(dir);
    const rung2 = records.filter((r) => r.phase === 'promote' && r.rung === 2);
    assert.equal(records.filter((r) => r.phase === 'promote' && r.rung === 1).length, 4);
    assert.equal(rung2.length, 2, 'rung 2 cut after two models');
    const best = [...rung2].sort((a, b) => (b.accuracy ?? 0) - (a.accuracy ?? 0))[0];
    assert.equal(best?.hash, rung2[1]?.hash, 'the second one trained is the best at rung 2');
    const plan = (JSON.parse(readFileSync(join(dir, RUN_FILES.progress), 'utf8')) as { finalPlan: string[] }).finalPlan;
    assert.equal(plan[0], best?.hash, 'the best rung-2 network is trained first');
    rmSync(dir, { recursive: true, force: true });
  });

  it('plans the final models to fit the time left and skips the rest when the first trains slower than estimated', async () => {
    const budgeted = async (finalMs: number) => {
      const dir = join(tmp(), 'run');
      let now = 0;
      const ev = new SyntheticEvaluator({ onEvaluate: () => { now += 1_000; }, onFinalize: () => { now += finalMs; } });
      const out = await SearchRun.start(dir, settings(6, { generations: 3, timeBudgetMs: 3_000_000, finalCount: 3 }), { evaluator: ev, clock: () => now }).run();
      const progress = JSON.parse(readFileSync(join(dir, RUN_FILES.progress), 'utf8')) as { finalPlan: string[]; finalEpochs: number; spentMs: number };
      const records = readRecords(dir);
      const finals = records.filter((r) => r.phase === 'final');
      rmSync(dir, { recursive: true, force: true });
      return { out, progress, finals, records };
    };
    const fast = await budgeted(1_000);
    // The 3 survivors, then the time left over goes to the other promoted networks (all of them fit here).
    const promoted = new Set(fast.records.filter((r) => r.phase === 'promote' && r.status === 'complete').map((r) => r.architecture ?? r.hash));
    assert.ok(fast.progress.finalPlan.length > 3, `the plan fills the time left: ${fast.progress.finalPlan.length} models`);
    assert.equal(new Set(fast.finals.map((r) => r.architecture ?? r.hash)).size, promoted.size, 'every promoted network once');
    const presetEpochs = valiPreset('fashion-mnist').trainEpochs;
    assert.equal(fast.progress.finalEpochs, presetEpochs, 'the preset epochs fit');
    assert.deepEqual(fast.finals.map((r) => r.hash), fast.progress.finalPlan);
    assert.ok(fast.finals.every((r) => r.epochs === presetEpochs));
    assert.match(fast.out.underBudget ?? '', /^every promoted model was trained with the final recipe$/);
    // The first final model takes 40 min: the corrected estimate of the next ones exceeds the time left.
    const slow = await budgeted(2_400_000);
    assert.deepEqual(slow.progress.finalPlan, fast.progress.finalPlan);
    assert.deepEqual(slow.finals.map((r) => r.hash), slow.progress.finalPlan.slice(0, 1));
    assert.equal(slow.out.front.length, 1);
    assert.match(slow.out.underBudget ?? '', new RegExp(`^the final phase trained what fit at ${presetEpochs} epochs; the \\d+ other promoted models were estimated at [\\d.]+ min or more$`));
  });

  it('random search (the bench baseline) runs the same pipeline reproducibly', async () => {
    const a = await fullRun(8, { sampler: 'random', initial: [] }), b = await fullRun(8, { sampler: 'random', initial: [] });
    assert.deepEqual(strip(a.records), strip(b.records));
    assert.equal(a.records.filter((r) => r.phase === 'search').length, 18);
    assert.ok(a.out.front.length >= 1);
    for (const r of [a, b]) rmSync(r.dir, { recursive: true, force: true });
  });

  it('refuses to start over an existing run', async () => {
    const { dir } = await fullRun(7);
    assert.throws(() => SearchRun.start(dir, settings(7), { evaluator: new SyntheticEvaluator(), clock }), /holds a run already; continue it with --resume/);
    rmSync(dir, { recursive: true, force: true });
  });
});
