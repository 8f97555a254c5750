// How long the promotions (rungs 1 and up) would take if the search phase
// ended now, so that the search phase can stop in time to leave it to them.
// Pure: plain records in, milliseconds out.
//   rung 1 trains the networks promotionPool would pick now (promoteCount);
//   each next rung the most accurate nextRungSize of them
//   (the search run picks from the rung before; rung-0 order stands in).
//   A network's cost at a rung is its rung-0 seconds per image times the
//   rung's images x epochs (issue 16's seed 0 on a 2-core VM took
//   0.76-1.22 of that at rung 1, 0.96 on average, and 0.83-0.90 at rung 2),
//   and a rung takes the makespan of its costs on `lanes`.
// Issue 16: on a VM where rung 0 ran at half the speed of earlier runs, the
// search phase spent its whole 40% share, the promotions had 8% of the hour
// for 12 networks at rung 1 and 4 at rung 2, and rung 2 was cut after 2.
import { makespan } from './ordered-batch.js';
import { nextRungSize, promotionPool } from './select.js';
import type { SearchSettings } from './settings.js';
import type { CandidateRecord } from './types.js';

export function promotionEstimateMs(records: readonly CandidateRecord[], s: Pick<SearchSettings, 'rungs' | 'promoteCount' | 'finalCount' | 'eta'>, lanes: number): number {
  const rung0 = records.filter((r) => r.phase === 'search' && r.rung === 0);
  let entrants = promotionPool(rung0, s.promoteCount);
  let total = 0;
  for (let rung = 1; rung < s.rungs.length && entrants.length > 0; rung++) {
    const f = s.rungs[rung];
    if (f === undefined) break;
    total += makespan(entrants.map((r) => (1000 * r.seconds * f.trainImages * f.epochs) / Math.max(1, r.trainImages * r.epochs)), lanes);
    entrants = entrants.slice(0, nextRungSize(entrants.length, s));
  }
  return total;
}
