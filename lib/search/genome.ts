// A genome is a plain object gene name -> value. Its identity for
// de-duplication is the sha256 of its canonical JSON (keys sorted), so key
// order never matters.
import { createHash } from 'node:crypto';
import { invalid } from '../core/errors.js';
import { intTop, type ChoiceValue, type SearchSpace } from './space.js';

export type GeneValue = ChoiceValue;
export type Genome = Record<string, GeneValue>;

export function canonicalGenomeJson(genome: Genome): string {
  // Values are primitives, so a key list as the replacer gives every key, sorted, in one native call.
  return JSON.stringify(genome, Object.keys(genome).sort());
}

export function genomeHash(genome: Genome): string {
  return createHash('sha256').update(canonicalGenomeJson(genome)).digest('hex');
}

/** Throws unless genome has exactly the space's genes, each with an allowed value. */
export function checkGenome(space: SearchSpace, genome: unknown, source = 'genome'): Genome {
  if (typeof genome !== 'object' || genome === null || Array.isArray(genome)) throw invalid(source, genome, 'an object of gene values');
  const g = genome as Record<string, unknown>;
  const names = new Set(space.genes.map((x) => x.name));
  for (const k of Object.keys(g)) if (!names.has(k)) throw invalid(`${source}.${k}`, g[k], `no such gene in search space ${space.name}`);
  for (const gene of space.genes) {
    const v = g[gene.name];
    const at = `${source}.${gene.name}`;
    if (gene.kind === 'choice') {
      if (!gene.options.some((o) => o === v)) throw invalid(at, v, `one of ${JSON.stringify(gene.options)}`);
    } else if (gene.kind === 'int') {
      const ok = typeof v === 'number' && Number.isInteger(v) && v >= gene.min && v <= intTop(gene) && (v - gene.min) % gene.step === 0;
      if (!ok) throw invalid(at, v, `an integer from ${gene.min} to ${gene.max} in steps of ${gene.step}`);
    } else if (!(typeof v === 'number' && v >= gene.min && v <= gene.max)) {
      throw invalid(at, v, `a number from ${gene.min} to ${gene.max}`);
    }
  }
  return g as Genome;
}
