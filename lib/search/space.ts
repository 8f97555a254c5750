// A search space as data: a list of named genes, each a choice, an int on a
// grid, or a float (optionally log-scaled). Spaces live as JSON files in
// search-spaces/ (kind "naschain/search-space", version 1); parseSearchSpace
// checks one and names the JSON path of anything wrong.
import { NaschainError, invalid } from '../core/errors.js';

export const SEARCH_SPACE_KIND = 'naschain/search-space';
export const SEARCH_SPACE_VERSION = 1;

export type ChoiceValue = string | number | boolean;

interface GeneBase {
  /** Key of the gene in a genome: letters, digits and underscores. */
  name: string;
  description?: string;
}
export interface ChoiceGene extends GeneBase { kind: 'choice'; options: ChoiceValue[] }
/** Values min, min+step, ... up to max. */
export interface IntGene extends GeneBase { kind: 'int'; min: number; max: number; step: number }
export interface FloatGene extends GeneBase { kind: 'float'; min: number; max: number; log: boolean }
export type Gene = ChoiceGene | IntGene | FloatGene;
export type GeneKind = Gene['kind'];

export interface SearchSpace {
  kind: typeof SEARCH_SPACE_KIND;
  version: number;
  name: string;
  description: string;
  genes: Gene[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const GENE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ALLOWED_KEYS: Record<GeneKind, string[]> = {
  choice: ['name', 'kind', 'description', 'options'],
  int: ['name', 'kind', 'description', 'min', 'max', 'step'],
  float: ['name', 'kind', 'description', 'min', 'max', 'log'],
};

/** Checks raw JSON and returns the space with defaults filled (step 1, log false). source names the file in errors. */
export function parseSearchSpace(raw: unknown, source = 'search space'): SearchSpace {
  const fail = (path: string, value: unknown, expected: string): NaschainError => invalid(`search space ${source}: ${path}`, value, expected);
  if (!isObject(raw)) throw fail('$', raw, 'a JSON object');
  if (raw.kind !== SEARCH_SPACE_KIND) throw fail('$.kind', raw.kind, JSON.stringify(SEARCH_SPACE_KIND));
  if (raw.version !== SEARCH_SPACE_VERSION) throw fail('$.version', raw.version, String(SEARCH_SPACE_VERSION));
  if (typeof raw.name !== 'string' || raw.name === '') throw fail('$.name', raw.name, 'a non-empty string');
  const description = raw.description ?? '';
  if (typeof description !== 'string') throw fail('$.description', description, 'a string');
  if (!Array.isArray(raw.genes) || raw.genes.length === 0) throw fail('$.genes', raw.genes, 'a non-empty array of genes');
  const seen = new Set<string>();
  const genes = raw.genes.map((g: unknown, i: number): Gene => {
    const at = `$.genes[${i}]`;
    if (!isObject(g)) throw fail(at, g, 'a gene object');
    if (typeof g.name !== 'string' || !GENE_NAME.test(g.name)) throw fail(`${at}.name`, g.name, 'a name of letters, digits and _');
    if (seen.has(g.name)) throw fail(`${at}.name`, g.name, 'a name not used by an earlier gene');
    seen.add(g.name);
    if (g.kind !== 'choice' && g.kind !== 'int' && g.kind !== 'float') throw fail(`${at}.kind`, g.kind, '"choice", "int" or "float"');
    for (const k of Object.keys(g)) if (!ALLOWED_KEYS[g.kind].includes(k)) throw fail(`${at}.${k}`, g[k], `no such key on a ${g.kind} gene (allowed: ${ALLOWED_KEYS[g.kind].join(', ')})`);
    if (g.description !== undefined && typeof g.description !== 'string') throw fail(`${at}.description`, g.description, 'a string');
    const base = { name: g.name, ...(g.description !== undefined ? { description: g.description as string } : {}) };
    if (g.kind === 'choice') {
      if (!Array.isArray(g.options) || g.options.length === 0) throw fail(`${at}.options`, g.options, 'a non-empty array');
      const distinct = new Set<string>();
      g.options.forEach((o: unknown, j: number) => {
        const ok = typeof o === 'string' || typeof o === 'boolean' || (typeof o === 'number' && Number.isFinite(o));
        if (!ok) throw fail(`${at}.options[${j}]`, o, 'a string, a finite number or a boolean');
        const key = JSON.stringify(o);
        if (distinct.has(key)) throw fail(`${at}.options[${j}]`, o, 'an option not listed before');
        distinct.add(key);
      });
      return { ...base, kind: 'choice', options: [...(g.options as ChoiceValue[])] };
    }
    const num = (key: 'min' | 'max' | 'step', integer: boolean): number => {
      const v = g[key];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw fail(`${at}.${key}`, v, 'a number');
      if (integer && !Number.isInteger(v)) throw fail(`${at}.${key}`, v, 'an integer');
      return v;
    };
    const min = num('min', g.kind === 'int'), max = num('max', g.kind === 'int');
    if (g.kind === 'int') {
      if (max < min) throw fail(`${at}.max`, max, `an integer >= min (${min})`);
      const step = g.step === undefined ? 1 : num('step', true);
      if (step <= 0) throw fail(`${at}.step`, step, 'an integer >= 1');
      return { ...base, kind: 'int', min, max, step };
    }
    if (!(max > min)) throw fail(`${at}.max`, max, `a number > min (${min})`);
    const log = g.log ?? false;
    if (typeof log !== 'boolean') throw fail(`${at}.log`, log, 'true or false');
    if (log && min <= 0) throw fail(`${at}.min`, min, 'a number > 0 on a log-scaled gene');
    return { ...base, kind: 'float', min, max, log };
  });
  return { kind: SEARCH_SPACE_KIND, version: SEARCH_SPACE_VERSION, name: raw.name, description, genes };
}

/** The largest int value on the grid (min + k*step <= max). */
export function intTop(g: IntGene): number {
  return g.min + Math.floor((g.max - g.min) / g.step) * g.step;
}

/** Number of distinct genomes, Infinity when a float gene is present. */
export function spaceSize(space: SearchSpace): number {
  let n = 1;
  for (const g of space.genes) {
    if (g.kind === 'float') return Infinity;
    n *= g.kind === 'choice' ? g.options.length : (intTop(g) - g.min) / g.step + 1;
  }
  return n;
}
