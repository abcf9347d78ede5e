/**
 * Part 1: gradlab's scalar engine (lib/autodiff) on the micrograd demo workload, against Python
 * micrograd (PyPI) on the same points. The graph is built node for node as micrograd's
 * demo.ipynb builds it: inputs wrapped as Values once per point, an MLP 2-16-16-1 (ReLU hidden
 * layers, linear output), the SVM max-margin loss mean(relu(1 - y·score)) plus L2 α·Σ p²,
 * full-batch steps at lr = 1.0 - 0.9·k/steps.
 */
import { ScalarMLP, Value } from "../lib/autodiff";
import { makeMoons } from "../lib/nn/datasets";
import { createRng } from "../lib/random";

export interface MoonsData {
  /** Inputs, one [x1, x2] per point. */
  X: number[][];
  /** Labels -1 or +1. */
  y: number[];
}

export interface DemoSpec {
  points: number;
  noise: number;
  /** Seed of the data and of gradlab's initial weights (micrograd seeds Python's `random` with it). */
  seed: number;
  steps: number;
  alpha: number;
  /** Layer sizes after the 2 inputs, e.g. [16, 16, 1]. */
  sizes: number[];
}

export interface DemoResult {
  /** The loss at the last step (before its update), as the demo prints it. */
  loss: number;
  accuracy: number;
  parameters: number;
  /** Model construction and the training loop. */
  seconds: number;
}

/** The moons points both engines train on, labels mapped from {0, 1} to {-1, +1}. */
export function demoData(spec: DemoSpec): MoonsData {
  const { X, y } = makeMoons({ n: spec.points, noise: spec.noise, rng: createRng(spec.seed) });
  return { X: X.toArray(), y: Array.from(y.data, (v) => 2 * v - 1) };
}

export function runScalarDemo(data: MoonsData, spec: DemoSpec): DemoResult {
  const start = process.hrtime.bigint();
  const model = new ScalarMLP(2, spec.sizes, createRng(spec.seed));
  const params = model.parameters();
  const n = data.X.length;
  let loss = NaN;
  let accuracy = NaN;
  for (let k = 0; k < spec.steps; k++) {
    let dataLoss = new Value(0); // Python's sum() starts from 0
    let right = 0;
    for (let i = 0; i < n; i++) {
      const yi = data.y[i] as number;
      const inputs = (data.X[i] as number[]).map((v) => new Value(v));
      const score = model.call(inputs)[0] as Value;
      dataLoss = dataLoss.add(score.mul(-yi).add(1).relu()); // max-margin: relu(1 - y·score)
      if (yi > 0 === score.data > 0) right++;
    }
    let reg = new Value(0);
    for (const p of params) reg = reg.add(p.mul(p));
    const total = dataLoss.mul(1 / n).add(reg.mul(spec.alpha));
    model.zeroGrad();
    total.backward();
    const lr = 1.0 - (0.9 * k) / spec.steps;
    for (const p of params) p.data -= lr * p.grad;
    loss = total.data;
    accuracy = right / n;
  }
  return { loss, accuracy, parameters: params.length, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
