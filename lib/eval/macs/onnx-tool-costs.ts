// onnx_tool 0.9.0's MAC rules (onnx_tool/node.py at 73ec9ea, the 0.9.0
// release), for the ONNX ops PyTorch's eval-mode export (opset 12, as
// upstream's calc_flops_onnx runs it) produces for our layer classes. Pure
// numbers: each function is one op's `profile()`, written with its constants.
// onnx_tool counts "real MACs": one per multiply, add or compare, more for
// transcendental functions; an op it has no class for counts 0 (it warns).

export const MUL = 1;
export const ADD = 1;
export const CMP = 1;
export const DIV = 4; // "refers to vrcp14ps"
export const EXP = 32;
export const SQRT = 24;
export const TANH = EXP + 2 * ADD + DIV; // 38

/** Conv (ConvNode): out_volume * volume(weight.shape[1:]) multiplies, plus out_volume adds with a bias input. */
export function convOp(outVolume: number, reduceVolume: number, hasBias: boolean): number {
  return outVolume * reduceVolume * MUL + (hasBias ? outVolume * ADD : 0);
}

/**
 * ConvTranspose (ConvTransposeNode): out_volume * volume(weight.shape[1:])
 * multiplies, plus out_volume adds with a bias. Its weight is [cin,
 * cout/groups, kh, kw], so the reduce volume is cout/groups * kh * kw (not
 * the cin * kh * kw a transposed conv really multiplies by): onnx_tool's rule as it is.
 */
export function convTransposeOp(outVolume: number, coutPerGroup: number, kernelVolume: number, hasBias: boolean): number {
  return convOp(outVolume, coutPerGroup * kernelVolume, hasBias);
}

/** Resize / Upsample (ResizeNode): 0 for mode nearest, RESIZE_LINEAR_MACS (4) per output element for linear. */
export const RESIZE_LINEAR = 4;

/** Gemm (with bias) or MatMul (without): out_volume * K, plus out_volume adds for Gemm's C input. */
export function gemmOp(outVolume: number, k: number, hasBias: boolean): number {
  return outVolume * k + (hasBias ? outVolume * ADD : 0);
}

/** MaxPool / AveragePool (PoolBase.profile): out_volume * CMP * kh * kw, whichever the op. */
export function poolOp(outVolume: number, kernel: number[]): number {
  return outVolume * CMP * kernel.reduce((a, b) => a * b, 1);
}

/** GlobalAveragePool: in_volume adds and out_volume divisions. */
export function globalAveragePoolOp(inVolume: number, outVolume: number): number {
  return inVolume * ADD + outVolume * DIV;
}

/** BatchNormalization not folded into a conv: (ADD + SQRT + DIV + ADD + MUL) = 31 per output element. */
export function batchNormOp(outVolume: number): number {
  return outVolume * (ADD + SQRT + DIV + ADD + MUL);
}

/**
 * Per-element cost of each element-wise op onnx_tool knows (op_mac * ratio of
 * its PWNode/NpMathBase class, for the input count PyTorch emits).
 * Two-input Add/Mul/Max/Div have ratio 1; Tanh's ratio is 2; Clip's is 1.
 */
export const ELEMENTWISE = {
  Add: ADD,
  Mul: MUL,
  Max: ADD, // MaxNode keeps NpMathBase's ADD_MACS
  Min: CMP,
  Div: DIV,
  Abs: CMP,
  Relu: CMP,
  Clip: CMP * 2,
  LeakyRelu: MUL + CMP,
  PRelu: CMP + MUL,
  Sigmoid: EXP,
  HardSigmoid: MUL + ADD + CMP * 2,
  Tanh: TANH * 2,
  Softmax: EXP + DIV,
  // Registered nowhere in onnx_tool 0.9.0: profiled as 0 (with a warning).
  LogSoftmax: 0,
  Elu: 0,
  Selu: 0,
  Softplus: 0,
  Erf: 0,
} as const;

const E = ELEMENTWISE;

/**
 * Per-element cost of a Keras activation name, through the ops PyTorch's
 * opset-12 export writes for its torch equivalent (torch/onnx/symbolic_opset9.py):
 * relu6 -> Clip; swish (SiLU) -> Sigmoid + Mul; mish -> Softplus, Tanh, Mul;
 * gelu (erf) -> Div, Erf, Add, Mul, Mul; gelu_new (tanh) -> 3 Mul (cube,
 * kappa), Add, Mul (beta), Tanh, Add, Mul, Mul; softsign (traced F.softsign:
 * x / (|x| + 1)) -> Abs, Add, Div; hardSigmoid -> HardSigmoid.
 */
export const ACTIVATION_COST: Readonly<Record<string, number>> = {
  linear: 0,
  relu: E.Relu,
  relu6: E.Clip,
  elu: E.Elu,
  selu: E.Selu,
  sigmoid: E.Sigmoid,
  hardSigmoid: E.HardSigmoid,
  softplus: E.Softplus,
  softsign: E.Abs + E.Add + E.Div,
  tanh: E.Tanh,
  softmax: E.Softmax,
  logSoftmax: E.LogSoftmax,
  swish: E.Sigmoid + E.Mul,
  mish: E.Softplus + E.Tanh + E.Mul,
  gelu: E.Div + E.Erf + E.Add + E.Mul + E.Mul,
  gelu_new: 3 * E.Mul + E.Add + E.Mul + E.Tanh + E.Add + E.Mul + E.Mul,
};
