// Every chain call has a deadline: a hung socket becomes a NETWORK error that
// names the call, the endpoint and the time waited.
import { NaschainError } from '../core/errors.js';

/** Waits at most ms; the message names totalMs, the configured deadline, when this wait is what was left of it. */
export async function withTimeout<T>(what: string, ms: number, p: Promise<T>, totalMs = ms): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NaschainError('NETWORK', `${what} timed out after ${totalMs / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
