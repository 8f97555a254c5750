// The backend seam: each backend is one module that knows how to load itself.
// Selection (lib/backend/select.ts) and doctor use only this interface.

export type BackendName = 'wasm' | 'cpu' | 'webgpu' | 'tensorflow';
export type BackendRequest = BackendName | 'auto';

/** What the backend computes on: auto prefers 'gpu', then measures the 'cpu' ones; 'software-gpu' (a CPU emulating a GPU, e.g. lavapipe) is the last resort. */
export type ComputeKind = 'gpu' | 'cpu' | 'software-gpu';

export interface BackendInfo {
  /** Our name for it. */
  name: BackendName;
  /** The tfjs backend name that tf.getBackend() reports. */
  tfName: string;
  threads?: number;
  simd?: boolean;
  /** Adapter or device description (webgpu adapter, CUDA device). */
  device?: string;
  /** Where the work runs; absent means 'cpu'. */
  compute?: ComputeKind;
  /** False when tensor reads must be async (webgpu in Node: dataSync throws). */
  syncReads?: boolean;
  /** One line on a limitation worth telling the user (e.g. why threads is 1). */
  note?: string;
}

export interface BackendModule {
  name: BackendName;
  /** Registers and activates the backend; throws a NaschainError('BACKEND', ...) saying why when it cannot. */
  load(): Promise<BackendInfo>;
  /** Optional cheap look at what load() would run on, activating nothing (webgpu: asks for the adapter only); throws like load() when it cannot load. */
  peek?(): Promise<{ compute: ComputeKind; device?: string }>;
}
