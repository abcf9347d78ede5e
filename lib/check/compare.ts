/**
 * Compares a learner's answer with the expected one and says what is off without giving the
 * expected values away: which entries, in which direction (too large, too small, wrong sign) and
 * roughly by how much, relative to the expected size. Numbers, arrays and typed arrays of them,
 * matrices ({ rows, cols, data }) and records of those.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import { fmt } from "../util/format";
import { isClose, type Tolerance } from "./tolerance";
import { checkInteger, checkString, show, checkTolerance } from "../util/validate";
import { isMatrixLike } from "./matrix-like";

const isList = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

/** "about 20%", "about 3 times", "less than 1%": a rough size, one significant digit. */
function roughly(ratio: number): string {
  if (ratio >= 2) return `about ${Number(ratio.toPrecision(1))} times the expected size`;
  const percent = ratio * 100;
  if (percent < 1) return "less than 1% of the expected size";
  return `about ${Number(percent.toPrecision(1))}% of the expected size`;
}

/** How a number is off from the expected one, without the expected one: "too large by about 20% of the expected size". */
export function describeOff(got: number, want: number): string {
  if (typeof got !== "number" || typeof want !== "number")
    throw new TypeError(`describeOff: got and want must be numbers; got ${show(got)} and ${show(want)}`);
  if (!Number.isFinite(got)) return "not a finite number (a division by zero, or a result that overflowed?)";
  if (want === 0) return `should be 0 (yours is ${got > 0 ? "positive" : "negative"}, ${fmt(Math.abs(got), 2)} away)`;
  if (got !== 0 && Math.sign(got) !== Math.sign(want)) return "has the wrong sign";
  const direction = got > want ? "too large" : "too small";
  const ratio = Math.abs(got - want) / Math.abs(want);
  return `${direction}, off by ${roughly(ratio)}`;
}

function describeValue(v: unknown): string {
  if (v === undefined) return "nothing (undefined)";
  if (v === null) return "null";
  if (typeof v === "number") return fmt(v, 10);
  if (isMatrixLike(v)) return `a ${v.rows}×${v.cols} matrix`;
  if (isList(v)) return `${v.length} values`;
  if (typeof v === "object") return `an object with ${Object.keys(v).join(", ") || "no keys"}`;
  return `${typeof v} ${String(v)}`;
}

/** One wrong part of an answer: where, and what is wrong with it. */
export interface Mismatch {
  where: string;
  problem: string;
}

/** Every mismatch between `got` and `want`, `where` naming the parts ("dW1[0, 1]"). */
export function mismatches(where: string, got: unknown, want: unknown, tol: Tolerance): Mismatch[] {
  checkString("mismatches: where", where, true);
  checkTolerance("mismatches: tol", tol);
  if (typeof want === "number") {
    if (typeof got !== "number") return [{ where, problem: `should be a number; got ${describeValue(got)}` }];
    return isClose(got, want, tol) ? [] : [{ where, problem: describeOff(got, want) }];
  }
  if (isMatrixLike(want)) {
    if (!isMatrixLike(got)) return [{ where, problem: `should be a ${want.rows}×${want.cols} matrix; got ${describeValue(got)}` }];
    if (got.rows !== want.rows || got.cols !== want.cols) {
      return [{ where, problem: `has shape ${got.rows}×${got.cols}; it should be ${want.rows}×${want.cols}` }];
    }
    const out: Mismatch[] = [];
    for (let k = 0; k < want.data.length; k++) {
      out.push(...mismatches(`${where}[${Math.floor(k / want.cols)}, ${k % want.cols}]`, got.data[k], want.data[k], tol));
    }
    return out;
  }
  if (isList(want)) {
    if (!isList(got)) return [{ where, problem: `should be a list of ${want.length} values; got ${describeValue(got)}` }];
    if (got.length !== want.length) return [{ where, problem: `has ${got.length} values; it should have ${want.length}` }];
    const out: Mismatch[] = [];
    for (let i = 0; i < want.length; i++) out.push(...mismatches(`${where}[${i}]`, got[i], want[i], tol));
    return out;
  }
  if (typeof want === "object" && want !== null) {
    if (typeof got !== "object" || got === null) {
      return [{ where, problem: `should be an object with ${Object.keys(want).join(", ")}; got ${describeValue(got)}` }];
    }
    const out: Mismatch[] = [];
    for (const [key, wanted] of Object.entries(want)) {
      const gotField: unknown = Reflect.get(got, key); // reads a getter too, as got[key] would
      out.push(...mismatches(`${where}.${key}`, gotField, wanted, tol));
    }
    return out;
  }
  return Object.is(got, want) ? [] : [{ where, problem: `should be ${describeValue(want)}; got ${describeValue(got)}` }];
}

/** The number of entries an expected value has (for "2 of 6 entries are off"). */
export function entryCount(want: unknown): number {
  if (typeof want === "number") return 1;
  if (isMatrixLike(want)) return want.data.length;
  if (isList(want)) return Array.from(want).reduce<number>((n, v) => n + entryCount(v), 0);
  if (typeof want === "object" && want !== null) return Object.values(want).reduce<number>((n, v) => n + entryCount(v), 0);
  return 1;
}

/** A sentence about the mismatches, listing at most `limit` of them; "" when there are none. */
export function describeMismatches(label: string, got: unknown, want: unknown, tol: Tolerance, limit = 4): string {
  checkString("describeMismatches: label", label);
  checkTolerance("describeMismatches: tol", tol);
  checkInteger("describeMismatches: limit", limit, 1);
  const bad = mismatches("", got, want, tol);
  if (bad.length === 0) return "";
  const tolerance = ` (tolerance rtol ${fmt(tol.rtol)}, atol ${fmt(tol.atol)}).`;
  const [first] = bad;
  if (bad.length === 1 && first?.where === "") {
    const shown = typeof got === "number" ? ` is ${fmt(got, 10)}:` : "";
    return `${label}${shown} ${first.problem}${tolerance}`;
  }
  const listed = bad
    .slice(0, limit)
    .map((m) => `${m.where.replace(/^\./, "")} ${m.problem}`)
    .join("; ");
  const more = bad.length > limit ? `; and ${bad.length - limit} more` : "";
  return `${label}: ${bad.length} of ${entryCount(want)} entries are off: ${listed}${more}${tolerance}`;
}
