// `naschain search` (the real CLI) killed with SIGKILL in the middle of an
// evaluation (lib/core/crash-point.ts: a candidate trained, its record not
// yet written) among the rung-0 candidates, continued with `--resume` and
// killed again in the final training, then resumed to the end: the records,
// the front and the saved model's weights equal an uninterrupted run's, and no
// candidate is in the records twice. Tiny budgets (spec/searcher/tiny-search.ts):
// a run takes a few seconds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRASH_POINTS } from '../../lib/core/crash-point.js';
import { RUN_FILES, readRecords } from '../../lib/searcher/run-files.js';
import { assertKilled, oneJsonDocument, runCliSync } from '../helpers/crash-cli.js';
import { comparableRecords, tinyRunFolder } from './tiny-search.js';

const root = mkdtempSync(join(tmpdir(), 'naschain-search-crash-'));
after(() => rmSync(root, { recursive: true, force: true }));
const SEED = 5;
const resume = (dir: string, crashAt?: `${typeof CRASH_POINTS.searchEvaluation}:${number}`) => runCliSync(['search', '--resume', dir, '--backend', 'wasm', '--json'], crashAt);
let whole: string;
/** Epochs trained in the whole run: the crash point is passed once per epoch. */
let epochsTrained = 0;

before(() => {
  whole = tinyRunFolder(join(root, 'whole'), SEED);
  oneJsonDocument(resume(whole), 0, 'uninterrupted search');
  const records = readRecords(whole);
  epochsTrained = records.filter((r) => r.status === 'complete').reduce((n, r) => n + r.epochs, 0);
  assert.ok(records.some((r) => r.phase === 'promote') && records.some((r) => r.phase === 'final'), 'the run went through every phase');
});

/** Every file of the saved front models, hashed: the final weights must be the same bytes. */
function frontFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const models = join(dir, RUN_FILES.models);
  for (const m of readdirSync(models)) {
    for (const f of readdirSync(join(models, m))) out[`${m}/${f}`] = createHash('sha256').update(readFileSync(join(models, m, f))).digest('hex');
  }
  return out;
}

function assertSameAsWhole(dir: string): void {
  const records = readRecords(dir);
  const keys = records.map((r) => `${r.phase}/${r.rung}/${r.hash}`);
  assert.equal(new Set(keys).size, keys.length, 'no candidate evaluated twice at the same rung');
  assert.deepEqual(comparableRecords(dir), comparableRecords(whole), 'the same records in the same order');
  assert.deepEqual(JSON.parse(readFileSync(join(dir, RUN_FILES.front), 'utf8')).models.map(({ dir: _d, ...m }: { dir: string }) => m),
    JSON.parse(readFileSync(join(whole, RUN_FILES.front), 'utf8')).models.map(({ dir: _d, ...m }: { dir: string }) => m), 'the same front');
  assert.deepEqual(frontFiles(dir), frontFiles(whole), 'the same saved models, byte for byte');
}

test('killed mid-evaluation among the rung-0 candidates, resumed and killed again in the final training, resumed: the run of an uninterrupted search', () => {
  const dir = tinyRunFolder(join(root, 'killed'), SEED);
  assertKilled(resume(dir, `${CRASH_POINTS.searchEvaluation}:3`), 'third evaluation');
  assert.equal(readRecords(dir).length, 2, 'two records written before the kill');
  // The resumed process counts from 1 again; the two recorded evaluations are not trained again.
  const recordedEpochs = readRecords(dir).reduce((n, r) => n + (r.status === 'complete' ? r.epochs : 0), 0);
  assertKilled(resume(dir, `${CRASH_POINTS.searchEvaluation}:${epochsTrained - recordedEpochs}`), 'final training');
  const before = readRecords(dir);
  assert.equal(before.length, readRecords(whole).length - 1, 'everything but the final model recorded');
  assert.ok(!before.some((r) => r.phase === 'final'));
  const out = oneJsonDocument<{ evaluations: number }>(resume(dir), 0, 'resumed search');
  assert.equal(out.evaluations, readRecords(whole).length);
  assertSameAsWhole(dir);
});
