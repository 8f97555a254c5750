// One search run, start to finish, in a run folder that survives kills:
//   1. search:  NSGA-II (lib/search) over the space; every candidate is built,
//               measured, rejected on the limits or trained at rungs[0].
//   2. promote: successive halving; promoteCount of rung 0 (the most accurate
//               half, then by rank and crowding: select.ts promotionPool) are
//               trained at rungs[1], 1/eta of those at rungs[2], ...
//   3. final:   the survivors the time left fits (lib/searcher/final-plan.ts:
//               at most finalCount, the most accurate first, the epochs cut
//               below finalEpochs when even two will not fit) are trained with
//               the exact validation recipe and saved as model folders with
//               metrics.json; front.json and report.html are written.
// Every finished evaluation is appended to candidates.jsonl (fsync) before the
// next starts, and the NSGA-II state is replaced atomically after each tell.
// Resume replays the same decisions: a record already in candidates.jsonl is
// reused, never re-evaluated.
// Determinism: with generation/evaluation limits a run, killed and resumed or
// not, evaluates the same genomes in the same order. A time budget is only
// looked at between generations, between promotions and when planning the
// final training, so it decides how far a run gets, never what it evaluates
// next; the time spent is saved in progress.json and counts after a resume.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { Nsga2, type Clock } from '../search/nsga2.js';
import { rngFor } from '../core/rng.js';
import { sampleGenome } from '../search/variation.js';
import { genomeHash, type Genome } from '../search/genome.js';
import { dominates } from '../pareto/dominance.js';
import { runFinalPhase, type FrontMember } from './final-phase.js';
import { evaluateToRecord } from './record.js';
import { RUN_FILES, appendRecord, readJson, readRecords, writeFileAtomic, writeJsonAtomic } from './run-files.js';
import { bestRecords, objectivesOf, promotionPool, scoredPointOf } from './select.js';
import { checkSettings, type SearchSettings } from './settings.js';
import type { CandidateRecord, Evaluator, Fidelity, Phase, TrainOutcome } from './types.js';
import { normalisedHypervolume, type HvReference } from './hypervolume.js';
import { planFinal } from './final-plan.js';
import type { ProgressSnapshot } from './progress-view.js';

export interface SearchDeps {
  evaluator: Evaluator;
  clock: Clock;
  log?: Logger;
  onProgress?: (p: ProgressSnapshot) => void;
  /** Checked before each evaluation; aborting stops the run there (specs use it to simulate a kill). */
  signal?: AbortSignal;
  /** Writes report.html from the run's data (lib/report is plain data in, HTML out). */
  writeReport?: (dir: string, settings: SearchSettings, records: readonly CandidateRecord[], front: readonly FrontMember[]) => void;
}

export interface SearchOutcome {
  dir: string;
  front: FrontMember[];
  evaluations: number;
  failed: number;
  infeasible: number;
  stopReason: string;
  /** Seconds spent per phase (this session and earlier ones). */
  seconds: Record<Phase, number>;
  hypervolume: number;
  /** Epochs of the final training (finalEpochs, or fewer when the time left was short). */
  finalEpochs: number;
}

interface Progress { spentMs: number; stopReason?: string; finalPlan?: string[]; finalEpochs?: number }

export class SearchRun {
  private readonly cache = new Map<string, CandidateRecord>();
  private readonly sessionStart: number;
  private progress: Progress;

  private constructor(readonly dir: string, readonly settings: SearchSettings, private readonly deps: SearchDeps, private records: CandidateRecord[]) {
    this.sessionStart = deps.clock();
    const p = join(dir, RUN_FILES.progress);
    this.progress = existsSync(p) ? (readJson(p, 'search progress') as Progress) : { spentMs: 0 };
    for (const r of records) this.cache.set(key(r.phase, r.rung, r.hash), r);
  }

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

  private overBudget(share: number, lookaheadMs = 0): boolean {
    const b = this.settings.timeBudgetMs;
    return b !== undefined && this.elapsedMs() + lookaheadMs > share * b;
  }

  private saveProgress(): void {
    writeJsonAtomic(join(this.dir, RUN_FILES.progress), { ...this.progress, spentMs: this.elapsedMs() } satisfies Progress);
  }

