// The miner's commitment text, `namespace:name:commit:hash:lr`, as NASChain
// writes it on chain: pure parsing and formatting, with one clear reason for
// every malformed form so the validator can show why a UID was skipped.
//
// Upstream's reader (model/data.py ModelId.from_compressed_str at 7fbf78d)
// splits on ':' and takes tokens[0..3] as namespace, name, commit, hash
// ('None' -> missing) and tokens[4] as the learning rate only when there are
// more than 4 tokens ('None' or absent -> the default). Fewer than 4 tokens
// raise IndexError, so the UID has no metadata; extra tokens are ignored. The
// validator then calls float(lr) (forward.py line 772) and a non-numeric lr
// fails that UID's evaluation for the round. This parser accepts the same
// texts and reads the same fields; what it refuses, upstream refuses later in
// the same round (a commit or hash that can never match, a non-numeric lr),
// except where docs/upstream-differences.md says otherwise (a commit must be
// a 40-digit sha, the lr positive and finite).

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

/** Upstream indexes tokens[0..3] unconditionally. */
const MIN_FIELDS = 4;
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
  const parts = text.split(':');
  if (parts.length < MIN_FIELDS) {
    return fail(`expected at least 4 fields namespace:name:commit:hash[:lr] separated by ':', got ${parts.length}`);
  }
  // Fields past the fifth are ignored, as upstream ignores them.
  const [namespace, name, commit, hash] = parts as [string, string, string, string];
  const lr = parts[4];
  for (const [field, value] of [['namespace', namespace], ['name', name], ['commit', commit], ['hash', hash]] as const) {
    if (/\s/.test(value)) return fail(`${field} ${JSON.stringify(value)} contains whitespace`);
  }
  // Upstream takes 'None' literally here (a Hugging Face account may be called None).
  for (const [field, value] of [['namespace', namespace], ['name', name]] as const) {
    if (value === '') return fail(`${field} is missing`);
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
  let learningRate: number | null = null;
  if (lr === '') return fail('lr is empty (write None for a missing field)');
  if (lr !== undefined && lr !== 'None') {
    const value = pythonFloat(lr);
    if (value === null) return fail(`lr ${JSON.stringify(lr)} is not a number (Python's float() refuses it)`);
    if (!Number.isFinite(value) || value <= 0) return fail(`lr ${JSON.stringify(lr)} is not a positive finite number`);
    learningRate = value;
  }
  return {
    ok: true,
    value: { namespace, name, commit: commit === 'None' ? null : commit, hash: hash === 'None' ? null : hash, learningRate },
  };
}

// Python's float() grammar: surrounding whitespace, a sign, digits with single
// '_' between digits, an optional fraction and exponent, or inf/infinity/nan.
const DIGITS = '\\d(?:_?\\d)*';
const PY_DECIMAL = new RegExp(`^[+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
const PY_SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

/** float(text) as Python computes it, or null where Python raises ValueError. ASCII digits only (Python also reads other Unicode digits). */
export function pythonFloat(text: string): number | null {
  const s = text.trim();
  const special = PY_SPECIAL.exec(s);
  if (special) return special[2]!.toLowerCase() === 'nan' ? Number.NaN : (special[1] === '-' ? -Infinity : Infinity);
  if (!PY_DECIMAL.test(s)) return null;
  return Number(s.replaceAll('_', ''));
}

/** The inverse of parseCommitment: `None` for each missing field. */
export function formatCommitment(c: ModelCommitment): string {
  const none = (v: string | number | null) => (v === null ? 'None' : String(v));
  return [c.namespace, c.name, none(c.commit), none(c.hash), none(c.learningRate)].join(':');
}
