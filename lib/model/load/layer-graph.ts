// Checks the call graph of one functional model (canonical form) the way
// tfjs-layers' Container.fromConfig will walk it, before it does: every
// inbound reference names a layer of this model and a node that will exist,
// and the graph can be built at all. tfjs re-queues a call whose inputs do
// not exist yet and loops until the queue is empty, so a reference to a
// missing layer or node, or a cycle, would hang the validator forever; here
// the same queue is simulated on plain data and a pass without progress is a
// rejection. Also returns how often each layer is called (its inbound nodes).
import { quoteUntrusted } from '../../core/untrusted-text.js';
import { isJsonObject, type Json } from './canonical-topology.js';
import { fail, type LoadFailure } from './load-failure.js';
import { shown } from './shown-value.js';

export interface GraphLayer {
  name: string;
  className: string;
  /** True for InputLayer and nested models: tfjs gives them one node when it creates them. */
  startsWithNode: boolean;
  inboundNodes: Json;
}

/** [layer name, node index, tensor index] of one call input. */
type Ref = [string, number, number];

export function checkFunctionalGraph(
  layers: readonly GraphLayer[], inputLayers: Json, outputLayers: Json, at: string, where: string,
): { ok: true; calls: Map<string, number> } | LoadFailure {
  const byName = new Map(layers.map((l) => [l.name, l]));
  const pending = new Map<string, Ref[][]>();
  const calls = new Map<string, number>();
  for (const layer of layers) {
    const nodes = layer.inboundNodes;
    const lat = `${at} layer ${quoteUntrusted(layer.name)}`;
    if (!Array.isArray(nodes)) return fail('bad-topology', `${where}: ${lat} has inboundNodes ${shown(nodes)}, expected an array of calls`);
    if (layer.className === 'InputLayer' && nodes.length > 0) return fail('bad-topology', `${where}: ${lat} is an InputLayer with inbound nodes, expected none`);
    const parsed: Ref[][] = [];
    for (const [k, node] of nodes.entries()) {
      const refs = parseNode(node, byName);
      if (typeof refs === 'string') return fail('bad-topology', `${where}: ${lat} inboundNodes[${k}]${refs.startsWith('[') ? '' : ' '}${refs}`);
      parsed.push(refs);
    }
    pending.set(layer.name, parsed);
    calls.set(layer.name, layer.className === 'InputLayer' ? 1 : nodes.length);
  }
  // A call that takes one tensor twice, where another call takes it too: tfjs-layers'
  // inference counts a tensor's consuming calls but releases it once per input, so it
  // frees the tensor while a later call still needs it and scoring dies mid-model
  // ("Cannot read properties of undefined (reading 'backend')").
  const keysOf = (refs: Ref[]) => refs.map(([name, node]) => JSON.stringify([name, node]));
  const consumers = new Map<string, number>();
  for (const calls of pending.values()) for (const refs of calls) for (const key of new Set(keysOf(refs))) consumers.set(key, (consumers.get(key) ?? 0) + 1);
  for (const [name, calls] of pending) {
    for (const [k, refs] of calls.entries()) {
      const keys = keysOf(refs);
      const i = keys.findIndex((key, j) => keys.indexOf(key) !== j);
      const twice = refs[i];
      if (twice === undefined || (consumers.get(keys[i] as string) ?? 0) < 2) continue;
      return fail('bad-topology', `${where}: ${at} layer ${quoteUntrusted(name)} inboundNodes[${k}] takes node ${twice[1]} of ${quoteUntrusted(twice[0])} twice, and another layer takes it too; ` +
        'tfjs-layers frees such a tensor early when it runs the model, so it cannot be scored: expected each call to take a tensor once (pass the second copy through a layer, e.g. a Reshape to its own shape)');
    }
  }
  // Container.fromConfig's queue: each pass visits the layers in order and
  // makes every call whose inputs exist; a call waits while an input layer
  // has no node of the index it names.
  const made = new Map(layers.map((l) => [l.name, l.startsWithNode ? 1 : 0]));
  let waiting = [...pending.values()].reduce((n, p) => n + p.length, 0);
  while (waiting > 0) {
    let progress = false;
    for (const layer of layers) {
      const queue = pending.get(layer.name) ?? [];
      const still: Ref[][] = [];
      for (const refs of queue) {
        if (refs.every(([name, node]) => (made.get(name) ?? 0) > node)) {
          made.set(layer.name, (made.get(layer.name) ?? 0) + 1);
          progress = true;
          waiting--;
        } else {
          still.push(refs);
        }
      }
      pending.set(layer.name, still);
    }
    if (!progress) {
      const stuck = layers.find((l) => (pending.get(l.name) ?? []).length > 0);
      const refs = stuck ? pending.get(stuck.name)?.[0] ?? [] : [];
      const missing = refs.find(([name, node]) => (made.get(name) ?? 0) <= node);
      const what = missing ? `node ${missing[1]} of ${quoteUntrusted(missing[0])}, which never exists` : 'inputs that never exist';
      return fail('bad-topology', `${where}: ${at} layer ${quoteUntrusted(stuck?.name ?? '?')} is called on ${what} (a cycle or a dangling reference); expected a graph tfjs-layers can build`);
    }
  }
  for (const [key, list] of [['inputLayers', inputLayers], ['outputLayers', outputLayers]] as const) {
    if (!Array.isArray(list) || list.length === 0) return fail('bad-topology', `${where}: ${at} ${key} is ${shown(list)}, expected [[name, node, 0], ...]`);
    for (const [i, entry] of list.entries()) {
      const ref = parseRef(entry, byName, 3);
      if (typeof ref === 'string') return fail('bad-topology', `${where}: ${at} ${key}[${i}] ${ref}`);
      if ((made.get(ref[0]) ?? 0) <= ref[1]) return fail('bad-topology', `${where}: ${at} ${key}[${i}] names node ${ref[1]} of ${quoteUntrusted(ref[0])}, which never exists`);
    }
  }
  return { ok: true, calls };
}

