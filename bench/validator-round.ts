// Times a validator round of N submissions WITHOUT retraining: listing,
// integrity checks, checked loading, test accuracy, params and MACs, then
// front, rewards and weights. The N folders are copies of the committed
// fixtures (the four loadable models cycled; with --malformed every fixture
// with a readable record) with distinct uids, in a temp folder with a fresh state.
// Usage: npm run build && node dist/bench/validator-round.js [--n 100] [--backend wasm] [--malformed]
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { initBackend } from '../lib/backend/select.js';
import type { BackendRequest } from '../lib/backend/types.js';
import { loadValiConfig } from '../lib/core/vali-config.js';
import { loadDataset } from '../lib/data/load-dataset.js';
import { StateStore } from '../lib/validator/state-store.js';
import { LocalFolderSource, RetrainJournal, runRound } from '../lib/validator/round/index.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const root = resolve(process.argv[1] ?? '.', '../../..');
const fixtures = join(root, 'spec/fixtures/submissions');
const n = Number(arg('n', '100'));
const backend = await initBackend(arg('backend', 'auto') as BackendRequest);
const config = loadValiConfig(join(root, 'spec/fixtures/submissions-config.json'));
const dataset = await loadDataset(config.dataset);
const work = mkdtempSync(join(tmpdir(), 'naschain-bench-round-'));
try {
  // Every fixture with a readable submission.json is a template; its uid is rewritten.
  const templates = readdirSync(fixtures, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
    .filter((f) => f !== 'bad-submission-json' && (process.argv.includes('--malformed') || !f.startsWith('bad-'))).sort();
  const subs = join(work, 'subs');
  for (let i = 0; i < n; i++) {
    const from = join(fixtures, templates[i % templates.length] as string);
    const to = join(subs, `s${String(i).padStart(4, '0')}`);
    cpSync(from, to, { recursive: true });
    const record = JSON.parse(readFileSync(join(to, 'submission.json'), 'utf8')) as { uid: number };
    record.uid = i;
    writeFileSync(join(to, 'submission.json'), JSON.stringify(record));
  }
  const store = StateStore.open(join(work, 'state'));
  const t0 = performance.now();
  const result = await runRound(new LocalFolderSource(subs), {
    dataset, config, store, journal: new RetrainJournal(join(work, 'state')), backend: backend.name, retrain: false,
    limits: { minAllowedWeights: 1, maxWeightLimit: 1 },
  });
  const ms = performance.now() - t0;
  store.close();
  const scored = result.rows.filter((r) => r.pareto !== 'rejected').length;
  console.log(`backend ${backend.name}; ${n} submissions (${scored} scored, ${n - scored} rejected), ${dataset.test.count} test images each, no retrain`);
  console.log(`total ${ms.toFixed(0)} ms; ${(ms / n).toFixed(1)} ms per submission (evaluation phase ${result.timings.evaluateMs.toFixed(0)} ms)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
