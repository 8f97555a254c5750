import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Nsga2, parseSearchSpace, genomeHash, checkGenome, type Genome, type SearchSpace } from '../../lib/search/index.js';
import { loadSearchSpace } from '../../lib/search/space-file.js';
import { run, zdt1, zdt2, HV_OPT_ZDT1, HV_OPT_ZDT2, zdtSpace } from './zdt.js';

test('ZDT1: pop 40, 250 generations reach >= 0.95 of the optimal hypervolume (ref 1.1, 1.1)', () => {
  const { hv, algo } = run(zdt1, { seed: 1, termination: { maxGenerations: 250 } });
  assert.equal(algo.evaluations, 10_000);
  assert.ok(hv >= 0.95 * HV_OPT_ZDT1, `hv ${hv} vs optimum ${HV_OPT_ZDT1}`);
  assert.ok(hv <= HV_OPT_ZDT1 + 1e-9, 'never above the true optimum');
});

test('ZDT2 (non-convex front): pop 40, 250 generations reach >= 0.95 of the optimal hypervolume', () => {
  const { hv } = run(zdt2, { seed: 1, termination: { maxGenerations: 250 } });
  assert.ok(hv >= 0.95 * HV_OPT_ZDT2, `hv ${hv} vs optimum ${HV_OPT_ZDT2}`);
});

/** A cheap two-objective stand-in for "accuracy vs cost" on the macro space. */
function macroObjectives(g: Genome): [number, number] {
  let cost = Number(g.stem_width), quality = 0;
  for (let s = 1; s <= 4; s++) {
    const w = Number(g[`s${s}_width`]), d = Number(g[`s${s}_depth`]);
    cost += w * d * (g[`s${s}_block`] === 'mbconv' ? Number(g[`s${s}_expansion`]) : 1);
    quality += Math.log(w) * d + (g[`s${s}_se`] ? 0.5 : 0) + (g[`s${s}_kernel`] === 5 ? 0.3 : 0);
  }
  return [-quality, cost];
}

function trajectory(seed: number, space: SearchSpace, gens: number): string[] {
  const algo = Nsga2.create({ space, seed, popSize: 12, nObjectives: 2, termination: { maxGenerations: gens } });
  const asked: string[] = [];
  for (let b = algo.ask(5); b.length; b = algo.ask(5)) {
    for (const g of b) {
      asked.push(genomeHash(g));
      algo.tell(g, macroObjectives(g));
    }
  }
  return asked;
}

test('same seed gives the same genomes, another seed other genomes', () => {
  const macro = loadSearchSpace('macro');
  const a = trajectory(7, macro, 4), b = trajectory(7, macro, 4), c = trajectory(8, macro, 4);
  assert.equal(a.length, 48);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(a.filter((h) => c.includes(h)).length < 5);
});

const mixed: SearchSpace = parseSearchSpace({
  kind: 'naschain/search-space', version: 1, name: 'mixed', description: 'choice and int genes',
  genes: [
    { name: 'width', kind: 'choice', options: [8, 16, 32, 64] },
    { name: 'block', kind: 'choice', options: ['conv', 'dwsep', 'mbconv'] },
    { name: 'depth', kind: 'int', min: 1, max: 9, step: 2 },
    { name: 'se', kind: 'choice', options: [false, true] },
  ],
});
const mixedObj = (g: Genome): [number, number] => [-(Math.log2(g.width as number) + (g.depth as number) + (g.se ? 1 : 0)), (g.width as number) * (g.depth as number)];

test('ask/tell on a mixed choice/int space: valid genomes, never the same genome twice, partial batches', () => {
  const algo = Nsga2.create({ space: mixed, seed: 3, popSize: 10, nObjectives: 2, termination: { maxGenerations: 8 } });
  const seen = new Set<string>();
  let outstanding: Genome[] = [];
  for (let round = 0; round < 500; round++) {
    outstanding.push(...algo.ask(4));
    if (outstanding.length === 0) break;
    // Tell the oldest two only: the algorithm must wait for the rest before the next generation.
    for (const g of outstanding.splice(0, 2)) {
      checkGenome(mixed, g);
      const h = genomeHash(g);
      assert.ok(!seen.has(h), 'no genome evaluated twice');
      seen.add(h);
      algo.tell(g, mixedObj(g));
    }
  }
  assert.equal(algo.stopReason(), '8 generations');
  assert.equal(seen.size, 80);
  assert.equal(algo.population.length, 10);
  assert.throws(() => algo.tell({ width: 8, block: 'conv', depth: 1, se: false }, [0, 0]), /tell genome: got .*, expected a genome handed out by ask\(\) and not yet told/);
});

