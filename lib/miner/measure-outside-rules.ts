// What `check` can still say about a model the competition refuses: if the
// one loader builds it under the general policy (everything tfjs-layers
// loads, within the general limits), its params and MACs as upstream counts
// them, so a miner converting a published model (a Keras MobileNetV2, say)
// sees its size next to the reason validators give.
import { measureModel, type ModelMetrics } from '../eval/metrics.js';
import { declaredInputShape } from '../model/fit-check.js';
import { loadModel } from '../model/load/load-model.js';
import { GENERAL_POLICY } from '../model/load/load-policy.js';

export type OutsideRulesMetrics = Pick<ModelMetrics, 'params' | 'paramsRounded' | 'macs' | 'macsRounded' | 'inputShape'>;

/** Params and MACs of the model in `dir` loaded without the competition's rules; null when it does not load even so. */
export async function measureOutsideRules(dir: string, datasetShape: number[]): Promise<OutsideRulesMetrics | null> {
  const loaded = await loadModel(dir, GENERAL_POLICY);
  if (!loaded.ok) return null;
  try {
    const m = measureModel(loaded.model, declaredInputShape(loaded.model) ?? datasetShape);
    return { params: m.params, paramsRounded: m.paramsRounded, macs: m.macs, macsRounded: m.macsRounded, inputShape: m.inputShape };
  } catch {
    // A layer class with no MAC counter: the rejection alone is the answer.
    return null;
  } finally {
    loaded.model.dispose();
  }
}
