/**
 * An expression as a TensorFlow.js function, so tfjs autograd can differentiate what a learner
 * typed: `crossCheck({ f: toFunction(e), df: toFunction(d.result), fTf: toTf(e), ... })`.
 * tfjs computes in float32.
 *
 * @example tf.grad(toTf(parse("x^2")))(tf.scalar(3)) // 6
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import { tf } from "../../tf";
import type { Expr, FunctionName } from "./ast";
import { evaluateWith, withVariables, type Algebra } from "./evaluate";
import { checkNames, describeValue } from "./guard";
import { at } from "../../util/array";

// a Record over FunctionName: the compiler checks that every function of the engine has its tfjs op
const TF_FUNCTIONS: Readonly<Record<FunctionName, (x: tf.Tensor) => tf.Tensor>> = {
  sin: tf.sin,
  cos: tf.cos,
  tan: tf.tan,
  exp: tf.exp,
  log: tf.log,
  sqrt: tf.sqrt,
  tanh: tf.tanh,
  sigmoid: tf.sigmoid,
  atan: tf.atan,
  sinh: tf.sinh,
  cosh: tf.cosh,
};

const tfAlgebra: Algebra<tf.Tensor> = {
  constant: (v) => tf.scalar(v),
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  pow: (a, b) => tf.pow(a, b),
  neg: (a) => tf.neg(a),
  call: (fn, a) => TF_FUNCTIONS[fn](a),
};

/** `e` written with tfjs ops, as a function of scalars in the order of `variables` (default: alphabetical). */
export function toTf(expression: Expr | string, variables?: readonly string[]): (...args: tf.Tensor[]) => tf.Scalar {
  checkNames("variables", variables);
  const { e, vars } = withVariables(expression, variables);
  return (...args) => {
    if (args.length !== vars.length) {
      throw new RangeError(
        `expected ${vars.length} tensor argument${vars.length === 1 ? "" : "s"} (${vars.join(", ")}); got ${args.length}`,
      );
    }
    args.forEach((a, i) => {
      if (!(a instanceof tf.Tensor) || a.size !== 1)
        throw new TypeError(
          `argument ${i + 1} (${vars[i]}) must be a scalar tensor such as tf.scalar(1); got ${a instanceof tf.Tensor ? `a tensor of shape [${a.shape.join(", ")}]` : describeValue(a)}`,
        );
    });
    const out = evaluateWith(e, (name) => at(args, vars.indexOf(name), `the tensor for ${name}`), tfAlgebra);
    // + 0·input for every input keeps each one on tfjs's tape: f(x) = x, a constant, or a variable
    // the expression does not use then gets its true gradient (1 or 0) instead of a tfjs error
    // every argument has size 1 (checked above), so the result has one entry: the scalar the type promises
    return args.reduce<tf.Tensor>((acc, a) => tf.add(acc, tf.mul(a, 0)), out) as tf.Scalar;
  };
}
