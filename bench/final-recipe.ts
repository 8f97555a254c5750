// One genome through the search's final training (TfjsEvaluator.finalize: the
// validation recipe on the whole training set, weights re-initialised from
// the config's seed as the validator does), at the epochs and learning rate
// given: what a front model would reach with another recipe setting. Prints
// params, MACs, test accuracy, seconds and the loss of each epoch. Issue 16
// used it to ask whether more final epochs, another learning rate or the
// peer's MACs would close the gap to its target (README).
// Usage: npm run build && node dist/bench/final-recipe.js (--genome '<json>' | --run DIR --hash PREFIX)
//   [--epochs 10] [--lr 0.1] [--dataset fashion-mnist] [--data-dir DIR] [--space macro] [--json]
//   [--set shuffle=true] [--set weightDecay=5e-4] [--set horizontalFlip=true] ... (any of SETTABLE below)
// Two at once on a 2-core machine: NASCHAIN_WASM_THREADS=1 for each, as the search's workers run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../lib/backend/select.js';
import { valiPreset } from '../lib/core/vali-config.js';
import { loadDataset } from '../lib/data/load-dataset.js';
import { loadSearchSpace } from '../lib/search/space-file.js';
import { TfjsEvaluator } from '../lib/searcher/tfjs-evaluator.js';
import { genomeFromArgs } from './genome-arg.js';

const { values: a } = parseArgs({ options: {
  genome: { type: 'string' }, run: { type: 'string' }, hash: { type: 'string' },
  epochs: { type: 'string', default: '10' }, lr: { type: 'string' }, dataset: { type: 'string', default: 'fashion-mnist' },
  'data-dir': { type: 'string' }, space: { type: 'string', default: 'macro' }, json: { type: 'boolean', default: false },
  set: { type: 'string', multiple: true, default: [] },
} });

function fail(message: string): never {
  console.error(`final-recipe: ${message}`);
  process.exit(2);
}

const epochs = Number(a.epochs);
if (!Number.isInteger(epochs) || epochs < 1) fail(`--epochs: got ${a.epochs}, expected an integer >= 1`);
const space = loadSearchSpace(a.space);
const genome = genomeFromArgs(a, space, fail);
const config = valiPreset(a.dataset);
if (a.lr !== undefined) {
  const lr = Number(a.lr);
  if (!(lr > 0)) fail(`--lr: got ${a.lr}, expected a positive number`);
  config.learningRate = lr;
}
// Recipe fields a --set may change: the config's numbers and switches, and the augmentation's.
const SETTABLE = {
  shuffle: 'boolean', weightDecay: 'number', momentum: 'number', batchSize: 'integer', clipNorm: 'number',
  cropPadding: 'integer', horizontalFlip: 'boolean', cutoutSize: 'integer',
} as const;
const changed: Record<string, number | boolean> = {};
for (const item of a.set ?? []) {
  const [key = '', text = ''] = item.split('=', 2);
  const kind = (SETTABLE as Record<string, string>)[key];
  if (kind === undefined) fail(`--set: got ${JSON.stringify(item)}, expected KEY=VALUE with KEY one of ${Object.keys(SETTABLE).join(', ')}`);
  let value: number | boolean;
  if (kind === 'boolean') {
    if (text !== 'true' && text !== 'false') fail(`--set ${key}: got ${JSON.stringify(text)}, expected true or false`);
    value = text === 'true';
  } else {
    value = Number(text);
    if (text === '' || !Number.isFinite(value) || value < 0 || (kind === 'integer' && !Number.isInteger(value))) {
      fail(`--set ${key}: got ${JSON.stringify(text)}, expected a ${kind === 'integer' ? 'whole number' : 'number'} >= 0`);
    }
  }
  changed[key] = value;
  if (key in config.augmentation) (config.augmentation as unknown as Record<string, unknown>)[key] = value;
  else (config as unknown as Record<string, unknown>)[key] = value;
}
const backend = await initBackend('wasm');
const dataset = await loadDataset(config.dataset, { dataDir: a['data-dir'] });
const evaluator = new TfjsEvaluator({ space, dataset, config, holdout: 0, seed: 0 });
const m = evaluator.measure(genome);
const dir = mkdtempSync(join(tmpdir(), 'naschain-final-recipe-'));
try {
  const r = await evaluator.finalize(genome, epochs, join(dir, 'model'));
  const losses = r.losses ?? [];
  const row = { params: m.params, macs: m.macs, epochs, learningRate: config.learningRate, changed, accuracy: r.accuracy, seconds: r.seconds, losses, threads: backend.threads };
  if (a.json) console.log(JSON.stringify(row));
  else {
    console.log(`${m.params} params, ${m.macs} MACs; ${epochs} epochs at lr ${config.learningRate}` +
      `${Object.keys(changed).length > 0 ? `, ${Object.entries(changed).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''} (wasm, ${backend.threads} thread(s)): ` +
      `test accuracy ${r.accuracy.toFixed(2)}% in ${r.seconds.toFixed(0)} s`);
    console.log(`losses: ${losses.map((l) => l.toFixed(4)).join(' ')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
// The run is over; wasm's thread pool must not keep the process alive.
process.exit(0);
