// Text that came from outside (a submission.json, a model.json's layer and
// weight names, a folder name, a server's reply) is shown to people only in a
// form that cannot drive their terminal: an ESC sequence can clear the screen,
// OSC-52 writes the clipboard, CR/LF forge whole lines, bidi overrides reorder
// what is read. quoteUntrusted shows such text as a visible, JSON-style quoted
// value; stripControl is the last line of defence on every line printed.

/**
 * Characters that act on a terminal or on how a line reads: C0 controls, DEL,
 * C1 controls, the Arabic letter mark, LRM/RLM, the line and paragraph
 * separators, bidi embeddings/overrides/isolates, and lone surrogates.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** UNSAFE plus the quote and the backslash, which a quoted form must escape. */
const TO_ESCAPE = new RegExp(`["\\\\]|${UNSAFE.source}`, 'g');

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function escapeChar(c: string): string {
  return SHORT_ESCAPES[c] ?? `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}

/** Some text for any value, never throwing (a symbol, a BigInt, an object without toString). */
function textOf(s: unknown): string {
  if (typeof s === 'string') return s;
  if (typeof s === 'bigint') return `${s}n`;
  if (typeof s === 'symbol') return s.description === undefined ? 'Symbol()' : `Symbol(${s.description})`;
  if (typeof s === 'function') return '[function]';
  try {
    return String(s);
  } catch {
    return '[value without a text form]';
  }
}

/**
 * `s` as a double-quoted string, JSON-style (`"`, `\` and controls escaped),
 * with every character that could act on a terminal shown as a visible
 * escape (`\u001b`, `\u202e`), cut to its first `max` characters with an
 * ellipsis. Never throws; cost is bounded by `max`, not by the length of `s`.
 */
export function quoteUntrusted(s: unknown, max = 80): string {
  const text = textOf(s);
  const limit = Number.isFinite(max) && max >= 1 ? Math.floor(max) : max === Infinity ? text.length : 80;
  let cut = text.length > limit ? text.slice(0, limit) : text;
  // Never split a surrogate pair: half of one would print as U+FFFD.
  if (cut.length < text.length && /[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const shown = cut.replace(TO_ESCAPE, escapeChar);
  return `"${shown}${cut.length < text.length ? '…' : ''}"`;
}

/**
 * `s` without any of the characters above (a tab becomes a space): what a
 * terminal line may safely carry. The caller adds the newline that ends it.
 */
export function stripControl(s: string): string {
  return textOf(s).replace(UNSAFE, (c) => (c === '\t' ? ' ' : ''));
}
