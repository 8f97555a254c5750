import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../../lib/data/load-dataset.js';
import { getDescriptor } from '../../lib/data/registry.js';
import type { ImageSplit } from '../../lib/data/types.js';
import { repoRoot } from '../helpers/cli.js';

const SYSTEM = '/usr/share/datasets';

function classCounts(s: ImageSplit, k: number): number[] {
  const c = Array<number>(k).fill(0);
  for (const l of s.labels) c[l] = (c[l] as number) + 1;
  return c;
}

test('an unknown dataset is a usage error listing the known ones', async () => {
  await assert.rejects(loadDataset('mnist'), (e: Error & { code?: string }) =>
    e.code === 'USAGE' && /unknown dataset "mnist": expected one of fashion-mnist-small, fashion-mnist, cifar10, cifar100/.test(e.message));
});

test('fashion-mnist-small loads from the package, 1,000 train and 200 test images per class', async () => {
  const ds = await loadDataset('fashion-mnist-small', { env: {}, cacheDir: '/nonexistent' });
  assert.equal(ds.name, 'fashion-mnist-small');
  assert.deepEqual([ds.height, ds.width, ds.channels, ds.numClasses], [28, 28, 1, 10]);
  assert.equal(ds.train.count, 10_000);
  assert.equal(ds.test.count, 2_000);
  assert.equal(ds.train.images.length, 10_000 * 784);
  assert.deepEqual(classCounts(ds.train, 10), Array(10).fill(1000));
  assert.deepEqual(classCounts(ds.test, 10), Array(10).fill(200));
  // The descriptor's statistics are those of these train images.
  let s = 0, q = 0;
  for (const v of ds.train.images) { s += v / 255; q += (v / 255) ** 2; }
  const mean = s / ds.train.images.length;
  assert.ok(Math.abs(mean - (ds.mean[0] as number)) < 1e-6);
  assert.ok(Math.abs(Math.sqrt(q / ds.train.images.length - mean * mean) - (ds.std[0] as number)) < 1e-6);
});

test('fashion-mnist loads from the system folder; known labels; every embedded image is a real one', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'naschain-cache-'));
  try {
    const ds = await loadDataset('fashion-mnist', { env: {}, cacheDir: cache, download: false });
    assert.equal(ds.train.count, 60_000);
    assert.equal(ds.test.count, 10_000);
    assert.deepEqual(Array.from(ds.train.labels.subarray(0, 10)), [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    assert.equal(ds.classNames[9], 'Ankle boot');
    assert.deepEqual(classCounts(ds.train, 10), Array(10).fill(6000));
    assert.deepEqual(classCounts(ds.test, 10), Array(10).fill(1000));
    assert.ok(Math.abs(ds.mean[0]! - 0.2860406) < 1e-6);

    const key = (imgs: Uint8Array, i: number) => Buffer.from(imgs.subarray(i * 784, (i + 1) * 784)).toString('base64');
    const small = await loadDataset('fashion-mnist-small');
    for (const [part, full] of [[small.train, ds.train], [small.test, ds.test]] as const) {
      const index = new Map<string, number>();
      for (let i = 0; i < full.count; i++) index.set(key(full.images, i), full.labels[i] as number);
      let last = -1;
      for (let i = 0; i < part.count; i += 7) {
        const label = index.get(key(part.images, i));
        assert.equal(label, part.labels[i], `embedded image ${i} is not in the full split with its label`);
        last = i;
      }
      assert.ok(last > 0);
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('--data-dir is searched first, as the folder itself or its <name>/ child', async () => {
  const root = mkdtempSync(join(tmpdir(), 'naschain-data-'));
  try {
    mkdirSync(join(root, 'fashion-mnist'));
    for (const f of getDescriptor('fashion-mnist').files) symlinkSync(join(SYSTEM, 'fashion-mnist', f.name), join(root, 'fashion-mnist', f.name));
    const lines: string[] = [];
    const log = { info: () => {}, warn: () => {}, debug: (m: string) => lines.push(m), interactive: false, level: 'debug' as const };
    const ds = await loadDataset('fashion-mnist', { dataDir: root, env: {}, systemDir: '/nonexistent', cacheDir: '/nonexistent', download: false, log });
    assert.equal(ds.test.count, 10_000);
    assert.ok(lines.some((l) => l.includes(join(root, 'fashion-mnist'))), lines.join('\n'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('missing files without download: one error naming the files and every folder searched', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'naschain-empty-'));
  try {
    await assert.rejects(
      loadDataset('fashion-mnist', { dataDir: empty, env: { NASCHAIN_DATA_DIR: '/tmp/nowhere-b' }, cacheDir: '/tmp/nowhere-c', systemDir: '/tmp/nowhere-d', download: false }),
      (e: Error & { code?: string }) => e.code === 'NOT_FOUND' &&
        /train-images-idx3-ubyte\.gz, train-labels-idx1-ubyte\.gz, t10k-images-idx3-ubyte\.gz, t10k-labels-idx1-ubyte\.gz/.test(e.message) &&
        [empty, '/tmp/nowhere-b/fashion-mnist', '/tmp/nowhere-c/fashion-mnist', '/tmp/nowhere-d/fashion-mnist'].every((p) => e.message.includes(p)) &&
        e.message.includes('http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/'),
    );
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('a --data-dir that does not exist is reported, never skipped for another copy', async () => {
  await assert.rejects(
    loadDataset('fashion-mnist', { dataDir: '/tmp/nowhere-a', env: {}, download: false }),
    (e: Error & { code?: string }) => e.code === 'NOT_FOUND' && /^--data-dir \/tmp\/nowhere-a: no such folder \(expected the fashion-mnist files train-images-idx3-ubyte\.gz/.test(e.message),
  );
});

test('the embedded dataset loads from any working directory (path resolved from the module)', async () => {
  const { spawnSync } = await import('node:child_process');
  const { pathToFileURL } = await import('node:url');
  const mod = pathToFileURL(join(repoRoot, 'dist/lib/data/index.js')).href;
  const code = `const m = await import(${JSON.stringify(mod)}); const d = await m.loadDataset('fashion-mnist-small'); console.log(d.train.count + d.test.count);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: tmpdir(), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '12000');
});
