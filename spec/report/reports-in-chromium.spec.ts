// Both HTML reports as a person sees them: rendered by headless Chromium at
// 1280 px wide, nothing overflows the page (document scrollWidth <= 1280), no
// element in a table is wider than its container (checked with every
// collapsed reason closed, then opened), and the charts are drawn (an SVG with a
// nonzero size and a mark per plotted point: the scatter, the search report's
// hypervolume over time). Skips with a message where no
// Chromium is installed (`apt-get install chromium`; .ci/run installs it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderSearchReport, type ReportCandidate, type ReportData } from '../../lib/report/search-report.js';
import { validatorReportHtml, type ValidatorReportData } from '../../lib/report/validator-report.js';
import { repoRoot } from '../helpers/cli.js';
import { findChromium, HeadlessChromium } from './headless-chromium.js';

const WIDTH = 1280;

interface Layout {
  scrollWidth: number;
  /** Elements inside a table that stick out of their parent, or whose content spills out of them. */
  overflows: string[];
  detailsOpened: number;
  svgs: { width: number; height: number; marks: number; marksInside: number }[];
}

/** Runs in the page: the layout facts the assertions need. */
const MEASURE = `(() => {
  const describe = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  const overflows = [];
  for (const table of document.querySelectorAll('table')) {
    const box = table.parentElement.getBoundingClientRect();
    const t = table.getBoundingClientRect();
    if (t.right > box.right + 1 || t.left < box.left - 1) overflows.push('table wider than its container: ' + t.width + ' > ' + box.width);
    for (const el of table.querySelectorAll('*')) {
      const parent = el.parentElement.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      const clips = getComputedStyle(el).overflow !== 'visible';
      if (r.width > 0 && (r.right > parent.right + 1 || r.left < parent.left - 1)) overflows.push(describe(el) + ' sticks out of its ' + el.parentElement.tagName.toLowerCase() + ' (' + r.width + ' in ' + parent.width + ')');
      if (!clips && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) overflows.push(describe(el) + ' content spills out (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
    }
  }
  const svgs = [...document.querySelectorAll('svg')].map((s) => {
    const b = s.getBoundingClientRect();
    const marks = [...s.querySelectorAll('circle, path.final, polyline.front, path.front')];
    const inside = marks.filter((m) => { const r = m.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.left >= b.left - 8 && r.right <= b.right + 8 && r.top >= b.top - 8 && r.bottom <= b.bottom + 8; });
    return { width: b.width, height: b.height, marks: marks.length, marksInside: inside.length };
  });
  return { scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), overflows, detailsOpened: 0, svgs };
})()`;

const OPEN_ALL = `(() => { const d = [...document.querySelectorAll('details')]; d.forEach((x) => { x.open = true; }); return d.length; })()`;

/** The fixture round, made harder: a 300-character folder name without a break, a long source path, a 48-character hotkey. */
function validatorData(): ValidatorReportData {
  const round = JSON.parse(readFileSync(join(repoRoot, 'spec/fixtures/rounds/submissions-round.json'), 'utf8')) as ValidatorReportData;
  const rows = [...round.rows];
  const first = rows[0]!;
  rows.push({ ...first, name: `x${'very-long-folder-name_'.repeat(14)}`, uid: 11, message: `${first.message ?? ''} ${'and-more-'.repeat(40)}` });
  return { ...round, rows, source: `local folder /srv/${'deeply/nested/'.repeat(20)}submissions` };
}

function searchData() {
  const c = (i: number, over: Partial<ReportCandidate> = {}): ReportCandidate => ({
    hash: (i.toString(16) + 'ab').repeat(32).slice(0, 64), phase: 'search', rung: 0, generation: Math.floor(i / 8), status: 'complete',
    accuracy: 60 + (i * 7) % 30, params: 1000 * (1 + ((i * 13) % 90)), macs: 100_000 * (1 + ((i * 17) % 200)), trainImages: 1024, epochs: 1, seconds: 2 + i / 10, ...over,
  });
  const candidates = Array.from({ length: 40 }, (_, i) => c(i));
  candidates.push(c(41, { status: 'failed', accuracy: null, reason: `training failed: ${'Error: a kernel said something very long about shapes [1,2,3,4] '.repeat(8)}` }));
  candidates.push(c(42, { status: 'infeasible', accuracy: null, reason: `over the limits: ${'params 900,000 > 50,000; '.repeat(10)}` }));
  candidates.push(c(43, { phase: 'final', rung: 3, accuracy: 91, params: 12_000, macs: 900_000 }), c(44, { phase: 'final', rung: 3, accuracy: 93, params: 45_000, macs: 4_000_000 }));
  const dir = `/home/miner/${'runs/'.repeat(40)}macro/front/01-${'x'.repeat(200)}`;
  const hvPoints = (from: number, n: number, top: number): [number, number][] => Array.from({ length: n }, (_, i) => [from + 30 * i, top * (1 - 0.9 ** (i + 1))]);
  const data: ReportData = {
    title: 'search run macro-fashion-mnist-seed0',
    facts: [['folder', `/home/miner/${'runs/'.repeat(40)}macro`], ['dataset', 'fashion-mnist']] as [string, string][],
    candidates,
    frontHashes: [candidates[42]!.hash, candidates[43]!.hash],
    hypervolume: { clock: 'elapsed', endSeconds: 3_600, series: [{ label: 'search phase (rung 0, held-out accuracy)', points: hvPoints(20, 40, 0.6) }, { label: 'final models (test accuracy)', points: hvPoints(3_000, 2, 0.5) }] },
    rungFronts: [
      { label: 'search, rung 0', accuracyOf: 'held-out', complete: 40, members: candidates.slice(0, 12) },
      { label: 'final models', accuracyOf: 'test', complete: 2, members: candidates.slice(42) },
    ],
    submit: { dir, clears: true, headline: `to submit: ${dir} (93.00%, 45,000 params; the most accurate model that clears the minimum of 80%)`, commands: [{ what: 'check it as a validator would', command: `naschain check ${dir}` }, { what: 'submit it', command: `naschain submit ${dir} --repo <your-hf-namespace>/<model-name>` }] },
  };
  return data;
}

