import { checkFunction, checkObject, checkString } from "../util/validate";
/**
 * Rich output for notebooks: one display message carrying several MIME types, so each front end
 * picks the best it can render (JupyterLab: plotly or HTML; a terminal: text/plain).
 *
 * tslab's public `display.raw` sends a single MIME type, so gradlab uses the kernel's own
 * display writer (`lastWriteDisplayData` in tslab/dist/jupyter), which takes a whole bundle.
 * Outside a kernel (plain Node, tests) the text/plain part is printed instead.
 * Introduced in [notebook 01](../../notebooks/01-derivatives-rate-of-change.ipynb).
 */

export type MimeBundle = Record<string, unknown>;

export interface DisplayMessage {
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

type Writer = (
  content: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> },
  update: boolean,
) => void;

let sink: ((message: DisplayMessage) => void) | undefined;

function kernelWriter(): Writer | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData?: Writer | null };
    return jupyter.lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}

/** True when running inside a Jupyter kernel that can show rich output. */
export function inKernel(): boolean {
  return kernelWriter() !== undefined;
}

/** Sends `data` (MIME type -> value) as one display_data message. `text/plain` is required. */
export function displayBundle(data: MimeBundle, metadata: Record<string, unknown> = {}): void {
  checkObject("displayBundle: data", data, '{ "text/plain": "..." }');
  checkObject("displayBundle: metadata", metadata, "{}");
  if (typeof data["text/plain"] !== "string") {
    throw new TypeError('displayBundle: data must include a "text/plain" string for front ends without rich output');
  }
  if (sink) {
    sink({ data, metadata });
    return;
  }
  const write = kernelWriter();
  if (write) write({ data, metadata, transient: {} }, false);
  else process.stdout.write(`${data["text/plain"]}\n`);
}

/**
 * Routes displays to `capture` instead of the kernel (tests, the book builder).
 * Returns a function that restores the previous destination.
 */
export function captureDisplays(capture: (message: DisplayMessage) => void): () => void {
  checkFunction("captureDisplays: capture", capture, "(message) => void");
  const previous = sink;
  sink = capture;
  return () => {
    sink = previous;
  };
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  checkString("escapeHtml: text", text, true);
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}
