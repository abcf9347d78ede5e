// Property-based tests on randomly generated expressions (fast-check, fixed seeds): at random
// points well inside each expression's domain, the symbolic derivative, forward mode with dual
// numbers, tfjs autograd and a central difference agree; printing and simplifying keep the value.
import assert from "node:assert/strict";
import fc from "fast-check";
import { add, call, div, mul, neg, num, pow, sub, variable, type Expr, type FunctionName } from "../../lib/derivatives/symbolic/ast";
import {
  differentiate,
  evaluateExpression,
  parse,
  simplify,
  toText,
  variablesOf,
  KNOWN_FUNCTIONS,
  EXPRESSION_LIMITS,
} from "../../lib/derivatives/symbolic";
import { Dual } from "../../lib/derivatives/dual";
import { evaluateWith } from "../../lib/derivatives/symbolic/evaluate";
import { liveTensors } from "../../lib/tf";
import { dualPartial, fdPartial, near, tfPartial } from "./witnesses";

const SEED = 20240607;
const VARIABLES = ["x", "y"] as const;

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VARIABLES).map(variable) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5 }).map(num) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, 1.5, 2.5).map(num) },
);

/** Random expression trees of at most `depth` levels, using every operation and function. */
function expression(depth: number): fc.Arbitrary<Expr> {
  if (depth === 0) return leaf;
  const sub1 = expression(depth - 1);
  return fc.oneof(
    { weight: 2, arbitrary: leaf },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom<FunctionName>(...KNOWN_FUNCTIONS), sub1).map(([fn, a]) => call(fn, a)) },
    { weight: 1, arbitrary: sub1.map(neg) },
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(add, sub, mul, div), sub1, sub1).map(([op, a, b]) => op(a, b)),
    },
    { weight: 2, arbitrary: fc.tuple(sub1, fc.constantFrom(2, 3, -1, -2, 0.5, 1.5)).map(([a, n]) => pow(a, num(n))) },
    // exponentials a^u and general powers u^v
    { weight: 1, arbitrary: fc.tuple(sub1, sub1).map(([a, b]) => pow(a, b)) },
  );
}

const MARGIN = 0.25;
const MAX_SCALE = 1e3;

/**
 * The largest magnitude of any value or derivative inside `e` at the point, or undefined when
 * the point is too close to the edge of a domain (a pole, log(0), sqrt(0), a negative base with
 * a fractional exponent, a tan pole) or values get too large for a fair float32 comparison.
 */
function scaleInsideDomain(e: Expr, values: Record<string, number>): number | undefined {
  let scale = 0;
  let ok = true;
  const note = (d: Dual) => {
    if (!Number.isFinite(d.value) || !Number.isFinite(d.derivative)) ok = false;
    scale = Math.max(scale, Math.abs(d.value), Math.abs(d.derivative));
    return d;
  };
  const guard = (cond: boolean) => {
    if (!cond) ok = false;
  };
  for (const v of VARIABLES) {
    evaluateWith(e, (name) => new Dual(values[name] as number, name === v ? 1 : 0), {
      constant: (c) => Dual.constant(c),
      add: (a, b) => note(a.add(b)),
      sub: (a, b) => note(a.sub(b)),
      mul: (a, b) => note(a.mul(b)),
      div: (a, b) => (guard(Math.abs(b.value) > MARGIN), note(a.div(b))),
      pow: (a, b, node) => {
        // a constant whole exponent allows any base (away from 0 if the power is negative);
        // otherwise the rules take log(base), so the base must be positive
        const wholeConstant = node.kind === "pow" && variablesOf(node.right).length === 0 && Number.isInteger(b.value);
        guard(wholeConstant ? b.value > 1 || Math.abs(a.value) > MARGIN : a.value > MARGIN);
        return note(a.pow(b));
      },
      neg: (a) => note(a.neg()),
      call: (fn, a) => {
        if (fn === "log" || fn === "sqrt") guard(a.value > MARGIN);
        if (fn === "tan") guard(Math.abs(Math.cos(a.value)) > MARGIN);
        if (fn === "exp" || fn === "sinh" || fn === "cosh") guard(Math.abs(a.value) < 8);
        return note(a[fn]());
      },
    });
  }
  return ok && scale < MAX_SCALE ? scale : undefined;
}

const point = fc.record({ x: fc.double({ min: -2.5, max: 2.5, noNaN: true }), y: fc.double({ min: -2.5, max: 2.5, noNaN: true }) });

