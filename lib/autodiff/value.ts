import { checkPoint, show } from "../util/validate";
/**
 * A scalar reverse-mode automatic differentiation engine, small enough to read in one sitting
 * (after karpathy/micrograd's engine.py; notebook 13 builds it up). A `Value` holds a number (`data`) and the derivative of
 * some final output with respect to it (`grad`). Every operation records its inputs and attaches a
 * backward rule: a function that *adds* its share of the chain rule into its inputs' gradients.
 * `backward()` sorts the graph topologically and runs those rules from the output back to the
 * inputs. Each primitive has one entry in `RULES` below, with its derivative written twice: on
 * numbers (`backward`, what `backward()` runs) and on Values (`adjoint`, what higher.ts runs to
 * build a gradient that can be differentiated again). Nodes share their op's rule object (a power
 * keeps one per exponent), which keeps each node small: graphs of a small network have ~10^5 nodes.
 *
 * @example
 * const x = new Value(2, "x");
 * const y = new Value(3, "y");
 * const z = x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2)); // x² + 3xy + y²
 * z.backward();
 * [x.grad, y.grad]; // [13, 12]
 * Introduced in [notebook 13](../../notebooks/13-automatic-differentiation.ipynb).
 */
export class Value {
  /** d(output)/d(this), filled in by `backward()` on the output. */
  grad = 0;
  /** Bookkeeping for topologicalOrder: the sort that last reached this node (a Set would cost more). */
  visitedBy = 0;
  /** The first operand (undefined for inputs and constants). */
  readonly first: Value | undefined;
  /** The second operand of a binary operation such as + or *. */
  readonly second: Value | undefined;

  constructor(
    public data: number,
    /** A name for drawings and tables, e.g. "x". */
    public label = "",
    /** The operands this value was computed from (none for inputs and constants; at most two). */
    children: readonly Value[] = NO_CHILDREN,
    /** The operation that produced it: "+", "*", "^2", "exp", ... ("" for a leaf). */
    readonly op = "",
    /** The derivative rule of that operation (undefined for a leaf); see `RULES` below. */
    readonly rule?: OpRule,
  ) {
    if (typeof data !== "number") throw new TypeError(`Value: data must be a number; got ${show(data)}`);
    if (children.length > 2) throw new RangeError(`Value: an operation has at most 2 operands; got ${children.length}`);
    // Two fields instead of the array: a graph keeps every node alive until backward() has run,
    // and one object per node instead of two halves the garbage collector's work on large graphs.
    this.first = children[0];
    this.second = children[1];
  }

  /** The operands this value was computed from (empty for inputs and constants). */
  get children(): readonly Value[] {
    if (this.first === undefined) return NO_CHILDREN;
    return this.second === undefined ? [this.first] : [this.first, this.second];
  }

  add(other: Value | number): Value {
    const o = toValue(other);
    return new Value(this.data + o.data, "", [this, o], "+", RULES.add);
  }

  mul(other: Value | number): Value {
    const o = toValue(other);
    return new Value(this.data * o.data, "", [this, o], "*", RULES.mul);
  }

  /**
   * this^k for a constant exponent k. A varying exponent has no rule here: write x^y as
   * `y.mul(x.log()).exp()` (for x > 0).
   */
  pow(k: number): Value {
    if (typeof k !== "number" || !Number.isFinite(k)) {
      const given: unknown = k; // what a caller without types may pass
      throw new TypeError(
        `Value.pow: the exponent k must be a finite number; got ${given instanceof Value ? "a Value" : String(given)}. ` +
          "For a varying exponent y write y.mul(x.log()).exp() (x > 0).",
      );
    }
    return new Value(this.data ** k, "", [this], `^${k}`, powRule(k));
  }

  exp(): Value {
    return new Value(Math.exp(this.data), "", [this], "exp", RULES.exp);
  }

  log(): Value {
    return new Value(Math.log(this.data), "", [this], "log", RULES.log);
  }

  tanh(): Value {
    return new Value(Math.tanh(this.data), "", [this], "tanh", RULES.tanh);
  }

