// One validator round on the network: forget last round's transient failures,
// read the subnet (size and weight limits come from the chain), score every
// commitment through runRound over the chain source (stored results are
// reused, so only new or changed models cost anything), set the weights, then
// append the round's JSON line and replace the HTML report. A failure to set
// weights is recorded in the line and returned, not thrown: the results are
// saved either way and the caller decides whether that ends the run.
import type { Logger } from '../../core/log.js';
import type { ValiConfig } from '../../core/vali-config.js';
import type { ImageDataset } from '../../data/types.js';
import type { ChainClient } from '../../chain/client.js';
import type { RevealStore } from '../../chain/weights-commit.js';
import type { Hotkey } from '../../chain/wallet.js';
import { u16ToFraction } from '../../score/bittensor-weights.js';
import { validatorReportHtml } from '../../report/validator-report.js';
import { TRANSIENT_REASONS } from '../reject-reasons.js';
import type { StateStore } from '../state-store.js';
import type { ChainSource } from '../round/chain-source.js';
import type { RetrainJournal } from '../round/retrain-journal.js';
import type { RoundResult } from '../round/round-result.js';
import { runRound } from '../round/run-round.js';
import type { RoundJobRunner } from '../round/round-jobs.js';
import type { DeadlinePolicy } from '../round/job-deadlines.js';
import { oneLine } from '../round/evaluate-submission.js';
import { appendRoundLine, REPORT_FILE, writeFileAtomic } from './round-files.js';
import { join } from 'node:path';
import { setRoundWeights, type WeightsSet } from './weights-step.js';

export const ROUND_LINE_KIND = 'naschain/validator-round-line';
export const ROUND_LINE_VERSION = 1;

export type RoundPhase = 'chain' | 'scoring' | 'weights';

export interface NetworkRoundDeps {
  client: ChainClient;
  hotkey: Hotkey;
  source: ChainSource;
  store: StateStore;
  journal: RetrainJournal;
  reveals: RevealStore;
  dataset: ImageDataset;
  config: ValiConfig;
  backend: string;
  /** Where evaluations and retrains run (a killable worker with deadlines); default in-process. */
  runner?: RoundJobRunner;
  deadlines?: DeadlinePolicy;
  stateDir: string;
  versionKey: bigint;
  log?: Logger;
  waitForBlock(block: number): Promise<void>;
  /** Told when the round moves on, so a signal handler knows what it would interrupt. */
  onPhase?(phase: RoundPhase): void;
}

/** Wall time of one round, split by step (milliseconds). */
export interface RoundLineTimings {
  totalMs: number;
  /** Metagraph, commitments, extrinsic indexes, subnet hyperparameters. */
  chainMs: number;
  /** Hub listing (size check), download and hash check of new models. */
  downloadMs: number;
  /** Checked loading, accuracy, params and MACs of new models (runRound's evaluation phase less downloads). */
  evaluateMs: number;
  retrainMs: number;
  /** Validator checks, any rate-limit wait, the extrinsic and its inclusion. */
  weightsMs: number;
}

export interface RoundLine {
  kind: typeof ROUND_LINE_KIND;
  version: typeof ROUND_LINE_VERSION;
  round: number;
  startedAt: string;
  finishedAt: string;
  endpoint: string;
  netuid: number;
  /** Best block when the round read the subnet. */
  block: number;
  hotkey: string;
  uids: number;
  /** Rows not rejected: measured models, on the front or not. */
  scored: number;
  evaluated: number;
  retrained: number;
  downloads: number;
  /** Keys whose transient failure was forgotten so this round tried them again. */
  retried: number;
  front: number[];
  weights: { uids: number[]; weights: number[] };
  set: ({ ok: true } & WeightsSet) | { ok: false; error: string };
  timings: RoundLineTimings;
}

export interface NetworkRoundOutcome {
  line: RoundLine;
  result: RoundResult;
  /** The weights step's error, when it failed (the line records it too). */
  weightsError: unknown;
}

