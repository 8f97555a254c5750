// Counters of the activation layers, and the per-element cost of a fused
// `activation` in a conv or dense config. Costs per element are
// onnx_tool's rules for the ops PyTorch exports (onnx-tool-costs.ts).
import { NaschainError } from '../../core/errors.js';
import { ACTIVATION_COST, ELEMENTWISE } from './onnx-tool-costs.js';
import type { LayerUse, MacCounter } from './types.js';
import { option, volume } from './types.js';

/** Per-element cost of an activation name; an unknown one is refused so it cannot silently count 0. */
export function activationCost(name: unknown, layerName: string): number {
  const key = name === undefined || name === null ? 'linear' : String(name);
  const cost = ACTIVATION_COST[key];
  if (cost === undefined) throw new NaschainError('UNSUPPORTED', `MAC count of layer ${layerName}: activation ${JSON.stringify(key)} has no MAC rule`);
  return cost;
}

/** The fused activation of a conv or dense use, over its output. */
export function fusedActivationMacs(use: LayerUse): number {
  return activationCost(use.config.activation, use.layer.name) * volume(use.output);
}

const perElement = (cost: (use: LayerUse) => number): MacCounter => (use) => ({ macs: cost(use) * volume(use.output), weightMacs: 0 });

/** Activation(name): the op its name exports to. */
export const activationMacs: MacCounter = perElement((use) => activationCost(use.config.activation, use.layer.name));

/** ReLU: Relu, or Clip when it has a maxValue (torch.clamp / ReLU6). */
export const reluMacs: MacCounter = perElement((use) => {
  const max = option(use.config, 'maxValue', 'max_value');
  return max === undefined || max === null ? ELEMENTWISE.Relu : ELEMENTWISE.Clip;
});

export const leakyReluMacs: MacCounter = perElement(() => ELEMENTWISE.LeakyRelu);
/** PReLU: nn.PReLU, exported as PRelu. */
export const preluMacs: MacCounter = perElement(() => ELEMENTWISE.PRelu);
export const eluMacs: MacCounter = perElement(() => ELEMENTWISE.Elu);
export const softmaxMacs: MacCounter = perElement(() => ELEMENTWISE.Softmax);
