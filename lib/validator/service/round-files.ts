// What the service leaves in its state folder after each round, next to the
// SQLite results and the retrain journal: one JSON line per round appended to
// rounds.jsonl (one write, fsynced: a kill leaves at most a torn last line,
// which readers skip) and the last round's HTML report, replaced atomically
// (write a temp file, fsync, rename), so a reader never sees half a page.
// A torn line is closed before the next round's line is appended.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { appendLineDurably } from '../../core/append-line.js';

export const ROUNDS_FILE = 'rounds.jsonl';
export const REPORT_FILE = 'report.html';

export function appendRoundLine(stateDir: string, line: object): void {
  appendLineDurably(join(stateDir, ROUNDS_FILE), JSON.stringify(line));
}

/** Every complete line of rounds.jsonl (a torn last line is skipped). */
export function readRoundLines<T = Record<string, unknown>>(stateDir: string): T[] {
  const path = join(stateDir, ROUNDS_FILE);
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const text of readFileSync(path, 'utf8').split('\n')) {
    if (text.trim() === '') continue;
    try {
      out.push(JSON.parse(text) as T);
    } catch {
      // torn write
    }
  }
  return out;
}

export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
