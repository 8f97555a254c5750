// Evaluating one candidate at one rung into a CandidateRecord: measure the
// untrained model, reject it on the limits before any training, else train;
// any error (build, NaN loss, out of memory) becomes a failed record with its
// reason and never stops the search.
import { genomeHash, type Genome } from '../search/genome.js';
import { constraintViolation } from './constraints.js';
import { CANDIDATE_KIND, CANDIDATE_VERSION, type CandidateRecord, type Evaluator, type Fidelity, type Limits, type Measured, type Phase, type TrainOutcome } from './types.js';
import type { Clock } from '../search/nsga2.js';

export interface RecordRequest {
  genome: Genome;
  phase: Phase;
  generation: number;
  rung: number;
  fidelity: Fidelity;
  seq: number;
  /** Runs the training; defaults to the evaluator's fidelity training. */
  run?: () => Promise<TrainOutcome>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'unknown error';

export async function evaluateToRecord(ev: Evaluator, limits: Limits, clock: Clock, req: RecordRequest): Promise<CandidateRecord> {
  const t0 = clock();
  const base = {
    kind: CANDIDATE_KIND, version: CANDIDATE_VERSION, seq: req.seq, phase: req.phase, generation: req.generation, rung: req.rung,
    hash: genomeHash(req.genome), genome: req.genome, trainImages: req.fidelity.trainImages, epochs: req.fidelity.epochs,
  } as const;
  const done = (rest: Omit<CandidateRecord, keyof typeof base | 'seconds'>): CandidateRecord => ({ ...base, ...rest, seconds: (clock() - t0) / 1000 });
  let m: Measured;
  try {
    m = ev.measure(req.genome);
  } catch (e) {
    return done({ status: 'failed', accuracy: null, params: null, macs: null, paramsRounded: null, macsRounded: null, violation: 0, reason: `build: ${message(e)}` });
  }
  const sizes = { params: m.params, macs: m.macs, paramsRounded: m.paramsRounded, macsRounded: m.macsRounded };
  const { violation, reasons } = constraintViolation(m, limits);
  if (violation > 0) return done({ status: 'infeasible', accuracy: null, ...sizes, violation, reason: `over the limits: ${reasons.join(', ')}` });
  try {
    const out = await (req.run ?? (() => ev.evaluate(req.genome, req.fidelity)))();
    if (!Number.isFinite(out.accuracy)) throw new Error(`accuracy ${out.accuracy}`);
    return done({ status: 'complete', accuracy: out.accuracy, ...sizes, violation: 0, ...(out.losses ? { losses: out.losses } : {}) });
  } catch (e) {
    return done({ status: 'failed', accuracy: null, ...sizes, violation: 0, reason: `training: ${message(e)}` });
  }
}
