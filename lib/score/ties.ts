// Upstream's tie-break among front members with identical (accuracy, params,
// MACs): the earliest commitment wins (lowest block, then lowest extrinsic
// index); when even that is tied, nobody in the group is rewarded.
import type { ScoreRecord } from './types.js';

type Tied = Pick<ScoreRecord, 'accuracy' | 'params' | 'macs' | 'block' | 'extrinsicIndex'>;

export type TieLoss = 'later-block' | 'later-extrinsic' | 'unbroken-tie';

export interface TieOutcome<T> {
  /** Front members that keep their reward, in input order. */
  rewarded: T[];
  /** Front members that lost a tie, in input order, with why. */
  lost: { model: T; reason: TieLoss }[];
}

export function breakTies<T extends Tied>(front: readonly T[]): TieOutcome<T> {
  const groups = new Map<string, T[]>();
  for (const m of front) {
    const key = JSON.stringify([m.accuracy, m.params, m.macs]);
    const g = groups.get(key);
    if (g) g.push(m);
    else groups.set(key, [m]);
  }
  const verdict = new Map<T, TieLoss | 'won'>();
  for (const group of groups.values()) {
    if (group.length === 1) {
      verdict.set(group[0] as T, 'won');
      continue;
    }
    const minBlock = Math.min(...group.map((m) => m.block));
    const earliest = group.filter((m) => m.block === minBlock);
    const minExt = Math.min(...earliest.map((m) => m.extrinsicIndex));
    const first = earliest.filter((m) => m.extrinsicIndex === minExt);
    for (const m of group) {
      if (m.block !== minBlock) verdict.set(m, 'later-block');
      else if (m.extrinsicIndex !== minExt) verdict.set(m, 'later-extrinsic');
      else verdict.set(m, first.length === 1 ? 'won' : 'unbroken-tie');
    }
  }
  const out: TieOutcome<T> = { rewarded: [], lost: [] };
  for (const m of front) {
    const v = verdict.get(m) as TieLoss | 'won';
    if (v === 'won') out.rewarded.push(m);
    else out.lost.push({ model: m, reason: v });
  }
  return out;
}
