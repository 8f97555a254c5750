import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, validatorReportHtml, type ValidatorReportData, type ValidatorReportRow } from '../../lib/report/validator-report.js';

const row = (o: Partial<ValidatorReportRow>): ValidatorReportRow => ({
  name: 'm', uid: 1, hotkey: '5Abc', accuracy: 80.5, accuracyFloor: 80, params: 2010, paramsRounded: 2000, macs: 9016, macsRounded: 9000,
  retrainAccuracy: 80.5, gap: 0.5, scoredAccuracy: 80, pareto: 'front', reward: 0.5, weight: 65535, reason: null, message: null, ...o,
});

const data: ValidatorReportData = {
  source: 'local folder ./subs', dataset: 'fashion-mnist-small', backend: 'wasm',
  config: { minAccuracy: 70, maxMacs: 280_000_000, trainEpochs: 3, seed: 0 }, retrain: true, subnetSize: 5,
  rows: [
    row({ name: 'a', uid: 1, params: 2010, scoredAccuracy: 79 }),
    row({ name: 'b', uid: 2, params: 8010, scoredAccuracy: 82 }),
    row({ name: 'leaky', uid: 3, params: 4010, scoredAccuracy: 76, pareto: 'dropped', reward: 0, weight: 0, reason: 'retrained-below-submitted' }),
    row({ name: '<script>alert(1)</script>', uid: null, accuracy: null, params: null, scoredAccuracy: null, pareto: 'rejected', reason: 'bad-submission', message: 'uid is "x" & <b>' }),
  ],
  front: [1, 2], weights: { uids: [1, 2], weights: [43670, 65535] },
};

test('the report is one self-contained page: scatter with the front as a line, every row in the table', () => {
  const html = validatorReportHtml(data);
  assert.match(html, /^<!doctype html>/);
  assert.doesNotMatch(html, /<script|src=|href=/i, 'no scripts, nothing fetched');
  assert.equal((html.match(/<circle /g) ?? []).length, 3, 'one dot per scored model');
  const line = /<polyline class="front" points="([^"]+)"/.exec(html);
  assert.ok(line, 'the front is drawn as a line');
  assert.equal(line[1]?.split(' ').length, 2, 'through the two front members only');
  assert.equal((html.match(/<tr class=/g) ?? []).length, 4);
  assert.match(html, /u16 \[43670, 65535\]/);
});

test('text from submissions is escaped', () => {
  const html = validatorReportHtml(data);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /uid is &quot;x&quot; &amp; &lt;b&gt;/);
  assert.equal(escapeHtml(`<a href='x'>&</a>`), '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
});

test('a round with nothing scored still renders', () => {
  const html = validatorReportHtml({ ...data, rows: [data.rows[3] as ValidatorReportRow], front: [], weights: { uids: [], weights: [] } });
  assert.match(html, /No model was scored/);
  assert.match(html, /front \(uids\): none/);
});

test('a long reason collapses to one line with the full text on demand; hotkeys are shortened with the whole key on hover', () => {
  const long = `layer "x" is a "Lambda", expected one of ${'Conv2D, '.repeat(20)}Dense`;
  const html = validatorReportHtml({ ...data, rows: [row({ hotkey: '5N1BWA7KJpThchwM1C6FoX5oDwseQAuRmFEPf2eqyzVVNgJc', pareto: 'rejected', reason: 'disallowed-layer', message: long })] });
  assert.match(html, /<details><summary>disallowed-layer: layer &quot;x&quot; is a &quot;Lambda&quot;, expected [^<]*…<\/summary><div class="full">disallowed-layer: layer/);
  assert.match(html, /<span title="5N1BWA7KJpThchwM1C6FoX5oDwseQAuRmFEPf2eqyzVVNgJc">5N1BWA…NgJc<\/span>/);
  assert.match(html, /Gap: training-set accuracy minus test accuracy of the retrained model/);
});

test('with the limits given, a round where nothing is rewarded says why uid 0 gets 65535', () => {
  const html = validatorReportHtml({ ...data, rows: [], front: [], subnetSize: 1, weights: { uids: [0], weights: [65535] }, limits: { minAllowedWeights: 1, maxWeightLimit: 1 } });
  assert.match(html, /bittensor&#39;s rule for all-zero weights/);
  assert.match(html, /MaxWeightsLimit 65535 \(u16/);
});
