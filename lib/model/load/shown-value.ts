// How a rejection message shows a value that came from a submitted model:
// never raw, since names, keys and strings inside arrays are the miner's text
// and a message is printed on a validator's terminal and stored in its state.
import { quoteUntrusted } from '../../core/untrusted-text.js';

/** A string quoted safely; null, numbers and booleans as they are; anything else as JSON, quoted safely and cut short. */
export function shown(value: unknown, max = 60): string {
  if (typeof value === 'string') return quoteUntrusted(value, max);
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && !Array.isArray(value) && typeof (value as { className?: unknown }).className === 'string') {
    return `an object of class ${quoteUntrusted((value as { className: string }).className)}`;
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  return quoteUntrusted(text ?? String(value), max);
}
