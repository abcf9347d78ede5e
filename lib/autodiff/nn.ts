/**
 * A small neural network on top of the scalar engine (after micrograd's nn.py): a neuron computes
 * act(w·x + b) with Values, so `loss.backward()` fills in every weight's gradient. Weights start
 * uniform in [-1, 1) from the seeded generator passed in.
 *
 * @example
 * const model = new ScalarMLP(2, [16, 16, 1], createRng(1337));
 * const [score] = model.call([0.5, -1]);
 * score.backward();
 * model.parameters().length; // 337
 * Introduced in [notebook 13](../../notebooks/13-automatic-differentiation.ipynb).
 */
import type { Rng } from "../random";
import { Value, zeroGrad } from "./value";
import { show } from "../util/validate";
import { at } from "../util/array";

export type Activation = "relu" | "tanh" | "sigmoid" | "linear";

const ACTIVATIONS: readonly Activation[] = ["relu", "tanh", "sigmoid", "linear"];

function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be an integer >= 1; got ${show(n)}`);
}

function activate(z: Value, activation: Activation): Value {
  switch (activation) {
    case "relu":
      return z.relu();
    case "tanh":
      return z.tanh();
    case "sigmoid":
      return z.sigmoid();
    case "linear":
      return z;
  }
}

export abstract class Module {
  abstract parameters(): Value[];

  /** Sets every parameter's gradient to 0 before the next backward pass accumulates into it. */
  zeroGrad(): void {
    zeroGrad(this.parameters());
  }
}

export class Neuron extends Module {
  readonly w: Value[];
  readonly b: Value;

  constructor(
    nin: number,
    rng: Rng,
    readonly activation: Activation = "relu",
  ) {
    super();
    checkCount("nin", nin);
    if (!ACTIVATIONS.includes(activation)) throw new RangeError(`activation must be one of ${ACTIVATIONS.join(", ")}; got "${activation}"`);
    this.w = Array.from({ length: nin }, (_, i) => new Value(rng.uniform(-1, 1), `w${i + 1}`));
    this.b = new Value(0, "b");
  }

  call(x: ReadonlyArray<Value | number>): Value {
    if (x.length !== this.w.length) throw new RangeError(`Neuron: expected ${this.w.length} inputs; got ${x.length}`);
    let z = this.b;
    // x has one entry per weight (checked above); per neuron and input, so no per-entry check
    this.w.forEach((wi, i) => (z = z.add(wi.mul(x[i] as Value | number))));
    return activate(z, this.activation);
  }

  parameters(): Value[] {
    return [...this.w, this.b];
  }
}

export class NeuronLayer extends Module {
  readonly neurons: Neuron[];

  constructor(nin: number, nout: number, rng: Rng, activation: Activation = "relu") {
    super();
    checkCount("nout", nout);
    this.neurons = Array.from({ length: nout }, () => new Neuron(nin, rng, activation));
  }

  call(x: ReadonlyArray<Value | number>): Value[] {
    return this.neurons.map((n) => n.call(x));
  }

  parameters(): Value[] {
    return this.neurons.flatMap((n) => n.parameters());
  }
}

/** Layers of sizes nouts after nin inputs; `activation` on hidden layers, the last one linear. */
export class ScalarMLP extends Module {
  readonly layers: NeuronLayer[];

  constructor(nin: number, nouts: readonly number[], rng: Rng, activation: Activation = "relu") {
    super();
    const given: unknown = nouts; // what a caller without types may pass
    if (!Array.isArray(given)) throw new TypeError(`nouts must list the layer sizes, such as [4, 1]; got ${show(nouts)}`);
    if (nouts.length === 0) throw new RangeError("nouts must list at least one layer size");
    this.layers = nouts.map(
      (nout, i) => new NeuronLayer(i === 0 ? nin : at(nouts, i - 1, "nouts"), nout, rng, i === nouts.length - 1 ? "linear" : activation),
    );
  }

  call(x: ReadonlyArray<Value | number>): Value[] {
    let input: ReadonlyArray<Value | number> = x;
    let out: Value[] = [];
    for (const layer of this.layers) {
      out = layer.call(input);
      input = out;
    }
    return out; // the constructor made at least one layer
  }

  parameters(): Value[] {
    return this.layers.flatMap((l) => l.parameters());
  }
}
