// NSGA-II (Deb et al. 2002) as an ask/tell loop over genomes: an outside
// evaluator (a trainer, a worker pool) asks for genomes and tells back
// objective vectors (all minimised) or failures. Generational: a generation's
// offspring are made when every trial of the previous one is told. All
// randomness comes from rngFor(seed, "gen<g>/..."), so the state (toJSON) is
// all a killed run needs to resume on the same trajectory.
import { invalid } from '../core/errors.js';
import { rngFor } from '../core/rng.js';
import { paretoFront } from '../pareto/index.js';
import { checkGenome, genomeHash, type Genome } from './genome.js';
import { makeOffspring } from './offspring.js';
import { rankAndCrowdingSurvival } from './survival.js';
import { terminationReason, type Termination } from './termination.js';
import type { Individual, TellResult, Trial } from './trial.js';
import { DEFAULT_REAL_PARAMS } from './operators/index.js';
import { decodeState, encodeState, type Nsga2Settings, type Nsga2State } from './nsga2-state.js';
import type { SearchSpace } from './space.js';

export interface Nsga2Options extends Partial<Omit<Nsga2Settings, 'space' | 'seed' | 'popSize' | 'nObjectives'>> {
  space: SearchSpace;
  seed: number;
  popSize: number;
  nObjectives: number;
  /** Genomes for the initial population, before random ones. */
  initial?: Genome[];
}

/** Whether a new genome may enter a generation (pure and deterministic: a resumed run must get the same answers); see offspring.ts. */
export type Admit = (g: Genome) => boolean;

/**
 * Milliseconds; the search never reads the system clock itself. Use an epoch
 * clock (Date.now) when a run may resume in another process: the start time is saved.
 */
export type Clock = () => number;

export class Nsga2 {
  private seen = new Set<string>();

  private constructor(private readonly s: Nsga2State, private readonly clock: Clock | undefined, private readonly admit: Admit | undefined) {
    if (s.settings.termination.maxWallMs !== undefined && !clock) throw invalid('NSGA-II clock', clock, 'a clock function when termination.maxWallMs is set');
    for (const t of [...s.history, ...s.batch]) this.seen.add(t.hash);
  }

  static create(options: Nsga2Options, clock?: Clock, admit?: Admit): Nsga2 {
    const { space, seed, popSize, nObjectives } = options;
    if (!Number.isInteger(popSize) || popSize < 1) throw invalid('NSGA-II popSize', popSize, 'an integer >= 1');
    if (!Number.isInteger(nObjectives) || nObjectives < 1) throw invalid('NSGA-II nObjectives', nObjectives, 'an integer >= 1');
    if (!Number.isInteger(seed)) throw invalid('NSGA-II seed', seed, 'an integer');
    const settings: Nsga2Settings = {
      space, seed, popSize, nObjectives,
      crossoverProb: options.crossoverProb ?? 0.9,
      mutationProb: options.mutationProb ?? 1 / space.genes.length,
      etaCrossover: options.etaCrossover ?? DEFAULT_REAL_PARAMS.etaCrossover,
      etaMutation: options.etaMutation ?? DEFAULT_REAL_PARAMS.etaMutation,
      maxAttempts: options.maxAttempts ?? 50,
      termination: options.termination ?? {},
    };
    const state: Nsga2State = { settings, generation: 0, startedAtMs: clock ? clock() : 0, nextTrialId: 0, exhausted: false, population: [], batch: [], history: [] };
    const algo = new Nsga2(state, clock, admit);
    const first: Genome[] = [];
    (options.initial ?? []).forEach((g, i) => {
      const genome = { ...checkGenome(space, g, `initial genome ${i}`) };
      const h = genomeHash(genome);
      if (!algo.seen.has(h)) { algo.seen.add(h); first.push(genome); }
    });
    const fill = makeOffspring({ space, parents: [], count: Math.max(0, popSize - first.length), params: settings, maxAttempts: settings.maxAttempts, seen: algo.seen, ...(admit ? { admit } : {}) }, rngFor(seed, 'gen0/sample'));
    algo.enqueue([...first, ...fill]);
    return algo;
  }

  /** Restores a state from toJSON(); trials that were running when it was saved are handed out again. */
  static fromJSON(json: unknown, clock?: Clock, admit?: Admit): Nsga2 {
    const state = decodeState(json);
    for (const t of state.batch) if (t.status === 'running') t.status = 'queued';
    return new Nsga2(state, clock, admit);
  }

