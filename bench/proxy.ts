// How well the search's cheap signals predict the final recipe's accuracy
// (issue 16, item 2). A fixed sample of feasible genomes (the searcher's seed
// genomes, then random draws under the caps, drawn with a fixed seed) is
// trained at each rung of the default fidelity ladder, at variants of rung 0,
// and with the final recipe on the full training set; the bench prints, per
// signal, its cost and the rank correlation (Kendall tau-b) of its score with
// the final test accuracy, and whether the final's best model is in the
// signal's top 3. Zero-cost signals (params, MACs) are in the table too.
// Every job's result is appended to <out>/results.jsonl: a killed bench starts
// again where it stopped (same flags: same jobs). --extend-top K trains the K
// best of the final recipe again for --extend-epochs (the preset's epochs by
// default) and keeps those model folders in <out>/models: what the sample's
// best reach with the whole recipe, and how long that takes.
// Usage: npm run build && node dist/bench/proxy.js [--dataset fashion-mnist] [--genomes 16]
//   [--final-epochs 2] [--sample-max-macs 6000000] [--workers 2] [--out runs/proxy] [--seed 0]
//   [--extend-top 2 [--extend-epochs 10]]
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../lib/backend/select.js';
import { eachLimit } from '../lib/core/each-limit.js';
import { rngFor } from '../lib/core/rng.js';
import { valiPreset } from '../lib/core/vali-config.js';
import { loadDataset } from '../lib/data/load-dataset.js';
import { candidateRunnerOn, localJobPool } from '../lib/jobs/local-pool.js';
import { datasetRef, type EvaluatorSetup } from '../lib/jobs/naschain-job.js';
import { genomeHash, type Genome } from '../lib/search/genome.js';
import { loadSearchSpace } from '../lib/search/space-file.js';
import { sampleGenome } from '../lib/search/variation.js';
import { constraintViolation } from '../lib/searcher/constraints.js';
import { defaultRungs } from '../lib/searcher/defaults.js';
import { bestInTop, kendallTau } from '../lib/searcher/rank-correlation.js';
import { inProcessCandidateRunner, type CandidateResult } from '../lib/searcher/record.js';
import { seedGenomes } from '../lib/searcher/seed-genomes.js';
import { TfjsEvaluator } from '../lib/searcher/tfjs-evaluator.js';
import type { Fidelity, Limits, Measured } from '../lib/searcher/types.js';
import { NO_DEADLINE } from '../lib/worker/job-runner.js';

