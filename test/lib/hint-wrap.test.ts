// Hints wrap: the hint a failing exercise check shows (and `hint(id, tier)` prints) is broken into
// lines of at most TEXT_WIDTH characters, since a line of plain text in a notebook's output does
// not wrap and a long hint ran off the cell's edge.
import assert from "node:assert/strict";
import { checkClose, ExerciseError, hint, HINTS, resetHintTiers } from "../../lib/check";
import { TEXT_WIDTH, wrapText } from "../../lib/util/format";
import { quietly } from "../support/quietly";

const width = (line: string) => [...line].length;
const words = (text: string) => text.split(/\s+/).filter(Boolean);

/** The hint lines of a failure message: everything after the first line that starts with "Hint". */
function hintLines(message: string): string[] {
  const lines = message.split("\n");
  return lines.slice(lines.findIndex((l) => l.startsWith("Hint")));
}

describe("hints wrap at TEXT_WIDTH", () => {
  beforeEach(() => resetHintTiers());

  it("wrapText keeps every word, in order, on lines of at most the width", () => {
    const text = "Run gradient descent from x0 and count the steps until the distance to the minimum first drops below tol.";
    const wrapped = wrapText(text, 30);
    assert.ok(wrapped.split("\n").length > 1);
    assert.ok(
      wrapped.split("\n").every((l) => width(l) <= 30),
      wrapped,
    );
    assert.deepEqual(words(wrapped), words(text));
    assert.equal(wrapText("short text", 30), "short text", "a line that fits is left alone");
    assert.equal(wrapText("one\ntwo", 30), "one\ntwo", "line breaks are kept");
    assert.equal(wrapText(`${"x".repeat(40)} end`, 30), `${"x".repeat(40)}\nend`, "a word longer than the width gets its own line");
    assert.equal(wrapText("aaaa bbbb cccc dddd eeee", 12, "  "), "aaaa bbbb\n  cccc dddd\n  eeee");
    assert.throws(() => wrapText("x", 5), { message: "wrapText: width must be an integer of at least indent + 10 = 10 characters; got 5" });
  });

  it("every exercise's hint, both tiers, is wrapped in a failing check's message, with nothing lost", () => {
    const long = Object.entries(HINTS).filter(([, tiers]) => tiers.some((t) => width(t) + 30 > TEXT_WIDTH));
    assert.ok(long.length >= 10, `${long.length} exercises have hints longer than a line`);
    for (const [id, tiers] of Object.entries(HINTS)) {
      for (const tier of [0, 1]) {
        let message = "";
        quietly(() =>
          assert.throws(
            () => checkClose("answer", 1, 2, { exercise: id }),
            (error: unknown) => error instanceof ExerciseError && Boolean((message = error.message)),
          ),
        );
        const lines = hintLines(message);
        assert.ok(
          lines.every((l) => width(l) <= TEXT_WIDTH),
          `${id} tier ${tier + 1}: a hint line is longer than ${TEXT_WIDTH}:\n${lines.join("\n")}`,
        );
        assert.ok(words(lines.join(" ")).join(" ").includes(words(tiers[tier]!).join(" ")), `${id} tier ${tier + 1} is all there`);
      }
    }
  });

  it("a plain hint text and hint(id, tier) are wrapped too", () => {
    const text = "first write the loss as a function of the prediction, then differentiate it with the chain rule, one factor at a time";
    let message = "";
    assert.throws(
      () => checkClose("answer", 1, 2, { hint: text }),
      (error: unknown) => error instanceof ExerciseError && Boolean((message = error.message)),
    );
    assert.ok(hintLines(message).length > 1 && hintLines(message).every((l) => width(l) <= TEXT_WIDTH), message);
    const longest = Object.keys(HINTS).reduce((a, b) => (width(HINTS[a]![1]) >= width(HINTS[b]![1]) ? a : b));
    const { logs } = quietly(() => hint(longest, 2));
    const printed = logs.join("\n").split("\n");
    assert.ok(printed.length > 1 && printed.every((l) => width(l) <= TEXT_WIDTH), printed.join("\n"));
  });
});
