// One complete scoring round: list the source, evaluate every submission not
// already in the state (checked loading, accuracy, params, MACs), retrain the
// Pareto front with upstream's loop (lib/score's retrainFront), break ties,
// reward, and turn rewards into the u16 weights bittensor would emit.
//
// Every finished evaluation and retrain is stored before the round goes on,
// keyed by (uid, commit, hash): a killed round resumes where it stopped and a
// model is never evaluated or retrained twice. No submission can stop the
// round: any throw while fetching, loading, measuring or retraining one becomes
// that submission's rejection.
//
// The evaluations and retrains run through a JobRunner (lib/worker): in this
// process by default, or in a worker process killed at each job's deadline
// (DeadlinePolicy); a timeout or a dead worker rejects that submission only
// ('eval-timeout' / 'retrain-timeout', 'eval-failed' / 'retrain-failed').
import { crashPoint, CRASH_POINTS } from '../../core/crash-point.js';
// A runner with capacity N (a pool of N workers, a Redis queue) gets up to N
// evaluations, and N retrains of one front, at once; results do not depend on N.
import { eachLimit } from '../../core/each-limit.js';
import type { Logger } from '../../core/log.js';
import type { ValiConfig } from '../../core/vali-config.js';
import type { ImageDataset } from '../../data/types.js';
import { retrainFront, type RetrainRecord } from '../../score/retrain.js';
import { scoreRound } from '../../score/round.js';
import type { FrontConfig, ScoreRecord } from '../../score/types.js';
import { rewardsToWeights } from '../../score/weights.js';
import type { WeightLimits } from '../../score/bittensor-weights.js';
import { modelExpectations } from '../model-expectations.js';
import { reject, type Rejection } from '../reject-reasons.js';
import type { ResultKey, StateStore, StoredResult } from '../state-store.js';
import type { JobOutcome } from '../../worker/job-runner.js';
import { oneLine } from './evaluate-submission.js';
import { workDeadlines, type DeadlinePolicy } from './job-deadlines.js';
import { inProcessRoundRunner } from './round-job-runner.js';
import type { RoundJobResult, RoundJobRunner } from './round-jobs.js';
import type { EvaluationMetrics, RetrainOutcome } from '../state-store.js';
import type { RetrainJournal } from './retrain-journal.js';
import { ROUND_RESULT_KIND, ROUND_RESULT_VERSION, type RoundResult } from './round-result.js';
import { buildRows } from './round-rows.js';
import type { AcceptedSubmission, SubmissionSource } from './submission-source.js';

export interface RoundOptions {
  dataset: ImageDataset;
  /** The validation config, epochs already overridden where the caller wants. */
  config: ValiConfig;
  store: StateStore;
  journal: RetrainJournal;
  /** The chain's MinAllowedWeights and MaxWeightsLimit (as a fraction). */
  limits: WeightLimits;
  /** Metagraph size; default max uid seen + 1. */
  subnetSize?: number;
  /** False skips the retrain loop (load + integrity + evaluation only; benchmarks). Default true. */
  retrain?: boolean;
  /** The active tfjs backend's name, recorded in the result. */
  backend: string;
  /**
   * Where evaluations and retrains run. Default: in this process, no deadline
   * (runRound makes and closes it). A runner passed in is not closed.
   */
  runner?: RoundJobRunner;
  /** Each job's deadline (used by a runner that enforces them). Default: workDeadlines(config, dataset). */
  deadlines?: DeadlinePolicy;
  log?: Logger;
}

/** A scored submission as lib/score sees it, plus what the round needs to retrain it. */
export interface ScoredModel extends ScoreRecord {
  entry: AcceptedSubmission;
}

export async function runRound(source: SubmissionSource, options: RoundOptions): Promise<RoundResult> {
  if (options.runner) return roundWith(source, options, options.runner);
  const runner = inProcessRoundRunner(options.dataset);
  try {
    return await roundWith(source, options, runner);
  } finally {
    await runner.close();
  }
}

