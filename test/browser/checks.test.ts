// The browser test's checks on their own, without a browser: what they read from a saved notebook,
// what they say when a figure is not fully drawn, and that the loopback check sees a socket that
// listens beyond loopback. (The fixture run in course.test.ts covers them inside JupyterLab.)
import assert from "node:assert/strict";
import net from "node:net";
import {
  expectedPlots,
  figureWidthProblems,
  outputKinds,
  outputProblems,
  plotProblems,
  SVG_TRACES,
  type NotebookJson,
} from "../support/lab-checks";
import type { PlotState } from "../support/lab-page";
import { HAS_PROC, isLoopback, listeningSockets } from "../support/processes";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findChromium } = require("../../scripts/chromium.cjs") as { findChromium: (env: Record<string, string>) => string | undefined };

const figure = (...types: Array<string | undefined>) => ({ data: types.map((type) => (type ? { type } : {})), layout: {} });

const nb: NotebookJson = {
  metadata: {},
  cells: [
    { cell_type: "markdown", source: "# title" },
    {
      cell_type: "code",
      source: ["show(tangentPlot(...));\n", "show(surfacePlot(...));"],
      execution_count: 1,
      outputs: [
        {
          output_type: "display_data",
          data: { "application/vnd.plotly.v1+json": figure(undefined, "scatter", "scatter"), "image/png": "iVBO" },
        },
        { output_type: "stream", name: "stdout", text: "between\n" },
        { output_type: "display_data", data: { "application/vnd.plotly.v1+json": figure("surface") } },
      ],
    },
    {
      cell_type: "code",
      source: "\nconsole.error('careful');",
      execution_count: 2,
      outputs: [{ output_type: "stream", name: "stderr", text: ["careful\n", "really\n"] }],
    },
    {
      cell_type: "code",
      source: "throw new Error('no');",
      execution_count: 3,
      outputs: [{ output_type: "error", ename: "Error", evalue: "no" }],
    },
    { cell_type: "code", source: "console.log('after');", execution_count: null, outputs: [] },
    { cell_type: "code", source: " \n", execution_count: null, outputs: [] },
  ],
};

const drawn = (svg: Record<string, number>, scenes: number[] = []): PlotState => ({
  drawn: true,
  svg,
  scenes,
  image: { shown: false, width: 0, height: 0 },
  message: "",
});

