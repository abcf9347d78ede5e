// The book (npm run book): its renderer on hand-made notebooks, and the whole build on the course.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describeNotebook, renderNotebook, type Notebook } from "../../scripts/book/render";
import { ROOT } from "../support/jupyter";

const figure = { data: [{ type: "scatter", x: [1], y: [2] }], layout: { title: { text: "</script>" } } };

const sample: Notebook = {
  cells: [
    { cell_type: "markdown", source: "# 07 · A title\n\nThe first paragraph\nspans lines.\n\nMore text with $x^2$.", metadata: {} },
    {
      cell_type: "code",
      source: "const a = 1 < 2;",
      metadata: { tags: ["parameters"] },
      outputs: [{ output_type: "stream", name: "stdout", text: "a <b>\n" }],
    },
    {
      cell_type: "code",
      source: "show(fig)",
      metadata: {},
      outputs: [
        {
          output_type: "display_data",
          data: { "application/vnd.plotly.v1+json": figure, "text/html": "<script>bad()</script>", "text/plain": "[plot]" },
        },
      ],
    },
  ],
};

describe("book: rendering a notebook page", () => {
  const { html, plots } = renderNotebook(sample);

  it("renders math with KaTeX at build time", () => assert.match(html, /class="katex"/));
  it("highlights code and escapes outputs", () => {
    assert.match(html, /<span class="hljs-keyword">const<\/span>/);
    assert.match(html, /a &lt;b&gt;/);
  });
  it("draws plotly figures with the site's plotly.js, not the notebook's script fallback", () => {
    assert.equal(plots, 1);
    assert.match(html, /gradlabPlot\("plot-1", /);
    assert.doesNotMatch(html, /bad\(\)/);
    assert.doesNotMatch(html, /<\/script>"/, "figure JSON cannot close the script element");
  });
  it("marks the parameters cell", () => assert.match(html, /badge parameters/));
  it("takes the title and summary from the first markdown cell", () => {
    assert.deepEqual(describeNotebook(sample), { title: "07 · A title", summary: "The first paragraph spans lines." });
  });
});

describe("book: npm run book", function () {
  this.timeout(20 * 60 * 1000);

  it("writes an index and one page per notebook, with plotly.js and KaTeX shipped once", () => {
    const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "book.mjs"), "--reuse"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    const notebooks = fs.readdirSync(path.join(ROOT, "notebooks")).filter((n) => n.endsWith(".ipynb"));
    const book = path.join(ROOT, "book");
    const index = fs.readFileSync(path.join(book, "index.html"), "utf8");
    for (const name of notebooks) {
      const file = name.replace(/\.ipynb$/, ".html");
      assert.ok(index.includes(`href="${file}"`), `index links ${file}`);
      const html = fs.readFileSync(path.join(book, file), "utf8");
      assert.equal(html.match(/<script src="assets\/plotly.min.js"><\/script>/g)?.length, 1);
      assert.ok(!html.includes("data-gradlab-plotly"), "no embedded copy of plotly.js in the page");
    }
    assert.ok(fs.statSync(path.join(book, "assets", "plotly.min.js")).size > 1_000_000);
    assert.ok(fs.existsSync(path.join(book, "assets", "katex", "katex.min.css")));
  });
});
