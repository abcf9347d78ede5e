// Every differentiation rule: the simplified result a person would write, the rule named in the
// steps, and the value checked against a formula in plain Math, tfjs autograd, a central
// difference and dual numbers.
import assert from "node:assert/strict";
import {
  differentiate,
  evaluateExpression,
  parse,
  symbolicGradient,
  evaluateGradient,
  toText,
  derivationText,
  derivationMarkdown,
  DIFFERENTIATION_RULES,
  type RuleName,
} from "../../lib/derivatives/symbolic";
import { TF_TOLERANCE, FD_TOLERANCE } from "../../lib/check";
import { liveTensors } from "../../lib/tf";
import { dualPartial, fdPartial, near, tfPartial } from "./witnesses";

interface Case {
  expression: string;
  variable?: string;
  /** The derivative as a person writes it. */
  text: string;
  /** The rule used for the whole expression (the first step). */
  rule: RuleName;
  /** The derivative in plain Math, written independently of the engine. */
  math: (x: number, y: number) => number;
  at?: number[];
}

const sigma = (x: number) => 1 / (1 + Math.exp(-x));

const CASES: Case[] = [
  { expression: "7", text: "0", rule: "constant", math: () => 0 },
  { expression: "x", text: "1", rule: "variable", math: () => 1 },
  // power rule (article: x^3, x^5, 1/x = x^-1)
  { expression: "x^3", text: "3x^2", rule: "power", math: (x) => 3 * x ** 2 },
  { expression: "x^5", text: "5x^4", rule: "power", math: (x) => 5 * x ** 4 },
  { expression: "x^-1", text: "-1/x^2", rule: "power", math: (x) => -1 / x ** 2 },
  { expression: "x^(1/2)", text: "1/(2x^(1/2))", rule: "power", math: (x) => 0.5 / Math.sqrt(x) },
  // constant multiple (article: 5x^3 -> 15x^2)
  { expression: "5x^3", text: "15x^2", rule: "constant multiple", math: (x) => 15 * x ** 2 },
  { expression: "-x^2", text: "-2x", rule: "constant multiple", math: (x) => -2 * x },
  { expression: "x^3/3", text: "x^2", rule: "constant multiple", math: (x) => x ** 2 },
  // sum and difference (article: x^3 + 2x^2 - 5x + 7 -> 3x^2 + 4x - 5)
  { expression: "x^3 + 2x^2 - 5x + 7", text: "3x^2 + 4x - 5", rule: "sum", math: (x) => 3 * x ** 2 + 4 * x - 5 },
  { expression: "x^2 - x", text: "2x - 1", rule: "difference", math: (x) => 2 * x - 1 },
  // product (article: x^2 sin x -> 2x sin x + x^2 cos x)
  { expression: "x^2 sin(x)", text: "2x sin(x) + x^2 cos(x)", rule: "product", math: (x) => 2 * x * Math.sin(x) + x ** 2 * Math.cos(x) },
  // quotient
  { expression: "sin(x)/x", text: "(x cos(x) - sin(x))/x^2", rule: "quotient", math: (x) => (x * Math.cos(x) - Math.sin(x)) / x ** 2 },
  { expression: "1/x", text: "-1/x^2", rule: "quotient", math: (x) => -1 / x ** 2 },
  { expression: "x/(x^2 + 1)", text: "(1 - x^2)/(x^2 + 1)^2", rule: "quotient", math: (x) => (1 - x ** 2) / (x ** 2 + 1) ** 2 },
  // chain (article: (x^2 + 1)^3 -> 6x(x^2 + 1)^2)
  { expression: "(x^2 + 1)^3", text: "6x(x^2 + 1)^2", rule: "chain", math: (x) => 6 * x * (x ** 2 + 1) ** 2 },
  { expression: "sin(x^2)", text: "2x cos(x^2)", rule: "chain", math: (x) => 2 * x * Math.cos(x ** 2) },
  { expression: "exp(-x^2)", text: "-2x exp(-x^2)", rule: "chain", math: (x) => -2 * x * Math.exp(-(x ** 2)) },
  { expression: "2^(3x)", text: "3*2^(3x) log(2)", rule: "chain", math: (x) => 3 * Math.LN2 * 2 ** (3 * x) },
  { expression: "sqrt(x^2 + 1)", text: "x/sqrt(x^2 + 1)", rule: "chain", math: (x) => x / Math.sqrt(x ** 2 + 1) },
  // exponential
  { expression: "2^x", text: "2^x log(2)", rule: "exponential", math: (x) => 2 ** x * Math.LN2 },
  { expression: "e^x", text: "e^x", rule: "exponential", math: (x) => Math.exp(x) },
  // the functions the engine knows
  { expression: "sin(x)", text: "cos(x)", rule: "function", math: (x) => Math.cos(x) },
  { expression: "cos(x)", text: "-sin(x)", rule: "function", math: (x) => -Math.sin(x) },
  { expression: "tan(x)", text: "1/cos(x)^2", rule: "function", math: (x) => 1 / Math.cos(x) ** 2 },
  { expression: "exp(x)", text: "exp(x)", rule: "function", math: (x) => Math.exp(x) },
  { expression: "log(x)", text: "1/x", rule: "function", math: (x) => 1 / x },
  { expression: "sqrt(x)", text: "1/(2 sqrt(x))", rule: "function", math: (x) => 1 / (2 * Math.sqrt(x)) },
  { expression: "tanh(x)", text: "1 - tanh(x)^2", rule: "function", math: (x) => 1 - Math.tanh(x) ** 2 },
  { expression: "sigmoid(x)", text: "sigmoid(x)(1 - sigmoid(x))", rule: "function", math: (x) => sigma(x) * (1 - sigma(x)) },
  { expression: "atan(x)", text: "1/(1 + x^2)", rule: "function", math: (x) => 1 / (1 + x * x) },
  { expression: "sinh(x)", text: "cosh(x)", rule: "function", math: (x) => Math.cosh(x) },
  { expression: "cosh(x)", text: "sinh(x)", rule: "function", math: (x) => Math.sinh(x) },
  // base and exponent both vary
  { expression: "x^x", text: "x^x(log(x) + 1)", rule: "general power", math: (x) => x ** x * (Math.log(x) + 1) },
  // partial derivatives (article: x^2 + 3xy + y^2)
  { expression: "x^2 + 3xy + y^2", variable: "x", text: "2x + 3y", rule: "sum", math: (x, y) => 2 * x + 3 * y },
  { expression: "x^2 + 3xy + y^2", variable: "y", text: "3x + 2y", rule: "sum", math: (x, y) => 3 * x + 2 * y },
  { expression: "x^2 y + sin(y)", variable: "y", text: "x^2 + cos(y)", rule: "sum", math: (x, y) => x ** 2 + Math.cos(y) },
];

