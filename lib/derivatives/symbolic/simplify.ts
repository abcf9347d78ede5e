/**
 * Brings an expression to the form a person would write: 3x^2 + 4x - 5, 6x(x^2 + 1)^2,
 * 2x sin(x) + x^2 cos(x). The expression is read as a sum of terms, each a coefficient times
 * factors base^exponent; then
 *
 * - numbers are folded exactly (fractions stay fractions),
 * - equal bases in a product add their exponents (x · x^2 = x^3), x^0 = 1, x^1 = x,
 * - like terms are collected (2x + 3x = 5x) and zero terms dropped, in order of first appearance
 *   (but a positive term first: 1 - x^2),
 * - a bare number multiplying a sum is distributed (2(x + 1) = 2x + 2), nothing else is expanded
 *   (see expand.ts),
 * - each term is written with its number first, then constants, variables, powers like 2^x,
 *   functions and the rest, with negative powers as a denominator.
 *
 * Undefined stays undefined. A factor that is undefined as written (1/0, 0^(-2), log(0),
 * sqrt(-1), (-1)^(1/2): a constant with no value) is kept, and nothing removes it: not a zero
 * factor (0 · (1/0) stays 1/0), not cancellation ((x - x)/(x - x) is 1/0), not a zero exponent.
 * Evaluating the result then reports the problem, as evaluating the input does. What simplify
 * does cancel is a factor that is zero at isolated points only (x/x = 1, 0 · (1/x) = 0): the
 * result then agrees with the input wherever the input is defined, and extends it continuously.
 *
 * Functions are folded only where the value is exact (a rational number):
 * sin, cos and tan at rational multiples of pi where the value is rational (sin(pi) = 0,
 * cos(pi/3) = 1/2, tan(pi/4) = 1), every function at 0 (exp(0) = 1, sigmoid(0) = 1/2, ...),
 * log(1) = 0, log(e) = 1, log(e^k) = k, and sqrt of a square of a rational (sqrt(9/4) = 3/2).
 * Nothing else is folded: exp(1), sin(1) and sqrt(2) stay as written.
 *
 * Work is shared (guard.ts): inside one call, each distinct subexpression is simplified once.
 *
 * @example toText(simplify(parse("3 * (x^2 + 1)^2 * (2 * x + 0)"))) // "6x(x^2 + 1)^2"
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import { add, call, constant, div, mul, neg, num, pow, serialize, sub, variable, variablesOf, type Expr, type FunctionName } from "./ast";
import { FUNCTIONS } from "./functions";
import { checkResultSize, checkTree, idOf, memo, shared } from "./guard";
import {
  ONE,
  gcd,
  addR,
  invR,
  isInteger,
  isOne,
  isZero,
  mulR,
  negR,
  numericValue,
  powR,
  rational,
  rationalExpr,
  value,
  type Rational,
} from "./rational";

interface Factor {
  base: Expr;
  exp: Expr;
}

interface Term {
  coef: Rational;
  factors: Factor[];
}

const ONE_EXPR = num(1);
const isOneExpr = (e: Expr) => e.kind === "num" && e.value === 1;
const unit = (): Term => ({ coef: ONE, factors: [] });
const atom = (base: Expr): Term => ({ coef: ONE, factors: [{ base, exp: ONE_EXPR }] });
const numberTerm = (r: Rational): Term[] => (isZero(r) ? [] : [{ coef: r, factors: [] }]);

/** Simplifies `e`; the result is a fresh tree without source positions. @example toText(simplify(parse("2x + 3x"))) // "5x" */
export function simplify(e: Expr): Expr {
  checkTree("expression", e);
  return shared(() => checkResult("the simplified expression", simplifyTree(e)));
}

/** Throws unless a result is within the limits (size and depth), so it can be passed back in. */
export function checkResult(what: string, e: Expr): Expr {
  return checkResultSize(what, e);
}

