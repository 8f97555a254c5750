// The validator's durable memory: one SQLite row per scored submission
// (uid, commit, hash), so a model is evaluated and retrained once, not every
// round, and a crash or kill loses at most the write in flight.
//
// Durability: WAL with synchronous=FULL. Each put is one transaction; WAL makes
// a kill -9 leave either the old or the new row. FULL also fsyncs the WAL on
// every commit, so a power cut cannot roll back a finished retrain (minutes of
// work) either; the validator writes a few rows a minute, so the fsync is free.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { NaschainError, invalid } from '../core/errors.js';
import { isRejectReason, type RejectReason } from './reject-reasons.js';
import { migrate } from './state-schema.js';

export const STATE_FILE = 'validator.sqlite';

export interface ResultKey {
  uid: number;
  commit: string | null;
  hash: string | null;
}

export interface EvaluationMetrics {
  /** Test accuracy in percent, exact, and floored to an integer as upstream scores it. */
  accuracy: number;
  accuracyFloor: number;
  params: number;
  paramsRounded: number;
  macs: number;
  macsRounded: number;
  evalMs: number;
  /** The tfjs backend that measured it (tf.getBackend()). */
  backend: string;
}

export interface RetrainOutcome {
  /** Test accuracy after retraining from fresh weights, percent, exact and floored. */
  accuracy: number;
  accuracyFloor: number;
  /** Training-set accuracy at the end of the retrain, percent. */
  trainAccuracy: number;
  retrainMs: number;
  backend: string;
}

export interface StoredResult {
  key: ResultKey;
  evaluation: EvaluationMetrics | null;
  /** gap = trainAccuracy - accuracy, percentage points. */
  retrain: (RetrainOutcome & { gap: number }) | null;
  rejection: { reason: RejectReason; message: string } | null;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  uid: number; commit_sha: string; model_hash: string;
  accuracy: number | null; accuracy_floor: number | null; params: number | null; params_rounded: number | null;
  macs: number | null; macs_rounded: number | null; eval_ms: number | null; backend: string | null;
  retrain_accuracy: number | null; retrain_accuracy_floor: number | null; retrain_train_accuracy: number | null;
  retrain_gap: number | null; retrain_ms: number | null; retrain_backend: string | null;
  reject_reason: string | null; reject_message: string | null;
  created_at: string; updated_at: string;
}

const KEY_WHERE = 'uid = @uid AND commit_sha = @commit AND model_hash = @hash';

