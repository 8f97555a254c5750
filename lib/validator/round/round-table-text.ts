// The round's table as text for a terminal: fixed columns, exact and scored
// numbers side by side, then the front and the weights line. Cells carry
// submission-supplied text (folder names, rejection messages quoting layer
// names): each is stripped of control characters before the widths are
// measured, so no cell can forge a line, move the cursor or skew the columns.
import { terminalLines } from '../../core/log.js';
import { stripControl } from '../../core/untrusted-text.js';
import type { RoundResult, RoundRow } from './round-result.js';
import { limitsText, weightsRuleText } from '../../score/weights-rule.js';
import { GAP_NOTE } from '../../report/validator-report.js';

/** "5FHneW…M694": enough to recognise a hotkey, short enough for a table. */
export function shortHotkey(h: string | null): string {
  if (h === null) return '-';
  return h.length <= 12 ? h : `${h.slice(0, 6)}…${h.slice(-4)}`;
}

const int = (n: number | null) => (n === null ? '-' : n.toLocaleString('en-US'));
const pct = (n: number | null) => (n === null ? '-' : n.toFixed(2));
const pair = (exact: string, scored: number | null) => (scored === null ? '-' : `${exact} (${int(scored)})`);

const COLUMNS: [string, (r: RoundRow) => string][] = [
  ['uid', (r) => (r.uid === null ? '-' : String(r.uid))],
  ['name', (r) => r.name],
  ['hotkey', (r) => shortHotkey(r.hotkey)],
  ['accuracy (scored)', (r) => pair(pct(r.accuracy), r.accuracyFloor)],
  ['params (scored)', (r) => pair(int(r.params), r.paramsRounded)],
  ['MACs (scored)', (r) => pair(int(r.macs), r.macsRounded)],
  ['retrained', (r) => pair(pct(r.retrainAccuracy), r.retrainAccuracyFloor)],
  ['gap', (r) => (r.gap === null ? '-' : r.gap.toFixed(2))],
  ['pareto', (r) => r.pareto],
  ['reward', (r) => (r.reward === 0 ? '0' : r.reward.toFixed(6))],
  ['weight', (r) => String(r.weight)],
  ['reason', (r) => (r.reason === null ? '' : r.message ? `${r.reason}: ${r.message}` : r.reason)],
];

export function formatRoundTable(result: RoundResult): string {
  const cells = result.rows.map((r) => COLUMNS.map(([, f]) => stripControl(f(r))));
  const widths = COLUMNS.map(([h], i) => Math.max(h.length, ...cells.map((c) => (i === COLUMNS.length - 1 ? 0 : (c[i] ?? '').length))));
  const line = (c: string[]) => c.map((s, i) => (i === c.length - 1 ? s : s.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const out = [line(COLUMNS.map(([h]) => h)), ...cells.map(line)];
  out.push('');
  out.push(`front (uids): ${result.front.join(', ') || 'none'}`);
  for (const r of result.retrains) out.push(`retrain uid ${r.uid}: submitted ${r.submitted}%, retrained ${r.retrained}% -> ${r.kept ? 'kept' : 'dropped'}`);
  out.push(`weights (${limitsText(result.subnetSize, result.limits)}): uids [${result.weights.uids.join(', ')}] u16 [${result.weights.weights.join(', ')}]`);
  const why = weightsRuleText({ rewarded: result.rows.filter((r) => r.reward > 0).length, subnetSize: result.subnetSize, limits: result.limits });
  if (why) out.push(why);
  if (!result.retrain) out.push('retrain: off (no leak guard; scores use submitted accuracies)');
  else out.push(GAP_NOTE);
  return terminalLines(out.join('\n'));
}
