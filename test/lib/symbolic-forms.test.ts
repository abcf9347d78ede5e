// The forms the engine writes: simplification, plain text, LaTeX, expansion and the limit
// definition worked by algebra.
import assert from "node:assert/strict";
import {
  expand,
  limitDerivation,
  parse,
  simplify,
  toLatex,
  toText,
  showDerivation,
  showGradient,
  showLimitDerivation,
  differentiate,
  symbolicGradient,
  explainDerivative,
} from "../../lib/derivatives/symbolic";
import { captureDisplays, type DisplayMessage } from "../../lib/display";

const simp = (source: string) => toText(simplify(parse(source)));

describe("symbolic/simplify", () => {
  const cases: Array<[string, string]> = [
    ["0 + x", "x"],
    ["1 * x", "x"],
    ["x * 0 + 3", "3"],
    ["x^1", "x"],
    ["x^0", "1"],
    ["2 + 3 * 4", "14"],
    ["6 / 4", "3/2"],
    ["x / 3 * 3", "x"],
    ["x * x", "x^2"],
    ["x^2 * x^3 / x", "x^4"],
    ["2x + 3x", "5x"],
    ["x - x", "0"],
    ["y x", "xy"],
    ["3 * (2x)", "6x"],
    ["2(x + 1)", "2x + 2"],
    ["-(x - 3)", "3 - x"],
    ["-x^2 + 1", "1 - x^2"],
    ["-x - 1", "-x - 1"],
    ["(2x)^3", "8x^3"],
    ["(x^2)^3", "x^6"],
    ["(x^2)^(1/2)", "(x^2)^(1/2)"],
    ["4^(1/2)", "2"],
    ["x^-2", "1/x^2"],
    ["2x^-1 y", "2y/x"],
    ["3 * (x^2 + 1)^2 * (2x + 0)", "6x(x^2 + 1)^2"],
    ["(cos(x) * x - sin(x) * 1) / x^2", "(x cos(x) - sin(x))/x^2"],
    ["sin(0) + cos(0) + exp(0) + log(1) + log(e)", "3"],
    // sigmoid(0) = 1/2 exactly, so it folds; exp(1) and sqrt(2) do not
    ["sqrt(4) + sigmoid(0)", "5/2"],
    ["exp(1) + sqrt(2)", "exp(1) + sqrt(2)"],
    ["x * 2^x * 2^x", "2^(2x) x"],
    ["e^x * x", "x e^x"],
    ["0.1 + 0.2", "3/10"],
    ["1.5x + 0.5x^2", "3x/2 + x^2/2"],
  ];
  for (const [source, expected] of cases) it(`${source} -> ${expected}`, () => assert.equal(simp(source), expected));

  it("is idempotent", () => {
    for (const source of ["6x(x^2 + 1)^2", "2x sin(x) + x^2 cos(x)", "(1 - x^2)/(x^2 + 1)^2", "x^x(log(x) + 1)"]) {
      assert.equal(toText(simplify(simplify(parse(source)))), toText(simplify(parse(source))));
    }
  });

  it("keeps a division by zero visible instead of folding it away", () => {
    assert.equal(simp("1/(x - x)"), "1/0");
  });
});