/** One call: a non-empty array of input references; or why not. */
function parseNode(node: Json, byName: ReadonlyMap<string, GraphLayer>): Ref[] | string {
  if (!Array.isArray(node) || node.length === 0) return `is ${shown(node)}, expected a non-empty array of [name, node, 0, {}]`;
  const refs: Ref[] = [];
  for (const [i, input] of node.entries()) {
    const ref = parseRef(input, byName, 4);
    if (typeof ref === 'string') return `[${i}] ${ref}`;
    refs.push(ref);
  }
  return refs;
}

/** [name, node, 0] (and an empty kwargs object when `maxLength` is 4); or why not. */
function parseRef(input: Json, byName: ReadonlyMap<string, GraphLayer>, maxLength: 3 | 4): Ref | string {
  if (!Array.isArray(input) || input.length < 3 || input.length > maxLength) return `is ${shown(input)}, expected [name, node, 0${maxLength === 4 ? ', {}' : ''}]`;
  const [name, node, tensor, kwargs] = input;
  if (typeof name !== 'string' || !byName.has(name)) return `names layer ${quoteUntrusted(name)}, expected a layer of this model`;
  if (!Number.isSafeInteger(node) || (node as number) < 0) return `has node index ${shown(node)}, expected an integer >= 0`;
  // Every allowed layer has one output.
  if (tensor !== 0) return `has tensor index ${shown(tensor)}, expected 0`;
  // Call kwargs (training, mask) change what a layer does; tfjs writes {}.
  if (kwargs !== undefined && kwargs !== null && !(isJsonObject(kwargs) && Object.keys(kwargs).length === 0)) {
    return `passes call arguments ${shown(kwargs)}, expected {}`;
  }
  return [name, node as number, 0];
}
