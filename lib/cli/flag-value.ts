// Checks of numeric flags, shared by the commands, with one message shape:
// "--flag: got VALUE, expected WHAT" (a usage error, exit 2). yargs turns a
// non-numeric value of a number flag (`--epochs abc`) into NaN before we see
// it, so "got NaN" would hide what the user typed; say what it was instead.
import { UsageError } from '../core/errors.js';

export function shownFlagValue(v: number): string {
  return Number.isNaN(v) ? 'a value that is not a number' : String(v);
}

/** A positive number (an integer when `integer`), or absent. */
export function positiveFlag(flag: string, v: number | undefined, integer: boolean): void {
  if (v !== undefined && !(v > 0 && Number.isFinite(v) && (!integer || Number.isInteger(v)))) throw new UsageError(`--${flag}: got ${shownFlagValue(v)}, expected a positive ${integer ? 'integer' : 'number'}`);
}

/** An integer in min..max, or absent. */
export function intRangeFlag(flag: string, v: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (v !== undefined && !(Number.isInteger(v) && v >= min && v <= max)) throw new UsageError(`--${flag}: got ${shownFlagValue(v)}, expected an integer ${min}..${max}`);
}
