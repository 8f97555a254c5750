// What every command handler receives: the global flags, a logger on stderr and
// the one place that writes the --json document to stdout. Human text is
// stripped of control characters line by line (JSON.stringify escapes them).
import { createLogger, terminalLines, type Logger } from '../core/log.js';

export interface GlobalArgs {
  seed: number;
  backend: string;
  json: boolean;
  quiet: boolean;
  debug: boolean;
}

export interface CliContext {
  args: GlobalArgs;
  log: Logger;
  /** Prints the result: JSON on stdout with --json, else the human text (if any) on stdout. */
  emit(result: unknown, human?: string): void;
}

export function createContext(args: GlobalArgs): CliContext {
  const log = createLogger(args.quiet || args.json ? (args.debug ? 'debug' : 'quiet') : args.debug ? 'debug' : 'info');
  return {
    args,
    log,
    emit(result, human) {
      if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else if (human !== undefined) process.stdout.write(`${terminalLines(human.endsWith('\n') ? human.slice(0, -1) : human)}\n`);
    },
  };
}
