// Median wall and process-CPU ms of a reference-CNN training step on wasm, as
// one JSON line. --from <dir> times another build of naschain (a checkout of
// an older commit, built): its backend and kernels, the same model and step,
// so fixes can be measured one by one in one session:
//   git archive <sha> | tar -x -C /tmp/b/<sha> && (cd /tmp/b/<sha> && ln -s $PWD/node_modules . && npx tsc)
//   node dist/bench/step-time.js --from /tmp/b/<sha>
// Threads follow NASCHAIN_WASM_THREADS (builds before the threaded backend: 1).
// Usage: node dist/bench/step-time.js [--from <build dir>] [--batch 128] [--runs 5]
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './time-reference-cnn.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const from = option('from', resolve(new URL('../..', import.meta.url).pathname));
  const batch = Number(option('batch', '128'));
  const runs = Number(option('runs', '5'));
  const load = async <T>(rel: string) => await import(pathToFileURL(resolve(from, 'dist', rel)).href) as T;
  const { initBackend } = await load<{ initBackend(name: string): Promise<{ threads?: number }> }>('lib/backend/select.js');
  const { referenceCnn } = await load<{ referenceCnn(): tfl.LayersModel }>('bench/reference-cnn.js');
  const info = await initBackend('wasm');
  const model = referenceCnn();
  const opt = tf.train.sgd(0.01);
  const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32', 2) as tf.Tensor1D, 10);
  const step = async () => {
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, true);
    await loss!.data();
    loss!.dispose();
  };
  await step(); // warm-up
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await step();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  console.log(JSON.stringify({
    build: from, threads: info.threads ?? 1, batch, wallImgPerSec: Number((batch / median(wall) * 1000).toFixed(1)),
    bestWallImgPerSec: Number((batch / Math.min(...wall) * 1000).toFixed(1)), cpuMsPerStep: Math.round(median(cpu)),
  }));
  tf.dispose([x, y]);
  opt.dispose();
  model.dispose();
}

await main();