/** simplify without the checks at the boundary, for the engine's own trees (shared work). */
export function simplifyTree(e: Expr): Expr {
  return shared(() => memo("simplify", e, () => build(canon(e))));
}

const simplifyPart = simplifyTree;

/** The expression as a sum of terms, each in normal form (see normalize). */
function canon(e: Expr): Term[] {
  return memo("canon", e, () => combine(canonTerms(e).flatMap(normalize)));
}

function canonTerms(e: Expr): Term[] {
  switch (e.kind) {
    case "num":
      return numberTerm(rational(e.value));
    case "const":
      return [atom(constant(e.name))];
    case "var":
      return [atom(variable(e.name))];
    case "neg":
      return scale(canon(e.arg), rational(-1));
    case "add":
      return combine([...canon(e.left), ...canon(e.right)]);
    case "sub":
      return combine([...canon(e.left), ...scale(canon(e.right), rational(-1))]);
    case "mul":
      return multiply(canon(e.left), canon(e.right));
    case "div":
      return multiply(canon(e.left), reciprocal(canon(e.right)));
    case "pow":
      return power(canon(e.left), simplifyPart(e.right));
    case "call":
      return callTerm(e.fn, simplifyPart(e.arg));
  }
}

const isSum = (e: Expr) => e.kind === "add" || e.kind === "sub";

/**
 * A number times one sum and nothing else is distributed, whichever way it was reached:
 * 3(x + 1) is 3x + 3.
 */
function normalize(t: Term): Term[] {
  // a term that divides by zero is undefined whatever its coefficient: keep just 1/0
  if (isUndefinedTerm(t)) return isOne(t.coef) ? [t] : [{ coef: ONE, factors: t.factors }];
  const only = t.factors.length === 1 ? t.factors[0] : undefined;
  if (isOne(t.coef) || !only || !isSum(only.base) || !isOneExpr(only.exp)) return [t];
  return scale(canon(only.base), t.coef);
}

function scale(terms: Term[], c: Rational): Term[] {
  if (isZero(c)) return [];
  return terms.map((t) => ({ coef: mulR(t.coef, c), factors: t.factors }));
}

/**
 * A factor with no value as written: a power of 0 kept as such (0^(-1), 0^x), or a constant
 * factor whose value is not a finite number (log(0), sqrt(-1), (-1)^(1/2)).
 */
function isUndefinedFactor(f: Factor): boolean {
  if (f.base.kind === "num" && f.base.value === 0) return true;
  const e = isOneExpr(f.exp) ? f.base : pow(f.base, f.exp);
  return memo("undefined", e, () => variablesOf(e).length === 0 && !Number.isFinite(constantValue(e)));
}

const isUndefinedTerm = (t: Term): boolean => t.factors.some(isUndefinedFactor);

/** The undefined terms of a sum, each with coefficient 1: what survives a zero factor or a cancellation. */
const undefinedTerms = (terms: Term[]): Term[] => terms.filter(isUndefinedTerm).map((t) => ({ coef: ONE, factors: t.factors }));

/** The float value of an expression without variables; NaN or ±Infinity where it has none. */
function constantValue(e: Expr): number {
  switch (e.kind) {
    case "num":
      return e.value;
    case "const":
      return e.name === "pi" ? Math.PI : Math.E;
    case "var":
      return NaN;
    case "neg":
      return -constantValue(e.arg);
    case "call": {
      const a = constantValue(e.arg);
      const spec = FUNCTIONS[e.fn];
      return spec.domain && !spec.domain.contains(a) ? NaN : spec.apply(a);
    }
    case "add":
      return constantValue(e.left) + constantValue(e.right);
    case "sub":
      return constantValue(e.left) - constantValue(e.right);
    case "mul":
      return constantValue(e.left) * constantValue(e.right);
    case "div": {
      const d = constantValue(e.right);
      return d === 0 ? NaN : constantValue(e.left) / d;
    }
    case "pow": {
      const a = constantValue(e.left);
      const b = constantValue(e.right);
      if (a === 0 && b < 0) return NaN;
      return a ** b;
    }
  }
}

