// The miner's pre-flight: what a validator would conclude about a model
// folder, reached through the validator's own code path, so that a miner
// learns it before paying for a commitment. The size of the repo the upload
// would make (model files plus the model card) against maxDownloadBytes, then
// the validator's checked loading (integrity checks; no data needed, so a
// rejected model is known before a dataset is downloaded), then
// the round's evaluateSubmission (checked loading, integrity checks, accuracy,
// params, MACs, rounding, the MACs cap), upstream's candidate rule, and on
// request the round's retrainSubmission (the leak guard) with the learning
// rate the miner will commit. `naschain check` prints it; `naschain submit`
// runs it first and refuses what it rejects.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValiConfig } from '../core/vali-config.js';
import type { ImageDataset } from '../data/types.js';
import { loadSubmittedModel } from '../validator/submitted-model.js';
import { disposeGenomeModel } from '../model/genome-model.js';
import { listModelFiles } from '../hub/model-hash.js';
import { isCandidate } from '../score/front.js';
import { modelExpectations } from '../validator/model-expectations.js';
import { reject, type RejectReason } from '../validator/reject-reasons.js';
import { evaluateSubmission, oneLine } from '../validator/round/evaluate-submission.js';
import { retrainSubmission } from '../validator/round/retrain-submission.js';
import type { EvaluationMetrics } from '../validator/state-store.js';
import { measureOutsideRules, type OutsideRulesMetrics } from './measure-outside-rules.js';

export interface PreflightRequest {
  dir: string;
  /** The validator's config; its dataset is the model's. */
  config: ValiConfig;
  /** The dataset's name and image shape (its descriptor): enough for the integrity checks. */
  shape: Pick<ImageDataset, 'name' | 'height' | 'width' | 'channels' | 'numClasses'>;
  /** Loads the dataset; called only for a model that passes the integrity checks. */
  loadDataset: () => Promise<ImageDataset>;
  /** What will be committed; null: validators retrain with the config's learningRate. */
  learningRate: number | null;
  /** Bytes of the model card the upload adds to the repo (README.md). */
  cardBytes: number;
  /** Also retrain from fresh weights as the leak guard does (config.trainEpochs). */
  retrain?: boolean;
}

export interface PreflightRetrain {
  epochs: number;
  learningRate: number;
  seed: number;
  /** null when the retrain failed (the round scores that as accuracy 0). */
  accuracy: number | null;
  accuracyFloor: number;
  trainAccuracy: number | null;
  /** Retrained floor >= submitted floor: the leak guard keeps the model's place. */
  kept: boolean;
  error: string | null;
  ms: number;
}

export interface PreflightReport {
  dir: string;
  dataset: string;
  learningRate: number | null;
  /** Sum of the files the repo would hold (model files and the card), as validators size it. */
  repoBytes: number;
  maxDownloadBytes: number;
  verdict: 'accepted' | 'rejected';
  /** Why a validator would score it 0 (null when accepted). */
  rejection: { reason: RejectReason; message: string } | null;
  /** Exact and scored numbers; null when rejected before they were measured. */
  metrics: EvaluationMetrics | null;
  /** For a model the competition's checks refuse: its params and MACs if it loads without them (as eval loads it); else null. */
  outsideRules: OutsideRulesMetrics | null;
  minAccuracy: number;
  maxMacs: number;
  /** On the front when undominated: floored accuracy >= minAccuracy and rounded MACs < maxMacs. */
  candidate: boolean;
  /** Why it is not a candidate (empty when it is). */
  notCandidate: string[];
  retrain: PreflightRetrain | null;
}

export async function preflight(req: PreflightRequest): Promise<PreflightReport> {
  const { dir, config, shape } = req;
  const base = {
    dir, dataset: shape.name, learningRate: req.learningRate, repoBytes: 0, maxDownloadBytes: config.maxDownloadBytes,
    minAccuracy: config.minAccuracy, maxMacs: config.maxMacs, retrain: null, outsideRules: null,
  };
  const rejected = (reason: RejectReason, message: string, repoBytes: number, metrics: EvaluationMetrics | null = null): PreflightReport => ({
    ...base, repoBytes, verdict: 'rejected', rejection: reject(reason, message), metrics, candidate: false, notCandidate: [`rejected (${reason})`],
  });
  let repoBytes: number;
  try {
    repoBytes = req.cardBytes + (await folderBytes(dir));
  } catch (e) {
    return rejected('unreadable', `${dir}: cannot list its files (${oneLine(e)})`, 0);
  }
  if (repoBytes > config.maxDownloadBytes) {
    return rejected('size-limit', `${dir}: the repo would hold ${repoBytes} bytes (model files and card), expected at most maxDownloadBytes ${config.maxDownloadBytes}; validators do not download it`, repoBytes);
  }
  const expect = modelExpectations(config, shape);
  let loaded;
  try {
    loaded = await loadSubmittedModel(dir, expect);
  } catch (e) {
    return rejected('load-failed', `${dir}: loading threw (${oneLine(e)})`, repoBytes);
  }
  if (!loaded.ok) {
    return { ...rejected(loaded.reason, loaded.message, repoBytes), outsideRules: await measureOutsideRules(dir, expect.inputShape) };
  }
  disposeGenomeModel(loaded.model);
  const dataset = await req.loadDataset();
  const measured = await evaluateSubmission(dir, expect, dataset, config);
  if ('ok' in measured) return rejected(measured.reason, measured.message, repoBytes);
  const scored = { accuracy: measured.accuracyFloor, params: measured.paramsRounded, macs: measured.macsRounded };
  const notCandidate: string[] = [];
  if (scored.accuracy < config.minAccuracy) notCandidate.push(`accuracy ${scored.accuracy}% is below minAccuracy ${config.minAccuracy}%`);
  if (scored.macs >= config.maxMacs) notCandidate.push(`MACs ${scored.macs} are at or over maxMacs ${config.maxMacs}`);
  const report: PreflightReport = {
    ...base, repoBytes, verdict: 'accepted', rejection: null, metrics: measured,
    candidate: isCandidate(scored, config), notCandidate,
  };
  if (req.retrain) report.retrain = await leakGuard(req, dataset, measured.accuracyFloor);
  return report;
}

/** The round's retrain of one model, as the leak guard runs it; a failure is accuracy 0, as in the round. */
async function leakGuard(req: PreflightRequest, dataset: ImageDataset, submittedFloor: number): Promise<PreflightRetrain> {
  const { config, dir } = req;
  const lr = req.learningRate ?? config.learningRate;
  const started = performance.now();
  const common = { epochs: config.trainEpochs, learningRate: lr, seed: config.seed };
  try {
    const out = await retrainSubmission(dir, modelExpectations(config, dataset), dataset, config, req.learningRate);
    return {
      ...common, accuracy: out.accuracy, accuracyFloor: out.accuracyFloor, trainAccuracy: out.trainAccuracy,
      kept: out.accuracyFloor >= submittedFloor, error: null, ms: out.retrainMs,
    };
  } catch (e) {
    return { ...common, accuracy: null, accuracyFloor: 0, trainAccuracy: null, kept: false, error: oneLine(e), ms: Math.round(performance.now() - started) };
  }
}

/** Bytes of the files an upload of dir would carry (the files of its model hash). */
async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const rel of await listModelFiles(dir)) total += (await stat(join(dir, ...rel.split('/')))).size;
  return total;
}
