// NSGA-II against random search with the same seed, budget and evaluation
// pipeline (build, limits, rung-0 training, successive halving, final recipe),
// printing both fronts and their hypervolumes.
// Hypervolume: objectives normalised as ((100 - acc) / 100, params / maxParams,
// MACs / maxMacs), reference point (1, 1, 1) = (0 % accuracy, --max-params,
// --max-macs); computed on the final models' test accuracy.
// Run (after npm run build):
//   node dist/bench/search-vs-random.js --dataset fashion-mnist --time-budget 60 --max-params 200000 --max-macs 50000000
// Each search gets the whole --time-budget; they run one after the other.
// wasm uses one core, so on a 2-core machine run them side by side instead,
// `--sampler nsga2` and `--sampler random` in two processes, then the command
// once more with `--sampler both` (same flags): finished runs resume from their
// folders without training anything and both hypervolumes are printed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { valiPreset } from '../lib/core/vali-config.js';
import { initBackend } from '../lib/backend/select.js';
import type { BackendRequest } from '../lib/backend/types.js';
import { loadDataset } from '../lib/data/load-dataset.js';
import { loadSearchSpace } from '../lib/search/space-file.js';
import { defaultSettings } from '../lib/searcher/defaults.js';
import { normalisedHypervolume, type ScoredPoint } from '../lib/searcher/hypervolume.js';
import { RUN_FILES } from '../lib/searcher/run-files.js';
import { SearchRun } from '../lib/searcher/search-run.js';
import { seedGenomes } from '../lib/searcher/seed-genomes.js';
import { TfjsEvaluator } from '../lib/searcher/tfjs-evaluator.js';
import { writeSearchReport } from '../lib/searcher/write-report.js';
import { createLogger } from '../lib/core/log.js';
import { progressView } from '../lib/searcher/progress-view.js';

const { values: a } = parseArgs({ options: {
  dataset: { type: 'string', default: 'fashion-mnist-small' }, space: { type: 'string', default: 'macro' }, seed: { type: 'string', default: '0' },
  'time-budget': { type: 'string', default: '10' }, 'max-params': { type: 'string', default: '200000' }, 'max-macs': { type: 'string', default: '50000000' },
  population: { type: 'string' }, generations: { type: 'string', default: '1000' }, 'final-epochs': { type: 'string' }, out: { type: 'string', default: 'runs/bench' },
  backend: { type: 'string', default: 'wasm' }, 'data-dir': { type: 'string' },
  sampler: { type: 'string', default: 'both' }, 'final-count': { type: 'string' }, 'search-share': { type: 'string' }, 'promote-share': { type: 'string' },
} });
if (!['both', 'nsga2', 'random'].includes(a.sampler as string)) throw new Error(`--sampler: expected both, nsga2 or random, got ${a.sampler}`);

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
await initBackend(a.backend as BackendRequest);
const config = valiPreset(a.dataset as string);
const dataset = await loadDataset(config.dataset, { dataDir: a['data-dir'] });
const space = loadSearchSpace(a.space as string);
const ref = { accuracy: 0, params: Number(a['max-params']), macs: Number(a['max-macs']) };
const results: Record<string, { hv: number; front: string[]; points: ScoredPoint[]; seconds: Record<string, number> }> = {};
const samplers = a.sampler === 'both' ? (['nsga2', 'random'] as const) : ([a.sampler] as ('nsga2' | 'random')[]);
for (const sampler of samplers) {
  const base = defaultSettings({ space, config, trainImages: dataset.train.count, seed: Number(a.seed), population: num(a.population), generations: num(a.generations),
    timeBudgetMinutes: num(a['time-budget']), maxParams: ref.params, maxMacs: ref.macs, finalEpochs: num(a['final-epochs']), initial: sampler === 'nsga2' ? seedGenomes(space) : [] });
  const settings = {
    ...base,
    finalCount: num(a['final-count']) ?? base.finalCount,
    searchShare: num(a['search-share']) ?? base.searchShare,
    promoteShare: num(a['promote-share']) ?? base.promoteShare,
    sampler,
  };
  const evaluator = new TfjsEvaluator({ space, dataset, config, holdout: Math.min(2000, Math.floor(dataset.train.count / 10)), seed: settings.seed });
  const dir = join(a.out as string, `${sampler}-${config.dataset}-seed${settings.seed}`);
  const deps = { evaluator, clock: () => Date.now(), log: createLogger('info'), writeReport: writeSearchReport, onProgress: progressView(process.stderr, false) };
  // A folder holding this run already (from a --sampler nsga2 / random process) is resumed: finished, it trains nothing.
  const out = await (existsSync(join(dir, RUN_FILES.run)) ? SearchRun.resume(dir, deps) : SearchRun.start(dir, settings, deps)).run();
  const front = out.front.filter((f) => f.onFront);
  results[sampler] = {
    hv: normalisedHypervolume(front, ref),
    front: front.map((f) => `${f.accuracy.toFixed(2)}% ${f.params} params ${f.macs} MACs`),
    points: front,
    seconds: out.seconds,
  };
}
console.log(`hypervolume reference: accuracy 0 %, params ${ref.params}, MACs ${ref.macs} (normalised to (1, 1, 1))`);
for (const [k, r] of Object.entries(results)) {
  console.log(`${k}: hypervolume ${r.hv.toFixed(5)}; time search ${r.seconds.search?.toFixed(0)}s promote ${r.seconds.promote?.toFixed(0)}s final ${r.seconds.final?.toFixed(0)}s`);
  for (const f of r.front) console.log(`  ${f}`);
}
const [n, r] = [results.nsga2, results.random];
if (n && r) {
  // Pareto dominance of fronts: every random point is matched or beaten in all three objectives by some NSGA-II point.
  const covers = (p: ScoredPoint, q: ScoredPoint) => p.accuracy >= q.accuracy && p.params <= q.params && p.macs <= q.macs;
  const uncovered = r.points.filter((q) => !n.points.some((p) => covers(p, q)));
  console.log(`nsga2 vs random: hypervolume ${n.hv.toFixed(5)} vs ${r.hv.toFixed(5)} (${n.hv > r.hv ? 'nsga2 higher' : 'nsga2 NOT higher'}); ` +
    `${r.points.length - uncovered.length} of ${r.points.length} random front models weakly dominated by an nsga2 model`);
  for (const q of uncovered) console.log(`  not dominated: ${q.accuracy.toFixed(2)}% ${q.params} params ${q.macs} MACs`);
}