  relu(): Value {
    return new Value(this.data > 0 ? this.data : 0, "", [this], "relu", RULES.relu);
  }

  sigmoid(): Value {
    return new Value(1 / (1 + Math.exp(-this.data)), "", [this], "sigmoid", RULES.sigmoid);
  }

  // Composites: no backward rules of their own, the primitives above carry them.
  neg(): Value {
    return this.mul(-1);
  }

  sub(other: Value | number): Value {
    return this.add(toValue(other).neg());
  }

  div(other: Value | number): Value {
    return this.mul(toValue(other).pow(-1));
  }

  /**
   * Fills in `grad` on every node this value depends on, by the chain rule from this value
   * back to the inputs. Nodes computed on the way restart from 0 each call; leaves (inputs and
   * parameters) keep accumulating, so call `zeroGrad` on them between two backward passes.
   */
  backward(): void {
    const order = topologicalOrder(this);
    for (const v of order) if (v.first !== undefined) v.grad = 0;
    this.grad = 1; // d(out)/d(out)
    for (let i = order.length - 1; i >= 0; i--) {
      const v = order[i] as Value; // i is in range; a check here would run once per node of the hottest loop
      v.rule?.backward(v);
    }
  }

  toString(): string {
    return `Value(${this.label ? `${this.label}, ` : ""}data=${this.data}, grad=${this.grad})`;
  }
}

/**
 * The derivative of one primitive operation, written twice: on numbers and on Values. Both add
 * out's gradient times the local derivative into each operand, so a value used several times
 * collects the sum over all its uses.
 */
export interface OpRule {
  /** Adds out's share of the chain rule into its operands' `grad` (numbers: `backward()`). */
  backward(out: Value): void;
  /**
   * The same contributions as Values built from the graph (so they can be differentiated again):
   * one per operand, null for none (relu left of its kink). `adj` is d(output)/d(out).
   */
  adjoint(out: Value, adj: Value): Array<Value | null>;
}

// Each rule below is attached only by an operation that passes its operands with it (`new Value(...,
// [this, o], "+", RULES.add)`), so `out.first` (and `out.second` for + and *) is set whenever a
// rule runs. `as Value` says so at no run-time cost; backward() runs these once per node (bench part 1).
const RULES = {
  add: {
    backward(out: Value): void {
      (out.first as Value).grad += out.grad;
      (out.second as Value).grad += out.grad;
    },
    adjoint: (_out: Value, adj: Value) => [adj, adj],
  },
  mul: {
    backward(out: Value): void {
      const a = out.first as Value;
      const b = out.second as Value;
      a.grad += b.data * out.grad; // product rule: d(ab)/da = b
      b.grad += a.data * out.grad; //               d(ab)/db = a
    },
    adjoint: (out: Value, adj: Value) => [adj.mul(out.second as Value), adj.mul(out.first as Value)],
  },
  exp: {
    backward(out: Value): void {
      (out.first as Value).grad += out.data * out.grad; // (e^x)' = e^x
    },
    adjoint: (out: Value, adj: Value) => [adj.mul(out)],
  },
  log: {
    backward(out: Value): void {
      const x = out.first as Value;
      x.grad += out.grad / x.data; // (ln x)' = 1/x
    },
    adjoint: (out: Value, adj: Value) => [adj.div(out.first as Value)],
  },
  tanh: {
    backward(out: Value): void {
      (out.first as Value).grad += (1 - out.data * out.data) * out.grad; // tanh' = 1 - tanh²
    },
    adjoint: (out: Value, adj: Value) => [adj.mul(out.pow(2).neg().add(1))],
  },
  relu: {
    backward(out: Value): void {
      const x = out.first as Value;
      if (x.data > 0) x.grad += out.grad; // slope 1 on the right, 0 on the left (and at 0)
    },
    // relu' is a step: a constant 0 or 1 near any point off the kink, so its own derivative is 0
    adjoint: (out: Value, adj: Value) => [(out.first as Value).data > 0 ? adj : null],
  },
  sigmoid: {
    backward(out: Value): void {
      (out.first as Value).grad += out.data * (1 - out.data) * out.grad; // σ' = σ(1 - σ)
    },
    adjoint: (out: Value, adj: Value) => [adj.mul(out.mul(out.neg().add(1)))],
  },
} satisfies Record<string, OpRule>;

