// What the parent and a worker say to each other. Parent -> worker: jobs, on
// Node's IPC channel (the parent writes them, so their size is its own).
// Worker -> parent: frames (frames.ts) on fd WORKER_REPLY_FD, capped by the parent.

/** The worker's file descriptor for replies (fork's stdio: in, out, err, replies, ipc). */
export const WORKER_REPLY_FD = 3;

export interface JobMessage<J> {
  type: 'job';
  id: number;
  job: J;
}

export type WorkerReply =
  /** Setup done (backend, dataset): `info` lets the parent check it is the same as its own. */
  | { type: 'ready'; info: Record<string, unknown> }
  /** Setup failed: the worker cannot run any job. */
  | { type: 'fatal'; message: string }
  | { type: 'note'; id: number; note: Record<string, number | string | boolean | null> }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; message: string };

export function isWorkerReply(m: unknown): m is WorkerReply {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as { type?: unknown }).type;
  return t === 'ready' || t === 'fatal' || t === 'note' || t === 'result';
}
