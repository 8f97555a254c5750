// `naschain search` (the real CLI) killed with SIGKILL in the middle of an
// evaluation (lib/core/crash-point.ts: a candidate trained, its record not
// yet written) among the rung-0 candidates, continued with `--resume` and
// killed again at the second promotion (the first must be reused, not
// trained again) and in the final training, then resumed to the end: the
// records, the front and the saved model's weights equal an uninterrupted
// run's, and no candidate is in the records twice. Tiny budgets
// (spec/searcher/tiny-search.ts): a run takes a few seconds.
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
const resume = (dir: string, crashAt?: `${typeof CRASH_POINTS.searchEvaluation}:${number}`) => runCliSync(['search', '--resume', dir, '--backend', 'wasm', '--workers', '1', '--json'], crashAt);
let whole: string;

before(() => {
  whole = tinyRunFolder(join(root, 'whole'), SEED);
  oneJsonDocument(resume(whole), 0, 'uninterrupted search');
  const records = readRecords(whole);
  assert.equal(records.filter((r) => r.phase === 'promote').length, 2, 'two promotions');
  assert.ok(records.some((r) => r.phase === 'final'), 'the run went through every phase');
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

/** Kills `dir`'s run as it finishes training the record at `index` of the whole run (the crash point counts each epoch, from 1 in each process). */
function killAtRecord(dir: string, index: number, where: string): void {
  const done = readRecords(dir).length;
  const hits = readRecords(whole).slice(done, index + 1).reduce((n, r) => n + (r.status === 'complete' ? r.epochs : 0), 0);
  assertKilled(resume(dir, `${CRASH_POINTS.searchEvaluation}:${hits}`), where);
  assert.equal(readRecords(dir).length, index, `${where}: the records before it were written, not it`);
}

test('killed mid-evaluation at rung 0, then at the second promotion, then in the final training, resumed each time: the run of an uninterrupted search', () => {
  const dir = tinyRunFolder(join(root, 'killed'), SEED);
  const recs = readRecords(whole);
  killAtRecord(dir, 2, 'third rung-0 evaluation');
  killAtRecord(dir, recs.findIndex((r) => r.phase === 'promote') + 1, 'second promotion');
  killAtRecord(dir, recs.findIndex((r) => r.phase === 'final'), 'final training');
  const out = oneJsonDocument<{ evaluations: number }>(resume(dir), 0, 'resumed search');
  assert.equal(out.evaluations, recs.length);
  assertSameAsWhole(dir);
});
