// Drawing the computation graph: the SVG is well-formed XML (parsed by Python's xml.etree, an
// independent parser), shows every value's label, data and gradient and every operation, and the
// layout keeps operations between their operands and results without overlapping boxes.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { captureDisplays, type DisplayMessage } from "../../lib/display";
import { createRng } from "../../lib/random";
import { fmt } from "../../lib/util/format";
import { Value, topologicalOrder } from "../../lib/autodiff/value";
import { describeGraph, graphLayout, graphSvg, showGraph } from "../../lib/autodiff/graph";
import { ScalarMLP } from "../../lib/autodiff/nn";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { VENV_PYTHON } = require("../../scripts/project.cjs") as { VENV_PYTHON: string };

interface ParsedSvg {
  root: string;
  values: number;
  ops: number;
  paths: number;
  texts: string[];
}

/** Parses the SVG with xml.etree (raises on malformed XML) and lists what it contains. */
function parseSvg(svg: string): ParsedSvg {
  const script = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
ns = "{http://www.w3.org/2000/svg}"
groups = root.iter(ns + "g")
classes = [g.get("class", "") for g in root.iter(ns + "g")]
print(json.dumps({
  "root": root.tag,
  "values": sum(1 for c in classes if c.startswith("value")),
  "ops": sum(1 for c in classes if c == "op"),
  "paths": sum(1 for p in root.iter(ns + "path") if p.get("marker-end")),
  "texts": [t.text or "" for t in root.iter(ns + "text")],
}))
`;
  const result = spawnSync(VENV_PYTHON, ["-c", script], { input: svg, encoding: "utf8" });
  assert.equal(result.status, 0, `the SVG is not well-formed XML:\n${result.stderr}`);
  return JSON.parse(result.stdout) as ParsedSvg;
}

function articleGraph(): { x: Value; y: Value; z: Value } {
  const x = new Value(2, "x");
  const y = new Value(3, "y");
  const z = x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2));
  z.label = "z";
  z.backward();
  return { x, y, z };
}

describe("autodiff/graph: drawing the computation graph as SVG", () => {
  it("draws z = x² + 3xy + y² as well-formed SVG with every value's label, data and grad and every op", () => {
    const { z } = articleGraph();
    const svg = graphSvg(z, { title: "z = x² + 3xy + y²" });
    const parsed = parseSvg(svg);
    const values = topologicalOrder(z);
    const computed = values.filter((v) => v.children.length > 0);
    assert.equal(parsed.root, "{http://www.w3.org/2000/svg}svg");
    assert.equal(parsed.values, values.length);
    assert.equal(parsed.ops, computed.length);
    // one arrow per distinct operand of each op, plus one from each op to its result
    assert.equal(
      parsed.paths,
      computed.reduce((n, v) => n + new Set(v.children).size + 1, 0),
    );
    for (const v of values) {
      if (v.label) assert.ok(parsed.texts.includes(v.label), `label ${v.label}`);
      assert.ok(parsed.texts.includes(`data ${fmt(v.data, 4)}`), `data of ${v.label || v.op || "a constant"}`);
      assert.ok(parsed.texts.includes(`grad ${fmt(v.grad, 4)}`), `grad of ${v.label || v.op || "a constant"}`);
    }
    assert.ok(parsed.texts.includes("grad 13") && parsed.texts.includes("grad 12"), "the article's gradients are on x and y");
    for (const op of ["^2", "×", "+"]) assert.ok(parsed.texts.includes(op), `op ${op}`);
    assert.ok(parsed.texts.includes("z = x² + 3xy + y²"));
  });

  it("escapes labels so any text stays well-formed, and can leave out gradients", () => {
    const a = new Value(1, 'a<b & "c"');
    const out = a.tanh();
    out.label = "</svg>";
    const parsed = parseSvg(graphSvg(out, { showGrad: false, title: "<&>" }));
    assert.ok(parsed.texts.includes('a<b & "c"'));
    assert.ok(parsed.texts.includes("</svg>"));
    assert.ok(parsed.texts.includes("<&>"));
    assert.ok(!parsed.texts.some((t) => t.startsWith("grad")));
  });

  it("lays out a small network left to right, operations between operands and result, no overlaps", () => {
    const model = new ScalarMLP(2, [3, 1], createRng(3), "tanh");
    const [score] = model.call([new Value(0.5, "x1"), new Value(-1, "x2")]);
    const loss = (score as Value).sub(1).pow(2);
    loss.backward();
    const layout = graphLayout(loss);
    const svg = parseSvg(graphSvg(loss));
    assert.equal(svg.values, layout.values.length);
    const box = (i: number) => layout.nodes[i]!;
    for (const edge of layout.edges) {
      assert.ok(box(edge.from).x < box(edge.to).x, "every arrow points right");
      assert.ok(box(edge.from).column < box(edge.to).column);
    }
    for (let i = 0; i < layout.nodes.length; i++) {
      for (let j = i + 1; j < layout.nodes.length; j++) {
        const [p, q] = [box(i), box(j)];
        if (p.column !== q.column) continue;
        assert.ok(Math.abs(p.y - q.y) >= (p.height + q.height) / 2, `nodes ${i} and ${j} overlap in column ${p.column}`);
      }
    }
    assert.ok(
      layout.nodes.every(
        (n) =>
          n.x - n.width / 2 >= 0 && n.y - n.height / 2 >= 0 && n.x + n.width / 2 <= layout.width && n.y + n.height / 2 <= layout.height,
      ),
    );
  });

  it("gives the same drawing for the same graph (reproducible notebook outputs)", () => {
    assert.equal(graphSvg(articleGraph().z), graphSvg(articleGraph().z));
  });

  it("shows an image/svg+xml bundle with a one-line text/plain summary", () => {
    const { z } = articleGraph();
    const messages: DisplayMessage[] = [];
    const restore = captureDisplays((m) => messages.push(m));
    try {
      showGraph(z);
    } finally {
      restore();
    }
    assert.equal(messages.length, 1);
    assert.ok((messages[0]?.data["image/svg+xml"] as string).startsWith("<svg "));
    assert.equal(
      messages[0]?.data["text/plain"],
      "[computation graph: 9 values, 6 operations (^2 ×2, * ×2, + ×2); z = 31; inputs x = 2 (grad 13), y = 3 (grad 12)]",
    );
    assert.equal(
      describeGraph(z, { showGrad: false }),
      "[computation graph: 9 values, 6 operations (^2 ×2, * ×2, + ×2); z = 31; inputs x = 2, y = 3]",
    );
  });

  it("refuses graphs too large to read", () => {
    let s = new Value(0, "s");
    for (let i = 0; i < 200; i++) s = s.add(i);
    assert.throws(() => graphSvg(s), {
      message: "graphLayout: the graph has 401 values; drawings are limited to 300 (raise options.maxNodes, or draw a smaller expression)",
    });
    assert.ok(graphSvg(s, { maxNodes: 500 }).startsWith("<svg"));
  });
});