const factorKey = (f: Factor) => `${serialize(f.base)}^${serialize(f.exp)}`;
// grouping key of like terms: the factors' structure numbers (guard.ts), short whatever their size
const termKey = (t: Term) =>
  t.factors
    .map((f) => `${idOf(f.base)}^${idOf(f.exp)}`)
    .sort()
    .join("*");

/** Collects like terms (same factors), keeping the order in which they first appear. */
function combine(terms: Term[]): Term[] {
  const byKey = new Map<string, Term>();
  for (const t of terms) {
    const key = termKey(t);
    const seen = byKey.get(key);
    byKey.set(key, seen ? { coef: addR(seen.coef, t.coef), factors: seen.factors } : t);
  }
  // 1/0 - 1/0 is not 0: an undefined term stays even when its coefficients cancel
  return [...byKey.values()].flatMap((t) => (!isZero(t.coef) ? [t] : isUndefinedTerm(t) ? [{ coef: ONE, factors: t.factors }] : []));
}

/**
 * A sum of several terms used as one factor (not expanded), with its common number and its
 * sign taken out, so its coefficients are whole and share no factor: 2(x + 1) rather than
 * (2x + 2), -(x + 1) rather than (-x - 1), (4x + 1)/2 rather than (2x + 1/2). Every route to the
 * same product then gives the same form.
 */
function asTerm(terms: Term[]): Term {
  const [first] = terms;
  if (terms.length === 1 && first) return first;
  const negative = terms.every((t) => t.coef.n < 0);
  const exact = terms.every((t) => Number.isSafeInteger(t.coef.n));
  // gcd of the numerators over lcm of the denominators
  const n = exact ? terms.reduce((g, t) => gcd(g, t.coef.n), 0) : 1;
  const d = exact ? terms.reduce((l, t) => (l * t.coef.d) / gcd(l, t.coef.d), 1) : 1;
  const content = rational(negative ? -n : n, d);
  if (isOne(content)) return atom(build(terms));
  return { coef: content, factors: [{ base: build(scale(terms, nonZero(invR(content), "1/content"))), exp: ONE_EXPR }] };
}

/** Bases kept as they are under any power; a product or number base with a whole exponent is multiplied out. */
const isAtomicBase = (e: Expr) =>
  e.kind === "var" || e.kind === "const" || e.kind === "call" || isSum(e) || (e.kind === "num" && e.value === 0);

/** t · base^exp: x^a · x^b = x^(a + b), and (0.5x)^(1/2) · (0.5x)^(1/2) = 0.5x. */
function withFactor(t: Term, f: Factor): Term {
  const zeroBase = f.base.kind === "num" && f.base.value === 0;
  const id = idOf(f.base);
  const i = t.factors.findIndex((g) => idOf(g.base) === id);
  // undefined factors are not combined: 0^(-1) · 0^1 is undefined, not 0^0 = 1, and
  // (-1)^(1/2) · (-1)^(-1/2) is undefined, not 1
  const match = i >= 0 ? t.factors[i] : undefined;
  if (match && (zeroBase || isUndefinedFactor(f) || isUndefinedFactor(match))) return t;
  const exp = match ? simplifyPart(add(match.exp, f.exp)) : f.exp;
  const others = i < 0 ? t.factors : t.factors.filter((_, j) => j !== i);
  if (exp.kind === "num" && exp.value === 0) return { coef: t.coef, factors: others };
  const k = numericValue(exp);
  if (f.base.kind === "num" && f.base.value === 0 && k && value(k) < 0) {
    return { coef: t.coef, factors: [...others, { base: f.base, exp: num(-1) }] };
  }
  if (isSum(f.base) && k && isInteger(k)) {
    // (4x + 2)^k = 2^k (2x + 1)^k, as the same power reached another way would be written
    const inner = asTerm(canon(f.base));
    const [innerFactor] = inner.factors;
    if (!isOne(inner.coef) && innerFactor) {
      const coef = nonZero(powR(inner.coef, k.n), "content^k");
      return withFactor({ coef: mulR(t.coef, coef), factors: others }, { base: innerFactor.base, exp });
    }
  }
  if (!isAtomicBase(f.base) && k && isInteger(k)) {
    const raised = power(canon(f.base), exp);
    const [only] = raised;
    if (!only) return { coef: rational(0), factors: [] };
    if (raised.length === 1) return multiplyTerms({ coef: t.coef, factors: others }, only);
  }
  const factors = [...others];
  factors.splice(i < 0 ? factors.length : i, 0, { base: f.base, exp });
  return { coef: t.coef, factors };
}

