/**
 * Two-variable test functions for comparing optimizers, each with its hand-written gradient and a
 * tfjs version (for tf.grads and the tfjs optimizers). Points are [x, y].
 *
 * - `quadraticBowl`: f = (a·x² + b·y²)/2, an elongated bowl when b ≫ a. Its curvatures are a and b,
 *   so plain gradient descent is stable only below 2/max(a, b), and then crawls along the flat
 *   direction: the ill-conditioning adaptive methods were made for.
 * - `rosenbrock`: f = (a − x)² + b·(y − x²)², a curved, nearly flat valley with its minimum at
 *   (a, a²); easy to find the valley, slow to follow it.
 * Introduced in [notebook 07](../../notebooks/07-learning-rate.ipynb).
 */
import { tf } from "../tf";
import { show } from "../util/validate";

export interface TestProblem {
  name: string;
  f: (p: number[]) => number;
  grad: (p: number[]) => number[];
  /** f(x, y), for contour plots and crossCheckGradient. */
  fxy: (x: number, y: number) => number;
  /** The same function with tfjs ops on scalar tensors. */
  fTf: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor;
  minimum: [number, number];
}

function checkProblemOptions(owner: string, options: unknown): void {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new TypeError(`${owner}: options must be an object such as { a: 1, b: 20 } (or left out); got ${show(options)}`);
}

function checkCoefficient(owner: string, name: string, value: number): void {
  if (!(typeof value === "number" && Number.isFinite(value) && value > 0))
    throw new RangeError(`${owner}: ${name} must be a positive finite number; got ${show(value)}`);
}

function point(owner: string, p: number[]): [number, number] {
  if (!Array.isArray(p) || p.length !== 2) throw new RangeError(`${owner}: points are [x, y]; got ${JSON.stringify(p)}`);
  return [p[0] as number, p[1] as number];
}

/**
 * @example const bowl = quadraticBowl({ a: 1, b: 20 }); bowl.grad([1, 1]); // [1, 20]
 */
export function quadraticBowl(options: { a?: number; b?: number } = {}): TestProblem {
  checkProblemOptions("quadraticBowl", options);
  const a = options.a === undefined ? 1 : options.a;
  const b = options.b === undefined ? 20 : options.b;
  checkCoefficient("quadraticBowl", "a", a);
  checkCoefficient("quadraticBowl", "b", b);
  const fxy = (x: number, y: number) => (a * x * x + b * y * y) / 2;
  return {
    name: `bowl (${a}·x² + ${b}·y²)/2`,
    fxy,
    f: (p) => fxy(...point("quadraticBowl", p)),
    grad: (p) => {
      const [x, y] = point("quadraticBowl", p);
      return [a * x, b * y];
    },
    fTf: (x, y) => tf.add(tf.mul(a, tf.square(x)), tf.mul(b, tf.square(y))).div(2),
    minimum: [0, 0],
  };
}

/**
 * @example rosenbrock().f([1, 1]); // 0
 */
export function rosenbrock(options: { a?: number; b?: number } = {}): TestProblem {
  checkProblemOptions("rosenbrock", options);
  const a = options.a === undefined ? 1 : options.a;
  const b = options.b === undefined ? 100 : options.b;
  checkCoefficient("rosenbrock", "a", a);
  checkCoefficient("rosenbrock", "b", b);
  const fxy = (x: number, y: number) => (a - x) ** 2 + b * (y - x * x) ** 2;
  return {
    name: `Rosenbrock (${a} − x)² + ${b}·(y − x²)²`,
    fxy,
    f: (p) => fxy(...point("rosenbrock", p)),
    grad: (p) => {
      const [x, y] = point("rosenbrock", p);
      // chain rule on both squares: d/dx = −2(a − x) − 4b·x·(y − x²), d/dy = 2b·(y − x²)
      return [-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)];
    },
    fTf: (x, y) => tf.add(tf.square(tf.sub(a, x)), tf.mul(b, tf.square(tf.sub(y, tf.square(x))))),
    minimum: [a, a * a],
  };
}
