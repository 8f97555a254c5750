// The miner's commitment text, `namespace:name:commit:hash:lr`, as NASChain
// writes it on chain: pure parsing and formatting, with one clear reason for
// every malformed form so the validator can show why a UID was skipped.

/** A parsed commitment; `null` stands for a field the miner wrote as `None`. */
export interface ModelCommitment {
  /** Hugging Face namespace (user or organisation). */
  namespace: string;
  /** Hugging Face repository name. */
  name: string;
  /** Hugging Face commit sha (40 hex digits) the files are pinned to. */
  commit: string | null;
  /** The miner's hash of the model files. */
  hash: string | null;
  /** The miner's learning rate for retraining; null means the validator default. */
  learningRate: number | null;
}

export type CommitmentParse = { ok: true; value: ModelCommitment } | { ok: false; reason: string };

const FIELDS = ['namespace', 'name', 'commit', 'hash', 'lr'] as const;
// Hugging Face repo ids: letters, digits, '-', '_', '.', at most 96 characters.
const REPO_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;
const COMMIT_SHA = /^[0-9a-f]{40}$/;
const HASH = /^[A-Za-z0-9+/=_-]{1,128}$/;

function fail(reason: string): CommitmentParse {
  return { ok: false, reason };
}

/** Parses one commitment string; never throws. */
export function parseCommitment(text: string): CommitmentParse {
  if (text.length === 0) return fail('empty commitment');
  if (/\s/.test(text)) return fail('commitment contains whitespace');
  const parts = text.split(':');
  if (parts.length !== FIELDS.length) {
    return fail(`expected 5 fields namespace:name:commit:hash:lr separated by ':', got ${parts.length}`);
  }
  const [namespace, name, commit, hash, lr] = parts as [string, string, string, string, string];
  for (const [field, value] of [['namespace', namespace], ['name', name]] as const) {
    if (value === '' || value === 'None') return fail(`${field} is missing`);
    if (!REPO_PART.test(value) || value.includes('..')) {
      return fail(`${field} ${JSON.stringify(value)} is not a valid Hugging Face name (letters, digits, '-', '_', '.')`);
    }
  }
  if (commit === '') return fail('commit is empty (write None for a missing field)');
  if (commit !== 'None' && !COMMIT_SHA.test(commit)) {
    return fail(`commit ${JSON.stringify(commit)} is not a 40-digit lowercase hex sha`);
  }
  if (hash === '') return fail('hash is empty (write None for a missing field)');
  if (hash !== 'None' && !HASH.test(hash)) return fail(`hash ${JSON.stringify(hash.slice(0, 40))} has characters outside [A-Za-z0-9+/=_-] or is over 128 long`);
  if (lr === '') return fail('lr is empty (write None for a missing field)');
  let learningRate: number | null = null;
  if (lr !== 'None') {
    // Number() would accept '0x10' or 'Infinity'; accept only decimal notation.
    if (!/^[+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(lr)) return fail(`lr ${JSON.stringify(lr)} is not a decimal number`);
    learningRate = Number(lr);
    if (!Number.isFinite(learningRate) || learningRate <= 0) return fail(`lr ${lr} is not a positive finite number`);
  }
  return {
    ok: true,
    value: { namespace, name, commit: commit === 'None' ? null : commit, hash: hash === 'None' ? null : hash, learningRate },
  };
}

/** The inverse of parseCommitment: `None` for each missing field. */
export function formatCommitment(c: ModelCommitment): string {
  const none = (v: string | number | null) => (v === null ? 'None' : String(v));
  return [c.namespace, c.name, none(c.commit), none(c.hash), none(c.learningRate)].join(':');
}
