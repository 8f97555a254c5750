// One genome of a search space written as an untrained model folder
// (model.json + weights): what bench/torch_replica.py rebuilds in PyTorch to
// train the same network with the same recipe there (README, issue 16).
// Usage: npm run build && node dist/bench/genome-model.js (--genome '<json>' | --run DIR --hash PREFIX)
//   --out DIR [--space macro] [--dataset fashion-mnist]
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { initBackend } from '../lib/backend/select.js';
import { rngFor } from '../lib/core/rng.js';
import { getDescriptor } from '../lib/data/registry.js';
import { measureModel } from '../lib/eval/metrics.js';
import { buildGenomeModel, disposeGenomeModel } from '../lib/model/genome-model.js';
import { saveModelDir } from '../lib/model/model-dir.js';
import { loadSearchSpace } from '../lib/search/space-file.js';
import { genomeFromArgs } from './genome-arg.js';

function fail(message: string): never {
  console.error(`genome-model: ${message}`);
  process.exit(2);
}

let a;
try {
  ({ values: a } = parseArgs({ options: {
    genome: { type: 'string' }, run: { type: 'string' }, hash: { type: 'string' }, out: { type: 'string' },
    space: { type: 'string', default: 'macro' }, dataset: { type: 'string', default: 'fashion-mnist' },
  } }));
} catch (e) {
  fail((e as Error).message);
}
if (a.out === undefined) fail('expected --out DIR (the model folder to write)');
if (existsSync(a.out)) fail(`--out: ${a.out} exists; expected a new folder`);
let d, space;
try {
  d = getDescriptor(a.dataset);
  space = loadSearchSpace(a.space);
} catch (e) {
  fail((e as Error).message);
}
const genome = genomeFromArgs(a, space, fail);
await initBackend('cpu');
const model = buildGenomeModel(space, genome, d, rngFor(0, 'genome-model')); // a descriptor is a NetworkIo
try {
  const m = measureModel(model, [d.height, d.width, d.channels]);
  await saveModelDir(model, a.out);
  console.log(`${a.out}: ${m.params} params, ${m.macs} MACs`);
} finally {
  disposeGenomeModel(model);
}
