// The offline source: a folder holding one sub-folder per submission (model
// files + submission.json), as `naschain validate --local DIR` reads it.
//
// Result key: (uid, commit, hash) from submission.json, except that a record
// with no hash gets the sha256 of its model files ("sha256:<hex>"), so editing
// a local model's files makes it a new model, evaluated afresh, instead of
// silently reusing the old result.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listSubmissions } from '../list-submissions.js';
import { SUBMISSION_FILE } from '../submission.js';
import type { AcceptedSubmission, FetchedModel, SourcedSubmission, SubmissionSource } from './submission-source.js';

/** Files larger than this are not hashed whole (the model checks reject them anyway); their size stands in. */
const MAX_HASHED_FILE_BYTES = 64 * 1024 * 1024;

export class LocalFolderSource implements SubmissionSource {
  readonly description: string;
  private readonly dirs = new Map<string, string>();

  constructor(readonly root: string) {
    this.description = `local folder ${root}`;
  }

  async list(): Promise<SourcedSubmission[]> {
    return listSubmissions(this.root).map((e): SourcedSubmission => {
      if (!e.ok) return { ok: false, name: e.name, uid: uidOf(e.dir), reason: e.reason, message: e.message };
      this.dirs.set(e.name, e.dir);
      const s = e.submission;
      return { ok: true, name: e.name, submission: s, key: { uid: s.uid, commit: s.commit, hash: s.hash ?? `sha256:${folderDigest(e.dir)}` } };
    });
  }

  async fetchModel(entry: AcceptedSubmission): Promise<FetchedModel> {
    const dir = this.dirs.get(entry.name) ?? join(this.root, entry.name);
    return { ok: true, dir };
  }
}

/**
 * sha256 over the sorted regular files of `dir` but submission.json (name,
 * size, bytes). Unreadable entries hash as their error code, so the digest
 * never throws; the model checks report the real problem later.
 */
export function folderDigest(dir: string): string {
  const h = createHash('sha256');
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    return h.update(`unreadable:${(e as NodeJS.ErrnoException).code ?? ''}`).digest('hex');
  }
  for (const name of names) {
    if (name === SUBMISSION_FILE) continue;
    const path = join(dir, name);
    try {
      const st = statSync(path);
      if (!st.isFile()) continue;
      h.update(`${name}\0${st.size}\0`);
      if (st.size <= MAX_HASHED_FILE_BYTES) h.update(readFileSync(path));
    } catch (e) {
      h.update(`${name}\0error:${(e as NodeJS.ErrnoException).code ?? ''}\0`);
    }
  }
  return h.digest('hex');
}

/** Best effort: the uid a rejected record claims, for the table (null when it has none). */
function uidOf(dir: string): number | null {
  try {
    const path = join(dir, SUBMISSION_FILE);
    if (statSync(path).size > 64 * 1024) return null;
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { uid?: unknown };
    return Number.isInteger(raw.uid) && (raw.uid as number) >= 0 && (raw.uid as number) <= 65535 ? (raw.uid as number) : null;
  } catch {
    return null;
  }
}