  /** The record of (phase, rung, genome): from an earlier session, or evaluated now and appended. */
  async record(genome: Genome, phase: Phase, rung: number, generation: number, fidelity: Fidelity, run?: () => Promise<TrainOutcome>): Promise<CandidateRecord> {
    const hit = this.cache.get(key(phase, rung, genomeHash(genome)));
    if (hit) return hit;
    this.deps.signal?.throwIfAborted();
    const r = await evaluateToRecord(this.deps.evaluator, this.settings.limits, this.deps.clock, { genome, phase, generation, rung, fidelity, seq: this.records.length, ...(run ? { run } : {}) });
    appendRecord(this.dir, r);
    this.records.push(r);
    this.cache.set(key(phase, rung, r.hash), r);
    this.saveProgress();
    this.report(phase, generation, r);
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

  private hvRef(): HvReference {
    return { accuracy: 0, params: this.settings.limits.maxParams, macs: this.settings.limits.maxMacs };
  }

  /** Random search through the same pipeline: `population` fresh uniform genomes per generation (resumes through the record cache). */
  private async randomPhase(): Promise<string> {
    const s = this.settings;
    const seen = new Set<string>();
    let lastGenMs = 0;
    for (let gen = 0; gen < s.generations; gen++) {
      if (this.overBudget(s.searchShare, lastGenMs)) return 'time budget of the search phase';
      const t0 = this.deps.clock();
      const rng = rngFor(s.seed, `random/gen${gen}`);
      for (let i = 0, tries = 0; i < s.population && tries < 50 * s.population; tries++) {
        const g = sampleGenome(s.space, rng);
        const h = genomeHash(g);
        if (seen.has(h)) continue;
        seen.add(h);
        i++;
        await this.record(g, 'search', 0, gen, s.rungs[0] as Fidelity);
      }
      lastGenMs = this.deps.clock() - t0;
    }
    return `${s.generations} generations`;
  }

  private async searchPhase(): Promise<string> {
    const s = this.settings;
    if (s.sampler === 'random') return this.randomPhase();
    const statePath = join(this.dir, RUN_FILES.state);
    const nsga = existsSync(statePath)
      ? Nsga2.fromJSON(readJson(statePath, 'NSGA-II state'))
      : Nsga2.create({ space: s.space, seed: s.seed, popSize: s.population, nObjectives: 3, initial: s.initial, termination: { maxGenerations: s.generations } });
    let lastGenMs = 0;
    for (;;) {
      const stop = nsga.stopReason();
      if (stop !== undefined) return stop;
      const midGeneration = nsga.toJSON().batch.some((t) => t.status !== 'complete' && t.status !== 'failed');
      if (!midGeneration && this.overBudget(s.searchShare, lastGenMs)) return 'time budget of the search phase';
      const t0 = this.deps.clock();
      const genomes = nsga.ask();
      if (genomes.length === 0) return nsga.stopReason() ?? 'no genomes left';
      for (const g of genomes) {
        const r = await this.record(g, 'search', 0, nsga.generation, s.rungs[0] as Fidelity);
        if (r.status === 'failed') nsga.tell(g, { failed: true, reason: r.reason ?? 'failed' });
        else nsga.tell(g, r.status === 'complete' ? objectivesOf(r) : [0, r.params ?? 0, r.macs ?? 0], r.violation);
        writeJsonAtomic(statePath, nsga.toJSON());
      }
      lastGenMs = this.deps.clock() - t0;
    }
  }

  /**
   * Successive halving over rungs[1..] (each rung keeps 1/eta, never fewer than
   * finalCount, picked by promotionPool); returns the survivors, most accurate
   * first. A rung the budget cuts short with fewer than finalCount complete
   * records is dropped: the previous rung's picks are the survivors (one tiny
   * model trained at rung 2 must not outrank twelve measured at rung 1).
   */
  private async promotePhase(): Promise<CandidateRecord[]> {
    const s = this.settings;
    let entrants = promotionPool(this.records.filter((r) => r.phase === 'search'), s.rungs.length > 1 ? s.promoteCount : s.finalCount);
    for (let rung = 1; rung < s.rungs.length; rung++) {
      const done: CandidateRecord[] = [];
      for (const e of entrants) {
        if (this.overBudget(s.searchShare + s.promoteShare)) break;
        done.push(await this.record(e.genome, 'promote', rung, rung, s.rungs[rung] as Fidelity));
      }
      const complete = done.filter((r) => r.status === 'complete').length;
      if (complete === 0 || (done.length < entrants.length && complete < s.finalCount)) break;
      entrants = promotionPool(done, Math.max(s.finalCount, Math.ceil(done.length / s.eta)));
    }
    return entrants;
  }

  async run(): Promise<SearchOutcome> {
    const log = this.deps.log;
    if (this.progress.finalPlan === undefined) {
      const reason = await this.searchPhase();
      log?.info(`search phase over: ${reason}`);
      this.progress.stopReason = reason;
      const survivors = await this.promotePhase();
      const s = this.settings;
      const plan = planFinal(survivors, { finalCount: s.finalCount, finalEpochs: s.finalEpochs, leftMs: this.timeLeftMs(), trainImages: this.deps.evaluator.trainImages, ref: this.hvRef(), minEpochs: this.deps.evaluator.minFinalEpochs ?? 1 });
      log?.info(`final phase: ${plan.hashes.length} of ${survivors.length} survivors at ${plan.epochs} epoch${plan.epochs === 1 ? '' : 's'}, estimated ${(plan.estimateMs / 60_000).toFixed(1)} min of ${(this.timeLeftMs() / 60_000).toFixed(1)} left`);
      this.progress.finalPlan = plan.hashes;
      this.progress.finalEpochs = plan.epochs;
      this.saveProgress();
    }
    const front = await runFinalPhase(this, this.progress.finalPlan, this.progress.finalEpochs ?? this.settings.finalEpochs, log);
    const finals = this.records.filter((r) => r.phase === 'final');
    this.deps.writeReport?.(this.dir, this.settings, this.records, front);
    const seconds = { search: 0, promote: 0, final: 0 };
    for (const r of this.records) seconds[r.phase] += r.seconds;
    return {
      dir: this.dir, front, evaluations: this.records.length,
      failed: this.records.filter((r) => r.status === 'failed').length,
      infeasible: this.records.filter((r) => r.status === 'infeasible').length,
      stopReason: this.progress.stopReason ?? 'done', seconds, hypervolume: this.hv(finals), finalEpochs: this.progress.finalEpochs ?? this.settings.finalEpochs,
    };
  }

  hasRecord(phase: Phase, rung: number, hash: string): boolean { return this.cache.has(key(phase, rung, hash)); }

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

