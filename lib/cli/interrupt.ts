// Ctrl-C (SIGINT) and SIGTERM for the long commands (search, train, validate
// --local, submit, check): every one of them keeps its state consistent on
// disk at every moment (atomic writes, append-only journals, SQLite), so an
// interrupt stops at once instead of waiting for the work in hand to finish:
// it says what is saved and how to continue, and exits 130 (SIGINT) or 143
// (SIGTERM), as a shell reports a process killed by that signal. Worker
// processes are killed on exit (lib/worker/exit-guard.ts). A second signal
// while the message is written exits at once.
//
// cpu and wasm kernels run synchronously, so a signal lands when the current
// batch returns to the event loop (lib/train yields between batches): within
// a second or two on the embedded data.
import type { Logger } from '../core/log.js';

export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof SIGNAL_EXIT_CODES;

export interface InterruptPlan {
  log: Logger;
  /** What is on disk now and how to continue, one line; read when the signal arrives. */
  saved: () => string;
  /** Synchronous clean-up before the exit (close a database); errors in it are ignored. */
  cleanup?: () => void;
  /** Specs: what to do instead of process.exit. */
  exit?: (code: number) => void;
}

/** Installs the handlers; call the returned function to remove them when the command ends. */
export function exitOnInterrupt(plan: InterruptPlan): () => void {
  const exit = plan.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const handler = (signal: StopSignal) => {
    const code = SIGNAL_EXIT_CODES[signal];
    if (stopping) return exit(code);
    stopping = true;
    let saved: string;
    try {
      saved = plan.saved();
    } catch (e) {
      saved = `could not tell what was saved (${e instanceof Error ? e.message : String(e)})`;
    }
    plan.log.warn(`interrupted (${signal}): ${saved}`);
    try {
      plan.cleanup?.();
    } catch {
      // exiting anyway: what is on disk is already consistent
    }
    exit(code);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
