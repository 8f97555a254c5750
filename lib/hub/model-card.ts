// The model card (README.md) uploaded with each model: a YAML header the Hub
// indexes (license, tags, dataset, metrics, search space) and a short body.
export interface ModelCard {
  /** SPDX id or a Hub license id, e.g. "mit". */
  license: string;
  /** Dataset registry name, e.g. "cifar100". */
  dataset: string;
  /** Search space name or file the architecture came from. */
  searchSpace: string;
  /** Numbers measured by the miner: accuracy (percent), params, macs, ... */
  metrics: Record<string, number>;
  /** Learning rate the miner commits, if any. */
  learningRate?: number;
  description?: string;
}

/** YAML scalar: quoted unless it is a plain safe word or a finite number. */
function scalar(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|~)$/i.test(v) ? v : JSON.stringify(v);
}

export function renderModelCard(card: ModelCard): string {
  const lines = ['---', `license: ${scalar(card.license)}`, 'library_name: tfjs', 'tags:', '  - naschain', '  - tfjs', '  - image-classification', 'datasets:', `  - ${scalar(card.dataset)}`, `search_space: ${scalar(card.searchSpace)}`];
  if (card.learningRate !== undefined) lines.push(`learning_rate: ${scalar(card.learningRate)}`);
  lines.push('metrics:');
  for (const k of Object.keys(card.metrics).sort()) lines.push(`  ${scalar(k)}: ${scalar(card.metrics[k] as number)}`);
  lines.push('---', '', '# naschain model', '', card.description ?? `An image classifier for ${card.dataset} found by naschain (search space ${card.searchSpace}).`, '', 'Load it with `tfl.loadLayersModel` from model.json; the weights are in the shards next to it.', '');
  return lines.join('\n');
}
