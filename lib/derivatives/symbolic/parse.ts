/**
 * Reads an expression as people type it into a syntax tree, by recursive descent:
 *
 *   sum     := product (("+" | "-") product)*
 *   product := unary (("*" | "/") unary | unary)*      a unary right after another: 3x, x(x + 1)
 *   unary   := ("-" | "+") unary | power               so -x^2 is -(x^2)
 *   power   := atom ("^" unary)?                        right-assoc: x^2^3 is x^(2^3)
 *   atom    := number | name | function "(" sum ")" | "(" sum ")"
 *
 * Names: `x`, `y`, `x1`, `w_2` are variables; `pi` (or π) and `e` are constants; a word of several
 * letters that is neither a function nor a declared variable is a product of one-letter variables,
 * so `3xy` is 3·x·y and `xsin(x)` is x·sin(x) (up to three letters; a longer unknown word is an
 * error). Declare longer variable names with `{ variables: ["theta"] }`.
 *
 * Limits (guard.ts): at most LIMITS.maxLength characters, LIMITS.maxDepth levels of nesting
 * (parentheses, calls, powers, signs), and a tree at most LIMITS.maxTreeDepth levels deep (where a
 * sum of n terms counts n).
 *
 * @example parse("(x^2 + 1)^3"); parse("x^2 + 3xy + y^2"); parse("sigmoid(w*x + b)")
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import { call, constant, variable, type BinaryKind, type Expr } from "./ast";
import { FUNCTION_ALIASES, FUNCTION_NAMES, lookupFunction } from "./functions";
import { ExpressionError } from "./errors";
import { LIMITS, describeValue, checkNames, checkOptions, checkSource, checkTree } from "./guard";
import { positionError, tokenize, type Operator, type Token } from "./tokenize";
import { at } from "../../util/array";

export interface ParseOptions {
  /** Variable names of several letters to read as one name (e.g. `["theta", "lr"]`). */
  variables?: readonly string[];
}

const OPS: ReadonlyMap<string, BinaryKind> = new Map<string, BinaryKind>([
  ["+", "add"],
  ["-", "sub"],
  ["*", "mul"],
  ["/", "div"],
  ["^", "pow"],
]);
const KNOWN_FUNCTIONS = FUNCTION_NAMES.map((f) => {
  const aliases = Object.keys(FUNCTION_ALIASES).filter((a) => FUNCTION_ALIASES[a] === f);
  return aliases.length ? `${f} (${aliases.join(", ")})` : f;
}).join(", ");

/** A word of up to this many letters reads as a product of one-letter variables (3xyz). */
const MAX_SPLIT = 3;
// longest first, so "sinhx" is reported as sinh, not sin
const FUNCTION_WORDS = [...FUNCTION_NAMES, ...Object.keys(FUNCTION_ALIASES)].sort((a, b) => b.length - a.length);

function describe(token: Token): string {
  if (token.type === "end") return "end of expression";
  if (token.type === "number") return `number "${token.text}"`;
  return `"${token.text}"`;
}

