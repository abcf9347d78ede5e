/**
 * Part 5: how the symbolic engine's work grows with the depth of nesting. Each family nests one
 * pattern `depth` times; for each depth the part times parse, differentiate, simplify and the
 * evaluation of the derivative, and records the size of the result. Without sharing, the first
 * two families took seconds at depth 12-16 and minutes at 20; with it the growth is polynomial.
 * The fitted exponent is the slope of log(time) against log(depth) over the deeper half of the
 * depths: about 1 for linear growth, 2 for quadratic; exponential growth has no fixed slope (it
 * keeps rising with depth) and doubles the time every few levels.
 */
import { differentiate, evaluateExpression, parse, simplify, toText } from "../lib/derivatives/symbolic";

export const SYMBOLIC_FAMILIES = {
  /** x/(1 + x/(1 + ... x)): the quotient rule repeats each denominator in its square. */
  fraction: (depth: number) => nest(depth, (s) => `x/(1+${s})`),
  /** exp(x·exp(x·...)): the chain rule repeats each exponential in its derivative. */
  exp: (depth: number) => nest(depth, (s) => `exp(x*${s})`),
  /** sin(sin(...(x))): a product of depth cosines, each of a deeper argument. */
  sin: (depth: number) => nest(depth, (s) => `sin(${s})`),
} as const;

export type SymbolicFamily = keyof typeof SYMBOLIC_FAMILIES;

function nest(depth: number, wrap: (inner: string) => string): string {
  let s = "x";
  for (let i = 0; i < depth; i++) s = wrap(s);
  return s;
}

export interface SymbolicSpec {
  families: SymbolicFamily[];
  depths: number[];
  /** Each operation is repeated until it has run this long, and the mean is reported. */
  minMs: number;
}

export interface SymbolicRow {
  family: SymbolicFamily;
  depth: number;
  inputChars: number;
  steps: number;
  resultChars: number;
  parseMs: number;
  differentiateMs: number;
  simplifyMs: number;
  evaluateMs: number;
}

export interface SymbolicFit {
  family: SymbolicFamily;
  /** Slope of log(differentiate time) against log(depth), deeper half of the depths. */
  timeExponent: number;
  /** The same for the result's length in characters. */
  sizeExponent: number;
  /** Time at the largest depth over the time at half of it (when measured). */
  ratioPerDoubling: number | null;
}

export interface SymbolicBench {
  spec: SymbolicSpec;
  note: string;
  rows: SymbolicRow[];
  fits: SymbolicFit[];
}

/** Mean milliseconds of `run` over as many repetitions as fit in `minMs` (at least one). */
function time(run: () => unknown, minMs: number): number {
  const start = performance.now();
  let n = 0;
  do {
    run();
    n += 1;
  } while (performance.now() - start < minMs);
  return (performance.now() - start) / n;
}

/** Least-squares slope of log(y) against log(x). */
function logSlope(points: Array<[number, number]>): number {
  const xs = points.map(([x]) => Math.log(x));
  const ys = points.map(([, y]) => Math.log(y));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * ((ys[i] as number) - my), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? NaN : sxy / sxx;
}

/** Runs the part in this process (the caller runs it in a worker process of its own). */
export function runSymbolicBench(spec: SymbolicSpec): SymbolicBench {
  const rows: SymbolicRow[] = [];
  for (const family of spec.families) {
    for (const depth of spec.depths) {
      const source = SYMBOLIC_FAMILIES[family](depth);
      const tree = parse(source);
      const d = differentiate(tree);
      rows.push({
        family,
        depth,
        inputChars: source.length,
        steps: d.steps.length,
        resultChars: toText(d.result).length,
        parseMs: time(() => parse(source), spec.minMs),
        differentiateMs: time(() => differentiate(tree), spec.minMs),
        simplifyMs: time(() => simplify(tree), spec.minMs),
        evaluateMs: time(() => evaluateExpression(d.result, { x: 0.3 }), spec.minMs),
      });
    }
  }
  const fits = spec.families.map((family): SymbolicFit => {
    const mine = rows.filter((r) => r.family === family);
    // the deeper half, and at least two depths (a slope needs two points)
    const deeper = mine.slice(Math.max(0, Math.min(Math.floor(mine.length / 2), mine.length - 2)));
    const last = mine[mine.length - 1];
    const half = last && mine.find((r) => r.depth * 2 === last.depth);
    return {
      family,
      timeExponent: logSlope(deeper.map((r) => [r.depth, r.differentiateMs])),
      sizeExponent: logSlope(deeper.map((r) => [r.depth, r.resultChars])),
      ratioPerDoubling: last && half ? last.differentiateMs / half.differentiateMs : null,
    };
  });
  return {
    spec,
    note:
      "Time per call in one process (mean over repetitions of at least the stated time); differentiate includes simplifying every step. " +
      "Exponents are log-log slopes over the deeper half of the depths.",
    rows,
    fits,
  };
}

/** The part as Markdown, for bench/results/*.md. */
export function symbolicMarkdown(part: SymbolicBench): string[] {
  const f = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0));
  const out = ["## 5. Symbolic engine: growth with nesting depth", "", part.note, ""];
  out.push("| family | depth | input chars | steps | result chars | parse ms | differentiate ms | simplify ms | evaluate ms |");
  out.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of part.rows) {
    out.push(
      `| ${r.family} | ${r.depth} | ${r.inputChars} | ${r.steps} | ${r.resultChars} | ${f(r.parseMs)} | ${f(r.differentiateMs)} | ${f(r.simplifyMs)} | ${f(r.evaluateMs)} |`,
    );
  }
  out.push("", "| family | time exponent | result-size exponent | time ratio per doubling |", "|---|---:|---:|---:|");
  for (const fit of part.fits) {
    out.push(
      `| ${fit.family} | ${fit.timeExponent.toFixed(2)} | ${fit.sizeExponent.toFixed(2)} | ${fit.ratioPerDoubling === null ? "" : fit.ratioPerDoubling.toFixed(2)} |`,
    );
  }
  out.push("");
  return out;
}
