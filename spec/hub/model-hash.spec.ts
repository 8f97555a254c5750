import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareCodePoints, hashModelDir, hashModelDirDetailed, isModelFile } from '../../lib/hub/model-hash.js';

// spec/fixtures/hub/walk, read from the source tree (dist/spec/hub -> spec/fixtures/hub).
const FIXTURE = join(import.meta.dirname, '..', '..', '..', 'spec', 'fixtures', 'hub', 'walk');

// Produced independently with upstream's walk (run in spec/fixtures/hub):
// python3 -c '
// import os,hashlib,base64
// def fh(p): return base64.b64encode(hashlib.sha256(open(p,"rb").read()).digest()).decode()
// d=hashlib.sha256(); order=[]
// for cur,dirs,files in os.walk("walk"):
//     dirs.sort()
//     for f in sorted(files):
//         rel=os.path.relpath(os.path.join(cur,f),"walk")
//         if rel in ("README.md",) or f.startswith("."): continue
//         order.append(rel); d.update(fh(os.path.join(cur,f)).encode())
// print(order); print(base64.b64encode(d.digest()).decode())'
const EXPECTED_HASH = 'D82RhOLCByc7DWVZXNCb7s2Os7qMhpkzramB9/vslg8=';
const EXPECTED_ORDER = ['Z.txt', 'group1-shard1of2.bin', 'group1-shard2of2.bin', 'model.json', 'é.bin', 'Ａ.bin', '😀.bin', 'Zeta/w.bin', 'sub/a.bin', 'sub/b.bin', 'sub/deeper/x.bin'];

test('the fixture folder hashes to the value an independent Python os.walk snippet gives', async () => {
  const { hash, files } = await hashModelDirDetailed(FIXTURE);
  assert.deepEqual(files, EXPECTED_ORDER);
  assert.equal(hash, EXPECTED_HASH);
});

test('walk order is code points, files before sub-folders (not JS UTF-16 order)', () => {
  assert.ok(compareCodePoints('\uff21', '\u{1F600}') < 0);
  assert.ok('\uff21' > '\u{1F600}', 'JS default comparison orders them the other way');
  assert.deepEqual(['b', 'B', 'a', '\u{1F600}', '\uff21'].sort(compareCodePoints), ['B', 'a', 'b', '\uff21', '\u{1F600}']);
});

test('the card, .gitattributes and hidden files are not model files', () => {
  assert.equal(isModelFile('README.md'), false);
  assert.equal(isModelFile('.gitattributes'), false);
  assert.equal(isModelFile('sub/.cache'), false);
  assert.equal(isModelFile('sub/README.md'), true);
  assert.equal(isModelFile('model.json'), true);
});

test('a flat tfjs folder hashes its files sorted by code point; one changed byte changes the hash', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hash-'));
  try {
    await writeFile(join(dir, 'model.json'), '{}');
    await writeFile(join(dir, 'group1-shard1of1.bin'), Buffer.from([1, 2, 3]));
    // python3 -c 'import hashlib,base64;f=lambda b:base64.b64encode(hashlib.sha256(b).digest());print(base64.b64encode(hashlib.sha256(f(bytes([1,2,3]))+f(b"{}")).digest()).decode())'
    assert.equal(await hashModelDir(dir), 'gJDqU7SK9qxoMhuzQyzaKyrbH+ytUyH21ARcCHif1oQ=');
    await writeFile(join(dir, 'group1-shard1of1.bin'), Buffer.from([1, 2, 4]));
    assert.notEqual(await hashModelDir(dir), 'gJDqU7SK9qxoMhuzQyzaKyrbH+ytUyH21ARcCHif1oQ=');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a folder without model files is a clear error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hash-'));
  try {
    await writeFile(join(dir, 'README.md'), 'card');
    await assert.rejects(hashModelDir(dir), /no model files/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a tfjs folder's hash covers model.json and the shards it names: search's metrics.json or a stray file beside them changes nothing", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hash-'));
  try {
    const modelJson = JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }] });
    await writeFile(join(dir, 'model.json'), modelJson);
    await writeFile(join(dir, 'group1-shard1of1.bin'), Buffer.from([1, 2, 3]));
    const bare = await hashModelDirDetailed(dir);
    assert.deepEqual(bare.files, ['group1-shard1of1.bin', 'model.json']);
    await writeFile(join(dir, 'metrics.json'), '{"accuracy": 90}');
    await writeFile(join(dir, 'notes.txt'), 'x');
    assert.deepEqual(await hashModelDirDetailed(dir), bare);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
