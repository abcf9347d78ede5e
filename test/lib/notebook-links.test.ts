import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const NOTEBOOKS = path.join(__dirname, "..", "..", "notebooks");

/** Relative links of markdown cells, e.g. [lib/optim/sgd.ts](../lib/optim/sgd.ts): [notebook, cell id, target]. */
function relativeLinks(): Array<[string, string, string]> {
  const found: Array<[string, string, string]> = [];
  for (const file of fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb"))) {
    const nb = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS, file), "utf8")) as {
      cells: Array<{ id: string; cell_type: string; source: string[] }>;
    };
    for (const cell of nb.cells.filter((c) => c.cell_type === "markdown")) {
      for (const m of cell.source.join("").matchAll(/\]\((\.\.?\/[^)\s#]+)/g)) found.push([file, cell.id, m[1] as string]);
    }
  }
  return found;
}

describe("notebooks: links into the project", () => {
  it("every relative link in a notebook's text points to a file that exists", () => {
    const links = relativeLinks();
    assert.ok(links.filter(([, , target]) => target.startsWith("../lib/")).length >= 50, "the notebooks link to lib's sources");
    const broken = links.filter(([, , target]) => !fs.existsSync(path.resolve(NOTEBOOKS, target)));
    assert.deepEqual(broken, [], `broken links (notebook, cell, target): ${JSON.stringify(broken)}`);
  });

  // Notebooks whose link cell is still incomplete, with what is missing: the test fails when a gap
  // is closed without being taken off this list, so it only ever shrinks.
  const KNOWN_GAPS: Record<string, string[]> = {};

  it('every name a notebook imports from gradlab (outside test cells) is linked in its "Where the code lives" cell', () => {
    const gaps: Record<string, string[]> = {};
    for (const file of fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb"))) {
      const nb = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS, file), "utf8")) as {
        cells: Array<{ id: string; cell_type: string; source: string[]; metadata: { nbgrader?: { grade?: boolean } } }>;
      };
      const links = nb.cells.find((c) => c.id === "b00-links");
      if (!links) {
        gaps[file] = ["(no link cell)"];
        continue;
      }
      const linked = links.source.join("");
      const names = new Set<string>();
      for (const cell of nb.cells.filter((c) => c.cell_type === "code" && !c.metadata.nbgrader?.grade)) {
        for (const m of cell.source.join("").matchAll(/import\s*\{([^}]*)\}\s*from\s*"gradlab"/g)) {
          for (const part of (m[1] as string).split(",")) {
            const name = part
              .trim()
              .split(/\s+as\s+/)[0]!
              .trim();
            if (name && !name.startsWith("type ")) names.add(name);
          }
        }
      }
      // A namespace (`nn`, `optim` ...) counts as linked when the cell names its members as `nn.mlp`.
      const missing = [...names].filter((n) => !linked.includes(`\`${n}\``) && !linked.includes(`\`${n}.`)).sort();
      if (missing.length > 0) gaps[file] = missing;
    }
    assert.deepEqual(gaps, KNOWN_GAPS);
  });
});

describe("README: the course outline", () => {
  it("lists every notebook of notebooks/ once, in order, under the number its title shows", () => {
    const readme = fs.readFileSync(path.join(NOTEBOOKS, "..", "README.md"), "utf8");
    const outline = /## Course outline\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";
    const rows = [...outline.matchAll(/^\| \[(\d\d[a-z]?) [^\]]+\]\(notebooks\/([^)]+\.ipynb)\)/gm)].map((m) => [m[1], m[2]]);
    const files = fs
      .readdirSync(NOTEBOOKS)
      .filter((f) => f.endsWith(".ipynb"))
      .sort();
    assert.deepEqual(
      rows.map(([, file]) => file),
      files,
      "README's Course outline rows, against notebooks/",
    );
    for (const [label, file] of rows) {
      assert.ok(file!.startsWith(`${label}-`), `outline row "${label}" links ${file}`);
      const nb = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS, file!), "utf8")) as {
        cells: Array<{ cell_type: string; source: string[] }>;
      };
      const title = nb.cells.find((c) => c.cell_type === "markdown")?.source.join("") ?? "";
      assert.match(title, new RegExp(`^# ${label} · `), `${file} opens with the title "# ${label} · ..."`);
    }
  });
});

describe("00: the table of what comes next", () => {
  it("names every other notebook once, in order", () => {
    const nb = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS, "00-start-here.ipynb"), "utf8")) as { cells: Array<{ source: string[] }> };
    const table = nb.cells.map((c) => c.source.join("")).find((t) => t.startsWith("## What comes next")) ?? "";
    const listed = [...table.matchAll(/^\| (\d\d[a-z]?) \|/gm)].map((m) => m[1]);
    const others = fs
      .readdirSync(NOTEBOOKS)
      .filter((f) => f.endsWith(".ipynb") && !f.startsWith("00-"))
      .sort()
      .map((f) => f.split("-")[0]);
    assert.deepEqual(listed, others);
  });
});
