import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseSearchSpace, spaceSize, checkGenome, genomeHash, canonicalGenomeJson, type SearchSpace } from '../../lib/search/index.js';
import { loadSearchSpace, builtinSpaceNames } from '../../lib/search/space-file.js';

const good = () => ({
  kind: 'naschain/search-space', version: 1, name: 't', description: 'test',
  genes: [
    { name: 'w', kind: 'choice', options: [16, 32, 'x', true] },
    { name: 'd', kind: 'int', min: 1, max: 7, step: 2 },
    { name: 'lr', kind: 'float', min: 1e-4, max: 1e-1, log: true },
  ],
} as Record<string, unknown>);

test('a valid space parses with defaults filled and survives a JSON round trip', () => {
  const raw = good();
  (raw.genes as Record<string, unknown>[])[1]!.step = undefined;
  const s = parseSearchSpace(JSON.parse(JSON.stringify(good())), 'macro.json');
  assert.deepEqual(s.genes[1], { name: 'd', kind: 'int', min: 1, max: 7, step: 2 });
  assert.deepEqual(parseSearchSpace(JSON.parse(JSON.stringify(s))), s);
  const noStep = parseSearchSpace({ ...good(), genes: [{ name: 'd', kind: 'int', min: 0, max: 3 }, { name: 'f', kind: 'float', min: 0, max: 1 }] });
  assert.deepEqual(noStep.genes, [{ name: 'd', kind: 'int', min: 0, max: 3, step: 1 }, { name: 'f', kind: 'float', min: 0, max: 1, log: false }]);
  assert.equal(spaceSize(noStep), Infinity);
  assert.equal(spaceSize(parseSearchSpace({ ...good(), genes: [good().genes && { name: 'a', kind: 'choice', options: [1, 2, 3] }, { name: 'd', kind: 'int', min: 1, max: 8, step: 2 }] })), 12);
});

test('validation errors give the file, the JSON path, the value and what was allowed', () => {
  const bad = (mutate: (r: Record<string, unknown>, genes: Record<string, unknown>[]) => void, re: RegExp) => {
    const r = good();
    mutate(r, r.genes as Record<string, unknown>[]);
    assert.throws(() => parseSearchSpace(r, 'macro.json'), (e: Error) => { assert.match(e.message, re); return true; });
  };
  bad((_, g) => { g[1]!.max = 7.5; }, /^search space macro.json: \$\.genes\[1\]\.max: got 7.5, expected an integer$/);
  bad((_, g) => { g[2]!.max = 'x'; }, /^search space macro.json: \$\.genes\[2\]\.max: got "x", expected a number$/);
  bad((r) => { r.kind = 'other'; }, /\$\.kind: got "other", expected "naschain\/search-space"/);
  bad((r) => { r.version = 2; }, /\$\.version: got 2, expected 1/);
  bad((r) => { r.genes = []; }, /\$\.genes: got \[\], expected a non-empty array of genes/);
  bad((_, g) => { g[0]!.options = []; }, /\$\.genes\[0\]\.options: got \[\], expected a non-empty array/);
  bad((_, g) => { g[0]!.options = [1, 1]; }, /\$\.genes\[0\]\.options\[1\]: got 1, expected an option not listed before/);
  bad((_, g) => { g[0]!.options = [1, null]; }, /\$\.genes\[0\]\.options\[1\]: got null, expected a string, a finite number or a boolean/);
  bad((_, g) => { g[1]!.name = 'w'; }, /\$\.genes\[1\]\.name: got "w", expected a name not used by an earlier gene/);
  bad((_, g) => { g[1]!.name = 'a b'; }, /\$\.genes\[1\]\.name: got "a b", expected a name of letters, digits and _/);
  bad((_, g) => { g[1]!.kind = 'bool'; }, /\$\.genes\[1\]\.kind: got "bool", expected "choice", "int" or "float"/);
  bad((_, g) => { g[1]!.maxx = 3; }, /\$\.genes\[1\]\.maxx: got 3, expected no such key on a int gene \(allowed: name, kind, description, min, max, step\)/);
  bad((_, g) => { g[1]!.min = 9; }, /\$\.genes\[1\]\.max: got 7, expected an integer >= min \(9\)/);
  bad((_, g) => { g[1]!.step = 0; }, /\$\.genes\[1\]\.step: got 0, expected an integer >= 1/);
  bad((_, g) => { g[2]!.min = 0; }, /\$\.genes\[2\]\.min: got 0, expected a number > 0 on a log-scaled gene/);
  bad((_, g) => { g[2]!.log = 'yes'; }, /\$\.genes\[2\]\.log: got "yes", expected true or false/);
  assert.throws(() => parseSearchSpace([], 'x.json'), /search space x.json: \$: got \[\], expected a JSON object$/);
});

