// Logging that keeps stdout clean for --json: human messages go to stderr,
// the one JSON document (when asked for) goes to stdout. Every message is one
// line stripped of control characters, whoever built it: a message quoting a
// model's layer name can neither forge a line nor send escape sequences.
import { stripControl } from './untrusted-text.js';

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
  const write = (s: string) => stream.write(`${stripControl(s)}\n`);
  return {
    level,
    interactive: Boolean(stream.isTTY) && level !== 'quiet',
    info: (m) => { if (level !== 'quiet') write(m); },
    warn: (m) => write(`warning: ${m}`),
    debug: (m) => { if (level === 'debug') write(`debug: ${m}`); },
  };
}

/** A logger that records lines (as createLogger would print them); for specs and for library callers that want no output. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    level: 'debug',
    interactive: false,
    info: (m) => lines.push(stripControl(m)),
    warn: (m) => lines.push(stripControl(`warning: ${m}`)),
    debug: (m) => lines.push(stripControl(`debug: ${m}`)),
  };
}

/** Multi-line text for a terminal (a table, a help text): each line stripped of control characters. */
export function terminalLines(text: string): string {
  return text.split('\n').map(stripControl).join('\n');
}