describe("browser test checks (without a browser)", () => {
  it("finds every plotly figure in a saved notebook, with its trace types and snapshot", () => {
    assert.deepEqual(expectedPlots(nb), [
      { cell: 1, figure: 0, traces: ["scatter", "scatter", "scatter"], snapshot: true },
      { cell: 1, figure: 1, traces: ["surface"], snapshot: false },
    ]);
  });

  it("names the kinds of output a reopened notebook has to show: MIME types, trace types, parts of a figure's layout", () => {
    assert.deepEqual(outputKinds(nb), [
      "display_data output: application/vnd.plotly.v1+json",
      "display_data output: application/vnd.plotly.v1+json, image/png",
      "error output",
      "scatter trace",
      "stream output",
      "surface trace",
    ]);
    const animated = { ...figure("contour"), layout: { scene: {}, sliders: [], updatemenus: [] }, frames: [{}] };
    const one: NotebookJson = {
      metadata: {},
      cells: [
        {
          cell_type: "code",
          source: "",
          outputs: [{ output_type: "execute_result", data: { "application/vnd.plotly.v1+json": animated } }],
        },
      ],
    };
    assert.deepEqual(outputKinds(one), [
      "contour trace",
      "execute_result output: application/vnd.plotly.v1+json",
      "figure with frames",
      "figure with scene",
      "figure with sliders",
      "figure with updatemenus",
    ]);
  });

  it("reports stderr, errors and unrun cells (JupyterLab never runs a blank one), naming each cell by its first line", () => {
    assert.deepEqual(outputProblems(nb), [
      "cell 2 (`console.error('careful');`) wrote to stderr: careful | really",
      "cell 3 (`throw new Error('no');`) failed: Error: no",
      "cell 4 (`console.log('after');`) was not run",
    ]);
  });

  it("accepts a figure drawn with all its traces", () => {
    const [lines, surface] = expectedPlots(nb);
    assert.deepEqual(plotProblems(nb, lines!, drawn({ [SVG_TRACES.scatter!]: 3 })), []);
    assert.deepEqual(plotProblems(nb, surface!, drawn({}, [1])), []);
  });

  it("says which figure is missing what", () => {
    const [lines, surface] = expectedPlots(nb);
    const where = "cell 1 (`show(tangentPlot(...));`), figure 1 (3 scatter)";
    assert.deepEqual(plotProblems(nb, lines!, drawn({ [SVG_TRACES.scatter!]: 2 })), [
      `${where}: 2 of 3 trace groups drawn (.scatterlayer g.trace.scatter)`,
    ]);
    assert.deepEqual(plotProblems(nb, lines!, undefined), [`${where}: not on the page (no plotly renderer output for it)`]);
    assert.deepEqual(plotProblems(nb, lines!, { ...drawn({}), drawn: false }), [`${where}: plotly's SVG is not in the page`]);
    assert.deepEqual(plotProblems(nb, surface!, drawn({}, [0])), [
      "cell 1 (`show(tangentPlot(...));`), figure 2 (1 surface): 0 of 1 3-D traces in the WebGL scenes",
    ]);
    assert.deepEqual(plotProblems(nb, surface!, { ...drawn({}), message: "WebGL is not supported by your browser" }), [
      "cell 1 (`show(tangentPlot(...));`), figure 2 (1 surface): plotly could not draw it: WebGL is not supported by your browser",
    ]);
  });

  it("reports a figure wider than its output area, and nothing when every figure fits", () => {
    assert.deepEqual(figureWidthProblems(nb, 1, []), []);
    assert.deepEqual(figureWidthProblems(nb, 1, [{ mime: "image/svg+xml", scrollWidth: 1369, clientWidth: 968 }]), [
      "cell 1 (`show(tangentPlot(...));`): a image/svg+xml output is 1369 px wide in an output area of 968 px",
    ]);
  });

  it("refuses to pass a trace type it cannot count", () => {
    const sankey = { cell: 1, figure: 0, traces: ["sankey"], snapshot: false };
    assert.deepEqual(plotProblems(nb, sankey, drawn({})), [
      'cell 1 (`show(tangentPlot(...));`), figure 1 (1 sankey): the browser test has no way to count "sankey" traces; add it to SVG_TRACES or WEBGL_3D in test/support/lab.ts',
    ]);
  });

  it("takes the Chromium that GRADLAB_CHROMIUM names, and refuses one that is not there", () => {
    assert.equal(findChromium({ GRADLAB_CHROMIUM: process.execPath }), process.execPath);
    assert.throws(() => findChromium({ GRADLAB_CHROMIUM: "/nonexistent/chrome" }), {
      message: "GRADLAB_CHROMIUM must name an executable Chromium or Chrome; got /nonexistent/chrome",
    });
  });

  it("tells loopback addresses from the rest", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) assert.equal(isLoopback(address), true, address);
    for (const address of ["0.0.0.0", "::", "10.0.0.5", "::ffff:10.0.0.5", "fe80::1"]) assert.equal(isLoopback(address), false, address);
  });

  it("sees the address each socket of a process listens on", async function () {
    if (!HAS_PROC) this.skip(); // reads Linux's /proc
    const listen = (host: string) =>
      new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, host, () => resolve(server));
      });
    const servers = [await listen("127.0.0.1"), await listen("0.0.0.0")];
    try {
      const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
      const mine = listeningSockets([process.pid]).filter((s) => ports.includes(s.port));
      assert.deepEqual(
        mine.map((s) => [s.address, s.port]).sort((a, b) => Number(a[1]) - Number(b[1])),
        [
          ["127.0.0.1", ports[0]],
          ["0.0.0.0", ports[1]],
        ].sort((a, b) => Number(a[1]) - Number(b[1])),
      );
      assert.deepEqual(
        mine.filter((s) => !isLoopback(s.address)).map((s) => s.port),
        [ports[1]],
      );
    } finally {
      for (const server of servers) server.close();
    }
  });
});
