import assert from "node:assert/strict";
import { parse, toText, ExpressionError, evaluateExpression } from "../../lib/derivatives/symbolic";
import { serialize } from "../../lib/derivatives/symbolic/ast";

/** The tree as a compact prefix string, e.g. (add x (mul 3 y)). */
const tree = (source: string, variables?: string[]) => serialize(parse(source, variables ? { variables } : {}));

describe("symbolic/parse: reading expressions", () => {
  const cases: Array<[string, string]> = [
    ["x", "x"],
    ["2.5", "2.5"],
    [".5e-3", "0.0005"],
    ["x + y - 1", "(sub (add x y) 1)"],
    ["2 * x / 3", "(div (mul 2 x) 3)"],
    // precedence: ^ above unary minus above * and /, ^ right-associative
    ["-x^2", "(neg (pow x 2))"],
    ["x^2^3", "(pow x (pow 2 3))"],
    ["2^-1", "(pow 2 (neg 1))"],
    ["a - b - c", "(sub (sub a b) c)"],
    // implicit multiplication
    ["3x", "(mul 3 x)"],
    ["2x^2", "(mul 2 (pow x 2))"],
    ["x sin(x)", "(mul x (sin x))"],
    ["(x + 1)(x - 1)", "(mul (add x 1) (sub x 1))"],
    ["3xy", "(mul (mul 3 x) y)"],
    ["3xy^2", "(mul (mul 3 x) (pow y 2))"],
    ["xsin(x)", "(mul x (sin x))"],
    ["x_1 w2", "(mul x_1 w2)"],
    // constants and functions
    ["pi", "#pi"],
    ["e^x", "(pow #e x)"],
    ["ln(x)", "(log x)"],
    ["arctan(x)", "(atan x)"],
    ["sigmoid(w x + b)", "(sigmoid (add (mul w x) b))"],
    // typeset characters and Python's **
    ["x²·y³", "(mul (pow x 2) (pow y 3))"],
    ["−x ** 2 × 2 ÷ 4", "(div (mul (neg (pow x 2)) 2) 4)"],
    ["2π", "(mul 2 #pi)"],
  ];
  for (const [source, expected] of cases) {
    it(`reads ${JSON.stringify(source)} as ${expected}`, () => assert.equal(tree(source), expected));
  }

  it("reads declared multi-letter variable names", () => {
    assert.equal(tree("theta^2 + lr theta", ["theta", "lr"]), "(add (pow theta 2) (mul lr theta))");
  });

  it("keeps source positions for error messages", () => {
    const e = parse("1 + sin(x)");
    assert.equal(e.pos, 2);
    assert.equal(e.kind === "add" && e.right.pos, 4);
  });

  it("reads the article's worked examples to the right values", () => {
    // each checked at a point against the same formula in plain Math
    const at = { x: 1.3, y: -0.7 };
    const cases: Array<[string, number]> = [
      ["x^2 + 3xy + y^2", at.x ** 2 + 3 * at.x * at.y + at.y ** 2],
      ["x^3 + 2x^2 - 5x + 7", at.x ** 3 + 2 * at.x ** 2 - 5 * at.x + 7],
      ["(x^2 + 1)^3", (at.x ** 2 + 1) ** 3],
      ["x^2 sin(x)", at.x ** 2 * Math.sin(at.x)],
      ["5x^3", 5 * at.x ** 3],
      ["1/x", 1 / at.x],
    ];
    for (const [source, expected] of cases) assert.ok(Math.abs(evaluateExpression(source, at) - expected) < 1e-12, source);
  });
});

describe("symbolic/parse: bad input names the problem and its position", () => {
  const errors: Array<[string, string]> = [
    ["(x + 1))", 'unexpected ")" at position 7\n  (x + 1))\n         ^'],
    ["x^2 +", "unexpected end of expression at position 5\n  x^2 +\n       ^"],
    ["(x + 1", 'unclosed "(" at position 0\n  (x + 1\n  ^'],
    ["sin(x", 'unclosed "(" at position 3\n  sin(x\n     ^'],
    ["2 @ x", 'unknown character "@" at position 2\n  2 @ x\n    ^'],
    ["x 2", 'unexpected number "2" at position 2\n  x 2\n    ^'],
    ["3 * * x", 'unexpected "*" at position 4\n  3 * * x\n      ^'],
    ["sin x", 'missing "(" after sin at position 3: a function\'s argument goes in parentheses, as in sin(x)\n  sin x\n     ^'],
    ["2 + sinx", 'missing "(" after sin at position 7: a function\'s argument goes in parentheses, as in sin(x)\n  2 + sinx\n         ^'],
    [
      "foo(x)",
      'unknown function "foo" at position 0: known functions are sin, cos, tan, exp, log (ln), sqrt, tanh, sigmoid, atan (arctan), sinh, cosh\n  foo(x)\n  ^',
    ],
    [
      "theta^2",
      'unknown name "theta" at position 0: declare it as a variable ({ variables: ["theta"] }) or write a product with *\n  theta^2\n  ^',
    ],
    ["", 'the expression is empty: source needs some text, such as "x^2 + 1"'],
    ["   ", 'the expression is empty: source needs some text, such as "x^2 + 1"'],
  ];
  for (const [source, message] of errors) {
    it(`${JSON.stringify(source)}: ${message.split("\n")[0]}`, () => {
      assert.throws(
        () => parse(source),
        (error: unknown) => {
          assert.ok(error instanceof ExpressionError);
          assert.equal(error.message, message);
          return true;
        },
      );
    });
  }

  it("reports the position as a property too", () => {
    try {
      parse("x + )");
      assert.fail("should throw");
    } catch (error) {
      assert.ok(error instanceof ExpressionError);
      assert.equal(error.position, 4);
      assert.equal(error.problem, 'unexpected ")" at position 4');
    }
  });

  it("refuses a source that is not a string, and bad declared names", () => {
    assert.throws(() => parse(42 as unknown as string), { message: 'source must be a string such as "x^2 + 1"; got 42' });
    assert.throws(() => parse("x", { variables: ["2x"] }), {
      message: 'options.variables[0] must be a variable name such as "x" or "theta"; got "2x"',
    });
  });

  it("prints what it parsed so that it parses back the same", () => {
    for (const source of ["x^2 + 3xy + y^2", "6x(x^2 + 1)^2", "2x sin(x) + x^2 cos(x)", "-1/x^2", "x^(-1)", "(x + 1)(x - 1)"]) {
      assert.equal(toText(parse(toText(parse(source)))), toText(parse(source)), source);
      assert.equal(serialize(parse(toText(parse(source)))), serialize(parse(source)), source);
    }
  });
});
