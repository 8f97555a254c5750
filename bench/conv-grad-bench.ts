// The wasm filter gradient with dy or x as the conv's filter, per layer shape
// of the reference CNN and of MBConv 1x1 expansions/projections: median
// process-CPU ms of each (CPU time, so a busy shared machine disturbs it
// less), which one the kernel picks, and whether both give the same bits.
// Usage: node dist/bench/conv-grad-bench.js [--runs 5] [--batch 128]
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../lib/backend/select.js';
import { conv2dBackpropFilterWasm, filterGradOperand, type FilterGradOperand } from '../lib/backend/wasm-kernels/conv2d-backprop-filter.js';
import { convGeometry } from '../lib/backend/wasm-kernels/conv-geometry.js';
import { median } from './time-reference-cnn.js';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

/** [H, W, Ci, Co, kernel]: the reference CNN's five convs, then MBConv-style 1x1 layers. */
const LAYERS: [number, number, number, number, number][] = [
  [28, 28, 1, 32, 3], [28, 28, 32, 32, 3], [14, 14, 32, 64, 3], [14, 14, 64, 64, 3], [7, 7, 64, 96, 3],
  [16, 16, 32, 96, 1], [16, 16, 96, 32, 1], [8, 8, 48, 144, 1], [8, 8, 144, 48, 1], [32, 32, 3, 16, 3],
];

async function main(): Promise<void> {
  const runs = Number(option('runs', '5'));
  const batch = Number(option('batch', '128'));
  const info = await initBackend('wasm');
  const backend = tf.backend() as BackendWasm;
  console.log(`Conv2DBackpropFilter on wasm (threads ${info.threads}), batch ${batch}, stride 1 'same': median CPU ms of ${runs}`);
  let totalDy = 0;
  let totalPicked = 0;
  for (const [h, w, ci, co, k] of LAYERS) {
    const x = tf.randomUniform([batch, h, w, ci], -1, 1, 'float32', 1);
    const dy = tf.randomUniform([batch, h, w, co], -1, 1, 'float32', 2);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [k, k, ci, co] } as unknown as tf.Conv2DBackpropFilterAttrs;
    const g = convGeometry('bench', x.shape, [k, k, ci, co], 1, 1, 'same', undefined, false, 'NHWC');
    const picked = filterGradOperand(g);
    const time = (op: FilterGradOperand): { ms: number; bits: Float32Array } => {
      const ms: number[] = [];
      let bits = new Float32Array(0);
      for (let i = 0; i <= runs; i++) {
        const c0 = process.cpuUsage();
        const out = conv2dBackpropFilterWasm(backend, x, dy, attrs, op);
        const c = process.cpuUsage(c0);
        if (i > 0) ms.push((c.user + c.system) / 1000); // the first run warms up
        bits = Float32Array.from(backend.typedArrayFromHeap(out) as Float32Array);
        backend.disposeData(out.dataId);
      }
      return { ms: median(ms), bits };
    };
    const a = time('dy');
    const b = time('x');
    const same = a.bits.every((v, i) => Object.is(v, b.bits[i]));
    totalDy += a.ms;
    totalPicked += picked === 'x' ? b.ms : a.ms;
    console.log(`  ${`${h}x${w} ${ci}->${co} k${k}`.padEnd(20)} dy as filter ${a.ms.toFixed(1).padStart(6)} ms   x as filter ${b.ms.toFixed(1).padStart(6)} ms   picks ${picked.padEnd(2)}  ${(a.ms / (picked === 'x' ? b.ms : a.ms)).toFixed(2)}x   ${same ? 'same bits' : 'bits differ'}`);
    tf.dispose([x, dy]);
  }
  console.log(`  all layers: dy always ${totalDy.toFixed(1)} ms, as picked ${totalPicked.toFixed(1)} ms (${(totalDy / totalPicked).toFixed(2)}x)`);
}

await main();
