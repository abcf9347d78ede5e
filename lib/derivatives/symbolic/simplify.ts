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
 * @example toText(simplify(parse("3 * (x^2 + 1)^2 * (2 * x + 0)"))) // "6x(x^2 + 1)^2"
 */
import { add, call, constant, div, mul, neg, num, pow, serialize, sub, variable, equals, type Expr, type FunctionName } from "./ast";
import { FUNCTIONS } from "./functions";
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
  return build(canon(e));
}

/** The expression as a sum of terms, each in normal form (see normalize). */
function canon(e: Expr): Term[] {
  return combine(canonTerms(e).flatMap(normalize));
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
      return power(canon(e.left), simplify(e.right));
    case "call":
      return callTerm(e.fn, simplify(e.arg));
  }
}

const isSum = (e: Expr) => e.kind === "add" || e.kind === "sub";

/**
 * A number times one sum and nothing else is distributed, whichever way it was reached:
 * 3(x + 1) is 3x + 3.
 */
function normalize(t: Term): Term[] {
  // a term that divides by zero is undefined whatever its coefficient: keep just 1/0
  if (t.factors.some((f) => f.base.kind === "num" && f.base.value === 0)) return isOne(t.coef) ? [t] : [{ coef: ONE, factors: t.factors }];
  const only = t.factors.length === 1 ? (t.factors[0] as Factor) : undefined;
  if (isOne(t.coef) || !only || !isSum(only.base) || !isOneExpr(only.exp)) return [t];
  return scale(canon(only.base), t.coef);
}

function scale(terms: Term[], c: Rational): Term[] {
  if (isZero(c)) return [];
  return terms.map((t) => ({ coef: mulR(t.coef, c), factors: t.factors }));
}

const factorKey = (f: Factor) => `${serialize(f.base)}^${serialize(f.exp)}`;
const termKey = (t: Term) => t.factors.map(factorKey).sort().join("*");

/** Collects like terms (same factors), keeping the order in which they first appear. */
function combine(terms: Term[]): Term[] {
  const byKey = new Map<string, Term>();
  for (const t of terms) {
    const key = termKey(t);
    const seen = byKey.get(key);
    byKey.set(key, seen ? { coef: addR(seen.coef, t.coef), factors: seen.factors } : t);
  }
  return [...byKey.values()].filter((t) => !isZero(t.coef));
}

/**
 * A sum of several terms used as one factor (not expanded), with its common number and its
 * sign taken out, so its coefficients are whole and share no factor: 2(x + 1) rather than
 * (2x + 2), -(x + 1) rather than (-x - 1), (4x + 1)/2 rather than (2x + 1/2). Every route to the
 * same product then gives the same form.
 */
function asTerm(terms: Term[]): Term {
  if (terms.length === 1) return terms[0] as Term;
  const negative = terms.every((t) => t.coef.n < 0);
  const exact = terms.every((t) => Number.isSafeInteger(t.coef.n));
  // gcd of the numerators over lcm of the denominators
  const n = exact ? terms.reduce((g, t) => gcd(g, t.coef.n), 0) : 1;
  const d = exact ? terms.reduce((l, t) => (l * t.coef.d) / gcd(l, t.coef.d), 1) : 1;
  const content = rational(negative ? -n : n, d);
  if (isOne(content)) return atom(build(terms));
  return { coef: content, factors: [{ base: build(scale(terms, invR(content) as Rational)), exp: ONE_EXPR }] };
}

/** Bases kept as they are under any power; a product or number base with a whole exponent is multiplied out. */
const isAtomicBase = (e: Expr) =>
  e.kind === "var" || e.kind === "const" || e.kind === "call" || isSum(e) || (e.kind === "num" && e.value === 0);

