// Browser-side half of the JupyterLab driver (test/support/lab.ts): functions that run inside
// Chromium through page.evaluate and report what the page shows. Each is self-contained (it is
// sent to the page as source text) and returns plain data. The project compiles without the DOM
// library, so the few DOM objects touched here are typed loosely.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Dom = any;
declare const document: Dom;
declare const getComputedStyle: (element: Dom) => { display: string };

export interface PlotState {
  /** The interactive figure: plotly's SVG is in the page and not hidden. */
  drawn: boolean;
  /** Trace groups in the SVG, per selector (the values of SVG_TRACES in lab.ts). */
  svg: Record<string, number>;
  /** For each 3-D scene, the traces plotly has turned into WebGL objects. */
  scenes: number[];
  /** The PNG snapshot the plotly renderer shows for a saved figure until the pointer enters it. */
  image: { shown: boolean; width: number; height: number };
  /** Plotly's own message when it cannot draw (e.g. no WebGL), or "". */
  message: string;
}

export interface CellState {
  type: "code" | "markdown" | "raw";
  /** The input prompt: "[3]:", "[*]:" (queued or running), "[ ]:" (not run). */
  prompt: string;
  /** stderr streams and errors, as JupyterLab shows them (both are application/vnd.jupyter.stderr). */
  stderr: string[];
  plots: PlotState[];
  /** Outputs shown through the text/html fallback of lib/plot's show(), which needs script execution. */
  htmlFallbacks: number;
  /**
   * Of `plots`, those inside a widget (an Output widget's figure): a notebook may or may not keep
   * them among the cell's outputs, depending on the front end (test/browser/widgets.test.ts checks them).
   */
  widgetPlots: number;
  outputs: number;
  /** Outputs JupyterLab rendered as trusted (class jp-mod-trusted). */
  trustedOutputs: number;
  /** Figure outputs (plotly, SVG, images) wider than their output area: they scroll sideways. */
  wideFigures: FigureWidth[];
}

export interface FigureWidth {
  /** The output's MIME type (data-mime-type). */
  mime: string;
  /** The width of the output's content and of the area that shows it, in CSS pixels. */
  scrollWidth: number;
  clientWidth: number;
}

export interface NotebookState {
  cells: CellState[];
  /** The notebook toolbar's kernel status (data-status of the execution indicator). */
  status: string | null;
  /** The title of an open dialog (e.g. "Select Kernel"), or null. */
  dialog: string | null;
}

/** What readPage reports: the open notebook of a JupyterLab page, or the figures of a book page. */
export type PageRead = { kind: "notebook"; notebook: NotebookState } | { kind: "book"; plots: PlotState[] };

/**
 * The figures a page shows, read the same way on both kinds of page (one function, since what runs
 * in the page cannot call a helper of this module): `kind` "notebook", the open JupyterLab
 * notebook's cells in notebook order, with their prompts, errors and figures; "book", the figures
 * of a book page (scripts/book: one `div.plot` per figure, drawn by the site's plotly.js), in page
 * order.
 */