/** A name as the tokenizer reads it, but without the rules on where digits and _ go. */
const VALID_NAME = /^\p{L}+\d*(?:_[\p{L}\d]+)?$/u;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private readonly declared: ReadonlySet<string>,
    private readonly argument: string,
  ) {}

  private tok(): Token {
    return at(this.tokens, this.index, "parse: tokens"); // parsing stops at the "end" token, the last one
  }

  /** The kind of the current token when it is one of the operators `ops`, else undefined. */
  private operator(...ops: Operator[]): BinaryKind | undefined {
    const token = this.tok();
    return token.type === "op" && ops.includes(token.text) ? OPS.get(token.text) : undefined;
  }

  private isOp(text: string): boolean {
    const token = this.tok();
    return token.type === "op" && token.text === text;
  }

  private unexpected(token: Token = this.tok()): ExpressionError {
    return positionError(this.source, `unexpected ${describe(token)}`, token.pos);
  }

  parseAll(): Expr {
    if (this.tok().type === "end")
      throw new ExpressionError(`the expression is empty: ${this.argument} needs some text, such as "x^2 + 1"`, this.source);
    const e = this.sum();
    if (this.tok().type !== "end") throw this.unexpected();
    return e;
  }

  /** One level deeper (a parenthesis, a call, a power or a sign), within LIMITS.maxDepth. */
  private nested<T>(pos: number, inner: () => T): T {
    if (this.depth >= LIMITS.maxDepth) {
      throw positionError(
        this.source,
        `the expression is nested more than ${LIMITS.maxDepth} levels deep`,
        pos,
        `the limit is ${LIMITS.maxDepth} levels of parentheses, calls, powers and signs`,
      );
    }
    this.depth += 1;
    try {
      return inner();
    } finally {
      this.depth -= 1;
    }
  }

  private binary(kind: BinaryKind, left: Expr, right: Expr, pos: number): Expr {
    return { kind, left, right, pos };
  }

  private sum(): Expr {
    let left = this.product();
    for (let kind = this.operator("+", "-"); kind; kind = this.operator("+", "-")) {
      const pos = this.tok().pos;
      this.index += 1;
      left = this.binary(kind, left, this.product(), pos);
    }
    return left;
  }

  private product(): Expr {
    let left = this.unary();
    for (;;) {
      const kind = this.operator("*", "/");
      if (kind) {
        const pos = this.tok().pos;
        this.index += 1;
        left = this.binary(kind, left, this.unary(), pos);
      } else if (this.tok().type === "name" || this.isOp("(")) {
        // implicit multiplication: 3x, x sin(x), (x + 1)(x - 1)
        const pos = this.tok().pos;
        left = this.binary("mul", left, this.unary(), pos);
      } else {
        return left;
      }
    }
  }

  private unary(): Expr {
    if (this.isOp("-") || this.isOp("+")) {
      const op = this.tok();
      this.index += 1;
      const arg = this.nested(op.pos, () => this.unary());
      return op.type === "op" && op.text === "-" ? { kind: "neg", arg, pos: op.pos } : arg;
    }
    return this.power();
  }

  private power(): Expr {
    const base = this.atom();
    if (!this.isOp("^")) return base;
    const pos = this.tok().pos;
    this.index += 1;
    return this.binary(
      "pow",
      base,
      this.nested(pos, () => this.unary()),
      pos,
    );
  }

  private atom(): Expr {
    const token = this.tok();
    if (token.type === "number") {
      this.index += 1;
      return { kind: "num", value: token.value, pos: token.pos };
    }
    if (token.type === "name") {
      this.index += 1;
      return this.name(token.text, token.pos);
    }
    if (this.isOp("(")) {
      this.index += 1;
      const inner = this.nested(token.pos, () => this.sum());
      if (!this.isOp(")")) {
        if (this.tok().type === "end") throw positionError(this.source, 'unclosed "("', token.pos);
        throw this.unexpected();
      }
      this.index += 1;
      return inner;
    }
    throw this.unexpected();
  }

  /** A name: a function call, a constant, a variable, or several one-letter variables. */
  private name(text: string, pos: number): Expr {
    const fn = lookupFunction(text);
    const at = <T extends Expr>(e: T): T => ({ ...e, pos });
    if (this.declared.has(text)) return at(variable(text));
    if (fn) {
      if (!this.isOp("(")) {
        throw positionError(
          this.source,
          `missing "(" after ${text}`,
          pos + text.length,
          `a function's argument goes in parentheses, as in ${text}(x)`,
        );
      }
      this.index += 1;
      const arg = this.nested(pos, () => this.sum());
      if (!this.isOp(")")) {
        if (this.tok().type === "end") throw positionError(this.source, 'unclosed "("', pos + text.length);
        throw this.unexpected();
      }
      this.index += 1;
      return at(call(fn, arg));
    }
    if (
      this.isOp("(") &&
      !isSimpleName(text) &&
      text !== "pi" &&
      (!VALID_NAME.test(text) || !FUNCTION_WORDS.some((f) => text.endsWith(f)))
    ) {
      throw positionError(this.source, `unknown function "${text}"`, pos, `known functions are ${KNOWN_FUNCTIONS}`);
    }
    if (!VALID_NAME.test(text)) {
      throw positionError(
        this.source,
        `unknown name "${text}"`,
        pos,
        "a name is letters, then digits, then an optional _subscript, as in x, w2, w_1",
      );
    }
    return this.word(text, pos);
  }

  /** Constants, one-letter variables, and words read as products of one-letter variables. */
  private word(text: string, pos: number): Expr {
    if (text === "pi") return { ...constant("pi"), pos };
    if (isSimpleName(text)) return text === "e" ? { ...constant("e"), pos } : { ...variable(text), pos };
    // "3xy" is 3·x·y and "xsin(x)" is x·sin(x): the word is cut into function names and single
    // letters, each read on its own (so xy^2 is x·y^2); a digit or subscript suffix stays with
    // the last letter ("xy2" is x·y2)
    const letters = /^\p{L}+/u.exec(text)?.[0] ?? text;
    const parts: string[] = [];
    for (let i = 0; i < letters.length;) {
      const piece = FUNCTION_WORDS.find((f) => letters.startsWith(f, i)) ?? letters.charAt(i);
      parts.push(piece);
      i += piece.length;
    }
    if (parts.filter((p) => p.length === 1).length > MAX_SPLIT) {
      const hint = `declare it as a variable ({ variables: ["${text}"] }) or write a product with *`;
      throw positionError(this.source, `unknown name "${text}"`, pos, hint);
    }
    const suffix = text.slice(letters.length);
    if (suffix && (parts.at(-1) ?? "").length > 1) throw positionError(this.source, `unknown name "${text}"`, pos);
    parts[parts.length - 1] += suffix;
    let offset = pos;
    const tokens: Token[] = parts.map((p) => {
      const token: Token = { type: "name", text: p, pos: offset };
      offset += p.length;
      return token;
    });
    this.tokens.splice(this.index, 0, ...tokens.slice(1));
    return this.name(at(parts, 0, "parse: parts of a word"), pos);
  }
}

