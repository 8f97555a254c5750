// One search run, start to finish, in a run folder that survives kills:
//   1. search:  NSGA-II (lib/search; search-phase.ts) over the space; every candidate is built,
//               measured, rejected on the limits or trained at rungs[0].
//   2. promote: successive halving; promoteCount of rung 0 (the most accurate
//               half, then by rank and crowding: select.ts promotionPool) are
//               trained at rungs[1], 1/eta of those at rungs[2], ...
//   3. final:   the survivors the time left fits (final-decision.ts, final-plan.ts:
//               at most finalCount, the most accurate first, the epochs cut
//               below finalEpochs when even two will not fit; time left over
//               goes to other promoted models that fit) are trained with
//               the exact validation recipe and saved as model folders with
//               metrics.json; front.json and report.html are written.
// Evaluations run through a CandidateRunner (default: in this process, one at a
// time; `--workers N`: a pool of worker processes; `--redis`: a queue), a
// batch at a time (a generation, a rung, the final plan) with up to
// runner.capacity at once; a generation starts its costliest candidates first
// (by MACs), so that it does not end with one worker busy and the rest idle. Records are appended to candidates.jsonl
// (fsync) in the batch's order, each as soon as every earlier one is done, so
// the file and the tell order are those of a one-at-a-time run; a result that
// finishes early is kept in finished.jsonl meanwhile. The NSGA-II state is
// replaced atomically after each generation's tells. Resume replays the same
// decisions: a record already in candidates.jsonl or finished.jsonl is
// reused, never re-evaluated.
// Determinism: with generation/evaluation limits a run, killed and resumed or
// not, evaluates the same genomes in the same order. A time budget is only
// looked at between generations, before each promotion or final training
// starts (in the rung's or the plan's order) and when planning the final
// training, so it decides how far a run gets, never what it evaluates next;
// the time spent is saved in progress.json and counts after a resume.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Clock } from '../search/nsga2.js';
import { genomeHash, type Genome } from '../search/genome.js';
import { dominates } from '../pareto/dominance.js';
import { runFinalPhase, type FrontMember } from './final-phase.js';
import { runSearchPhase, type SearchPhaseHost } from './search-phase.js';
import { runEnd, type RunEnd } from './submit-pick.js';
import { inProcessCandidateRunner, resultOfOutcome, toRecord, type CandidateResult, type CandidateRunner } from './record.js';
import { longestFirst, runOrdered, type Gate } from './ordered-batch.js';
import { RUN_FILES, appendFinished, appendRecord, readFinished, readJson, readRecords, writeFileAtomic, writeJsonAtomic } from './run-files.js';
import { candidateDeadline } from './job-deadline.js';
import { bestRecords, nextRungSize, objectivesOf, promotionPool, scoredPointOf, survivorsOfCutRung } from './select.js';
import { checkSettings, type SearchSettings } from './settings.js';
import type { CandidateRecord, Evaluator, Fidelity, Measured, Phase } from './types.js';
import { hvReference, normalisedHypervolume, type HvReference } from './hypervolume.js';
import { DEFAULT_FINAL_COST_FACTOR, WORKER_FINAL_COST_FACTOR, unusedTimeReason } from './final-plan.js';
import { decideFinal, type FinalDecisionHost } from './final-decision.js';
import { constraintViolation } from './constraints.js';
import { promotionEstimateMs } from './promotion-estimate.js';
import type { ProgressSnapshot } from './progress-view.js';

