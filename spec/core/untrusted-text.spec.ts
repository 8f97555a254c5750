// Untrusted text reaches a terminal only as visible escapes (quoteUntrusted) or
// stripped (stripControl): no control byte, bidi override or line separator
// survives, and quoting is bounded however long the input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quoteUntrusted, stripControl } from '../../lib/core/untrusted-text.js';
import { memoryLogger, createLogger, terminalLines } from '../../lib/core/log.js';

/** Every character a terminal could act on, as the checks below define it. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const ATTACK = 'conv\u001b[2J\u001b]52;c;ZWNobyBwd25lZA==\u0007\r\nfront (uids): 9\u009b31m\u202eevil\u2028\u2066x\u007f\t';

test('quoteUntrusted shows every control, DEL, C1, bidi and separator character as a visible escape', () => {
  const q = quoteUntrusted(ATTACK, 1000);
  assert.doesNotMatch(q, CONTROL);
  assert.doesNotMatch(q, /\n/);
  assert.equal(q, '"conv\\u001b[2J\\u001b]52;c;ZWNobyBwd25lZA==\\u0007\\r\\nfront (uids): 9\\u009b31m\\u202eevil\\u2028\\u2066x\\u007f\\t"');
  // Plain text is quoted exactly as JSON would quote it.
  for (const s of ['Conv2D', 'say "hi" \\ bye', 'naïve 日本 😀', '']) assert.equal(quoteUntrusted(s), JSON.stringify(s));
  assert.equal(quoteUntrusted('a\ud800b'), '"a\\ud800b"', 'a lone surrogate is shown, not printed as U+FFFD');
});

test('quoteUntrusted truncates past max with an ellipsis, never splitting a surrogate pair, in bounded time', () => {
  assert.equal(quoteUntrusted('abcdef', 3), '"abc…"');
  assert.equal(quoteUntrusted('abc', 3), '"abc"');
  assert.equal(quoteUntrusted('ab😀c', 3), '"ab…"');
  assert.equal(quoteUntrusted('x'.repeat(100)), `"${'x'.repeat(80)}…"`);
  // 20 million ESCs: escaping them all would take seconds and 120 MB.
  const huge = Buffer.alloc(20_000_000, 0x1b).toString('latin1');
  const t0 = performance.now();
  assert.equal(quoteUntrusted(huge, 4), '"\\u001b\\u001b\\u001b\\u001b…"');
  assert.ok(performance.now() - t0 < 100, 'the cost depends on max, not on the input');
});

test('quoteUntrusted is total: any value gives a quoted text', () => {
  assert.equal(quoteUntrusted(12), '"12"');
  assert.equal(quoteUntrusted(10n), '"10n"');
  assert.equal(quoteUntrusted(Symbol('a\u001bb')), '"Symbol(a\\u001bb)"');
  assert.equal(quoteUntrusted(null), '"null"');
  assert.equal(quoteUntrusted(undefined), '"undefined"');
  assert.equal(quoteUntrusted(Object.create(null)), '"[value without a text form]"');
  assert.equal(quoteUntrusted(() => 1), '"[function]"');
  assert.equal(quoteUntrusted('abc', Number.NaN), '"abc"');
});

test('stripControl removes what quoteUntrusted escapes, keeps ordinary text, turns a tab into a space', () => {
  const s = stripControl(ATTACK);
  assert.doesNotMatch(s, CONTROL);
  assert.doesNotMatch(s, /\n/);
  assert.equal(s, 'conv[2J]52;c;ZWNobyBwd25lZA==front (uids): 931mevilx ');
  assert.equal(stripControl('naïve 日本 😀 "q" \\'), 'naïve 日本 😀 "q" \\');
});

test('the loggers print one line per message, stripped; terminalLines keeps the line breaks only', () => {
  const mem = memoryLogger();
  mem.info(`rejected ${ATTACK}`);
  mem.warn(ATTACK);
  assert.equal(mem.lines.length, 2);
  for (const line of mem.lines) assert.doesNotMatch(line, /[\u0000-\u001f\u007f-\u009f\u202e\u2028]/);
  const written: string[] = [];
  const stream = { isTTY: false, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
  createLogger('info', stream).info(ATTACK);
  assert.deepEqual(written, [`${stripControl(ATTACK)}\n`]);
  assert.equal(terminalLines(`a\u001b[1m\nb\r\n\nc`), 'a[1m\nb\n\nc');
});
