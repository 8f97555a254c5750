// Cast on wasm: a cast to the dtype a tensor already has shares its data
// (tfjs-backend-wasm 4.22 copies it; layers cast float32 to float32 on every
// call); a cast to bool tests for non-zero (4.22 truncates the bytes: int32 7
// became 7, -1 became 255); other conversions go to the kernel this one replaces.
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { NaschainError } from '../../core/errors.js';
import { shareData } from './identity.js';

export function makeCastConfig(previous: tf.KernelConfig | undefined): tf.KernelConfig {
  function cast(args: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { dtype } = args.attrs as unknown as tf.CastAttrs;
    if (dtype === x.dtype && dtype !== 'string') return shareData(args.backend, x);
    if (dtype === 'bool' && (x.dtype === 'int32' || x.dtype === 'float32')) {
      const backend = args.backend as BackendWasm;
      const out = backend.makeOutput(x.shape, 'bool');
      const src = backend.typedArrayFromHeap(x);
      const dst = backend.typedArrayFromHeap(out);
      for (let i = 0; i < src.length; i++) dst[i] = src[i] !== 0 ? 1 : 0;
      return out;
    }
    if (previous === undefined) throw new NaschainError('INTERNAL', `Cast on wasm: no fallback kernel for ${x.dtype} -> ${dtype}`);
    return previous.kernelFunc(args as unknown as Parameters<tf.KernelFunc>[0]) as tf.TensorInfo;
  }
  return { kernelName: tf.Cast, backendName: 'wasm', kernelFunc: cast as unknown as tf.KernelFunc, setupFunc: previous?.setupFunc };
}
