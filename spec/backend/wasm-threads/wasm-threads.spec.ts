// The threaded wasm build under Node: it starts with the asked thread count,
// the process still exits on its own, a bad NASCHAIN_WASM_THREADS is a clear
// error, and the thread count changes no bit of training (same seed: same
// losses and the same weights with 1, 2 and 3 threads; XNNPACK splits work by
// output tiles, never inside a sum).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MAX_WASM_THREADS } from '../../../lib/backend/wasm-threads/threaded-init.js';
import { WASM_THREADS_ENV, wasmThreadsDefault, wasmThreadsWanted } from '../../../lib/backend/wasm-threads/thread-count.js';

const CHILD = fileURLToPath(new URL('./train-weights.js', import.meta.url));

interface Trained { threads: number; losses: number[]; weights: string }

/** Runs the child to completion (it must exit by itself: idle pthread workers may not hold the process). */
function trainIn(threads: string): Promise<{ code: number | null; out: Trained | undefined; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], { env: { ...process.env, [WASM_THREADS_ENV]: threads }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`threads ${threads}: the child did not exit within 60 s; stdout ${stdout}`)); }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      resolve({ code, out: line.startsWith('{') ? JSON.parse(line) as Trained : undefined, stderr });
    });
  });
}

test('training gives the same losses and weights, bit for bit, on 1, 2 and 3 wasm threads; each child exits by itself', async () => {
  const runs = [];
  for (const t of ['1', '2', '3']) runs.push(await trainIn(t));
  for (const [i, r] of runs.entries()) {
    assert.equal(r.code, 0, `threads ${i + 1}: exit code ${r.code}, stderr ${r.stderr}`);
    assert.equal(r.out?.threads, i + 1, `threads reported: ${JSON.stringify(r.out)}`);
  }
  const [one, two, three] = runs.map((r) => r.out as Trained);
  assert.ok(one!.losses[2]! < one!.losses[0]!, `the loss falls: ${one!.losses}`);
  assert.deepEqual(two!.losses, one!.losses);
  assert.equal(two!.weights, one!.weights);
  assert.deepEqual(three!.losses, one!.losses);
  assert.equal(three!.weights, one!.weights);
});

test('a bad NASCHAIN_WASM_THREADS stops the backend with a message naming it', async () => {
  const r = await trainIn('0');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /NASCHAIN_WASM_THREADS: got "0", expected an integer from 1 to 8/);
});

test('NASCHAIN_WASM_THREADS: unset means every core up to 8; 1..8 taken as given; anything else refused', () => {
  assert.equal(wasmThreadsWanted({}), wasmThreadsDefault());
  assert.ok(wasmThreadsDefault() >= 1 && wasmThreadsDefault() <= MAX_WASM_THREADS);
  assert.equal(wasmThreadsWanted({ [WASM_THREADS_ENV]: '1' }), 1);
  assert.equal(wasmThreadsWanted({ [WASM_THREADS_ENV]: ' 8 ' }), 8);
  for (const bad of ['0', '9', '2.5', 'two', '-1']) {
    assert.throws(() => wasmThreadsWanted({ [WASM_THREADS_ENV]: bad }), /NASCHAIN_WASM_THREADS: got .*, expected an integer from 1 to 8/, bad);
  }
});
