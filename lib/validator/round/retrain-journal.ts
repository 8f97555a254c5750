// An append-only log of the round's expensive steps (`retrains.jsonl` in the
// state folder): one line when a retrain starts, one when it is stored, one
// when it fails. The results themselves live in the StateStore; the journal
// is the evidence that no model was retrained twice (a "done" line per key at
// most once, ever) and the timings of each attempt. Each line is fsynced
// before the step it records goes on, so a kill -9 loses no finished line;
// a line torn by a kill mid-write is closed before the next one is appended,
// so it costs only itself, never the line after it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendLineDurably } from '../../core/append-line.js';
import type { ResultKey } from '../state-store.js';

export const JOURNAL_FILE = 'retrains.jsonl';

export interface JournalLine {
  event: 'retrain-start' | 'retrain-done' | 'retrain-failed';
  uid: number;
  commit: string | null;
  hash: string | null;
  /** ISO time of the event. */
  at: string;
  /** retrain-done and retrain-failed: milliseconds since the start. */
  ms?: number;
  /** retrain-done: the floored retrained accuracy; retrain-failed: 0. */
  accuracyFloor?: number;
}

export class RetrainJournal {
  readonly path: string;

  constructor(stateDir: string, private readonly now: () => Date = () => new Date()) {
    this.path = join(stateDir, JOURNAL_FILE);
  }

  append(event: JournalLine['event'], key: ResultKey, extra: Pick<JournalLine, 'ms' | 'accuracyFloor'> = {}): void {
    const line: JournalLine = { event, uid: key.uid, commit: key.commit, hash: key.hash, at: this.now().toISOString(), ...extra };
    appendLineDurably(this.path, JSON.stringify(line));
  }

  /** Every complete line; a torn last line (kill during the write) is skipped. */
  read(): JournalLine[] {
    if (!existsSync(this.path)) return [];
    const out: JournalLine[] = [];
    for (const text of readFileSync(this.path, 'utf8').split('\n')) {
      if (text.trim() === '') continue;
      try {
        out.push(JSON.parse(text) as JournalLine);
      } catch {
        // torn write
      }
    }
    return out;
  }
}
