/**
 * The controls: sliders, a dropdown, a checkbox, a button, a play button, an output area and boxes,
 * each the ipywidgets 8 model of the same name. Values a front end sends are checked as the Python
 * widgets check them (a slider clamps to [min, max]); a value set from TypeScript moves the slider.
 */
import { checkFields, checkString, show } from "../util/validate";
import { controlsHeader, layoutModel, modelRef, outputHeader, styleModel, Widget, type State } from "./model";

function finite(caller: string, name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${caller}: ${name} must be a finite number; got ${String(value)}`);
  }
  return value;
}

function describeValue(value: unknown): string {
  return typeof value === "number" ? String(Number(value.toPrecision(6))) : JSON.stringify(value);
}

/** A widget with a `value` (what `interact` reads). */
export class ValueWidget<T> extends Widget {
  get value(): T {
    // the state is a bag of JSON values by key; the constructor and accept() keep "value" a T
    return this.get("value") as T;
  }

  set value(value: T) {
    this.set("value", this.check(value, "value"));
  }

  /** Calls `listener(value, old)` on every change of the value. */
  onChange(listener: (value: T, old: T) => void): () => void {
    return this.observe("value", (v, o) => listener(v as T, o as T)); // "value" holds a T (see get value)
  }

  get description(): string {
    return String(this.get("description") ?? "");
  }

  override describe(): string {
    return `${this.description || String(this.get("_model_name")).replace(/Model$/, "")} = ${describeValue(this.value)}`;
  }

  /** Checks a value set from TypeScript (throws with the caller's argument named). */
  protected check(value: T, name: string): T {
    void name;
    return value;
  }
}

export interface SliderOptions {
  value: number;
  min: number;
  max: number;
  step?: number;
  description?: string;
  /** Send values while the handle is dragged (default true); false: only on release. */
  continuousUpdate?: boolean;
  readoutFormat?: string;
}

class NumberSlider extends ValueWidget<number> {
  constructor(
    private readonly caller: string,
    private readonly integer: boolean,
    state: State,
  ) {
    super(state);
  }

  protected override check(value: number, name: string): number {
    finite(this.caller, name, value);
    if (this.integer && !Number.isInteger(value)) throw new RangeError(`${this.caller}: ${name} must be an integer; got ${value}`);
    const [min, max] = [finite(this.caller, "min", this.get("min")), finite(this.caller, "max", this.get("max"))];
    if (value < min || value > max)
      throw new RangeError(`${this.caller}: ${name} must be within [min, max] = [${min}, ${max}]; got ${value}`);
    return value;
  }

  protected override accept(key: string, value: unknown): unknown {
    if (key !== "value") return value;
    const v = finite(this.caller, "value", value);
    const clamped = Math.min(finite(this.caller, "max", this.get("max")), Math.max(finite(this.caller, "min", this.get("min")), v));
    // A front end's slider sends values with binary noise (0.1 as 0.10000000000000002): keep 12
    // significant digits, so that the same position is the same value and runs nothing new.
    return this.integer ? Math.round(clamped) : Number(clamped.toPrecision(12));
  }
}

/**
 * The lowest point of the grid min + k·step that passes through `value`: `min` itself when the
 * value is on its grid (up to binary noise), else the grid point below `min` from which whole
 * steps reach the value. A front end's slider (ipywidgets draws it with noUiSlider, whose steps
 * count from the slider's min) stands only on its grid: a value between two grid points is moved
 * to the nearer one as the slider is drawn, and that move comes back to the kernel as if the
 * learner had made it (an interact runs again, with a value the code never asked for).
 */
export function gridMin(value: number, min: number, step: number): number {
  const steps = (value - min) / step;
  if (Math.abs(steps - Math.round(steps)) < 1e-9) return min;
  return value - Math.ceil(steps) * step;
}

function sliderState(caller: string, o: SliderOptions, integer: boolean, defaultStep: number, format: string, grid = true): State {
  checkFields(caller, o, {
    value: "number",
    min: "number",
    max: "number",
    step: "positive?",
    description: "text?",
    continuousUpdate: "boolean?",
    readoutFormat: "text?",
  });
  if (!o || typeof o !== "object") throw new TypeError(`${caller}: expected options { value, min, max, step? }`);
  const min = finite(caller, "min", o.min);
  const max = finite(caller, "max", o.max);
  const value = finite(caller, "value", o.value);
  const step = finite(caller, "step", o.step ?? defaultStep);
  if (!(min < max)) throw new RangeError(`${caller}: min must be below max; got min = ${min}, max = ${max}`);
  if (!(step > 0)) throw new RangeError(`${caller}: step must be positive; got ${step}`);
  if (value < min || value > max) throw new RangeError(`${caller}: value must be within [min, max] = [${min}, ${max}]; got ${value}`);
  if (integer) {
    for (const [name, v] of [
      ["min", min],
      ["max", max],
      ["value", value],
      ["step", step],
    ] as const) {
      if (!Number.isInteger(v)) throw new RangeError(`${caller}: ${name} must be an integer; got ${v}`);
    }
  }
  return {
    _dom_classes: [],
    behavior: "drag-tap",
    continuous_update: o.continuousUpdate ?? true,
    description: o.description ?? "",
    description_allow_html: false,
    disabled: false,
    layout: modelRef(layoutModel({ width: "480px" })),
    max,
    // (A slider's grid passes through its value: see gridMin. Not play's, which only counts.)
    min: grid ? gridMin(value, min, step) : min,
    orientation: "horizontal",
    readout: true,
    readout_format: o.readoutFormat ?? format,
    step,
    style: modelRef(styleModel("SliderStyleModel", { description_width: "initial", handle_color: null })),
    tabbable: null,
    tooltip: null,
    value,
  };
}

/** An integer slider (IntSlider). */
export function intSlider(options: SliderOptions): ValueWidget<number> {
  const state = sliderState("intSlider", options, true, 1, "d");
  return new NumberSlider("intSlider", true, { ...controlsHeader("IntSliderModel", "IntSliderView"), ...state });
}

/** A slider of real numbers (FloatSlider). */
export function floatSlider(options: SliderOptions): ValueWidget<number> {
  checkFields("floatSlider", options, { min: "number", max: "number" });
  const state = sliderState("floatSlider", options, false, (options.max - options.min) / 100, ".3g");
  return new NumberSlider("floatSlider", false, { ...controlsHeader("FloatSliderModel", "FloatSliderView"), ...state });
}

export interface LogSliderOptions {
  value: number;
  /** The exponents of the ends: the slider runs from base^min to base^max. */
  min: number;
  max: number;
  /** Step of the exponent (default 0.1). */
  step?: number;
  base?: number;
  description?: string;
  continuousUpdate?: boolean;
}

class LogSlider extends ValueWidget<number> {
  /** [base^min, base^max], from the slider's state. */
  private bounds(): [number, number] {
    const read = (key: string) => finite("floatLogSlider", key, this.get(key));
    const base = read("base");
    return [base ** read("min"), base ** read("max")];
  }

  protected override check(value: number, name: string): number {
    finite("floatLogSlider", name, value);
    const [low, high] = this.bounds();
    if (!(value >= low && value <= high)) {
      throw new RangeError(`floatLogSlider: ${name} must be within [base^min, base^max] = [${low}, ${high}]; got ${value}`);
    }
    return value;
  }

  protected override accept(key: string, value: unknown): unknown {
    if (key !== "value") return value;
    const v = finite("floatLogSlider", "value", value);
    const [low, high] = this.bounds();
    return Number(Math.min(high, Math.max(low, v)).toPrecision(12));
  }
}

/** A slider on a log scale (FloatLogSlider): the value runs from base^min to base^max. */
export function floatLogSlider(options: LogSliderOptions): ValueWidget<number> {
  checkFields("floatLogSlider", options, {
    value: "positive",
    min: "number",
    max: "number",
    step: "positive?",
    base: "positive?",
    description: "text?",
    continuousUpdate: "boolean?",
  });
  const base = finite("floatLogSlider", "base", options?.base ?? 10);
  if (!(base > 1)) throw new RangeError(`floatLogSlider: base must be above 1; got ${base}`);
  const value = finite("floatLogSlider", "value", options?.value);
  if (!(value > 0)) throw new RangeError(`floatLogSlider: value must be positive (a log scale); got ${value}`);
  const state = sliderState("floatLogSlider", { ...options, value: Math.log(value) / Math.log(base) }, false, 0.1, ".3g");
  return new LogSlider({ ...controlsHeader("FloatLogSliderModel", "FloatLogSliderView"), ...state, base, value });
}

export interface DropdownOptions<T> {
  /** The choices as [label, value] pairs. */
  options: ReadonlyArray<readonly [string, T]>;
  value?: T;
  description?: string;
}

class Dropdown<T> extends ValueWidget<T> {
  constructor(
    private readonly choices: ReadonlyArray<readonly [string, T]>,
    state: State,
  ) {
    super(state);
  }

  override get value(): T {
    return this.choice(this.get("index"));
  }

  /** The value of the option at `index` (accept() keeps "index" in range). */
  private choice(index: unknown): T {
    const found = typeof index === "number" ? this.choices[index] : undefined;
    if (!found) throw new RangeError(`dropdown: no option at index ${String(index)} (${this.choices.length} options)`);
    return found[1];
  }

  override set value(value: T) {
    const index = this.choices.findIndex(([, v]) => Object.is(v, value));
    if (index < 0) throw new RangeError(`dropdown: value must be one of ${this.choices.map(([l]) => l).join(", ")}; got ${String(value)}`);
    this.set("index", index);
  }

  override onChange(listener: (value: T, old: T) => void): () => void {
    return this.observe("index", (v, o) => listener(this.choice(v), this.choice(o)));
  }

  protected override accept(key: string, value: unknown): unknown {
    if (key === "index" && !(typeof value === "number" && Number.isInteger(value) && value >= 0 && value < this.choices.length)) {
      throw new RangeError(`index must be 0..${this.choices.length - 1}; got ${String(value)}`);
    }
    return value;
  }
}

/** A dropdown list (Dropdown) of labels (its value is the chosen label) or of [label, value] pairs. */
export function dropdown(options: { options: readonly string[]; value?: string; description?: string }): ValueWidget<string>;
export function dropdown<T>(options: DropdownOptions<T>): ValueWidget<T>;
export function dropdown<T>(options: {
  options: ReadonlyArray<T | readonly [string, T]>;
  value?: T;
  description?: string;
}): ValueWidget<T> {
  if (!options || !Array.isArray(options.options) || options.options.length === 0) {
    throw new TypeError("dropdown: options.options must be a non-empty array of labels or [label, value] pairs");
  }
  const choices = options.options.map((o): readonly [string, T] => {
    if (typeof o === "string") return [o, o as T]; // a bare label is its own value (the overload for labels: T is string)
    if (Array.isArray(o) && o.length === 2 && typeof o[0] === "string") return [o[0], o[1]];
    throw new TypeError(`dropdown: options: each option must be a label or a [label, value] pair; got ${show(o)}`);
  });
  const index = options.value === undefined ? 0 : choices.findIndex(([, v]) => Object.is(v, options.value));
  if (index < 0)
    throw new RangeError(
      `dropdown: value must be one of the options (${choices.map(([l]) => l).join(", ")}); got ${String(options.value)}`,
    );
  return new Dropdown(choices, {
    ...controlsHeader("DropdownModel", "DropdownView"),
    _dom_classes: [],
    _options_labels: choices.map(([label]) => label),
    description: options.description ?? "",
    description_allow_html: false,
    disabled: false,
    index,
    layout: modelRef(layoutModel()),
    style: modelRef(styleModel("DescriptionStyleModel", { description_width: "initial" })),
    tabbable: null,
    tooltip: null,
  });
}

class Checkbox extends ValueWidget<boolean> {
  protected override check(value: boolean, name: string): boolean {
    if (typeof value !== "boolean") throw new TypeError(`checkbox: ${name} must be true or false; got ${String(value)}`);
    return value;
  }

  protected override accept(key: string, value: unknown): unknown {
    if (key === "value" && typeof value !== "boolean") throw new TypeError(`value must be a boolean; got ${String(value)}`);
    return value;
  }
}

/** A checkbox (Checkbox). */
export function checkbox(options: { value?: boolean; description?: string } = {}): ValueWidget<boolean> {
  checkFields("checkbox", options, { value: "boolean?", description: "text?" });
  const value = options.value ?? false;
  if (typeof value !== "boolean") throw new TypeError(`checkbox: value must be true or false; got ${String(value)}`);
  return new Checkbox({
    ...controlsHeader("CheckboxModel", "CheckboxView"),
    _dom_classes: [],
    description: options.description ?? "",
    description_allow_html: false,
    disabled: false,
    indent: false,
    layout: modelRef(layoutModel()),
    style: modelRef(styleModel("CheckboxStyleModel", { background: null, description_width: "initial" })),
    tabbable: null,
    tooltip: null,
    value,
  });
}

/** A button (Button). */
export class ButtonWidget extends Widget {
  /** Calls `listener()` on every click in a front end. */
  onClick(listener: () => void): () => void {
    return this.onCustom((content) => {
      if (typeof content === "object" && content !== null && "event" in content && content.event === "click") listener();
    });
  }
}

export function button(options: { description: string; tooltip?: string }): ButtonWidget {
  checkFields("button", options, { description: "text", tooltip: "text?" });
  if (!options || typeof options.description !== "string") throw new TypeError('button: expected { description: "..." }');
  return new ButtonWidget({
    ...controlsHeader("ButtonModel", "ButtonView"),
    _dom_classes: [],
    button_style: "",
    description: options.description,
    disabled: false,
    icon: "",
    layout: modelRef(layoutModel()),
    style: modelRef(styleModel("ButtonStyleModel")),
    tabbable: null,
    tooltip: options.tooltip ?? null,
  });
}

export interface PlayOptions {
  value?: number;
  min: number;
  max: number;
  step?: number;
  /** Milliseconds between steps (default 200). */
  interval?: number;
  description?: string;
}

class Play extends NumberSlider {}

/** A play button that steps an integer value (Play); link it to a slider with `jslink`. */
export function play(options: PlayOptions): ValueWidget<number> {
  checkFields("play", options, {
    value: "number",
    min: "number",
    max: "number",
    step: "positive?",
    interval: "positive?",
    description: "text?",
  });
  const min = finite("play", "min", options?.min);
  const max = finite("play", "max", options?.max);
  const value = finite("play", "value", options.value ?? min);
  const interval = finite("play", "interval", options.interval ?? 200);
  if (!(interval > 0)) throw new RangeError(`play: interval must be positive (milliseconds); got ${interval}`);
  const base = sliderState("play", { value, min, max, step: options.step ?? 1 }, true, 1, "d", false);
  return new Play("play", true, {
    ...controlsHeader("PlayModel", "PlayView"),
    _dom_classes: [],
    description: options.description ?? "",
    description_allow_html: false,
    disabled: false,
    interval,
    layout: modelRef(layoutModel()),
    max: base.max,
    min: base.min,
    playing: false,
    repeat: false,
    show_repeat: true,
    step: base.step,
    style: modelRef(styleModel("DescriptionStyleModel", { description_width: "initial" })),
    tabbable: null,
    tooltip: null,
    value,
  });
}

/**
 * Links two widgets' attributes in the front end (jslink, a LinkModel): e.g. a Play button drives a
 * slider without a round trip through the kernel. Both still report their values to the kernel.
 */
export function jslink(source: readonly [Widget, string], target: readonly [Widget, string]): Widget {
  for (const [name, pair] of [
    ["source", source],
    ["target", target],
  ] as const) {
    if (!Array.isArray(pair) || !(pair[0] instanceof Widget) || typeof pair[1] !== "string") {
      throw new TypeError(`jslink: ${name} must be [widget, "attribute"]`);
    }
  }
  return new Widget({
    ...controlsHeader("LinkModel", null),
    source: [modelRef(source[0]), source[1]],
    target: [modelRef(target[0]), target[1]],
  });
}

/** An output area (Output): what the kernel publishes with `msg_id` as parent lands in it. */
export class OutputWidget extends Widget {
  override describe(): string {
    return "Output area (live in JupyterLab while the kernel runs)";
  }
}

export function output(layout: Record<string, string> = {}): OutputWidget {
  checkFields("output: layout", layout, {});
  return new OutputWidget({
    ...outputHeader(),
    _dom_classes: [],
    layout: modelRef(layoutModel(layout)),
    msg_id: "",
    outputs: [],
    tabbable: null,
    tooltip: null,
  });
}

export class BoxWidget extends Widget {
  constructor(
    readonly children: readonly Widget[],
    state: State,
  ) {
    super(state);
  }

  override describe(): string {
    return this.children.map((c) => c.describe()).join("\n");
  }
}

function box(caller: string, model: string, view: string, children: readonly Widget[]): BoxWidget {
  if (!Array.isArray(children) || children.some((c) => !(c instanceof Widget))) {
    throw new TypeError(`${caller}: children must be an array of widgets`);
  }
  return new BoxWidget(children, {
    ...controlsHeader(model, view),
    _dom_classes: [],
    box_style: "",
    children: children.map(modelRef),
    layout: modelRef(layoutModel()),
    tabbable: null,
    tooltip: null,
  });
}

/** Widgets side by side (HBox). */
export function hbox(children: readonly Widget[]): BoxWidget {
  return box("hbox", "HBoxModel", "HBoxView", children);
}

/** Widgets one below the other (VBox). */
export function vbox(children: readonly Widget[]): BoxWidget {
  return box("vbox", "VBoxModel", "VBoxView", children);
}

/** An HTML label (HTML), e.g. a status line. */
export function html(value: string): Widget {
  checkString("html: value", value, true);
  return new Widget({
    ...controlsHeader("HTMLModel", "HTMLView"),
    _dom_classes: [],
    description: "",
    description_allow_html: false,
    layout: modelRef(layoutModel()),
    placeholder: "\u200b",
    style: modelRef(styleModel("HTMLStyleModel", { background: null, description_width: "", font_size: null, text_color: null })),
    tabbable: null,
    tooltip: null,
    value,
  });
}
