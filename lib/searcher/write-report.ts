// Turns a run's records into the report's plain data and writes report.html.
import { join } from 'node:path';
import { renderSearchReport } from '../report/search-report.js';
import type { FrontMember } from './final-phase.js';
import { RUN_FILES, writeFileAtomic } from './run-files.js';
import type { SearchSettings } from './settings.js';
import type { CandidateRecord } from './types.js';

export function writeSearchReport(dir: string, s: SearchSettings, records: readonly CandidateRecord[], front: readonly FrontMember[]): void {
  const html = renderSearchReport({
    title: `naschain search: ${s.space.name} space on ${s.dataset}`,
    facts: [
      ['dataset', s.dataset], ['space', s.space.name], ['seed', String(s.seed)],
      ['population × generations', `${s.population} × ${s.generations}`],
      ['time budget', s.timeBudgetMs === undefined ? 'none' : `${(s.timeBudgetMs / 60000).toFixed(1)} min`],
      ['rungs (images × epochs)', s.rungs.map((r) => `${r.trainImages}×${r.epochs}`).join(' → ')],
      ['final recipe', `${finalEpochs(s, records)} epochs, lr ${s.learningRate}`],
      ['limits', `params ≤ ${s.limits.maxParams}, rounded MACs < ${s.limits.maxMacs}, weights ≤ ${s.limits.maxBytes} bytes`],
    ],
    candidates: records.map((r) => ({
      hash: r.hash, phase: r.phase, rung: r.rung, generation: r.generation, status: r.status, accuracy: r.accuracy, params: r.params, macs: r.macs,
      trainImages: r.trainImages, epochs: r.epochs, seconds: r.seconds, ...(r.reason !== undefined ? { reason: r.reason } : {}),
    })),
    frontHashes: front.filter((f) => f.onFront).map((f) => f.hash),
  });
  writeFileAtomic(join(dir, RUN_FILES.report), html);
}

/** The epochs the final models trained for: cut below finalEpochs when the time left was short. */
function finalEpochs(s: SearchSettings, records: readonly CandidateRecord[]): string {
  const used = [...new Set(records.filter((r) => r.phase === 'final').map((r) => r.epochs))];
  if (used.length === 0 || (used.length === 1 && used[0] === s.finalEpochs)) return String(s.finalEpochs);
  return `${used.join(', ')} (of ${s.finalEpochs} asked; cut to fit the time left)`;
}