async function roundWith(source: SubmissionSource, options: RoundOptions, runner: RoundJobRunner): Promise<RoundResult> {
  const started = performance.now();
  const { config, dataset, store, journal, log } = options;
  const expect = modelExpectations(config, dataset);
  const frontConfig: FrontConfig = { minAccuracy: config.minAccuracy, maxMacs: config.maxMacs };
  const deadlines = options.deadlines ?? workDeadlines(config, dataset);
  const evaluate = async (dir: string): Promise<EvaluationMetrics | Rejection> => {
    const out = await runner.run({ kind: 'evaluate', dir, expect, config }, deadlines.evaluate(dir));
    if (out.ok) return resultOf(out.value, 'evaluate');
    if (out.kind === 'timeout') return reject('eval-timeout', `${dir}: evaluation ${out.message}`);
    if (out.kind === 'died') return reject('eval-failed', `${dir}: evaluation failed (${out.message})`);
    return reject('eval-failed', `${dir}: measuring it threw (${out.message})`);
  };
  const entries = await source.list();
  const fetched = new Map<string, string | Rejection>();
  const fetchDir = async (e: AcceptedSubmission): Promise<string | Rejection> => {
    let got = fetched.get(e.name);
    if (got === undefined) {
      try {
        const r = await source.fetchModel(e);
        got = r.ok ? r.dir : r;
      } catch (err) {
        got = reject('load-failed', `${e.name}: fetching the model threw (${oneLine(err)})`);
      }
      fetched.set(e.name, got);
    }
    return got;
  };

  // Phase 1: evaluate what the state does not know yet.
  const evalStart = performance.now();
  let evaluated = 0;
  const stored = new Map<string, StoredResult>();
  const todo: { e: AcceptedSubmission; tag: string }[] = [];
  for (const [i, e] of entries.entries()) {
    const tag = `[${i + 1}/${entries.length}] ${e.name}`;
    if (!e.ok) {
      log?.info(`${tag}: rejected (${e.reason}) ${e.message}`);
      continue;
    }
    const known = store.getResult(e.key);
    if (known && (known.evaluation || known.rejection)) {
      stored.set(e.name, known);
      log?.info(`${tag} uid ${e.submission.uid}: ${describeStored(known)} (remembered)`);
      continue;
    }
    todo.push({ e, tag });
  }
  // Up to runner.capacity at once (a worker pool); each result is stored as soon as it is known.
  await eachLimit(todo, runner.capacity ?? 1, async ({ e, tag }) => {
    const dir = await fetchDir(e);
    const measured = typeof dir === 'string' ? await evaluate(dir) : dir;
    const saved = 'ok' in measured ? store.putRejection(e.key, measured.reason, measured.message) : store.putEvaluation(e.key, measured);
    evaluated++;
    stored.set(e.name, saved);
    log?.info(`${tag} uid ${e.submission.uid}: ${describeStored(saved)}`);
  });
  const evaluateMs = performance.now() - evalStart;

  // Phase 2: the front, retrained until stable.
  const models: ScoredModel[] = [];
  const known = new Map<string, number>();
  for (const e of entries) {
    if (!e.ok) continue;
    const r = stored.get(e.name);
    if (!r || !r.evaluation) continue;
    if (r.rejection && !isRetrainRejection(r.rejection.reason)) continue;
    const s = e.submission;
    models.push({
      uid: s.uid, hotkey: s.hotkey, block: s.block, extrinsicIndex: s.extrinsicIndex,
      accuracy: r.evaluation.accuracyFloor, params: r.evaluation.paramsRounded, macs: r.evaluation.macsRounded, entry: e,
    });
    if (r.retrain) known.set(keyString(e.key), r.retrain.accuracyFloor);
    else if (r.rejection && isRetrainRejection(r.rejection.reason)) known.set(keyString(e.key), 0);
  }
  const retrainStart = performance.now();
  let retrainedNow = 0;
  let final: ScoredModel[] = models;
  let records: RetrainRecord[] = [];
  if (options.retrain ?? true) {
    const retrainOne = async (m: ScoredModel): Promise<number> => {
      const { key, submission } = m.entry;
      retrainedNow++;
      journal.append('retrain-start', key);
      log?.info(`retraining uid ${m.uid} (${m.entry.name}): ${config.trainEpochs} epochs, lr ${submission.learningRate ?? config.learningRate}, seed ${config.seed}`);
      const t0 = performance.now();
      // A runner that cannot start its worker throws out of the round (no
      // submission's fault); everything a submission causes is an outcome.
      const dir = await fetchDir(m.entry);
      const macs = stored.get(m.entry.name)?.evaluation?.macs ?? store.getResult(key)?.evaluation?.macs ?? 0;
      const outcome: JobOutcome<RoundJobResult> | Rejection = typeof dir === 'string'
        ? await runner.run({ kind: 'retrain', dir, expect, config, learningRate: submission.learningRate }, deadlines.retrain(dir, macs))
        : dir;
      if ('value' in outcome) {
        const out = resultOf(outcome.value, 'retrain');
        store.putRetrain(key, out);
        crashPoint(CRASH_POINTS.retrainStored);
        journal.append('retrain-done', key, { ms: out.retrainMs, accuracyFloor: out.accuracyFloor });
        log?.info(`retrained uid ${m.uid}: test ${out.accuracy.toFixed(2)}% (scored ${out.accuracyFloor}, submitted ${m.accuracy}), train ${out.trainAccuracy.toFixed(2)}%, ${(out.retrainMs / 1000).toFixed(1)} s`);
        return out.accuracyFloor;
      }
      const timedOut = !outcome.ok && 'kind' in outcome && outcome.kind === 'timeout';
      const message = `${m.entry.name}: retraining ${timedOut ? outcome.message : `failed (${outcome.message})`}`;
      store.putRejection(key, timedOut ? 'retrain-timeout' : 'retrain-failed', message);
      journal.append('retrain-failed', key, { ms: Math.round(performance.now() - t0), accuracyFloor: 0 });
      log?.warn(message);
      return 0;
    };
    const outcome = await retrainFront(models, frontConfig, retrainOne, { key: (m) => keyString(m.entry.key), known, concurrency: runner.capacity ?? 1 });
    final = outcome.models;
    records = outcome.retrained;
  }
  const retrainMs = performance.now() - retrainStart;

  // Phase 3: ties, rewards, weights.
  const score = scoreRound(final, frontConfig);
  const uids = entries.map((e) => (e.ok ? e.submission.uid : e.uid)).filter((u): u is number => u !== null);
  const subnetSize = options.subnetSize ?? (uids.length ? Math.max(...uids) + 1 : 1);
  const weights = rewardsToWeights(score.rewards.map((r) => ({ uid: r.uid, reward: r.reward })), subnetSize, options.limits);
  const results = new Map<string, StoredResult>();
  for (const e of entries) if (e.ok) {
    const r = store.getResult(e.key);
    if (r) results.set(e.name, r);
  }
  const rows = buildRows({ entries, results, final, score, records, frontConfig, emitted: weights.emitted });
  return {
    kind: ROUND_RESULT_KIND,
    version: ROUND_RESULT_VERSION,
    source: source.description,
    dataset: dataset.name,
    backend: options.backend,
    config: { minAccuracy: config.minAccuracy, maxMacs: config.maxMacs, trainEpochs: config.trainEpochs, learningRate: config.learningRate, seed: config.seed },
    retrain: options.retrain ?? true,
    subnetSize,
    limits: options.limits,
    rows,
    front: score.front.map((m) => m.uid),
    retrains: records.map((r) => ({ uid: r.uid, submitted: r.submitted, retrained: r.retrained, kept: r.kept })),
    weights: { uids: weights.emitted.uids, weights: weights.emitted.weights },
    timings: { totalMs: performance.now() - started, evaluateMs, retrainMs, evaluated, retrained: retrainedNow },
  };
}

