// The local source checks what a network source checks: a declared hash must
// be upstream's hash of the folder's model files (else 'hash-mismatch', every
// round, so edited files cannot reuse a stored result), and a hostile record
// refuses its own entry only, never the round's list.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashModelDir } from '../../../lib/hub/model-hash.js';
import { LocalFolderSource, localModelHash } from '../../../lib/validator/round/local-folder-source.js';
import { readSubmission, formatSubmission } from '../../../lib/validator/submission.js';
import { tempDir } from '../helpers/tiny-model.js';
import { SUBMISSIONS } from './helpers/fixture-round.js';

const tmp = tempDir('local-source');
after(() => tmp.cleanup());

/** A copy of fixture `from` under `root/name` whose submission.json declares `hash` (and uid). */
function submission(root: string, name: string, uid: number, hash: string | null, from = 'honest-small'): string {
  const dir = join(root, name);
  cpSync(join(SUBMISSIONS, from), dir, { recursive: true });
  const parsed = readSubmission(dir);
  assert.ok(parsed.ok);
  writeFileSync(join(dir, 'submission.json'), formatSubmission({ ...parsed.submission, uid, hash }));
  return dir;
}

test("a declared hash is upstream's hash of the model files a Hub download would hold", async () => {
  // The model as the miner uploaded it: the folder without submission.json.
  const upload = join(tmp.dir, 'upload');
  cpSync(join(SUBMISSIONS, 'honest-small'), upload, { recursive: true });
  rmSync(join(upload, 'submission.json'));
  const committed = await hashModelDir(upload);
  const root = join(tmp.dir, 'match');
  submission(root, 'a', 1, committed);
  assert.deepEqual(await localModelHash(join(root, 'a')), { ok: true, hash: committed }, 'submission.json is not part of the hash');
  const [e] = await new LocalFolderSource(root).list();
  assert.ok(e?.ok, JSON.stringify(e));
  assert.deepEqual(e.key, { uid: 1, commit: e.submission.commit, hash: committed });
});

test('a mismatch is refused with hash-mismatch, alone, and again once the files change after a match', async () => {
  const root = join(tmp.dir, 'mismatch');
  const declared = await localModelHash(join(SUBMISSIONS, 'honest-small'));
  assert.ok(declared.ok);
  const good = submission(root, 'good', 1, declared.hash);
  submission(root, 'wrong', 2, 'not-the-hash');
  const source = new LocalFolderSource(root);
  const first = await source.list();
  assert.deepEqual(first.map((e) => [e.name, e.ok ? 'ok' : e.reason]), [['good', 'ok'], ['wrong', 'hash-mismatch']]);
  const wrong = first[1];
  assert.ok(wrong && !wrong.ok);
  assert.equal(wrong.uid, 2);
  assert.match(wrong.message, /wrong: model hash is \S+=, but submission\.json declares "not-the-hash"; expected the hash of these model files$/);
  // The same declared hash (the same result key) over edited weights: refused, not matched to the stored result.
  const shard = join(good, 'group1-shard1of1.bin');
  const bytes = readFileSync(shard);
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  writeFileSync(shard, bytes);
  const second = await source.list();
  assert.deepEqual(second.map((e) => [e.name, e.ok ? 'ok' : e.reason]), [['good', 'hash-mismatch'], ['wrong', 'hash-mismatch']]);
});

test('hashing never follows a symlinked model file, and a record without a hash is keyed by its files', async () => {
  const root = join(tmp.dir, 'links');
  const dir = submission(root, 'linked', 3, 'whatever');
  rmSync(join(dir, 'group1-shard1of1.bin'));
  symlinkSync(join(SUBMISSIONS, 'honest-small', 'group1-shard1of1.bin'), join(dir, 'group1-shard1of1.bin'));
  submission(root, 'no-hash', 4, null);
  const [linked, noHash] = await new LocalFolderSource(root).list();
  assert.ok(linked && !linked.ok);
  assert.equal(linked.reason, 'bad-weights-path');
  assert.match(linked.message, /model file "group1-shard1of1\.bin" is a symbolic link/);
  assert.ok(noHash?.ok);
  assert.match(noHash.key.hash ?? '', /^sha256:[0-9a-f]{64}$/);
});

test("one hostile record refuses its own entry; the round's list goes on", async () => {
  const root = join(tmp.dir, 'hostile');
  submission(root, 'b-good', 5, null);
  mkdirSync(join(root, 'a-deep'));
  const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
  writeFileSync(join(root, 'a-deep', 'submission.json'), `{"kind":"naschain/submission","version":1,"uid":6,"hotkey":${deep}}`);
  const listed = await new LocalFolderSource(root).list();
  assert.deepEqual(listed.map((e) => [e.name, e.ok ? 'ok' : e.reason, e.ok ? e.submission.uid : e.uid]), [['a-deep', 'bad-submission', 6], ['b-good', 'ok', 5]]);
});
