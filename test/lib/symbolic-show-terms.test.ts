// The "terms" view of a derivation: one row per term of a sum (nested sums folded into one), and no
// rows inside a term; 03 shows the sum rule's example this way instead of nine rows.
import assert from "node:assert/strict";
import { derivationMarkdown, differentiate, explainDerivative } from "../../lib/derivatives/symbolic";

/** The plain-text rows of a view, without the first line (the equation): "rule: d/dx [...] = ...". */
const rows = (expression: string, view: "all" | "terms") =>
  derivationMarkdown(differentiate(expression), view)
    .plain.split("\n")
    .slice(1)
    .map((line) => line.replace(/^\s*\d+\. /, "").replace(/\s+\(.*\)$/, ""));

describe('symbolic: the "terms" view of a derivation', () => {
  it("shows the article's sum x^3 + 2x^2 - 5x + 7 in five rows instead of nine: the sum, then one row per term", () => {
    assert.equal(rows("x^3 + 2x^2 - 5x + 7", "all").length, 9);
    assert.deepEqual(rows("x^3 + 2x^2 - 5x + 7", "terms"), [
      "sum: d/dx [x^3 + 2x^2 - 5x + 7] = 3x^2 + 4x - 5",
      "  power: d/dx [x^3] = 3x^2",
      "  constant multiple: d/dx [2x^2] = 4x",
      "  constant multiple: d/dx [5x] = 5",
      "  constant: d/dx [7] = 0",
    ]);
    const markdown = derivationMarkdown(differentiate("x^3 + 2x^2 - 5x + 7"), "terms").markdown;
    assert.equal(markdown.split("\n").filter((l) => /^\| \d+ \|/.test(l)).length, 5);
  });

  it("keeps a sum inside another rule as one row, and an expression without a sum at the top to its first level", () => {
    assert.deepEqual(rows("(x^2 + 1)^3", "terms"), ["chain: d/dx [(x^2 + 1)^3] = 6x(x^2 + 1)^2", "  sum: d/dx [x^2 + 1] = 2x"]);
    assert.deepEqual(rows("x^3", "terms"), rows("x^3", "all"));
  });

  it("refuses another view, naming the option", () => {
    assert.throws(() => derivationMarkdown(differentiate("x^3"), "short" as "all"), {
      message: 'view must be "all" or "terms"; got short',
    });
    assert.throws(() => explainDerivative("x^3", { steps: "short" as "all", plot: false }), {
      message: 'options.steps must be "all" or "terms"; got "short"',
    });
  });
});