  toJSON(): Nsga2State {
    return encodeState(this.s);
  }

  get generation(): number { return this.s.generation; }
  get evaluations(): number { return this.s.history.length; }
  /** The survivors of the last finished generation (a generation cut short by maxEvaluations is in trials, not here). */
  get population(): readonly Individual[] { return this.s.population; }
  /** Every finished trial in the order it was told. */
  get trials(): readonly Trial[] { return this.s.history; }

  /** Why the search is over (termination met or space exhausted), else undefined. */
  stopReason(): string | undefined {
    if (this.s.exhausted) return 'no new genomes left in the search space';
    const finished = this.batchFinished();
    return terminationReason(this.s.settings.termination, {
      generationsDone: this.s.generation + (finished ? 1 : 0),
      evaluations: this.s.history.length,
      elapsedMs: this.clock ? this.clock() - this.s.startedAtMs : 0,
    });
  }

  /** Up to n genomes to evaluate; fewer (or none) while earlier ones are still out, or when the search is over. */
  ask(n = Infinity): Genome[] {
    const out: Genome[] = [];
    const maxEval = this.s.settings.termination.maxEvaluations ?? Infinity;
    while (out.length < n && this.stopReason() === undefined) {
      const running = this.s.batch.filter((t) => t.status === 'running').length;
      const next = this.s.batch.find((t) => t.status === 'queued');
      if (next) {
        if (this.s.history.length + running >= maxEval) break;
        next.status = 'running';
        out.push({ ...next.genome });
        continue;
      }
      if (running > 0) break;
      this.nextGeneration();
    }
    return out;
  }

  /** Reports a genome's objectives (minimised), or its failure; a failure never stops the search. */
  tell(genome: Genome, result: TellResult, constraintViolation = 0): void {
    const hash = genomeHash(genome);
    const trial = this.s.batch.find((t) => t.hash === hash && t.status === 'running');
    if (!trial) throw invalid('tell genome', genome, 'a genome handed out by ask() and not yet told');
    if (!Number.isFinite(constraintViolation)) throw invalid('tell constraintViolation', constraintViolation, 'a finite number');
    if (Array.isArray(result)) {
      const objs = result as readonly number[];
      if (objs.length !== this.s.settings.nObjectives || objs.some((v) => !Number.isFinite(v))) {
        throw invalid('tell objectives', objs, `${this.s.settings.nObjectives} finite numbers`);
      }
      trial.status = 'complete';
      trial.objectives = [...objs];
      trial.violation = constraintViolation;
    } else {
      trial.status = 'failed';
      trial.reason = (result as { reason: string }).reason;
    }
    this.s.history.push(structuredClone(trial));
    if (this.batchFinished()) this.survive();
  }

  /** Non-dominated feasible trials over the whole run, in tell order. */
  paretoTrials(): Trial[] {
    const done = this.s.history.filter((t) => t.status === 'complete' && (t.violation ?? 0) <= 0);
    return paretoFront(done.map((t) => t.objectives as number[])).map((i) => done[i] as Trial);
  }

  private batchFinished(): boolean {
    return this.s.batch.every((t) => t.status === 'complete' || t.status === 'failed');
  }

  private enqueue(genomes: Genome[]): void {
    this.s.batch = genomes.map((genome) => ({ id: this.s.nextTrialId++, generation: this.s.generation, genome, hash: genomeHash(genome), status: 'queued' }));
    if (this.s.batch.length === 0) this.s.exhausted = true;
  }

  /** Survival over the previous survivors plus this generation's completed trials (in batch order, not tell order). */
  private survive(): void {
    const fresh: Individual[] = this.s.batch.filter((t) => t.status === 'complete').map((t) => ({
      trialId: t.id, genome: t.genome, hash: t.hash, objectives: t.objectives as number[], violation: t.violation ?? 0, rank: 0, crowding: 0,
    }));
    const pool = [...this.s.population, ...fresh];
    this.s.population = rankAndCrowdingSurvival(pool, this.s.settings.popSize).map(({ index, rank, crowding }) => ({ ...(pool[index] as Individual), rank, crowding }));
  }

  private nextGeneration(): void {
    const st = this.s.settings;
    this.s.generation++;
    const rng = rngFor(st.seed, `gen${this.s.generation}/offspring`);
    this.enqueue(makeOffspring({ space: st.space, parents: this.s.population, count: st.popSize, params: st, maxAttempts: st.maxAttempts, seen: this.seen, ...(this.admit ? { admit: this.admit } : {}) }, rng));
  }
}
