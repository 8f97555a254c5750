// Finds a Python that imports torch and runs bench/torch_reference_cnn.py with
// it, so the bench can quote tfjs speeds as a ratio of PyTorch's on the same
// machine in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TorchResult {
  python: string;
  torch: string;
  threads: number;
  /** 'cpu', or the CUDA card's name. */
  device: string;
  trainImagesPerSec: number;
  inferImagesPerSec: number;
  runs: number;
}

/** How to get PyTorch when no interpreter has it. */
export const TORCH_HINT = 'no Python with torch found (tried $NASCHAIN_TORCH_PYTHON, /usr/bin/python3, python3, python); on Debian/Ubuntu: apt-get install -y python3-torch (then /usr/bin/python3 imports it), or pip install torch';

/** The script sits in bench/ of the source tree; from dist/bench/ it is two folders up. */
function scriptPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const p of [join(here, 'torch_reference_cnn.py'), resolve(here, '../../bench/torch_reference_cnn.py')]) {
    if (existsSync(p)) return p;
  }
  throw new Error(`bench/torch_reference_cnn.py not found next to ${here}`);
}

export function findTorchPython(env: Record<string, string | undefined> = process.env): string | undefined {
  const candidates = [env.NASCHAIN_TORCH_PYTHON, '/usr/bin/python3', 'python3', 'python'].filter((c): c is string => c !== undefined && c !== '');
  for (const py of candidates) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    if (r.status === 0) return py;
  }
  return undefined;
}

/** Whether that Python's torch sees a CUDA device (the anchor for GPU backends). */
export function torchHasCuda(python: string): boolean {
  const r = spawnSync(python, ['-c', 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)'], { stdio: 'ignore', timeout: 120_000 });
  return r.status === 0;
}

export function runTorchBench(python: string, opts: { trainBatch: number; inferBatch: number; runs: number; device?: 'cpu' | 'cuda' }): TorchResult {
  const device = opts.device ?? 'cpu';
  // CUDA warms up slower (cuDNN algorithm choice, lazy module loading): three untimed runs.
  const args = [scriptPath(), '--train-batch', String(opts.trainBatch), '--infer-batch', String(opts.inferBatch), '--runs', String(opts.runs),
    '--device', device, '--warmup', device === 'cuda' ? '3' : '1'];
  const r = spawnSync(python, args, {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`${python} torch_reference_cnn.py exited ${r.status}: ${(r.stderr || '').trim().split('\n').pop() ?? ''}`);
  const parsed = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Omit<TorchResult, 'python'>;
  return { python, ...parsed };
}
