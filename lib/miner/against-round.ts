// "Would my model make the front of that round, and what weight would it get?"
// A saved round (the RoundResult JSON `naschain validate --json` prints) plus
// one more model, scored with lib/score's own front, tie-break, rewards and
// u16 weights. Pure: plain data in, plain data out.
//
// The round keeps each model's scored numbers (after its retrain) but not the
// block of its commitment, so ties are replayed as the round settled them:
// the round's rewarded member of a tie group wins it again, and the new model,
// committed after all of them, loses any exact tie (later block).
import { NaschainError } from '../core/errors.js';
import { dominatesModel } from '../score/front.js';
import { scoreRound } from '../score/round.js';
import type { ScoreRecord } from '../score/types.js';
import { rewardsToWeights } from '../score/weights.js';
import { ROUND_RESULT_KIND, ROUND_RESULT_VERSION, type RoundResult } from '../validator/round/round-result.js';

/** Scored numbers: accuracy floored, params and MACs rounded, as the round compares them. */
export interface ScoredNumbers {
  accuracy: number;
  params: number;
  macs: number;
}

export interface RivalModel extends ScoredNumbers {
  uid: number;
  name: string;
}

export interface AgainstOutcome {
  /** Where the round came from (its `source`) and how many scored models it had. */
  source: string;
  rivals: number;
  /** The uid the model was placed at: --uid's (replacing that row) or a new one. */
  uid: number;
  replaced: string | null;
  mine: ScoredNumbers;
  status: 'front' | 'tie-lost' | 'dominated' | 'not-candidate';
  /** Models of the round that dominate it. */
  dominatedBy: RivalModel[];
  /** Models of the round's front that it would push off. */
  displaces: RivalModel[];
  /** uids of the new front's rewarded members. */
  front: number[];
  /** Its share of the round's rewards (0..1) and the u16 weight set_weights would send. */
  reward: number;
  weight: number;
  /** Its weight over the sum of every emitted weight (0..1). */
  weightShare: number;
}

/** Checks the parts of a parsed RoundResult this comparison reads; CORRUPT naming `source` otherwise. */
export function checkRoundResult(raw: unknown, source: string): RoundResult {
  const r = raw as Partial<RoundResult> | null;
  const bad = (what: string) => new NaschainError('CORRUPT', `round result ${source}: ${what}, expected a naschain/validator-round document (naschain validate --json)`);
  if (typeof r !== 'object' || r === null) throw bad('not a JSON object');
  if (r.kind !== ROUND_RESULT_KIND) throw bad(`kind ${JSON.stringify(r.kind)}`);
  if (r.version !== ROUND_RESULT_VERSION) throw bad(`version ${JSON.stringify(r.version)}`);
  if (!Array.isArray(r.rows)) throw bad('no rows');
  if (typeof r.config?.minAccuracy !== 'number' || typeof r.config.maxMacs !== 'number') throw bad('no config.minAccuracy / config.maxMacs');
  if (!(Number.isInteger(r.subnetSize) && (r.subnetSize as number) > 0)) throw bad(`subnetSize ${JSON.stringify(r.subnetSize)}`);
  if (typeof r.limits?.minAllowedWeights !== 'number' || typeof r.limits.maxWeightLimit !== 'number') throw bad('no limits');
  return r as RoundResult;
}

interface Placed extends ScoreRecord {
  name: string;
}

/** Scores `mine` among the round's scored models; `uid` puts it in that uid's place (its own earlier model). */
export function scoreAgainstRound(round: RoundResult, mine: ScoredNumbers, uid?: number): AgainstOutcome {
  const frontConfig = { minAccuracy: round.config.minAccuracy, maxMacs: round.config.maxMacs };
  const rows = round.rows.filter((r) => r.uid !== null && r.scoredAccuracy !== null && r.paramsRounded !== null && r.macsRounded !== null);
  const replacedRow = uid === undefined ? undefined : rows.find((r) => r.uid === uid);
  const myUid = uid ?? Math.max(round.subnetSize, ...rows.map((r) => (r.uid as number) + 1));
  const rivals: Placed[] = rows.filter((r) => r !== replacedRow).map((r, i) => ({
    uid: r.uid as number, hotkey: r.hotkey ?? '', name: r.name, block: 0,
    // The round's tie winners keep winning; an unbroken tie stays unbroken.
    extrinsicIndex: r.pareto === 'front' || r.reason === 'unbroken-tie' ? 0 : i + 1,
    accuracy: r.scoredAccuracy as number, params: r.paramsRounded as number, macs: r.macsRounded as number,
  }));
  const me: Placed = { uid: myUid, hotkey: 'mine', name: 'this model', block: Number.MAX_SAFE_INTEGER, extrinsicIndex: 0, ...mine };
  const all = [...rivals, me];
  const before = scoreRound(rivals, frontConfig);
  const after = scoreRound(all, frontConfig);
  const subnetSize = Math.max(round.subnetSize, ...all.map((p) => p.uid + 1));
  const weights = rewardsToWeights(after.rewards.map((r) => ({ uid: r.uid, reward: r.reward })), subnetSize, round.limits);
  const weightOf = (u: number) => weights.emitted.weights[weights.emitted.uids.indexOf(u)] ?? 0;
  const totalWeight = weights.emitted.weights.reduce((a, b) => a + b, 0);
  const rewarded = after.ties.rewarded.includes(me);
  const onFront = after.front.includes(me);
  const status: AgainstOutcome['status'] = rewarded ? 'front' : onFront ? 'tie-lost' : mine.accuracy >= frontConfig.minAccuracy && mine.macs < frontConfig.maxMacs ? 'dominated' : 'not-candidate';
  const rival = (p: Placed): RivalModel => ({ uid: p.uid, name: p.name, accuracy: p.accuracy, params: p.params, macs: p.macs });
  return {
    source: round.source, rivals: rivals.length, uid: myUid, replaced: replacedRow ? replacedRow.name : null, mine, status,
    dominatedBy: rivals.filter((r) => dominatesModel(r, me)).map(rival),
    displaces: before.front.filter((p) => !after.front.includes(p) && dominatesModel(me, p)).map(rival),
    front: after.ties.rewarded.map((p) => p.uid),
    reward: after.rewards.find((r) => r.uid === myUid)?.reward ?? 0,
    weight: weightOf(myUid),
    weightShare: totalWeight > 0 ? weightOf(myUid) / totalWeight : 0,
  };
}