describe("symbolic/toText and toLatex", () => {
  const cases: Array<[string, string, string]> = [
    ["3x^2 + 4x - 5", "3x^2 + 4x - 5", "3x^{2} + 4x - 5"],
    ["6x(x^2 + 1)^2", "6x(x^2 + 1)^2", "6x \\left(x^{2} + 1\\right)^{2}"],
    ["2x sin(x) + x^2 cos(x)", "2x sin(x) + x^2 cos(x)", "2x \\sin\\left(x\\right) + x^{2} \\cos\\left(x\\right)"],
    ["-(1/x^2)", "-1/x^2", "-\\frac{1}{x^{2}}"],
    ["1/(2 sqrt(x))", "1/(2 sqrt(x))", "\\frac{1}{2\\sqrt{x}}"],
    ["exp(-x^2)", "exp(-x^2)", "e^{-x^{2}}"],
    ["exp(x)^2", "exp(x)^2", "\\left(e^{x}\\right)^{2}"],
    ["log(x) + sigmoid(x)", "log(x) + sigmoid(x)", "\\ln\\left(x\\right) + \\sigma\\left(x\\right)"],
    ["x - (y - z)", "x - (y - z)", "x - \\left(y - z\\right)"],
    ["x - -y", "x - (-y)", "x - \\left(-y\\right)"],
    ["(-2)^2", "(-2)^2", "\\left(-2\\right)^{2}"],
    ["x^(n - 1)", "x^(n - 1)", "x^{n - 1}"],
    ["3xy", "3xy", "3x y"],
    ["2 * 3", "2*3", "2 \\cdot 3"],
    ["pi x_1", "pi x_1", "\\pi x_{1}"],
    ["1e-7 x", "1e-7x", "1 \\times 10^{-7} x"],
  ];
  for (const [source, text, latex] of cases) {
    it(`${source}: ${text} | ${latex}`, () => {
      assert.equal(toText(parse(source)), text);
      assert.equal(toLatex(parse(source)), latex);
    });
  }

  it("writes Greek and multi-letter variable names in LaTeX", () => {
    assert.equal(toLatex(parse("theta^2 + lr", { variables: ["theta", "lr"] })), "\\theta^{2} + \\mathrm{lr}");
  });
});

describe("symbolic/expand", () => {
  const cases: Array<[string, string]> = [
    ["(x + h)^2", "x^2 + 2hx + h^2"],
    ["(x + h)^2 - x^2", "2hx + h^2"],
    ["((x + h)^2 - x^2)/h", "2x + h"],
    ["(x + 1)^3", "x^3 + 3x^2 + 3x + 1"],
    ["(2x + 3y)(x - y)", "2x^2 + xy - 3y^2"],
    ["(x + 1)(x - 1)", "x^2 - 1"],
    ["sin((x + 1)^2)", "sin(x^2 + 2x + 1)"],
    ["(x + 1)^20", "(x + 1)^20"],
  ];
  for (const [source, expected] of cases) it(`${source} -> ${expected}`, () => assert.equal(toText(expand(parse(source))), expected));
});

describe("symbolic/limitDerivation: the limit definition by algebra", () => {
  it("works (x^2)' = 2x the way the article does", () => {
    const l = limitDerivation("x^2");
    assert.deepEqual(
      l.steps.map((s) => [s.label, toText(s.expression)]),
      [
        ["the difference quotient", "((x + h)^2 - x^2)/h"],
        ["expand f(x + h)", "(x^2 + 2hx + h^2 - x^2)/h"],
        ["cancel", "(2hx + h^2)/h"],
        ["divide by h", "2x + h"],
        ["let h → 0", "2x"],
      ],
    );
    assert.equal(toText(l.result), "2x");
  });

  it("agrees with the rules on polynomials", () => {
    for (const source of ["x^3 + 2x", "5x^4 - x^2 + 7", "(2x - 1)^3", "x^2 y + y^3"]) {
      assert.equal(toText(limitDerivation(source).result), toText(expand(differentiate(source).result)), source);
    }
  });

  it("says when h does not cancel", () => {
    assert.throws(() => limitDerivation("sin(x)"), {
      message:
        "h does not cancel from sin(x + h)/h - sin(x)/h: the limit of this quotient needs more than algebra (for example sin(h)/h → 1); use differentiate() or a table of difference quotients instead",
    });
    assert.throws(() => limitDerivation("1/x"), /h does not cancel from/);
  });

  it("names bad input", () => {
    assert.throws(() => limitDerivation("x^2 + h"), { message: "the expression already uses h; choose another name for the step" });
    assert.throws(() => limitDerivation("x^2", "x", "2"), { message: 'step must be a name such as "x"; got "2"' });
  });
});

