import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { extractTarGz } from '../../lib/data/tar.js';
import { tarBytes, tarGz } from './helpers/tar-writer.js';

function withDir(fn: (dir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'naschain-tar-'));
    try { await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
  };
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

test('extracts the picked members byte for byte, across block boundaries, and skips the others', withDir(async (dir) => {
  const members = [
    { name: 'cifar-10-batches-bin/', dir: true },
    { name: 'cifar-10-batches-bin/empty.bin', data: bytes(0, 1) },
    { name: 'cifar-10-batches-bin/one.bin', data: bytes(1, 2) },
    { name: 'cifar-10-batches-bin/block.bin', data: bytes(512, 3) },
    { name: 'cifar-10-batches-bin/skip.bin', data: bytes(700, 4) },
    { name: 'cifar-10-batches-bin/big.bin', data: bytes(200_003, 5) },
  ];
  writeFileSync(join(dir, 'a.tar.gz'), tarGz(members));
  const out = join(dir, 'out');
  mkdirSync(out);
  const written = await extractTarGz(join(dir, 'a.tar.gz'), (name) => (name.endsWith('skip.bin') || name.endsWith('/') ? undefined : join(out, name.split('/')[1]!)));
  assert.deepEqual(written, ['cifar-10-batches-bin/empty.bin', 'cifar-10-batches-bin/one.bin', 'cifar-10-batches-bin/block.bin', 'cifar-10-batches-bin/big.bin']);
  for (const m of members.slice(1)) {
    const path = join(out, m.name.split('/')[1]!);
    if (m.name.endsWith('skip.bin')) assert.ok(!existsSync(path));
    else assert.deepEqual(new Uint8Array(readFileSync(path)), m.data);
  }
  assert.deepEqual(readdirSync(out).sort(), ['big.bin', 'block.bin', 'empty.bin', 'one.bin']);
}));

const hasTar = spawnSync('tar', ['--version']).status === 0;

test('reads GNU tar archives, including long names (GNU, pax and ustar formats)', { skip: hasTar ? false : 'no tar binary on this machine' }, withDir(async (dir) => {
  const long = `${'d'.repeat(60)}/${'n'.repeat(70)}.bin`;
  mkdirSync(join(dir, 'src', 'd'.repeat(60)), { recursive: true });
  writeFileSync(join(dir, 'src', long), bytes(5000, 6));
  writeFileSync(join(dir, 'src', 'short.bin'), bytes(10, 7));
  for (const format of ['gnu', 'pax', 'ustar']) {
    const archive = join(dir, `${format}.tar.gz`);
    const r = spawnSync('tar', [`--format=${format}`, '-czf', archive, '-C', join(dir, 'src'), long, 'short.bin']);
    assert.equal(r.status, 0, String(r.stderr));
    const seen: string[] = [];
    const outDir = join(dir, `out-${format}`);
    mkdirSync(outDir);
    await extractTarGz(archive, (name) => { seen.push(name); return join(outDir, name.endsWith('short.bin') ? 'short' : 'long'); });
    assert.deepEqual(seen, [long, 'short.bin'], format);
    assert.deepEqual(new Uint8Array(readFileSync(join(outDir, 'long'))), bytes(5000, 6));
    assert.deepEqual(new Uint8Array(readFileSync(join(outDir, 'short'))), bytes(10, 7));
  }
}));

test('a truncated archive is CORRUPT naming it, and leaves no partial file', withDir(async (dir) => {
  const gz = tarGz([{ name: 'x/a.bin', data: bytes(100_000, 8) }]);
  const archive = join(dir, 'cut.tar.gz');
  writeFileSync(archive, gz.subarray(0, Math.floor(gz.length / 2)));
  mkdirSync(join(dir, 'out'));
  await assert.rejects(extractTarGz(archive, () => join(dir, 'out', 'a.bin')), (e: Error & { code?: string }) =>
    e.code === 'CORRUPT' && e.message.startsWith(`${archive}: `));
  assert.deepEqual(readdirSync(join(dir, 'out')), []);
  // a tar cut at a block boundary inside a member (the gzip stream itself is whole)
  writeFileSync(archive, gzipSync(tarBytes([{ name: 'x/a.bin', data: bytes(100_000, 8) }]).subarray(0, 512 * 50)));
  await assert.rejects(extractTarGz(archive, () => join(dir, 'out', 'a.bin')), /archive ends inside member "x\/a\.bin"/);
  assert.deepEqual(readdirSync(join(dir, 'out')), []);
}));

test('a damaged header checksum or non-gzip input is CORRUPT', withDir(async (dir) => {
  const tar = tarBytes([{ name: 'x/a.bin', data: bytes(10, 9) }]);
  tar[0] = 'y'.charCodeAt(0);
  writeFileSync(join(dir, 'bad.tar.gz'), gzipSync(tar));
  await assert.rejects(extractTarGz(join(dir, 'bad.tar.gz'), () => undefined), /bad tar header checksum/);
  writeFileSync(join(dir, 'plain.tar.gz'), tarBytes([{ name: 'a', data: bytes(3, 1) }]));
  await assert.rejects(extractTarGz(join(dir, 'plain.tar.gz'), () => undefined), /plain\.tar\.gz: cannot unpack it/);
}));
