// A search small enough for the default suite through the real CLI: the macro
// space narrowed to 4-8 channel conv/dwsep stages (models of about a thousand
// parameters), and run settings with rungs of a few hundred images, one
// final model and no time budget (so a run, killed or not, evaluates the same
// genomes in the same order). `naschain search --resume DIR` runs a folder
// holding only this run.json as a run killed before its first record.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { valiPreset } from '../../lib/core/vali-config.js';
import { builtinSpacesDir } from '../../lib/search/space-file.js';
import { parseSearchSpace, type SearchSpace } from '../../lib/search/space.js';
import { defaultSettings } from '../../lib/searcher/defaults.js';
import { RUN_FILES, readRecords } from '../../lib/searcher/run-files.js';
import type { SearchSettings } from '../../lib/searcher/settings.js';
import { withoutTimes } from '../../lib/searcher/record.js';

const NARROW: Array<[RegExp, (g: Record<string, unknown>) => void]> = [
  [/^stem_width$|_width$/, (g) => { g.options = [4, 8]; }],
  [/_depth$/, (g) => { g.min = 1; g.max = 1; }],
  [/_block$/, (g) => { g.options = ['conv', 'dwsep']; }],
  [/_kernel$/, (g) => { g.options = [3]; }],
  [/_se$/, (g) => { g.options = [false]; }],
  [/_expansion$/, (g) => { g.options = [1]; }],
  [/_downsample$/, (g) => { g.options = [true]; }],
];

export function tinySpaceJson(): Record<string, unknown> {
  const raw = JSON.parse(readFileSync(join(builtinSpacesDir(), 'macro.json'), 'utf8')) as { name: string; genes: Record<string, unknown>[] };
  for (const g of raw.genes) NARROW.find(([re]) => re.test(String(g.name)))?.[1](g);
  return { ...raw, name: 'tiny' };
}

export function tinySpace(): SearchSpace {
  return parseSearchSpace(tinySpaceJson(), 'tiny space');
}

/** Writes the tiny space as a file (for --space) and returns its path. */
export function writeTinySpace(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'tiny-space.json');
  writeFileSync(path, JSON.stringify(tinySpaceJson()));
  return path;
}

/** Settings of a tiny run on the embedded subset: 4 + 4 candidates at rung 0, 2 promoted, 1 trained with the recipe. */
export function tinySettings(seed: number): SearchSettings {
  const space = tinySpace();
  const base = defaultSettings({ space, config: valiPreset('fashion-mnist-small'), trainImages: 10_000, seed, population: 4, generations: 2, finalEpochs: 1, initial: [] });
  const { timeBudgetMs: _none, ...rest } = base;
  return { ...rest, rungs: [{ trainImages: 256, epochs: 1, batchSize: 32 }, { trainImages: 512, epochs: 1, batchSize: 32 }], promoteCount: 2, finalCount: 1 };
}

/** A run folder holding only run.json, for `naschain search --resume`. */
export function tinyRunFolder(dir: string, seed: number): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, RUN_FILES.run), JSON.stringify(tinySettings(seed)));
  return dir;
}

/** The records without what depends on the clock. */
export function comparableRecords(dir: string): object[] {
  return readRecords(dir).map(withoutTimes);
}
