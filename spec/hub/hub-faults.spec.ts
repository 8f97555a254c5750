// HfModelStore (over the real @huggingface/hub client) against the stand-in
// Hub with faults switched on: bodies cut, cut short under a lying
// Content-Length, stalled, swapped for other bytes, longer than listed, a
// Range request answered with the whole file; commit POSTs reset before
// and after they landed; requests that never answer; 401 without a token.
import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { NaschainError } from '../../lib/core/errors.js';
import { makeRng } from '../../lib/core/rng.js';
import { HfModelStore, type HfModelStoreOptions } from '../../lib/hub/hf-model-store.js';
import { hashModelDir } from '../../lib/hub/model-hash.js';
import type { ModelRef } from '../../lib/hub/model-ref.js';
import { FakeHub, PRESIGNED_SIGNATURE } from '../helpers/fake-hub/fake-hub-server.js';

const ALICE = 'hf_aliceAAAAAAAAAAAAAAAA';
let hub: FakeHub;
let work: string;
let sleeps: number[];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'hf-faults-'));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  hub = new FakeHub();
  hub.addUser('alice', ALICE);
  await hub.start();
  sleeps = [];
});
afterEach(async () => {
  await hub.stop();
});

let n = 0;
function store(extra: Partial<HfModelStoreOptions> = {}): HfModelStore {
  n++;
  return new HfModelStore({
    hubUrl: hub.url,
    cacheDir: join(work, `cache-${n}`),
    maxDownloadBytes: 5_767_168,
    token: null,
    retry: { sleep: async (ms) => void sleeps.push(ms), rng: makeRng(3), maxRetries: 3 },
    ...extra,
  });
}
const cacheOf = (s: HfModelStore) => (s.toJSON() as { cacheDir: string }).cacheDir;