function multiplyTerms(a: Term, b: Term): Term {
  return b.factors.reduce(withFactor, { coef: mulR(a.coef, b.coef), factors: a.factors });
}

function multiply(a: Term[], b: Term[]): Term[] {
  // 0 · a is 0, unless a is undefined: 0 · (1/0) stays 1/0
  if (a.length === 0 || b.length === 0) return undefinedTerms([...a, ...b]);
  // a bare number times a sum is distributed: 2(x + 1) = 2x + 2
  if (a.length === 1 && a[0]?.factors.length === 0) return scale(b, a[0].coef);
  if (b.length === 1 && b[0]?.factors.length === 0) return scale(a, b[0].coef);
  const product = multiplyTerms(asTerm(a), asTerm(b));
  return product.factors.length === 0 ? numberTerm(product.coef) : [product];
}

function reciprocal(terms: Term[]): Term[] {
  // 1/0 stays visible as 0^(-1), so evaluating it reports the division by zero
  if (terms.length === 0) return [{ coef: ONE, factors: [{ base: num(0), exp: num(-1) }] }];
  const t = asTerm(terms);
  const coef = nonZero(invR(t.coef), "1/coefficient");
  // 1/(1/0) is still undefined: a power of 0 keeps its negative exponent
  const inverse = (f: Factor): Factor =>
    f.base.kind === "num" && f.base.value === 0 ? f : { base: f.base, exp: simplifyPart(neg(f.exp)) };
  return [{ coef, factors: t.factors.map(inverse) }];
}

function power(base: Term[], exp: Expr): Term[] {
  const k = numericValue(exp);
  // a^0 = 1 (0^0 = 1 too, as in evaluation), but (1/0)^0 stays undefined
  if (k && isZero(k)) return undefinedTerms(base).length ? undefinedTerms(base) : [unit()];
  if (k && isOne(k)) return base;
  // 0^n is 0 for n > 0; 1/0 stays visible as 0^(-1) for any negative n, so evaluating it fails
  if (base.length === 0) return k && value(k) > 0 ? [] : [{ coef: ONE, factors: [{ base: num(0), exp: k ? num(-1) : exp }] }];
  const t = base.length === 1 ? base[0] : k && isInteger(k) ? asTerm(base) : undefined;
  if (k && isInteger(k) && t) {
    // (c · x^a · y^b)^k = c^k x^(ak) y^(bk) for an integer k
    const coef = nonZero(powR(t.coef, k.n), "coefficient^k");
    // a power of 0 kept as undefined (0^(-1)) stays so: (1/0)^(-2) is not 0^2 = 0
    const raise = (f: Factor): Factor =>
      f.base.kind === "num" && f.base.value === 0 ? f : { base: f.base, exp: simplifyPart(mul(f.exp, exp)) };
    const raised = t.factors.reduce<Term>((acc, f) => withFactor(acc, raise(f)), {
      coef,
      factors: [],
    });
    return isZero(raised.coef) ? [] : [raised];
  }
  if (t && t.factors.length === 0) {
    // a number to a fractional or symbolic power: 4^(1/2) = 2 when exact, 2^x stays
    const exact = k && exactPower(t.coef, k);
    if (exact) return numberTerm(exact);
    if (isOne(t.coef)) return [unit()];
    return [{ coef: ONE, factors: [{ base: rationalExpr(t.coef), exp }] }];
  }
  // x^(1/2) and x^y; but (x^2)^(1/2) stays as it is, since it equals |x|, not x
  const single = t && isOne(t.coef) && t.factors.length === 1 ? t.factors[0] : undefined;
  if (single && isOneExpr(single.exp)) return [{ coef: ONE, factors: [{ base: single.base, exp }] }];
  return [{ coef: ONE, factors: [{ base: build(base), exp }] }];
}