export function readPage({ svgSelectors, kind }: { svgSelectors: string[]; kind: PageRead["kind"] }): PageRead {
  const text = (element: Dom): string => (element?.textContent ?? "").trim();
  /** One plotly figure: drawn or not, its traces in the SVG and in 3-D scenes, its PNG snapshot. */
  const readPlot = (plot: Dom): PlotState => {
    const container = plot.querySelector(".plot-container");
    const svg: Record<string, number> = {};
    for (const selector of svgSelectors) svg[selector] = plot.querySelectorAll(selector).length;
    const layout = plot._fullLayout ?? {};
    const scenes = Object.keys(layout)
      .filter((key) => /^scene\d*$/.test(key))
      .map((key) => Object.keys(layout[key]?._scene?.traces ?? {}).length);
    // (JupyterLab's plotly renderer shows it for a saved figure; a book page has none.)
    const img = plot.querySelector("img.plot-img");
    const imageShown = Boolean(img && getComputedStyle(img).display !== "none" && img.complete && img.naturalWidth > 0);
    const message = /WebGL is not supported[^.]*/.exec(text(plot))?.[0] ?? "";
    return {
      drawn: Boolean(container && getComputedStyle(container).display !== "none" && container.querySelector("svg.main-svg")),
      svg,
      scenes,
      image: { shown: imageShown, width: imageShown ? img.naturalWidth : 0, height: imageShown ? img.naturalHeight : 0 },
      message,
    };
  };
  if (kind === "book") return { kind, plots: Array.from(document.querySelectorAll("div.plot")).map(readPlot) };
  const cells: CellState[] = Array.from(document.querySelectorAll(".jp-Notebook .jp-Cell")).map((cell: Dom) => {
    const plots: PlotState[] = Array.from(cell.querySelectorAll(".jp-RenderedPlotly")).map(readPlot);
    const outputs = Array.from(cell.querySelectorAll(".jp-OutputArea-output"));
    return {
      type: cell.classList.contains("jp-CodeCell") ? "code" : cell.classList.contains("jp-MarkdownCell") ? "markdown" : "raw",
      prompt: text(cell.querySelector(".jp-InputPrompt")),
      stderr: outputs
        .filter((output: Dom) => output.getAttribute("data-mime-type") === "application/vnd.jupyter.stderr")
        .map((output: Dom) => text(output)),
      plots,
      htmlFallbacks: cell.querySelectorAll(".gradlab-plot, script[data-gradlab-plotly]").length,
      widgetPlots: cell.querySelectorAll(".jupyter-widgets .jp-RenderedPlotly").length,
      outputs: outputs.length,
      trustedOutputs: outputs.filter((output: Dom) => output.classList.contains("jp-mod-trusted")).length,
      wideFigures: outputs
        .filter(
          (output: Dom) =>
            output.querySelector(".jp-RenderedPlotly, .jp-RenderedSVG, .jp-RenderedImage") ||
            /plotly|svg|image/.test(output.getAttribute("data-mime-type") ?? ""),
        )
        .filter((output: Dom) => output.scrollWidth > output.clientWidth + 1)
        .map((output: Dom) => ({
          mime: output.getAttribute("data-mime-type") ?? "",
          scrollWidth: output.scrollWidth,
          clientWidth: output.clientWidth,
        })),
    };
  });
  const dialog = document.querySelector(".jp-Dialog .jp-Dialog-header");
  return {
    kind,
    notebook: {
      cells,
      status: document.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status") ?? null,
      dialog: dialog ? text(dialog) : null,
    },
  };
}

/**
 * The input prompts of the page's code cells and the kernel status, and nothing else: what the
 * driver polls while it waits for a run (readPage also measures every figure output's width,
 * which makes the page lay itself out again, many times a second while it waits).
 */
export function readPrompts(): { prompts: string[]; status: string | null } {
  return {
    prompts: Array.from(document.querySelectorAll(".jp-Notebook .jp-CodeCell .jp-InputPrompt")).map((prompt: Dom) =>
      (prompt.textContent ?? "").trim(),
    ),
    status: document.querySelector(".jp-Notebook-ExecutionIndicator")?.getAttribute("data-status") ?? null,
  };
}

/**
 * Scrolls the notebook to `top` (pixels into its content) and reports where it really is (at the
 * end it cannot scroll further), how much of it shows at once, and where its last cell ends.
 */
export function scrollNotebook(top: number): { scrollTop: number; view: number; end: number } {
  const scroller = document.querySelector(".jp-NotebookPanel .jp-WindowedPanel-outer");
  const cells = document.querySelectorAll(".jp-Notebook .jp-Cell");
  if (!scroller || cells.length === 0) return { scrollTop: 0, view: 0, end: 0 };
  scroller.scrollTop = top;
  const lastBottom = cells[cells.length - 1].getBoundingClientRect().bottom - scroller.getBoundingClientRect().top;
  return { scrollTop: scroller.scrollTop, view: scroller.clientHeight, end: Math.ceil(scroller.scrollTop + lastBottom) + 16 };
}

/**
 * Draws image pieces (JPEG, base64) onto one white canvas at the given positions and returns it as
 * a JPEG (base64): a tall notebook is a big picture, and JPEG encodes it several times faster
 * than PNG, at a third of the size.
 */
