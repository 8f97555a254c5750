// How a numeric flag's value is shown in a usage error. yargs turns a
// non-numeric value of a number flag (`--epochs abc`) into NaN before we see
// it, so "got NaN" would hide what the user typed; say what it was instead.
export function shownFlagValue(v: number): string {
  return Number.isNaN(v) ? 'a value that is not a number' : String(v);
}
