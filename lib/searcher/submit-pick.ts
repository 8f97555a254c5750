// Which model of a search's front to submit: the most accurate one a validator
// would take as a candidate (lib/score isCandidate on the scored numbers:
// floored accuracy, rounded MACs);
// when none is, the most accurate one, flagged, so the summary can say why.
// Pure: front members in, a pick out.
import { isCandidate } from '../score/front.js';
import type { FrontConfig } from '../score/types.js';
import type { FrontMember } from './final-phase.js';

export interface SubmitPick {
  member: FrontMember;
  /** A validator would count it as a candidate. */
  clears: boolean;
  /** Why not, when it does not clear. */
  why?: string;
}

export function pickToSubmit(front: readonly FrontMember[], rules: FrontConfig): SubmitPick | undefined {
  const byAccuracy = [...front].sort((a, b) => b.accuracy - a.accuracy || a.params - b.params);
  const ok = byAccuracy.find((f) => isCandidate({ accuracy: f.accuracyFloored, params: f.paramsRounded, macs: f.macsRounded }, rules));
  if (ok) return { member: ok, clears: true };
  const best = byAccuracy[0];
  if (!best) return undefined;
  const why = best.accuracyFloored < rules.minAccuracy
    ? `its accuracy ${best.accuracyFloored}% is below the minimum of ${rules.minAccuracy}%`
    : `its ${best.macsRounded.toLocaleString('en-US')} MACs are not under the cap of ${rules.maxMacs.toLocaleString('en-US')}`;
  return { member: best, clears: false, why };
}
