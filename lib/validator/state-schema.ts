// The validator state database's schema and its migrations. The version lives
// in a one-row schema_info table with the database's kind, so a stranger's
// SQLite file is refused and a newer naschain's file is never half-understood.
// To change the schema: append a migration; never edit a released one.
import type BetterSqlite3 from 'better-sqlite3';
import { NaschainError } from '../core/errors.js';

export const STATE_KIND = 'naschain/validator-state';

export interface Migration {
  /** The version the database has after this migration. */
  version: number;
  description: string;
  up(db: BetterSqlite3.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'results per (uid, commit, hash)',
    up(db) {
      // commit_sha and model_hash hold '' for "none": SQLite treats NULLs in a
      // primary key as distinct, which would let one submission have many rows.
      db.exec(`
        CREATE TABLE results (
          uid INTEGER NOT NULL CHECK (uid BETWEEN 0 AND 65535),
          commit_sha TEXT NOT NULL,
          model_hash TEXT NOT NULL,
          accuracy REAL,
          accuracy_floor INTEGER,
          params INTEGER,
          params_rounded INTEGER,
          macs INTEGER,
          macs_rounded INTEGER,
          eval_ms REAL,
          backend TEXT,
          retrain_accuracy REAL,
          retrain_accuracy_floor INTEGER,
          retrain_train_accuracy REAL,
          retrain_gap REAL,
          retrain_ms REAL,
          retrain_backend TEXT,
          reject_reason TEXT,
          reject_message TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          PRIMARY KEY (uid, commit_sha, model_hash)
        ) STRICT;
      `);
    },
  },
];

/** 0 for an empty database; throws when the file belongs to something else. */
export function schemaVersion(db: BetterSqlite3.Database, source: string): number {
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
  if (!tables.includes('schema_info')) {
    if (tables.length > 0) throw new NaschainError('CORRUPT', `${source}: has tables ${tables.join(', ')} but no schema_info, expected a naschain validator state database`);
    return 0;
  }
  const row = db.prepare('SELECT kind, version FROM schema_info WHERE id = 1').get() as { kind: string; version: number } | undefined;
  if (row === undefined || row.kind !== STATE_KIND) {
    throw new NaschainError('CORRUPT', `${source}: schema_info kind is ${JSON.stringify(row?.kind)}, expected ${JSON.stringify(STATE_KIND)}`);
  }
  return row.version;
}

/**
 * Brings the database up to the last migration's version, each migration in
 * its own immediate transaction together with its version bump, so a crash
 * leaves the database at some whole version. Returns the final version.
 */
export function migrate(db: BetterSqlite3.Database, source: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db, source);
  if (current > latest) {
    throw new NaschainError('UNSUPPORTED', `${source}: schema version ${current}, this naschain knows up to ${latest}: upgrade naschain or use another state folder`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      // Another process may have migrated since the check above.
      if (schemaVersion(db, source) >= m.version) return;
      m.up(db);
      db.exec(`CREATE TABLE IF NOT EXISTS schema_info (id INTEGER PRIMARY KEY CHECK (id = 1), kind TEXT NOT NULL, version INTEGER NOT NULL) STRICT`);
      db.prepare('INSERT INTO schema_info (id, kind, version) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version').run(STATE_KIND, m.version);
    }).immediate();
  }
  return schemaVersion(db, source);
}