/** c^(p/q) when it is rational: 4^(1/2) = 2, 8^(-2/3) = 1/4; undefined for 2^(1/2). */
function exactPower(c: Rational, k: Rational): Rational | undefined {
  if (!(c.n > 0) || k.d > 12 || !Number.isSafeInteger(k.n)) return undefined;
  const root = (v: number) => {
    const r = Math.round(v ** (1 / k.d));
    return r ** k.d === v ? r : undefined;
  };
  const n = root(c.n);
  const d = root(c.d);
  return n !== undefined && d !== undefined ? powR(rational(n, d), k.n) : undefined;
}

function callTerm(fn: FunctionName, arg: Expr): Term[] {
  const exact = exactCall(fn, arg);
  return exact ? numberTerm(exact) : [atom(call(fn, arg))];
}

/** f(0) for the functions whose value at 0 is rational. */
const AT_ZERO: ReadonlyMap<FunctionName, Rational> = new Map<FunctionName, Rational>([
  ["sin", rational(0)],
  ["cos", rational(1)],
  ["tan", rational(0)],
  ["exp", rational(1)],
  ["sqrt", rational(0)],
  ["tanh", rational(0)],
  ["sigmoid", rational(1, 2)],
  ["atan", rational(0)],
  ["sinh", rational(0)],
  ["cosh", rational(1)],
]);

/** sin(r·pi) for r = k/6 in [0, 2), where it is rational (and only there). */
const SIN_SIXTHS: ReadonlyMap<number, Rational> = new Map<number, Rational>([
  [0, rational(0)],
  [1, rational(1, 2)],
  [3, rational(1)],
  [5, rational(1, 2)],
  [6, rational(0)],
  [7, rational(-1, 2)],
  [9, rational(-1)],
  [11, rational(-1, 2)],
]);

/** The coefficient c of an expression c·pi (c rational), if it is one. */
function piMultiple(arg: Expr): Rational | undefined {
  const terms = canon(arg);
  const t = terms.length === 1 ? terms[0] : undefined;
  const f = t && t.factors.length === 1 ? t.factors[0] : undefined;
  return t && f && f.base.kind === "const" && f.base.name === "pi" && isOneExpr(f.exp) ? t.coef : undefined;
}

/** sin(c·pi) when it is rational: c a multiple of 1/6 with sin one of 0, ±1/2, ±1. */
function sinPi(c: Rational): Rational | undefined {
  if (!Number.isSafeInteger(c.n) || 6 % c.d !== 0) return undefined;
  const sixths = (((c.n * (6 / c.d)) % 12) + 12) % 12;
  return SIN_SIXTHS.get(sixths);
}

/**
 * f(arg) as an exact rational number, where it is one and the engine knows it (see the list at
 * the top of this file); undefined otherwise. @example exactCall("sin", parse("pi")) // 0
 */
export function exactCall(fn: FunctionName, arg: Expr): Rational | undefined {
  return shared(() => exactCallShared(fn, arg));
}