describe("symbolic/differentiate: every rule, three witnesses", () => {
  for (const c of CASES) {
    const variable = c.variable ?? "x";
    it(`d/d${variable} ${c.expression} = ${c.text} (${c.rule} rule)`, () => {
      const before = liveTensors();
      const d = differentiate(c.expression, variable);
      assert.equal(toText(d.result), c.text);
      assert.equal(d.steps[0]?.rule, c.rule);
      for (const x of c.at ?? [0.7, 1.3, 2.1]) {
        const values = { x, y: -0.6 };
        const symbolic = evaluateExpression(d.result, values);
        const expected = c.math(x, -0.6);
        assert.ok(near(symbolic, expected, 1e-12, 1e-12), `at x = ${x}: symbolic ${symbolic}, plain Math ${expected}`);
        assert.ok(near(symbolic, dualPartial(d.expression, variable, values), 1e-12, 1e-12), `dual numbers at x = ${x}`);
        assert.ok(
          near(symbolic, fdPartial(d.expression, variable, values), FD_TOLERANCE.rtol, FD_TOLERANCE.atol),
          `central difference at x = ${x}`,
        );
        if (c.rule !== "constant") {
          const viaTf = tfPartial(d.expression, variable, values);
          assert.ok(near(symbolic, viaTf, TF_TOLERANCE.rtol, TF_TOLERANCE.atol), `tfjs at x = ${x}: ${viaTf} vs ${symbolic}`);
        }
      }
      assert.equal(liveTensors(), before, "no tensor leaked");
    });
  }

  it("has a case for every rule in the table", () => {
    const tested = new Set(CASES.map((c) => c.rule));
    for (const rule of DIFFERENTIATION_RULES) assert.ok(tested.has(rule.name), `rule "${rule.name}" is tested`);
  });
});

