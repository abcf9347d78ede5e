/**
 * Splits an expression into tokens, each with its offset in the source. Accepts the ASCII
 * operators `+ - * / ^ ( )`, Python's `**` for powers, and the characters people paste from
 * typeset text: `·`, `×`, `−`, `÷`, `π`, and superscripts: a run of superscript digits is one
 * exponent (`x²³` is x^23), after an optional superscript sign (`x⁻¹` is x^(-1), `x⁺²` is x^2).
 * A number literal must be finite: `1e400` or 400 nines are refused, not read as Infinity.
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import { ExpressionError } from "./errors";

export type Operator = "+" | "-" | "*" | "/" | "^" | "(" | ")";

export type Token =
  | { type: "number"; value: number; text: string; pos: number }
  | { type: "name"; text: string; pos: number }
  | { type: "op"; text: Operator; pos: number }
  | { type: "end"; pos: number };

// Maps, not objects: a lookup must never find a name inherited from Object.prototype
const SYNONYMS: ReadonlyMap<string, Operator> = new Map<string, Operator>([
  ["·", "*"],
  ["⋅", "*"],
  ["×", "*"],
  ["−", "-"],
  ["–", "-"],
  ["÷", "/"],
]);
const ASCII_OPERATORS: ReadonlyMap<string, Operator> = new Map<string, Operator>(
  (["+", "-", "*", "/", "^", "(", ")"] as const).map((op) => [op, op]),
);
const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";
/** An exponent in superscripts: an optional sign, then digits. */
const SUPERSCRIPT = /^([⁺⁻]?)([⁰¹²³⁴⁵⁶⁷⁸⁹]*)/u;
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
// A name is letters, then optional digits, then an optional _subscript: x, y2, w_1, theta.
const NAME = /^\p{L}+\d*(?:_[\p{L}\d]+)?/u;
// A word starting with _ is not a name; it is read whole so the parser can say so ("__proto__")
const UNDERSCORE_WORD = /^_[\p{L}\d_]*/u;

/** "position 3" with the problem first: the form every parse error takes. @example positionError("x +", "unexpected end of expression", 3) */
export function positionError(source: string, what: string, pos: number, hint?: string): ExpressionError {
  return new ExpressionError(`${what} at position ${pos}${hint ? `: ${hint}` : ""}`, source, pos);
}

/** `re`'s match at the start of `rest`, which the caller has just seen it has (the empty match counts). */
function matchAtStart(re: RegExp, rest: string): RegExpExecArray {
  const match = re.exec(rest);
  if (!match) throw new Error(`tokenize: ${String(re)} was expected to match ${JSON.stringify(rest.slice(0, 20))}`);
  return match;
}

/** The tokens of `source`, ending with an "end" token. @example tokenize("2x").map((t) => t.type) // ["number", "name", "end"] */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source.charAt(i);
    const rest = source.slice(i);
    const operator = ASCII_OPERATORS.get(ch) ?? SYNONYMS.get(ch);
    if (/\s/.test(ch)) {
      i += 1;
    } else if (rest.startsWith("**")) {
      tokens.push({ type: "op", text: "^", pos: i });
      i += 2;
    } else if (operator) {
      tokens.push({ type: "op", text: operator, pos: i });
      i += 1;
    } else if (ch === "⁺" || ch === "⁻" || SUPERSCRIPT_DIGITS.includes(ch)) {
      const [text, sign = "", digits = ""] = matchAtStart(SUPERSCRIPT, rest);
      if (!digits) throw positionError(source, `superscript "${sign}" without superscript digits after it`, i, "write x⁻¹ or x^(-1)");
      const value = Number([...digits].map((d) => SUPERSCRIPT_DIGITS.indexOf(d)).join(""));
      tokens.push({ type: "op", text: "^", pos: i });
      // x⁻¹ reads as x^-1, which the parser takes as x^(-1)
      if (sign === "⁻") tokens.push({ type: "op", text: "-", pos: i });
      tokens.push({ type: "number", value, text: digits, pos: i + sign.length });
      i += text.length;
    } else if (ch === "π") {
      tokens.push({ type: "name", text: "pi", pos: i });
      i += 1;
    } else if (NUMBER.test(rest)) {
      const [text] = matchAtStart(NUMBER, rest);
      const value = Number(text);
      if (!Number.isFinite(value)) {
        const shown = text.length > 24 ? `${text.slice(0, 12)}…(${text.length} characters)` : text;
        throw positionError(source, `the number ${shown} is too large`, i, `numbers must be below ${Number.MAX_VALUE} (about 1.8e308)`);
      }
      tokens.push({ type: "number", value, text, pos: i });
      i += text.length;
    } else if (NAME.test(rest) || UNDERSCORE_WORD.test(rest)) {
      const [text] = NAME.exec(rest) ?? matchAtStart(UNDERSCORE_WORD, rest);
      tokens.push({ type: "name", text, pos: i });
      i += text.length;
    } else {
      throw positionError(source, `unknown character "${ch}"`, i);
    }
  }
  tokens.push({ type: "end", pos: source.length });
  return tokens;
}
