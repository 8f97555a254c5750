// Per-kernel wall time on an asynchronous backend without GPU timestamps: a
// training step is recorded kernel by kernel (name, input shapes and dtypes,
// attributes), then each recorded call is run again on its own with inputs
// of the same shapes, and timed from dispatch until the queue says the work
// is done (submit + onSubmittedWorkDone). Includes dispatch overhead and the
// completion round trip, so it is an upper bound on shader time; values are
// zeros and random numbers, so data-dependent kernels may differ a little.
import * as tf from '@tensorflow/tfjs-core';

export interface RecordedCall { name: string; inputs: { name: string; shape: number[]; dtype: tf.DataType }[]; attrs: tf.NamedAttrMap }

/** Records the outermost kernel calls `body` makes on `backendName`. */
export async function recordKernelCalls(backendName: string, body: () => Promise<void>): Promise<RecordedCall[]> {
  const calls: RecordedCall[] = [];
  const originals = tf.getKernelsForBackend(backendName);
  let depth = 0;
  for (const config of originals) {
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        if (depth === 0) {
          const inputs = Object.entries(args.inputs).flatMap(([name, t]) => (t == null ? [] : [{ name, shape: [...t.shape], dtype: t.dtype }]));
          calls.push({ name: config.kernelName, inputs, attrs: args.attrs ?? {} });
        }
        depth++;
        try { return config.kernelFunc(args); } finally { depth--; }
      },
    });
  }
  try {
    await body();
  } finally {
    for (const config of originals) {
      tf.unregisterKernel(config.kernelName, backendName);
      tf.registerKernel(config);
    }
  }
  return calls;
}

/** The parts of tfjs-backend-webgpu's WebGPUBackend (4.22) used to flush its queue. */
interface QueueBackend { commandEncoder: object | null; endComputePassEncoder(): void; submitQueue(): void; queue: { onSubmittedWorkDone(): Promise<void> } }

/** Submits what the backend has encoded and waits until the GPU has run it. */
async function untilIdle(): Promise<void> {
  const b = tf.backend() as unknown as QueueBackend;
  if (b.commandEncoder !== null) {
    b.endComputePassEncoder();
    b.submitQueue();
  }
  await b.queue.onSubmittedWorkDone();
}

function inputFor(i: RecordedCall['inputs'][number]): tf.Tensor {
  if (i.dtype === 'float32') return tf.randomUniform(i.shape, -1, 1, 'float32', 7);
  return tf.zeros(i.shape, i.dtype);
}

/** Runs each recorded call alone (after one untimed run of it) and returns its wall ms, in call order. */
export async function replayWallTimes(calls: RecordedCall[]): Promise<number[]> {
  const ms: number[] = [];
  for (const call of calls) {
    const inputs = Object.fromEntries(call.inputs.map((i) => [i.name, inputFor(i)])) as tf.NamedTensorMap;
    try {
      const once = () => {
        const out = tf.engine().runKernel(call.name, inputs, call.attrs);
        tf.dispose(out as tf.Tensor | tf.Tensor[]);
      };
      once(); // compiles the shader
      await untilIdle();
      const t0 = performance.now();
      once();
      await untilIdle();
      ms.push(performance.now() - t0);
    } catch (e) {
      process.stderr.write(`replay: ${call.name} not timed: ${(e as Error).message.split('\n')[0]}\n`);
      ms.push(Number.NaN); // e.g. a kernel that needs real values (indices)
    } finally {
      tf.dispose(Object.values(inputs));
    }
  }
  return ms;
}