/** t · base^exp: x^a · x^b = x^(a + b), and (0.5x)^(1/2) · (0.5x)^(1/2) = 0.5x. */
function withFactor(t: Term, f: Factor): Term {
  const i = t.factors.findIndex((g) => equals(g.base, f.base));
  const exp = i < 0 ? f.exp : simplify(add((t.factors[i] as Factor).exp, f.exp));
  const others = i < 0 ? t.factors : t.factors.filter((_, j) => j !== i);
  if (exp.kind === "num" && exp.value === 0) return { coef: t.coef, factors: others };
  if (f.base.kind === "num" && f.base.value === 0 && numericValue(exp) && value(numericValue(exp) as Rational) < 0) {
    return { coef: t.coef, factors: [...others, { base: f.base, exp: num(-1) }] };
  }
  const k = numericValue(exp);
  if (isSum(f.base) && k && isInteger(k)) {
    // (4x + 2)^k = 2^k (2x + 1)^k, as the same power reached another way would be written
    const inner = asTerm(canon(f.base));
    if (!isOne(inner.coef)) {
      const coef = powR(inner.coef, k.n) as Rational;
      return withFactor({ coef: mulR(t.coef, coef), factors: others }, { base: (inner.factors[0] as Factor).base, exp });
    }
  }
  if (!isAtomicBase(f.base) && k && isInteger(k)) {
    const raised = power(canon(f.base), exp);
    if (raised.length === 0) return { coef: rational(0), factors: [] };
    if (raised.length === 1) return multiplyTerms({ coef: t.coef, factors: others }, raised[0] as Term);
  }
  const factors = [...others];
  factors.splice(i < 0 ? factors.length : i, 0, { base: f.base, exp });
  return { coef: t.coef, factors };
}

function multiplyTerms(a: Term, b: Term): Term {
  return b.factors.reduce(withFactor, { coef: mulR(a.coef, b.coef), factors: a.factors });
}

function multiply(a: Term[], b: Term[]): Term[] {
  if (a.length === 0 || b.length === 0) return [];
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
  const coef = invR(t.coef) as Rational;
  return [{ coef, factors: t.factors.map((f) => ({ base: f.base, exp: simplify(neg(f.exp)) })) }];
}

function power(base: Term[], exp: Expr): Term[] {
  const k = numericValue(exp);
  if (k && isZero(k)) return [unit()];
  if (k && isOne(k)) return base;
  // 0^n is 0 for n > 0; 1/0 stays visible as 0^(-1) for any negative n, so evaluating it fails
  if (base.length === 0) return k && value(k) > 0 ? [] : [{ coef: ONE, factors: [{ base: num(0), exp: k ? num(-1) : exp }] }];
  const t = base.length === 1 ? (base[0] as Term) : k && isInteger(k) ? asTerm(base) : undefined;
  if (k && isInteger(k) && t) {
    // (c · x^a · y^b)^k = c^k x^(ak) y^(bk) for an integer k
    const coef = powR(t.coef, k.n) as Rational;
    const raised = t.factors.reduce<Term>((acc, f) => withFactor(acc, { base: f.base, exp: simplify(mul(f.exp, exp)) }), {
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
  const single = t && isOne(t.coef) && t.factors.length === 1 ? (t.factors[0] as Factor) : undefined;
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
  // fold only values a person would: sin(0) = 0, exp(0) = 1, log(1) = 0, ln(e) = 1, sqrt(4) = 2
  if (fn === "log" && arg.kind === "const" && arg.name === "e") return [unit()];
  const k = numericValue(arg);
  const spec = FUNCTIONS[fn];
  if (k && (!spec.domain || spec.domain.contains(value(k)))) {
    const y = spec.apply(value(k));
    if (Number.isInteger(y)) return numberTerm(rational(y));
  }
  return [atom(call(fn, arg))];
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

function product(coef: Rational, factors: Factor[]): Expr | undefined {
  const parts = factors.map(factorExpr);
  if (!isOne(coef) || parts.length === 0) parts.unshift(rationalExpr(coef));
  return parts.reduce<Expr | undefined>((acc, p) => (acc ? mul(acc, p) : p), undefined);
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
  const numerator = product(rational(coef.n), top) as Expr;
  if (bottom.length === 0 && coef.d === 1) return numerator;
  const denominator = product(rational(coef.d), bottom) as Expr;
  return div(numerator, denominator);
}

function build(unordered: Term[]): Expr {
  if (unordered.length === 0) return num(0);
  // a sum starts with a positive term when it has one: 1 - x^2 rather than -x^2 + 1
  const lead = unordered.findIndex((t) => t.coef.n > 0);
  const terms = lead > 0 ? [unordered[lead] as Term, ...unordered.filter((_, i) => i !== lead)] : unordered;
  let out: Expr | undefined;
  for (const t of terms) {
    const negative = t.coef.n < 0;
    if (!out) {
      // a lone negative number stays a number (an exponent -1 reads better than -(1))
      if (negative && t.factors.length === 0) out = rationalExpr(t.coef);
      else out = negative ? neg(termExpr(t)) : termExpr(t);
    } else {
      out = negative ? sub(out, termExpr(t)) : add(out, termExpr(t));
    }
  }
  return out as Expr;
}
