// A search run in its own process (for the SIGKILL spec): the synthetic
// evaluator with a short pause per evaluation so the parent can kill it mid-run.
// argv: <dir> <start|resume>
import { valiPreset } from '../../lib/core/vali-config.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { defaultSettings } from '../../lib/searcher/defaults.js';
import { SearchRun } from '../../lib/searcher/search-run.js';
import { seedGenomes } from '../../lib/searcher/seed-genomes.js';
import { SyntheticEvaluator } from './synthetic-evaluator.js';

const [dir, mode] = process.argv.slice(2) as [string, string];
const space = loadSearchSpace('macro');
const settings = { ...defaultSettings({ space, config: valiPreset('fashion-mnist'), trainImages: 1000, seed: 11, population: 6, generations: 3, maxParams: 30_000, initial: seedGenomes(space).slice(0, 2) }), promoteCount: 4, finalCount: 2 };
class Slow extends SyntheticEvaluator {
  override async evaluate(...a: Parameters<SyntheticEvaluator['evaluate']>) {
    await new Promise((r) => setTimeout(r, 40));
    return super.evaluate(...a);
  }
}
let t = 0;
const deps = { evaluator: new Slow(), clock: () => (t += 5) };
const run = mode === 'resume' ? SearchRun.resume(dir, deps) : SearchRun.start(dir, settings, deps);
await run.run();
