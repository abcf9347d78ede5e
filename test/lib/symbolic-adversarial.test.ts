// The symbolic engine under adversarial input, one block per class of failure: names inherited
// from Object.prototype, overflowing literals, undefined values simplified away, nesting that made
// the work exponential, input deep or long enough to overflow the stack, superscripts, constant
// folding, and the parenthesised limit steps.
import assert from "node:assert/strict";
import {
  EXPRESSION_LIMITS,
  ExpressionError,
  differentiate,
  evaluateExpression,
  expand,
  limitDerivation,
  parse,
  simplify,
  toFunction,
  toLatex,
  toText,
  derivationMarkdown,
  type Expr,
} from "../../lib/derivatives/symbolic";
import { showLimitDerivation } from "../../lib/derivatives/symbolic";
import { captureDisplays, type DisplayMessage } from "../../lib/display";

const text = (source: string) => toText(simplify(parse(source)));
const isExpressionError = (pattern: RegExp) => (error: unknown) => error instanceof ExpressionError && pattern.test(error.message);

/** Does evaluating `e` at x fail (division by zero, outside a domain), as evaluating an undefined value should? */
function undefinedAt(e: Expr | string, x: number): boolean {
  try {
    evaluateExpression(e, { x });
    return false;
  } catch (error) {
    return (error as Error).name === "EvaluationError";
  }
}

describe("symbolic, adversarial: names inherited from Object.prototype", () => {
  const inherited = Object.getOwnPropertyNames(Object.prototype);
  for (const name of [...inherited, "prototype", "apply", "call", "bind", "length", "name"]) {
    it(`${name}(x) is an unknown function, in parse, differentiate and evaluate`, () => {
      const unknown = isExpressionError(/unknown (function|name) "?[^"]*"?.*known functions are sin, cos/s);
      const source = `${name}(x)`;
      // a name such as "call" or "name" that splits into one-letter variables is a product (c·a·l·l(x)
      // is too long a word to split, so it is refused); either way, never a JavaScript built-in
      for (const run of [() => parse(source), () => differentiate(source), () => evaluateExpression(source, { x: 1 })]) {
        try {
          const result = run();
          assert.ok(!/native code|function/.test(JSON.stringify(result)), `${source} gave ${JSON.stringify(result)}`);
          assert.fail(`${source} was accepted`);
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          assert.ok(error instanceof ExpressionError || error instanceof RangeError, `${source}: ${String(error)}`);
          if (/^[a-zA-Z]+$/.test(name) && name.length > 3) assert.ok(unknown(error), `${source}: ${error.message}`);
        }
      }
    });
  }

  it("a tree built by hand with an inherited function name is refused at the boundary", () => {
    const bad = { kind: "call", fn: "toString", arg: { kind: "var", name: "x" } } as unknown as Expr;
    for (const run of [
      () => toText(bad),
      () => toLatex(bad),
      () => simplify(bad),
      () => differentiate(bad),
      () => evaluateExpression(bad, { x: 1 }),
    ]) {
      assert.throws(run, isExpressionError(/unknown function "toString"; known: sin, cos/));
    }
  });

  it("values named like Object.prototype's members are ordinary variables", () => {
    assert.equal(evaluateExpression("constructor + 1", { constructor: 2 }), 3);
    assert.throws(() => evaluateExpression("x + y", { x: 1 }), /values has no value for y/);
  });
});

describe("symbolic, adversarial: number literals that overflow", () => {
  for (const literal of ["9".repeat(400), "1e400", "1.5e309", "2e+999", `${"9".repeat(320)}.5`]) {
    it(`${literal.length > 20 ? `${literal.slice(0, 8)}… (${literal.length} characters)` : literal} is refused, not read as Infinity`, () => {
      for (const source of [literal, `${literal}*x`, `x^${literal}`]) {
        assert.throws(() => parse(source), isExpressionError(/too large/));
        assert.throws(() => differentiate(source), isExpressionError(/too large/));
      }
    });
  }

  it("arithmetic that overflows is an error, never a printed Infinity or NaN", () => {
    for (const source of ["10^400", "x * 10^400", "(1e300 * 1e300) x"]) {
      assert.throws(() => simplify(parse(source)), isExpressionError(/Infinity|beyond/));
    }
    // an exact fraction whose parts overflow falls back to its float value, not NaN
    assert.equal(text("(2/3)^2000"), "0");
    for (const source of ["1e300 x^2", "x^300", "1e-300 x"]) {
      const printed = toText(differentiate(source).result);
      assert.doesNotMatch(printed, /Infinity|NaN/, `${source} -> ${printed}`);
      assert.doesNotThrow(() => parse(printed), `${printed} parses back`);
    }
  });
});

