// Markdown a reader can trust: no control characters in any cell (a lost backslash in "\text"
// becomes a TAB, "\approx" a BEL, "\frac" a form feed), and every $...$ / $$...$$ formula in a
// markdown cell renders with KaTeX, the renderer of the book, without an error. Math that the
// notebooks print (text/latex and text/markdown outputs) is checked the same way in the executed
// copies that the notebook tests write to test-output/executed/.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import katex from "katex";
import MarkdownIt from "markdown-it";
import texmath from "markdown-it-texmath";
import { ROOT } from "../support/jupyter";
import { cellText, readNotebook } from "../support/exercises";

const list = (...parts: string[]) => {
  const dir = path.join(ROOT, ...parts);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".ipynb"))
    .sort()
    .map((n) => path.join(dir, n));
};
const sources = [...list("notebooks"), ...list("test", "fixtures", "grading")];

/** C0 control characters other than the newline: never wanted in a notebook's text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;

/** Where the KaTeX engine below reports; markdown-it-texmath keeps the first engine it is given. */
let sink: string[] = [];
const engine = {
  renderToString(tex: string, options: Record<string, unknown>) {
    try {
      return katex.renderToString(tex, { ...options, throwOnError: true, strict: "error" });
    } catch (error) {
      sink.push(`${JSON.stringify(tex)}: ${error instanceof Error ? error.message : String(error)}`);
      return "";
    }
  },
};
const md = new MarkdownIt({ html: true }).use(texmath, { engine, delimiters: "dollars" });

/** Each formula markdown-it-texmath finds in `source`, rendered by KaTeX with errors thrown. */
function formulaErrors(source: string): string[] {
  sink = [];
  md.render(source);
  return sink;
}

/** Display math that a code cell printed: "$$...$$", "$...$" or bare LaTeX (text/latex). */
function latexErrors(tex: string): string[] {
  const body = tex.trim().replace(/^\$\$?|\$\$?$/g, "");
  try {
    katex.renderToString(body, { displayMode: true, throwOnError: true, strict: "error" });
    return [];
  } catch (error) {
    return [`${JSON.stringify(body)}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

describe("markdown and math in the notebooks", function () {
  it("the checks themselves catch a lost backslash and a formula KaTeX cannot render", function () {
    assert.ok(CONTROL.test("$\text{price}$"), "a TAB from \\t is a control character");
    assert.ok(CONTROL.test("$x \u0007pprox y$"), "a BEL from \\a is a control character");
    assert.ok(!CONTROL.test("line one\nline two"), "newlines are allowed");
    assert.deepEqual(formulaErrors("Fine: $\\frac{1}{2}$ and $$\\sqrt{x}$$."), []);
    assert.equal(formulaErrors("Broken: $\\frac{1}{$ here.").length, 1);
    assert.equal(formulaErrors("Unknown macro: $\\notamacro x$.").length, 1);
    assert.equal(latexErrors("$$\\lim_{h \\to 0} (2x + h)$$").length, 0);
    assert.equal(latexErrors("$$\\lim_{h \\to 0 (2x + h)$$").length, 1);
  });

  for (const file of sources) {
    const name = path.relative(ROOT, file);
    it(`${name}: no control characters, every formula renders`, function () {
      const problems: string[] = [];
      readNotebook(file).cells.forEach((cell, index) => {
        const text = cellText(cell);
        const control = CONTROL.exec(text);
        if (control) {
          const at = control.index;
          problems.push(
            `cell ${index}: control character U+${control[0].charCodeAt(0).toString(16).padStart(4, "0")} near ` +
              JSON.stringify(text.slice(Math.max(0, at - 20), at + 20)) +
              " (a lost backslash?)",
          );
        }
        if (cell.cell_type === "markdown") for (const e of formulaErrors(text)) problems.push(`cell ${index}: ${e}`);
      });
      assert.deepEqual(problems, []);
    });
  }

  const executedDir = path.join(ROOT, "test-output", "executed");
  it("math printed by the executed notebooks renders", function () {
    // Listed when the test runs, not when the file loads: notebooks.test.ts writes them first.
    const executed = list("test-output", "executed").filter((f) => /^\d\d[a-z]?-/.test(path.basename(f)));
    if (executed.length === 0) this.skip(); // run alone, before any notebook ran: nothing to read
    const problems: string[] = [];
    for (const file of executed) {
      const nb = JSON.parse(fs.readFileSync(file, "utf8")) as {
        cells: Array<{ outputs?: Array<{ data?: Record<string, unknown> }> }>;
      };
      nb.cells.forEach((cell, index) => {
        for (const output of cell.outputs ?? []) {
          const data = output.data ?? {};
          const text = (key: string) => {
            const value = data[key];
            return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : undefined;
          };
          const latex = text("text/latex");
          const markdown = text("text/markdown");
          const where = `${path.relative(executedDir, file)} cell ${index}`;
          if (latex !== undefined) for (const e of latexErrors(latex)) problems.push(`${where}: ${e}`);
          if (markdown !== undefined) for (const e of formulaErrors(markdown)) problems.push(`${where}: ${e}`);
        }
      });
    }
    assert.deepEqual(problems, []);
  });
});
