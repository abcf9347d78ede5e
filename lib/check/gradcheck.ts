/**
 * Gradient checking: how far apart are two gradients (say, one from backpropagation and one
 * from central differences), on the scale CS231n uses:
 *
 *   relative error = |a - b| / max(|a|, |b|, 1e-8), the largest over the components
 *   (CS231n divides by max(|a|, |b|); the floor 1e-8 only avoids dividing by zero)
 *
 *   > 1e-2          wrong: the gradient is probably wrong
 *   1e-4 .. 1e-2    suspicious: worth a close look
 *   1e-7 .. 1e-4    ok with kinks: fine for objectives with kinks (ReLU, max), too high otherwise
 *   <= 1e-7         good
 *
 * float32 gradients (tfjs) reach about 1e-6 at best; a float64 central difference about 1e-9.
 *
 * @example gradCheck([8, 7], centralGradient(f, [1, 2])).verdict // "good"
 * Introduced in [notebook 05](../../notebooks/05-gradients.ipynb).
 */
import { showTable } from "../display/table";
import { fmt, fmtVector } from "../util/format";
import { checkOptions, show } from "../util/validate";

import { at } from "../util/array";
export type GradCheckVerdict = "good" | "ok with kinks" | "suspicious" | "wrong";

/** From best to worst. */
export const GRADCHECK_VERDICTS: readonly GradCheckVerdict[] = ["good", "ok with kinks", "suspicious", "wrong"];

/** Upper bounds of the first three classes. */
export const GRADCHECK_THRESHOLDS = Object.freeze({ good: 1e-7, okWithKinks: 1e-4, suspicious: 1e-2 });

function toVector(name: string, v: number | readonly number[]): number[] {
  const values = typeof v === "number" ? [v] : Array.isArray(v) ? [...v] : undefined;
  if (!values || values.length === 0) throw new TypeError(`${name} must be a number or a non-empty array of numbers`);
  values.forEach((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x)) throw new RangeError(`${name}[${i}] must be a finite number; got ${String(x)}`);
  });
  return values;
}

/** Component-wise |a - b| / max(|a|, |b|, 1e-8), as CS231n defines it (with a floor against 0/0). */
function componentErrors(a: number[], b: number[]): number[] {
  return a.map((x, i) => Math.abs(x - at(b, i, "b")) / Math.max(Math.abs(x), Math.abs(at(b, i, "b")), 1e-8));
}

/**
 * The relative error between two gradients (or two numbers): the largest component-wise
 * |a - b| / max(|a|, |b|, 1e-8).
 * @example relativeError([8, 7], [8, 7.7]) // ≈ 0.091
 */
export function relativeError(a: number | readonly number[], b: number | readonly number[]): number {
  const x = toVector("a", a);
  const y = toVector("b", b);
  if (x.length !== y.length) throw new RangeError(`a has ${x.length} components but b has ${y.length}`);
  return Math.max(...componentErrors(x, y));
}

/** The CS231n class of a relative error. @example classifyRelativeError(3e-9) // "good" */
export function classifyRelativeError(error: number): GradCheckVerdict {
  if (typeof error !== "number") throw new TypeError(`error must be a number >= 0; got ${show(error)}`);
  if (!(error >= 0)) throw new RangeError(`error must be a number >= 0; got ${error}`);
  if (error <= GRADCHECK_THRESHOLDS.good) return "good";
  if (error <= GRADCHECK_THRESHOLDS.okWithKinks) return "ok with kinks";
  if (error <= GRADCHECK_THRESHOLDS.suspicious) return "suspicious";
  return "wrong";
}

export interface GradCheckReport {
  name: string;
  /** The largest component-wise relative error. */
  relativeError: number;
  verdict: GradCheckVerdict;
  /** Index of the component with the largest error. */
  worst: number;
  components: Array<{ analytic: number; numeric: number; relativeError: number; verdict: GradCheckVerdict }>;
  /** Whether the verdict is at least as good as `require`. */
  passed: boolean;
}

/**
 * A gradient check that failed: the one error of every gradient check in gradlab (`gradCheck`
 * here, `crossCheckModel` and `crossCheckLayer` in lib/nn). `report` holds the check's numbers:
 * a GradCheckReport here, lib/nn's GradientCheckReport there.
 */
export class GradientCheckError<R extends { name: string; passed: boolean } = GradCheckReport> extends Error {
  override name = "GradientCheckError";
  constructor(
    message: string,
    readonly report: R,
  ) {
    super(message);
  }
}

export interface GradCheckOptions {
  /** Shown in the table and in errors. */
  name?: string;
  /** The worst acceptable verdict (default "good"; use "ok with kinks" for float32 or ReLU). */
  require?: GradCheckVerdict;
  /** Throw a GradientCheckError when the verdict is worse than `require` (default true). */
  throwOnFail?: boolean;
  /** Show a table of the components (default false). */
  display?: boolean;
  /** Names of the components for the table (default 0, 1, 2 ...). */
  labels?: readonly string[];
}

/**
 * Compares an analytic gradient with a numeric one, classifies the worst component on the
 * CS231n scale, and (by default) throws when the verdict is worse than `options.require`.
 */
export function gradCheck(
  analytic: number | readonly number[],
  numeric: number | readonly number[],
  options: GradCheckOptions = {},
): GradCheckReport {
  checkOptions("gradCheck: options", options);
  const name = options.name ?? "gradient";
  const a = toVector("analytic", analytic);
  const n = toVector("numeric", numeric);
  if (a.length !== n.length) throw new RangeError(`${name}: analytic has ${a.length} components but numeric has ${n.length}`);
  const require = options.require ?? "good";
  if (!GRADCHECK_VERDICTS.includes(require))
    throw new RangeError(`require must be one of ${GRADCHECK_VERDICTS.map((v) => `"${v}"`).join(", ")}; got "${String(require)}"`);
  const errors = componentErrors(a, n);
  const relErr = Math.max(...errors);
  const verdict = classifyRelativeError(relErr);
  const report: GradCheckReport = {
    name,
    relativeError: relErr,
    verdict,
    worst: errors.indexOf(relErr),
    components: a.map((x, i) => ({
      analytic: x,
      numeric: at(n, i, "n"),
      relativeError: at(errors, i, "errors"),
      verdict: classifyRelativeError(at(errors, i, "errors")),
    })),
    passed: GRADCHECK_VERDICTS.indexOf(verdict) <= GRADCHECK_VERDICTS.indexOf(require),
  };
  if (options.display) {
    const labels = options.labels ?? a.map((_, i) => String(i));
    showTable({
      caption: `Gradient check: ${name}: relative error ${fmt(relErr, 3)} (${verdict}; required: ${require})`,
      columns: ["component", "analytic", "numeric", "relative error", "verdict"],
      rows: report.components.map((c, i) => [
        labels[i] ?? String(i),
        fmt(c.analytic, 10),
        fmt(c.numeric, 10),
        fmt(c.relativeError, 3),
        c.verdict,
      ]),
    });
  }
  if (!report.passed && options.throwOnFail !== false) {
    throw new GradientCheckError(
      `${name}: relative error ${fmt(relErr, 3)} is "${verdict}" (required: "${require}"); worst component ${report.worst}: ` +
        `analytic ${fmt(at(a, report.worst, "a"), 10)}, numeric ${fmt(at(n, report.worst, "n"), 10)} (analytic ${fmtVector(a)}, numeric ${fmtVector(n)})`,
      report,
    );
  }
  return report;
}
