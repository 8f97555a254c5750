// A validator round as one self-contained HTML page (inline SVG and CSS, no
// scripts, nothing fetched): a params-vs-accuracy scatter with the Pareto front
// drawn as a line, as upstream logs it, and the full table below. Pure: plain
// data in, a string out. Every text from a submission is escaped; long
// rejection reasons collapse to one line (<details>) and hotkeys are
// shortened, so the table fits the page.
import { weightsRuleText, limitsText } from '../score/weights-rule.js';
import { collapsible, escapeHtml, FIT_CSS, shortHotkeyHtml } from './html-parts.js';

export { escapeHtml } from './html-parts.js';

/** The subset of a round result the report draws (lib/validator/round's RoundResult fits it). */
export interface ValidatorReportRow {
  name: string;
  uid: number | null;
  hotkey: string | null;
  accuracy: number | null;
  accuracyFloor: number | null;
  params: number | null;
  paramsRounded: number | null;
  macs: number | null;
  macsRounded: number | null;
  retrainAccuracy: number | null;
  gap: number | null;
  scoredAccuracy: number | null;
  pareto: string;
  reward: number;
  weight: number;
  reason: string | null;
  message: string | null;
}

export interface ValidatorReportData {
  source: string;
  dataset: string;
  backend: string;
  config: { minAccuracy: number; maxMacs: number; trainEpochs: number; seed: number };
  retrain: boolean;
  subnetSize: number;
  rows: readonly ValidatorReportRow[];
  front: readonly number[];
  weights: { uids: readonly number[]; weights: readonly number[] };
  /** The chain's limits the weights went through (lib/score's WeightLimits); when given, the summary says which rule shaped them. */
  limits?: { minAllowedWeights: number; maxWeightLimit: number };
}

/** What the gap column means. */
export const GAP_NOTE = 'Gap: training-set accuracy minus test accuracy of the retrained model, in percentage points (first 2,000 training images, inference mode); a large gap means the architecture overfits; - when not retrained.';

const W = 720, H = 420, PAD = { left: 70, right: 20, top: 20, bottom: 50 };
const COLOURS: Record<string, string> = { front: '#1b7f3b', 'tie-lost': '#c98a00', dropped: '#c0392b', dominated: '#7f8c8d', 'not-candidate': '#bdc3c7' };

/** Params on a log axis (models span orders of magnitude), accuracy linear. */
function scatter(d: ValidatorReportData): string {
  const pts = d.rows.filter((r) => r.params !== null && r.params > 0 && r.scoredAccuracy !== null)
    .map((r) => ({ r, x: Math.log10(r.params as number), y: r.scoredAccuracy as number }));
  if (pts.length === 0) return '<p>No model was scored.</p>';
  const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
  const x0 = Math.floor(Math.min(...xs)), x1 = Math.max(Math.ceil(Math.max(...xs)), x0 + 1);
  const y0 = Math.max(0, Math.floor(Math.min(...ys, d.config.minAccuracy) / 5) * 5 - 5), y1 = Math.min(100, Math.ceil(Math.max(...ys) / 5) * 5 + 5);
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - y0) / Math.max(y1 - y0, 1)) * (H - PAD.top - PAD.bottom);
  const parts: string[] = [];
  for (let e = x0; e <= x1; e++) {
    parts.push(`<line x1="${sx(e)}" y1="${PAD.top}" x2="${sx(e)}" y2="${H - PAD.bottom}" class="grid"/>`);
    parts.push(`<text x="${sx(e)}" y="${H - PAD.bottom + 18}" text-anchor="middle">${(10 ** e).toLocaleString('en-US')}</text>`);
  }
  for (let y = y0; y <= y1; y += 5) {
    parts.push(`<line x1="${PAD.left}" y1="${sy(y)}" x2="${W - PAD.right}" y2="${sy(y)}" class="grid"/>`);
    parts.push(`<text x="${PAD.left - 8}" y="${sy(y) + 4}" text-anchor="end">${y}</text>`);
  }
  parts.push(`<line x1="${PAD.left}" y1="${sy(d.config.minAccuracy)}" x2="${W - PAD.right}" y2="${sy(d.config.minAccuracy)}" class="min"/>`);
  const front = pts.filter((p) => p.r.pareto === 'front' || p.r.pareto === 'tie-lost').sort((a, b) => a.x - b.x || a.y - b.y);
  if (front.length > 1) parts.push(`<polyline class="front" points="${front.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ')}"/>`);
  for (const p of pts) {
    const label = `uid ${p.r.uid ?? '-'} ${p.r.name}: ${p.y}% , ${p.r.params} params (${p.r.pareto})`;
    parts.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="5" fill="${COLOURS[p.r.pareto] ?? '#333'}"><title>${escapeHtml(label)}</title></circle>`);
    parts.push(`<text x="${(sx(p.x) + 7).toFixed(1)}" y="${(sy(p.y) - 6).toFixed(1)}" class="lbl">${escapeHtml(String(p.r.uid ?? p.r.name))}</text>`);
  }
  parts.push(`<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 10}" text-anchor="middle">parameters (log scale)</text>`);
  parts.push(`<text transform="translate(16 ${(PAD.top + H - PAD.bottom) / 2}) rotate(-90)" text-anchor="middle">scored accuracy (%)</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="parameters versus accuracy">${parts.join('')}</svg>`;
}

