// Short text for any value or error an error message wants to show. These run
// inside catch blocks and rejection paths, often on hostile input (a
// submission.json nested 30,000 deep, a million-element shape), so they are
// total: they never throw, whatever the value, and their cost is bounded by the
// text they return, not by the size of the value. JSON.stringify and String()
// are neither: both recurse without limit and throw RangeError on deep nesting.
import { quoteUntrusted, stripControl } from './untrusted-text.js';

/**
 * JSON-like text of `value` (strings quoted and escaped by quoteUntrusted,
 * NaN, Infinity, BigInt and symbols shown as themselves, cycles as
 * [Circular]), at most `max` characters, cut with an ellipsis.
 */
export function previewValue(value: unknown, max = 80): string {
  const limit = Number.isFinite(max) && max >= 2 ? Math.floor(max) : 80;
  const parts: string[] = [];
  let length = 0;
  const full = () => length > limit;
  const put = (s: string) => {
    parts.push(s);
    length += s.length;
  };
  const ancestors = new Set<object>();

  const walk = (v: unknown): void => {
    if (full()) return;
    switch (typeof v) {
      case 'string': return put(quoteUntrusted(v, limit));
      case 'number': return put(Object.is(v, -0) ? '0' : String(v));
      case 'boolean': return put(String(v));
      case 'bigint': return put(`${v}n`);
      case 'undefined': return put('undefined');
      case 'symbol':
      case 'function': return put(quoteUntrusted(v, limit).slice(1, -1));
      default: break;
    }
    if (v === null) return put('null');
    const o = v as object;
    if (ancestors.has(o)) return put('[Circular]');
    if (o instanceof Date) return put(Number.isNaN(o.getTime()) ? 'Invalid Date' : quoteUntrusted(o.toISOString()));
    ancestors.add(o);
    if (Array.isArray(o)) {
      put('[');
      for (let i = 0; i < o.length && !full(); i++) {
        if (i > 0) put(',');
        walk(o[i]);
      }
      put(']');
    } else {
      put('{');
      let first = true;
      // for..in with an early exit: Object.keys would list every key of a huge object first.
      for (const k in o) {
        if (full()) break;
        if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
        if (!first) put(',');
        first = false;
        put(`${quoteUntrusted(k, limit)}:`);
        walk((o as Record<string, unknown>)[k]);
      }
      put('}');
    }
    ancestors.delete(o);
  };

  try {
    walk(value);
  } catch {
    // A getter or proxy trap threw: show what was built, marked as cut.
    length = Infinity;
  }
  const text = parts.join('');
  if (!full()) return text;
  let cut = text.slice(0, limit - 1);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * One line for a caught error: its message's first line (an Error's name
 * when it has no message), or the preview of a thrown non-Error; without
 * control characters, at most `max` characters. Never throws.
 */
export function errorText(e: unknown, max = 300): string {
  try {
    if (e instanceof Error) {
      const message = typeof e.message === 'string' ? e.message : previewValue(e.message, max);
      const first = firstLine(message, max);
      return first.length > 0 ? first : textName(e);
    }
  } catch {
    // A message getter that throws: fall through to the generic preview.
  }
  return typeof e === 'string' ? firstLine(e, max) : previewValue(e, max);
}

function firstLine(s: string, max: number): string {
  const end = s.indexOf('\n');
  return stripControl((end < 0 ? s : s.slice(0, end)).slice(0, max));
}

function textName(e: Error): string {
  try {
    return typeof e.name === 'string' && e.name.length > 0 ? stripControl(e.name.slice(0, 80)) : 'Error';
  } catch {
    return 'Error';
  }
}
