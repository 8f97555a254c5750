// Typed errors shared by every layer. Library code throws these; only the CLI's
// error boundary turns them into a message and an exit code.
import { previewValue } from './value-text.js';

/** Stable machine-readable codes; the CLI and the validator's reason column use them. */
export type ErrorCode =
  | 'USAGE'
  | 'NOT_FOUND'
  | 'CORRUPT'
  | 'INVALID'
  | 'UNSUPPORTED'
  | 'BACKEND'
  | 'NETWORK'
  | 'AUTH'
  | 'LIMIT'
  | 'INTERNAL';

export class NaschainError extends Error {
  readonly code: ErrorCode;
  /** Process exit code the CLI uses: 2 for usage errors, 1 for failures. */
  readonly exitCode: 1 | 2;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NaschainError';
    this.code = code;
    this.exitCode = code === 'USAGE' ? 2 : 1;
  }
}

/** Bad command-line input: the CLI prints the command's help and exits 2. */
export class UsageError extends NaschainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('USAGE', message, options);
    this.name = 'UsageError';
  }
}

/** A value a caller passed is outside what is allowed: names the thing, the value and the expectation. */
export function invalid(what: string, value: unknown, expected: string): NaschainError {
  return new NaschainError('INVALID', `${what}: got ${describe(value)}, expected ${expected}`);
}

/**
 * Short, single-line rendering of a value for error messages: JSON-like, at
 * most 80 characters, control characters escaped. Total: never throws, on any
 * value (see value-text.ts), so a hostile value cannot break the message
 * that reports it.
 */
export function describe(value: unknown): string {
  return previewValue(value, 80);
}

export function isNaschainError(e: unknown): e is NaschainError {
  return e instanceof NaschainError;
}
