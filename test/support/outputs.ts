// Reading executed notebooks: the text a person would see, and a normalised form for comparing runs.
import fs from "node:fs";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  outputs?: Output[];
  metadata?: { tags?: string[] };
}

const join = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

/** Stream text and text/plain of every output, in order. */
export function notebookTexts(file: string): string[] {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Cell[] };
  return nb.cells.flatMap((c) =>
    (c.outputs ?? []).map((o) =>
      o.output_type === "stream" ? join(o.text) : o.data ? join(o.data["text/plain"]) : `${o.ename}: ${o.evalue}`,
    ),
  );
}

/** Durations printed by cells ("1.2 s", "35 ms") are the one thing allowed to differ between runs. */
export function normaliseTimings(text: string): string {
  return text.replace(/\b\d+(\.\d+)?\s?(ms|s|seconds)\b/g, "<time>");
}

/**
 * A progress line of lib/util/progress (createProgress): "<label>: step 83 / 300, loss 0.1 (4.2 s)"
 * or "<label>: finished, ... (6.0 s)", once durations are normalised. Whether and at which step
 * one is printed depends on the clock (one every few seconds, none for a short run), like the
 * durations in it.
 */
const PROGRESS_LINE = /^.+: (step \d+( \/ \d+)?|finished)(, .*)? \(<time>\)$/;

/** A stream output's text without progress lines; undefined when nothing else is left. */
function withoutProgress(text: string): string | undefined {
  const lines = normaliseTimings(text).split("\n");
  const kept = lines.filter((line) => !PROGRESS_LINE.test(line));
  if (kept.length === lines.length) return text;
  return kept.join("\n").trim() === "" ? undefined : kept.join("\n");
}

/**
 * A cell's outputs as a person sees them: consecutive stream outputs of one stream shown as one
 * (JupyterLab joins them as they arrive, nbclient keeps each message's), and in stream text a
 * carriage return overwriting its line up to it (a terminal's and JupyterLab's way).
 */
function shownOutputs(outputs: Output[]): Output[] {
  const shown: Output[] = [];
  for (const o of outputs) {
    const last = shown[shown.length - 1];
    if (o.output_type === "stream" && last?.output_type === "stream" && last.name === o.name) {
      last.text = join(last.text) + join(o.text);
    } else {
      shown.push(o.output_type === "stream" ? { output_type: "stream", name: o.name, text: join(o.text) } : o);
    }
  }
  for (const o of shown) {
    if (o.output_type === "stream") {
      o.text = join(o.text)
        .replace(/\r\n/g, "\n")
        .split("\n")
        .map((line) => line.slice(line.lastIndexOf("\r") + 1))
        .join("\n");
    }
  }
  return shown;
}

/**
 * Every output of every cell (all MIME types), as shown (shownOutputs), with timings normalised:
 * equal for two equal runs, whether nbclient or JupyterLab saved them. Cells tagged "timing"
 * measure speed (their numbers differ on every run); only their output count and kinds are
 * compared. Progress lines (clock-driven, see PROGRESS_LINE) are left out.
 */
export function comparableOutputs(file: string): string[][] {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Cell[] };
  return nb.cells.map((c) =>
    shownOutputs(c.outputs ?? [])
      .flatMap((o) => {
        if (o.output_type !== "stream" || c.metadata?.tags?.includes("timing")) return [o];
        const text = withoutProgress(join(o.text));
        return text === undefined ? [] : [{ ...o, text }];
      })
      .map((o) => {
        if (c.metadata?.tags?.includes("timing")) return `${o.output_type}:${Object.keys(o.data ?? {}).join(",")}`;
        const { output_type, name, text, data, ename, evalue } = o;
        return normaliseTimings(
          JSON.stringify({ output_type, name, text: text === undefined ? undefined : join(text), data, ename, evalue }),
        );
      }),
  );
}

/**
 * comparableOutputs with each widget model id replaced by its number in order of first
 * appearance ("<model 0>", "<model 1>", ...). Widget ids are new in every kernel and count up for
 * its life, so two runs name the same widgets differently; which outputs show the same widget
 * stays compared.
 */
export function comparableOutputsAcrossRuns(file: string): string[][] {
  const ids = new Map<string, number>();
  return comparableOutputs(file).map((outputs) =>
    outputs.map((text) =>
      text.replace(/"model_id":"([^"]*)"/g, (_, id: string) => {
        if (!ids.has(id)) ids.set(id, ids.size);
        return `"model_id":"<model ${ids.get(id)}>"`;
      }),
    ),
  );
}
