// The submission record a local folder carries next to its model files
// (`submission.json`): who submitted what, in which block, with which learning
// rate. Sources that read the chain and the Hub write the same record, so the
// validator's round works on one shape whatever the source.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe } from '../core/errors.js';
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
  if (extra !== undefined) return bad(`field ${JSON.stringify(extra)}`, o[extra], 'no such field');
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

/** Reads and checks `<dir>/submission.json`; a missing, huge or malformed file is a rejection. */
export function readSubmission(dir: string): ParsedSubmission {
  const path = join(dir, SUBMISSION_FILE);
  let text: string;
  try {
    const st = statSync(path);
    if (!st.isFile()) return reject('bad-submission', `${path}: not a regular file, expected a ${SUBMISSION_FILE}`);
    if (st.size > MAX_SUBMISSION_BYTES) return reject('bad-submission', `${path}: ${st.size} bytes, expected at most ${MAX_SUBMISSION_BYTES}`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    return reject(code === 'ENOENT' ? 'bad-submission' : 'unreadable', `${path}: cannot read it (${code}), expected a ${SUBMISSION_FILE}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return reject('bad-submission', `${path}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  return parseSubmission(raw, path);
}

/** The JSON text of a submission record, as sources write it. */
export function formatSubmission(s: Submission): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}
