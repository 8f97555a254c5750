// One evaluation request and its outcome, and the survivors NSGA-II keeps.
import type { Genome } from './genome.js';

/** queued: made, not handed out; running: handed out by ask(); complete/failed: told. */
export type TrialStatus = 'queued' | 'running' | 'complete' | 'failed';

export interface Trial {
  id: number;
  generation: number;
  genome: Genome;
  hash: string;
  status: TrialStatus;
  /** Minimised objectives, present when complete. */
  objectives?: number[];
  /** Total constraint violation; 0 or less is feasible. */
  violation?: number;
  /** Why a failed trial failed. */
  reason?: string;
}

export interface Individual {
  trialId: number;
  genome: Genome;
  hash: string;
  objectives: number[];
  violation: number;
  rank: number;
  crowding: number;
}

/** What tell() takes: the objective vector, or a failure with its reason. */
export type TellResult = readonly number[] | { failed: true; reason: string };
