import assert from "node:assert/strict";
import { captureDisplays, displayBundle, escapeHtml, type DisplayMessage } from "../../lib/display";
import { showTable, tableText } from "../../lib/display/table";

function captured(fn: () => void): DisplayMessage[] {
  const messages: DisplayMessage[] = [];
  const restore = captureDisplays((m) => messages.push(m));
  try {
    fn();
  } finally {
    restore();
  }
  return messages;
}

describe("display", () => {
  it("requires a text/plain part", () => {
    assert.throws(() => displayBundle({ "text/html": "<b>x</b>" }), /must include a "text\/plain" string/);
  });

  it("escapes HTML", () => assert.equal(escapeHtml(`<a href="x">&'`), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"));

  it("shows a table as HTML and aligned text", () => {
    const [message] = captured(() =>
      showTable({
        caption: "t",
        columns: ["x", "ok"],
        rows: [
          [1, true],
          [22, false],
        ],
      }),
    );
    assert.ok(message);
    assert.equal(message.data["text/plain"], "t\nx   ok\n--  ----\n1   pass\n22  FAIL");
    assert.match(String(message.data["text/html"]), /<th>x<\/th><th>ok<\/th>/);
    assert.match(String(message.data["text/html"]), /FAIL<\/td>/);
  });

  it("names the row whose width is wrong", () => {
    assert.throws(() => showTable({ columns: ["a", "b"], rows: [[1]] }), {
      message: "showTable: row 0 has 1 cells but there are 2 columns",
    });
  });

  it("pads text columns to the widest entry", () => {
    assert.equal(tableText({ columns: ["long name", "v"], rows: [["a", 1]] }), "long name  v\n---------  -\na          1");
  });
});