describe("symbolic, adversarial: simplify keeps undefined undefined", () => {
  const undefinedEverywhere = [
    "0/0",
    "(x-x)/(x-x)",
    "0*(1/0)",
    "1/0 - 1/0",
    "(1/0)^0",
    "1/(1/0)",
    "0*log(0)",
    "0*sqrt(-1)",
    "(x - x)^(-1) * 0",
    "0^(-2) * 0",
    "x/0",
    "0*(x/(2x - 2x))",
  ];
  for (const source of undefinedEverywhere) {
    it(`${source} stays undefined (and evaluating says so)`, () => {
      assert.ok(undefinedAt(source, 0.7), `${source} is undefined as written`);
      const simplified = simplify(parse(source));
      assert.ok(undefinedAt(simplified, 0.7), `${source} simplified to ${toText(simplified)}, which has a value`);
      assert.ok(undefinedAt(parse(toText(simplified)), 0.7), `${toText(simplified)} printed and parsed back has a value`);
    });
  }

  for (const source of ["sin(x)/(x-x)", "x + 1/0", "1/0", "log(0) x", "x^2/(x - x)"]) {
    it(`the derivative of ${source} is undefined too`, () => {
      const d = differentiate(source);
      assert.ok(undefinedAt(d.result, 0.7), `d/dx ${source} = ${toText(d.result)}`);
    });
  }

  it("cancels only what vanishes at isolated points: x/x is 1, 0·(1/x) is 0", () => {
    assert.equal(text("x/x"), "1");
    assert.equal(text("0*(1/x)"), "0");
    assert.equal(text("(x^2 - 1)/(x^2 - 1)"), "1");
  });
});

/** x/(1 + x/(1 + ... x)) and exp(x·exp(x·...)), `depth` levels: the families that took minutes. */
export function nested(family: "fraction" | "exp", depth: number): string {
  let s = "x";
  for (let i = 0; i < depth; i++) s = family === "fraction" ? `x/(1+${s})` : `exp(x*${s})`;
  return s;
}

describe("symbolic, adversarial: nested expressions are differentiated with shared work", function () {
  // correctness at depths that took minutes before sharing; the growth is measured in bench/symbolic.ts
  this.timeout(60000);
  for (const [family, depth] of [
    ["fraction", 20],
    ["exp", 16],
  ] as const) {
    it(`${family} nested ${depth} deep: the derivative agrees with a central difference`, () => {
      const source = nested(family, depth);
      const d = differentiate(source);
      const f = toFunction(source, ["x"]);
      const df = toFunction(d.result, ["x"]);
      for (const x of [0.1, 0.3]) {
        const h = 1e-5;
        const fd = (f(x + h) - f(x - h)) / (2 * h);
        assert.ok(Math.abs(df(x) - fd) <= 1e-6 * (1 + Math.abs(fd)), `${family} ${depth} at ${x}: ${df(x)} vs ${fd}`);
      }
      assert.equal(d.steps.length, family === "fraction" ? 4 * depth + 1 : 3 * depth + 1);
    });
  }
});

describe("symbolic, adversarial: deep or long input gets an error stating the limit", () => {
  const { maxDepth, maxTreeDepth, maxLength } = EXPRESSION_LIMITS;
  const cases: Array<[string, string]> = [
    ["2,000 nested parentheses", "(".repeat(2000) + "x" + ")".repeat(2000)],
    ["a 5,000-level power tower", Array(5000).fill("x").join("^")],
    ["100k unary minuses", "-".repeat(100000) + "x"],
    ["x + x + ... with 3,000 terms", Array(3000).fill("x").join("+")],
    ["a product of 1,000 factors", Array(1000).fill("x").join("*")],
    ["a sum of 600 different terms", Array.from({ length: 600 }, (_, i) => `x^${i}`).join("+")],
    ["sin nested 500 deep", "sin(".repeat(500) + "x" + ")".repeat(500)],
    ["minuses and parentheses alternating", "-(".repeat(300) + "x" + ")".repeat(300)],
  ];
  for (const [label, source] of cases) {
    it(`${label}: ExpressionError with the limit, never a stack overflow`, () => {
      for (const run of [
        () => parse(source),
        () => differentiate(source),
        () => simplify(parse(source)),
        () => evaluateExpression(source, { x: 1 }),
      ]) {
        assert.throws(run, (error: unknown) => {
          assert.ok(error instanceof ExpressionError, `${label}: ${String(error)}`);
          assert.match(error.message, new RegExp(`limit is (${maxDepth} levels|${maxTreeDepth} levels|${maxLength} characters)`));
          return true;
        });
      }
    });
  }

  it("a tree built by hand deeper than the limit is refused without recursion", () => {
    let e: Expr = { kind: "var", name: "x" };
    for (let i = 0; i < 100000; i++) e = { kind: "neg", arg: e };
    for (const run of [
      () => toText(e),
      () => simplify(e),
      () => differentiate(e),
      () => evaluateExpression(e, { x: 1 }),
      () => expand(e),
    ]) {
      assert.throws(run, isExpressionError(new RegExp(`limit is ${maxTreeDepth} levels`)));
    }
  });

  it("a tree that shares a part exponentially often is refused by its size", () => {
    let e: Expr = { kind: "var", name: "x" };
    for (let i = 0; i < 60; i++) e = { kind: "add", left: e, right: e };
    assert.throws(() => differentiate(e), isExpressionError(/limit is 200000 nodes/));
  });

  it("a cycle is refused", () => {
    const loop = { kind: "neg", arg: undefined } as { kind: "neg"; arg: unknown };
    loop.arg = loop;
    assert.throws(() => toText(loop as unknown as Expr), /contains itself/);
  });

  it("expression at the limit works in every function", () => {
    const deepest = "(".repeat(maxDepth - 1) + "x^2" + ")".repeat(maxDepth - 1);
    assert.equal(toText(differentiate(deepest).result), "2x");
    assert.equal(evaluateExpression(deepest, { x: 3 }), 9);
    const sum = Array(maxTreeDepth - 1)
      .fill("x")
      .join("+");
    assert.equal(toText(differentiate(sum).result), String(maxTreeDepth - 1));
    assert.ok(derivationMarkdown(differentiate(sum)).plain.length > 0);
  });

  it("expanding a product with too many terms says so", () => {
    const wide = Array.from({ length: 16 }, (_, i) => `(x${i} + 1)`).join("");
    assert.throws(() => expand(parse(wide)), isExpressionError(/limit is 200 terms/));
    // a product of many sums in one variable collects as it goes: 21 terms, not 2^20
    const univariate = Array.from({ length: 20 }, (_, i) => `(x + ${i + 1})`).join("");
    assert.equal(toText(expand(parse(univariate))).split(/ [+-] /).length, 21);
  });
});

