// Static pictures of every plotly figure, for places where JavaScript does not run (a notebook
// viewed on a code-hosting site, a reader with scripts off). Headless Chromium draws each figure
// with the same plotly.js the site ships, offline, and returns SVG and PNG; the book's executed
// notebooks then carry image/svg+xml and image/png in each figure's bundle instead of the
// script-based text/html fallback, which such viewers cannot run.
import fs from "node:fs";
import path from "node:path";
import type { Notebook } from "./render";

const PLOTLY = "application/vnd.plotly.v1+json";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findChromium, HEADLESS_FLAGS } = require("../chromium.cjs") as {
  findChromium: () => string | undefined;
  HEADLESS_FLAGS: string[];
};

/** The Chromium that draws the images (GRADLAB_CHROMIUM, else Debian's), or undefined when there is none. */
export function bookChromium(): string | undefined {
  return findChromium();
}

interface Figure {
  data: unknown[];
  layout?: { width?: number; height?: number };
}

/** Adds SVG and PNG renderings to every figure of the notebooks in `files`; returns how many. */
export async function addStaticImages(executablePath: string, files: string[], plotlyJs: string): Promise<number> {
  // playwright-core is a dev dependency used only here and in the browser tests.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require("playwright-core") as typeof import("playwright-core");
  const browser = await chromium.launch({ executablePath, headless: true, args: HEADLESS_FLAGS });
  let count = 0;
  try {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ content: plotlyJs });
    for (const file of files) {
      const nb = JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
      for (const cell of nb.cells) {
        for (const output of cell.outputs ?? []) {
          const figure = output.data?.[PLOTLY] as Figure | undefined;
          if (!figure) continue;
          const [svg, png] = await page.evaluate(async (fig: Figure) => {
            const P = (window as unknown as { Plotly: { toImage: (f: unknown, o: unknown) => Promise<string> } }).Plotly;
            const size = { width: fig.layout?.width ?? 900, height: fig.layout?.height ?? 420 };
            const figureOnly = { data: fig.data, layout: fig.layout };
            return Promise.all([P.toImage(figureOnly, { format: "svg", ...size }), P.toImage(figureOnly, { format: "png", ...size })]);
          }, figure);
          const data = output.data as Record<string, unknown>;
          data["image/svg+xml"] = decodeURIComponent(svg.replace(/^data:image\/svg\+xml,/, ""));
          data["image/png"] = png.replace(/^data:image\/png;base64,/, "");
          delete data["text/html"];
          count += 1;
        }
      }
      fs.writeFileSync(file, `${JSON.stringify(nb, null, 1)}\n`);
      process.stdout.write(`[book] static images: ${path.basename(file)}\n`);
    }
  } finally {
    await browser.close();
  }
  return count;
}