test('the built-in spaces load, validate, and document every gene', () => {
  assert.deepEqual(builtinSpaceNames(), ['cell', 'macro']);
  for (const name of builtinSpaceNames()) {
    const s = loadSearchSpace(name);
    assert.equal(s.name, name);
    assert.ok(s.description.length > 100, `${name} has a description`);
    for (const g of s.genes) assert.ok((g.description ?? '').length > 10, `${name}.${g.name} has a description`);
  }
  const macro = loadSearchSpace('macro');
  const blocks = macro.genes.find((g) => g.name === 's1_block');
  assert.deepEqual(blocks && blocks.kind === 'choice' && blocks.options, ['conv', 'dwsep', 'mbconv', 'resnet-basic']);
  const cell = loadSearchSpace('cell');
  const in3 = cell.genes.find((g) => g.name === 'normal_n3_in2');
  assert.deepEqual(in3 && in3.kind === 'choice' && in3.options, [0, 1, 2, 3, 4], 'node 3 may read the two cell inputs and nodes 0-2');
});

test('loading reports a missing file, bad JSON and unknown built-in names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'space-'));
  try {
    const p = join(dir, 'broken.json');
    writeFileSync(p, '{ nope');
    assert.throws(() => loadSearchSpace(p), /search space .*broken.json: not valid JSON/);
    writeFileSync(p, JSON.stringify({ ...good(), version: 3 }));
    assert.throws(() => loadSearchSpace(p), /broken.json: \$\.version: got 3, expected 1/);
    assert.throws(() => loadSearchSpace(join(dir, 'none.json')), /none.json: cannot read it \(does not exist\)/);
    assert.throws(() => loadSearchSpace('nosuch'), /search space nosuch.json: cannot read it \(does not exist\) \(built-in spaces: cell, macro\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('genome hash is stable across key order and changes with any value', () => {
  const a = { w: 16, d: 3, lr: 0.01 };
  const b = { lr: 0.01, d: 3, w: 16 };
  assert.equal(canonicalGenomeJson(a), '{"d":3,"lr":0.01,"w":16}');
  assert.equal(genomeHash(a), genomeHash(b));
  assert.match(genomeHash(a), /^[0-9a-f]{64}$/);
  assert.notEqual(genomeHash(a), genomeHash({ ...a, d: 5 }));
  assert.notEqual(genomeHash({ x: 1 }), genomeHash({ x: '1' }));
  // A genome survives a JSON round trip with the same hash (floats included).
  const f = { x: 0.1 + 0.2, y: 1e-17 };
  assert.equal(genomeHash(JSON.parse(JSON.stringify(f))), genomeHash(f));
});

test('checkGenome names the gene, the value and what is allowed', () => {
  const s: SearchSpace = parseSearchSpace(good());
  assert.deepEqual(checkGenome(s, { w: 'x', d: 5, lr: 0.01 }), { w: 'x', d: 5, lr: 0.01 });
  assert.throws(() => checkGenome(s, { w: 17, d: 5, lr: 0.01 }), /genome.w: got 17, expected one of \[16,32,"x",true\]/);
  assert.throws(() => checkGenome(s, { w: 16, d: 4, lr: 0.01 }), /genome.d: got 4, expected an integer from 1 to 7 in steps of 2/);
  assert.throws(() => checkGenome(s, { w: 16, d: 5, lr: 1 }), /genome.lr: got 1, expected a number from 0.0001 to 0.1/);
  assert.throws(() => checkGenome(s, { w: 16, d: 5, lr: 0.01, z: 1 }), /genome.z: got 1, expected no such gene in search space t/);
  assert.throws(() => checkGenome(s, { w: 16, lr: 0.01 }), /genome.d: got undefined/);
});
