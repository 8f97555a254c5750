// Which model of a search's front to submit: the most accurate one a validator
// would take as a candidate (lib/score isCandidate on the scored numbers:
// floored accuracy, rounded MACs);
// when none is, the most accurate one, flagged, so the summary can say why;
// and what to tell the miner about it (the search's summary and report.html
// say the same). Pure: front members in, a pick and its wording out.
import { isCandidate } from '../score/front.js';
import type { FrontConfig } from '../score/types.js';
import type { FrontMember } from './final-phase.js';
import type { SearchSettings } from './settings.js';

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

/** What to tell the miner: plain data, so that a terminal and report.html word it alike. */
export interface SubmitAdvice {
  /** The folder to submit, or the most accurate model when none clears; absent when no model was trained. */
  dir?: string;
  /** A validator would count it. */
  clears: boolean;
  /** One sentence: the model to submit and why it, or why nothing would count yet. */
  headline: string;
  /** What to run next, each with what it does. */
  commands: { what: string; command: string }[];
}

/** The repository placeholder of the submit command. */
export const REPO_PLACEHOLDER = '<your-hf-namespace>/<model-name>';

/** How a run ended, for the advice when it trained no model. */
export interface RunEnd { resumeBudgetMinutes?: number; noneFinished?: boolean }

/** The run's end from its counts: no candidate finished when every evaluation failed or was over the limits, one at least failed. */
export function runEnd(o: { failed: number; infeasible: number; evaluations: number; resumeBudgetMinutes?: number | undefined }): RunEnd {
  return { ...(o.resumeBudgetMinutes === undefined ? {} : { resumeBudgetMinutes: o.resumeBudgetMinutes }), noneFinished: o.failed > 0 && o.failed + o.infeasible === o.evaluations };
}

/** The advice on a pick of run `runDir`; a run that did not clear is told to run again, twice as long (or an hour). */
export function submitAdvice(
  pick: SubmitPick | undefined, settings: Pick<SearchSettings, 'dataset' | 'timeBudgetMs'>, minAccuracy: number, runDir: string,
  run: RunEnd = {},
): SubmitAdvice {
  const minutes = settings.timeBudgetMs === undefined ? 60 : Math.ceil(settings.timeBudgetMs / 30_000);
  const longer = { what: 'give it more time, e.g.', command: `naschain search --dataset ${settings.dataset} --time-budget ${minutes} --out ${runDir}-longer` };
  if (!pick && run.resumeBudgetMinutes !== undefined) {
    return {
      clears: false, headline: 'no model was trained: the time budget ran out before the final training; nothing is lost',
      commands: [{ what: 'train it with a longer budget', command: `naschain search --resume ${runDir} --time-budget ${run.resumeBudgetMinutes}` }],
    };
  }
  if (!pick && run.noneFinished) return { clears: false, headline: 'no model was trained: no candidate finished training within the time budget', commands: [longer] };
  if (!pick) return { clears: false, headline: 'no model was trained: nothing to submit', commands: [] };
  const m = pick.member;
  if (!pick.clears) {
    return {
      dir: m.dir, clears: false,
      headline: `nothing to submit yet: the most accurate model (${m.accuracy.toFixed(2)}%, ${m.dir}) would not count for validators: ${pick.why ?? 'it does not clear the rules'}`,
      commands: [longer],
    };
  }
  return {
    dir: m.dir, clears: true,
    headline: `to submit: ${m.dir} (${m.accuracy.toFixed(2)}%, ${m.params.toLocaleString('en-US')} params; the most accurate model that clears the minimum of ${minAccuracy}%)`,
    commands: [
      { what: 'check it as a validator would', command: `naschain check ${m.dir}` },
      { what: 'submit it', command: `naschain submit ${m.dir} --repo ${REPO_PLACEHOLDER}` },
    ],
  };
}

/** The advice as terminal lines: the headline, then each command indented, the commands aligned. */
export function submitAdviceLines(a: SubmitAdvice): string[] {
  const width = Math.max(0, ...a.commands.map((c) => c.what.length + 1));
  return [a.headline, ...a.commands.map((c) => `  ${`${c.what}:`.padEnd(width)}  ${c.command}`)];
}
