// HfModelStore driven through the real @huggingface/hub client against the
// local stand-in of the Hub (spec/helpers/fake-hub).
import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { NaschainError } from '../../lib/core/errors.js';
import { makeRng } from '../../lib/core/rng.js';
import { HfModelStore } from '../../lib/hub/hf-model-store.js';
import { hashModelDir } from '../../lib/hub/model-hash.js';
import type { ModelRef } from '../../lib/hub/model-ref.js';
import { FakeHub } from '../helpers/fake-hub/fake-hub-server.js';

const ALICE = 'hf_aliceAAAAAAAAAAAAAAAA';
const BOB = 'hf_bobBBBBBBBBBBBBBBBBBBB';
let hub: FakeHub;
let work: string;
let sleeps: number[];

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'hf-store-'));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  hub = new FakeHub();
  hub.addUser('alice', ALICE);
  hub.addUser('bob', BOB);
  await hub.start();
  sleeps = [];
});
afterEach(async () => {
  await hub.stop();
});

let storeCount = 0;
function store(token?: string, maxDownloadBytes = 5_767_168): HfModelStore {
  storeCount++;
  return new HfModelStore({
    hubUrl: hub.url,
    cacheDir: join(work, `cache-${storeCount}`),
    maxDownloadBytes,
    token: token ?? null,
    retry: { sleep: async (ms) => void sleeps.push(ms), rng: makeRng(7), maxRetries: 3 },
  });
}

async function modelDir(seed: number): Promise<string> {
  const dir = await mkdtemp(join(work, 'model-'));
  const shard = Buffer.alloc(300, seed);
  await writeFile(join(dir, 'model.json'), JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }] }));
  await writeFile(join(dir, 'group1-shard1of1.bin'), shard);
  await writeFile(join(dir, 'README.md'), 'local card, not uploaded when a card is given');
  return dir;
}

