import { show } from "./validate";
/** Number formatting shared by tables, messages and plot labels. */

/**
 * A compact, readable number: integers as integers, ordinary magnitudes with `digits`
 * significant digits, tiny or huge ones in exponent form (1.2e-7). NaN and infinities by name.
 *
 * @example
 * fmt(4) // "4"; fmt(0.976) // "0.976"; fmt(1e-10) // "1e-10"; fmt(2/3) // "0.666667"
 */
export function fmt(x: number, digits = 6): string {
  if (!(Number.isInteger(digits) && digits >= 1 && digits <= 100))
    throw new RangeError(`fmt: digits must be an integer 1..100; got ${show(digits)}`);
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return "0";
  if (Number.isInteger(x) && Math.abs(x) < 1e9) return String(x);
  const magnitude = Math.abs(x);
  if (magnitude < 1e-4 || magnitude >= 1e9) {
    return x
      .toExponential(Math.max(0, digits - 1))
      .replace(/\.?0+e/, "e")
      .replace("e+", "e");
  }
  return String(Number(x.toPrecision(digits)));
}

/** A vector as "[8, 7]". */
export function fmtVector(values: ArrayLike<number>, digits = 6): string {
  if (
    !(Array.isArray(values) || ArrayBuffer.isView(values)) ||
    !Array.from(values as ArrayLike<unknown>).every((v) => typeof v === "number")
  )
    throw new TypeError(`fmtVector: values must be an array of numbers such as [1, 2]; got ${show(values)}`);
  if (!(Number.isInteger(digits) && digits >= 1 && digits <= 100))
    throw new RangeError(`fmtVector: digits must be an integer 1..100; got ${show(digits)}`);
  return `[${Array.from(values, (v) => fmt(v, digits)).join(", ")}]`;
}
