// The search report's plain data: what lib/searcher/write-report.ts builds
// from a run's records and lib/report renders. Numbers and text only; every
// string may come from a run folder and is escaped where it is drawn.

export interface ReportCandidate {
  hash: string;
  phase: 'search' | 'promote' | 'final';
  rung: number;
  generation: number;
  status: 'complete' | 'failed' | 'infeasible';
  accuracy: number | null;
  params: number | null;
  macs: number | null;
  trainImages: number;
  epochs: number;
  seconds: number;
  reason?: string;
}

/** One line of the hypervolume chart: after each complete record, the hypervolume of those seen so far. */
export interface HvSeries {
  label: string;
  /** [seconds, hypervolume], time non-decreasing. */
  points: [number, number][];
}

export interface HvOverTime {
  /** 'elapsed': the run's clock (the time budget's); 'summed': evaluation seconds summed in record order (a run from before records kept their time). */
  clock: 'elapsed' | 'summed';
  /** The end of the time axis: the last record's time. */
  endSeconds: number;
  series: HvSeries[];
}

/** The non-dominated complete records of one rung. */
export interface RungFront {
  /** e.g. "search, rung 0", "promotion rung 1", "final". */
  label: string;
  /** What its accuracy is measured on. */
  accuracyOf: string;
  /** Complete records of the rung (the front's size is read against it). */
  complete: number;
  members: ReportCandidate[];
}

/** The model to submit and the commands for it, or why nothing would count (lib/searcher/submit-pick.ts SubmitAdvice). */
export interface ReportSubmit {
  dir?: string;
  clears: boolean;
  headline: string;
  commands: { what: string; command: string }[];
}

export interface ReportData {
  title: string;
  /** Short facts shown above the plot (dataset, space, seed, budget...). */
  facts: [string, string][];
  candidates: ReportCandidate[];
  /** Hashes of the final models on the front. */
  frontHashes: string[];
  hypervolume: HvOverTime;
  rungFronts: RungFront[];
  submit: ReportSubmit;
}
