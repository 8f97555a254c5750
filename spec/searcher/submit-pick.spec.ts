// Which front model the search's summary tells a miner to submit.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pickToSubmit, submitAdvice, submitAdviceLines } from '../../lib/searcher/submit-pick.js';
import type { FrontMember } from '../../lib/searcher/final-phase.js';

function member(dir: string, accuracy: number, params: number, macs: number): FrontMember {
  return { dir, hash: dir, accuracy, accuracyFloored: Math.floor(accuracy), params, paramsRounded: params, macs, macsRounded: macs, onFront: true };
}
const rules = { minAccuracy: 80, maxMacs: 10_000_000 };

describe('pickToSubmit', () => {
  it('takes the most accurate model that clears the minimum and the MAC cap', () => {
    const front = [member('small', 80.5, 5_000, 300_000), member('big', 91, 40_000, 20_000_000), member('mid', 88.2, 20_000, 4_000_000)];
    assert.deepEqual(pickToSubmit(front, rules), { member: front[2], clears: true });
  });

  it('floors the accuracy as validators do: 79.99% does not clear 80%', () => {
    const p = pickToSubmit([member('a', 79.99, 5_000, 300_000)], rules);
    assert.equal(p?.clears, false);
    assert.equal(p?.member.dir, 'a');
    assert.match(p?.why ?? '', /accuracy 79% is below the minimum of 80%/);
  });

  it('says when the MACs are the reason', () => {
    const p = pickToSubmit([member('a', 90, 5_000, 10_000_000)], rules);
    assert.equal(p?.clears, false);
    assert.match(p?.why ?? '', /10,000,000 MACs are not under the cap of 10,000,000/);
  });

  it('an empty front: nothing', () => {
    assert.equal(pickToSubmit([], rules), undefined);
  });
});

describe('submitAdvice: the words of the search summary and of report.html', () => {
  const settings = { dataset: 'fashion-mnist', timeBudgetMs: 600_000 };
  it('a model that clears: its folder and the exact check and submit commands, aligned', () => {
    const a = submitAdvice(pickToSubmit([member('runs/r/front/01-ab', 88.25, 12_345, 300_000)], rules), settings, 80, 'runs/r');
    assert.equal(a.dir, 'runs/r/front/01-ab');
    assert.equal(a.clears, true);
    assert.deepEqual(submitAdviceLines(a), [
      'to submit: runs/r/front/01-ab (88.25%, 12,345 params; the most accurate model that clears the minimum of 80%)',
      '  check it as a validator would:  naschain check runs/r/front/01-ab',
      '  submit it:                      naschain submit runs/r/front/01-ab --repo <your-hf-namespace>/<model-name>',
    ]);
  });

  it('none clears: why, and a run twice as long (an hour without a budget)', () => {
    const p = pickToSubmit([member('runs/r/front/01-ab', 79.5, 5_000, 300_000)], rules);
    assert.deepEqual(submitAdviceLines(submitAdvice(p, settings, 80, 'runs/r')), [
      'nothing to submit yet: the most accurate model (79.50%, runs/r/front/01-ab) would not count for validators: its accuracy 79% is below the minimum of 80%',
      '  give it more time, e.g.:  naschain search --dataset fashion-mnist --time-budget 20 --out runs/r-longer',
    ]);
    assert.match(submitAdvice(p, { dataset: 'cifar10' }, 80, 'runs/r').commands[0]?.command ?? '', /--dataset cifar10 --time-budget 60 --out/);
    assert.deepEqual(submitAdviceLines(submitAdvice(undefined, settings, 80, 'runs/r')), ['no model was trained: nothing to submit']);
  });

  it('no candidate finished: a longer run; the budget ran out before the final training: the resume command with the budget it needs', () => {
    assert.deepEqual(submitAdviceLines(submitAdvice(undefined, settings, 80, 'runs/r', { noneFinished: true })), [
      'no model was trained: no candidate finished training within the time budget',
      '  give it more time, e.g.:  naschain search --dataset fashion-mnist --time-budget 20 --out runs/r-longer',
    ]);
    assert.deepEqual(submitAdviceLines(submitAdvice(undefined, settings, 80, 'runs/r', { resumeBudgetMinutes: 23 })), [
      'no model was trained: the time budget ran out before the final training; nothing is lost',
      '  train it with a longer budget:  naschain search --resume runs/r --time-budget 23',
    ]);
  });
});
