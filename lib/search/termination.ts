// When a search stops: a number of generations, of evaluations, or a
// wall-clock budget measured with a clock the caller passes in.
export interface Termination {
  /** Generations including the initial population. */
  maxGenerations?: number;
  /** Finished trials, failed ones included. */
  maxEvaluations?: number;
  /** Milliseconds since the run started (by the injected clock); a resumed run keeps its start. */
  maxWallMs?: number;
}

export interface Progress {
  generationsDone: number;
  evaluations: number;
  elapsedMs: number;
}

/** Why the search should stop, or undefined to go on. */
export function terminationReason(t: Termination, p: Progress): string | undefined {
  if (t.maxGenerations !== undefined && p.generationsDone >= t.maxGenerations) return `${p.generationsDone} generations`;
  if (t.maxEvaluations !== undefined && p.evaluations >= t.maxEvaluations) return `${p.evaluations} evaluations`;
  if (t.maxWallMs !== undefined && p.elapsedMs >= t.maxWallMs) return `${Math.round(p.elapsedMs)} ms of wall-clock time`;
  return undefined;
}
