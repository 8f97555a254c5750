// Genome -> plain tf.LayersModel. The network builder is chosen by the search
// space (by name, else by its genes); every layer is a built-in tfjs-layers
// class, so tf.loadLayersModel loads the saved model anywhere without custom
// code. Initialisers are seeded from the Rng, so the same genome and seed give
// the same weights (the validator re-initialises before training anyway).
import * as tfl from '@tensorflow/tfjs-layers';
import { NaschainError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { checkGenome, type Genome } from '../search/genome.js';
import type { SearchSpace } from '../search/space.js';
import { BuildContext, type Sym } from './builders/context.js';
import { buildCellNetwork } from './builders/cell-network.js';
import type { NetworkIo } from './builders/io.js';
import { buildMacroNetwork } from './builders/macro-network.js';

export type { NetworkIo } from './builders/io.js';

type NetworkBuilder = (ctx: BuildContext, input: Sym, genome: Genome, io: NetworkIo) => Sym;

/** Space family -> network builder, with the gene that identifies a space of that family. */
const NETWORKS: { family: string; marker: string; build: NetworkBuilder }[] = [
  { family: 'macro', marker: 'stem_width', build: buildMacroNetwork },
  { family: 'cell', marker: 'init_channels', build: buildCellNetwork },
];

/** The network family of a space: its name when it is a known family, else the family whose marker gene it has. */
export function networkFamily(space: SearchSpace): string {
  const byName = NETWORKS.find((n) => n.family === space.name);
  const byGene = NETWORKS.find((n) => space.genes.some((g) => g.name === n.marker));
  const found = byName ?? byGene;
  if (!found) throw new NaschainError('UNSUPPORTED', `search space ${space.name}: no network builder for it, expected a space named ${NETWORKS.map((n) => n.family).join(' or ')} or with a gene ${NETWORKS.map((n) => n.marker).join(' or ')}`);
  return found.family;
}

/** Builds the untrained model of `genome` (checked against `space`); the caller disposes it. */
export function buildGenomeModel(space: SearchSpace, genome: Genome, io: NetworkIo, rng: Rng): tfl.LayersModel {
  const g = checkGenome(space, genome);
  const family = networkFamily(space);
  const net = NETWORKS.find((n) => n.family === family) as (typeof NETWORKS)[number];
  const ctx = new BuildContext(rng.int(0x7fffffff));
  const input = tfl.input({ shape: [io.height, io.width, io.channels], name: ctx.name('image') });
  const logits = net.build(ctx, input, g, io);
  return tfl.model({ inputs: input, outputs: logits, name: `${family}_net` });
}

/**
 * Disposes a built model and every weight of its layers. LayersModel.dispose()
 * alone leaves the weights of a layer applied more than once (the shared
 * depthwise conv of dil_conv) because such a layer's reference count is above
 * one; so each layer is released until its count reaches zero.
 */
export function disposeGenomeModel(model: tfl.LayersModel): void {
  const layers = model.layers;
  model.dispose();
  for (const layer of layers) {
    for (let i = 0; i < 16; i++) {
      try {
        if (layer.dispose().refCountAfterDispose <= 0) break;
      } catch {
        break; // already fully disposed
      }
    }
  }
}
