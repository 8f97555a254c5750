// ZDT1 and ZDT2 (Zitzler, Deb, Thiele 2000) as synthetic two-objective
// problems over 30 float genes in [0, 1], and a driver that runs NSGA-II on them.
import { Nsga2, type Genome, type Nsga2Options, type SearchSpace } from '../../lib/search/index.js';
import { hypervolume } from '../../lib/pareto/index.js';

export const N_VARS = 30;

export const zdtSpace: SearchSpace = {
  kind: 'naschain/search-space',
  version: 1,
  name: 'zdt',
  description: '30 real variables in [0, 1]',
  genes: Array.from({ length: N_VARS }, (_, i) => ({ name: `x${i}`, kind: 'float' as const, min: 0, max: 1, log: false })),
};

function xs(g: Genome): number[] {
  return Array.from({ length: N_VARS }, (_, i) => g[`x${i}`] as number);
}

export function zdt1(g: Genome): [number, number] {
  const x = xs(g);
  const f1 = x[0]!;
  const gv = 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (N_VARS - 1);
  return [f1, gv * (1 - Math.sqrt(f1 / gv))];
}

export function zdt2(g: Genome): [number, number] {
  const x = xs(g);
  const f1 = x[0]!;
  const gv = 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (N_VARS - 1);
  return [f1, gv * (1 - (f1 / gv) ** 2)];
}

export const REF: [number, number] = [1.1, 1.1];
// True optimum hypervolumes for ref (1.1, 1.1): the box 1.1 * 1.1 minus the area
// under the front f2(f1) on [0, 1] (the strip f1 in [1, 1.1] is fully dominated by (1, 0)).
// ZDT1: f2 = 1 - sqrt(f1), area 1/3 -> 1.21 - 1/3 = 0.876666...
// ZDT2: f2 = 1 - f1^2,     area 2/3 -> 1.21 - 2/3 = 0.543333...
export const HV_OPT_ZDT1 = 1.21 - 1 / 3;
export const HV_OPT_ZDT2 = 1.21 - 2 / 3;

/** Runs to termination, evaluating in batches of `batch`; returns the final hypervolume of all finished trials' front. */
export function run(problem: (g: Genome) => [number, number], opts: Partial<Nsga2Options> & { seed: number }, batch = Infinity): { algo: Nsga2; hv: number } {
  const algo = Nsga2.create({ space: zdtSpace, popSize: 40, nObjectives: 2, termination: { maxGenerations: 100 }, ...opts });
  for (;;) {
    const asked = algo.ask(batch);
    if (asked.length === 0) break;
    for (const g of asked) algo.tell(g, problem(g));
  }
  return { algo, hv: hypervolume(algo.paretoTrials().map((t) => t.objectives!), REF) };
}