describe("symbolic, adversarial: superscripts", () => {
  const cases: Array<[string, string]> = [
    ["x²³", "x^23"],
    ["x¹⁰ + x⁰", "x^10 + 1"],
    ["x⁻¹", "1/x"],
    ["x⁻²", "1/x^2"],
    ["x⁺²", "x^2"],
    ["2x³y²", "2x^3 y^2"],
    ["(x + 1)²", "(x + 1)^2"],
    ["e⁻¹²", "1/e^12"],
  ];
  for (const [source, expected] of cases) it(`${source} is ${expected}`, () => assert.equal(text(source), expected));

  it("evaluates x²³ as x^23, not x^(2^3)", () => {
    assert.equal(evaluateExpression("x²³", { x: 2 }), 2 ** 23);
    assert.equal(evaluateExpression("x⁻¹²", { x: 2 }), 2 ** -12);
  });

  it("a superscript sign without digits is an error with its position", () => {
    assert.throws(() => parse("x⁻"), isExpressionError(/superscript "⁻" without superscript digits after it at position 1/));
    assert.throws(() => parse("x⁺ + 1"), isExpressionError(/superscript "⁺"/));
  });
});

describe("symbolic, adversarial: constants fold where the value is exact", () => {
  const folded: Array<[string, string]> = [
    ["sin(pi)", "0"],
    ["2x sin(pi)", "0"],
    ["cos(pi)", "-1"],
    ["sin(pi/6)", "1/2"],
    ["cos(pi/3)", "1/2"],
    ["sin(3pi/2)", "-1"],
    ["cos(2pi)", "1"],
    ["tan(pi/4)", "1"],
    ["tan(3pi/4)", "-1"],
    ["tan(pi) + tan(-2pi)", "0"],
    ["sin(-pi/6)", "-1/2"],
    ["exp(0) + cosh(0) + sigmoid(0)", "5/2"],
    ["log(1) + log(e) + log(e^3)", "4"],
    ["sqrt(9/4)", "3/2"],
  ];
  for (const [source, expected] of folded) it(`${source} = ${expected}`, () => assert.equal(text(source), expected));

  const kept = ["sin(pi/4)", "tan(pi/2)", "exp(40)", "exp(1)", "sqrt(2)", "sin(1)", "log(2)", "sigmoid(40)"];
  for (const source of kept) it(`${source} stays as written (not exact)`, () => assert.equal(text(source), source));

  it("evaluating uses the exact value: 2x sin(pi) is 0 at any x", () => {
    assert.equal(evaluateExpression("2x sin(pi)", { x: 1e4 }), 0);
    assert.equal(evaluateExpression("cos(pi/3)", {}), 0.5);
    assert.equal(toText(differentiate("x^2 sin(pi)").result), "0");
  });
});

describe("symbolic, adversarial: operators in front of a sum are parenthesised", () => {
  it("the limit steps print lim (2x + h), in LaTeX and in text", () => {
    const shown: DisplayMessage[] = [];
    const restore = captureDisplays((m) => shown.push(m));
    try {
      showLimitDerivation(limitDerivation("x^2"));
    } finally {
      restore();
    }
    const latex = String(shown[0]?.data["text/markdown"]);
    const plain = String(shown[0]?.data["text/plain"]);
    assert.match(latex, /\\lim_\{h \\to 0\} \\left\(2x \+ h\\right\)/);
    assert.doesNotMatch(latex, /\\lim_\{h \\to 0\} 2x/);
    assert.match(plain, /lim h→0 \(2x \+ h\)/);
    // a quotient needs none: \frac groups it
    assert.match(latex, /\\lim_\{h \\to 0\} \\frac/);
  });
});
