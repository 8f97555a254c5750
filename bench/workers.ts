// Evaluations per minute with 1, 2 and 4 workers, on this machine's pool of
// worker processes and over Redis (`naschain worker --redis`), on a fixed set
// of genomes trained at the first rung of the embedded quick search; the
// coordinator's overhead per job (what a job costs beyond its own run, one
// job at a time); and the quick search itself (`naschain search` defaults, no
// budget) with --workers 1 against the default, candidates per minute until
// the final training. Every configuration must give the same results.
// Usage: npm run build && node dist/bench/workers.js [--genomes 6] [--workers 1,2,4] [--no-redis] [--no-search]
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { initBackend } from '../lib/backend/select.js';
import { rngFor } from '../lib/core/rng.js';
import { createLogger, type Logger } from '../lib/core/log.js';
import { valiPreset } from '../lib/core/vali-config.js';
import { loadDataset } from '../lib/data/load-dataset.js';
import { candidateRunnerOn, localJobPool, type NaschainJobRunner } from '../lib/jobs/local-pool.js';
import { datasetRef, type EvaluatorSetup } from '../lib/jobs/naschain-job.js';
import { openQueueRunner } from '../lib/jobs/queue-runner.js';
import type { Genome } from '../lib/search/genome.js';
import { loadSearchSpace } from '../lib/search/space-file.js';
import { sampleGenome } from '../lib/search/variation.js';
import { constraintViolation } from '../lib/searcher/constraints.js';
import { defaultSettings } from '../lib/searcher/defaults.js';
import { inProcessCandidateRunner, type CandidateResult, type CandidateRunner } from '../lib/searcher/record.js';
import { readRecords } from '../lib/searcher/run-files.js';
import { SearchRun } from '../lib/searcher/search-run.js';
import { seedGenomes } from '../lib/searcher/seed-genomes.js';
import { TfjsEvaluator } from '../lib/searcher/tfjs-evaluator.js';
import { NO_DEADLINE, type JobOutcome } from '../lib/worker/job-runner.js';
import { eachLimit } from '../lib/core/each-limit.js';
import { startRedis } from '../spec/helpers/redis-server.js';
import { withoutTimes } from '../lib/searcher/record.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const root = resolve(process.argv[1] ?? '.', '../../..');
const counts = arg('workers', '1,2,4').split(',').map(Number);
const K = Number(arg('genomes', '6'));
const quiet = createLogger('quiet');

const backend = await initBackend('wasm');
const dataset = await loadDataset('fashion-mnist-small');
const space = loadSearchSpace('macro');
const config = valiPreset(dataset.name);
const settings = defaultSettings({ space, config, trainImages: dataset.train.count, seed: 0, initial: seedGenomes(space) });
const holdout = Math.min(2000, Math.floor(dataset.train.count / 10));
const setup: EvaluatorSetup = { space, dataset: datasetRef(dataset), config, holdout, seed: 0 };
const evaluator = new TfjsEvaluator({ space, dataset, config, holdout, seed: 0 });
const fidelity = settings.rungs[0]!;
const { limits } = settings;
/** The overhead jobs run under this cap: measured (built, counted), refused, never trained. */
const tinyLimits = { ...limits, maxParams: 100 };

const MAX_FIXED_MACS = 3_000_000;
// The fixed genomes: feasible ones (trained), drawn with a fixed seed; and cheap ones over a tiny cap (measured only) for the overhead.
const rng = rngFor(0, 'bench/workers');
const genomes: Genome[] = [];
const cheap: Genome[] = [];
while (genomes.length < K || cheap.length < 100) {
  const g = sampleGenome(space, rng);
  const m = evaluator.measure(g);
  // Trained ones: small (a few seconds each on one core), so that a run of the bench takes minutes.
  if (constraintViolation(m, limits).violation <= 0 && m.macs <= MAX_FIXED_MACS) { if (genomes.length < K) genomes.push(g); } else if (cheap.length < 100) cheap.push(g);
}

interface Figures { perMin: number; overheadMs: number; results: string }
const strip = (r: CandidateResult) => JSON.stringify({ ...r, seconds: 0 });

interface Runners { fixed: CandidateRunner; cheap: CandidateRunner; close(): Promise<void> }

function runnersOn(base: NaschainJobRunner | undefined): Runners {
  if (!base) return { fixed: inProcessCandidateRunner(evaluator, limits, () => Date.now()), cheap: inProcessCandidateRunner(evaluator, tinyLimits, () => Date.now()), close: async () => {} };
  return { fixed: candidateRunnerOn(base, setup, limits), cheap: candidateRunnerOn(base, setup, tinyLimits), close: () => base.close() };
}

