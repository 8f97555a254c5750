// The Node worker_threads entry for one pthread of tfjs-backend-wasm's
// threaded SIMD build. tfjs ships a browser worker script (loaded from a blob:
// URL, which Node's Worker refuses) and posts the Emscripten module factory to
// it as a Blob; this file speaks the same Emscripten pthread messages ('load',
// 'run', 'cancel', 'processProxyingQueue') from a real file path instead.
// The factory's source comes from tfjs' Node bundle, where it refers to a few
// bundle-level names (require$$0 = fs, ...): they are defined globally here
// before the source is evaluated.
// Emscripten starts 8 workers up front and waits for all of them, though a
// pool of N threads runs on N-1: so a worker answers 'load' at once and
// instantiates the module only when it is given a thread to run ('run'),
// and the idle ones never cost a module instance.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';

/** The parts of the Emscripten module a pthread's message loop calls. */
interface PthreadModule {
  wasmModule?: WebAssembly.Module | null;
  wasmMemory?: WebAssembly.Memory;
  buffer?: ArrayBuffer;
  ENVIRONMENT_IS_PTHREAD?: boolean;
  instantiateWasm?: (imports: WebAssembly.Imports, receive: (i: WebAssembly.Instance) => void) => WebAssembly.Exports;
  __emscripten_thread_init(ptr: number, isMain: number, isRuntime: number, canBlock: number): void;
  establishStackSpace(): void;
  PThread: { receiveObjectTransfer(d: unknown): void; threadInitTLS(): void };
  invokeEntryPoint(fn: number, arg: number): void;
  executeNotifiedProxyingQueue(queue: number): void;
  _pthread_self(): number;
  __emscripten_thread_exit(status: number): void;
  keepRuntimeAlive(): boolean;
  ExitStatus: new (status: number) => { status: number };
  [handler: string]: unknown;
}

interface Message {
  cmd?: string;
  target?: string;
  handlers?: string[];
  urlOrBlob?: Blob | string;
  wasmModule?: WebAssembly.Module;
  wasmMemory?: WebAssembly.Memory;
  pthread_ptr?: number;
  start_routine?: number;
  arg?: number;
  queue?: number;
}

const port = parentPort;
if (port === null) throw new Error('pthread-worker: must run inside a worker thread');

const require = createRequire(import.meta.url);
const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist';
const post = (msg: unknown) => port.postMessage(msg);

// What the factory's source expects to find around it (tfjs' Node bundle scope).
Object.assign(globalThis, {
  require,
  require$$0: require('node:fs'),
  require$$1: require('node:path'),
  require$$3: require('node:perf_hooks'),
  require$$4: require('node:os'),
  commonjsGlobal: globalThis,
  __dirname: wasmDist,
  _scriptDir: `${wasmDist}/tf-backend-wasm.node.js`,
  postMessage: post,
});

let mod: PthreadModule | undefined;
let loadMessage: Message | undefined;
let started = false;
const pendingQueues: number[] = [];

async function instantiate(m: Message): Promise<void> {
  const base: Partial<PthreadModule> = {
    wasmModule: m.wasmModule,
    wasmMemory: m.wasmMemory,
    buffer: m.wasmMemory?.buffer as ArrayBuffer | undefined,
    ENVIRONMENT_IS_PTHREAD: true,
    instantiateWasm: (imports, receive) => {
      const instance = new WebAssembly.Instance(base.wasmModule as WebAssembly.Module, imports);
      receive(instance);
      base.wasmModule = null;
      return instance.exports;
    },
  };
  // Callbacks the main thread's module has (print, onAbort...) run there.
  for (const h of m.handlers ?? []) base[h] = (...args: unknown[]) => post({ cmd: 'callHandler', handler: h, args });
  if (typeof m.urlOrBlob !== 'object') throw new Error(`pthread-worker: expected the module factory as a Blob, got ${typeof m.urlOrBlob}`);
  const source = await m.urlOrBlob.text();
  // The factory ends its pthread start-up by calling startWorker(module)
  // (synchronously: the module is compiled already). 'loaded' went out earlier.
  (globalThis as Record<string, unknown>)['startWorker'] = (instance: PthreadModule) => { mod = instance; };
  (0, eval)(source); // defines the global WasmBackendModuleThreadedSimd
  const factory = (globalThis as Record<string, unknown>)['WasmBackendModuleThreadedSimd'] as (m: Partial<PthreadModule>) => unknown;
  factory(base);
  if (mod === undefined) throw new Error('pthread-worker: the module factory did not start the worker');
}

async function run(m: Message): Promise<void> {
  if (mod === undefined) await instantiate(loadMessage as Message);
  const M = mod as PthreadModule;
  M.__emscripten_thread_init(m.pthread_ptr as number, 0, 0, 1);
  M.establishStackSpace();
  M.PThread.receiveObjectTransfer(m);
  M.PThread.threadInitTLS();
  if (!started) {
    for (const q of pendingQueues.splice(0)) M.executeNotifiedProxyingQueue(q);
    started = true;
  }
  try {
    M.invokeEntryPoint(m.start_routine as number, m.arg as number);
  } catch (e) {
    if (e === 'unwind') return; // the thread keeps running its event loop
    if (!(e instanceof M.ExitStatus)) throw e;
    if (!M.keepRuntimeAlive()) M.__emscripten_thread_exit((e as { status: number }).status);
  }
}

// A first 'run' is asynchronous (it reads the factory's Blob); later messages
// wait for it. A failure is thrown as an uncaught error of this worker, which
// the main thread's Emscripten runtime reports and rethrows.
let ready: Promise<void> = Promise.resolve();
port.on('message', (m: Message) => {
  ready = ready.then(async () => {
    if (m.cmd === 'load') { loadMessage = m; post({ cmd: 'loaded' }); }
    else if (m.cmd === 'run') await run(m);
    else if (m.cmd === 'cancel') { if (mod !== undefined && mod._pthread_self() !== 0) mod.__emscripten_thread_exit(-1); }
    else if (m.cmd === 'processProxyingQueue') {
      if (started && mod !== undefined) mod.executeNotifiedProxyingQueue(m.queue as number);
      else pendingQueues.push(m.queue as number);
    } else if (m.target === 'setimmediate') { /* the main thread's setImmediate polyfill: nothing to do in Node */ }
    else if (m.cmd !== undefined) process.stderr.write(`pthread-worker: unknown command ${m.cmd}\n`);
  });
  ready = ready.catch((e: unknown) => { process.nextTick(() => { throw e; }); });
});