const num = (n: number | null, digits = 0) => (n === null ? '-' : digits ? n.toFixed(digits) : n.toLocaleString('en-US'));

function table(d: ValidatorReportData): string {
  const head = ['uid', 'name', 'hotkey', 'accuracy (scored)', 'params (rounded)', 'MACs (rounded)', 'retrained', 'gap', 'pareto', 'reward', 'u16 weight', 'reason'];
  const pair = (exact: string, scored: number | null) => (scored === null ? '-' : `${exact} (${num(scored)})`);
  const rows = d.rows.map((r) => {
    const n = (s: string) => `<td class="n">${escapeHtml(s)}</td>`;
    const reason = r.reason === null ? '' : r.message ? collapsible(`${r.reason}: ${r.message}`, `${r.reason}: ${r.message.slice(0, 40)}…`) : escapeHtml(r.reason);
    const cells = [
      n(num(r.uid)), `<td class="wrap">${escapeHtml(r.name)}</td>`, `<td>${shortHotkeyHtml(r.hotkey)}</td>`,
      n(pair(num(r.accuracy, 2), r.accuracyFloor)), n(pair(num(r.params), r.paramsRounded)), n(pair(num(r.macs), r.macsRounded)),
      n(num(r.retrainAccuracy, 2)), n(num(r.gap, 2)), `<td>${escapeHtml(r.pareto)}</td>`, n(r.reward === 0 ? '0' : r.reward.toFixed(6)), n(String(r.weight)),
      `<td class="wrap reason">${reason}</td>`,
    ];
    return `<tr class="${escapeHtml(r.pareto)}">${cells.join('')}</tr>`;
  });
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function validatorReportHtml(d: ValidatorReportData): string {
  const summary = [
    `source: ${d.source}`, `dataset: ${d.dataset}`, `backend: ${d.backend}`,
    `min accuracy ${d.config.minAccuracy}%, max MACs ${d.config.maxMacs.toLocaleString('en-US')}`,
    d.retrain ? `retrain: ${d.config.trainEpochs} epochs, seed ${d.config.seed}` : 'retrain: off (no leak guard)',
    `front (uids): ${d.front.join(', ') || 'none'}`,
    `weights (${d.limits ? limitsText(d.subnetSize, d.limits) : `subnet size ${d.subnetSize}`}): uids [${d.weights.uids.join(', ')}] u16 [${d.weights.weights.join(', ')}]`,
  ];
  const why = d.limits ? weightsRuleText({ rewarded: d.rows.filter((r) => r.reward > 0).length, subnetSize: d.subnetSize, limits: d.limits }) : null;
  if (why) summary.push(why);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>naschain validator round</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#222}
${FIT_CSS}
td,th{border:1px solid #ddd;padding:3px 6px;text-align:left}
tr.front td{background:#eaf7ee}tr.dropped td{background:#fbeaea}tr.rejected td{color:#888}
svg text{font-size:11px;fill:#444}.grid{stroke:#eee}.min{stroke:#c0392b;stroke-dasharray:4 3}
.front{fill:none;stroke:#1b7f3b;stroke-width:2}.lbl{font-size:10px}
</style></head><body>
<h1>Validator round</h1>
<ul>${summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<h2>Parameters vs accuracy</h2>
${scatter(d)}
<p>Green: rewarded front; amber: lost a tie; red: dropped after retraining; grey: dominated or not a candidate. Dashed: minimum accuracy.</p>
<h2>Submissions</h2>
${table(d)}
<p>${escapeHtml(GAP_NOTE)} Long rejection reasons open on a click; a hotkey shows in full on hover.</p>
</body></html>
`;
}
