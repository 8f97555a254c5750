import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSubmission, parseSubmission, readSubmission, type Submission } from '../../lib/validator/submission.js';
import { listSubmissions } from '../../lib/validator/list-submissions.js';
import { tempDir } from './helpers/tiny-model.js';

const tmp = tempDir('submission');
after(() => tmp.cleanup());

const good: Submission = {
  kind: 'naschain/submission',
  version: 1,
  uid: 7,
  hotkey: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY',
  block: 4_123_456,
  extrinsicIndex: 3,
  learningRate: 0.025,
  repo: 'alice/tiny-net',
  commit: '0123456789abcdef0123456789abcdef01234567',
  hash: 'uJ3mWq9c5u1m2x5Hq6xj1bq8v2a1t0t0p6f6dQ2c5Tk=',
};

function writeSubmission(name: string, content: string | object | null, base = 'single'): string {
  const dir = join(tmp.dir, base, name);
  mkdirSync(dir, { recursive: true });
  if (content !== null) writeFileSync(join(dir, 'submission.json'), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

test('a submission record round-trips through its file form', () => {
  const dir = writeSubmission('roundtrip', formatSubmission(good));
  assert.deepEqual(readSubmission(dir), { ok: true, submission: good });
  const nulls = { ...good, learningRate: null, commit: null, hash: null };
  assert.deepEqual(parseSubmission(JSON.parse(formatSubmission(nulls)), 'x'), { ok: true, submission: nulls });
});

test('each bad field is named with its value and what was expected', () => {
  const cases: [Partial<Record<keyof Submission | 'extra', unknown>>, RegExp][] = [
    [{ kind: 'naschain/genome' }, /kind is "naschain\/genome", expected "naschain\/submission"/],
    [{ version: 2 }, /version is 2, expected 1/],
    [{ uid: -1 }, /uid is -1, expected an integer 0\.\.65535/],
    [{ uid: 70000 }, /uid is 70000/],
    [{ hotkey: '0xdeadbeef' }, /hotkey is "0xdeadbeef", expected an SS58 address/],
    [{ block: 1.5 }, /block is 1\.5/],
    [{ extrinsicIndex: '3' }, /extrinsicIndex is "3"/],
    [{ learningRate: 0 }, /learningRate is 0, expected a positive number or null/],
    [{ learningRate: 'fast' }, /learningRate is "fast"/],
    [{ repo: 'no-slash' }, /repo is "no-slash", expected a Hugging Face repo/],
    [{ repo: 'a/../b' }, /repo is "a\/\.\.\/b"/],
    [{ commit: 'ABCDEF0123456789abcdef0123456789abcdef01' }, /commit is .*expected 40 lowercase hex digits or null/],
    [{ commit: 'abc' }, /commit is "abc"/],
    [{ hash: '' }, /hash is "", expected a non-empty string/],
    [{ extra: 1 }, /field "extra" is 1, expected no such field/],
  ];
  for (const [patch, message] of cases) {
    const r = parseSubmission({ ...good, ...patch }, 'subs/x/submission.json');
    assert.equal(r.ok, false, JSON.stringify(patch));
    if (!r.ok) {
      assert.equal(r.reason, 'bad-submission');
      assert.match(r.message, /^subs\/x\/submission\.json: /);
      assert.match(r.message, message);
    }
  }
  assert.equal(parseSubmission([good], 'x').ok, false);
  assert.equal(parseSubmission(null, 'x').ok, false);
});

test('listing a folder: every sub-folder is an entry, broken ones rejected, none throws', () => {
  writeSubmission('a-good', good, 'subs');
  writeSubmission('a-same-uid', good, 'subs');
  writeSubmission('b-no-record', null, 'subs');
  writeSubmission('c-not-json', '{"kind": ', 'subs');
  writeSubmission('d-bad-field', { ...good, uid: 8, commit: 'xyz' }, 'subs');
  writeSubmission('e-other', { ...good, uid: 9 }, 'subs');
  writeSubmission('.cache', { ...good, uid: 10 }, 'subs');
  writeFileSync(join(tmp.dir, 'subs', 'README.md'), 'not a submission');
  symlinkSync(join(tmp.dir, 'nowhere'), join(tmp.dir, 'subs', 'f-dangling'));
  mkdirSync(join(tmp.dir, 'subs', 'g-huge'));
  writeFileSync(join(tmp.dir, 'subs', 'g-huge', 'submission.json'), ' '.repeat(70_000));
  const entries = listSubmissions(join(tmp.dir, 'subs'));
  const summary = Object.fromEntries(entries.map((e) => [e.name, e.ok ? `ok uid ${e.submission.uid}` : e.reason]));
  assert.deepEqual(summary, {
    'a-good': 'duplicate-uid',
    'a-same-uid': 'duplicate-uid',
    'b-no-record': 'bad-submission',
    'c-not-json': 'bad-submission',
    'd-bad-field': 'bad-submission',
    'e-other': 'ok uid 9',
    'f-dangling': 'unreadable',
    'g-huge': 'bad-submission',
  });
  const dup = entries.find((e) => e.name === 'a-good');
  assert.ok(dup && !dup.ok && /uid 7 is also claimed by a-same-uid/.test(dup.message));
});

test('a submissions folder that does not exist is a usage-level error naming it', () => {
  assert.throws(() => listSubmissions(join(tmp.dir, 'missing')), (e: Error & { code?: string }) => e.code === 'NOT_FOUND' && e.message.includes('missing'));
});

test('a record nested 30,000 deep is rejected alone, with a short message, and the other folders are listed', () => {
  const deep = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
  writeSubmission('a-deep-kind', `{"kind": ${deep}, "uid": 3}`, 'deep');
  writeSubmission('b-deep-document', deep, 'deep');
  writeSubmission('c-good', good, 'deep');
  const entries = listSubmissions(join(tmp.dir, 'deep'));
  assert.deepEqual(entries.map((e) => [e.name, e.ok ? 'ok' : e.reason, e.ok ? e.submission.uid : e.uid]), [
    ['a-deep-kind', 'bad-submission', 3], ['b-deep-document', 'bad-submission', null], ['c-good', 'ok', 7],
  ]);
  for (const e of entries) if (!e.ok) assert.ok(e.message.length < 250 && /is \[\[\[+…, expected/.test(e.message), e.message);
});

test('a symlinked submission.json is refused, and its target is never read', () => {
  const target = join(tmp.dir, 'elsewhere.json');
  writeFileSync(target, JSON.stringify(good));
  const dir = writeSubmission('linked', null, 'links');
  symlinkSync(target, join(dir, 'submission.json'));
  const r = readSubmission(dir);
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.reason, 'bad-submission');
    assert.match(r.message, /submission\.json: a symbolic link, expected a regular submission\.json in the submission folder$/);
  }
  writeSubmission('plain', good, 'links');
  const listed = listSubmissions(join(tmp.dir, 'links'));
  assert.deepEqual(listed.map((e) => [e.name, e.ok ? 'ok' : e.reason]), [['linked', 'bad-submission'], ['plain', 'ok']]);
});

test('submitter-chosen text in a rejection (folder name, field name, value) is shown escaped', () => {
  const esc = 'x\u001b[2J\u001b]52;c;QQ==\u0007\r\nfront (uids): 9';
  writeSubmission(`n${esc}`, { ...good, repo: esc, [esc]: 1 }, 'esc');
  writeSubmission('m', { ...good, uid: 8, [esc]: 1 }, 'esc');
  const [field, named] = listSubmissions(join(tmp.dir, 'esc'));
  assert.ok(field && !field.ok && named && !named.ok);
  assert.match(field.message, /field "x\\u001b\[2J\\u001b\]52;c;QQ==\\u0007\\r\\nfront \(uids\): 9" is 1, expected no such field$/);
  assert.match(named.message, /^".*nx\\u001b\[2J.*submission\.json": repo is "x\\u001b/);
  for (const m of [field.message, named.message]) assert.doesNotMatch(m, /[\u0000-\u001f\u007f]/);
});
