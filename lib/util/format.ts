/**
 * Number formatting shared by tables, messages and plot labels.
 * Introduced in [notebook 01](../../notebooks/01-derivatives-rate-of-change.ipynb).
 */
import { show } from "./validate";

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

/** The width, in characters, that hints and other running text in outputs are wrapped to. */
export const TEXT_WIDTH = 88;

/**
 * Wraps running text at spaces so that no line is longer than `width` characters, for outputs
 * shown in a notebook (a line of plain text does not wrap there, it runs off the cell's edge).
 * Existing line breaks are kept; a word longer than `width` gets a line of its own; continuation
 * lines start with `indent`.
 *
 * @example
 * wrapText("Hint: the power rule brings the exponent down", 20)
 * // "Hint: the power rule\nbrings the exponent\ndown"
 */
export function wrapText(text: string, width = TEXT_WIDTH, indent = ""): string {
  if (typeof text !== "string") throw new TypeError(`wrapText: text must be a string; got ${show(text)}`);
  if (typeof indent !== "string") throw new TypeError(`wrapText: indent must be a string; got ${show(indent)}`);
  const length = (s: string) => [...s].length;
  if (!Number.isInteger(width) || width < length(indent) + 10) {
    throw new RangeError(
      `wrapText: width must be an integer of at least indent + 10 = ${length(indent) + 10} characters; got ${show(width)}`,
    );
  }
  return text
    .split("\n")
    .map((paragraph) => {
      if (length(paragraph) <= width) return paragraph;
      const lines: string[] = [];
      let line = "";
      for (const word of paragraph.split(" ")) {
        const prefix = lines.length === 0 ? "" : indent;
        if (line !== "" && length(prefix) + length(line) + 1 + length(word) > width) {
          lines.push(prefix + line);
          line = word;
        } else {
          line = line === "" ? word : `${line} ${word}`;
        }
      }
      lines.push((lines.length === 0 ? "" : indent) + line);
      return lines.join("\n");
    })
    .join("\n");
}