export function keyString(k: ResultKey): string {
  return JSON.stringify([k.uid, k.commit, k.hash]);
}

/** A retrain that failed or timed out: the model keeps its evaluation and scores accuracy 0 (upstream). */
export function isRetrainRejection(reason: string): boolean {
  return reason === 'retrain-failed' || reason === 'retrain-timeout';
}

function resultOf(r: RoundJobResult, kind: 'evaluate'): EvaluationMetrics | Rejection;
function resultOf(r: RoundJobResult, kind: 'retrain'): RetrainOutcome;
function resultOf(r: RoundJobResult, kind: RoundJobResult['kind']): EvaluationMetrics | Rejection | RetrainOutcome {
  if (r.kind !== kind) throw new Error(`job runner: a ${r.kind} result for a ${kind} job`);
  return r.result;
}

function describeStored(r: StoredResult): string {
  if (r.rejection && !isRetrainRejection(r.rejection.reason)) return `rejected (${r.rejection.reason}) ${r.rejection.message}`;
  const e = r.evaluation;
  if (!e) return 'no evaluation';
  return `accuracy ${e.accuracy.toFixed(2)}% (${e.accuracyFloor}), params ${e.params} (${e.paramsRounded}), MACs ${e.macs} (${e.macsRounded}), ${e.evalMs} ms`;
}
