// Pure Pareto maths shared by the search, the scoring and the reports.
export { dominates, constrainedDominates, type Objectives, type ConstrainedPoint } from './dominance.js';
export { nonDominatedSort, paretoRanks, paretoFront } from './nondominated-sort.js';
export { crowdingDistance } from './crowding.js';
export { hypervolume, hypervolume2d } from './hypervolume.js';
