// Human text shared by `train` and `eval`: the backend line and the metrics block.
import type { BackendInfo } from '../../backend/types.js';
import type { AccuracyMetrics, ModelMetrics } from '../../eval/metrics.js';

export function backendLine(b: BackendInfo): string {
  const extras = [b.threads !== undefined ? `${b.threads} threads` : '', b.simd !== undefined ? (b.simd ? 'simd' : 'no simd') : '', b.device ?? ''].filter(Boolean);
  return `backend: ${b.name}${extras.length ? ` (${extras.join(', ')})` : ''}`;
}

const int = (n: number) => n.toLocaleString('en-US');

export function metricsText(m: ModelMetrics & Partial<AccuracyMetrics>): string {
  const lines: string[] = [];
  if (m.accuracy !== undefined && m.accuracyFloored !== undefined) lines.push(`test accuracy: ${m.accuracy.toFixed(2)}% (scored as ${m.accuracyFloored}%)`);
  lines.push(`params: ${int(m.params)} (scored as ${int(m.paramsRounded)}; ${int(m.nonTrainableParams)} BN statistics not counted)`);
  lines.push(`MACs: ${int(m.macs)} (scored as ${int(m.macsRounded)}) for one ${m.inputShape.join('x')} image`);
  return lines.join('\n');
}