export interface SearchDeps {
  /** Sizes for planning (trainImages, minFinalEpochs); evaluates candidates too unless a runner is given. */
  evaluator: Evaluator;
  /** Where candidates are evaluated (a worker pool, a queue); default: the evaluator, in this process. Not closed by the run. */
  runner?: CandidateRunner;
  clock: Clock;
  log?: Logger;
  onProgress?: (p: ProgressSnapshot) => void;
  /** Checked before each evaluation; aborting stops the run there (specs use it to simulate a kill). */
  signal?: AbortSignal;
  /**
   * How often progress.json takes the time spent while evaluations run
   * (default 10 s), so that a run killed mid-training counts that time
   * after --resume instead of only what it had at its last record.
   */
  saveEveryMs?: number;
  /** Writes report.html from the run's data (lib/report is plain data in, HTML out). */
  writeReport?: (dir: string, settings: SearchSettings, records: readonly CandidateRecord[], front: readonly FrontMember[], end: RunEnd) => void;
}

export interface SearchOutcome {
  dir: string;
  front: FrontMember[];
  evaluations: number;
  failed: number;
  infeasible: number;
  stopReason: string;
  /** Evaluation seconds per phase, summed over its evaluations (this session and earlier ones): with N workers, up to N times the wall time. */
  seconds: Record<Phase, number>;
  /** Wall-clock seconds of the whole run (this session and earlier ones), what the time budget counts. */
  wallSeconds: number;
  hypervolume: number;
  /** Epochs of the final training (finalEpochs, or fewer when the time left was short). */
  finalEpochs: number;
  /** Set when the budget left no time to train even the best survivor: the whole-run budget (minutes) a --resume should give. */
  resumeBudgetMinutes?: number;
  /** Set when the final phase was planned to end past the budget: why. */
  overBudget?: string;
  /** Set when the run trained final models and ends with more than 5% of its budget left: why (final-plan.ts unusedTimeReason). */
  underBudget?: string;
}

interface Progress { spentMs: number; stopReason?: string; finalPlan?: string[]; finalEpochs?: number; overBudget?: string }

/** One evaluation a batch asks for. */
export interface Wanted { genome: Genome; phase: Phase; rung: number; generation: number; fidelity: Fidelity; saveTo?: string }

export class SearchRun implements SearchPhaseHost, FinalDecisionHost {
  private readonly cache = new Map<string, CandidateRecord>();
  private readonly measures = new Map<string, Measured | undefined>();
  private readonly sessionStart: number;
  private progress: Progress;
  private readonly runner: CandidateRunner;
  /** Finished evaluations not yet in candidates.jsonl (finished.jsonl). */
  private readonly finished: Map<string, CandidateResult>;

  private constructor(readonly dir: string, readonly settings: SearchSettings, private readonly deps: SearchDeps, private records: CandidateRecord[]) {
    this.sessionStart = deps.clock();
    const p = join(dir, RUN_FILES.progress);
    this.progress = existsSync(p) ? (readJson(p, 'search progress') as Progress) : { spentMs: 0 };
    for (const r of records) this.cache.set(key(r.phase, r.rung, r.hash), r);
    this.runner = deps.runner ?? inProcessCandidateRunner(deps.evaluator, settings.limits, deps.clock);
    this.finished = readFinished(dir);
  }

  /** Evaluations run at once. */
  get capacity(): number { return Math.max(1, this.runner.capacity ?? 1); }

  /** Final training time per image against a rung's (final-plan.ts): one-thread workers gain nothing from the recipe's larger batch. */
  get finalCostFactor(): number { return this.capacity > 1 ? WORKER_FINAL_COST_FACTOR : DEFAULT_FINAL_COST_FACTOR; }

  /** A new run in `dir` (which must not hold a run already). */
  static start(dir: string, settings: SearchSettings, deps: SearchDeps): SearchRun {
    const s = checkSettings(settings);
    if (existsSync(join(dir, RUN_FILES.run))) throw new NaschainError('INVALID', `run folder ${dir}: holds a run already; continue it with --resume ${dir} or choose another --out`);
    if (existsSync(dir) && readdirSync(dir).length > 0) throw new NaschainError('INVALID', `run folder ${dir}: not empty; choose another --out`);
    mkdirSync(dir, { recursive: true });
    writeJsonAtomic(join(dir, RUN_FILES.run), s);
    return new SearchRun(dir, s, deps, []);
  }

