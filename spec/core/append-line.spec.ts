// A JSON-lines log after a kill tore its last line: the next append closes the
// torn line first, so the new line reads back (the retrain journal and the
// service's rounds.jsonl both append this way).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendLineDurably } from '../../lib/core/append-line.js';
import { appendRoundLine, readRoundLines, ROUNDS_FILE } from '../../lib/validator/service/round-files.js';

test('a line appended after a torn one reads back; the torn one alone is lost', () => {
  const dir = mkdtempSync(join(tmpdir(), 'naschain-append-'));
  try {
    const log = join(dir, 'log.jsonl');
    appendLineDurably(log, '{"n":1}');
    writeFileSync(log, `${readFileSync(log, 'utf8')}{"n":2,"ha`);
    appendLineDurably(log, '{"n":3}');
    assert.equal(readFileSync(log, 'utf8'), '{"n":1}\n{"n":2,"ha\n{"n":3}\n');

    writeFileSync(join(dir, ROUNDS_FILE), '{"round":1}\n{"round":2,"ev');
    appendRoundLine(dir, { round: 3 });
    assert.deepEqual(readRoundLines(dir), [{ round: 1 }, { round: 3 }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
