import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { StateStore, STATE_FILE, type EvaluationMetrics, type ResultKey } from '../../lib/validator/state-store.js';
import { MIGRATIONS, migrate, schemaVersion } from '../../lib/validator/state-schema.js';
import { tempDir } from './helpers/tiny-model.js';
import { writerKey, writerRow } from './helpers/state-writer-data.js';

const tmp = tempDir('state');
after(() => tmp.cleanup());
let n = 0;
const freshDir = () => join(tmp.dir, `s${n++}`);
const fixedNow = () => new Date('2026-01-02T03:04:05.000Z');

const key: ResultKey = { uid: 12, commit: 'a'.repeat(40), hash: 'hash-12' };
const metrics: EvaluationMetrics = { accuracy: 91.37, accuracyFloor: 91, params: 123_456, paramsRounded: 100_000, macs: 43_210_000, macsRounded: 43_000_000, evalMs: 812.5, backend: 'wasm' };

test('results round-trip through close and reopen, with WAL and synchronous=FULL', () => {
  const dir = freshDir();
  const s = StateStore.open(dir, { now: fixedNow });
  // better-sqlite3 builds SQLite with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1 (NORMAL): FULL must be asked for.
  assert.deepEqual(s.durability(), { journalMode: 'wal', synchronous: 2 }, 'WAL, synchronous=FULL');
  assert.equal(s.getResult(key), null);
  const stored = s.putEvaluation(key, metrics);
  assert.deepEqual(stored, { key, evaluation: metrics, retrain: null, rejection: null, createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-01-02T03:04:05.000Z' });
  s.putRetrain(key, { accuracy: 89.9, accuracyFloor: 89, trainAccuracy: 97.4, retrainMs: 60_000, backend: 'webgpu' });
  const nullKey: ResultKey = { uid: 3, commit: null, hash: null };
  s.putRejection(nullKey, 'disallowed-layer', 'layer "l" is a Lambda');
  s.close();

  const again = StateStore.open(dir);
  const r = again.getResult(key);
  assert.deepEqual(r?.evaluation, metrics);
  assert.equal(r?.retrain?.accuracy, 89.9);
  assert.equal(r?.retrain?.backend, 'webgpu');
  assert.ok(Math.abs((r?.retrain?.gap ?? 0) - 7.5) < 1e-9);
  assert.deepEqual(again.getResult(nullKey)?.rejection, { reason: 'disallowed-layer', message: 'layer "l" is a Lambda' });
  assert.equal(again.getResult(nullKey)?.evaluation, null);
  // null commit/hash is its own key, not a wildcard.
  assert.equal(again.getResult({ uid: 12, commit: null, hash: null }), null);
  assert.deepEqual(again.listResults().map((x) => x.key), [nullKey, key]);
  again.close();

  const raw = new Database(join(dir, STATE_FILE), { readonly: true });
  assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
  raw.close();
});

test('puts have clear semantics: evaluation restarts a row, rejection keeps metrics, retrain needs an evaluation', () => {
  const s = StateStore.open(freshDir());
  assert.throws(() => s.putRetrain(key, { accuracy: 1, accuracyFloor: 1, trainAccuracy: 1, retrainMs: 1, backend: 'cpu' }), /no evaluation of uid 12/);
  s.putEvaluation(key, metrics);
  s.putRetrain(key, { accuracy: 80, accuracyFloor: 80, trainAccuracy: 99, retrainMs: 5, backend: 'cpu' });
  const rejected = s.putRejection(key, 'load-failed', 'retrain could not load it');
  assert.deepEqual(rejected.evaluation, metrics);
  assert.equal(rejected.retrain?.accuracy, 80);
  assert.equal(rejected.rejection?.reason, 'load-failed');
  const redone = s.putEvaluation(key, { ...metrics, accuracy: 92.5, accuracyFloor: 92 });
  assert.equal(redone.evaluation?.accuracyFloor, 92);
  assert.equal(redone.retrain, null);
  assert.equal(redone.rejection, null);
  assert.equal(s.listResults().length, 1);
  s.close();
});

test('bad values are refused before they reach the database', () => {
  const s = StateStore.open(freshDir());
  assert.throws(() => s.putEvaluation({ ...key, uid: 70_000 }, metrics), /uid: got 70000/);
  assert.throws(() => s.putEvaluation({ ...key, commit: '' }, metrics), /commit: got ""/);
  assert.throws(() => s.putEvaluation(key, { ...metrics, accuracy: Number.NaN }), /accuracy/);
  assert.throws(() => s.putEvaluation(key, { ...metrics, params: 1.5 }), /params/);
  assert.throws(() => s.putRejection(key, 'no-such-reason' as 'load-failed', 'x'), /rejection reason/);
  assert.deepEqual(s.listResults(), []);
  s.close();
});

test('schema: versioned with a kind; newer or foreign databases are refused; migrations run once, in order, atomically', () => {
  const dir = freshDir();
  StateStore.open(dir).close();
  const path = join(dir, STATE_FILE);
  const db = new Database(path);
  assert.equal(schemaVersion(db, 'x'), MIGRATIONS.at(-1)!.version);
  // A later migration applies once; a failing one leaves the version and the schema as they were.
  const v2 = { version: 2, description: 'spec: add a column', up: (d: Database.Database) => d.exec('ALTER TABLE results ADD COLUMN note TEXT') };
  assert.equal(migrate(db, 'x', [...MIGRATIONS, v2]), 2);
  assert.equal(migrate(db, 'x', [...MIGRATIONS, v2]), 2);
  const v3 = { version: 3, description: 'spec: fails half-way', up: (d: Database.Database) => { d.exec('CREATE TABLE half (x)'); throw new Error('boom'); } };
  assert.throws(() => migrate(db, 'x', [...MIGRATIONS, v2, v3]), /boom/);
  assert.equal(schemaVersion(db, 'x'), 2);
  assert.deepEqual(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half'`).all(), []);
  db.close();
  // This naschain knows only up to MIGRATIONS' last version: version 2 is from the future.
  assert.throws(() => StateStore.open(dir), (e: Error & { code?: string }) => e.code === 'UNSUPPORTED' && /schema version 2/.test(e.message));

  const foreign = freshDir();
  const f = new Database(join((StateStore.open(foreign).close(), foreign), STATE_FILE));
  f.exec(`UPDATE schema_info SET kind = 'someone/else'`);
  f.close();
  assert.throws(() => StateStore.open(foreign), (e: Error & { code?: string }) => e.code === 'CORRUPT' && /someone\/else/.test(e.message));

  const stranger = freshDir();
  StateStore.open(stranger).close();
  const g = new Database(join(stranger, STATE_FILE));
  g.exec('DROP TABLE schema_info');
  g.close();
  assert.throws(() => StateStore.open(stranger), /has tables results but no schema_info/);

  const garbage = freshDir();
  StateStore.open(garbage).close();
  writeFileSync(join(garbage, STATE_FILE), 'this is not a database, just text long enough to have a header'.repeat(20));
  assert.throws(() => StateStore.open(garbage), (e: Error & { code?: string }) => e.code === 'CORRUPT');
});

const writerJs = join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'state-writer.js');

/** Runs the writer until it has reported `atLeast` committed puts, then SIGKILLs it; returns the reported indices. */
function writeThenKill(dir: string, keys: number, atLeast: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writerJs, dir, String(keys)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!killed && out.split('\n').length > atLeast) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`writer exited on its own: ${err}`));
      // A torn last line (killed mid-print) is not a reported commit.
      const lines = out.split('\n');
      lines.pop();
      resolve(lines.map(Number));
    });
  });
}

test('a writer killed with SIGKILL mid-loop leaves a database that opens with every committed row intact', async () => {
  const keys = 7;
  for (const atLeast of [40, 157]) {
    const dir = freshDir();
    const reported = await writeThenKill(dir, keys, atLeast);
    assert.ok(reported.length >= atLeast);
    const s = StateStore.open(dir);
    const raw = new Database(join(dir, STATE_FILE), { readonly: true });
    assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
    raw.close();
    const last = new Map<number, number>();
    for (const i of reported) last.set(i % keys, i);
    assert.equal(last.size, keys);
    for (const [k, i] of last) {
      const r = s.getResult(writerKey(k));
      assert.ok(r, `row of key ${k} (write ${i}) is missing`);
      // The row is whole and from the key's last reported write, or from its
      // next write, which may have committed just before the kill, unreported.
      const got = { evaluation: r.evaluation, retrain: r.retrain, rejection: r.rejection };
      const ok = [i, i + keys].some((j) => isDeepStrictEqual(got, writerRow(j, keys)));
      assert.ok(ok, `key ${k}: row ${JSON.stringify(got)} is neither write ${i} nor ${i + keys}`);
    }
    s.close();
  }
});