  /** Continues the run saved in `dir` with its own settings. */
  static resume(dir: string, deps: SearchDeps): SearchRun {
    const s = checkSettings(readJson(join(dir, RUN_FILES.run), 'search run'), `${dir}/${RUN_FILES.run}`);
    const records = readRecords(dir);
    // Rewrite without a torn last line, so that new lines start on a clean line.
    writeFileAtomic(join(dir, RUN_FILES.candidates), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    return new SearchRun(dir, s, deps, records);
  }

  elapsedMs(): number { return this.progress.spentMs + this.deps.clock() - this.sessionStart; }

  now(): number { return this.deps.clock(); }

  overBudget(share: number, lookaheadMs = 0): boolean {
    const b = this.settings.timeBudgetMs;
    return b !== undefined && this.elapsedMs() + lookaheadMs > share * b;
  }

  promotionEstimateMs(): number { return promotionEstimateMs(this.records, this.settings, this.capacity); }

  private saveProgress(): void {
    writeJsonAtomic(join(this.dir, RUN_FILES.progress), { ...this.progress, spentMs: this.elapsedMs() } satisfies Progress);
  }

  /** The records of `items`, in order: from an earlier session, or evaluated now (up to capacity at once) and appended in order. */
  async evaluateAll(items: readonly Wanted[], opts: { longestFirst?: boolean } = {}): Promise<CandidateRecord[]> {
    return (await this.evaluateSome(items, opts)) as CandidateRecord[];
  }

  /**
   * Like evaluateAll, with a gate asked before each evaluation starts (a
   * budget): the items it skips or stops before are undefined in the result.
   * longestFirst: with more items than capacity, start the costliest first
   * (MACs x images; ordered-batch.ts), so that a batch does not end with one
   * worker training its biggest candidate while the others idle.
   */
  async evaluateSome(items: readonly Wanted[], opts: { gate?: (i: number) => Gate; longestFirst?: boolean } = {}): Promise<(CandidateRecord | undefined)[]> {
    const out: (CandidateRecord | undefined)[] = items.map(() => undefined);
    const known = items.map((w) => this.cache.get(key(w.phase, w.rung, genomeHash(w.genome))) ?? this.finished.get(key(w.phase, w.rung, genomeHash(w.genome))));
    const unknown = known.flatMap((k, i) => (k === undefined ? [i] : []));
    const startOrder = opts.longestFirst && this.capacity > 1 && unknown.length > this.capacity ? this.costliestFirst(items, unknown) : undefined;
    let spooled = this.finished.size > 0;
    await runOrdered<CandidateRecord | CandidateResult>({
      known,
      ...(startOrder ? { startOrder } : {}),
      ...(opts.gate ? { gate: opts.gate } : {}),
      beforeStart: () => this.deps.signal?.throwIfAborted(),
      run: async (i) => {
        const w = items[i] as Wanted;
        const deadline = candidateDeadline(this.settings, w.phase, this.elapsedMs(), this.records.some((r) => r.status === 'complete'));
        return resultOfOutcome(await this.runner.run({ genome: w.genome, fidelity: w.fidelity, ...(w.saveTo !== undefined ? { saveTo: w.saveTo } : {}) }, deadline));
      },
      early: (i, v) => {
        const w = items[i] as Wanted;
        appendFinished(this.dir, key(w.phase, w.rung, genomeHash(w.genome)), v as CandidateResult);
        spooled = true;
      },
      commit: (i, v) => { out[i] = 'kind' in v ? v : this.append(items[i] as Wanted, v); },
    }, this.capacity);
    if (spooled) {
      // Every early result of this batch is in candidates.jsonl now.
      this.finished.clear();
      writeFileAtomic(join(this.dir, RUN_FILES.finished), '');
    }
    return out;
  }

  /** Params and MACs counted here, untrained (cached); undefined when the genome cannot be built (its evaluation fails it with the reason). */
  private measured(g: Genome): Measured | undefined {
    const h = genomeHash(g);
    if (!this.measures.has(h)) {
      let m: Measured | undefined;
      try {
        m = this.deps.evaluator.measure(g);
      } catch {
        m = undefined;
      }
      this.measures.set(h, m);
    }
    return this.measures.get(h);
  }

  /** Within the limits (one that cannot be built is let through, to fail with its reason). */
  feasible(g: Genome): boolean {
    const m = this.measured(g);
    return m === undefined || constraintViolation(m, this.settings.limits).violation <= 0;
  }

  /** `unknown` (indexes into items) costliest first: MACs x images x epochs, counted here (a genome that cannot be built costs 0: it fails at once). */
  private costliestFirst(items: readonly Wanted[], unknown: readonly number[]): number[] {
    const cost = unknown.map((i) => {
      const w = items[i] as Wanted;
      return (this.measured(w.genome)?.macs ?? 0) * w.fidelity.trainImages * w.fidelity.epochs;
    });
    return longestFirst(cost).map((j) => unknown[j] as number);
  }

  private append(w: Wanted, result: CandidateResult): CandidateRecord {
    const r = toRecord({ genome: w.genome, phase: w.phase, generation: w.generation, rung: w.rung, fidelity: w.fidelity, seq: this.records.length, elapsedSeconds: this.elapsedMs() / 1000 }, result);
    appendRecord(this.dir, r);
    this.records.push(r);
    this.cache.set(key(w.phase, w.rung, r.hash), r);
    this.saveProgress();
    this.report(w.phase, w.generation, r);
    return r;
  }

  private report(phase: Phase, generation: number, last: CandidateRecord): void {
    if (!this.deps.onProgress) return;
    const search = this.records.filter((r) => r.phase === 'search');
    const front = bestFront(search);
    this.deps.onProgress({
      phase, generation, evaluations: this.records.length,
      failed: this.records.filter((r) => r.status === 'failed').length,
      infeasible: this.records.filter((r) => r.status === 'infeasible').length,
      front: front.map(scoredPointOf),
      hypervolume: this.hv(search),
      elapsedMs: this.elapsedMs(), budgetMs: this.settings.timeBudgetMs, last,
    });
  }

  private hv(records: readonly CandidateRecord[]): number {
    const pts = records.filter((r) => r.status === 'complete').map(scoredPointOf);
    return normalisedHypervolume(pts, this.hvRef());
  }

  hvRef(): HvReference {
    return hvReference(this.settings.limits);
  }

  /**
   * Successive halving over rungs[1..] (each rung keeps 1/eta, never fewer than
   * finalCount, picked by promotionPool); returns the survivors, most accurate
   * first. A rung the budget cuts short with fewer than finalCount complete
   * records keeps them, the previous rung's other picks after them
   * (survivorsOfCutRung).
   */
  private async promotePhase(): Promise<CandidateRecord[]> {
    const s = this.settings;
    let entrants = promotionPool(this.records.filter((r) => r.phase === 'search'), s.rungs.length > 1 ? s.promoteCount : s.finalCount);
    for (let rung = 1; rung < s.rungs.length; rung++) {
      // One batch per rung, the most promising first; the budget is looked at before each start (never a chunk waiting for its slowest).
      const got = await this.evaluateSome(entrants.map((e) => ({ genome: e.genome, phase: 'promote', rung, generation: rung, fidelity: s.rungs[rung] as Fidelity })), {
        gate: () => (this.overBudget(s.searchShare + s.promoteShare) ? 'stop' : 'start'),
      });
      const done = got.filter((r): r is CandidateRecord => r !== undefined);
      const complete = done.filter((r) => r.status === 'complete').length;
      if (complete === 0) break;
      if (done.length < entrants.length && complete < s.finalCount) return survivorsOfCutRung(done, entrants);
      entrants = promotionPool(done, nextRungSize(done.length, s));
    }
    return entrants;
  }

  async run(): Promise<SearchOutcome> {
    // A kill loses at most saveEveryMs of the time spent (a failed write here is retried at the next beat or record).
    const beat = setInterval(() => { try { this.saveProgress(); } catch { /* the next save says it */ } }, this.deps.saveEveryMs ?? 10_000);
    beat.unref();
    try {
      return await this.runPhases();
    } finally {
      clearInterval(beat);
    }
  }

  private async runPhases(): Promise<SearchOutcome> {
    const log = this.deps.log;
    let finalPlan = this.progress.finalPlan;
    let resumeBudgetMinutes: number | undefined;
    if (finalPlan === undefined) {
      const reason = await runSearchPhase(this);
      log?.info(`search phase over: ${reason}`);
      this.progress.stopReason = reason;
      const survivors = await this.promotePhase();
      const d = decideFinal(this, survivors, reason, log);
      if (d.stopReason !== undefined) this.progress.stopReason = d.stopReason;
      if (d.overBudget !== undefined) this.progress.overBudget = d.overBudget;
      resumeBudgetMinutes = d.resumeBudgetMinutes;
      finalPlan = d.hashes;
      // An empty plan is not saved: a --resume (with a longer budget) plans again.
      if (finalPlan.length > 0) [this.progress.finalPlan, this.progress.finalEpochs] = [finalPlan, d.epochs];
      this.saveProgress();
    }
    const finalEpochs = this.progress.finalEpochs ?? this.settings.finalEpochs;
    const front = await runFinalPhase(this, finalPlan, finalEpochs, log);
    const underBudget = unusedTimeReason(this.records, {
      leftMs: this.timeLeftMs(), trainImages: this.deps.evaluator.trainImages, epochs: finalEpochs, costFactor: this.finalCostFactor,
      ...(this.settings.timeBudgetMs === undefined ? {} : { budgetMs: this.settings.timeBudgetMs }),
    });
    const finals = this.records.filter((r) => r.phase === 'final');
    const failed = this.records.filter((r) => r.status === 'failed').length;
    const infeasible = this.records.filter((r) => r.status === 'infeasible').length;
    // The report gives the same advice as the summary when no model was trained (the --resume budget, or a longer run).
    this.deps.writeReport?.(this.dir, this.settings, this.records, front, runEnd({ failed, infeasible, evaluations: this.records.length, resumeBudgetMinutes }));
    const seconds = { search: 0, promote: 0, final: 0 };
    for (const r of this.records) seconds[r.phase] += r.seconds;
    return {
      dir: this.dir, front, evaluations: this.records.length, failed, infeasible,
      stopReason: this.progress.stopReason ?? 'done', seconds, wallSeconds: this.elapsedMs() / 1000, hypervolume: this.hv(finals), finalEpochs,
      ...(resumeBudgetMinutes === undefined ? {} : { resumeBudgetMinutes }),
      ...(this.progress.overBudget === undefined ? {} : { overBudget: this.progress.overBudget }),
      ...(underBudget === undefined ? {} : { underBudget }),
    };
  }

  recordOf(phase: Phase, rung: number, hash: string): CandidateRecord | undefined { return this.cache.get(key(phase, rung, hash)); }

  /** Milliseconds the time budget leaves (Infinity without one). */
  timeLeftMs(): number {
    const b = this.settings.timeBudgetMs;
    return b === undefined ? Infinity : b - this.elapsedMs();
  }

  get allRecords(): readonly CandidateRecord[] { return this.records; }
  get evaluator(): Evaluator { return this.deps.evaluator; }
}

function key(phase: Phase, rung: number, hash: string): string {
  return `${phase}/${rung}/${hash}`;
}

function bestFront(records: readonly CandidateRecord[]): CandidateRecord[] {
  return bestRecords(records, Infinity).filter((r, _i, all) => !all.some((o) => o !== r && dominates(objectivesOf(o), objectivesOf(r))));
}