test('tell checks objective vectors and constraint violations', () => {
  const algo = Nsga2.create({ space: mixed, seed: 1, popSize: 4, nObjectives: 2 });
  const [g] = algo.ask(1);
  assert.throws(() => algo.tell(g!, [1]), /tell objectives: got \[1\], expected 2 finite numbers/);
  assert.throws(() => algo.tell(g!, [1, NaN]), /expected 2 finite numbers/);
  assert.throws(() => algo.tell(g!, [1, 2], Infinity), /tell constraintViolation: got .*, expected a finite number/);
  algo.tell(g!, [1, 2]);
});

test('failed evaluations are recorded with their reason and never stop the loop or enter the population', () => {
  const algo = Nsga2.create({ space: mixed, seed: 5, popSize: 8, nObjectives: 2, termination: { maxGenerations: 5 } });
  let n = 0;
  for (let b = algo.ask(); b.length; b = algo.ask()) {
    for (const g of b) algo.tell(g, n++ % 3 === 0 ? { failed: true, reason: 'out of memory' } : mixedObj(g));
  }
  assert.equal(algo.evaluations, 40);
  const failed = algo.trials.filter((t) => t.status === 'failed');
  assert.equal(failed.length, 14);
  assert.ok(failed.every((t) => t.reason === 'out of memory'));
  const failedHashes = new Set(failed.map((t) => t.hash));
  assert.ok(algo.population.every((p) => !failedHashes.has(p.hash)));
});

test('constraint handling: infeasible genomes leave the population when enough feasible ones exist', () => {
  const algo = Nsga2.create({ space: mixed, seed: 9, popSize: 10, nObjectives: 2, termination: { maxGenerations: 10 } });
  for (let b = algo.ask(); b.length; b = algo.ask()) {
    for (const g of b) algo.tell(g, mixedObj(g), Math.max(0, (g.width as number) * (g.depth as number) - 128));
  }
  assert.ok(algo.population.every((p) => p.violation === 0));
  assert.ok(algo.paretoTrials().every((t) => t.violation === 0));
  assert.ok(algo.trials.some((t) => (t.violation ?? 0) > 0), 'infeasible genomes were tried');
});

test('a killed run resumed from its JSON state follows the uninterrupted trajectory', () => {
  const opts = { space: zdtSpace, seed: 11, popSize: 10, nObjectives: 2, termination: { maxGenerations: 12 } };
  const drive = (algo: Nsga2, stopAfterTells = Infinity): { algo: Nsga2; killed: boolean } => {
    let told = 0;
    for (;;) {
      const b = algo.ask(3);
      if (b.length === 0) return { algo, killed: false };
      for (const g of b) {
        if (told === stopAfterTells) return { algo, killed: true }; // dies with trials still out
        algo.tell(g, zdt1(g));
        told++;
      }
    }
  };
  const whole = drive(Nsga2.create(opts)).algo;
  const first = drive(Nsga2.create(opts), 47);
  assert.ok(first.killed);
  const saved = JSON.stringify(first.algo.toJSON());
  const resumed = drive(Nsga2.fromJSON(JSON.parse(saved))).algo;
  const byId = (a: Nsga2) => [...a.trials].sort((x, y) => x.id - y.id).map((t) => [t.id, t.generation, t.hash, t.objectives]);
  assert.equal(resumed.evaluations, whole.evaluations);
  assert.deepEqual(byId(resumed), byId(whole));
  assert.deepEqual(resumed.population, whole.population);
});

test('state round trip: JSON keeps kind, version and every number (crowding Infinity included)', () => {
  const algo = Nsga2.create({ space: mixed, seed: 2, popSize: 6, nObjectives: 2, termination: { maxEvaluations: 30 } });
  for (let i = 0; i < 2; i++) for (const g of algo.ask()) algo.tell(g, mixedObj(g));
  const state = algo.toJSON();
  assert.equal(state.kind, 'naschain/nsga2-state');
  assert.equal(state.version, 1);
  const text = JSON.stringify(state);
  assert.ok(text.includes('"crowding":"Infinity"'));
  const back = Nsga2.fromJSON(JSON.parse(text));
  assert.deepEqual(back.toJSON(), state);
  assert.ok(back.population.some((p) => p.crowding === Infinity));
  assert.throws(() => Nsga2.fromJSON({ ...state, kind: 'x' }), /NSGA-II state.kind: got "x", expected "naschain\/nsga2-state"/);
  assert.throws(() => Nsga2.fromJSON({ ...state, version: 2 }), /NSGA-II state.version: got 2, expected 1/);
});

