// Named places where a kill would hurt most (between two writes that belong
// together, in the middle of minutes of work), so that specs can kill the real
// CLI exactly there and prove the restart finishes as if nothing happened.
// NASCHAIN_CRASH_AT=<name> SIGKILLs this process the first time it reaches that
// point; <name>:<n> at the n-th time. Unset (every user's case) it does nothing.
// The list is here, in one place, so a spec naming a point that no code calls
// fails to compile instead of waiting for a kill that never comes.

export const CRASH_POINTS = {
  /** searcher: an epoch of a candidate's training (a rung or the final recipe) is done, its record not yet written. */
  searchEvaluation: 'search-evaluation',
  /** validator: a retrain's epoch is done, its result not yet measured or stored. */
  retrainEpoch: 'retrain-epoch',
  /** validator: a retrain stored in SQLite, its "retrain-done" journal line not yet written. */
  retrainStored: 'retrain-stored',
  /** submit: the model is on the Hub (commit made and hashed back), the state file not yet written. */
  submitUploaded: 'submit-uploaded',
  /** submit: the commitment extrinsic is in a block, the state file not yet written. */
  submitCommitted: 'submit-committed',
} as const;

export type CrashPoint = (typeof CRASH_POINTS)[keyof typeof CRASH_POINTS];

export const CRASH_ENV = 'NASCHAIN_CRASH_AT';

const hits = new Map<string, number>();

/** Kills this process with SIGKILL when NASCHAIN_CRASH_AT names this point (and its hit count); else nothing. */
export function crashPoint(name: CrashPoint): void {
  const want = process.env[CRASH_ENV];
  if (want === undefined || want === '') return;
  const [point, nth = '1'] = want.split(':');
  if (point !== name) return;
  const n = (hits.get(name) ?? 0) + 1;
  hits.set(name, n);
  if (String(n) === nth) process.kill(process.pid, 'SIGKILL');
}
