/**
 * "What if" figures that work without a live kernel: a slider (and a play button) that steps
 * through precomputed frames, drawn by plotly in the browser. Use them for ideas about change:
 * a tangent line moving along a curve, a path as the learning rate changes, training over time.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import type { Figure, Layout, Trace } from "./figure";
import { checkFields, checkOptions, show } from "../util/validate";
import { at } from "../util/array";

export interface Frame {
  /** The slider label, e.g. "x = 1.5" or "lr = 0.3". */
  label: string;
  /** The traces of this frame; same count and order as the first frame's. */
  data: Trace[];
  /** Layout changes for this frame (e.g. a title). */
  layout?: Layout;
}

export interface SliderOptions {
  /** Shown before the current label, e.g. "point: ". */
  prefix?: string;
  /** Index of the frame shown first (default 0). */
  initial?: number;
  /** Milliseconds per frame when playing (default 300). */
  frameDuration?: number;
  /** Extra traces drawn in every frame, behind the animated ones (e.g. the curve itself). */
  static?: Trace[];
}

/**
 * A figure whose animated traces come from `frames`, with a slider and play/pause buttons.
 * @example
 * show(sliderFigure(xs.map((x0) => ({ label: `x = ${x0}`, data: [tangentTrace(x0)] })), { static: [curve(f, [-3, 3])] }, { title: { text: "Tangents" } }));
 */
export function sliderFigure(frames: Frame[], options: SliderOptions = {}, layout: Layout = {}): Figure {
  const given: unknown = frames; // what a caller without types may pass
  if (!Array.isArray(given) || !given.every((f: unknown) => typeof f === "object" && f !== null && "data" in f && Array.isArray(f.data)))
    throw new TypeError(`sliderFigure: frames must be an array of { label, data: traces }; got ${show(frames)}`);
  checkFields("sliderFigure", options, { prefix: "text?", initial: "number?", frameDuration: "positive?", static: "objects?" });
  checkOptions("sliderFigure: layout", layout);
  if (frames.length === 0) throw new RangeError("sliderFigure: frames must contain at least one frame");
  const width = frames[0]?.data.length ?? 0;
  frames.forEach((frame, i) => {
    if (frame.data.length !== width) {
      throw new RangeError(`sliderFigure: frame ${i} ("${frame.label}") has ${frame.data.length} traces; frame 0 has ${width}`);
    }
  });
  const labels = new Set(frames.map((f) => f.label));
  if (labels.size !== frames.length) throw new RangeError("sliderFigure: frame labels must be unique");
  const initial = options.initial ?? 0;
  if (!Number.isInteger(initial) || initial < 0 || initial >= frames.length) {
    throw new RangeError(`sliderFigure: initial must be a frame index from 0 to ${frames.length - 1}; got ${initial}`);
  }
  const statics = options.static ?? [];
  const duration = options.frameDuration ?? 300;
  // Animated traces come after the static ones; frames address them by index.
  const animatedIndices = Array.from({ length: width }, (_, i) => statics.length + i);
  const first = at(frames, initial, "frames"); // initial is a frame index (checked above)
  const transition = { duration: 0 };
  return {
    data: [...statics, ...first.data],
    layout: {
      ...layout,
      ...(first.layout ?? {}),
      margin: { l: 60, r: 20, t: 80, b: 90 },
      sliders: [
        {
          active: initial,
          currentvalue: { prefix: options.prefix ?? "" },
          pad: { t: 40 },
          steps: frames.map((f) => ({
            label: f.label,
            method: "animate",
            args: [[f.label], { mode: "immediate", frame: { duration: 0, redraw: true }, transition }],
          })),
        },
      ],
      updatemenus: [
        {
          type: "buttons",
          showactive: false,
          x: 0,
          y: -0.15,
          xanchor: "right",
          yanchor: "top",
          pad: { t: 40, r: 10 },
          buttons: [
            { label: "▶", method: "animate", args: [null, { fromcurrent: true, frame: { duration, redraw: true }, transition }] },
            { label: "❚❚", method: "animate", args: [[null], { mode: "immediate", frame: { duration: 0, redraw: false }, transition }] },
          ],
        },
      ],
    },
    frames: frames.map((f) => ({ name: f.label, data: f.data, traces: animatedIndices, ...(f.layout ? { layout: f.layout } : {}) })),
  };
}
