// The genome a bench works on: --genome '<json>', or --run DIR --hash PREFIX
// (a candidate of that search run), checked against the space. Shared by
// final-recipe.ts and genome-model.ts.
import { join } from 'node:path';
import { checkGenome, type Genome } from '../lib/search/genome.js';
import type { SearchSpace } from '../lib/search/space.js';
import { RUN_FILES, readRecords } from '../lib/searcher/run-files.js';

export interface GenomeArgs {
  genome?: string;
  run?: string;
  hash?: string;
}

/** The genome the arguments name; `fail` (which exits 2) gets what was wrong. */
export function genomeFromArgs(a: GenomeArgs, space: SearchSpace, fail: (message: string) => never): Genome {
  let genome: Genome;
  if (a.genome !== undefined) {
    try {
      genome = JSON.parse(a.genome) as Genome;
    } catch (e) {
      fail(`--genome: got ${JSON.stringify(a.genome.slice(0, 80))}, expected a genome as JSON (${(e as Error).message})`);
    }
  } else {
    if (a.run === undefined || a.hash === undefined) fail('expected --genome JSON, or --run DIR with --hash PREFIX (a candidate of that run)');
    const prefix = a.hash;
    const hit = readRecords(a.run).find((r) => r.hash.startsWith(prefix));
    if (hit === undefined) fail(`--hash: no candidate of ${join(a.run, RUN_FILES.candidates)} has a hash starting ${prefix}`);
    genome = hit.genome;
  }
  try {
    return checkGenome(space, genome);
  } catch (e) {
    fail(`genome: ${(e as Error).message}`);
  }
}
