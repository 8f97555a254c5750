// The round's table: one row per listed submission, in the source's order,
// joining what was measured (the state), what the retrain loop did and what
// ties, rewards and weights decided. Pure: plain data in, rows out.
import { isCandidate } from '../../score/front.js';
import type { RetrainRecord } from '../../score/retrain.js';
import type { RoundScore } from '../../score/round.js';
import type { FrontConfig } from '../../score/types.js';
import type { ProcessedWeights } from '../../score/bittensor-weights.js';
import type { StoredResult } from '../state-store.js';
import type { RoundRow } from './round-result.js';
import type { ScoredModel } from './run-round.js';
import type { SourcedSubmission } from './submission-source.js';

export interface RowInputs {
  entries: readonly SourcedSubmission[];
  /** Stored result per entry name (accepted entries only). */
  results: ReadonlyMap<string, StoredResult>;
  /** Scored models with their final (retrained) accuracy. */
  final: readonly ScoredModel[];
  score: RoundScore<ScoredModel>;
  records: readonly RetrainRecord[];
  frontConfig: FrontConfig;
  emitted: ProcessedWeights;
}

export function buildRows(x: RowInputs): RoundRow[] {
  const finalByName = new Map(x.final.map((m) => [m.entry.name, m]));
  const rewarded = new Set(x.score.ties.rewarded.map((m) => m.entry.name));
  const lost = new Map(x.score.ties.lost.map((l) => [l.model.entry.name, l.reason]));
  const rewardByUid = new Map(x.score.rewards.map((r) => [r.uid, r.reward]));
  const weightByUid = new Map(x.emitted.uids.map((u, i) => [u, x.emitted.weights[i] ?? 0]));
  const keptByUid = new Map(x.records.map((r) => [r.uid, r.kept]));
  return x.entries.map((e): RoundRow => {
    const empty: RoundRow = {
      name: e.name, uid: e.ok ? e.submission.uid : e.uid, hotkey: e.ok ? e.submission.hotkey : null,
      repo: e.ok ? e.submission.repo : null, commit: e.ok ? e.submission.commit : null,
      accuracy: null, accuracyFloor: null, params: null, paramsRounded: null, macs: null, macsRounded: null,
      retrainAccuracy: null, retrainAccuracyFloor: null, trainAccuracy: null, gap: null, scoredAccuracy: null,
      pareto: 'rejected', reward: 0, weight: 0, reason: null, message: null,
    };
    if (!e.ok) return { ...empty, reason: e.reason, message: e.message };
    const stored = x.results.get(e.name);
    const row: RoundRow = { ...empty };
    if (stored?.evaluation) {
      const v = stored.evaluation;
      Object.assign(row, { accuracy: v.accuracy, accuracyFloor: v.accuracyFloor, params: v.params, paramsRounded: v.paramsRounded, macs: v.macs, macsRounded: v.macsRounded });
    }
    if (stored?.retrain) {
      const t = stored.retrain;
      Object.assign(row, { retrainAccuracy: t.accuracy, retrainAccuracyFloor: t.accuracyFloor, trainAccuracy: t.trainAccuracy, gap: t.gap });
    }
    const m = finalByName.get(e.name);
    if (!m) {
      const rej = stored?.rejection;
      return { ...row, reason: rej?.reason ?? 'eval-failed', message: rej?.message ?? 'no result was stored for it' };
    }
    row.scoredAccuracy = m.accuracy;
    row.reward = rewardByUid.get(m.uid) ?? 0;
    row.weight = weightByUid.get(m.uid) ?? 0;
    if (stored?.rejection?.reason === 'retrain-failed' || stored?.rejection?.reason === 'retrain-timeout') {
      return { ...row, pareto: 'dropped', reason: stored.rejection.reason, message: stored.rejection.message };
    }
    if (rewarded.has(e.name)) return { ...row, pareto: 'front' };
    const tie = lost.get(e.name);
    if (tie) return { ...row, pareto: 'tie-lost', reason: tie };
    if (keptByUid.get(m.uid) === false) {
      return { ...row, pareto: 'dropped', reason: 'retrained-below-submitted', message: `retrained to ${m.accuracy}%, submitted ${row.accuracyFloor}%` };
    }
    return { ...row, pareto: isCandidate(m, x.frontConfig) ? 'dominated' : 'not-candidate' };
  });
}
