// Pieces both HTML reports use: escaping, long text collapsed to one line with
// the full text on demand, shortened hotkeys, and the CSS that keeps a table
// inside a 1280 px page whatever a submission names itself (spec/report's
// Chromium spec renders both reports and checks it).

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Longer text than this is collapsed in a table cell. */
export const COLLAPSE_AT = 60;

/**
 * A table cell's text: as is when short; else a <details> whose one-line
 * summary shows the start (the head, such as a rejection code, first) and
 * which opens on the full text. Escaped.
 */
export function collapsible(text: string, head?: string): string {
  if (text.length <= COLLAPSE_AT) return escapeHtml(text);
  const shown = head ?? text.slice(0, COLLAPSE_AT);
  return `<details><summary>${escapeHtml(shown)}</summary><div class="full">${escapeHtml(text)}</div></details>`;
}

/** "5FHneW…M694" with the whole key in a tooltip: enough to recognise a hotkey, short enough for a table. */
export function shortHotkeyHtml(h: string | null): string {
  if (h === null) return '-';
  if (h.length <= 12) return escapeHtml(h);
  return `<span title="${escapeHtml(h)}">${escapeHtml(`${h.slice(0, 6)}…${h.slice(-4)}`)}</span>`;
}

/**
 * Tables fit the page: cells of class "wrap" (names, reasons: text from
 * outside, where a folder name is one long word) wrap anywhere, the others
 * (numbers, codes, short hashes) never; collapsed text keeps to one line with
 * an ellipsis until opened; the chart shrinks with the page.
 */
export const FIT_CSS = `body{overflow-wrap:anywhere}table{border-collapse:collapse;font-size:12px;max-width:100%}
td,th{overflow-wrap:normal;vertical-align:top}td{white-space:nowrap}td.wrap{white-space:normal;overflow-wrap:anywhere;min-width:6em}
td.n{text-align:right;font-variant-numeric:tabular-nums}
details>summary{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;cursor:pointer;max-width:26em}
details[open]>summary{white-space:normal}details .full{white-space:normal;overflow-wrap:anywhere}
svg{max-width:100%;height:auto}`;