describe("symbolic/differentiate: the steps", () => {
  const sequences: Array<[string, RuleName[]]> = [
    [
      "x^3 + 2x^2 - 5x + 7",
      ["sum", "difference", "sum", "power", "constant multiple", "power", "constant multiple", "variable", "constant"],
    ],
    ["(x^2 + 1)^3", ["chain", "sum", "power", "constant"]],
    ["x^2 sin(x)", ["product", "power", "function"]],
    ["sin(x)/x", ["quotient", "function", "variable"]],
    ["5x^3", ["constant multiple", "power"]],
  ];
  for (const [expression, rules] of sequences) {
    it(`${expression}: ${rules.join(", ")}`, () => {
      assert.deepEqual(
        differentiate(expression).steps.map((s) => s.rule),
        rules,
      );
    });
  }

  it("records for each step a derivative that is right for that part", () => {
    for (const expression of ["(x^2 + 1)^3 sin(2x)", "x^2/(1 + exp(-x))", "sqrt(x^3 + 2x) - 5x^2 log(x)"]) {
      for (const step of differentiate(expression).steps) {
        const x = 1.7;
        const got = evaluateExpression(step.derivative, { x });
        const fd = fdPartial(step.expression, "x", { x });
        assert.ok(
          near(got, fd, 1e-6, 1e-7),
          `${toText(step.expression)}: step says ${toText(step.derivative)} = ${got}, central difference ${fd}`,
        );
      }
    }
  });

  it("records the depth of each step (0 for the whole expression)", () => {
    assert.deepEqual(
      differentiate("(x^2 + 1)^3").steps.map((s) => s.depth),
      [0, 1, 2, 2],
    );
  });

  it("explains the chain rule with the outer and inner functions", () => {
    const plain = derivationMarkdown(differentiate("(x^2 + 1)^3")).plain.split("\n");
    assert.equal(plain[0], "d/dx [(x^2 + 1)^3] = 6x(x^2 + 1)^2");
    assert.equal(
      plain[1],
      " 1. chain: d/dx [(x^2 + 1)^3] = 6x(x^2 + 1)^2   (outer u^3 has derivative 3u^2, inner u = x^2 + 1; multiply by u')",
    );
    assert.equal(plain[3], " 3.     power: d/dx [x^2] = 2x   (n = 2: bring the exponent down and lower it by one)");
  });

  it("writes partial derivatives with ∂ and says what is held constant", () => {
    const d = differentiate("x^2 + 3xy + y^2", "y");
    assert.equal(d.partial, true);
    assert.equal(derivationText(d), "∂/∂y [x^2 + 3xy + y^2] = 3x + 2y");
    const constantStep = d.steps.find((s) => s.rule === "constant");
    assert.equal(toText(constantStep!.expression), "x^2");
    assert.match(derivationMarkdown(d).plain, /x\^2 does not depend on y: it is held constant/);
  });

  it("renders the steps as a Markdown table with LaTeX", () => {
    const { markdown } = derivationMarkdown(differentiate("(x^2 + 1)^3"));
    const lines = markdown.split("\n");
    assert.equal(lines[0], "$$\\frac{d}{dx}\\left[\\left(x^{2} + 1\\right)^{3}\\right] = 6x \\left(x^{2} + 1\\right)^{2}$$");
    assert.equal(lines[2], "| # | rule | step | how |");
    assert.match(lines[4]!, /^\| 1 \| chain \| \$\\frac\{d\}\{dx\}/);
    assert.match(lines[6]!, /^\| 3 \| &emsp;&emsp;power \|/);
  });

  it("names a bad variable", () => {
    assert.throws(() => differentiate("x^2", "2x"), { message: 'variable must be a name such as "x"; got "2x"' });
    assert.throws(() => differentiate("x^2", null as unknown as string), { message: 'variable must be a name such as "x"; got null' });
  });
});

describe("symbolic/symbolicGradient", () => {
  it("gives the article's gradient of x^2 + 3xy + y^2: [2x + 3y, 3x + 2y], [8, 7] at (1, 2)", () => {
    const g = symbolicGradient("x^2 + 3xy + y^2");
    assert.deepEqual(g.variables, ["x", "y"]);
    assert.deepEqual(
      g.partials.map((d) => toText(d.result)),
      ["2x + 3y", "3x + 2y"],
    );
    // 2·1 + 3·2 = 8, 3·1 + 2·2 = 7
    assert.deepEqual(evaluateGradient(g, [1, 2]), [8, 7]);
  });

  it("agrees with tfjs and central differences on a three-variable function", () => {
    const g = symbolicGradient("x y z + exp(x) sin(y) - z^2/x", ["x", "y", "z"]);
    const values = { x: 1.2, y: -0.4, z: 0.9 };
    const got = evaluateGradient(g, [values.x, values.y, values.z]);
    g.variables.forEach((v, i) => {
      assert.ok(near(got[i]!, tfPartial(g.expression, v, values), TF_TOLERANCE.rtol, TF_TOLERANCE.atol), `∂/∂${v} vs tfjs`);
      assert.ok(near(got[i]!, fdPartial(g.expression, v, values), FD_TOLERANCE.rtol, FD_TOLERANCE.atol), `∂/∂${v} vs central difference`);
    });
  });

  it("takes multi-letter variable names and keeps the order given", () => {
    const g = symbolicGradient("w x + b", ["w", "b", "x"]);
    assert.deepEqual(
      g.partials.map((d) => toText(d.result)),
      ["x", "1", "w"],
    );
    assert.deepEqual(
      symbolicGradient("theta^2 + lr", ["lr", "theta"]).partials.map((d) => toText(d.result)),
      ["1", "2theta"],
    );
    assert.equal(toText(parse("theta^2", { variables: ["theta"] })), "theta^2");
  });

  it("names bad input", () => {
    assert.throws(() => symbolicGradient("x^2 + y", ["x"]), { message: "the expression uses y, which is not among the variables x" });
    assert.throws(() => symbolicGradient("42"), {
      message: "the expression has no variables, so its gradient is empty; pass variables explicitly",
    });
    const g = symbolicGradient("x^2 + y^2");
    assert.throws(() => evaluateGradient(g, [1]), { message: "point must have 2 coordinates (x, y); got 1" });
    assert.throws(() => evaluateGradient(g, [1, NaN]), { message: "point[1] (y) must be a finite number; got NaN" });
  });
});
