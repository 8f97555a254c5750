// AddN for webgpu in chunks. tfjs-backend-webgpu 4.22 binds every input as a
// storage buffer of one shader, and a device allows only
// maxStorageBuffersPerShaderStage of them (8 by default, 16 on lavapipe):
// tf.addN over the 18 gradient norms of a small CNN made an invalid pipeline
// whose output was garbage. This wraps the original kernel and sums at most
// limit-1 inputs per dispatch (one binding is the output).
import * as tf from '@tensorflow/tfjs-core';

interface WebgpuBackendLike {
  device: { limits: { maxStorageBuffersPerShaderStage: number } };
  disposeData(dataId: object): boolean;
}

let wrapped = false;

/** Replaces the webgpu AddN kernel with the chunking one; once per process. */
export function registerChunkedAddN(): void {
  if (wrapped) return;
  const original = tf.getKernel(tf.AddN, 'webgpu');
  if (original === undefined) return;
  const kernelFunc = original.kernelFunc;
  const chunked: tf.KernelFunc = (args) => {
    const backend = args.backend as unknown as WebgpuBackendLike;
    const inputs = args.inputs as unknown as tf.TensorInfo[];
    const perCall = Math.max(2, backend.device.limits.maxStorageBuffersPerShaderStage - 1);
    let level = inputs;
    const temporaries: tf.TensorInfo[] = [];
    while (level.length > perCall) {
      const next: tf.TensorInfo[] = [];
      for (let i = 0; i < level.length; i += perCall) {
        const part = level.slice(i, i + perCall);
        if (part.length === 1) { next.push(part[0]!); continue; }
        const sum = kernelFunc({ ...args, inputs: part as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
        temporaries.push(sum);
        next.push(sum);
      }
      level = next;
    }
    const out = kernelFunc({ ...args, inputs: level as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo;
    for (const t of temporaries) backend.disposeData(t.dataId);
    return out;
  };
  tf.unregisterKernel(tf.AddN, 'webgpu');
  tf.registerKernel({ kernelName: tf.AddN, backendName: 'webgpu', kernelFunc: chunked });
  wrapped = true;
}