/** The error a promise rejects with; fails the test when it resolves. */
async function failure(p: Promise<unknown>): Promise<NaschainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof NaschainError, `expected a NaschainError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

/** A model.json whose weightsManifest names these shards. */
function manifestNaming(...paths: string[]): Buffer {
  return Buffer.from(JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths, weights: [] }] }));
}

const card = { license: 'mit', dataset: 'cifar100', searchSpace: 'tiny', metrics: { accuracy: 71, params: 100000, macs: 2000000 } };

test('upload creates a private repo, one commit with card; fetch at that commit gives the same hash; cached afterwards', async () => {
  const dir = await modelDir(1);
  const s = store(ALICE);
  const up = await s.upload(dir, { namespace: 'alice', name: 'm1' }, { card });
  assert.match(up.ref.commit, /^[0-9a-f]{40}$/);
  assert.equal(up.ref.commit, hub.tip('alice/m1'));
  assert.equal(up.hash, await hashModelDir(dir));
  assert.deepEqual(up.files, ['group1-shard1of1.bin', 'model.json', 'README.md']);
  const repo = hub.repos.get('alice/m1');
  assert.equal(repo?.private, true);
  // initial commit + exactly one upload commit
  assert.equal(repo?.commits.size, 2);
  const readme = repo?.commits.get(up.ref.commit)?.files.get('README.md')?.bytes.toString() ?? '';
  assert.match(readme, /^---\nlicense: mit\n/);
  assert.match(readme, /datasets:\n {2}- cifar100/);
  assert.match(readme, /search_space: tiny/);
  assert.match(readme, /accuracy: 71/);
  assert.ok(repo?.commits.get(up.ref.commit)?.files.get('group1-shard1of1.bin')?.lfs, 'the shard went through LFS');

  // Private: someone else cannot see it; after makePublic anyone can.
  await assert.rejects(store(BOB).fetch(up.ref), (e: NaschainError) => e.code === 'NOT_FOUND');
  await s.makePublic({ namespace: 'alice', name: 'm1' });
  assert.equal(repo?.private, false);
  const v = store();
  const got = await v.fetch(up.ref, { expectedHash: up.hash });
  assert.equal(got.hash, up.hash);
  assert.equal(got.cached, false);
  assert.deepEqual((await readdir(got.dir)).sort(), ['.naschain-listing.json', 'group1-shard1of1.bin', 'model.json']);
  assert.equal(got.totalBytes, [...(repo?.commits.get(up.ref.commit)?.files.values() ?? [])].reduce((n, f) => n + f.bytes.length, 0));
  const before = hub.requests.length;
  const again = await v.fetch(up.ref, { expectedHash: up.hash });
  assert.equal(again.cached, true);
  assert.equal(hub.requests.length, before, 'a cached model makes no request');

  // A different expected hash rejects it.
  await assert.rejects(v.fetch(up.ref, { expectedHash: 'AAAA' }), /differs from the committed AAAA/);
});

test('fetch pins the commit: a later upload to main does not change what an old ref downloads', async () => {
  const s = store(ALICE);
  const first = await s.upload(await modelDir(1), { namespace: 'alice', name: 'pin' });
  const second = await s.upload(await modelDir(2), { namespace: 'alice', name: 'pin' });
  assert.notEqual(first.ref.commit, second.ref.commit);
  assert.notEqual(first.hash, second.hash);
  const got = await s.fetch(first.ref);
  assert.equal(got.hash, first.hash);
});

test('a repo over the size limit is rejected from its listing without downloading a byte', async () => {
  hub.treePageSize = 1; // and the listing is paginated
  const commit = hub.seed('bob/big', 'bob', { 'model.json': Buffer.from('{}'), 'w.bin': { bytes: Buffer.alloc(5000, 1), lfs: true }, 'README.md': Buffer.alloc(100, 65) });
  const ref: ModelRef = { namespace: 'bob', name: 'big', commit };
  const listing = await store().list(ref);
  assert.equal(listing.totalBytes, 2 + 5000 + 100 + (hub.repos.get('bob/big')?.commits.get(commit)?.files.get('.gitattributes')?.bytes.length ?? 0));
  hub.requests.length = 0;
  await assert.rejects(store(undefined, 5000).fetch(ref), (e: NaschainError) => e.code === 'LIMIT' && /over the limit of 5000/.test(e.message));
  assert.ok(hub.requests.every((r) => r.path.includes('/tree/')), `only listings, got ${hub.requests.map((r) => r.path).join(', ')}`);
});

test('a server that sends more bytes than listed is cut off and nothing is cached', async () => {
  const commit = hub.seed('bob/liar', 'bob', { 'model.json': manifestNaming('w.bin'), 'w.bin': { bytes: Buffer.alloc(2000, 3), lfs: true } });
  hub.oversend.set('w.bin', 1_000_000);
  const s = store();
  const ref = { namespace: 'bob', name: 'liar', commit };
  await assert.rejects(s.fetch(ref), (e: NaschainError) => e.code === 'LIMIT' && /more than its listed 2000 bytes/.test(e.message));
  const cacheRoot = (s.toJSON() as { cacheDir: string }).cacheDir;
  assert.deepEqual(await readdir(join(cacheRoot, '.tmp')), [], 'temp folder removed');
  await assert.rejects(readdir(join(cacheRoot, 'bob', 'liar', commit)), /ENOENT/);
});

test('429 is retried after the RateLimit reset time (with seeded jitter), then succeeds', async () => {
  hub.faults.push({ path: /\/preupload\//, status: 429, headers: { RateLimit: '"api";r=0;t=3', 'RateLimit-Policy': '"fixed window";"api";q=500;w=300' }, times: 2 });
  const up = await store(ALICE).upload(await modelDir(4), { namespace: 'alice', name: 'rl' });
  assert.equal(up.ref.commit, hub.tip('alice/rl'));
  assert.equal(sleeps.length, 2);
  for (const ms of sleeps) assert.ok(ms >= 3000 && ms < 4000, `waited ${ms} ms`);
  assert.notEqual(sleeps[0], sleeps[1], 'jitter differs between retries');
});

test('5xx on a read is retried with exponential backoff', async () => {
  const commit = hub.seed('bob/flaky', 'bob', { 'model.json': Buffer.from('{}') });
  hub.faults.push({ path: /\/tree\//, status: 503, times: 2 });
  const listing = await store().list({ namespace: 'bob', name: 'flaky', commit });
  assert.ok(listing.files.some((f) => f.path === 'model.json'));
  assert.equal(sleeps.length, 2);
  assert.ok((sleeps[1] as number) > (sleeps[0] as number));
});

test('a commit that fails with 500 after it landed is found at the branch tip, not committed twice', async () => {
  hub.faults.push({ method: 'POST', path: /\/commit\/main$/, status: 500, afterHandling: true });
  const dir = await modelDir(5);
  const up = await store(ALICE).upload(dir, { namespace: 'alice', name: 'landed' });
  assert.equal(up.ref.commit, hub.tip('alice/landed'));
  assert.equal(hub.repos.get('alice/landed')?.commits.size, 2, 'initial + one commit');
  assert.equal(hub.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/commit/main')).length, 1);
});

test('a commit that fails with 500 before landing is retried', async () => {
  hub.faults.push({ method: 'POST', path: /\/commit\/main$/, status: 502 });
  const up = await store(ALICE).upload(await modelDir(6), { namespace: 'alice', name: 'retry' });
  assert.equal(up.ref.commit, hub.tip('alice/retry'));
  assert.equal(hub.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/commit/main')).length, 2);
});

test('401, 403, 404 and 412 become one clear line each, and the token never shows', async () => {
  const wrong = 'hf_wrongWRONGwrongWRONG';
  const e401 = await failure(store(wrong).upload(await modelDir(7), { namespace: 'alice', name: 'x' }));
  assert.equal(e401.code, 'AUTH');
  assert.match(e401.message, /rejected the token \(401\)/);

  const e403 = await failure(store(BOB).upload(await modelDir(7), { namespace: 'alice', name: 'x' }));
  assert.equal(e403.code, 'AUTH');
  assert.match(e403.message, /no write access to alice\/x \(403\)/);

  const e404 = await failure(store(ALICE).fetch({ namespace: 'alice', name: 'nope', commit: 'a'.repeat(40) }));
  assert.equal(e404.code, 'NOT_FOUND');
  assert.match(e404.message, /not found \(404\)/);

  hub.faults.push({ method: 'POST', path: /\/commit\/main$/, status: 412 });
  const e412 = await failure(store(ALICE).upload(await modelDir(7), { namespace: 'alice', name: 'moved' }));
  assert.equal(e412.code, 'INVALID');
  assert.match(e412.message, /moved during the commit \(412\)/);

  for (const e of [e401, e403, e404, e412]) {
    assert.equal(e.message.split('\n').length, 1);
    for (const t of [wrong, ALICE, BOB]) {
      assert.ok(!e.message.includes(t) && !inspect(e, { depth: 5 }).includes(t), 'token masked');
    }
  }
  const s = store(ALICE);
  assert.ok(!inspect(s).includes(ALICE) && !JSON.stringify(s).includes(ALICE));
});

test('uploading with no token is a clear error; an existing repo is reused and made private again', async () => {
  await assert.rejects(store().upload(await modelDir(8), { namespace: 'alice', name: 'y' }), /set HF_TOKEN or HF_ACCESS_TOKEN/);
  const s = store(ALICE);
  const firstDir = await modelDir(8);
  await writeFile(join(firstDir, 'extra-shard.bin'), Buffer.alloc(50, 1));
  await s.upload(firstDir, { namespace: 'alice', name: 'y' });
  await s.makePublic({ namespace: 'alice', name: 'y' });
  const up = await s.upload(await modelDir(9), { namespace: 'alice', name: 'y' });
  assert.equal(hub.repos.get('alice/y')?.private, true);
  assert.equal(hub.repos.get('alice/y')?.commits.size, 3);
  assert.equal(up.ref.commit, hub.tip('alice/y'));
  // The earlier upload's extra shard is gone from the new commit, so the validator's hash is the miner's.
  assert.deepEqual([...(hub.repos.get('alice/y')?.commits.get(up.ref.commit)?.files.keys() ?? [])].sort(), ['.gitattributes', 'README.md', 'group1-shard1of1.bin', 'model.json']);
  assert.equal((await s.fetch(up.ref)).hash, up.hash);
});

test('uploading exactly what the branch holds makes no new commit (a killed submit run again); any change makes one', async () => {
  const s = store(ALICE);
  const dir = await modelDir(4);
  const first = await s.upload(dir, { namespace: 'alice', name: 'same' }, { card });
  const again = await s.upload(dir, { namespace: 'alice', name: 'same' }, { card });
  assert.deepEqual(again, first);
  assert.equal(hub.repos.get('alice/same')?.commits.size, 2, 'the repo\'s first commit and ours');
  const otherCard = await s.upload(dir, { namespace: 'alice', name: 'same' }, { card: { ...card, license: 'apache-2.0' } });
  assert.notEqual(otherCard.ref.commit, first.ref.commit, 'another card is another commit');
  await writeFile(join(dir, 'group1-shard1of1.bin'), Buffer.alloc(300, 5));
  const changed = await s.upload(dir, { namespace: 'alice', name: 'same' }, { card: { ...card, license: 'apache-2.0' } });
  assert.notEqual(changed.ref.commit, otherCard.ref.commit, 'other weights are another commit');
  assert.equal(hub.repos.get('alice/same')?.commits.size, 4);
});

test('a listing with a path that leaves the folder is rejected before any download', async () => {
  const commit = hub.seed('bob/evil', 'bob', { 'model.json': Buffer.from('{}'), 'sub/../../escape.bin': Buffer.from('x') });
  hub.requests.length = 0;
  const err = await failure(store().fetch({ namespace: 'bob', name: 'evil', commit }));
  assert.equal(err.code, 'CORRUPT');
  assert.match(err.message, /not a plain relative path/);
  assert.ok(hub.requests.every((r) => r.path.includes('/tree/')));
});

test('a folder over the download limit is not uploaded; rate limiting that never ends is one clear line', async () => {
  const big = await failure(store(ALICE, 200).upload(await modelDir(10), { namespace: 'alice', name: 'big' }));
  assert.equal(big.code, 'LIMIT');
  assert.equal(hub.repos.has('alice/big'), false);

  hub.faults.push({ path: /\/api\/repos\/create$/, status: 429, headers: { RateLimit: '"api";r=0;t=1' }, times: 100 });
  const limited = await failure(store(ALICE).upload(await modelDir(10), { namespace: 'alice', name: 'z' }));
  assert.equal(limited.code, 'NETWORK');
  assert.match(limited.message, /rate limited by the Hub \(429\) after all retries/);
  assert.equal(sleeps.length, 3, 'maxRetries waits');
});
