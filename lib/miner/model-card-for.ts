// The model card of a submission, filled from the metrics.json that
// `naschain search` writes next to each front model (accuracy, params, MACs,
// search space); a folder without one gets a card with no metrics.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/log.js';
import type { ModelCard } from '../hub/model-card.js';

const METRICS_FILE = 'metrics.json';
const NUMERIC = ['accuracy', 'params', 'macs', 'epochs'] as const;

export function modelCardFor(dir: string, dataset: string, learningRate: number | undefined, log?: Logger): ModelCard {
  const card: ModelCard = { license: 'mit', dataset, searchSpace: 'unknown', metrics: {}, ...(learningRate !== undefined ? { learningRate } : {}) };
  let text: string;
  try {
    text = readFileSync(join(dir, METRICS_FILE), 'utf8');
  } catch {
    return card;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    log?.warn(`${join(dir, METRICS_FILE)} is not valid JSON; the model card carries no metrics`);
    return card;
  }
  if (typeof raw !== 'object' || raw === null) return card;
  const m = raw as Record<string, unknown>;
  for (const k of NUMERIC) {
    const v = m[k];
    if (typeof v === 'number' && Number.isFinite(v)) card.metrics[k] = v;
  }
  if (typeof m.space === 'string' && m.space !== '') card.searchSpace = m.space;
  return card;
}
