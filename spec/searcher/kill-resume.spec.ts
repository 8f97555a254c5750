import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUN_FILES, readRecords } from '../../lib/searcher/run-files.js';
import { withoutTimes } from '../../lib/searcher/record.js';

const child = join(dirname(fileURLToPath(import.meta.url)), 'child-search.js');
const lines = (dir: string) => (existsSync(join(dir, RUN_FILES.candidates)) ? readFileSync(join(dir, RUN_FILES.candidates), 'utf8').split('\n').length - 1 : 0);
const comparable = (dir: string) => readRecords(dir).map((r) => { const { seq: _q, ...rest } = withoutTimes(r); return rest; });

describe('search run in a child process', () => {
  it('SIGKILLed after N evaluations and resumed, it ends with the records and front of an uninterrupted run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'naschain-kill-'));
    const whole = join(root, 'whole'), killed = join(root, 'killed');
    assert.equal(spawnSync(process.execPath, [child, whole, 'start']).status, 0);
    const p = spawn(process.execPath, [child, killed, 'start'], { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (lines(killed) >= 9) { clearInterval(timer); p.kill('SIGKILL'); resolve(); }
      }, 5);
      p.on('exit', () => { clearInterval(timer); reject(new Error('the child finished before it was killed')); });
    });
    await new Promise((r) => p.once('exit', r));
    assert.ok(lines(killed) < lines(whole), 'killed mid-run');
    const r = spawnSync(process.execPath, [child, killed, 'resume'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(comparable(killed), comparable(whole));
    const front = (d: string) => JSON.parse(readFileSync(join(d, RUN_FILES.front), 'utf8')).models.map((m: { hash: string; accuracy: number }) => [m.hash, m.accuracy]);
    assert.deepEqual(front(killed), front(whole));
    rmSync(root, { recursive: true, force: true });
  });
});
