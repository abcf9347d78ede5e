/**
 * Tables in notebook output: an HTML table for JupyterLab and aligned text for terminals.
 * Introduced in [notebook 01](../../notebooks/01-derivatives-rate-of-change.ipynb).
 */
import { displayBundle, escapeHtml } from "./index";
import { checkObject, checkString, show } from "../util/validate";

export type Cell = string | number | boolean;

export interface Table {
  columns: string[];
  rows: Cell[][];
  caption?: string;
}

/** The checks every table function makes first: the message names the caller's function and field. */
function checkTable(owner: string, table: unknown): asserts table is Table {
  checkObject(`${owner}: table`, table, '{ columns: ["x", "f(x)"], rows: [[1, 2]] }');
  const { columns, rows, caption } = table;
  if (!Array.isArray(columns) || columns.length === 0 || !columns.every((c) => typeof c === "string"))
    throw new TypeError(`${owner}: columns must be a non-empty array of column titles such as ["x", "f(x)"]; got ${show(columns)}`);
  if (!Array.isArray(rows)) throw new TypeError(`${owner}: rows must be an array of rows such as [[1, 2]]; got ${show(rows)}`);
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row)) throw new TypeError(`${owner}: rows[${i}] must be an array of cells, one per column; got ${show(row)}`);
    if (row.length !== columns.length)
      throw new RangeError(`${owner}: row ${i} has ${row.length} cells but there are ${columns.length} columns`);
    row.forEach((cell: unknown, j) => {
      if (!["string", "number", "boolean"].includes(typeof cell))
        throw new TypeError(`${owner}: rows[${i}][${j}] must be a string, a number or a boolean; got ${show(cell)}`);
    });
  });
  if (caption !== undefined) checkString(`${owner}: caption`, caption, true);
}

function cellText(value: Cell): string {
  if (typeof value === "boolean") return value ? "pass" : "FAIL";
  return String(value);
}

/** The table as monospace text, columns padded to their widest entry. */
export function tableText(table: Table): string {
  checkTable("tableText", table);
  const cells = [table.columns, ...table.rows.map((row) => row.map(cellText))];
  const widths = table.columns.map((_, c) => Math.max(...cells.map((row) => (row[c] ?? "").length)));
  const line = (row: string[]) =>
    row
      .map((text, c) => text.padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  const body = [line(cells[0] ?? []), rule, ...cells.slice(1).map(line)];
  return (table.caption ? [table.caption, ...body] : body).join("\n");
}

/** The table as an HTML fragment; booleans become a coloured pass/FAIL. */
export function tableHtml(table: Table): string {
  checkTable("tableHtml", table);
  const head = table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const rows = table.rows
    .map((row) => {
      const cells = row.map((value) => {
        if (typeof value === "boolean") {
          const color = value ? "#1a7f37" : "#cf222e";
          return `<td style="color:${color};font-weight:bold">${value ? "pass" : "FAIL"}</td>`;
        }
        const align = typeof value === "number" ? ' style="text-align:right"' : "";
        return `<td${align}>${escapeHtml(String(value))}</td>`;
      });
      return `<tr>${cells.join("")}</tr>`;
    })
    .join("");
  const caption = table.caption ? `<caption style="caption-side:top;text-align:left">${escapeHtml(table.caption)}</caption>` : "";
  return `<table class="gradlab-table">${caption}<thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** Shows a table in the notebook (text/html + text/plain). */
export function showTable(table: Table): void {
  checkTable("showTable", table);
  for (const [i, row] of table.rows.entries()) {
    if (row.length !== table.columns.length) {
      throw new RangeError(`showTable: row ${i} has ${row.length} cells but there are ${table.columns.length} columns`);
    }
  }
  displayBundle({ "text/html": tableHtml(table), "text/plain": tableText(table) });
}
