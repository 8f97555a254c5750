import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { valiPreset } from '../../lib/core/vali-config.js';
import { rngFor } from '../../lib/core/rng.js';
import { dominates } from '../../lib/pareto/dominance.js';
import { colourOf, renderSearchReport, type ReportCandidate, type ReportData } from '../../lib/report/search-report.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { defaultSettings } from '../../lib/searcher/defaults.js';
import type { FrontMember } from '../../lib/searcher/final-phase.js';
import { CANDIDATE_KIND, type CandidateRecord } from '../../lib/searcher/types.js';
import { hvOverTime, rungFronts, searchReportData } from '../../lib/searcher/write-report.js';

const c = (over: Partial<ReportCandidate>): ReportCandidate => ({ hash: 'a'.repeat(64), phase: 'search', rung: 0, generation: 0, status: 'complete', accuracy: 80, params: 20_000, macs: 3_000_000, trainImages: 1024, epochs: 1, seconds: 2, ...over });

/** A record of the run's file, numbers given. */
function rec(seq: number, over: Partial<CandidateRecord>): CandidateRecord {
  return {
    kind: CANDIDATE_KIND, version: 1, seq, phase: 'search', generation: 0, rung: 0, hash: `h${seq}`.padEnd(64, '0'), genome: {}, status: 'complete',
    trainImages: 1024, epochs: 1, accuracy: 50, params: 500, macs: 500_000, paramsRounded: 500, macsRounded: 500_000, violation: 0, seconds: 1, ...over,
  };
}

/** Caps 1,000 params and 1,000,000 MACs: a point (acc, p, m) spans (acc/100) x (1 - p/1000) x (1 - m/1e6) of the unit box. */
const limits = { maxParams: 1_000, maxMacs: 1_000_000, maxBytes: 4_000 };
const records: CandidateRecord[] = [
  rec(0, { accuracy: 50, params: 500, macs: 500_000, seconds: 4, elapsedSeconds: 10 }), // 0.5^3 = 0.125
  rec(1, { status: 'failed', accuracy: null, reason: 'loss NaN', seconds: 3, elapsedSeconds: 15 }),
  rec(2, { accuracy: 75, params: 250, macs: 250_000, seconds: 5, elapsedSeconds: 20 }), // 0.75^3 = 0.421875, holds the first
  rec(3, { accuracy: 40, params: 600, macs: 600_000, seconds: 2, elapsedSeconds: 25 }), // dominated: unchanged
  rec(4, { accuracy: 90, params: 900, macs: 900_000, seconds: 6, elapsedSeconds: 30 }), // + 0.9*0.1*0.1 - 0.75*0.1*0.1 = 0.423375
  rec(5, { status: 'infeasible', accuracy: null, params: 2_000, macs: 100_000, violation: 1, seconds: 0, elapsedSeconds: 30 }),
  rec(6, { phase: 'promote', rung: 1, generation: 1, accuracy: 95, params: 250, macs: 250_000, seconds: 10, elapsedSeconds: 40 }),
  rec(7, { phase: 'final', rung: 2, generation: 2, accuracy: 80, params: 500, macs: 500_000, seconds: 20, elapsedSeconds: 50 }), // 0.8*0.5*0.5 = 0.2
  rec(8, { phase: 'final', rung: 2, generation: 2, accuracy: 60, params: 100, macs: 100_000, seconds: 30, elapsedSeconds: 60 }), // + 0.6*0.9*0.9 - 0.6*0.5*0.5 = 0.536
];
const near = (got: number, want: number, what: string) => assert.ok(Math.abs(got - want) < 1e-12, `${what}: ${got}, expected ${want}`);
function assertSeries(got: [number, number][], want: [number, number][], what: string): void {
  assert.deepEqual(got.map((p) => p[0]), want.map((p) => p[0]), `${what}: times`);
  got.forEach((p, i) => near(p[1], (want[i] as [number, number])[1], `${what}: hypervolume ${i}`));
}

