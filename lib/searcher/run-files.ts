// The run folder's files, written so that a kill at any instant leaves them
// readable: JSON files are replaced atomically (temp file, fsync, rename) and
// candidates.jsonl is append-only with an fsync after each line; a torn last
// line (killed mid-write) is ignored when read back. finished.jsonl holds
// evaluations that a worker pool finished before an earlier one of the same
// batch (candidates.jsonl keeps the batch's order): a resumed run reuses them.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import { fsErrorText } from '../core/fs-problem.js';
import { CANDIDATE_KIND, type CandidateRecord } from './types.js';
import type { CandidateResult } from './record.js';

export const RUN_FILES = {
  run: 'run.json',
  candidates: 'candidates.jsonl',
  state: 'nsga2-state.json',
  progress: 'progress.json',
  front: 'front.json',
  report: 'report.html',
  models: 'front',
  finished: 'finished.jsonl',
} as const;

export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 1)}\n`);
}

export function readJson(path: string, what: string): unknown {
  if (!existsSync(path)) throw new NaschainError('NOT_FOUND', `${what} ${path}: no such file`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new NaschainError('INTERNAL', `${what} ${path}: cannot read it (${fsErrorText(e)})`, { cause: e });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new NaschainError('CORRUPT', `${what} ${path}: not valid JSON (${(e as Error).message})`);
  }
}

function appendLine(path: string, value: unknown): void {
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, `${JSON.stringify(value)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function appendRecord(dir: string, record: CandidateRecord): void {
  appendLine(join(dir, RUN_FILES.candidates), record);
}

/** A finished evaluation not yet in candidates.jsonl, under its key (phase/rung/hash). */
export function appendFinished(dir: string, key: string, result: CandidateResult): void {
  appendLine(join(dir, RUN_FILES.finished), { key, result });
}

/** finished.jsonl by key; a torn line (killed mid-write) is skipped. */
export function readFinished(dir: string): Map<string, CandidateResult> {
  const out = new Map<string, CandidateResult>();
  const path = join(dir, RUN_FILES.finished);
  if (!existsSync(path)) return out;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    try {
      const e = JSON.parse(line) as { key?: unknown; result?: CandidateResult };
      if (typeof e.key === 'string' && typeof e.result?.status === 'string') out.set(e.key, e.result);
    } catch {
      // empty or torn line
    }
  }
  return out;
}

/** Every complete line of candidates.jsonl; a torn or foreign last line is dropped. */
export function readRecords(dir: string): CandidateRecord[] {
  const path = join(dir, RUN_FILES.candidates);
  if (!existsSync(path)) return [];
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: CandidateRecord[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as CandidateRecord;
      if (r.kind !== CANDIDATE_KIND) throw new Error(`kind ${String(r.kind)}`);
      out.push(r);
    } catch (e) {
      if (i >= lines.length - 2) break; // the line being written when the run was killed
      throw new NaschainError('CORRUPT', `${path}: line ${i + 1} is not a candidate record (${(e as Error).message})`);
    }
  }
  return out;
}