/** One letter, optionally with digits or a subscript: x, y2, w_1. */
function isSimpleName(text: string): boolean {
  return /^\p{L}\d*(?:_[\p{L}\d]+)?$/u.test(text);
}

/**
 * Parses `source` into a syntax tree. Throws an ExpressionError naming the problem and its
 * position, e.g. `unexpected ")" at position 7`.
 */
export function parse(source: string, options: ParseOptions = {}): Expr {
  if (typeof source !== "string") throw new TypeError(`source must be a string such as "x^2 + 1"; got ${describeValue(source)}`);
  return parseAs("source", source, options);
}

function parseAs(argument: string, source: unknown, options: unknown): Expr {
  checkSource(argument, source);
  checkOptions("options", options);
  const variables = options !== undefined && "variables" in options ? options.variables : undefined;
  checkNames("options.variables", variables);
  const declared = new Set(variables ?? []);
  for (const name of declared) {
    if (!/^\p{L}[\p{L}\d_]*$/u.test(name))
      throw new RangeError(`variables: "${name}" is not a valid name (letters, then letters, digits or _)`);
  }
  const e = new Parser(source, tokenize(source), declared, argument).parseAll();
  // a sum or product of many terms is a deep tree even without parentheses: x + x + ... + x
  try {
    checkTree(argument, e);
  } catch (error) {
    if (error instanceof ExpressionError)
      throw new ExpressionError(`${error.problem} (a sum or product of n terms counts n levels)`, source);
    throw error;
  }
  return e;
}

/**
 * Accepts either a syntax tree or source text (parsed with `options`), and checks either at the
 * boundary: `argument` is the caller's name for it, used in messages.
 * @example toExpr("x^2") // same as parse("x^2")
 */
export function toExpr(e: Expr | string, options: ParseOptions = {}, argument = "expression"): Expr {
  if (typeof e === "string") return parseAs(argument, e, options);
  checkTree(argument, e);
  return e;
}
