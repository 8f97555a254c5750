// The one layer that checks numeric flags, shared by every command, with one
// message shape: "--flag: got VALUE, expected WHAT" (a usage error: exit 2,
// one line). Each numeric flag is declared with numberOption(), which gives
// yargs a coerce function built from a NumberSpec (integer or not, range,
// unit), and puts the range in --help.
//
// The options are left untyped on purpose: with `type: 'number'` yargs turns
// `abc` into NaN (so the message could not show what was typed) and a flag
// given without a value (`--epochs --json`) silently falls back to its
// default. Untyped, yargs hands us the number, the text it could not read as
// one, or `true` for a missing value, and each gets its own message. Defaults
// therefore live in the handlers (`args.poll ?? DEFAULT_POLL_S`), not in
// yargs, which would substitute them for a missing value.
import type { Options } from 'yargs';
import { UsageError } from '../core/errors.js';
import { quoteUntrusted } from '../core/untrusted-text.js';

export interface NumberSpec {
  integer: boolean;
  min: number;
  max: number;
  /** The minimum itself is refused ("a number > 0"). */
  minExclusive?: boolean;
  /** Shown after the range: "seconds", "minutes", "MiB". */
  unit?: string;
}

/** setTimeout's longest delay (2^31 - 1 ms, about 24.8 days): a longer one fires at once. */
export const MAX_TIMER_S = Math.floor((2 ** 31 - 1) / 1000);

/** The ranges the commands share; a flag with its own range states it where it is declared. */
export const SPECS = {
  seed: { integer: true, min: 0, max: 0xffffffff },
  epochs: { integer: true, min: 1, max: 10_000 },
  u16: { integer: true, min: 0, max: 65_535 },
  uid: { integer: true, min: 0, max: 65_535 },
  /** Network deadlines: positive seconds that setTimeout can hold. */
  seconds: { integer: false, min: 0, minExclusive: true, max: MAX_TIMER_S, unit: 'seconds' },
  learningRate: { integer: false, min: 0, minExclusive: true, max: 10 },
} as const satisfies Record<string, NumberSpec>;

/** "an integer 1..10000", "a number > 0 and <= 2147483 (seconds)". */
export function expectedText(spec: NumberSpec): string {
  const kind = spec.integer ? 'an integer' : 'a number';
  const range = spec.minExclusive ? ` > ${spec.min} and <= ${spec.max}` : spec.integer ? ` ${spec.min}..${spec.max}` : ` from ${spec.min} to ${spec.max}`;
  return `${kind}${range}${spec.unit ? ` (${spec.unit})` : ''}`;
}

/** What the user typed, shown in a message; NaN is what yargs makes of a word under `type: 'number'`. */
export function shownFlagValue(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'a value that is not a number' : String(v);
  if (v === true) return 'no value';
  if (typeof v === 'string') return v.trim() === '' ? 'an empty value' : quoteUntrusted(v, 40);
  return quoteUntrusted(String(v), 40);
}

// Plain decimal notation only: Number() would also take "0x10", "0b1", " " and "".
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The flag's value checked against `spec`: the number, or undefined when the
 * flag is absent; a usage error otherwise. Takes a number, a numeric string
 * (yargs keeps a number it cannot hold exactly as text) or anything else.
 */
export function checkNumber(flag: string, v: unknown, spec: NumberSpec): number | undefined {
  if (v === undefined) return undefined;
  const fail = () => new UsageError(`--${flag}: got ${shownFlagValue(v)}, expected ${expectedText(spec)}`);
  if (Array.isArray(v)) throw new UsageError(`--${flag}: given ${v.length} times, expected it once`);
  const n = typeof v === 'number' ? v : typeof v === 'string' && DECIMAL.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw fail();
  if (spec.integer && !Number.isSafeInteger(n)) throw fail();
  if (spec.minExclusive ? !(n > spec.min) : !(n >= spec.min)) throw fail();
  if (n > spec.max) throw fail();
  return n;
}

/** A flag's --help text with its range: "Epochs [integer 1..10000]". */
export function withRange(describe: string, spec: NumberSpec): string {
  return `${describe} [${expectedText(spec).replace(/^an? /, '')}]`;
}

/** A yargs option for a numeric flag: checked at parse time (before any handler runs), range in --help. */
export function numberOption(flag: string, spec: NumberSpec, describe: string): Options {
  return { describe: withRange(describe, spec), coerce: (v: unknown) => checkNumber(flag, v, spec) };
}

/** A positive number (an integer when `integer`), or absent. Kept for flags checked in a handler. */
export function positiveFlag(flag: string, v: number | undefined, integer: boolean): void {
  checkNumber(flag, v, { integer, min: 0, minExclusive: true, max: integer ? Number.MAX_SAFE_INTEGER : Number.MAX_VALUE });
}

/** An integer in min..max, or absent. Kept for flags checked in a handler. */
export function intRangeFlag(flag: string, v: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  checkNumber(flag, v, { integer: true, min, max });
}
