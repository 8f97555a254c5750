// The one list of gene-kind operators: a new gene kind is one file plus one entry here.
import { choiceOperators } from './choice.js';
import { floatOperators } from './float.js';
import { intOperators } from './int.js';
import type { OperatorRegistry } from './gene-operators.js';

export const GENE_OPERATORS: OperatorRegistry = {
  choice: choiceOperators,
  int: intOperators,
  float: floatOperators,
};

export { DEFAULT_REAL_PARAMS, sbx, polynomialMutation, type RealParams } from './real.js';
export type { GeneOperators, OperatorRegistry } from './gene-operators.js';
