// The backend seam: each backend is one module that knows how to load itself.
// Selection (lib/backend/select.ts) and doctor use only this interface.

export type BackendName = 'wasm' | 'cpu' | 'webgpu' | 'tensorflow';
export type BackendRequest = BackendName | 'auto';

export interface BackendInfo {
  /** Our name for it. */
  name: BackendName;
  /** The tfjs backend name that tf.getBackend() reports. */
  tfName: string;
  threads?: number;
  simd?: boolean;
  /** Adapter or device description (webgpu adapter, CUDA device). */
  device?: string;
  /** One line on a limitation worth telling the user (e.g. why threads is 1). */
  note?: string;
}

export interface BackendModule {
  name: BackendName;
  /** Registers and activates the backend; throws a NaschainError('BACKEND', ...) saying why when it cannot. */
  load(): Promise<BackendInfo>;
}
