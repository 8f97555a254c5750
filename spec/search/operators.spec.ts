import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../../lib/core/rng.js';
import { GENE_OPERATORS, DEFAULT_REAL_PARAMS, sbx, polynomialMutation, type IntGene, type FloatGene, type ChoiceGene } from '../../lib/search/index.js';

const P = DEFAULT_REAL_PARAMS;

test('int operators stay on the grid and reach both ends', () => {
  const g: IntGene = { name: 'd', kind: 'int', min: 2, max: 11, step: 3 }; // grid 2, 5, 8, 11
  const rng = makeRng(1);
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const a = GENE_OPERATORS.int.sample(g, rng) as number;
    const [c1, c2] = GENE_OPERATORS.int.crossover(g, a, 11, P, rng) as [number, number];
    const m = GENE_OPERATORS.int.mutate(g, a, P, rng) as number;
    for (const v of [a, c1, c2, m]) {
      assert.ok([2, 5, 8, 11].includes(v), `value ${v} on the grid`);
      seen.add(v);
    }
  }
  assert.deepEqual([...seen].sort((x, y) => x - y), [2, 5, 8, 11]);
  const counts = new Map<number, number>();
  for (let i = 0; i < 500; i++) {
    const v = GENE_OPERATORS.int.mutate(g, 5, P, rng) as number;
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  assert.equal(counts.get(5), undefined, 'a mutation always changes the value');
  assert.ok((counts.get(2) ?? 0) > 150 && (counts.get(8) ?? 0) > 150, 'mostly one step either way');
  assert.equal(GENE_OPERATORS.int.mutate(g, 2, P, rng) !== 2, true);
  assert.equal(GENE_OPERATORS.int.mutate({ ...g, max: 2 }, 2, P, rng), 2, 'a one-point grid cannot move');
});

test('float operators respect bounds; log genes sample evenly per decade', () => {
  const g: FloatGene = { name: 'lr', kind: 'float', min: 1e-4, max: 1, log: true };
  const rng = makeRng(2);
  let below1e2 = 0;
  for (let i = 0; i < 4000; i++) {
    const v = GENE_OPERATORS.float.sample(g, rng) as number;
    assert.ok(v >= 1e-4 && v <= 1);
    if (v < 1e-2) below1e2++;
    const [c1, c2] = GENE_OPERATORS.float.crossover(g, v, 0.5, P, rng) as [number, number];
    const m = GENE_OPERATORS.float.mutate(g, v, P, rng) as number;
    for (const x of [c1, c2, m]) assert.ok(x >= 1e-4 && x <= 1, `${x} in bounds`);
  }
  assert.ok(Math.abs(below1e2 / 4000 - 0.5) < 0.05, `half the samples below 1e-2 on a log scale (${below1e2})`);
});

test('choice: crossover swaps or keeps, mutation always picks another option', () => {
  const g: ChoiceGene = { name: 'b', kind: 'choice', options: ['conv', 'dwsep', 'mbconv'] };
  const rng = makeRng(3);
  for (let i = 0; i < 200; i++) {
    const [x, y] = GENE_OPERATORS.choice.crossover(g, 'conv', 'mbconv', P, rng);
    assert.deepEqual([x, y].sort(), ['conv', 'mbconv']);
    assert.notEqual(GENE_OPERATORS.choice.mutate(g, 'conv', P, rng), 'conv');
  }
  assert.equal(GENE_OPERATORS.choice.mutate({ ...g, options: ['only'] }, 'only', P, rng), 'only');
});

test('SBX children bracket the parents on average and polynomial mutation stays near with a large eta', () => {
  const rng = makeRng(4);
  let crossed = 0, sum = 0;
  for (let i = 0; i < 2000; i++) {
    const [a, b] = sbx(0.3, 0.6, 0, 1, 15, rng);
    assert.ok(a >= 0 && a <= 1 && b >= 0 && b <= 1);
    if (a !== 0.3 && a !== 0.6) crossed++;
    sum += a + b;
  }
  assert.ok(crossed > 800 && crossed < 1200, `about half the variables cross (${crossed})`);
  assert.ok(Math.abs(sum / 2000 - 0.9) < 0.02, 'SBX preserves the parents\' mean');
  for (let i = 0; i < 500; i++) assert.ok(Math.abs(polynomialMutation(0.5, 0, 1, 100, rng) - 0.5) < 0.1);
  assert.equal(polynomialMutation(0.5, 0.5, 0.5, 20, rng), 0.5);
});
