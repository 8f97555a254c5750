import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineKey, readChoice } from '../../lib/backend/choice-cache.js';
import { doctor } from './doctor-run.js';

// Slow: times the speed probe on every CPU backend, the pure-JS cpu one included.
describe('naschain doctor with measurement', () => {
  it('measures each CPU backend that loads, says what auto picks, and refreshes auto\'s cache', () => {
    const cache = mkdtempSync(join(tmpdir(), 'naschain-doctor-'));
    try {
      const r = doctor([], { XDG_CACHE_HOME: cache });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^wasm +yes +on cpu, threads \d+, simd yes$/m);
      assert.match(r.stdout, /^ +train \d+\.\d img\/s \(batch 16, /m);
      assert.match(r.stdout, /^tensorflow +(yes|no) /m);
      const cached = readChoice(join(cache, 'naschain', 'backend-choice.json'), machineKey());
      assert.equal(cached?.choice, 'wasm');
      assert.ok((cached?.imagesPerSec.wasm ?? 0) > (cached?.imagesPerSec.cpu ?? Infinity));
      assert.match(r.stdout, /^auto: wasm: fastest CPU backend \(wasm \d+ img\/s > cpu \d+ img\/s\) \(cached in .*backend-choice\.json\)$/m);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
