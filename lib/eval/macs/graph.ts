// The uses of a model's layers in execution order, with concrete shapes, and
// which BatchNormalization uses PyTorch's eval-mode ONNX export would fold
// into the conv before them.
//
// Every node of the container is visited (nodesByDepth, deepest first), so a
// layer applied N times is N uses, each with its own shapes (issue 17: walking
// model.layers and skipping nodes whose inputs were not yet known counted a
// 3,000-use ReLU once).
//
// Folding (torch/csrc/jit/passes/onnx/eval_peephole.cpp, fuseConvBatchNorm):
// a BatchNormalization whose input is a Conv's output, where that output has
// no other use (a model output is a use), becomes part of the Conv. Layers
// that export to no op in eval mode (Dropout and the noise layers, Activation('linear')) are looked
// through. A conv with a fused non-linear activation is followed by that
// activation op, not by the BatchNorm, so it does not fold.
import type * as tfl from '@tensorflow/tfjs-layers';
import { NaschainError } from '../../core/errors.js';
import type { ConcreteShape } from './types.js';
import { configOf, option } from './types.js';

type Shape = (number | null)[];

export interface GraphUse {
  layer: tfl.layers.Layer;
  className: string;
  config: Record<string, unknown>;
  inputIds: number[];
  outputIds: number[];
  inputs: ConcreteShape[];
  output: ConcreteShape;
}

const CONVS = new Set(['Conv2D', 'DepthwiseConv2D', 'SeparableConv2D']);

function concrete(shape: Shape, where: string): ConcreteShape {
  return shape.map((d, i) => {
    if (i === 0) return 1;
    if (d === null) throw new NaschainError('UNSUPPORTED', `MAC count: ${where} has an unknown dimension ${i} (${JSON.stringify(shape)})`);
    return d;
  });
}

interface NodeLike {
  outboundLayer: tfl.layers.Layer;
  inputTensors: tfl.SymbolicTensor[];
  outputTensors: tfl.SymbolicTensor[];
}

/** The functional graph of a model: a Sequential keeps its own in an inner model, built lazily. */
function graphOf(model: tfl.LayersModel): tfl.LayersModel {
  if (model.getClassName() !== 'Sequential') return model;
  const seq = model as unknown as { model?: tfl.LayersModel; build(): void };
  if (seq.model === undefined) seq.build();
  if (seq.model === undefined) throw new NaschainError('UNSUPPORTED', `MAC count: Sequential model ${model.name} has no layers to build`);
  return seq.model;
}

function nodesInOrder(model: tfl.LayersModel): NodeLike[] {
  const byDepth = (model as unknown as { nodesByDepth: Record<string, NodeLike[]> }).nodesByDepth;
  return Object.keys(byDepth).map(Number).sort((a, b) => b - a).flatMap((d) => byDepth[String(d)] ?? []);
}

export interface ModelGraph {
  uses: GraphUse[];
  /** Ids of the model's output tensors (each counts as a use of that tensor). */
  outputIds: number[];
}

/** The uses of `model`'s layers (InputLayer excluded), in an order where every input is known before it is used. */
export function layerUses(outer: tfl.LayersModel, inputShape: number[]): ModelGraph {
  const model = graphOf(outer);
  if (model.inputs.length !== 1) throw new NaschainError('UNSUPPORTED', `MAC count: model ${outer.name} has ${model.inputs.length} inputs, expected exactly 1`);
  const shapes = new Map<number, Shape>([[(model.inputs[0] as tfl.SymbolicTensor).id, [1, ...inputShape]]]);
  const uses: GraphUse[] = [];
  for (const node of nodesInOrder(model)) {
    const layer = node.outboundLayer;
    const className = layer.getClassName();
    if (className === 'InputLayer') continue;
    const ins = node.inputTensors.map((t) => shapes.get(t.id));
    if (ins.length === 0 || ins.some((s) => s === undefined)) {
      throw new NaschainError('UNSUPPORTED', `MAC count: a use of layer ${layer.name} has an input that is not computed from the model's input`);
    }
    const inShapes = ins as Shape[];
    const out = layer.computeOutputShape(inShapes.length === 1 ? (inShapes[0] as Shape) : inShapes) as Shape | Shape[];
    const outs: Shape[] = Array.isArray(out[0]) ? (out as Shape[]) : [out as Shape];
    node.outputTensors.forEach((t, i) => shapes.set(t.id, outs[i] ?? (outs[0] as Shape)));
    uses.push({
      layer,
      className,
      config: configOf(layer),
      inputIds: node.inputTensors.map((t) => t.id),
      outputIds: node.outputTensors.map((t) => t.id),
      inputs: inShapes.map((s) => concrete(s, `input of layer ${layer.name}`)),
      output: concrete(outs[0] as Shape, `output of layer ${layer.name}`),
    });
  }
  return { uses, outputIds: model.outputs.map((t) => t.id) };
}

/** Dropout and noise layers: identities in eval mode. */
const EVAL_IDENTITY = new Set(['Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout']);

/** Exports to no op in eval mode: PyTorch's graph goes straight through it. */
function transparent(u: GraphUse): boolean {
  if (EVAL_IDENTITY.has(u.className)) return true;
  return u.className === 'Activation' && (u.config.activation ?? 'linear') === 'linear';
}

function isLinear(u: GraphUse): boolean {
  return (u.config.activation ?? 'linear') === 'linear';
}

/** BatchNormalization over the channel axis (the only kind PyTorch's BatchNorm2d is). */
function channelAxis(u: GraphUse): boolean {
  const axis = option(u.config, 'axis', 'axis');
  const rank = u.output.length;
  const list = Array.isArray(axis) ? axis : [axis ?? -1];
  return list.length === 1 && (list[0] === -1 || list[0] === rank - 1);
}

/** Indices of the BatchNormalization uses that fold, mapped to the conv use they fold into. */
export function foldedBatchNorms(uses: GraphUse[], modelOutputIds: number[]): Map<number, number> {
  const producer = new Map<number, number>();
  const consumers = new Map<number, number[]>();
  uses.forEach((u, i) => {
    u.outputIds.forEach((id) => producer.set(id, i));
    u.inputIds.forEach((id) => consumers.set(id, [...(consumers.get(id) ?? []), i]));
  });
  const outputs = new Set(modelOutputIds);
  // The uses that really read a tensor, looking through transparent layers; -1 stands for a model output.
  const readers = (id: number): number[] => [
    ...(outputs.has(id) ? [-1] : []),
    ...(consumers.get(id) ?? []).flatMap((i) => (transparent(uses[i] as GraphUse) ? (uses[i] as GraphUse).outputIds.flatMap(readers) : [i])),
  ];
  const folds = new Map<number, number>();
  uses.forEach((bn, i) => {
    if (bn.className !== 'BatchNormalization' || !channelAxis(bn)) return;
    let source = producer.get(bn.inputIds[0] ?? -1);
    while (source !== undefined && transparent(uses[source] as GraphUse)) source = producer.get((uses[source] as GraphUse).inputIds[0] ?? -1);
    if (source === undefined) return;
    const conv = uses[source] as GraphUse;
    if (!CONVS.has(conv.className) || !isLinear(conv)) return;
    const r = readers(conv.outputIds[0] ?? -1);
    if (r.length === 1 && r[0] === i) folds.set(i, source);
  });
  return folds;
}