export async function runNetworkRound(deps: NetworkRoundDeps, round: number): Promise<NetworkRoundOutcome> {
  const { client, source, store, log } = deps;
  const started = new Date();
  const t0 = performance.now();
  const before = { ...source.timings };
  deps.onPhase?.('chain');
  const retried = deps.store.forgetRejections(TRANSIENT_REASONS);
  if (retried.length > 0) log?.info(`retrying ${retried.length} model(s) whose last attempt failed for a passing reason: uid ${retried.map((k) => k.uid).join(', ')}`);
  const tc = performance.now();
  const subnet = await client.subnet();
  const subnetMs = performance.now() - tc;
  const h = subnet.hyperparams;
  log?.info(`round ${round}: subnet ${subnet.netuid} at block ${subnet.block}, ${subnet.size} UIDs, min allowed weights ${h.minAllowedWeights}, max weight limit ${h.maxWeightsLimit}/65535`);

  deps.onPhase?.('scoring');
  const result = await runRound(source, {
    dataset: deps.dataset, config: deps.config, store, journal: deps.journal, backend: deps.backend,
    ...(deps.runner ? { runner: deps.runner } : {}), ...(deps.deadlines ? { deadlines: deps.deadlines } : {}),
    limits: { minAllowedWeights: h.minAllowedWeights, maxWeightLimit: u16ToFraction(h.maxWeightsLimit) },
    subnetSize: Math.max(1, subnet.size), ...(log ? { log } : {}),
  });

  deps.onPhase?.('weights');
  const tw = performance.now();
  let set: RoundLine['set'];
  let weightsError: unknown = null;
  try {
    if (result.weights.uids.length === 0) throw new Error('the round produced no non-zero weight to set');
    const out = await setRoundWeights(
      { client, hotkey: deps.hotkey, reveals: deps.reveals, waitForBlock: deps.waitForBlock, ...(log ? { log } : {}) },
      { uids: result.weights.uids, weights: result.weights.weights, versionKey: deps.versionKey },
    );
    set = { ok: true, ...out };
    log?.info(out.mode === 'set'
      ? `weights set on chain${out.block === null ? '' : ` in block ${out.block}`}: uids ${result.weights.uids.join(', ')}`
      : `weights committed${out.block === null ? '' : ` in block ${out.block}`}, to be revealed in epoch ${out.revealEpoch}`);
  } catch (e) {
    weightsError = e;
    set = { ok: false, error: oneLine(e) };
    log?.warn(`round ${round}: weights not set: ${oneLine(e)}`);
  }
  const weightsMs = performance.now() - tw;

  const chainMs = subnetMs + (source.timings.chainMs - before.chainMs);
  const downloadMs = source.timings.downloadMs - before.downloadMs;
  const line: RoundLine = {
    kind: ROUND_LINE_KIND, version: ROUND_LINE_VERSION, round,
    startedAt: started.toISOString(), finishedAt: new Date().toISOString(),
    endpoint: client.endpoint, netuid: client.netuid, block: subnet.block, hotkey: deps.hotkey.address,
    uids: result.rows.length, scored: result.rows.filter((r) => r.pareto !== 'rejected').length,
    evaluated: result.timings.evaluated, retrained: result.timings.retrained,
    downloads: source.timings.downloads - before.downloads, retried: retried.length,
    front: result.front, weights: result.weights, set,
    timings: {
      totalMs: Math.round(performance.now() - t0), chainMs: Math.round(chainMs), downloadMs: Math.round(downloadMs),
      evaluateMs: Math.round(Math.max(0, result.timings.evaluateMs - downloadMs)), retrainMs: Math.round(result.timings.retrainMs),
      weightsMs: Math.round(weightsMs),
    },
  };
  appendRoundLine(deps.stateDir, line);
  writeFileAtomic(join(deps.stateDir, REPORT_FILE), validatorReportHtml(result));
  return { line, result, weightsError };
}
