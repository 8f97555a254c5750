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
import { evaluateSubmission, oneLine } from './evaluate-submission.js';
import { retrainSubmission } from './retrain-submission.js';
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
  log?: Logger;
}

/** A scored submission as lib/score sees it, plus what the round needs to retrain it. */
export interface ScoredModel extends ScoreRecord {
  entry: AcceptedSubmission;
}

export async function runRound(source: SubmissionSource, options: RoundOptions): Promise<RoundResult> {
  const started = performance.now();
  const { config, dataset, store, journal, log } = options;
  const expect = modelExpectations(config, dataset);
  const frontConfig: FrontConfig = { minAccuracy: config.minAccuracy, maxMacs: config.maxMacs };
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
    const dir = await fetchDir(e);
    const measured = typeof dir === 'string' ? await evaluateSubmission(dir, expect, dataset, config) : dir;
    const saved = 'ok' in measured ? store.putRejection(e.key, measured.reason, measured.message) : store.putEvaluation(e.key, measured);
    evaluated++;
    stored.set(e.name, saved);
    log?.info(`${tag} uid ${e.submission.uid}: ${describeStored(saved)}`);
  }
  const evaluateMs = performance.now() - evalStart;

  // Phase 2: the front, retrained until stable.
  const models: ScoredModel[] = [];
  const known = new Map<string, number>();
  for (const e of entries) {
    if (!e.ok) continue;
    const r = stored.get(e.name);
    if (!r || !r.evaluation) continue;
    if (r.rejection && r.rejection.reason !== 'retrain-failed') continue;
    const s = e.submission;
    models.push({
      uid: s.uid, hotkey: s.hotkey, block: s.block, extrinsicIndex: s.extrinsicIndex,
      accuracy: r.evaluation.accuracyFloor, params: r.evaluation.paramsRounded, macs: r.evaluation.macsRounded, entry: e,
    });
    if (r.retrain) known.set(keyString(e.key), r.retrain.accuracyFloor);
    else if (r.rejection?.reason === 'retrain-failed') known.set(keyString(e.key), 0);
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
      try {
        const dir = await fetchDir(m.entry);
        if (typeof dir !== 'string') throw new Error(dir.message);
        const out = await retrainSubmission(dir, expect, dataset, config, submission.learningRate);
        store.putRetrain(key, out);
        journal.append('retrain-done', key, { ms: out.retrainMs, accuracyFloor: out.accuracyFloor });
        log?.info(`retrained uid ${m.uid}: test ${out.accuracy.toFixed(2)}% (scored ${out.accuracyFloor}, submitted ${m.accuracy}), train ${out.trainAccuracy.toFixed(2)}%, ${(out.retrainMs / 1000).toFixed(1)} s`);
        return out.accuracyFloor;
      } catch (err) {
        const message = `${m.entry.name}: retraining failed (${oneLine(err)})`;
        store.putRejection(key, 'retrain-failed', message);
        journal.append('retrain-failed', key, { ms: Math.round(performance.now() - t0), accuracyFloor: 0 });
        log?.warn(message);
        return 0;
      }
    };
    const outcome = await retrainFront(models, frontConfig, retrainOne, { key: (m) => keyString(m.entry.key), known });
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

function describeStored(r: StoredResult): string {
  if (r.rejection && r.rejection.reason !== 'retrain-failed') return `rejected (${r.rejection.reason}) ${r.rejection.message}`;
  const e = r.evaluation;
  if (!e) return 'no evaluation';
  return `accuracy ${e.accuracy.toFixed(2)}% (${e.accuracyFloor}), params ${e.params} (${e.paramsRounded}), MACs ${e.macs} (${e.macsRounded}), ${e.evalMs} ms`;
}