async function measure({ fixed: runner, cheap: cheapRunner }: Runners, warm: number, offset: number): Promise<Figures> {
  // Warm-up: each worker starts (Node, tfjs, backend, dataset) on a cheap job.
  await Promise.all(cheap.slice(offset, offset + warm).map((g) => cheapRunner.run({ genome: g, fidelity }, NO_DEADLINE)));
  const t0 = performance.now();
  const out: JobOutcome<CandidateResult>[] = [];
  await eachLimit(genomes, runner.capacity ?? 1, async (g, i) => { out[i] = await runner.run({ genome: g, fidelity }, NO_DEADLINE); });
  const wall = performance.now() - t0;
  const values = out.map((o) => { if (!o.ok) throw new Error(`job failed: ${o.message}`); return o.value; });
  if (values.some((v) => v.status !== 'complete')) throw new Error(`a fixed genome did not train: ${values.map((v) => v.reason).join('; ')}`);
  // Overhead: one cheap job at a time; what the coordinator waited beyond the job's own time.
  const over: number[] = [];
  for (const g of cheap.slice(offset + warm, offset + warm + 12)) {
    const t = performance.now();
    const o = await cheapRunner.run({ genome: g, fidelity }, NO_DEADLINE);
    if (o.ok && o.value.status !== 'infeasible') throw new Error(`an overhead job was not refused: ${o.value.status}`);
    if (o.ok) over.push(performance.now() - t - o.value.seconds * 1000);
  }
  over.sort((a, b) => a - b);
  return { perMin: (genomes.length * 60_000) / wall, overheadMs: over[Math.floor(over.length / 2)] ?? NaN, results: values.map(strip).join('\n') };
}

console.log(`backend ${backend.name} (1 thread per worker); ${availableParallelism()} cores; ${K} fixed genomes trained at ${fidelity.trainImages} images x ${fidelity.epochs} epoch (batch ${fidelity.batchSize}) of ${dataset.name}`);
console.log('| workers | where | evaluations/min | vs 1 in process | coordinator overhead per job (median, ms) |');
console.log('|---|---|---|---|---|');
const rows: { how: string; w: number; f: Figures }[] = [];
const row = (how: string, w: number, f: Figures) => {
  rows.push({ how, w, f });
  console.log(`| ${w} | ${how} | ${f.perMin.toFixed(1)} | ${(f.perMin / rows[0]!.f.perMin).toFixed(2)}x | ${f.overheadMs.toFixed(1)} |`);
};
let offset = 0;
for (const w of counts) {
  const runners = runnersOn(w === 1 ? undefined : localJobPool({ size: w, backend: backend.name, tfBackend: backend.tfName }));
  row(w === 1 ? 'local, in this process (--workers 1)' : 'local pool', w, await measure(runners, w === 1 ? 1 : w, offset));
  offset += 16;
  await runners.close();
}

if (!process.argv.includes('--no-redis')) {
  const redis = await startRedis();
  if (!redis) console.log('redis-server not installed: the Redis rows are left out');
  for (const w of redis ? counts : []) {
    const flush = new Redis(redis!.url);
    await flush.flushall(); // answers are kept a day under content ids: start each row empty
    flush.disconnect();
    const worker = spawn(process.execPath, [join(root, 'dist/bin/naschain.js'), 'worker', '--redis', redis!.url, '--backend', backend.name, '--concurrency', String(w)], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((ok, fail) => {
      worker.stderr.on('data', (d: Buffer) => { if (/serving queue/.test(d.toString())) ok(); });
      worker.once('exit', (code) => fail(new Error(`naschain worker exited with code ${code}`)));
    });
    const runners = runnersOn(await openQueueRunner({ url: redis!.url, backend: backend.name, capacity: 64, log: quiet }));
    row('Redis, one `naschain worker --concurrency N`', w, await measure(runners, w, offset));
    offset += 16;
    await runners.close();
    worker.kill('SIGTERM');
    // (its job processes follow it: they watch their parent)
    await new Promise((r) => worker.once('exit', r));
  }
  await redis?.stop();
}

console.log(`same results in every row: ${rows.every((r) => r.f.results === rows[0]!.f.results) ? 'yes' : 'NO'}`);

if (!process.argv.includes('--no-search')) {
  // The quick search's defaults (no budget, so both runs are the same run), timed until the final training starts.
  const s = { ...settings, timeBudgetMs: undefined };
  const search = async (w: number) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'naschain-bench-workers-')), 'run');
    const ac = new AbortController();
    let ended = 0;
    const log: Logger = { ...quiet, info: (m) => { if (m.startsWith('final phase')) { ended = performance.now(); ac.abort(new Error('timed')); } } };
    const runner = w === 1 ? undefined : candidateRunnerOn(localJobPool({ size: w, backend: backend.name, tfBackend: backend.tfName }), setup, limits);
    const t0 = performance.now();
    await SearchRun.start(dir, s, { evaluator, clock: () => Date.now(), log, signal: ac.signal, ...(runner ? { runner } : {}) }).run().catch((e: Error) => { if (e.message !== 'timed') throw e; });
    await runner?.close();
    const records = readRecords(dir);
    rmSync(join(dir, '..'), { recursive: true, force: true });
    return { w, n: records.length, trained: records.filter((r) => r.status === 'complete').length, min: (ended - t0) / 60_000, same: JSON.stringify(records.map(withoutTimes)) };
  };
  const one = await search(1);
  const all = await search(availableParallelism());
  console.log(`\nquick search (embedded data, population ${s.population}, ${s.generations} generations, no budget), search and promotions:`);
  for (const r of [one, all]) console.log(`--workers ${r.w}${r.w === availableParallelism() ? ' (default)' : ''}: ${r.n} candidates (${r.trained} trained) in ${r.min.toFixed(2)} min = ${(r.n / r.min).toFixed(1)} candidates/min`);
  console.log(`default vs --workers 1: ${((all.n / all.min) / (one.n / one.min)).toFixed(2)}x; same candidates: ${one.same === all.same ? 'yes' : 'NO'}`);
}
