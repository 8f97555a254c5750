// The persisted form of an NSGA-II run (kind "naschain/nsga2-state", version 1):
// settings, the current generation's trials, the survivors and every finished
// trial. JSON has no Infinity, so boundary crowding distances are written as "Infinity".
import { invalid } from '../core/errors.js';
import { parseSearchSpace, type SearchSpace } from './space.js';
import type { Termination } from './termination.js';
import type { Individual, Trial } from './trial.js';

export const NSGA2_STATE_KIND = 'naschain/nsga2-state';
export const NSGA2_STATE_VERSION = 1;

export interface Nsga2Settings {
  space: SearchSpace;
  seed: number;
  popSize: number;
  nObjectives: number;
  crossoverProb: number;
  mutationProb: number;
  etaCrossover: number;
  etaMutation: number;
  maxAttempts: number;
  termination: Termination;
}

export interface Nsga2State {
  kind?: typeof NSGA2_STATE_KIND;
  version?: number;
  settings: Nsga2Settings;
  generation: number;
  startedAtMs: number;
  nextTrialId: number;
  exhausted: boolean;
  population: Individual[];
  batch: Trial[];
  history: Trial[];
}

type Persisted = Omit<Nsga2State, 'population'> & { population: (Omit<Individual, 'crowding'> & { crowding: number | 'Infinity' })[] };

export function encodeState(s: Nsga2State): Nsga2State {
  const copy = structuredClone(s) as unknown as Persisted;
  copy.population = s.population.map((p) => ({ ...structuredClone(p), crowding: p.crowding === Infinity ? 'Infinity' : p.crowding }));
  // The kind and version lead the object so that a file says what it is on its first line.
  return { kind: NSGA2_STATE_KIND, version: NSGA2_STATE_VERSION, ...(copy as unknown as Nsga2State) };
}

export function decodeState(json: unknown): Nsga2State {
  const o = json as Partial<Persisted> | null;
  if (typeof o !== 'object' || o === null) throw invalid('NSGA-II state', json, 'an object from toJSON()');
  if (o.kind !== NSGA2_STATE_KIND) throw invalid('NSGA-II state.kind', o.kind, JSON.stringify(NSGA2_STATE_KIND));
  if (o.version !== NSGA2_STATE_VERSION) throw invalid('NSGA-II state.version', o.version, String(NSGA2_STATE_VERSION));
  for (const key of ['settings', 'population', 'batch', 'history'] as const) {
    if (typeof o[key] !== 'object' || o[key] === null) throw invalid(`NSGA-II state.${key}`, o[key], 'present');
  }
  const c = structuredClone(o) as Persisted;
  c.settings.space = parseSearchSpace(c.settings.space, 'in NSGA-II state');
  return { ...c, population: c.population.map((p) => ({ ...p, crowding: p.crowding === 'Infinity' ? Infinity : p.crowding })) };
}
