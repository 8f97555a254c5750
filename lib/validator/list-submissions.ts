// Lists a local submissions folder (`naschain validate --local DIR`): every
// sub-folder is one submission. A folder that cannot be read or whose record is
// bad becomes a rejected entry, so one broken submission never stops a round.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import { readSubmission, type Submission } from './submission.js';
import { reject, type RejectReason } from './reject-reasons.js';

export type SubmissionEntry =
  | { ok: true; name: string; dir: string; submission: Submission }
  | { ok: false; name: string; dir: string; reason: RejectReason; message: string };

/**
 * One entry per sub-folder of `dir`, sorted by folder name. Names starting with
 * '.' (caches, editor files) and plain files are skipped. Two folders claiming
 * the same uid are both rejected: the chain holds one commitment per uid, so
 * neither can be trusted to be it. Throws only when `dir` itself is unreadable.
 */
export function listSubmissions(dir: string): SubmissionEntry[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new NaschainError(code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID', `submissions folder ${dir}: cannot list it (${code}), expected a folder of submission folders`);
  }
  const entries: SubmissionEntry[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const sub = join(dir, name);
    let isDir: boolean;
    try {
      isDir = statSync(sub).isDirectory();
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? String(e);
      entries.push({ name, dir: sub, ...reject('unreadable', `${sub}: cannot read it (${code})`) });
      continue;
    }
    if (!isDir) continue;
    const parsed = readSubmission(sub);
    entries.push(parsed.ok ? { ok: true, name, dir: sub, submission: parsed.submission } : { name, dir: sub, ...parsed });
  }
  const byUid = new Map<number, number>();
  for (const e of entries) if (e.ok) byUid.set(e.submission.uid, (byUid.get(e.submission.uid) ?? 0) + 1);
  return entries.map((e) => {
    if (!e.ok || (byUid.get(e.submission.uid) ?? 0) < 2) return e;
    const others = entries.filter((o) => o !== e && o.ok && o.submission.uid === e.submission.uid).map((o) => o.name);
    return { name: e.name, dir: e.dir, ...reject('duplicate-uid', `${e.dir}: uid ${e.submission.uid} is also claimed by ${others.join(', ')}, expected one folder per uid`) };
  });
}
