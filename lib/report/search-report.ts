// The search report: plain data in, one self-contained HTML string out (inline
// SVG and CSS, no scripts or external assets, opens offline). Pure: no tfjs,
// no file I/O. The model to submit and its commands first; a scatter of
// accuracy against parameters (log scale) with MACs as colour, final models as
// diamonds with their front drawn as a step line, low-fidelity candidates as
// small dots; hypervolume over time (hv-chart.ts); the front of each rung; a
// table of every candidate, long failure reasons collapsed to one line
// (<details>) so that it fits the page.
import { collapsible, escapeHtml, FIT_CSS } from './html-parts.js';
import { hvChart } from './hv-chart.js';
import type { ReportCandidate, ReportData, ReportSubmit, RungFront } from './search-report-data.js';

export type { HvOverTime, HvSeries, ReportCandidate, ReportData, ReportSubmit, RungFront } from './search-report-data.js';

const esc = escapeHtml;
const fmt = (n: number | null, digits = 0) => (n === null ? '–' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/** Viridis-like ramp from t in [0, 1]. */
export function colourOf(t: number): string {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const x = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const a = stops[i] as number[], b = stops[i + 1] as number[];
  const c = a.map((v, j) => Math.round(v + (x - i) * ((b[j] as number) - v)));
  return `rgb(${c.join(',')})`;
}

const W = 760, H = 420, L = 64, R = 20, T = 20, B = 48;

function scatter(d: ReportData): string {
  const pts = d.candidates.filter((c) => c.status === 'complete' && c.accuracy !== null && c.params !== null && c.macs !== null);
  if (pts.length === 0) return '<p>No completed evaluation to plot.</p>';
  const lp = pts.map((p) => Math.log10(Math.max(1, p.params as number)));
  const [x0, x1] = [Math.min(...lp) - 0.05, Math.max(...lp) + 0.05];
  const accs = pts.map((p) => p.accuracy as number);
  const [y0, y1] = [Math.max(0, Math.floor(Math.min(...accs) / 5) * 5), Math.min(100, Math.ceil(Math.max(...accs) / 5) * 5 + (Math.max(...accs) % 5 === 0 ? 5 : 0))];
  const lm = pts.map((p) => Math.log10(Math.max(1, p.macs as number)));
  const [m0, m1] = [Math.min(...lm), Math.max(...lm)];
  const sx = (params: number) => L + ((Math.log10(Math.max(1, params)) - x0) / (x1 - x0 || 1)) * (W - L - R);
  const sy = (acc: number) => T + (1 - (acc - y0) / (y1 - y0 || 1)) * (H - T - B);
  const col = (macs: number) => colourOf((Math.log10(Math.max(1, macs)) - m0) / (m1 - m0 || 1));
  const out: string[] = [];
  for (let v = y0; v <= y1; v += 5) out.push(`<line x1="${L}" x2="${W - R}" y1="${sy(v)}" y2="${sy(v)}" class="grid"/><text x="${L - 6}" y="${sy(v) + 4}" text-anchor="end">${v}%</text>`);
  for (let e = Math.ceil(x0); e <= Math.floor(x1); e++) out.push(`<line x1="${sx(10 ** e)}" x2="${sx(10 ** e)}" y1="${T}" y2="${H - B}" class="grid"/><text x="${sx(10 ** e)}" y="${H - B + 16}" text-anchor="middle">${fmt(10 ** e)}</text>`);
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">parameters (log scale)</text><text transform="translate(14 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">accuracy</text>`);
  const front = new Set(d.frontHashes);
  const finals = pts.filter((p) => p.phase === 'final' && front.has(p.hash)).sort((a, b) => (a.params as number) - (b.params as number));
  if (finals.length > 0) {
    let path = `M ${sx(finals[0]!.params as number)} ${sy(finals[0]!.accuracy as number)}`;
    for (const f of finals.slice(1)) path += ` H ${sx(f.params as number)} V ${sy(f.accuracy as number)}`;
    out.push(`<path d="${path}" class="front"/>`);
  }
  for (const p of pts) {
    const x = sx(p.params as number), y = sy(p.accuracy as number), c = col(p.macs as number);
    const tip = `<title>${esc(p.hash.slice(0, 12))} ${p.phase} rung ${p.rung}: ${fmt(p.accuracy, 2)}%, ${fmt(p.params)} params, ${fmt(p.macs)} MACs</title>`;
    out.push(p.phase === 'final'
      ? `<path d="M ${x} ${y - 7} L ${x + 7} ${y} L ${x} ${y + 7} L ${x - 7} ${y} Z" fill="${c}" class="final">${tip}</path>`
      : `<circle cx="${x}" cy="${y}" r="${p.phase === 'promote' ? 4 : 3}" fill="${c}" class="${p.phase}">${tip}</circle>`);
  }
  const ramp = Array.from({ length: 11 }, (_, i) => `<stop offset="${i * 10}%" stop-color="${colourOf(i / 10)}"/>`).join('');
  const legend = `<defs><linearGradient id="ramp">${ramp}</linearGradient></defs><rect x="${W - R - 160}" y="${T + 4}" width="150" height="10" fill="url(#ramp)"/>` +
    `<text x="${W - R - 160}" y="${T + 28}">${fmt(10 ** m0)}</text><text x="${W - R - 10}" y="${T + 28}" text-anchor="end">${fmt(10 ** m1)} MACs</text>`;
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="accuracy against parameters">${out.join('')}${legend}</svg>`;
}

function table(d: ReportData): string {
  const front = new Set(d.frontHashes);
  const rows = d.candidates.map((c) => `<tr class="${c.status}${c.phase === 'final' && front.has(c.hash) ? ' onfront' : ''}"><td>${esc(c.hash.slice(0, 12))}</td><td>${c.phase}</td><td>${c.phase === 'search' ? c.generation : c.rung}</td><td>${c.status}</td>` +
    `<td class="n">${fmt(c.accuracy, 2)}</td><td class="n">${fmt(c.params)}</td><td class="n">${fmt(c.macs)}</td><td class="n">${fmt(c.trainImages)}×${c.epochs}</td><td class="n">${fmt(c.seconds, 1)}</td><td class="wrap reason">${collapsible(c.reason ?? '')}</td></tr>`).join('\n');
  return `<table><thead><tr><th>genome</th><th>phase</th><th>gen/rung</th><th>status</th><th>accuracy %</th><th>params</th><th>MACs</th><th>images×epochs</th><th>seconds</th><th>reason</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/** One table per rung: its non-dominated complete records, fewest params first. */
function rungFronts(fronts: readonly RungFront[]): string {
  if (fronts.length === 0) return '<p>No rung has a record yet.</p>';
  return fronts.map((f) => {
    const rows = f.members.map((c) => `<tr><td>${esc(c.hash.slice(0, 12))}</td><td class="n">${fmt(c.accuracy, 2)}</td><td class="n">${fmt(c.params)}</td><td class="n">${fmt(c.macs)}</td><td class="n">${fmt(c.trainImages)}×${c.epochs}</td></tr>`).join('\n');
    return `<h3>${esc(f.label)}: ${f.members.length} of ${f.complete} complete record${f.complete === 1 ? '' : 's'} on its front</h3>` +
      (f.members.length === 0 ? '<p>No complete record.</p>' : `<table class="rungfront"><thead><tr><th>genome</th><th>accuracy % (${esc(f.accuracyOf)})</th><th>params</th><th>MACs</th><th>images×epochs</th></tr></thead><tbody>\n${rows}\n</tbody></table>`);
  }).join('\n');
}

/** The model to submit (or why none would count) and the commands to run next. */
function submitSection(s: ReportSubmit): string {
  const verdict = s.dir === undefined ? '' : `<p class="${s.clears ? 'clears' : 'nogo'}">${s.clears ? 'Clears the validator\'s rules (floored accuracy at least the minimum, rounded MACs under the cap).' : 'Does not clear the validator\'s rules.'}</p>`;
  const commands = s.commands.map((c) => `<dt>${esc(c.what)}</dt><dd><code>${esc(c.command)}</code></dd>`).join('');
  return `<section class="submit"><p>${esc(s.headline)}</p>${verdict}${commands ? `<dl>${commands}</dl>` : ''}</section>`;
}

/** The hypervolume reached at the end, per series, and what the time axis counts. */
function hvNote(d: ReportData): string {
  const ends = d.hypervolume.series.map((s) => `${s.label}: ${s.points.length > 0 ? (s.points[s.points.length - 1] as [number, number])[1].toFixed(4) : 'none'}`);
  const clock = d.hypervolume.clock === 'elapsed'
    ? 'Time: the run\'s clock, the one its time budget counts (sessions before a --resume included).'
    : 'Time: these records were written before records kept their time, so the axis sums each evaluation\'s seconds in record order (with several workers that is more than the wall time).';
  return `<p><strong>Hypervolume at the end</strong>: ${esc(ends.join('; '))}.</p>
<p class="note">Hypervolume of (accuracy, params, MACs) against (0 %, the run's params cap, its MACs cap), each objective normalised by the reference: the share of that box the complete records dominate (1 would be 100 % with no params and no MACs). A step at each complete record. ${clock}</p>`;
}

const CSS = `body{font:14px system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 12px}dt{color:#666}
svg text{font-size:11px;fill:#444}.grid{stroke:#eee}.front{fill:none;stroke:#d62728;stroke-width:2}.final{stroke:#000;stroke-width:1}.search{opacity:.7}.promote{stroke:#555}
${FIT_CSS}
td,th{padding:2px 8px;border-bottom:1px solid #eee;text-align:left}.n{text-align:right;font-variant-numeric:tabular-nums}
tr.failed td{color:#a00}tr.infeasible td{color:#888}tr.onfront td{font-weight:600;background:#fff4f4}.note{color:#666;max-width:760px}
.hv{fill:none;stroke-width:2}h3{font-size:15px;margin:16px 0 4px}.submit{border:1px solid #ddd;padding:4px 12px;max-width:1000px}
.submit dd{margin:0}.submit code{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:1px 4px}.clears{color:#1b7f3b}.nogo{color:#a00}`;

export function renderSearchReport(d: ReportData): string {
  const facts = d.facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(d.title)}</title><style>${CSS}</style></head>
<body><h1>${esc(d.title)}</h1><dl>${facts}</dl>
<h2>The model to submit</h2>
${submitSection(d.submit)}
<h2>Accuracy against parameters</h2>
${scatter(d)}
<p class="note">Diamonds: models trained with the validation recipe (test accuracy); the red step line is their Pareto front. Dots: search candidates at low fidelity (accuracy on held-out training images after brief training), larger dots: promoted rungs. Colour: MACs (log scale).</p>
<h2>Hypervolume over time</h2>
${hvChart(d.hypervolume)}
${hvNote(d)}
<h2>The front of each rung</h2>
<p class="note">Each rung's complete records that no other record of the same rung beats on accuracy, params and MACs at once.</p>
${rungFronts(d.rungFronts)}
<h2>Every candidate (${d.candidates.length})</h2>
${table(d)}
</body></html>
`;
}