const chromium = findChromium();

describe('the HTML reports in headless Chromium at 1280 px', { skip: chromium === null ? 'no chromium here (apt-get install chromium); the reports were not rendered' : false }, () => {
  let browser: HeadlessChromium;
  const dir = mkdtempSync(join(tmpdir(), 'naschain-reports-'));
  before(async () => { browser = await HeadlessChromium.start(chromium as string); });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function layoutOf(file: string): Promise<{ closed: Layout; opened: Layout }> {
    const session = await browser.open(file, WIDTH);
    const closed = await browser.evaluate<Layout>(session, MEASURE);
    const count = await browser.evaluate<number>(session, OPEN_ALL);
    const opened = { ...(await browser.evaluate<Layout>(session, MEASURE)), detailsOpened: count };
    return { closed, opened };
  }

  function assertFits(l: Layout, what: string): void {
    assert.ok(l.scrollWidth <= WIDTH, `${what}: the page is ${l.scrollWidth} px wide, more than ${WIDTH}`);
    assert.deepEqual(l.overflows, [], `${what}: elements overflow in a table`);
  }

  it('validator report: fits the page with reasons closed and opened; the scatter is drawn with a dot per scored model and the front line', async () => {
    const data = validatorData();
    const file = join(dir, 'validator.html');
    writeFileSync(file, validatorReportHtml(data));
    const { closed, opened } = await layoutOf(file);
    assertFits(closed, 'reasons closed');
    assert.ok(opened.detailsOpened >= 8, `long reasons are collapsed (${opened.detailsOpened} <details>)`);
    assertFits(opened, 'reasons opened');
    const scored = data.rows.filter((r) => r.params !== null && r.params > 0 && r.scoredAccuracy !== null).length;
    const svg = closed.svgs[0];
    assert.ok(svg && svg.width > 0 && svg.height > 0, `the chart has a size: ${JSON.stringify(closed.svgs)}`);
    assert.equal(svg.marks, scored + 1, 'a dot per scored model plus the front line');
    assert.equal(svg.marksInside, svg.marks, 'every mark is drawn, inside the chart');
  });

  it('search report: fits the page with failure reasons closed and opened; the scatter is drawn with a mark per completed candidate and the front', async () => {
    const data = searchData();
    const file = join(dir, 'search.html');
    writeFileSync(file, renderSearchReport(data));
    const { closed, opened } = await layoutOf(file);
    assertFits(closed, 'reasons closed');
    assert.equal(opened.detailsOpened, 2, 'the two long reasons are collapsed');
    assertFits(opened, 'reasons opened');
    const complete = data.candidates.filter((c) => c.status === 'complete').length;
    const svg = closed.svgs[0];
    assert.ok(svg && svg.width > 0 && svg.height > 0, `the chart has a size: ${JSON.stringify(closed.svgs)}`);
    assert.equal(svg.marks, complete + 1, 'a mark per completed candidate plus the front line');
    assert.equal(svg.marksInside, svg.marks, 'every mark is drawn, inside the chart');
    const hv = closed.svgs[1];
    const points = data.hypervolume.series.reduce((n, s) => n + s.points.length, 0);
    assert.ok(hv && hv.width > 0 && hv.height > 0, `the hypervolume chart has a size: ${JSON.stringify(closed.svgs)}`);
    assert.equal(hv.marks, points, 'a dot per hypervolume point');
    assert.equal(hv.marksInside, hv.marks, 'every hypervolume point is drawn, inside the chart');
  });
});