test('termination by evaluations and by a wall-clock budget on an injected clock', () => {
  const byEval = Nsga2.create({ space: mixed, seed: 4, popSize: 10, nObjectives: 2, termination: { maxEvaluations: 25 } });
  for (let b = byEval.ask(7); b.length; b = byEval.ask(7)) for (const g of b) byEval.tell(g, mixedObj(g));
  assert.equal(byEval.evaluations, 25);
  assert.equal(byEval.stopReason(), '25 evaluations');

  let now = 1_000;
  const byClock = Nsga2.create({ space: zdtSpace, seed: 4, popSize: 10, nObjectives: 2, termination: { maxWallMs: 95 } }, () => now);
  for (let b = byClock.ask(1); b.length; b = byClock.ask(1)) for (const g of b) { now += 10; byClock.tell(g, zdt1(g)); }
  assert.equal(byClock.evaluations, 10);
  assert.equal(byClock.stopReason(), '100 ms of wall-clock time');
  assert.throws(() => Nsga2.create({ space: mixed, seed: 1, popSize: 4, nObjectives: 2, termination: { maxWallMs: 5 } }), /clock function/);
});

test('seeded genomes lead the initial population; a bad seed genome names its gene', () => {
  const seedGenome = { width: 64, block: 'mbconv', depth: 9, se: true };
  const algo = Nsga2.create({ space: mixed, seed: 1, popSize: 5, nObjectives: 2, initial: [seedGenome, seedGenome] });
  const first = algo.ask();
  assert.equal(first.length, 5, 'a duplicate seed is dropped and random genomes fill up');
  assert.deepEqual(first[0], seedGenome);
  assert.throws(() => Nsga2.create({ space: mixed, seed: 1, popSize: 5, nObjectives: 2, initial: [{ ...seedGenome, depth: 2 }] }),
    /initial genome 0.depth: got 2, expected an integer from 1 to 9 in steps of 2/);
});

test('a small discrete space runs out: every genome once, then the search stops', () => {
  const tiny = parseSearchSpace({ kind: 'naschain/search-space', version: 1, name: 'tiny', genes: [
    { name: 'a', kind: 'choice', options: ['x', 'y', 'z'] }, { name: 'b', kind: 'int', min: 0, max: 1 }] });
  const algo = Nsga2.create({ space: tiny, seed: 1, popSize: 4, nObjectives: 1, maxAttempts: 20 });
  const seen = new Set<string>();
  for (let b = algo.ask(); b.length; b = algo.ask()) for (const g of b) { seen.add(genomeHash(g)); algo.tell(g, [g.b as number]); }
  assert.equal(seen.size, 6);
  assert.equal(algo.evaluations, 6);
  assert.equal(algo.stopReason(), 'no new genomes left in the search space');
});

test('admit: every genome handed out is admitted while the tries last; the same admit gives the same trajectory after a resume; too strict an admit still fills the generation', () => {
  const space = loadSearchSpace('macro');
  const cheap = (g: Genome) => macroObjectives(g)[1] <= 400; // about 1 random macro genome in 9
  const drive = (algo: Nsga2, stopAfter = Infinity) => {
    const asked: Genome[] = [];
    for (let b = algo.ask(); b.length && asked.length < stopAfter; b = algo.ask()) {
      for (const g of b) { asked.push(g); algo.tell(g, macroObjectives(g)); }
    }
    return asked;
  };
  const opts = { space, seed: 3, popSize: 10, nObjectives: 2, termination: { maxGenerations: 4 } };
  const admitted = drive(Nsga2.create(opts, undefined, cheap));
  assert.equal(admitted.length, 40);
  assert.ok(admitted.every(cheap), 'no genome over the cap was handed out');
  // Without admit most random macro genomes are over this cap: the filter did something.
  const plain = drive(Nsga2.create(opts));
  assert.ok(plain.filter((g) => !cheap(g)).length >= 10, `${plain.filter((g) => !cheap(g)).length} of 40 over the cap without admit`);
  // Resumed from its state after the first generation with the same admit: the same genomes.
  const first = Nsga2.create(opts, undefined, cheap);
  const head = drive(first, 10);
  const resumed = Nsga2.fromJSON(JSON.parse(JSON.stringify(first.toJSON())), undefined, cheap);
  assert.deepEqual([...head, ...drive(resumed)].map(genomeHash), admitted.map(genomeHash));
  // An admit nothing passes: the generation is still full (the evaluator refuses those).
  assert.equal(drive(Nsga2.create(opts, undefined, () => false)).length, 40);
});
