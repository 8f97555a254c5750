// The submission record a local folder carries next to its model files
// (`submission.json`): who submitted what, in which block, with which learning
// rate. Sources that read the chain and the Hub write the same record, so the
// validator's round works on one shape whatever the source.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from '../core/errors.js';
import { fsProblemText } from '../core/fs-problem.js';
import { quoteUntrusted, stripControl } from '../core/untrusted-text.js';
import { errorText } from '../core/value-text.js';
import { reject, type Rejection } from './reject-reasons.js';

export const SUBMISSION_KIND = 'naschain/submission';
export const SUBMISSION_VERSION = 1;
export const SUBMISSION_FILE = 'submission.json';
/** A submission.json is a few hundred bytes; anything far larger is not one. */
const MAX_SUBMISSION_BYTES = 64 * 1024;

export interface Submission {
  kind: typeof SUBMISSION_KIND;
  version: typeof SUBMISSION_VERSION;
  uid: number;
  /** SS58 address of the miner's hotkey (format checked, checksum not). */
  hotkey: string;
  /** Block of the chain commitment; the lower block wins a tie. */
  block: number;
  /** Index of the commitment's extrinsic in its block; second tie-break. */
  extrinsicIndex: number;
  /** The miner's committed learning rate; null means the validation config's. */
  learningRate: number | null;
  /** Hugging Face repo "namespace/name". */
  repo: string;
  /** 40-hex commit sha of the repo, or null when the commitment had none. */
  commit: string | null;
  /** The committed model hash, or null when the commitment had none. */
  hash: string | null;
}

const SS58 = /^[1-9A-HJ-NP-Za-km-z]{46,48}$/;
const REPO = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
const COMMIT = /^[0-9a-f]{40}$/;

export type ParsedSubmission = { ok: true; submission: Submission } | Rejection;

/** Checks a parsed submission.json; `source` names it in messages (e.g. its path). */
export function parseSubmission(raw: unknown, source: string): ParsedSubmission {
  const bad = (field: string, value: unknown, expected: string): Rejection =>
    reject('bad-submission', `${source}: ${field} is ${describe(value)}, expected ${expected}`);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('the document', raw, 'a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.kind !== SUBMISSION_KIND) return bad('kind', o.kind, JSON.stringify(SUBMISSION_KIND));
  if (o.version !== SUBMISSION_VERSION) return bad('version', o.version, String(SUBMISSION_VERSION));
  const u16 = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535;
  const u64 = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  if (!u16(o.uid)) return bad('uid', o.uid, 'an integer 0..65535');
  if (typeof o.hotkey !== 'string' || !SS58.test(o.hotkey)) return bad('hotkey', o.hotkey, 'an SS58 address (46-48 base58 characters)');
  if (!u64(o.block)) return bad('block', o.block, 'an integer >= 0');
  if (!u64(o.extrinsicIndex)) return bad('extrinsicIndex', o.extrinsicIndex, 'an integer >= 0');
  const lr = o.learningRate;
  if (lr !== null && !(typeof lr === 'number' && Number.isFinite(lr) && lr > 0)) return bad('learningRate', lr, 'a positive number or null');
  if (typeof o.repo !== 'string' || !REPO.test(o.repo) || o.repo.includes('..') || o.repo.includes('--')) {
    return bad('repo', o.repo, 'a Hugging Face repo "namespace/name"');
  }
  if (o.commit !== null && !(typeof o.commit === 'string' && COMMIT.test(o.commit))) return bad('commit', o.commit, '40 lowercase hex digits or null');
  if (o.hash !== null && !(typeof o.hash === 'string' && o.hash.length > 0 && o.hash.length <= 256)) {
    return bad('hash', o.hash, 'a non-empty string of at most 256 characters or null');
  }
  const known = new Set(['kind', 'version', 'uid', 'hotkey', 'block', 'extrinsicIndex', 'learningRate', 'repo', 'commit', 'hash']);
  const extra = Object.keys(o).find((k) => !known.has(k));
  if (extra !== undefined) return bad(`field ${quoteUntrusted(extra)}`, o[extra], 'no such field');
  return {
    ok: true,
    submission: {
      kind: SUBMISSION_KIND,
      version: SUBMISSION_VERSION,
      uid: o.uid as number,
      hotkey: o.hotkey,
      block: o.block as number,
      extrinsicIndex: o.extrinsicIndex as number,
      learningRate: lr as number | null,
      repo: o.repo,
      commit: o.commit as string | null,
      hash: o.hash as string | null,
    },
  };
}

/**
 * A path as messages show it: as is when it is plain text, quoted with its
 * control characters escaped when it is not (a folder name is the
 * submitter's choice and may carry ESC or CR/LF).
 */
export function shownPath(path: string): string {
  return stripControl(path) === path ? path : quoteUntrusted(path, 300);
}

/**
 * Reads `<dir>/submission.json` as JSON, not yet checked. A missing, huge,
 * malformed or symlinked file is a rejection: the record is read from the
 * folder itself, like the model files, never through a link to elsewhere on
 * the validator's disk.
 */
export function readSubmissionJson(dir: string): { ok: true; raw: unknown; path: string } | Rejection {
  const path = join(dir, SUBMISSION_FILE);
  const shown = shownPath(path);
  let text: string;
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return reject('bad-submission', `${shown}: a symbolic link, expected a regular ${SUBMISSION_FILE} in the submission folder`);
    if (!st.isFile()) return reject('bad-submission', `${shown}: not a regular file, expected a ${SUBMISSION_FILE}`);
    text = readRegularFile(path, shown);
  } catch (e) {
    if (e instanceof RecordRefused) return e.rejection;
    const code = errnoCode(e);
    return reject(code === 'ENOENT' ? 'bad-submission' : 'unreadable', `${shown}: cannot read it (${fsProblemText(code)}), expected a ${SUBMISSION_FILE}`);
  }
  try {
    return { ok: true, raw: JSON.parse(text), path };
  } catch (e) {
    return reject('bad-submission', `${shown}: not valid JSON (${errorText(e)})`);
  }
}

