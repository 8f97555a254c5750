// Lists a local submissions folder (`naschain validate --local DIR`): every
// sub-folder is one submission. A folder that cannot be read or whose record is
// bad becomes a rejected entry, so one broken submission never stops a round:
// each entry is read under its own guard, and whatever throws while reading
// one (a bug, a hostile value no check foresaw) rejects that entry alone.
import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NaschainError } from '../core/errors.js';
import { fsProblemText } from '../core/fs-problem.js';
import { errorText } from '../core/value-text.js';
import { claimedUid, parseSubmission, readSubmissionJson, shownPath, type Submission } from './submission.js';
import { reject, type RejectReason } from './reject-reasons.js';

export type SubmissionEntry =
  | { ok: true; name: string; dir: string; submission: Submission }
  /** `uid` is the one the record claims, when it names a valid one. */
  | { ok: false; name: string; dir: string; uid: number | null; reason: RejectReason; message: string };

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
    const code = (e as NodeJS.ErrnoException).code ?? errorText(e);
    throw new NaschainError(code === 'ENOENT' ? 'NOT_FOUND' : 'INVALID', `submissions folder ${shownPath(dir)}: cannot list it (${code}), expected a folder of submission folders`);
  }
  const entries: SubmissionEntry[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const sub = join(dir, name);
    try {
      const entry = readEntry(name, sub);
      if (entry) entries.push(entry);
    } catch (e) {
      entries.push({ name, dir: sub, uid: null, ...reject('bad-submission', `${shownPath(sub)}: reading its record failed (${errorText(e)})`) });
    }
  }
  const byUid = new Map<number, number>();
  for (const e of entries) if (e.ok) byUid.set(e.submission.uid, (byUid.get(e.submission.uid) ?? 0) + 1);
  return entries.map((e) => {
    if (!e.ok || (byUid.get(e.submission.uid) ?? 0) < 2) return e;
    const uid = e.submission.uid;
    const others = entries.filter((o) => o !== e && o.ok && o.submission.uid === uid).map((o) => shownPath(o.name));
    return { name: e.name, dir: e.dir, uid, ...reject('duplicate-uid', `${shownPath(e.dir)}: uid ${uid} is also claimed by ${others.join(', ')}, expected one folder per uid`) };
  });
}

/** The entry of one sub-folder, or undefined when it is not a folder (a README next to the submissions). */
function readEntry(name: string, sub: string): SubmissionEntry | undefined {
  let isDir: boolean;
  try {
    // A link to a folder counts as a submission folder; its submission.json is still read without following links.
    isDir = statSync(sub).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? errorText(e);
    const dangling = code === 'ENOENT' && lstatExists(sub);
    return { name, dir: sub, uid: null, ...reject('unreadable', `${shownPath(sub)}: cannot read it (${dangling ? 'a dangling link' : fsProblemText(code)})`) };
  }
  if (!isDir) return undefined;
  const read = readSubmissionJson(sub);
  if (!read.ok) return { name, dir: sub, uid: null, ...read };
  const parsed = parseSubmission(read.raw, shownPath(read.path));
  return parsed.ok ? { ok: true, name, dir: sub, submission: parsed.submission } : { name, dir: sub, uid: claimedUid(read.raw), ...parsed };
}

function lstatExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
