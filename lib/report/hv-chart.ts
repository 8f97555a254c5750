// The search report's hypervolume-over-time chart: one step line per series
// (the search phase's rung 0, the final models), a dot with a tooltip at each
// complete record, the time axis in seconds or minutes. Inline SVG, pure.
import { escapeHtml } from './html-parts.js';
import type { HvOverTime } from './search-report-data.js';

// The legend sits in the top margin, where no line can cross it.
const W = 760, H = 300, L = 64, R = 20, T = 36, B = 48;
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];

/** A round step for about `n` ticks over [0, max]: 1, 2 or 5 times a power of ten. */
export function tickStep(max: number, n = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * p >= raw) ?? 10) * p;
}

const label = (v: number, step: number) => v.toLocaleString('en-US', { maximumFractionDigits: Math.max(0, -Math.floor(Math.log10(step))) });

export function hvChart(hv: HvOverTime): string {
  const drawn = hv.series.filter((s) => s.points.length > 0);
  if (drawn.length === 0) return '<p>No complete record yet: no hypervolume to draw.</p>';
  const minutes = hv.endSeconds >= 180;
  const unit = minutes ? 60 : 1;
  const xMax = Math.max(hv.endSeconds, ...drawn.flatMap((s) => s.points.map((p) => p[0]))) / unit || 1;
  const hvMax = Math.max(...drawn.flatMap((s) => s.points.map((p) => p[1])));
  const yStep = tickStep(hvMax || 0.1, 5);
  const yMax = Math.max(yStep, Math.ceil(hvMax / yStep - 1e-9) * yStep);
  const xStep = tickStep(xMax, 6);
  const sx = (sec: number) => L + (sec / unit / xMax) * (W - L - R);
  const sy = (v: number) => T + (1 - v / yMax) * (H - T - B);
  const out: string[] = [];
  for (let i = 0; i * yStep <= yMax + 1e-12; i++) {
    const v = i * yStep;
    out.push(`<line x1="${L}" x2="${W - R}" y1="${sy(v)}" y2="${sy(v)}" class="grid"/><text x="${L - 6}" y="${sy(v) + 4}" text-anchor="end">${label(v, yStep)}</text>`);
  }
  for (let i = 0; i * xStep <= xMax + 1e-9; i++) {
    const x = sx(i * xStep * unit);
    out.push(`<line x1="${x}" x2="${x}" y1="${T}" y2="${H - B}" class="grid"/><text x="${x}" y="${H - B + 16}" text-anchor="middle">${label(i * xStep, xStep)}</text>`);
  }
  const xTitle = `${hv.clock === 'elapsed' ? 'run time' : 'evaluation time, summed'} (${minutes ? 'minutes' : 'seconds'})`;
  out.push(`<text x="${(L + W - R) / 2}" y="${H - 8}" text-anchor="middle">${xTitle}</text><text transform="translate(14 ${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">hypervolume</text>`);
  drawn.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length] as string;
    const [t0] = s.points[0] as [number, number];
    let d = `M ${sx(t0)} ${sy(0)}`;
    for (const [t, v] of s.points) d += ` H ${sx(t)} V ${sy(v)}`;
    d += ` H ${sx(hv.endSeconds)}`;
    out.push(`<path d="${d}" class="hv" stroke="${colour}"/>`);
    for (const [t, v] of s.points) {
      out.push(`<circle cx="${sx(t)}" cy="${sy(v)}" r="2.5" fill="${colour}" class="hvpt"><title>${escapeHtml(`${s.label}: ${v.toFixed(4)} at ${(t / unit).toFixed(minutes ? 1 : 0)} ${minutes ? 'min' : 's'}`)}</title></circle>`);
    }
    const lx = L + 300 * k;
    out.push(`<line x1="${lx}" x2="${lx + 20}" y1="12" y2="12" stroke="${colour}" stroke-width="2"/><text x="${lx + 26}" y="16">${escapeHtml(s.label)}</text>`);
  });
  return `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="hypervolume over time">${out.join('')}</svg>`;
}
