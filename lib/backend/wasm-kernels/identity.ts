// Identity on wasm without a copy. tfjs-backend-wasm 4.22 copies the whole
// tensor on every Identity (156 calls and ~3% of a reference-CNN training step:
// gradients of adds, optimizer clones); tensors are immutable, so the output
// can share the input's heap buffer with one more reference, as its Reshape
// already does.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Shares x's data: the output is x's dataId with its reference count raised. */
export function shareData(backend: tf.KernelBackend, x: tf.TensorInfo): tf.TensorInfo {
  (backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape.slice(), dtype: x.dtype };
}

export function makeIdentityConfig(previous: tf.KernelConfig | undefined): tf.KernelConfig {
  function identity(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend }): tf.TensorInfo {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string' && previous !== undefined) return previous.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
    return shareData(args.backend, x);
  }
  return { kernelName: tf.Identity, backendName: 'wasm', kernelFunc: identity as unknown as tf.KernelFunc, setupFunc: previous?.setupFunc };
}