export class StateStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly now: () => Date;

  private constructor(path: string, db: Database.Database, now: () => Date) {
    this.path = path;
    this.db = db;
    this.now = now;
  }

  /** Opens (creating, migrating) `<stateDir>/validator.sqlite`. */
  static open(stateDir: string, options: { now?: () => Date } = {}): StateStore {
    mkdirSync(stateDir, { recursive: true });
    const path = join(stateDir, STATE_FILE);
    const source = `validator state ${path}`;
    let db: Database.Database | undefined;
    try {
      db = new Database(path);
      db.pragma('busy_timeout = 5000');
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new NaschainError('UNSUPPORTED', `${source}: journal_mode is ${String(mode)}, expected wal (is the folder on a network file system?)`);
      db.pragma('synchronous = FULL');
      migrate(db, source);
      return new StateStore(path, db, options.now ?? (() => new Date()));
    } catch (e) {
      db?.close();
      if (e instanceof NaschainError) throw e;
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw new NaschainError('CORRUPT', `${source}: not a readable SQLite database (${code})`, { cause: e });
      throw new NaschainError('INTERNAL', `${source}: cannot open it (${code ?? String(e)})`, { cause: e });
    }
  }

  /** The connection's durability settings as SQLite reports them (synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA). */
  durability(): { journalMode: string; synchronous: number } {
    return { journalMode: String(this.db.pragma('journal_mode', { simple: true })), synchronous: Number(this.db.pragma('synchronous', { simple: true })) };
  }

  getResult(key: ResultKey): StoredResult | null {
    const row = this.db.prepare(`SELECT * FROM results WHERE ${KEY_WHERE}`).get(keyParams(key)) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** Every row, ordered by uid, commit, hash. */
  listResults(): StoredResult[] {
    return (this.db.prepare('SELECT * FROM results ORDER BY uid, commit_sha, model_hash').all() as Row[]).map(fromRow);
  }

  /** Records a (re-)evaluation; it starts the row over: retrain and rejection are cleared. */
  putEvaluation(key: ResultKey, m: EvaluationMetrics): StoredResult {
    checkEvaluation(m);
    const now = this.now().toISOString();
    return this.write(key, () => this.db.prepare(`
      INSERT INTO results (uid, commit_sha, model_hash, accuracy, accuracy_floor, params, params_rounded, macs, macs_rounded, eval_ms, backend, created_at, updated_at)
      VALUES (@uid, @commit, @hash, @accuracy, @accuracyFloor, @params, @paramsRounded, @macs, @macsRounded, @evalMs, @backend, @now, @now)
      ON CONFLICT (uid, commit_sha, model_hash) DO UPDATE SET
        accuracy = excluded.accuracy, accuracy_floor = excluded.accuracy_floor, params = excluded.params,
        params_rounded = excluded.params_rounded, macs = excluded.macs, macs_rounded = excluded.macs_rounded,
        eval_ms = excluded.eval_ms, backend = excluded.backend,
        retrain_accuracy = NULL, retrain_accuracy_floor = NULL, retrain_train_accuracy = NULL, retrain_gap = NULL,
        retrain_ms = NULL, retrain_backend = NULL, reject_reason = NULL, reject_message = NULL,
        updated_at = excluded.updated_at
    `).run({ ...keyParams(key), ...m, now }));
  }

  /** Records a finished retrain of an evaluated row and clears any rejection; throws NOT_FOUND without an evaluation. */
  putRetrain(key: ResultKey, r: RetrainOutcome): StoredResult {
    checkRetrain(r);
    const now = this.now().toISOString();
    return this.write(key, () => {
      const info = this.db.prepare(`
        UPDATE results SET retrain_accuracy = @accuracy, retrain_accuracy_floor = @accuracyFloor,
          retrain_train_accuracy = @trainAccuracy, retrain_gap = @gap, retrain_ms = @retrainMs, retrain_backend = @backend,
          reject_reason = NULL, reject_message = NULL, updated_at = @now
        WHERE ${KEY_WHERE} AND accuracy IS NOT NULL
      `).run({ ...keyParams(key), ...r, gap: r.trainAccuracy - r.accuracy, now });
      if (info.changes !== 1) throw new NaschainError('NOT_FOUND', `validator state: no evaluation of ${describeKey(key)} to attach a retrain to, expected putEvaluation first`);
    });
  }

  /** Marks the row rejected (created if new); measured metrics and retrain are kept for reports. */
  putRejection(key: ResultKey, reason: RejectReason, message: string): StoredResult {
    if (!isRejectReason(reason)) throw invalid('rejection reason', reason, 'one of REJECT_REASONS');
    if (typeof message !== 'string' || message.length === 0) throw invalid('rejection message', message, 'a non-empty string');
    const now = this.now().toISOString();
    return this.write(key, () => this.db.prepare(`
      INSERT INTO results (uid, commit_sha, model_hash, reject_reason, reject_message, created_at, updated_at)
      VALUES (@uid, @commit, @hash, @reason, @message, @now, @now)
      ON CONFLICT (uid, commit_sha, model_hash) DO UPDATE SET
        reject_reason = excluded.reject_reason, reject_message = excluded.reject_message, updated_at = excluded.updated_at
    `).run({ ...keyParams(key), reason, message, now }));
  }

  /**
   * Forgets rejections with these reasons so the next round tries again: a row
   * that was never evaluated is deleted, an evaluated one keeps its evaluation
   * (a failed retrain is retried). Returns the keys touched.
   */
  forgetRejections(reasons: readonly RejectReason[]): ResultKey[] {
    for (const r of reasons) if (!isRejectReason(r)) throw invalid('rejection reason', r, 'one of REJECT_REASONS');
    if (reasons.length === 0) return [];
    const list = reasons.map((_, i) => `@r${i}`).join(', ');
    const params = Object.fromEntries(reasons.map((r, i) => [`r${i}`, r]));
    return this.db.transaction(() => {
      const rows = this.db.prepare(`SELECT * FROM results WHERE reject_reason IN (${list}) ORDER BY uid, commit_sha, model_hash`).all(params) as Row[];
      this.db.prepare(`DELETE FROM results WHERE reject_reason IN (${list}) AND accuracy IS NULL`).run(params);
      this.db.prepare(`UPDATE results SET reject_reason = NULL, reject_message = NULL, updated_at = @now WHERE reject_reason IN (${list})`).run({ ...params, now: this.now().toISOString() });
      return rows.map((r) => fromRow(r).key);
    }).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** One transaction per put: the statement and the read-back commit together or not at all. */
  private write(key: ResultKey, statement: () => unknown): StoredResult {
    return this.db.transaction(() => {
      statement();
      const stored = this.getResult(key);
      if (!stored) throw new NaschainError('INTERNAL', `validator state: ${describeKey(key)} vanished inside its own transaction`);
      return stored;
    }).immediate();
  }
}

function keyParams(key: ResultKey): { uid: number; commit: string; hash: string } {
  if (!Number.isInteger(key.uid) || key.uid < 0 || key.uid > 65535) throw invalid('result key uid', key.uid, 'an integer 0..65535');
  for (const f of ['commit', 'hash'] as const) {
    const v = key[f];
    if (v !== null && !(typeof v === 'string' && v.length > 0)) throw invalid(`result key ${f}`, v, 'a non-empty string or null');
  }
  return { uid: key.uid, commit: key.commit ?? '', hash: key.hash ?? '' };
}

function describeKey(key: ResultKey): string {
  return `uid ${key.uid} commit ${key.commit ?? 'none'} hash ${key.hash ?? 'none'}`;
}

function fromRow(r: Row): StoredResult {
  const key: ResultKey = { uid: r.uid, commit: r.commit_sha === '' ? null : r.commit_sha, hash: r.model_hash === '' ? null : r.model_hash };
  const evaluation: EvaluationMetrics | null = r.accuracy === null ? null : {
    accuracy: r.accuracy, accuracyFloor: r.accuracy_floor ?? 0, params: r.params ?? 0, paramsRounded: r.params_rounded ?? 0,
    macs: r.macs ?? 0, macsRounded: r.macs_rounded ?? 0, evalMs: r.eval_ms ?? 0, backend: r.backend ?? '',
  };
  const retrain = r.retrain_accuracy === null ? null : {
    accuracy: r.retrain_accuracy, accuracyFloor: r.retrain_accuracy_floor ?? 0, trainAccuracy: r.retrain_train_accuracy ?? 0,
    gap: r.retrain_gap ?? 0, retrainMs: r.retrain_ms ?? 0, backend: r.retrain_backend ?? '',
  };
  const rejection = r.reject_reason === null ? null : { reason: r.reject_reason as RejectReason, message: r.reject_message ?? '' };
  return { key, evaluation, retrain, rejection, createdAt: r.created_at, updatedAt: r.updated_at };
}

function checkEvaluation(m: EvaluationMetrics): void {
  for (const k of ['accuracy', 'evalMs'] as const) if (!(Number.isFinite(m[k]) && m[k] >= 0)) throw invalid(`evaluation ${k}`, m[k], 'a finite number >= 0');
  for (const k of ['accuracyFloor', 'params', 'paramsRounded', 'macs', 'macsRounded'] as const) {
    if (!(Number.isSafeInteger(m[k]) && m[k] >= 0)) throw invalid(`evaluation ${k}`, m[k], 'an integer >= 0');
  }
  if (typeof m.backend !== 'string' || m.backend.length === 0) throw invalid('evaluation backend', m.backend, 'a backend name');
}

function checkRetrain(r: RetrainOutcome): void {
  for (const k of ['accuracy', 'trainAccuracy', 'retrainMs'] as const) if (!(Number.isFinite(r[k]) && r[k] >= 0)) throw invalid(`retrain ${k}`, r[k], 'a finite number >= 0');
  if (!(Number.isSafeInteger(r.accuracyFloor) && r.accuracyFloor >= 0)) throw invalid('retrain accuracyFloor', r.accuracyFloor, 'an integer >= 0');
  if (typeof r.backend !== 'string' || r.backend.length === 0) throw invalid('retrain backend', r.backend, 'a backend name');
}