describe("symbolic/show: display bundles", () => {
  function capture(fn: () => void): DisplayMessage[] {
    const messages: DisplayMessage[] = [];
    const restore = captureDisplays((m) => messages.push(m));
    try {
      fn();
    } finally {
      restore();
    }
    return messages;
  }

  it("shows a derivation as Markdown with MathJax and a text fallback", () => {
    const [m] = capture(() => showDerivation(differentiate("x^3")));
    assert.equal(
      m?.data["text/plain"],
      "d/dx [x^3] = 3x^2\n 1. power: d/dx [x^3] = 3x^2   (n = 3: bring the exponent down and lower it by one)",
    );
    assert.match(String(m?.data["text/markdown"]), /^\$\$\\frac\{d\}\{dx\}\\left\[x\^\{3\}\\right\] = 3x\^\{2\}\$\$/);
  });

  it("shows a gradient with ∂ and ∇", () => {
    const [m] = capture(() => showGradient(symbolicGradient("x^2 + 3xy + y^2")));
    assert.equal(m?.data["text/plain"], "f(x, y) = x^2 + 3xy + y^2\n∂f/∂x = 2x + 3y\n∂f/∂y = 3x + 2y\n∇f = [2x + 3y, 3x + 2y]");
    assert.match(String(m?.data["text/markdown"]), /\\nabla f = \\left\[2x \+ 3y,\\; 3x \+ 2y\\right\]/);
  });

  it("shows the limit derivation as aligned equalities", () => {
    const [m] = capture(() => showLimitDerivation(limitDerivation("x^2")));
    const plain = String(m?.data["text/plain"]).split("\n");
    assert.equal(plain[0], "f'(x) = lim h→0 ((x + h)^2 - x^2)/h   (the difference quotient)");
    assert.equal(plain[4], "      = 2x   (let h → 0)");
    assert.match(String(m?.data["text/markdown"]), /\\begin\{aligned\}f'\(x\) &= \\lim_\{h \\to 0\}/);
  });

  it("explainDerivative shows the steps, a passing cross-check table and the tangent plot", () => {
    let d: ReturnType<typeof differentiate> | undefined;
    const messages = capture(() => {
      d = explainDerivative("(x^2 + 1)^3", { x0: 1 });
    });
    assert.equal(toText(d!.result), "6x(x^2 + 1)^2");
    assert.deepEqual(
      messages.map((m) => Object.keys(m.data).sort().join(",")),
      ["text/markdown,text/plain", "text/html,text/plain", "application/vnd.plotly.v1+json,text/html,text/plain"],
    );
    assert.match(String(messages[1]?.data["text/plain"]), /^Cross-check: d\/dx \(x\^2 \+ 1\)\^3 = 6x\(x\^2 \+ 1\)\^2/);
    assert.match(String(messages[2]?.data["text/plain"]), /tangent, slope 24/);
  });

  it("explainDerivative reports bad input clearly", () => {
    assert.throws(() => capture(() => explainDerivative("x y")), {
      message: "explainDerivative takes one variable, but xy has x, y: use symbolicGradient and showGradient",
    });
    // the default cross-check points skip where log or its derivative are undefined (x = 0)...
    const messages = capture(() => explainDerivative("log(x)", { plot: false }));
    assert.match(String(messages[1]?.data["text/plain"]), /\n0\.5 /);
    assert.doesNotMatch(String(messages[1]?.data["text/plain"]), /\n0 /);
    // ...and say so when none is left
    assert.throws(() => capture(() => explainDerivative("log(x)", { x0: -1 })), {
      message: "none of the points -2, -1.5, -1, -0.5, 0 is inside the domain of log(x) and its derivative: choose another x0",
    });
    // points given explicitly are used as they are: the evaluator names the problem
    assert.throws(
      () => capture(() => explainDerivative("log(x)", { at: [-1] })),
      /log needs a positive argument; got -0\.99999 in log\(x\)/,
    );
  });
});
