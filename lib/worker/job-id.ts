// Content-addressed job ids: a job is a pure function of its data, so the same
// data asked twice (a resumed coordinator, a second run with the same seed) is
// the same job, found again in the queue instead of queued anew.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level (undefined members dropped, as JSON.stringify does). */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  });
}

/** `<prefix>-<sha256 of the stable JSON, 32 hex>` (never all digits: BullMQ refuses integer-like custom ids). */
export function contentJobId(prefix: string, data: unknown): string {
  return `${prefix}-${createHash('sha256').update(stableJson(data)).digest('hex').slice(0, 32)}`;
}
