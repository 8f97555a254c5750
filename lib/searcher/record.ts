// Evaluating one candidate at one fidelity: measure the untrained model, reject
// it on the limits before any training, else train it (the final phase: with
// the exact recipe, saving the model folder); any error (build, NaN loss, out
// of memory, a worker that died) becomes a failed result with its reason and
// never stops the search. A request is plain data and the result is a pure
// function of it (and the run's evaluator settings), so a JobRunner may run it
// in this process, in a worker process or on another machine (lib/jobs).
import { genomeHash, type Genome } from '../search/genome.js';
import { InProcessRunner } from '../worker/in-process-runner.js';
import type { JobOutcome, JobRunner } from '../worker/job-runner.js';
import { constraintViolation } from './constraints.js';
import { CANDIDATE_KIND, CANDIDATE_VERSION, type CandidateRecord, type Evaluator, type Fidelity, type Limits, type Measured, type Phase } from './types.js';
import type { Clock } from '../search/nsga2.js';

export interface CandidateRequest {
  genome: Genome;
  fidelity: Fidelity;
  /** The final phase: train with the validation recipe for fidelity.epochs and save the model folder here. */
  saveTo?: string;
}

/** What an evaluation finds; the record adds where it stands in the run. */
export type CandidateResult = Pick<CandidateRecord, 'status' | 'accuracy' | 'params' | 'macs' | 'paramsRounded' | 'macsRounded' | 'violation' | 'reason' | 'seconds' | 'losses' | 'architecture'>;

export type CandidateRunner = JobRunner<CandidateRequest, CandidateResult>;

/** Where a record stands in the run. */
export interface RecordPlace {
  genome: Genome;
  phase: Phase;
  generation: number;
  rung: number;
  fidelity: Fidelity;
  seq: number;
  /** The run's elapsed seconds at the commit (CandidateRecord.elapsedSeconds). */
  elapsedSeconds: number;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'unknown error';

export async function runCandidate(ev: Evaluator, limits: Limits, clock: Clock, req: CandidateRequest): Promise<CandidateResult> {
  const t0 = clock();
  const done = (rest: Omit<CandidateResult, 'seconds'>): CandidateResult => ({ ...rest, seconds: (clock() - t0) / 1000 });
  let m: Measured;
  try {
    m = ev.measure(req.genome);
  } catch (e) {
    return done({ status: 'failed', accuracy: null, params: null, macs: null, paramsRounded: null, macsRounded: null, violation: 0, reason: `build: ${message(e)}` });
  }
  const sizes = { params: m.params, macs: m.macs, paramsRounded: m.paramsRounded, macsRounded: m.macsRounded, ...(m.architecture !== undefined ? { architecture: m.architecture } : {}) };
  const { violation, reasons } = constraintViolation(m, limits);
  if (violation > 0) return done({ status: 'infeasible', accuracy: null, ...sizes, violation, reason: `over the limits: ${reasons.join(', ')}` });
  try {
    const out = req.saveTo !== undefined ? await ev.finalize(req.genome, req.fidelity.epochs, req.saveTo) : await ev.evaluate(req.genome, req.fidelity);
    if (!Number.isFinite(out.accuracy)) throw new Error(`accuracy ${out.accuracy}`);
    return done({ status: 'complete', accuracy: out.accuracy, ...sizes, violation: 0, ...(out.losses ? { losses: out.losses } : {}) });
  } catch (e) {
    return done({ status: 'failed', accuracy: null, ...sizes, violation: 0, reason: `training: ${message(e)}` });
  }
}

/** Today's path (`--workers 1`): each candidate evaluated in this process, in turn. */
export function inProcessCandidateRunner(ev: Evaluator, limits: Limits, clock: Clock): CandidateRunner {
  return new InProcessRunner((req: CandidateRequest) => runCandidate(ev, limits, clock, req));
}

/** The result of a job its runner lost (worker died, deadline, a queue's failure): a failed candidate. */
export function resultOfOutcome(o: JobOutcome<CandidateResult>): CandidateResult {
  if (o.ok) return o.value;
  return { status: 'failed', accuracy: null, params: null, macs: null, paramsRounded: null, macsRounded: null, violation: 0, reason: `worker: ${o.message}`, seconds: o.ms / 1000 };
}

export function toRecord(place: RecordPlace, r: CandidateResult): CandidateRecord {
  return {
    kind: CANDIDATE_KIND, version: CANDIDATE_VERSION, seq: place.seq, phase: place.phase, generation: place.generation, rung: place.rung,
    hash: genomeHash(place.genome), genome: place.genome, trainImages: place.fidelity.trainImages, epochs: place.fidelity.epochs,
    status: r.status, accuracy: r.accuracy, params: r.params, macs: r.macs, paramsRounded: r.paramsRounded, macsRounded: r.macsRounded,
    violation: r.violation, ...(r.reason !== undefined ? { reason: r.reason } : {}), ...(r.losses !== undefined ? { losses: r.losses } : {}), seconds: r.seconds,
    elapsedSeconds: place.elapsedSeconds, ...(r.architecture !== undefined ? { architecture: r.architecture } : {}),
  };
}

/** The record without what depends on the clock (seconds, elapsedSeconds): what two runs of one seed share, killed and resumed or not. */
export function withoutTimes({ seconds: _s, elapsedSeconds: _e, ...rest }: CandidateRecord): Omit<CandidateRecord, 'seconds' | 'elapsedSeconds'> {
  return rest;
}
