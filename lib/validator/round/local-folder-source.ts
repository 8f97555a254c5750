// The offline source: a folder holding one sub-folder per submission (model
// files + submission.json), as `naschain validate --local DIR` reads it.
//
// Result key: (uid, commit, hash) from submission.json, except that a record
// with no hash gets the sha256 of its model files ("sha256:<hex>"), so editing
// a local model's files makes it a new model, evaluated afresh, instead of
// silently reusing the old result. A record that declares a hash is checked
// like the network source checks a download: upstream's model hash of the
// folder's model files must equal it, every round (the files may have changed
// since the result was stored), or the submission is refused ('hash-mismatch').
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { quoteUntrusted } from '../../core/untrusted-text.js';
import { errorText } from '../../core/value-text.js';
import { hashFile, listModelFiles } from '../../hub/model-hash.js';
import { listSubmissions, type SubmissionEntry } from '../list-submissions.js';
import { reject, type Rejection } from '../reject-reasons.js';
import { SUBMISSION_FILE, shownPath } from '../submission.js';
import type { AcceptedSubmission, FetchedModel, SourcedSubmission, SubmissionSource } from './submission-source.js';

/** Files larger than this are not hashed whole (the model checks reject them anyway); their size stands in. */
const MAX_HASHED_FILE_BYTES = 64 * 1024 * 1024;
/** A model folder whose model files sum past this is not hashed for a declared hash (the model checks' limit is far lower). */
const MAX_HASHED_MODEL_BYTES = 64 * 1024 * 1024;

export class LocalFolderSource implements SubmissionSource {
  readonly description: string;
  private readonly dirs = new Map<string, string>();

  constructor(readonly root: string) {
    this.description = `local folder ${root}`;
  }

  async list(): Promise<SourcedSubmission[]> {
    const out: SourcedSubmission[] = [];
    for (const e of listSubmissions(this.root)) {
      // Each entry under its own guard: whatever throws while sourcing one submission refuses it alone.
      try {
        out.push(await this.sourced(e));
      } catch (err) {
        const uid = e.ok ? e.submission.uid : e.uid;
        out.push({ name: e.name, uid, ...reject('unreadable', `${shownPath(e.dir)}: reading it failed (${errorText(err)})`) });
      }
    }
    return out;
  }

  async fetchModel(entry: AcceptedSubmission): Promise<FetchedModel> {
    const dir = this.dirs.get(entry.name) ?? join(this.root, entry.name);
    return { ok: true, dir };
  }

  private async sourced(e: SubmissionEntry): Promise<SourcedSubmission> {
    if (!e.ok) return { ok: false, name: e.name, uid: e.uid, reason: e.reason, message: e.message };
    const s = e.submission;
    if (s.hash !== null) {
      const checked = await checkDeclaredHash(e.dir, s.hash);
      if (checked !== true) return { ok: false, name: e.name, uid: s.uid, reason: checked.reason, message: checked.message };
    }
    this.dirs.set(e.name, e.dir);
    return { ok: true, name: e.name, submission: s, key: { uid: s.uid, commit: s.commit, hash: s.hash ?? `sha256:${folderDigest(e.dir)}` } };
  }
}

/**
 * Upstream's model hash (lib/hub/model-hash.ts: the files a Hub download of the
 * model would hold, in os.walk order) of the folder's model files, that is
 * every file but submission.json, the model card and hidden entries. A model
 * file that is a symbolic link is refused rather than followed: the model
 * checks refuse it too, and hashing it could read any file of the disk.
 */
export async function localModelHash(dir: string): Promise<{ ok: true; hash: string } | Rejection> {
  const where = shownPath(dir);
  const files = (await listModelFiles(dir)).filter((f) => f !== SUBMISSION_FILE);
  if (files.length === 0) return reject('missing-model-json', `${where}: no model files to hash, expected model.json and weight shards`);
  let total = 0;
  for (const f of files) {
    const st = lstatSync(join(dir, ...f.split('/')));
    if (st.isSymbolicLink()) return reject('bad-weights-path', `${where}: model file ${quoteUntrusted(f)} is a symbolic link, expected a regular file in the folder`);
    total += st.size;
    if (total > MAX_HASHED_MODEL_BYTES) return reject('size-limit', `${where}: model files hold more than ${MAX_HASHED_MODEL_BYTES} bytes, expected a model far smaller`);
  }
  const outer = createHash('sha256');
  for (const f of files) outer.update(await hashFile(join(dir, ...f.split('/'))), 'utf8');
  return { ok: true, hash: outer.digest('base64') };
}

/** True when the folder's model hash is `declared`; else why the submission is refused. */
async function checkDeclaredHash(dir: string, declared: string): Promise<true | Rejection> {
  const got = await localModelHash(dir);
  if (!got.ok) return got;
  if (got.hash === declared) return true;
  return reject('hash-mismatch', `${shownPath(dir)}: model hash is ${got.hash}, but submission.json declares ${quoteUntrusted(declared)}; expected the hash of these model files`);
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
