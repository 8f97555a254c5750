// The live view of a search on stderr: on a terminal a block of lines redrawn
// in place (generation, evaluations, failures, the current front, hypervolume,
// elapsed and remaining budget); otherwise one plain line per evaluation.
import type { Phase, CandidateRecord } from './types.js';
import type { ScoredPoint } from './hypervolume.js';

export interface ProgressSnapshot {
  phase: Phase;
  generation: number;
  evaluations: number;
  failed: number;
  infeasible: number;
  /** Non-dominated search-phase candidates (low-fidelity accuracy). */
  front: ScoredPoint[];
  hypervolume: number;
  elapsedMs: number;
  budgetMs: number | undefined;
  last: CandidateRecord;
}

const mmss = (ms: number) => `${Math.floor(ms / 60000)}m${String(Math.floor((ms % 60000) / 1000)).padStart(2, '0')}s`;
const k = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n));

export function lastLine(p: ProgressSnapshot): string {
  const r = p.last;
  const what = r.status === 'complete' ? `${(r.accuracy ?? 0).toFixed(2)}%` : `${r.status}${r.reason ? ` (${r.reason})` : ''}`;
  const size = r.params === null ? '' : ` ${k(r.params)} params ${k(r.macs ?? 0)} MACs`;
  return `[${p.phase} ${p.phase === 'search' ? `gen ${p.generation}` : `rung ${r.rung}`}] #${p.evaluations} ${r.hash.slice(0, 8)}${size}: ${what} in ${r.seconds.toFixed(1)}s`;
}

export function progressLines(p: ProgressSnapshot): string[] {
  const budget = p.budgetMs === undefined ? 'no time budget' : `${mmss(Math.max(0, p.budgetMs - p.elapsedMs))} left of ${mmss(p.budgetMs)}`;
  const front = p.front.slice().sort((a, b) => a.params - b.params).slice(0, 6).map((f) => `${f.accuracy.toFixed(1)}%/${k(f.params)}/${k(f.macs)}`).join('  ');
  return [
    `naschain search: ${p.phase}, generation ${p.generation}, ${p.evaluations} evaluations (${p.failed} failed, ${p.infeasible} over the limits), elapsed ${mmss(p.elapsedMs)}, ${budget}`,
    `front (acc/params/MACs at low fidelity): ${front || '-'}   hypervolume ${p.hypervolume.toFixed(4)}`,
    lastLine(p),
  ];
}

/** A progress callback writing to `stream`: redrawn in place when interactive, else one line per evaluation. */
export function progressView(stream: NodeJS.WritableStream, interactive: boolean): (p: ProgressSnapshot) => void {
  let drawn = 0;
  return (p) => {
    if (!interactive) {
      stream.write(`${lastLine(p)}\n`);
      return;
    }
    const lines = progressLines(p);
    const up = drawn > 0 ? `\x1b[${drawn}A` : '';
    stream.write(up + lines.map((l) => `\x1b[2K${l}`).join('\n') + '\n');
    drawn = lines.length;
  };
}
