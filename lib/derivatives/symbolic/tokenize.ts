/**
 * Splits an expression into tokens, each with its offset in the source. Accepts the ASCII
 * operators `+ - * / ^ ( )`, Python's `**` for powers, and the characters people paste from
 * typeset text: `·`, `×`, `−`, `÷`, `²`, `³`, `π`.
 */
import { ExpressionError } from "./errors";

export type Operator = "+" | "-" | "*" | "/" | "^" | "(" | ")";

export type Token =
  | { type: "number"; value: number; text: string; pos: number }
  | { type: "name"; text: string; pos: number }
  | { type: "op"; text: Operator; pos: number }
  | { type: "end"; pos: number };

const SYNONYMS: Readonly<Record<string, Operator>> = {
  "·": "*",
  "⋅": "*",
  "×": "*",
  "−": "-",
  "–": "-",
  "÷": "/",
};
const SUPERSCRIPTS: Readonly<Record<string, number>> = { "²": 2, "³": 3 };
const NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/;
// A name is letters, then optional digits, then an optional _subscript: x, y2, w_1, theta.
const NAME = /^\p{L}+\d*(?:_[\p{L}\d]+)?/u;

/** "position 3" with the problem first: the form every parse error takes. @example positionError("x +", "unexpected end of expression", 3) */
export function positionError(source: string, what: string, pos: number, hint?: string): ExpressionError {
  return new ExpressionError(`${what} at position ${pos}${hint ? `: ${hint}` : ""}`, source, pos);
}

/** The tokens of `source`, ending with an "end" token. @example tokenize("2x").map((t) => t.type) // ["number", "name", "end"] */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    const rest = source.slice(i);
    if (/\s/.test(ch)) {
      i += 1;
    } else if (rest.startsWith("**")) {
      tokens.push({ type: "op", text: "^", pos: i });
      i += 2;
    } else if ("+-*/^()".includes(ch)) {
      tokens.push({ type: "op", text: ch as Operator, pos: i });
      i += 1;
    } else if (SYNONYMS[ch]) {
      tokens.push({ type: "op", text: SYNONYMS[ch], pos: i });
      i += 1;
    } else if (SUPERSCRIPTS[ch] !== undefined) {
      tokens.push({ type: "op", text: "^", pos: i }, { type: "number", value: SUPERSCRIPTS[ch], text: ch, pos: i });
      i += 1;
    } else if (ch === "π") {
      tokens.push({ type: "name", text: "pi", pos: i });
      i += 1;
    } else if (NUMBER.test(rest)) {
      const text = (NUMBER.exec(rest) as RegExpExecArray)[0];
      tokens.push({ type: "number", value: Number(text), text, pos: i });
      i += text.length;
    } else if (NAME.test(rest)) {
      const text = (NAME.exec(rest) as RegExpExecArray)[0];
      tokens.push({ type: "name", text, pos: i });
      i += text.length;
    } else {
      throw positionError(source, `unknown character "${ch}"`, i);
    }
  }
  tokens.push({ type: "end", pos: source.length });
  return tokens;
}