async function failure(p: Promise<unknown>): Promise<NaschainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof NaschainError, `expected a NaschainError, got ${inspect(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

const manifest = (...paths: string[]) => Buffer.from(JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths, weights: [] }] }));
const SHARD = Buffer.from(Array.from({ length: 40_000 }, (_, i) => (i * 31) & 0xff));

/** A public repo: model.json naming one LFS shard and one plain (git blob) shard. */
function seedModel(name: string): ModelRef {
  const commit = hub.seed(`bob/${name}`, 'bob', { 'model.json': manifest('w.bin', 'plain.dat'), 'w.bin': { bytes: SHARD, lfs: true }, 'plain.dat': Buffer.alloc(3000, 9) });
  return { namespace: 'bob', name, commit };
}

async function assertNothingCached(s: HfModelStore, ref: ModelRef): Promise<void> {
  assert.deepEqual(await readdir(join(cacheOf(s), '.tmp')), [], 'temp folder removed');
  await assert.rejects(readdir(join(cacheOf(s), ref.namespace, ref.name, ref.commit)), /ENOENT/);
}

test('a body cut mid-way (socket reset, twice) is resumed with Range and the model arrives whole', async () => {
  const ref = seedModel('cut');
  hub.faults.push({ path: /^\/lfs-cdn\//, body: { kind: 'cut', afterBytes: 10_000 }, times: 2 });
  const s = store();
  const got = await s.fetch(ref);
  const cdn = hub.requests.filter((r) => r.path.startsWith('/lfs-cdn/'));
  // probe (206), the cut first try (200), the cut resume (206), the finishing resume (206)
  assert.deepEqual(cdn.map((r) => r.status), [206, 200, 206, 206]);
  assert.equal(sleeps.length, 2, 'backoff before each resume');
  const fresh = store();
  assert.equal(got.hash, (await fresh.fetch(ref)).hash, 'same hash as a clean download');
});

test('a lying Content-Length (clean close after part of the body) is retried, not failed', async () => {
  const ref = seedModel('short');
  hub.faults.push({ path: /\/resolve\/[^/]+\/plain\.dat$/, body: { kind: 'short', afterBytes: 1000 } });
  const got = await store().fetch(ref);
  assert.equal(got.cached, false);
  assert.equal(sleeps.length, 1);
});

test('a server that ignores Range on the resume (200, the whole file again): the download starts over and the model arrives whole', async () => {
  const ref = seedModel('no-range');
  hub.faults.push({ path: /^\/lfs-cdn\//, body: { kind: 'cut', afterBytes: 10_000 } }, { path: /^\/lfs-cdn\//, ignoreRange: true });
  const got = await store().fetch(ref);
  // probe (206), the cut first try (200), the resume answered with the whole file (200)
  assert.deepEqual(hub.requests.filter((r) => r.path.startsWith('/lfs-cdn/')).map((r) => r.status), [206, 200, 200]);
  assert.equal(got.hash, (await store().fetch(ref)).hash, 'same hash as a clean download');
});

test('a Content-Length longer than the listing is refused before the body is read: LIMIT naming the file; nothing cached', async () => {
  const ref = seedModel('long');
  hub.faults.push({ path: /\/resolve\/[^/]+\/plain\.dat$/, body: { kind: 'long', afterBytes: 1_000_000 } });
  const s = store();
  const err = await failure(s.fetch(ref));
  assert.equal(err.code, 'LIMIT');
  assert.match(err.message, /plain\.dat is served with 1003000 bytes, listed as 3000; rejected before reading it/);
  await assertNothingCached(s, ref);
});

test('a body that keeps breaking off gives up after the retries with a NETWORK error naming the file; nothing cached', async () => {
  const ref = seedModel('broken');
  hub.faults.push({ path: /^\/lfs-cdn\//, body: { kind: 'cut', afterBytes: 5_000 }, times: 100 });
  const s = store();
  const e = await failure(s.fetch(ref));
  assert.equal(e.code, 'NETWORK');
  // Each try resumes where the last broke off, so 4 tries of 5000 bytes reach 20000.
  assert.match(e.message, /bob\/broken@[0-9a-f]{40}: download of w\.bin broke off 4 times; last at 20000 of 40000 bytes/);
  await assertNothingCached(s, ref);
});

test('a body that stalls after its headers ends at the configured deadline, named in the error', async () => {
  const ref = seedModel('stall');
  hub.faults.push({ path: /^\/lfs-cdn\//, body: { kind: 'stall', afterBytes: 100 } });
  const s = store({ timeoutMs: 700 });
  const t0 = Date.now();
  const e = await failure(s.fetch(ref));
  const took = Date.now() - t0;
  assert.equal(e.code, 'NETWORK');
  assert.match(e.message, /download of w\.bin did not finish within its deadline of 0\.7 s \(100 of 40000 bytes received\)/);
  assert.ok(took >= 650 && took < 5_000, `gave up after ${took} ms`);
  await assertNothingCached(s, ref);
});

test('a request that never answers ends at the configured deadline (the total, not the time left)', async () => {
  const ref = seedModel('hang');
  hub.faults.push({ path: /\/tree\//, hang: true });
  const e = await failure(store({ timeoutMs: 400 }).list(ref));
  assert.equal(e.code, 'NETWORK');
  assert.match(e.message, /^list bob\/hang@[0-9a-f]{40}: GET http:\/\/127\.0\.0\.1:\d+\/api\/models\/bob\/hang\/tree\/[0-9a-f]{40}\?…: no complete answer within 0\.4 s$/);
});

test('same size, other bytes: caught by the LFS sha256 and by the git blob id; nothing cached', async () => {
  const ref = seedModel('swap');
  hub.faults.push({ path: /^\/lfs-cdn\//, body: { kind: 'swap', afterBytes: 39_000 } });
  const s = store();
  const lfs = await failure(s.fetch(ref));
  assert.equal(lfs.code, 'CORRUPT');
  assert.match(lfs.message, /w\.bin has sha256 [0-9a-f]{64}, listed as [0-9a-f]{64}/);
  await assertNothingCached(s, ref);
  hub.faults.push({ path: /\/resolve\/[^/]+\/plain\.dat$/, body: { kind: 'swap', afterBytes: 0 } });
  const git = await failure(s.fetch(ref));
  assert.equal(git.code, 'CORRUPT');
  assert.match(git.message, /plain\.dat has git blob id [0-9a-f]{40}, listed as [0-9a-f]{40}/);
  await assertNothingCached(s, ref);
});

test('retries that run out on a presigned CDN URL never show its signature', async () => {
  const ref = seedModel('sig');
  hub.faults.push({ path: /^\/lfs-cdn\//, reset: 'before', times: 100 });
  const e = await failure(store().fetch(ref));
  assert.equal(e.code, 'NETWORK');
  assert.match(e.message, /GET http:\/\/127\.0\.0\.1:\d+\/lfs-cdn\/[0-9a-f]{64}\?…: connection failed 4 times/);
  assert.ok(!inspect(e, { depth: 8 }).includes(PRESIGNED_SIGNATURE), 'no signature in the error or its causes');
});

async function modelDir(seed: number): Promise<string> {
  const dir = await mkdtemp(join(work, 'model-'));
  await writeFile(join(dir, 'model.json'), manifest('group1-shard1of1.bin'));
  await writeFile(join(dir, 'group1-shard1of1.bin'), Buffer.alloc(300, seed));
  return dir;
}
const commitPosts = () => hub.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/commit/main')).length;

test('a commit POST reset mid-body (not landed) is sent again and lands once', async () => {
  hub.faults.push({ method: 'POST', path: /\/commit\/main$/, reset: 'before' });
  const dir = await modelDir(1);
  const up = await store({ token: ALICE }).upload(dir, { namespace: 'alice', name: 'reset-before' });
  assert.equal(up.ref.commit, hub.tip('alice/reset-before'));
  assert.equal(up.hash, await hashModelDir(dir));
  assert.equal(hub.repos.get('alice/reset-before')?.commits.size, 2, 'initial + one commit');
  assert.equal(commitPosts(), 2);
});

test('a commit POST whose connection drops after it landed is settled from the branch tip, never sent twice', async () => {
  hub.faults.push({ method: 'POST', path: /\/commit\/main$/, reset: 'after' });
  const up = await store({ token: ALICE }).upload(await modelDir(2), { namespace: 'alice', name: 'reset-after' });
  assert.equal(up.ref.commit, hub.tip('alice/reset-after'));
  assert.equal(hub.repos.get('alice/reset-after')?.commits.size, 2, 'initial + one commit');
  assert.equal(commitPosts(), 1);
});

test('a 401 on an anonymous read says no token was sent and where to put one', async () => {
  const commit = hub.seed('alice/secret', 'alice', { 'model.json': manifest() }, true);
  const e = await failure(store().fetch({ namespace: 'alice', name: 'secret', commit }));
  assert.equal(e.code, 'AUTH');
  assert.match(e.message, /\(401\) and none was sent: .*set HF_TOKEN or HF_ACCESS_TOKEN/);
  assert.doesNotMatch(e.message, /rejected the token/);
});
