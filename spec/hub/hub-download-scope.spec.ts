// What a fetch downloads and keeps: model.json and only the shards it names
// (the size check still sums every file), a cap on the file count, the size
// limit applied on cache hits too, temp folders of a killed download swept on
// the next use, and no token over plain http to a non-loopback endpoint.
import { after, afterEach, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { NaschainError } from '../../lib/core/errors.js';
import { makeRng } from '../../lib/core/rng.js';
import { HfModelStore, MAX_LISTED_FILES, type HfModelStoreOptions } from '../../lib/hub/hf-model-store.js';
import { populateAtomically } from '../../lib/hub/model-cache.js';
import type { ModelRef } from '../../lib/hub/model-ref.js';
import { FakeHub } from '../helpers/fake-hub/fake-hub-server.js';

let hub: FakeHub;
let work: string;

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'hf-scope-'));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  hub = new FakeHub();
  await hub.start();
});
afterEach(async () => {
  await hub.stop();
});

let n = 0;
function store(extra: Partial<HfModelStoreOptions> = {}): HfModelStore {
  n++;
  return new HfModelStore({ hubUrl: hub.url, cacheDir: join(work, `cache-${n}`), maxDownloadBytes: 5_767_168, token: null, retry: { sleep: async () => {}, rng: makeRng(1), maxRetries: 1 }, ...extra });
}
const manifest = (...paths: string[]) => Buffer.from(JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths, weights: [] }] }));
const downloads = () => hub.requests.filter((r) => r.path.includes('/resolve/') || r.path.startsWith('/lfs-cdn/')).map((r) => r.path);