const POW_RULES = new Map<number, OpRule>();

/**
 * The power rule for x^k, one rule object per small integer exponent. k = 0 and k = 1 are written out: x^0 is
 * the constant 1 (k·x^(k-1) would be 0·∞ = NaN at x = 0), and x^1's derivative is 1 (no x^0 node,
 * whose own derivative would again be 0·∞ at 0).
 */
function powRule(k: number): OpRule {
  let rule = POW_RULES.get(k);
  if (rule) return rule;
  if (k === 0) rule = { backward: () => {}, adjoint: () => [null] };
  else if (k === 1) rule = { backward: (out) => void ((out.first as Value).grad += out.grad), adjoint: (_out, adj) => [adj] };
  else {
    rule = {
      backward(out: Value): void {
        const x = out.first as Value;
        x.grad += k * x.data ** (k - 1) * out.grad; // power rule
      },
      adjoint: (out: Value, adj: Value) => [adj.mul((out.first as Value).pow(k - 1).mul(k))],
    };
  }
  // Small integer exponents (squares, reciprocals ...) cover almost every node; others get their own.
  if (Number.isInteger(k) && Math.abs(k) <= 16) POW_RULES.set(k, rule);
  return rule;
}

function toValue(x: Value | number): Value {
  return x instanceof Value ? x : new Value(x);
}

const NO_CHILDREN: readonly Value[] = Object.freeze([]);

let sortPass = 0;

/**
 * Every node `root` depends on, each after all of its children (so the reversed list visits a node
 * only once everything that uses it has passed its gradient on). Iterative, so graphs thousands of
 * operations deep do not overflow the call stack.
 */
/** Throws, naming the argument, unless v is a Value. */
export function checkValue(name: string, v: unknown): asserts v is Value {
  if (!(v instanceof Value)) throw new TypeError(`${name} must be a Value (e.g. new Value(2) or the result of x.mul(y)); got ${show(v)}`);
}

export function topologicalOrder(root: Value): Value[] {
  checkValue("topologicalOrder: root", root);
  const order: Value[] = [];
  const pass = ++sortPass;
  root.visitedBy = pass;
  const stack: Value[] = [root];
  const nextChild: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const v = stack[top] as Value; // top = stack.length - 1 with the stack non-empty: in range (hot loop, no check)
    const i = nextChild[top] as number; // nextChild has one entry per stack entry
    const child = i === 0 ? v.first : i === 1 ? v.second : undefined;
    if (child !== undefined) {
      nextChild[top] = i + 1;
      if (child.visitedBy !== pass) {
        child.visitedBy = pass;
        stack.push(child);
        nextChild.push(0);
      }
    } else {
      stack.pop();
      nextChild.pop();
      order.push(v);
    }
  }
  return order;
}

/** Sets `grad` to 0 on each value (parameters before the next backward pass). */
export function zeroGrad(values: Iterable<Value>): void {
  const given: unknown = values; // what a caller without types may pass
  if (typeof given !== "object" || given === null || !(Symbol.iterator in given) || typeof given[Symbol.iterator] !== "function")
    throw new TypeError(`zeroGrad: values must be an array (or other iterable) of Values; got ${show(values)}`);
  if (Array.isArray(values)) values.forEach((v: unknown, i) => checkValue(`zeroGrad: values[${i}]`, v));
  for (const v of values) v.grad = 0;
}

/** Leaf values for the numbers in `xs`, labelled x1, x2, ... (or with `labels`). */
export function toValues(xs: readonly number[], labels?: readonly string[]): Value[] {
  checkPoint("toValues: xs", xs);
  const given: unknown = labels; // what a caller without types may pass
  if (given !== undefined && !(Array.isArray(given) && given.length === xs.length && given.every((l) => typeof l === "string")))
    throw new TypeError(`toValues: labels must be an array of ${xs.length} strings (or left out); got ${show(labels)}`);
  return xs.map((x, i) => new Value(x, labels?.[i] ?? `x${i + 1}`));
}
