// The rows the kill -9 writer writes, derived from the write index so the spec
// can tell which write a row came from and whether its columns agree.
import type { EvaluationMetrics, ResultKey, RetrainOutcome, StoredResult } from '../../../lib/validator/state-store.js';

export function writerKey(k: number): ResultKey {
  return { uid: k, commit: k.toString(16).padStart(40, '0'), hash: k % 2 === 0 ? `h${k}` : null };
}

/** Write i goes to key i % keys; round floor(i / keys) decides the kind. */
export function writerKind(i: number, keys: number): 'evaluation' | 'retrain' | 'rejection' {
  const round = Math.floor(i / keys) % 3;
  return round === 0 ? 'evaluation' : round === 1 ? 'retrain' : 'rejection';
}

export function writerMetrics(i: number): EvaluationMetrics {
  return { accuracy: i + 0.25, accuracyFloor: i, params: 1000 + i, paramsRounded: 1000, macs: 2000 + i, macsRounded: 2000, evalMs: i, backend: 'cpu' };
}

export function writerRetrain(i: number): RetrainOutcome {
  return { accuracy: i, accuracyFloor: i, trainAccuracy: i + 0.5, retrainMs: i, backend: 'cpu' };
}

/** The row a key holds right after write i committed. */
export function writerRow(i: number, keys: number): Pick<StoredResult, 'evaluation' | 'retrain' | 'rejection'> {
  const kind = writerKind(i, keys);
  const evalAt = kind === 'evaluation' ? i : kind === 'retrain' ? i - keys : i - 2 * keys;
  const retrainAt = kind === 'retrain' ? i : kind === 'rejection' ? i - keys : null;
  return {
    evaluation: writerMetrics(evalAt),
    retrain: retrainAt === null ? null : { ...writerRetrain(retrainAt), gap: 0.5 },
    rejection: kind === 'rejection' ? { reason: 'load-failed', message: `write ${i}` } : null,
  };
}
