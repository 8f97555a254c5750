// Upstream's rounding, reproduced bit for bit: a fixed golden table (the exact
// halves where Python's half-to-even round differs from half-up), and
// generated cases checked against python3 itself when it is installed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { floorAccuracy, roundMacs, roundMacsUpstreamFloat, roundParams } from '../../lib/eval/rounding.js';
import { pyRound, roundToNearestSignificant } from '../../lib/eval/py-round.js';
import { makeRng } from '../../lib/core/rng.js';

describe('upstream rounding: golden table', () => {
  it('params to 1 significant digit, exact halves to even', () => {
    const table: [number, number][] = [
      [123_456, 100_000], [157_000, 200_000], [272_474, 300_000], [9, 9], [0, 0],
      [25_000, 20_000], [250_000, 200_000], [35_000, 40_000], [15, 20], [25, 20], [2_500_000, 2_000_000],
      [149_999, 100_000], [150_000, 200_000], [950_000, 1_000_000], [999_999, 1_000_000],
    ];
    for (const [x, want] of table) assert.equal(roundParams(x), want, `roundParams(${x})`);
  });

  it('MACs: 1 significant digit up to 7 digits, else 2; exact halves to even', () => {
    const table: [number, number][] = [
      [43_210_000, 43_000_000], [9_999_999, 10_000_000], [1_234_567, 1_000_000], [12_345_678, 12_000_000],
      [279_600_000, 280_000_000], [12_500_000, 12_000_000], [43_500_000, 43_000_000], [42_500_000, 42_000_000],
      // 1.35 is stored just above 1.35, so it rounds up: 13,500,000 -> 14,000,000.
      [13_500_000, 14_000_000], [2_500_000, 2_000_000], [3_500_000, 4_000_000], [41_363_146, 41_000_000],
    ];
    for (const [x, want] of table) assert.equal(roundMacs(x), want, `roundMacs(${x})`);
  });

  it('reproduces the float product upstream keeps (round(1.1, 1) * 10**8), and the integer it stands for', () => {
    assert.equal(roundMacsUpstreamFloat(110_000_000), 110000000.00000001);
    assert.equal(roundMacsUpstreamFloat(230_000_000), 229999999.99999997);
    assert.equal(roundMacs(110_000_000), 110_000_000);
    assert.equal(roundMacs(229_700_000), 230_000_000);
    assert.equal(roundMacsUpstreamFloat(280_000_000), 280_000_000);
  });

  it('round(x, n) is half-even on the exact binary value', () => {
    assert.equal(pyRound(2.5, 0), 2);
    assert.equal(pyRound(3.5, 0), 4);
    assert.equal(pyRound(2.675, 2), 2.67); // 2.675 is stored below 2.675
    assert.equal(pyRound(0.125, 2), 0.12);
    assert.equal(pyRound(0.375, 2), 0.38);
    assert.equal(pyRound(1234.5, -1), 1230);
    assert.equal(pyRound(1250, -2), 1200);
    assert.ok(Object.is(pyRound(-0.4, 0), -0));
    assert.equal(pyRound(Infinity, 2), Infinity);
    assert.equal(pyRound(1e-320, 400), 1e-320);
  });

  it('names a bad argument', () => {
    assert.throws(() => roundParams(Number.NaN), /value to round: got NaN, expected a finite number/);
    assert.throws(() => roundToNearestSignificant(5, 0), /significant digits: got 0, expected a positive integer/);
    assert.throws(() => pyRound(1, 0.5), /round ndigits: got 0.5/);
  });

  it('accuracy floored to an integer percent', () => {
    assert.equal(floorAccuracy(90.99), 90);
    assert.equal(floorAccuracy(70), 70);
  });
});

// The same functions in Python, as upstream writes them (forward.py at 7fbf78d).
const PYTHON = `
import json, math, sys
def round_to_nearest_significant(x, n=2):
    if x == 0:
        return 0
    else:
        magnitude = int(math.floor(math.log10(abs(x))))
        factor = 10 ** magnitude
        return round(x / factor, n-1) * factor
def round_flops_to_nearest_significant(flops):
    if flops == 0:
        return 0
    num_digits = len(str(int(abs(flops))))
    n = 1 if num_digits <= 7 else 2
    magnitude = int(math.floor(math.log10(abs(flops))))
    factor = 10 ** magnitude
    return round(flops / factor, n-1) * factor
cases = json.load(sys.stdin)
out = {
  'round': [repr(float(round(float(x), n))) for x, n in cases['round']],
  'params': [repr(float(round_to_nearest_significant(x, 1))) for x in cases['ints']],
  'flops': [repr(float(round_flops_to_nearest_significant(x))) for x in cases['ints']],
}
print(json.dumps(out))
`;

function python3(): string | null {
  const r = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? null : 'python3';
}

describe('upstream rounding against python3', () => {
  const py = python3();
  it('matches CPython on generated round(x, n), params and MAC counts', { skip: py ? false : 'python3 is not installed; the golden table above still runs' }, () => {
    const rng = makeRng(20_241_113);
    const round: [number, number][] = [];
    const ints: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const n = rng.int(16) - 4;
      // Exact dyadic values with few decimals make true ties; random doubles make near-ties.
      const x = i % 3 === 0 ? (rng.int(1 << 20) + 0.5) / 2 ** rng.int(12) : (rng.next() - 0.5) * 10 ** (rng.int(30) - 10);
      round.push([x, n]);
    }
    for (let digits = 1; digits <= 16; digits++) {
      for (let i = 0; i < 150; i++) {
        const lead = 10 ** (digits - 1);
        const x = Math.min(Number.MAX_SAFE_INTEGER, lead + Math.floor(rng.next() * 9 * lead));
        ints.push(x);
        // Exact halves at the first and second significant digit, and the neighbours of powers of ten.
        ints.push(Math.round(x / lead) * lead + (digits > 1 ? lead / 2 : 0), Math.round(x / lead) * lead + (digits > 2 ? lead / 20 : 0));
      }
      ints.push(10 ** (digits - 1), 10 ** digits - 1, 10 ** digits - 2);
    }
    const r = spawnSync('python3', ['-c', PYTHON], { input: JSON.stringify({ round, ints }), encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(r.status, 0, r.stderr);
    const want = JSON.parse(r.stdout) as { round: string[]; params: string[]; flops: string[] };
    const bad: string[] = [];
    round.forEach(([x, n], i) => {
      const got = pyRound(x, n);
      if (!Object.is(got, Number(want.round[i])) && !(got === 0 && Number(want.round[i]) === 0)) bad.push(`round(${x}, ${n}): ${got} vs ${want.round[i]}`);
    });
    ints.forEach((x, i) => {
      if (roundParams(x) !== Number(want.params[i])) bad.push(`params ${x}: ${roundParams(x)} vs ${want.params[i]}`);
      if (!Object.is(roundMacsUpstreamFloat(x), Number(want.flops[i]))) bad.push(`flops ${x}: ${roundMacsUpstreamFloat(x)} vs ${want.flops[i]}`);
      if (roundMacs(x) !== Math.round(Number(want.flops[i]))) bad.push(`flops as integer ${x}: ${roundMacs(x)} vs ${want.flops[i]}`);
    });
    assert.deepEqual(bad.slice(0, 10), [], `${bad.length} of ${round.length + 2 * ints.length} differ`);
    assert.ok(round.length + ints.length > 5000);
  });
});