describe("symbolic: property-based tests on random expressions", function () {
  this.timeout(120000);

  it("symbolic derivative = dual numbers = tfjs = central difference, at points inside the domain", () => {
    const before = liveTensors();
    let checked = 0;
    fc.assert(
      fc.property(expression(3), point, fc.constantFrom(...VARIABLES), (e, values, v) => {
        const scale = scaleInsideDomain(e, values);
        fc.pre(scale !== undefined);
        const s = scale;
        const symbolic = evaluateExpression(differentiate(e, v).result, values);
        const dual = dualPartial(e, v, values);
        const fd = fdPartial(e, v, values);
        const where = `d/d${v} ${toText(e)} at x = ${values.x}, y = ${values.y}`;
        // both float64 and exact up to rounding: only the order of operations differs
        assert.ok(near(symbolic, dual, 1e-9, 1e-9 * (1 + s)), `${where}: symbolic ${symbolic}, dual ${dual}`);
        // h = 1e-5: truncation ~ h^2 |f'''| / 6, round-off ~ eps |f| / h
        assert.ok(near(symbolic, fd, 1e-5, 1e-6 * (1 + s)), `${where}: symbolic ${symbolic}, central difference ${fd}`);
        if (variablesOf(e).includes(v)) {
          // float32: about 7 digits, lost further in cancellations among values of size `scale`
          const viaTf = tfPartial(e, v, values);
          assert.ok(near(symbolic, viaTf, 1e-3, 1e-4 * (1 + s)), `${where}: symbolic ${symbolic}, tfjs ${viaTf}`);
        }
        checked += 1;
      }),
      { seed: SEED, numRuns: 300, maxSkipsPerRun: 1000 },
    );
    assert.equal(checked, 300, "every run reached the comparison");
    assert.equal(liveTensors(), before, "no tensor leaked");
  });

  it("printing and parsing back keeps the value; so does simplifying", () => {
    fc.assert(
      fc.property(expression(4), point, (e, values) => {
        fc.pre(scaleInsideDomain(e, values) !== undefined);
        const value = evaluateExpression(e, values);
        const reparsed = evaluateExpression(parse(toText(e)), values);
        const simplified = evaluateExpression(simplify(e), values);
        assert.ok(near(reparsed, value, 1e-12, 1e-12), `${toText(e)}: ${reparsed} after printing and parsing, ${value} before`);
        assert.ok(
          near(simplified, value, 1e-9, 1e-9 * (1 + Math.abs(value))),
          `${toText(e)} -> ${toText(simplify(e))}: ${simplified} vs ${value}`,
        );
      }),
      { seed: SEED + 1, numRuns: 400, maxSkipsPerRun: 1000 },
    );
  });

  it("simplify is idempotent, and printing, parsing and simplifying again settles after one round", () => {
    fc.assert(
      fc.property(expression(4), point, (e, values) => {
        // expressions defined somewhere (not, say, 1/(x - x))
        fc.pre(scaleInsideDomain(e, values) !== undefined);
        const once = simplify(e);
        assert.equal(toText(simplify(once)), toText(once), `${toText(e)}`);
        const round = (text: string) => toText(simplify(parse(text)));
        const t1 = round(toText(once));
        assert.equal(round(t1), t1, `${toText(e)} -> ${toText(once)} -> ${t1}`);
        assert.ok(near(evaluateExpression(parse(t1), values), evaluateExpression(e, values), 1e-9, 1e-9), `${toText(e)} -> ${t1}`);
      }),
      { seed: SEED + 2, numRuns: 400, maxSkipsPerRun: 1000 },
    );
  });
});

/**
 * Deep and wide trees: a chain of `depth` unary steps (a function, a sign, a power, a product or
 * a quotient with a leaf) around a leaf, or a sum/product of up to `width` random small trees.
 */
function deep(depth: number): fc.Arbitrary<Expr> {
  const step = fc.oneof(
    fc.constantFrom<FunctionName>("sin", "cos", "tanh", "atan", "sigmoid").map((fn) => (a: Expr) => call(fn, a)),
    fc.constant((a: Expr) => neg(a)),
    fc.constantFrom(2, 3).map((n) => (a: Expr) => pow(a, num(n))),
    fc.tuple(leaf, fc.constantFrom(add, sub, mul)).map(
      ([l, op]) =>
        (a: Expr) =>
          op(l, a),
    ),
    leaf.map((l) => (a: Expr) => div(a, add(num(2), pow(l, num(2))))),
  );
  return fc.tuple(leaf, fc.array(step, { minLength: 1, maxLength: depth })).map(([l, steps]) => steps.reduce((acc, f) => f(acc), l));
}

function wide(width: number): fc.Arbitrary<Expr> {
  return fc
    .tuple(fc.constantFrom(add, sub, mul), fc.array(expression(1), { minLength: 2, maxLength: width }))
    .map(([op, parts]) => parts.reduce((acc, p) => op(acc, p)));
}

const deepOrWide = fc.oneof(deep(40), wide(30), expression(4));

