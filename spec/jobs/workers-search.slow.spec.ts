// `naschain search --workers 1` (in this process) and `--workers 3` (a pool of
// three worker processes) on the embedded data, same seed: the identical
// candidates file (timings aside), front.json and model files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY_SEARCH, cli, runContent } from './helpers/search-cli.js';

test('search with 1 and with 3 workers: the same candidates, front and model files', async () => {
  const root = mkdtempSync(join(tmpdir(), 'naschain-workers-'));
  const [one, three] = await Promise.all([
    cli([...TINY_SEARCH, '--workers', '1', '--out', join(root, 'one')]),
    cli([...TINY_SEARCH, '--workers', '3', '--out', join(root, 'three')]),
  ]);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(three.code, 0, three.stderr);
  assert.match(one.stderr, /evaluations: in this process/);
  assert.match(three.stderr, /evaluations: 3 workers/);
  const a = runContent(join(root, 'one')), b = runContent(join(root, 'three'));
  assert.ok(a.records.some((r) => r.phase === 'final' && r.status === 'complete'), 'a final model was trained');
  assert.ok(a.records.filter((r) => r.phase === 'search' && r.status === 'complete').length >= 2, 'several candidates were trained');
  assert.deepEqual(b, a);
  rmSync(root, { recursive: true, force: true });
});