describe('search report', () => {
  const data: ReportData = {
    title: 'run <1>',
    facts: [['dataset', 'fashion-mnist'] as [string, string]],
    candidates: [
      c({}), c({ hash: 'b'.repeat(64), status: 'failed', accuracy: null, reason: 'loss <NaN>' }),
      c({ hash: 'f1'.padEnd(64, '0'), phase: 'final', rung: 3, accuracy: 90, params: 10_000, macs: 1_000_000 }),
      c({ hash: 'f2'.padEnd(64, '0'), phase: 'final', rung: 3, accuracy: 92, params: 40_000, macs: 9_000_000 }),
    ],
    frontHashes: ['f1'.padEnd(64, '0'), 'f2'.padEnd(64, '0')],
    hypervolume: { clock: 'elapsed', endSeconds: 100, series: [{ label: 'search <s>', points: [[10, 0.1], [40, 0.3]] }, { label: 'final', points: [[90, 0.25]] }] },
    rungFronts: [],
    submit: { clears: false, headline: 'no model was trained: nothing to submit', commands: [] },
  };

  it('is one self-contained HTML page: inline SVG and CSS, no script, no external asset', () => {
    const html = renderSearchReport(data);
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<style>/);
    assert.match(html, /<svg viewBox/);
    assert.doesNotMatch(html, /<script|<link|src=|url\(http/);
  });

  it('draws the front as a step line through the final models, marks them, and lists every candidate with escaped text', () => {
    const html = renderSearchReport(data);
    assert.equal((html.match(/class="front"/g) ?? []).length, 1);
    assert.match(html, /<path d="M [\d.]+ [\d.]+ H [\d.]+ V [\d.]+" class="front"\/>/);
    assert.equal((html.match(/class="final"/g) ?? []).length, 2);
    assert.equal((html.match(/<tr class=/g) ?? []).length, 4);
    assert.match(html, /loss &lt;NaN&gt;/);
    assert.match(html, /run &lt;1&gt;/);
    assert.match(html, /onfront/);
  });

  it('draws hypervolume over time as a step line per series with a dot per point, and says the last figure of each', () => {
    const html = renderSearchReport(data);
    assert.equal((html.match(/class="hv"/g) ?? []).length, 2);
    assert.equal((html.match(/class="hvpt"/g) ?? []).length, 3);
    // Up from 0 at the first point, a step at each, on to the end of the axis (100 s: seconds under 3 minutes).
    assert.match(html, /<path d="M ([\d.]+) ([\d.]+) H \1 V ([\d.]+) H ([\d.]+) V ([\d.]+) H ([\d.]+)" class="hv"/);
    assert.match(html, /run time \(seconds\)/);
    assert.match(html, /search &lt;s&gt;: 0\.3000; final: 0\.2500/);
    const summed = renderSearchReport({ ...data, hypervolume: { ...data.hypervolume, clock: 'summed', endSeconds: 600 } });
    assert.match(summed, /evaluation time, summed \(minutes\)/);
    assert.match(summed, /sums each evaluation's seconds in record order/);
  });

  it('colours MACs on a fixed ramp', () => {
    assert.equal(colourOf(0), 'rgb(68,1,84)');
    assert.equal(colourOf(1), 'rgb(253,231,37)');
    assert.equal(colourOf(2), colourOf(1));
  });

  it('renders an empty run without a plot', () => {
    const html = renderSearchReport({ ...data, candidates: [], frontHashes: [], hypervolume: { clock: 'elapsed', endSeconds: 0, series: [] } });
    assert.match(html, /No completed evaluation to plot/);
    assert.match(html, /no hypervolume to draw/);
  });
});

describe('hypervolume over time (write-report.ts)', () => {
  it('after each complete record, the hypervolume of its phase so far at the record\'s elapsed time: the search phase and the final models', () => {
    const hv = hvOverTime(records, limits);
    assert.equal(hv.clock, 'elapsed');
    assert.equal(hv.endSeconds, 60);
    assert.deepEqual(hv.series.map((s) => s.label), ['search phase (rung 0, held-out accuracy)', 'final models (test accuracy)']);
    assertSeries(hv.series[0]!.points, [[10, 0.125], [20, 0.421875], [25, 0.421875], [30, 0.423375]], 'search');
    assertSeries(hv.series[1]!.points, [[50, 0.2], [60, 0.536]], 'final');
  });

  it('records without elapsedSeconds (an older run, or one resumed from it): time is the sum of seconds in seq order', () => {
    const old = records.map(({ elapsedSeconds: _e, ...r }) => r).reverse(); // order in the file does not matter: seq does
    const hv = hvOverTime(old, limits);
    assert.equal(hv.clock, 'summed');
    assert.equal(hv.endSeconds, 80);
    assertSeries(hv.series[0]!.points, [[4, 0.125], [12, 0.421875], [14, 0.421875], [20, 0.423375]], 'search');
    assertSeries(hv.series[1]!.points, [[50, 0.2], [80, 0.536]], 'final');
    const mixed = records.map((r, i) => (i === 0 ? { ...r, elapsedSeconds: undefined } : r));
    assert.equal(hvOverTime(mixed, limits).clock, 'summed');
  });

  it('never goes down, in time or hypervolume, over 300 random records', () => {
    const r = rngFor(1, 'hv-over-time-spec');
    const rng = () => r.next();
    let t = 0;
    const many = Array.from({ length: 300 }, (_, i) => rec(i, {
      phase: i < 250 ? 'search' : 'final', accuracy: 100 * rng(), params: 1_200 * rng(), macs: 1_200_000 * rng(), elapsedSeconds: (t += 10 * rng()),
      ...(rng() < 0.1 ? { status: 'failed' as const, accuracy: null } : {}),
    }));
    for (const s of hvOverTime(many, limits).series) {
      assert.ok(s.points.length > 20);
      s.points.forEach(([time, v], i) => {
        assert.ok(v >= 0 && v <= 1);
        if (i > 0) assert.ok(time >= s.points[i - 1]![0] && v >= s.points[i - 1]![1], `step ${i} of ${s.label}`);
      });
    }
  });
});

describe('the front of each rung (write-report.ts)', () => {
  it('holds exactly the non-dominated complete records of each rung, fewest params first', () => {
    const extra = [
      rec(9, { phase: 'promote', rung: 1, generation: 1, accuracy: 70, params: 200, macs: 300_000 }),
      rec(10, { phase: 'promote', rung: 1, generation: 1, accuracy: 94, params: 300, macs: 300_000 }), // dominated by seq 6
    ];
    const fronts = rungFronts([...records, ...extra], 2);
    assert.deepEqual(fronts.map((f) => [f.label, f.accuracyOf, f.complete, f.members.map((m) => m.hash.slice(0, 3))]), [
      ['search, rung 0', 'held-out', 4, ['h20', 'h40']], // seq 2 dominates seqs 0 and 3
      ['promotion rung 1', 'held-out', 3, ['h90', 'h60']],
      ['final models', 'test', 2, ['h80', 'h70']],
    ]);
  });

  it('agrees with every pair compared by dominance, over 200 random records', () => {
    const r = rngFor(2, 'rung-front-spec');
    const rng = () => r.next();
    const many = Array.from({ length: 200 }, (_, i) => rec(i, { hash: `r${i}`.padEnd(64, '0'), accuracy: Math.round(100 * rng()), params: Math.round(20 * rng()) * 50, macs: Math.round(20 * rng()) * 50_000 }));
    const [front] = rungFronts(many, 1);
    const obj = (r: CandidateRecord) => [-(r.accuracy as number), r.params as number, r.macs as number];
    const want = many.filter((r) => !many.some((o) => dominates(obj(o), obj(r)))).map((r) => r.hash).sort();
    assert.deepEqual(front!.members.map((m) => m.hash).sort(), want);
    assert.ok(want.length >= 3 && want.length < 200);
  });

  it('is drawn as one table per rung with a row per member', () => {
    const d = searchReportData('runs/x', settings(), records, []);
    const html = renderSearchReport(d);
    const tables = html.split('<table class="rungfront">').slice(1).map((t) => t.slice(0, t.indexOf('</table>')));
    assert.deepEqual(tables.map((t) => (t.match(/<tr><td>/g) ?? []).length), [2, 1, 2]);
    assert.match(tables[0]!, /<td>h20000000000<\/td><td class="n">75\.00<\/td><td class="n">250<\/td><td class="n">250,000<\/td><td class="n">1,024×1<\/td>/);
    assert.match(html, /search, rung 0: 2 of 4 complete records on its front/);
  });
});

function settings() {
  const s = defaultSettings({ space: loadSearchSpace('macro'), config: valiPreset('fashion-mnist'), trainImages: 1000, seed: 0, population: 6, generations: 3, maxParams: 1_000, maxMacs: 1_000_000, initial: [] });
  return { ...s, rungs: [{ trainImages: 1024, epochs: 1 }, { trainImages: 2048, epochs: 1 }] };
}

function member(dir: string, accuracy: number, macs = 500_000): FrontMember {
  return { dir, hash: 'h7'.padEnd(64, '0'), accuracy, accuracyFloored: Math.floor(accuracy), params: 500, paramsRounded: 500, macs, macsRounded: macs, onFront: true };
}

describe('the model to submit in the report', () => {
  it('names the folder, says it clears the rules and gives the exact check and submit commands, escaped', () => {
    const dir = 'runs/a<b>/front/01-h7000000000';
    const html = renderSearchReport(searchReportData('runs/a<b>', settings(), records, [member(dir, 80.4)]));
    const esc = 'runs/a&lt;b&gt;/front/01-h7000000000';
    assert.match(html, new RegExp(`to submit: ${esc} \\(80\\.40%, 500 params; the most accurate model that clears the minimum of 80%\\)`));
    assert.match(html, /class="clears">Clears the validator's rules/);
    assert.ok(html.includes(`<code>naschain check ${esc}</code>`));
    assert.ok(html.includes(`<code>naschain submit ${esc} --repo &lt;your-hf-namespace&gt;/&lt;model-name&gt;</code>`));
    assert.doesNotMatch(html, /a<b>/);
  });

  it('when nothing clears: why, and a longer run to try instead of the commands', () => {
    const html = renderSearchReport(searchReportData('runs/x', { ...settings(), timeBudgetMs: 600_000 }, records, [member('runs/x/front/01-h7', 79.99)]));
    assert.match(html, /nothing to submit yet: the most accurate model \(79\.99%, runs\/x\/front\/01-h7\) would not count for validators: its accuracy 79% is below the minimum of 80%/);
    assert.match(html, /class="nogo">Does not clear/);
    assert.ok(html.includes('<code>naschain search --dataset fashion-mnist --time-budget 20 --out runs/x-longer</code>'));
    assert.doesNotMatch(html, /naschain submit|naschain check/);
    const none = renderSearchReport(searchReportData('runs/x', settings(), records, []));
    assert.match(none, /no model was trained: nothing to submit/);
    assert.doesNotMatch(none, /<code>/);
    // A run that ended with no time for a final model: the report names the --resume that trains it, as the summary does.
    const resume = renderSearchReport(searchReportData('runs/x', settings(), records, [], { resumeBudgetMinutes: 7 }));
    assert.match(resume, /no model was trained: the time budget ran out before the final training/);
    assert.ok(resume.includes('<code>naschain search --resume runs/x --time-budget 7</code>'));
  });
});