export async function stitchImages({
  width,
  height,
  pieces,
}: {
  width: number;
  height: number;
  pieces: Array<{ jpeg: string; x: number; y: number }>;
}): Promise<string> {
  const g = globalThis as Dom;
  const canvas = new g.OffscreenCanvas(width, height);
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  for (const piece of pieces) {
    const bytes = Uint8Array.from(atob(piece.jpeg), (c) => c.charCodeAt(0));
    context.drawImage(await g.createImageBitmap(new g.Blob([bytes], { type: "image/jpeg" })), piece.x, piece.y);
  }
  const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.9 });
  const buffer = new Uint8Array(await blob.arrayBuffer());
  let binary = "";
  for (let i = 0; i < buffer.length; i += 0x8000) binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Counts the pixels of an image (a PNG as base64) that are clearly coloured rather than grey. */
export async function colouredPixels(pngBase64: string): Promise<{ coloured: number; total: number }> {
  const bytes = Uint8Array.from(atob(pngBase64), (c) => c.charCodeAt(0));
  const Blob_ = (globalThis as Dom).Blob;
  const bitmap = await (globalThis as Dom).createImageBitmap(new Blob_([bytes], { type: "image/png" }));
  const canvas = new (globalThis as Dom).OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext("2d");
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  let coloured = 0;
  for (let i = 0; i < data.length; i += 4) {
    const max = Math.max(data[i], data[i + 1], data[i + 2]);
    const min = Math.min(data[i], data[i + 1], data[i + 2]);
    // Axes, grid lines, labels and the background are greys; a drawn surface or trace is not.
    if (max - min > 48) coloured++;
  }
  return { coloured, total: bitmap.width * bitmap.height };
}

/** Resolves after the page has drawn two more frames: what changed before the call is painted. */
export function nextFrames(): Promise<void> {
  const raf = (globalThis as Dom).requestAnimationFrame as (f: () => void) => void;
  return new Promise((resolve) => raf(() => raf(() => resolve())));
}

/**
 * Keeps a reference to the WebGL scene of each 3-D figure on the page (in the page's
 * `__gradlabScenes`) and returns how many there are; `scenesStillDrawing` looks at them later.
 * JupyterLab's plotly renderer, as plotly ships it, never purged a figure when its output went away:
 * each 3-D scene kept its requestAnimationFrame loop, and the page drew 60 frames a second from then
 * on (measured: 1.3 s of the renderer's and 0.35 s of the GPU process's CPU per 15 s, per page, after
 * closing 04-partial-derivatives). The set-up gives the renderer a `dispose` that purges its figure
 * (scripts/plotly-renderer.cjs).
 */
export function holdScenes(): number {
  const scenes: Dom[] = [];
  for (const plot of Array.from(document.querySelectorAll(".jp-RenderedPlotly")) as Dom[]) {
    const layout = plot._fullLayout ?? {};
    for (const key of Object.keys(layout).filter((k) => /^scene\d*$/.test(k))) {
      const scene = layout[key]?._scene;
      if (scene?.glplot) scenes.push(scene);
    }
  }
  (globalThis as Dom).__gradlabScenes = scenes;
  return scenes.length;
}

/** How many of the scenes `holdScenes` kept still have their WebGL plot (were not purged); lets go of them. */
export function scenesStillDrawing(): number {
  const scenes = ((globalThis as Dom).__gradlabScenes ?? []) as Dom[];
  delete (globalThis as Dom).__gradlabScenes;
  return scenes.filter((scene) => scene.glplot).length;
}

/** How many plotly outputs the page shows. */
export function countFigures(): number {
  return document.querySelectorAll(".jp-Notebook .jp-RenderedPlotly").length;
}

/** The figures on the page outside widgets (a saved notebook's cell outputs hold at least these). */
export function countCellFigures(): number {
  return document.querySelectorAll(".jp-Notebook .jp-RenderedPlotly:not(.jupyter-widgets .jp-RenderedPlotly)").length;
}

/** Every plotly output on the page has its SVG (the figure has been drawn at least once). */
export function allFiguresDrawn(): boolean {
  return Array.from(document.querySelectorAll(".jp-RenderedPlotly")).every((plot: Dom) => plot.querySelector("svg.main-svg"));
}
