// `naschain worker --redis` and the --redis coordinators, against a real
// redis-server on 127.0.0.1 (skipped with a message where it is missing):
// a worker killed with SIGKILL mid-job has its job taken by another worker
// and every job is answered once; a poisoned job fails alone with its reason;
// `validate --redis` gives the table of a local round; `search --redis`
// through a Redis restart and a SIGKILLed, resumed coordinator ends with the
// records, front and model files of a local run, re-running only the jobs the
// restarted Redis lost.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { NO_REDIS, startRedis, type RedisHandle } from '../helpers/redis-server.js';
import { initBackend } from '../../lib/backend/select.js';
import { valiPreset } from '../../lib/core/vali-config.js';
import { loadDataset } from '../../lib/data/load-dataset.js';
import { candidateRunnerOn } from '../../lib/jobs/local-pool.js';
import { datasetRef, type EvaluatorSetup } from '../../lib/jobs/naschain-job.js';
import { NASCHAIN_VERSION } from '../../lib/jobs/queue-job.js';
import { openQueueRunner, queueName } from '../../lib/jobs/queue-runner.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { runCandidate, type CandidateResult } from '../../lib/searcher/record.js';
import { seedGenomes } from '../../lib/searcher/seed-genomes.js';
import { TfjsEvaluator } from '../../lib/searcher/tfjs-evaluator.js';
import { NO_DEADLINE } from '../../lib/worker/job-runner.js';
import { QueueCoordinator } from '../../lib/worker/redis-queue.js';
import { TINY_SEARCH, cli, runContent } from './helpers/search-cli.js';

const BIN = resolve(repoRoot, 'dist/bin/naschain.js');

interface Proc { p: ChildProcess; out: () => string; exited: Promise<void> }