function exactCallShared(fn: FunctionName, arg: Expr): Rational | undefined {
  const k = numericValue(arg);
  if (k && isZero(k)) return AT_ZERO.get(fn);
  if (fn === "sqrt") return k && k.n > 0 ? exactPower(k, rational(1, 2)) : undefined;
  if (fn === "log") {
    if (k) return isOne(k) ? rational(0) : undefined;
    if (arg.kind === "const" && arg.name === "e") return ONE;
    // log(e^k) = k for a rational k
    if (arg.kind === "pow" && arg.left.kind === "const" && arg.left.name === "e") return numericValue(arg.right);
    return undefined;
  }
  if (fn !== "sin" && fn !== "cos" && fn !== "tan") return undefined;
  const c = k ? undefined : piMultiple(arg);
  if (!c) return undefined;
  if (fn === "sin") return sinPi(c);
  if (fn === "cos") return sinPi(addR(c, rational(1, 2)));
  // tan is rational at multiples of pi/4 only (0, then 1, undefined, -1), and stays as written at pi/2
  const sin = sinPi(c);
  if (sin && isZero(sin)) return sin;
  const quarter = Number.isSafeInteger(c.n) && c.d === 4 ? ((c.n % 4) + 4) % 4 : undefined;
  return quarter === 1 ? ONE : quarter === 3 ? rational(-1) : undefined;
}

/** Order of factors in a written term: numbers, constants, variables, a^x, functions, the rest. */
function rank(f: Factor): number {
  if (!numericValue(f.exp)) return f.base.kind === "num" ? 0.5 : 3;
  switch (f.base.kind) {
    case "num":
      return 0;
    case "const":
      return 1;
    case "var":
      return 2;
    case "call":
      return 4;
    default:
      return 5;
  }
}

function factorExpr(f: Factor): Expr {
  return isOneExpr(f.exp) ? f.base : pow(f.base, f.exp);
}

function product(coef: Rational, factors: Factor[]): Expr {
  const [first, ...rest] = factors.map(factorExpr);
  if (first === undefined) return rationalExpr(coef);
  // coef · f1 · f2 ..., grouped from the left
  return rest.reduce((acc, p) => mul(acc, p), isOne(coef) ? first : mul(rationalExpr(coef), first));
}

/** |term| as an expression, with negative powers moved to a denominator. */
function termExpr(t: Term): Expr {
  const sorted = [...t.factors].sort((a, b) => rank(a) - rank(b) || (factorKey(a) < factorKey(b) ? -1 : 1));
  const top: Factor[] = [];
  const bottom: Factor[] = [];
  for (const f of sorted) {
    const k = numericValue(f.exp);
    if (k && value(k) < 0) bottom.push({ base: f.base, exp: rationalExpr(negR(k)) });
    else top.push(f);
  }
  const coef = rational(Math.abs(t.coef.n), t.coef.d);
  const numerator = product(rational(coef.n), top);
  if (bottom.length === 0 && coef.d === 1) return numerator;
  const denominator = product(rational(coef.d), bottom);
  return div(numerator, denominator);
}

function build(unordered: Term[]): Expr {
  // a sum starts with a positive term when it has one: 1 - x^2 rather than -x^2 + 1
  const lead = unordered.findIndex((t) => t.coef.n > 0);
  const [first, ...rest] = lead > 0 ? [...unordered.slice(lead, lead + 1), ...unordered.filter((_, i) => i !== lead)] : unordered;
  if (!first) return num(0);
  const negative = first.coef.n < 0;
  // a lone negative number stays a number (an exponent -1 reads better than -(1))
  let out = negative && first.factors.length === 0 ? rationalExpr(first.coef) : negative ? neg(termExpr(first)) : termExpr(first);
  for (const t of rest) out = t.coef.n < 0 ? sub(out, termExpr(t)) : add(out, termExpr(t));
  return out;
}

/** A coefficient the caller knows exists (1/c or c^k for a c that is not 0); a clear error otherwise. */
function nonZero(r: Rational | undefined, what: string): Rational {
  if (!r) throw new Error(`simplify: ${what} of a zero coefficient, which the simplifier never forms`);
  return r;
}
