// Turns a run's records into the report's plain data and writes report.html:
// the facts, every candidate, hypervolume over time, the front of each rung
// and the model to submit (the words of the search's summary).
import { join } from 'node:path';
import { valiPreset } from '../core/vali-config.js';
import { dominates } from '../pareto/dominance.js';
import { paretoFront } from '../pareto/nondominated-sort.js';
import type { HvOverTime, ReportCandidate, ReportData, RungFront } from '../report/search-report-data.js';
import { renderSearchReport } from '../report/search-report.js';
import type { FrontMember } from './final-phase.js';
import { hvReference, normalisedHypervolume } from './hypervolume.js';
import { RUN_FILES, writeFileAtomic } from './run-files.js';
import { objectivesOf, scoredPointOf } from './select.js';
import type { SearchSettings } from './settings.js';
import { pickToSubmit, submitAdvice, type RunEnd } from './submit-pick.js';
import type { CandidateRecord, Limits, Phase } from './types.js';

export function writeSearchReport(dir: string, s: SearchSettings, records: readonly CandidateRecord[], front: readonly FrontMember[], end: RunEnd = {}): void {
  writeFileAtomic(join(dir, RUN_FILES.report), renderSearchReport(searchReportData(dir, s, records, front, end)));
}

/** The report's data for run folder `dir`; the model to submit is picked by the rules of the dataset's preset, as the search's summary does. */
export function searchReportData(dir: string, s: SearchSettings, records: readonly CandidateRecord[], front: readonly FrontMember[], end: RunEnd = {}): ReportData {
  const rules = valiPreset(s.dataset);
  return {
    title: `naschain search: ${s.space.name} space on ${s.dataset}`,
    facts: [
      ['dataset', s.dataset], ['space', s.space.name], ['seed', String(s.seed)],
      ['population × generations', `${s.population} × ${s.generations}`],
      ['time budget', s.timeBudgetMs === undefined ? 'none' : `${(s.timeBudgetMs / 60000).toFixed(1)} min`],
      ['rungs (images × epochs)', s.rungs.map((r) => `${r.trainImages}×${r.epochs}`).join(' → ')],
      ['final recipe', `${finalEpochs(s, records)} epochs, lr ${s.learningRate}`],
      ['limits', `params ≤ ${s.limits.maxParams}, rounded MACs < ${s.limits.maxMacs}, weights ≤ ${s.limits.maxBytes} bytes`],
    ],
    candidates: records.map(reportCandidate),
    frontHashes: front.filter((f) => f.onFront).map((f) => f.hash),
    hypervolume: hvOverTime(records, s.limits),
    rungFronts: rungFronts(records, s.rungs.length),
    submit: submitAdvice(pickToSubmit(front, rules), s, rules.minAccuracy, dir, end),
  };
}

function reportCandidate(r: CandidateRecord): ReportCandidate {
  return {
    hash: r.hash, phase: r.phase, rung: r.rung, generation: r.generation, status: r.status, accuracy: r.accuracy, params: r.params, macs: r.macs,
    trainImages: r.trainImages, epochs: r.epochs, seconds: r.seconds, ...(r.reason !== undefined ? { reason: r.reason } : {}),
  };
}

/**
 * Hypervolume over time of the search phase (rung 0, held-out accuracy) and
 * of the final models (test accuracy), against the run's reference point
 * (hvReference): after each complete record, that of the complete records of
 * its phase so far. Time is the record's elapsedSeconds; when a record lacks
 * it (written before it was kept), every record's time is the sum of
 * `seconds` up to it, in seq order.
 */
export function hvOverTime(records: readonly CandidateRecord[], limits: Limits): HvOverTime {
  const ordered = [...records].sort((a, b) => a.seq - b.seq);
  const elapsed = ordered.every((r) => r.elapsedSeconds !== undefined);
  const timeOf = new Map<CandidateRecord, number>();
  let sum = 0, last = 0;
  for (const r of ordered) {
    sum += r.seconds;
    // A wall clock stepped back must not draw the line backwards.
    last = Math.max(last, elapsed ? (r.elapsedSeconds as number) : sum);
    timeOf.set(r, last);
  }
  const ref = hvReference(limits);
  const series = (label: string, phase: Phase) => {
    let front: CandidateRecord[] = [];
    let hv = 0;
    const points: [number, number][] = [];
    for (const r of ordered) {
      if (r.phase !== phase || r.status !== 'complete') continue;
      const o = objectivesOf(r);
      // The hypervolume of a set is that of its non-dominated members: only a record that joins them changes it.
      if (!front.some((f) => dominates(objectivesOf(f), o))) {
        front = [...front.filter((f) => !dominates(o, objectivesOf(f))), r];
        hv = normalisedHypervolume(front.map(scoredPointOf), ref);
      }
      points.push([timeOf.get(r) as number, hv]);
    }
    return { label, points };
  };
  return {
    clock: elapsed ? 'elapsed' : 'summed',
    endSeconds: last,
    series: [series('search phase (rung 0, held-out accuracy)', 'search'), series('final models (test accuracy)', 'final')],
  };
}

/** Each rung's non-dominated complete records (accuracy up, params and MACs down), fewest params first: search rung 0, the promotion rungs, the final models. */
export function rungFronts(records: readonly CandidateRecord[], rungCount: number): RungFront[] {
  const groups: { label: string; accuracyOf: string; of: (r: CandidateRecord) => boolean }[] = [
    { label: 'search, rung 0', accuracyOf: 'held-out', of: (r) => r.phase === 'search' },
    ...Array.from({ length: Math.max(0, rungCount - 1) }, (_, i) => ({ label: `promotion rung ${i + 1}`, accuracyOf: 'held-out', of: (r: CandidateRecord) => r.phase === 'promote' && r.rung === i + 1 })),
    { label: 'final models', accuracyOf: 'test', of: (r) => r.phase === 'final' },
  ];
  return groups.flatMap((g) => {
    const rung = records.filter(g.of);
    if (rung.length === 0) return [];
    const complete = rung.filter((r) => r.status === 'complete');
    const members = paretoFront(complete.map(objectivesOf)).map((i) => complete[i] as CandidateRecord)
      .sort((a, b) => (a.params as number) - (b.params as number) || (b.accuracy as number) - (a.accuracy as number));
    return [{ label: g.label, accuracyOf: g.accuracyOf, complete: complete.length, members: members.map(reportCandidate) }];
  });
}

/** The epochs the final models trained for: cut below finalEpochs when the time left was short. */
function finalEpochs(s: SearchSettings, records: readonly CandidateRecord[]): string {
  const used = [...new Set(records.filter((r) => r.phase === 'final').map((r) => r.epochs))];
  if (used.length === 0 || (used.length === 1 && used[0] === s.finalEpochs)) return String(s.finalEpochs);
  return `${used.join(', ')} (of ${s.finalEpochs} asked; cut to fit the time left)`;
}