function start(args: string[]): Proc {
  const p = spawn(process.execPath, [BIN, ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let text = '';
  p.stderr?.on('data', (d: Buffer) => { text += d.toString(); });
  const exited = new Promise<void>((r) => p.once('exit', () => r()));
  return { p, out: () => text, exited };
}

const worker = (url: string, concurrency = 1) => start(['worker', '--redis', url, '--backend', 'wasm', '--concurrency', String(concurrency), '--stall-timeout', '2']);

async function until(what: string, ok: () => boolean, ms = 300_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(w: Proc): Promise<void> {
  if (w.p.exitCode === null && w.p.signalCode === null) w.p.kill('SIGTERM');
  await w.exited;
}

/** Job ids a worker log shows finished ("job <id>: ...: <status> in N s"). */
const finished = (log: string) => [...log.matchAll(/^job (\S+): .*: (?!started)\S+.* in [\d.]+ s$/gm)].map((m) => m[1] as string);
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').length : 0);

describe('naschain worker over Redis', () => {
  let redis: RedisHandle | null = null;
  before(async () => { redis = await startRedis(); });
  after(async () => { await redis?.stop(); });

  it('kill -9 of a worker mid-job: another worker takes the job; every job answered once, as computed here', async (t) => {
    if (!redis) return t.skip(NO_REDIS);
    const space = loadSearchSpace('macro');
    const backend = await initBackend('wasm');
    const dataset = await loadDataset('fashion-mnist-small');
    const setup: EvaluatorSetup = { space, dataset: datasetRef(dataset), config: valiPreset('fashion-mnist-small'), holdout: 256, seed: 9 };
    const limits = { maxParams: 60_000, maxMacs: 280_000_000, maxBytes: 5_767_168 };
    const genomes = seedGenomes(space).filter((_, i) => i === 3 || i === 5);
    const fidelity = { trainImages: 2048, epochs: 1, batchSize: 32 };
    const a = worker(redis.url);
    const runner = candidateRunnerOn(await openQueueRunner({ url: redis.url, backend: backend.name, capacity: 8, pollMs: 100 }), setup, limits);
    let b: Proc | undefined;
    try {
      const answers = Promise.all(genomes.map((genome) => runner.run({ genome, fidelity }, NO_DEADLINE)));
      await until('worker A to start a job', () => /: started$/m.test(a.out()));
      const held = /^job (\S+): .*: started$/m.exec(a.out())?.[1] as string;
      a.p.kill('SIGKILL');
      await a.exited;
      b = worker(redis.url, 2);
      const got = await answers;
      const here = await Promise.all(genomes.map((genome) => runCandidate(new TfjsEvaluator({ ...setup, dataset }), limits, () => 0, { genome, fidelity })));
      const strip = (r: CandidateResult) => ({ ...r, seconds: 0 });
      assert.deepEqual(got.map((o) => (o.ok ? strip(o.value) : o)), here.map(strip));
      assert.ok(!finished(a.out()).includes(held), 'the killed worker never finished its job');
      assert.ok(finished(b.out()).includes(held), 'the other worker did');
      assert.match(b.out(), new RegExp(`redis job ${held}: its worker stopped; queued again`));
      const all = [...finished(a.out()), ...finished(b.out())];
      assert.equal(all.length, genomes.length, `each job finished once: ${all.join(', ')}`);
      assert.equal(new Set(all).size, genomes.length);
    } finally {
      await runner.close();
      if (b) await stop(b);
    }
  });

  it('a poisoned job fails alone with its reason; the good one beside it completes', async (t) => {
    if (!redis) return t.skip(NO_REDIS);
    const w = worker(redis.url);
    const q = await QueueCoordinator.open<unknown, { outcome: { ok: boolean; value?: CandidateResult } }>({ url: redis.url, queue: queueName('wasm'), pollMs: 100 });
    try {
      const space = loadSearchSpace('macro');
      const dataset = await loadDataset('fashion-mnist-small');
      const setup: EvaluatorSetup = { space, dataset: datasetRef(dataset), config: valiPreset('fashion-mnist-small'), holdout: 256, seed: 9 };
      const limits = { maxParams: 60_000, maxMacs: 280_000_000, maxBytes: 5_767_168 };
      const job = (genome: unknown) => ({ v: 1, naschain: NASCHAIN_VERSION, deadline: { ms: null, why: 'spec' }, job: { kind: 'candidate', setup, limits, request: { genome, fidelity: { trainImages: 256, epochs: 1, batchSize: 32 } } } });
      const [malformed, oldVersion, badGenome, good] = await Promise.all([
        q.submit('poison-malformed', { v: 1, naschain: NASCHAIN_VERSION, deadline: {}, job: { kind: 'format-disk' } }),
        q.submit('poison-version', { ...job(seedGenomes(space)[3]), naschain: '0.0.0-other' }),
        q.submit('poison-genome', job({ ...seedGenomes(space)[3], s1_block: 'transformer' })),
        q.submit('good', job(seedGenomes(space)[3])),
      ]);
      assert.ok(!malformed.ok && /kind "format-disk", expected "candidate" or "round"/.test(malformed.message), JSON.stringify(malformed));
      assert.ok(!oldVersion.ok && /from naschain "0\.0\.0-other", this worker runs/.test(oldVersion.message), JSON.stringify(oldVersion));
      assert.ok(badGenome.ok && badGenome.value.outcome.value?.status === 'failed', JSON.stringify(badGenome));
      assert.match(badGenome.value.outcome.value?.reason ?? '', /^build: /);
      assert.ok(good.ok && good.value.outcome.value?.status === 'complete', JSON.stringify(good));
    } finally {
      await q.close();
      await stop(w);
    }
  });

  it('validate --redis: the fixture round of a local run, row for row (bad models rejected with their reasons)', async (t) => {
    if (!redis) return t.skip(NO_REDIS);
    const root = mkdtempSync(join(tmpdir(), 'naschain-vredis-'));
    const w = worker(redis.url, 2);
    try {
      const round = (extra: string[], state: string) => cli(['validate', '--local', 'spec/fixtures/submissions', '--config', 'spec/fixtures/submissions-config.json', '--backend', 'wasm', '--json', '--state', join(root, state), ...extra]);
      const [local, queued] = await Promise.all([round(['--workers', '1'], 'local'), round(['--redis', redis.url], 'queued')]);
      assert.equal(local.code, 0, local.stderr);
      assert.equal(queued.code, 0, queued.stderr);
      const table = (s: string) => { const r = JSON.parse(s) as { rows: unknown[]; weights: unknown; front: unknown; retrains: unknown }; return { rows: r.rows, weights: r.weights, front: r.front, retrains: r.retrains }; };
      const a = table(local.stdout), b = table(queued.stdout);
      assert.ok((a.rows as { reason?: string }[]).some((r) => r.reason !== undefined && r.reason !== null), 'the fixtures include rejected models');
      assert.deepEqual(b, a);
    } finally {
      await stop(w);
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('search --redis through a Redis restart and a kill -9 of the coordinator, resumed: the run of a local search; only jobs Redis lost run twice', async (t) => {
    if (!redis) return t.skip(NO_REDIS);
    const root = mkdtempSync(join(tmpdir(), 'naschain-sredis-'));
    const dir = join(root, 'queued');
    const workers = [worker(redis.url), worker(redis.url)];
    try {
      const reference = cli([...TINY_SEARCH, '--workers', '1', '--out', join(root, 'local')]);
      const first = start([...TINY_SEARCH, '--redis', redis.url, '--out', dir]);
      const candidates = join(dir, 'candidates.jsonl');
      await until('two records', () => lines(candidates) >= 2);
      await redis.restart();
      const logAt = workers.map((w) => w.out().length);
      const beforeRestart = readFileSync(candidates, 'utf8');
      await until('seven records', () => lines(candidates) >= 7);
      first.p.kill('SIGKILL');
      await first.exited;
      const resumed = await cli(['search', '--resume', dir, '--backend', 'wasm', '--redis', redis.url]);
      assert.equal(resumed.code, 0, resumed.stderr);
      const ref = await reference;
      assert.equal(ref.code, 0, ref.stderr);
      assert.ok(readFileSync(candidates, 'utf8').startsWith(beforeRestart), 'no record written before the restart was lost or changed');
      assert.deepEqual(runContent(dir), runContent(join(root, 'local')));
      // Jobs first started after the restart: each finished once, the coordinator's kill notwithstanding.
      const after = workers.map((w, i) => w.out().slice(logAt[i]));
      const startedOnce = new Set(after.flatMap((l) => [...l.matchAll(/^job (\S+): .*: started$/gm)].map((m) => m[1] as string)));
      const earlier = new Set(workers.flatMap((w, i) => [...w.out().slice(0, logAt[i]).matchAll(/^job (\S+): /gm)].map((m) => m[1] as string)));
      const fresh = [...startedOnce].filter((id) => !earlier.has(id));
      assert.ok(fresh.length >= 5, `jobs ran after the restart: ${fresh.length}`);
      const done = after.flatMap(finished);
      for (const id of fresh) assert.equal(done.filter((d) => d === id).length, 1, `job ${id} finished once`);
    } finally {
      await Promise.all(workers.map(stop));
      rmSync(root, { recursive: true, force: true });
    }
  });
});
