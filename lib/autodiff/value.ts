/**
 * A scalar reverse-mode automatic differentiation engine, small enough to read in one sitting
 * (after karpathy/micrograd's engine.py; notebook 13 builds it up). A `Value` holds a number (`data`) and the derivative of
 * some final output with respect to it (`grad`). Every operation records its inputs and attaches a
 * backward rule: a function that *adds* its share of the chain rule into its inputs' gradients.
 * `backward()` sorts the graph topologically and runs those rules from the output back to the
 * inputs. The rules are shared functions that receive the node (only `pow` makes a closure, for
 * its exponent), which keeps each node small: graphs of a small network have ~10^5 nodes.
 *
 * @example
 * const x = new Value(2, "x");
 * const y = new Value(3, "y");
 * const z = x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2)); // x² + 3xy + y²
 * z.backward();
 * [x.grad, y.grad]; // [13, 12]
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
    /** Adds this node's share of the chain rule into its children's `grad` (see the rules below). */
    private readonly backwardRule?: (out: Value) => void,
  ) {
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
    return new Value(this.data + o.data, "", [this, o], "+", addBackward);
  }

  mul(other: Value | number): Value {
    const o = toValue(other);
    return new Value(this.data * o.data, "", [this, o], "*", mulBackward);
  }

  /** this^k for a constant exponent k. */
  pow(k: number): Value {
    return new Value(this.data ** k, "", [this], `^${k}`, (out) => {
      const x = out.first as Value;
      x.grad += k * x.data ** (k - 1) * out.grad; // power rule
    });
  }

  exp(): Value {
    return new Value(Math.exp(this.data), "", [this], "exp", expBackward);
  }

  log(): Value {
    return new Value(Math.log(this.data), "", [this], "log", logBackward);
  }

  tanh(): Value {
    return new Value(Math.tanh(this.data), "", [this], "tanh", tanhBackward);
  }

  relu(): Value {
    return new Value(this.data > 0 ? this.data : 0, "", [this], "relu", reluBackward);
  }

  sigmoid(): Value {
    return new Value(1 / (1 + Math.exp(-this.data)), "", [this], "sigmoid", sigmoidBackward);
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
    for (let i = order.length - 1; i >= 0; i--) order[i].backwardRule?.(order[i]);
  }

  toString(): string {
    return `Value(${this.label ? `${this.label}, ` : ""}data=${this.data}, grad=${this.grad})`;
  }
}

// Backward rules: out's gradient times the local derivative, added (+=) into each input's gradient,
// so a value used several times collects the sum over all its uses.
function addBackward(out: Value): void {
  const a = out.first as Value;
  const b = out.second as Value;
  a.grad += out.grad;
  b.grad += out.grad;
}

function mulBackward(out: Value): void {
  const a = out.first as Value;
  const b = out.second as Value;
  a.grad += b.data * out.grad; // product rule: d(ab)/da = b
  b.grad += a.data * out.grad; //               d(ab)/db = a
}

function expBackward(out: Value): void {
  (out.first as Value).grad += out.data * out.grad; // (e^x)' = e^x
}

function logBackward(out: Value): void {
  const x = out.first as Value;
  x.grad += out.grad / x.data; // (ln x)' = 1/x
}

function tanhBackward(out: Value): void {
  (out.first as Value).grad += (1 - out.data * out.data) * out.grad; // tanh' = 1 - tanh²
}

function reluBackward(out: Value): void {
  const x = out.first as Value;
  if (x.data > 0) x.grad += out.grad; // slope 1 on the right, 0 on the left (and at 0)
}

function sigmoidBackward(out: Value): void {
  (out.first as Value).grad += out.data * (1 - out.data) * out.grad; // σ' = σ(1 - σ)
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
export function topologicalOrder(root: Value): Value[] {
  const order: Value[] = [];
  const pass = ++sortPass;
  root.visitedBy = pass;
  const stack: Value[] = [root];
  const nextChild: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const v = stack[top] as Value;
    const i = nextChild[top] as number;
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
  for (const v of values) v.grad = 0;
}

/** Leaf values for the numbers in `xs`, labelled x1, x2, ... (or with `labels`). */
export function toValues(xs: readonly number[], labels?: readonly string[]): Value[] {
  return xs.map((x, i) => new Value(x, labels?.[i] ?? `x${i + 1}`));
}