async function failure(p: Promise<unknown>): Promise<NaschainError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof NaschainError, `expected a NaschainError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

test('only model.json and the shards it names are downloaded; the size check still counts every file', async () => {
  const commit = hub.seed('bob/padded', 'bob', {
    'model.json': manifest('./w1.bin', 'sub/w2.bin'),
    'w1.bin': { bytes: Buffer.alloc(700, 1), lfs: true },
    'sub/w2.bin': Buffer.alloc(70, 2),
    'junk.bin': { bytes: Buffer.alloc(900, 3), lfs: true },
    'other/notes.txt': Buffer.alloc(50, 4),
  });
  const ref: ModelRef = { namespace: 'bob', name: 'padded', commit };
  const s = store();
  const got = await s.fetch(ref);
  assert.ok(downloads().every((p) => !/junk|notes/.test(p)), `downloaded ${downloads().join(', ')}`);
  assert.deepEqual((await readdir(got.dir, { recursive: true })).filter((p) => !p.startsWith('.')).sort(), ['model.json', 'sub', join('sub', 'w2.bin'), 'w1.bin']);
  assert.equal(got.totalBytes, (await s.list(ref)).totalBytes);
  assert.ok(got.totalBytes > 700 + 70 + 900 + 50);

  // A cache hit applies the (smaller) limit too, without a request.
  const before = hub.requests.length;
  const e = await failure(s.fetch(ref, { maxBytes: 1000 }));
  assert.equal(e.code, 'LIMIT');
  assert.match(e.message, /repo holds \d+ bytes \(as listed when cached\), over the limit of 1000/);
  assert.equal(hub.requests.length, before);
});

test('the number of files is capped, and a shard model.json names but the repo lacks is a clear error', async () => {
  const names = ['a.bin', 'b.bin', 'c.bin', 'd.bin'];
  const files: Record<string, Buffer> = { 'model.json': manifest(...names) };
  for (const f of names) files[f] = Buffer.alloc(10, 1);
  const many = hub.seed('bob/many', 'bob', files);
  const e = await failure(store({ maxFiles: 4 }).fetch({ namespace: 'bob', name: 'many', commit: many }));
  assert.equal(e.code, 'LIMIT');
  assert.match(e.message, /model\.json names 4 weight files; at most 3 are downloaded/);
  assert.deepEqual(downloads().filter((p) => !p.endsWith('model.json')), [], 'no shard downloaded');

  const missing = hub.seed('bob/missing', 'bob', { 'model.json': manifest('gone.bin') });
  const m = await failure(store().fetch({ namespace: 'bob', name: 'missing', commit: missing }));
  assert.equal(m.code, 'NOT_FOUND');
  assert.match(m.message, /model\.json names weight file gone\.bin, which the repo does not hold/);

  const evil = hub.seed('bob/evil', 'bob', { 'model.json': manifest('../../escape.bin') });
  const c = await failure(store().fetch({ namespace: 'bob', name: 'evil', commit: evil }));
  assert.equal(c.code, 'CORRUPT');
  assert.match(c.message, /weightsManifest\[0\]: repo path "\.\.\/\.\.\/escape\.bin" is not a plain relative path/);
});

test('temp folders of a killed download are swept on the next fetch; a live one and a fresh one are kept', async () => {
  const commit = hub.seed('bob/m', 'bob', { 'model.json': manifest() });
  const ref: ModelRef = { namespace: 'bob', name: 'm', commit };
  const s = store();
  const cache = (s.toJSON() as { cacheDir: string }).cacheDir;
  // A real download process, killed while its temp folder is half filled.
  const cacheModule = resolve('dist/lib/hub/model-cache.js');
  const child = spawn(process.execPath, ['--input-type=module', '-e', `
    const { populateAtomically } = await import(${JSON.stringify(cacheModule)});
    const { writeFile } = await import('node:fs/promises');
    await populateAtomically(${JSON.stringify(cache)}, ${JSON.stringify(ref)}, async (t) => {
      await writeFile(t + '/model.json', '{"half":');
      process.stdout.write('filling\\n');
      await new Promise(() => setInterval(() => {}, 1000));
    });`], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ok) => child.stdout.once('data', () => ok()));
  const killedTemp = await readdir(join(cache, '.tmp'));
  assert.equal(killedTemp.length, 1);
  child.kill('SIGKILL');
  await new Promise((ok) => child.once('exit', ok));
  // One of ours in progress (this process is alive).
  let hold: Promise<string> | undefined;
  let liveName = '';
  const started = new Promise<void>((ok) => {
    hold = populateAtomically(cache, { ...ref, name: 'live' }, async (t) => {
      liveName = basename(t);
      ok();
      await new Promise((done) => setTimeout(done, 300));
    });
  });
  await started;
  // A folder of this live process, but older than the grace period (as if its pid had been reused).
  const oldName = liveName.replace(/-[^-]*$/, '-OLDone');
  await mkdir(join(cache, '.tmp', oldName));
  const past = new Date(Date.now() - 2 * 3600_000);
  await utimes(join(cache, '.tmp', oldName), past, past);

  await s.fetch(ref);
  const left = await readdir(join(cache, '.tmp'));
  assert.ok(!left.includes(killedTemp[0] as string), 'the killed process\'s temp folder is gone');
  assert.ok(!left.includes(oldName), 'a folder older than the grace period is gone');
  assert.ok(left.includes(liveName), 'a live download\'s folder is kept');
  await hold;
});

test('a token is never sent over plain http to a non-loopback host; loopback http and https are fine', () => {
  const opts = { cacheDir: join(work, 'x'), maxDownloadBytes: 100 };
  assert.throws(() => new HfModelStore({ ...opts, hubUrl: 'http://hub.example.org', token: 'hf_aaaaaaaaaaaaaaaa' }), (e: NaschainError) => e.code === 'INVALID' && /refusing to send the Hugging Face token in clear text/.test(e.message) && !e.message.includes('hf_aaaa'));
  assert.doesNotThrow(() => new HfModelStore({ ...opts, hubUrl: 'http://hub.example.org', token: null }));
  assert.doesNotThrow(() => new HfModelStore({ ...opts, hubUrl: 'http://127.0.0.1:8080', token: 'hf_aaaaaaaaaaaaaaaa' }));
  assert.doesNotThrow(() => new HfModelStore({ ...opts, hubUrl: 'https://hub.example.org', token: 'hf_aaaaaaaaaaaaaaaa' }));
  assert.throws(() => new HfModelStore({ ...opts, hubUrl: 'ftp://hub.example.org', token: null }), /Hub endpoint: got "ftp:\/\/hub.example.org", expected an http\(s\) URL/);
});

test('a listing longer than MAX_LISTED_FILES entries is refused before any download', async () => {
  const files: Record<string, Buffer> = { 'model.json': manifest() };
  for (let i = 0; i < MAX_LISTED_FILES; i++) files[`pad/${i}.txt`] = Buffer.from('x');
  const commit = hub.seed('bob/huge', 'bob', files);
  const e = await failure(store().fetch({ namespace: 'bob', name: 'huge', commit }));
  assert.equal(e.code, 'LIMIT');
  assert.match(e.message, new RegExp(`lists more than ${MAX_LISTED_FILES} entries`));
  assert.deepEqual(downloads(), []);
});
