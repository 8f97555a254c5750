// Workers never outlive the validator: every live child is SIGKILLed when this
// process exits (normally or by process.exit) and on SIGINT/SIGTERM/SIGHUP.
// Signal listeners are present only while a child lives, and a signal is
// re-raised when ours was its only listener, so the default behaviour (exit)
// is kept. A SIGKILL of the parent cannot be caught: the worker's watchdog
// thread (serve-jobs.ts) covers that case.
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let exitHooked = false;
let signalsHooked = false;

function killAll(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  killAll();
  if (process.listenerCount(signal) === 1) {
    unhookSignals();
    process.kill(process.pid, signal);
  }
}

function unhookSignals(): void {
  if (!signalsHooked) return;
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  signalsHooked = false;
}

/** Registers a child until it exits. */
export function guardChild(child: ChildProcess): void {
  live.add(child);
  if (!exitHooked) {
    process.on('exit', killAll);
    exitHooked = true;
  }
  if (!signalsHooked) {
    for (const s of SIGNALS) process.on(s, onSignal);
    signalsHooked = true;
  }
  child.once('exit', () => {
    live.delete(child);
    if (live.size === 0) unhookSignals();
  });
}

/** Children still registered (for specs and diagnostics). */
export function liveChildren(): number {
  return live.size;
}