const { values: a } = parseArgs({ options: {
  dataset: { type: 'string', default: 'fashion-mnist' }, space: { type: 'string', default: 'macro' }, seed: { type: 'string', default: '0' },
  genomes: { type: 'string', default: '16' }, 'final-epochs': { type: 'string', default: '2' }, 'sample-max-macs': { type: 'string', default: '6000000' },
  'max-params': { type: 'string', default: '50000' }, 'max-macs': { type: 'string', default: '50000000' },
  workers: { type: 'string', default: String(availableParallelism()) }, 'extend-top': { type: 'string', default: '0' }, 'extend-epochs': { type: 'string' }, out: { type: 'string', default: 'runs/proxy' }, 'data-dir': { type: 'string' },
} });
const int = (k: keyof typeof a) => {
  const v = Number(a[k]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k}: expected a positive integer, got ${JSON.stringify(a[k])}`);
  return v;
};
const [N, finalEpochs, sampleMaxMacs, workers, seed] = [int('genomes'), int('final-epochs'), int('sample-max-macs'), int('workers'), Number(a.seed)];
const extendTop = Number(a['extend-top']);

const backend = await initBackend('wasm');
const config = valiPreset(a.dataset as string);
const dataset = await loadDataset(config.dataset, { dataDir: a['data-dir'] });
const space = loadSearchSpace(a.space as string);
const holdout = Math.min(2000, Math.floor(dataset.train.count / 10));
const evaluator = new TfjsEvaluator({ space, dataset, config, holdout, seed });
const limits: Limits = { maxParams: int('max-params'), maxMacs: int('max-macs'), maxBytes: config.maxDownloadBytes };

// The signals: the default ladder, variants of its first rung, and the final recipe (the reference).
const rungs = defaultRungs(dataset.train.count, false);
const [r0, r1, r2] = rungs as [Fidelity, Fidelity, Fidelity];
const signals: { name: string; fidelity: Fidelity }[] = [
  { name: 'rung 0 (default)', fidelity: r0 },
  { name: 'rung 0, batch 64', fidelity: { ...r0, batchSize: 64 } },
  { name: 'rung 0, 2 epochs', fidelity: { ...r0, epochs: 2 } },
  { name: 'rung 0, 2x images', fidelity: { ...r0, trainImages: r0.trainImages * 2 } },
  { name: 'rung 1 (default)', fidelity: r1 },
  { name: 'rung 2 (default)', fidelity: r2 },
];
const FINAL = { name: `final recipe, ${finalEpochs} epochs`, fidelity: { trainImages: dataset.train.count, epochs: finalEpochs } };

// The sample: seed genomes first, then random feasible draws, each under the sample's MAC cap (the finals must stay affordable).
const rng = rngFor(seed, 'bench/proxy');
const sample: { genome: Genome; hash: string; m: Measured }[] = [];
const take = (g: Genome) => {
  const m = evaluator.measure(g);
  const hash = genomeHash(g);
  if (constraintViolation(m, limits).violation <= 0 && m.macs <= sampleMaxMacs && !sample.some((s) => s.hash === hash)) sample.push({ genome: g, hash, m });
};
for (const g of seedGenomes(space)) if (sample.length < N) take(g);
for (let draws = 0; sample.length < N; draws++) {
  if (draws > 200_000) throw new Error(`only ${sample.length} feasible genomes under ${sampleMaxMacs} MACs in 200,000 draws`);
  take(sampleGenome(space, rng));
}

// Results so far (a killed bench resumes): one line per job, keyed by genome and fidelity.
mkdirSync(a.out as string, { recursive: true });
const file = join(a.out as string, 'results.jsonl');
const keyOf = (hash: string, f: Fidelity) => `${hash}|${f.trainImages}|${f.epochs}|${f.batchSize ?? config.batchSize}|${seed}|${config.dataset}`;
const done = new Map<string, CandidateResult>();
if (existsSync(file)) {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try { const r = JSON.parse(line) as { key: string; result: CandidateResult }; done.set(r.key, r.result); } catch { /* a line cut by a kill: that job runs again */ }
  }
}

const setup: EvaluatorSetup = { space, dataset: datasetRef(dataset), config, holdout, seed };
const runner = workers === 1 ? inProcessCandidateRunner(evaluator, limits, () => Date.now()) : candidateRunnerOn(localJobPool({ size: workers, backend: backend.name, tfBackend: backend.tfName }), setup, limits);
const scratch = mkdtempSync(join(tmpdir(), 'naschain-proxy-'));

async function runAll(stage: { name: string; fidelity: Fidelity }[], final: boolean, among = sample, keep = false): Promise<void> {
  const jobs = stage.flatMap((s) => among.map((g) => ({ g, f: s.fidelity }))).filter((j) => !done.has(keyOf(j.g.hash, j.f)));
  // Costliest first (MACs x images x epochs), so no worker waits alone at the end.
  jobs.sort((x, y) => y.g.m.macs * y.f.trainImages * y.f.epochs - x.g.m.macs * x.f.trainImages * x.f.epochs);
  let n = 0;
  const t0 = Date.now();
  await eachLimit(jobs, runner.capacity ?? 1, async ({ g, f }) => {
    const saveTo = final ? join(keep ? join(a.out as string, 'models') : scratch, `${g.hash.slice(0, 12)}-${f.epochs}ep`) : undefined;
    const o = await runner.run({ genome: g.genome, fidelity: f, ...(saveTo ? { saveTo } : {}) }, NO_DEADLINE);
    if (saveTo && !keep) rmSync(saveTo, { recursive: true, force: true });
    const result: CandidateResult = o.ok ? o.value : { status: 'failed', accuracy: null, params: null, macs: null, paramsRounded: null, macsRounded: null, violation: 0, reason: o.message, seconds: o.ms / 1000 };
    const key = keyOf(g.hash, f);
    done.set(key, result);
    appendFileSync(file, `${JSON.stringify({ key, result })}\n`);
    n++;
    process.stderr.write(`[${((Date.now() - t0) / 60_000).toFixed(1)} min] ${n}/${jobs.length} ${g.hash.slice(0, 10)} ${f.trainImages}x${f.epochs}: ${result.status} ${result.accuracy?.toFixed(2) ?? result.reason} (${result.seconds.toFixed(0)} s)\n`);
  });
}

const accuracyOf = (hash: string, f: Fidelity) => done.get(keyOf(hash, f))?.accuracy ?? null;

function table(reference: { name: string; fidelity: Fidelity }, rows: { name: string; fidelity: Fidelity }[]): void {
  const ok = sample.filter((g) => accuracyOf(g.hash, reference.fidelity) !== null && rows.every((r) => accuracyOf(g.hash, r.fidelity) !== null));
  const ref = ok.map((g) => accuracyOf(g.hash, reference.fidelity) as number);
  console.log(`\nagainst: ${reference.name} (${ok.length} of ${sample.length} genomes trained at every signal)`);
  console.log('| signal | images x epochs (batch) | seconds a genome (mean, one thread) | Kendall tau | the best by the reference in its top 3 |');
  console.log('|---|---|---|---|---|');
  const line = (name: string, shape: string, secs: string, score: number[]) =>
    console.log(`| ${name} | ${shape} | ${secs} | ${kendallTau(score, ref).toFixed(3)} | ${bestInTop(score, ref, 3) ? 'yes' : 'no'} |`);
  for (const r of rows) {
    const secs = ok.reduce((s, g) => s + (done.get(keyOf(g.hash, r.fidelity))?.seconds ?? 0), 0) / Math.max(1, ok.length);
    line(r.name, `${r.fidelity.trainImages} x ${r.fidelity.epochs} (${r.fidelity.batchSize ?? config.batchSize})`, secs.toFixed(1), ok.map((g) => accuracyOf(g.hash, r.fidelity) as number));
  }
  line('params (more is better)', 'untrained', '0', ok.map((g) => g.m.params));
  line('MACs (more is better)', 'untrained', '0', ok.map((g) => g.m.macs));
}

try {
  console.log(`backend ${backend.name}, ${workers} worker(s); ${config.dataset}; ${sample.length} genomes (${seedGenomes(space).length} seed genomes first, then random draws; params <= ${limits.maxParams}, MACs <= ${sampleMaxMacs}); results in ${file}`);
  await runAll(signals, false);
  table(signals.at(-1)!, signals.slice(0, -1));
  await runAll([FINAL], true);
  console.log('\n| genome | params | MACs | ' + [...signals, FINAL].map((s) => s.name).join(' | ') + ' |');
  console.log('|---|---|---|' + [...signals, FINAL].map(() => '---').join('|') + '|');
  for (const g of sample) console.log(`| ${g.hash.slice(0, 10)} | ${g.m.params} | ${g.m.macs} | ${[...signals, FINAL].map((s) => accuracyOf(g.hash, s.fidelity)?.toFixed(2) ?? 'failed').join(' | ')} |`);
  table(FINAL, signals);
  if (extendTop > 0) {
    const epochs = a['extend-epochs'] !== undefined ? int('extend-epochs') : config.trainEpochs;
    const LONG = { name: `final recipe, ${epochs} epochs`, fidelity: { trainImages: dataset.train.count, epochs } };
    const top = sample.filter((g) => accuracyOf(g.hash, FINAL.fidelity) !== null)
      .sort((x, y) => (accuracyOf(y.hash, FINAL.fidelity) as number) - (accuracyOf(x.hash, FINAL.fidelity) as number)).slice(0, extendTop);
    await runAll([LONG], true, top, true);
    console.log(`\nthe ${top.length} best of the ${finalEpochs}-epoch final, trained with the recipe for ${epochs} epochs (model folders in ${join(a.out as string, 'models')}):`);
    console.log(`| genome | params | MACs | ${FINAL.name} | ${LONG.name} | seconds (one thread) |`);
    console.log('|---|---|---|---|---|---|');
    for (const g of top) console.log(`| ${g.hash.slice(0, 10)} | ${g.m.params} | ${g.m.macs} | ${accuracyOf(g.hash, FINAL.fidelity)?.toFixed(2)} | ${accuracyOf(g.hash, LONG.fidelity)?.toFixed(2) ?? 'failed'} | ${done.get(keyOf(g.hash, LONG.fidelity))?.seconds.toFixed(0)} |`);
  }
} finally {
  await runner.close();
  rmSync(scratch, { recursive: true, force: true });
}