/** Does evaluating `e` at the point fail (the value is undefined there)? */
function fails(e: Expr, values: Record<string, number>): boolean {
  try {
    evaluateExpression(e, values);
    return false;
  } catch (error) {
    if ((error as Error).name !== "EvaluationError") throw error;
    return true;
  }
}

describe("symbolic: properties on deep and wide expressions", function () {
  this.timeout(300000);

  it("printing then parsing keeps the value, of an expression and of its simplified form", () => {
    fc.assert(
      fc.property(deepOrWide, point, (e, values) => {
        const reparsed = parse(toText(e));
        if (scaleInsideDomain(e, values) !== undefined) {
          const before = evaluateExpression(e, values);
          assert.ok(near(evaluateExpression(reparsed, values), before, 1e-12, 1e-12 * (1 + Math.abs(before))), toText(e));
        }
        const simplified = simplify(e);
        if (scaleInsideDomain(e, values) !== undefined) {
          const value = evaluateExpression(simplified, values);
          assert.ok(
            near(evaluateExpression(parse(toText(simplified)), values), value, 1e-12, 1e-12 * (1 + Math.abs(value))),
            toText(simplified),
          );
        }
      }),
      { seed: SEED + 10, numRuns: 300 },
    );
  });

  it("the derivative agrees with a central difference wherever the expression is well inside its domain", () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.oneof(deep(25), wide(12)), point, fc.constantFrom(...VARIABLES), (e, values, v) => {
        const scale = scaleInsideDomain(e, values);
        fc.pre(scale !== undefined);
        const symbolic = evaluateExpression(differentiate(e, v).result, values);
        const fd = fdPartial(e, v, values);
        assert.ok(near(symbolic, fd, 1e-5, 1e-6 * (1 + scale)), `d/d${v} ${toText(e)} at ${JSON.stringify(values)}: ${symbolic} vs ${fd}`);
        checked += 1;
      }),
      { seed: SEED + 11, numRuns: 200, maxSkipsPerRun: 1000 },
    );
    assert.equal(checked, 200);
  });

  it("simplify keeps the value wherever the original is defined", () => {
    fc.assert(
      fc.property(deepOrWide, point, (e, values) => {
        const scale = scaleInsideDomain(e, values);
        fc.pre(scale !== undefined);
        const before = evaluateExpression(e, values);
        const after = evaluateExpression(simplify(e), values);
        assert.ok(near(after, before, 1e-9, 1e-9 * (1 + scale)), `${toText(e)} -> ${toText(simplify(e))}: ${after} vs ${before}`);
      }),
      { seed: SEED + 12, numRuns: 300, maxSkipsPerRun: 1000 },
    );
  });

  it("undefined stays undefined: a division by an expression that is zero everywhere survives simplify and differentiate", () => {
    const zeroes = fc.tuple(expression(2), fc.constantFrom("difference", "times zero", "zero power")).map(([z, how]): Expr => {
      if (how === "difference") return sub(z, z);
      if (how === "times zero") return mul(num(0), z);
      return mul(sub(z, z), pow(z, num(2)));
    });
    fc.assert(
      fc.property(expression(3), zeroes, fc.constantFrom("quotient", "zero times", "power"), point, (e, zero, shape, values) => {
        const u: Expr = shape === "quotient" ? div(e, zero) : shape === "zero times" ? mul(zero, div(e, zero)) : pow(zero, num(-1));
        // undefined as written, wherever it is evaluated
        assert.ok(fails(u, values), `${toText(u)} has a value at ${JSON.stringify(values)}`);
        const s = simplify(u);
        assert.ok(fails(s, values), `${toText(u)} simplified to ${toText(s)}, which has a value`);
        assert.ok(fails(parse(toText(s)), values), `${toText(s)} printed and parsed has a value`);
        for (const v of VARIABLES) {
          const d = differentiate(u, v).result;
          assert.ok(fails(d, values), `d/d${v} ${toText(u)} = ${toText(d)}, which has a value`);
        }
      }),
      { seed: SEED + 13, numRuns: 300 },
    );
  });

  it("trees up to the depth limit work in every function, and one level more is an ExpressionError", () => {
    const chain = (n: number): Expr => {
      let e: Expr = variable("x");
      for (let i = 1; i < n; i++) e = i % 2 ? call("sin", e) : neg(e);
      return e;
    };
    const limit = EXPRESSION_LIMITS.maxTreeDepth;
    const e = chain(limit);
    assert.doesNotThrow(() => toText(e));
    assert.doesNotThrow(() => evaluateExpression(e, { x: 0.5 }));
    assert.doesNotThrow(() => simplify(e));
    assert.throws(() => toText(chain(limit + 1)), { name: "ExpressionError", message: new RegExp(`limit is ${limit} levels`) });
  });
});
