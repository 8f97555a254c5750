// Logging that keeps stdout clean for --json: human messages go to stderr,
// the one JSON document (when asked for) goes to stdout.

export type LogLevel = 'quiet' | 'info' | 'debug';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** True when stderr is a terminal and progress bars may redraw in place. */
  readonly interactive: boolean;
  readonly level: LogLevel;
}

export function createLogger(level: LogLevel, stream: NodeJS.WriteStream = process.stderr): Logger {
  const write = (s: string) => stream.write(`${s}\n`);
  return {
    level,
    interactive: Boolean(stream.isTTY) && level !== 'quiet',
    info: (m) => { if (level !== 'quiet') write(m); },
    warn: (m) => write(`warning: ${m}`),
    debug: (m) => { if (level === 'debug') write(`debug: ${m}`); },
  };
}

/** A logger that records lines; for specs and for library callers that want no output. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    level: 'debug',
    interactive: false,
    info: (m) => lines.push(m),
    warn: (m) => lines.push(`warning: ${m}`),
    debug: (m) => lines.push(`debug: ${m}`),
  };
}