/** Reads and checks `<dir>/submission.json`; a missing, huge, symlinked or malformed file is a rejection. */
export function readSubmission(dir: string): ParsedSubmission {
  const read = readSubmissionJson(dir);
  return read.ok ? parseSubmission(read.raw, shownPath(read.path)) : read;
}

/** The uid a record claims, when it names a valid one (for the table of a rejected record). */
export function claimedUid(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const uid = (raw as { uid?: unknown }).uid;
  return Number.isInteger(uid) && (uid as number) >= 0 && (uid as number) <= 65535 ? (uid as number) : null;
}

class RecordRefused extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

/**
 * The file's text, opened without following a link (O_NOFOLLOW: a link swapped
 * in after the lstat fails with ELOOP) and without blocking on a FIFO, its size
 * checked on the open descriptor.
 */
function readRegularFile(path: string, shown: string): string {
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let fd: number;
  try {
    fd = openSync(path, flags);
  } catch (e) {
    if (errnoCode(e) === 'ELOOP') throw new RecordRefused(reject('bad-submission', `${shown}: a symbolic link, expected a regular ${SUBMISSION_FILE} in the submission folder`));
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new RecordRefused(reject('bad-submission', `${shown}: not a regular file, expected a ${SUBMISSION_FILE}`));
    if (st.size > MAX_SUBMISSION_BYTES) throw new RecordRefused(reject('bad-submission', `${shown}: ${st.size} bytes, expected at most ${MAX_SUBMISSION_BYTES}`));
    // Read at most one byte past the limit, so a file that grows after the fstat cannot make this read it all.
    const buf = Buffer.alloc(MAX_SUBMISSION_BYTES + 1);
    let n = 0;
    for (let got = 1; got > 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, n);
    if (n > MAX_SUBMISSION_BYTES) throw new RecordRefused(reject('bad-submission', `${shown}: more than ${MAX_SUBMISSION_BYTES} bytes, expected at most ${MAX_SUBMISSION_BYTES}`));
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function errnoCode(e: unknown): string {
  const code = typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? stripControl(code) : errorText(e);
}

/** The JSON text of a submission record, as sources write it. */
export function formatSubmission(s: Submission): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}
