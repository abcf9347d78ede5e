/**
 * Small numeric CSV files: the data sets in the project's data/ folder (see data/README.md for
 * where each comes from). A header row of column names, then numbers only.
 *
 * @example
 * const data = readCsv("regression-2d.csv");
 * const X = data.select(["x1", "x2"]);
 * const y = data.column("y");
 * Introduced in [notebook 08](../../notebooks/08-linear-regression.ipynb).
 */
import fs from "node:fs";
import path from "node:path";
import { checkString, show } from "../util/validate";
import { at } from "../util/array";

export interface DataTable {
  /** Where the table came from (file name), for messages. */
  source: string;
  columns: string[];
  /** One array per row, in column order. */
  rows: number[][];
  /** All values of one column. */
  column(name: string): number[];
  /** Rows restricted to the named columns, in that order: a feature matrix. */
  select(names: readonly string[]): number[][];
}

function table(source: string, columns: string[], rows: number[][]): DataTable {
  const index = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new RangeError(`${source}: no column "${name}"; the columns are ${columns.join(", ")}`);
    return i;
  };
  return {
    source,
    columns,
    rows,
    column: (name) => {
      const i = index(name);
      return rows.map((r) => at(r, i, name));
    },
    select: (names) => {
      const idx = names.map(index);
      return rows.map((r) => idx.map((i) => at(r, i, "row")));
    },
  };
}

/** Parses CSV text with a header row and numeric cells. */
export function parseCsv(text: string, source = "csv"): DataTable {
  checkString("parseCsv: text", text, true);
  checkString("parseCsv: source", source);
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const [header] = lines;
  if (header === undefined) throw new RangeError(`${source}: empty file; expected a header row`);
  const columns = header.split(",").map((c) => c.trim());
  const rows = lines.slice(1).map((line, r) => {
    const cells = line.split(",");
    if (cells.length !== columns.length) {
      throw new RangeError(`${source}: line ${r + 2} has ${cells.length} cells; expected ${columns.length}`);
    }
    return cells.map((cell, c) => {
      const value = Number(cell);
      if (cell.trim() === "" || !Number.isFinite(value)) {
        throw new RangeError(`${source}: line ${r + 2}, column "${columns[c]}" is not a number: "${cell}"`);
      }
      return value;
    });
  });
  return table(source, columns, rows);
}

/**
 * CSV text with a fixed number of decimals per column, so a seeded generator always writes the
 * same bytes. Lines end with "\n", including the last.
 */
export function toCsv(columns: readonly string[], rows: readonly (readonly number[])[], decimals: readonly number[]): string {
  if (!Array.isArray(columns as unknown) || columns.length === 0 || !columns.every((c) => typeof c === "string" && c !== ""))
    throw new TypeError(`toCsv: columns must be a non-empty array of column names such as ["x", "y"]; got ${show(columns)}`);
  if (!Array.isArray(rows as unknown) || !rows.every((row) => Array.isArray(row)))
    throw new TypeError(`toCsv: rows must be an array of rows of numbers such as [[1, 2]]; got ${show(rows)}`);
  if (!Array.isArray(decimals as unknown) || !decimals.every((d) => Number.isInteger(d) && d >= 0 && d <= 100))
    throw new TypeError(`toCsv: decimals must be an array of integers 0..100, one per column, such as [0, 2]; got ${show(decimals)}`);
  if (decimals.length !== columns.length) {
    throw new RangeError(`toCsv: decimals has ${decimals.length} entries for ${columns.length} columns`);
  }
  const body = rows.map((row, r) => {
    if (row.length !== columns.length) throw new RangeError(`toCsv: row ${r} has ${row.length} values; expected ${columns.length}`);
    return row
      .map((v, c) => {
        if (!Number.isFinite(v)) throw new RangeError(`toCsv: row ${r}, column "${columns[c]}" is ${v}`);
        const text = v.toFixed(decimals[c]);
        return /^-0\.?0*$/.test(text) ? text.slice(1) : text; // no "-0.000"
      })
      .join(",");
  });
  return [columns.join(","), ...body].join("\n") + "\n";
}

/** The project's data/ folder (found from lib/ or from the compiled dist/). */
export function dataDir(): string {
  return path.resolve(__dirname, "..", "..", "data");
}

/** Reads a CSV from the data/ folder by file name (or from a path containing a slash). */
export function readCsv(file: string): DataTable {
  if (typeof file !== "string" || file === "") throw new TypeError('readCsv: file must be a file name such as "regression-2d.csv"');
  const full = file.includes("/") || file.includes("\\") ? path.resolve(file) : path.join(dataDir(), file);
  if (!fs.existsSync(full)) {
    const available = fs.existsSync(dataDir()) ? fs.readdirSync(dataDir()).filter((f) => f.endsWith(".csv")) : [];
    // The name as the caller gave it (a data/ file is shown as data/<name>): never this machine's absolute path.
    const shown = full === path.join(dataDir(), file) ? `data/${file}` : file;
    throw new RangeError(`readCsv: ${shown} does not exist; data sets available: ${available.join(", ") || "(none)"}`);
  }
  return parseCsv(fs.readFileSync(full, "utf8"), path.basename(full));
}
