import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { memoryLogger } from '../../lib/core/log.js';
import { parseDatasetDescriptor, type DatasetDescriptor } from '../../lib/data/descriptor.js';
import { encodeIdx } from '../../lib/data/idx.js';
import { loadDataset, loadDatasetFrom } from '../../lib/data/load-dataset.js';
import { getDescriptor } from '../../lib/data/registry.js';
import { repoRoot } from '../helpers/cli.js';
import { tarGz } from './helpers/tar-writer.js';

const hex = (algo: string, b: Uint8Array) => createHash(algo).update(b).digest('hex');
const OFFICIAL = 'http://files.example.invalid';

// Small IDX files cut from the embedded subset: 50 train and 20 test images.
const small = await loadDataset('fashion-mnist-small');
const raw: Record<string, Uint8Array> = {
  'train-images-idx3-ubyte.gz': encodeIdx([50, 28, 28], small.test.images.subarray(0, 50 * 784)),
  'train-labels-idx1-ubyte.gz': encodeIdx([50], small.test.labels.subarray(0, 50)),
  't10k-images-idx3-ubyte.gz': encodeIdx([20, 28, 28], small.test.images.subarray(50 * 784, 70 * 784)),
  't10k-labels-idx1-ubyte.gz': encodeIdx([20], small.test.labels.subarray(50, 70)),
};
const served = new Map<string, Uint8Array>(Object.entries(raw).map(([k, v]) => [`/fm/${k}`, gzipSync(v)]));
const fm = getDescriptor('fashion-mnist');
const miniIdx: DatasetDescriptor = parseDatasetDescriptor({
  ...fm, name: 'mini-idx',
  train: { ...fm.train, count: 50 }, test: { ...fm.test, count: 20 },
  files: Object.keys(raw).map((name) => ({ name, contentSha256: hex('sha256', raw[name]!), url: `${OFFICIAL}/fm/${name}` })),
}, 'spec');

// A CIFAR-10-shaped archive from the fixture: 5 train batches of 40 records, a test batch of 200.
const c10 = readFileSync(join(repoRoot, 'spec/fixtures/data/cifar10-test_batch.head200.bin'));
const archive = tarGz([
  { name: 'cifar-10-batches-bin/', dir: true },
  { name: 'cifar-10-batches-bin/batches.meta.txt', data: Buffer.from('airplane\n') },
  ...[1, 2, 3, 4, 5].map((i) => ({ name: `cifar-10-batches-bin/data_batch_${i}.bin`, data: c10.subarray((i - 1) * 40 * 3073, i * 40 * 3073) })),
  { name: 'cifar-10-batches-bin/test_batch.bin', data: c10 },
]);
served.set('/cifar/cifar-10-binary.tar.gz', archive);
const c10d = getDescriptor('cifar10');
const miniCifar = (md5: string, path = '/cifar/cifar-10-binary.tar.gz') => parseDatasetDescriptor({
  ...c10d, name: 'mini-cifar10', train: { ...c10d.train, count: 200 }, test: { ...c10d.test, count: 200 },
  archive: { ...c10d.archive, url: `${OFFICIAL}${path}`, md5 },
}, 'spec');

let server: Server;
let base = '';
const requests: string[] = [];
before(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    const [, mode = '', ...rest] = url.split('/');
    const body = served.get(`/${rest.join('/')}`) ?? served.get(url);
    if (mode === 'missing' || !body) { res.writeHead(404).end('not here'); return; }
    if (mode === 'bad') { const b = Buffer.from(gzipSync(Buffer.from('not the file'))); res.writeHead(200, { 'content-length': b.length }).end(b); return; }
    res.writeHead(200, { 'content-length': body.length });
    if (mode === 'trunc') { res.write(body.subarray(0, body.length >> 1), () => res.destroy()); return; }
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

/** Points official URLs at the local server, optionally through a mode prefix (bad/, missing/, trunc/). */
const via = (mode?: string) => (u: string) => u.replace(OFFICIAL, mode ? `${base}/${mode}` : base);

function tmp(): string { return mkdtempSync(join(tmpdir(), 'naschain-dl-')); }
const isolated = (cacheDir: string) => ({ cacheDir, env: {}, systemDir: '/nonexistent' });

test('good download of per-file IDX: checked, cached, progress logged, not fetched twice', async () => {
  const cache = tmp();
  try {
    const log = memoryLogger();
    requests.length = 0;
    const ds = await loadDatasetFrom(miniIdx, { ...isolated(cache), urlOverride: via(), log });
    assert.equal(ds.train.count, 50);
    assert.deepEqual(ds.test.labels, small.test.labels.subarray(50, 70));
    assert.equal(requests.length, 4);
    assert.deepEqual(readdirSync(join(cache, 'mini-idx')).sort(), Object.keys(raw).sort());
    assert.ok(log.lines.some((l) => /downloading train-images-idx3-ubyte\.gz: 100% /.test(l)), log.lines.join('\n'));
    await loadDatasetFrom(miniIdx, { ...isolated(cache), urlOverride: via(), log });
    assert.equal(requests.length, 4, 'second load reads the cache');
  } finally { rmSync(cache, { recursive: true, force: true }); }
});

async function assertFails(d: DatasetDescriptor, mode: string, pattern: RegExp) {
  const cache = tmp();
  try {
    await assert.rejects(loadDatasetFrom(d, { ...isolated(cache), urlOverride: via(mode) }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'NOT_FOUND');
      assert.match(e.message, pattern);
      assert.ok(e.message.includes(join(cache, d.name)) && e.message.includes('put them in one of those folders'), e.message);
      return true;
    });
    const left = existsSync(join(cache, d.name)) ? readdirSync(join(cache, d.name)) : [];
    assert.deepEqual(left, [], 'nothing kept, no temp files');
  } finally { rmSync(cache, { recursive: true, force: true }); }
}

