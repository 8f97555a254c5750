import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { colourOf, renderSearchReport, type ReportCandidate } from '../../lib/report/search-report.js';

const c = (over: Partial<ReportCandidate>): ReportCandidate => ({ hash: 'a'.repeat(64), phase: 'search', rung: 0, generation: 0, status: 'complete', accuracy: 80, params: 20_000, macs: 3_000_000, trainImages: 1024, epochs: 1, seconds: 2, ...over });

describe('search report', () => {
  const data = {
    title: 'run <1>',
    facts: [['dataset', 'fashion-mnist'] as [string, string]],
    candidates: [
      c({}), c({ hash: 'b'.repeat(64), status: 'failed', accuracy: null, reason: 'loss <NaN>' }),
      c({ hash: 'f1'.padEnd(64, '0'), phase: 'final', rung: 3, accuracy: 90, params: 10_000, macs: 1_000_000 }),
      c({ hash: 'f2'.padEnd(64, '0'), phase: 'final', rung: 3, accuracy: 92, params: 40_000, macs: 9_000_000 }),
    ],
    frontHashes: ['f1'.padEnd(64, '0'), 'f2'.padEnd(64, '0')],
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

  it('colours MACs on a fixed ramp', () => {
    assert.equal(colourOf(0), 'rgb(68,1,84)');
    assert.equal(colourOf(1), 'rgb(253,231,37)');
    assert.equal(colourOf(2), colourOf(1));
  });

  it('renders an empty run without a plot', () => {
    assert.match(renderSearchReport({ ...data, candidates: [], frontHashes: [] }), /No completed evaluation to plot/);
  });
});
