// The identity of a built network, apart from its initial weights: genomes
// that differ only in genes the network does not use (a stage's `expansion`
// when its block is not mbconv) build the same network, and a search that
// promotes both spends two slots on one model (a 60-minute Fashion-MNIST run
// promoted 4 such pairs among 12 at rung 1 and 1 pair among 3 at rung 2).
// The key is the sha256 of the model's topology (model.toJSON) with every
// layer name replaced by the layer's position and every initialiser seed
// dropped. Names and seeds derive from the genome, not from the network.
import { createHash } from 'node:crypto';
import type * as tfl from '@tensorflow/tfjs-layers';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function normalised(v: Json, names: ReadonlyMap<string, string>): Json {
  if (typeof v === 'string') return names.get(v) ?? v;
  if (Array.isArray(v)) return v.map((x) => normalised(x, names));
  if (v === null || typeof v !== 'object') return v;
  const out: { [key: string]: Json } = {};
  for (const k of Object.keys(v).sort()) {
    if (k === 'seed') continue;
    out[k] = normalised(v[k] as Json, names);
  }
  return out;
}

export function architectureKey(model: tfl.LayersModel): string {
  const names = new Map<string, string>([[model.name, '#model']]);
  model.layers.forEach((l, i) => names.set(l.name, `#${i}`));
  const topology = model.toJSON(null, false) as unknown as Json;
  return createHash('sha256').update(JSON.stringify(normalised(topology, names))).digest('hex');
}