test('hash mismatch: the file is not kept and the error says why', () =>
  assertFails(miniIdx, 'bad', /download failed: http:\/\/127\.0\.0\.1:\d+\/bad\/fm\/train-images-idx3-ubyte\.gz: sha256 of the decompressed content [0-9a-f]{64}, expected [0-9a-f]{64}; the file was not kept/));

test('server 404 names the URL and the status', () => assertFails(miniIdx, 'missing', /\/missing\/fm\/train-images-idx3-ubyte\.gz: HTTP 404 Not Found/));

test('a truncated body is an error and leaves nothing behind', () => assertFails(miniIdx, 'trunc', /\/trunc\/fm\/train-images-idx3-ubyte\.gz: (connection broke after|truncated)/));

test('an unreachable server is an error naming the URL', async () => {
  const cache = tmp();
  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  try {
    await assert.rejects(loadDatasetFrom(miniIdx, { ...isolated(cache), urlOverride: () => `http://127.0.0.1:${port}/none.gz` }),
      new RegExp(`127\\.0\\.0\\.1:${port}/none\\.gz: cannot connect \\(ECONNREFUSED\\)`));
  } finally { rmSync(cache, { recursive: true, force: true }); }
});

test('archive download: md5 checked, the needed files extracted, the archive removed', async () => {
  const cache = tmp();
  try {
    const progress: string[] = [];
    const log = { ...memoryLogger(), interactive: true };
    const stream = { write: (s: string) => { progress.push(s); return true; } } as unknown as NodeJS.WritableStream;
    const ds = await loadDatasetFrom(miniCifar(hex('md5', archive)), { ...isolated(cache), urlOverride: via(), log, progressStream: stream });
    assert.equal(ds.train.count, 200);
    assert.equal(ds.test.labels[0], 3);
    assert.deepEqual(readdirSync(join(cache, 'mini-cifar10')).sort(), ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin', 'test_batch.bin']);
    assert.ok(progress.some((s) => s.startsWith('\rdownloading cifar-10-binary.tar.gz [') && s.includes('100%')), progress.join('|'));
  } finally { rmSync(cache, { recursive: true, force: true }); }
});

test('archive md5 mismatch: nothing kept', () =>
  assertFails(miniCifar('0'.repeat(32)), '', /cifar-10-binary\.tar\.gz: md5 [0-9a-f]{32}, expected 0{32}; the file was not kept/));

test('the registered fashion-mnist downloads from its (overridden) official URLs and passes its hashes', async () => {
  for (const f of fm.files) served.set(`/real/${f.name}`, readFileSync(join('/usr/share/datasets/fashion-mnist', f.name)));
  const cache = tmp();
  try {
    const ds = await loadDataset('fashion-mnist', { ...isolated(cache), urlOverride: (u) => u.replace('http://fashion-mnist.s3-website.eu-central-1.amazonaws.com', `${base}/real`) });
    assert.equal(ds.train.count, 60_000);
    assert.equal(ds.test.count, 10_000);
    for (const f of fm.files) assert.equal(hex('sha256', readFileSync(join(cache, 'fashion-mnist', f.name))), f.sha256);
  } finally {
    rmSync(cache, { recursive: true, force: true });
    for (const f of fm.files) served.delete(`/real/${f.name}`);
  }
});
