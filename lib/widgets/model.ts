/**
 * Jupyter widgets over the kernel's comms, following the ipywidgets message protocol 2.1.0 and the
 * models JupyterLab renders with jupyterlab_widgets 3 / ipywidgets 8 (`@jupyter-widgets/controls`
 * 2.0.0, `@jupyter-widgets/base` 2.0.0, `@jupyter-widgets/output` 1.0.0).
 *
 * A widget is a model whose state lives in the kernel and in every front end that shows it:
 * - the kernel opens a comm with target "jupyter.widget", data `{ state, buffer_paths }` and
 *   metadata `{ version: "2.1.0" }`; the comm id is the model id;
 * - a state change on either side is a comm_msg `{ method: "update", state, buffer_paths }`; the
 *   kernel answers a front end's update with `{ method: "echo_update", ... }` (protocol 2.1);
 * - `{ method: "request_state" }` (a reloaded page) is answered with the whole state;
 * - `{ method: "custom", content }` carries events such as a button's click.
 *
 * The kernel's comm registry (`globalThis[Symbol.for("gradlab.kernel.comms")]`, added by the tslab
 * patch) carries the messages. Outside a kernel (plain Node, tests) a widget keeps its state
 * locally and displays as text.
 */
import { randomBytes } from "node:crypto";
import { displayBundle, escapeHtml, type MimeBundle } from "../display";

export const PROTOCOL_VERSION = "2.1.0";
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";
const CONTROLS = { module: "@jupyter-widgets/controls", version: "2.0.0" } as const;
const BASE = { module: "@jupyter-widgets/base", version: "2.0.0" } as const;
const OUTPUT = { module: "@jupyter-widgets/output", version: "1.0.0" } as const;

export type State = Record<string, unknown>;

/** One comm of the kernel's registry (see the tslab patch). */
export interface KernelComm {
  readonly commId: string;
  closed: boolean;
  /** A promise returned keeps the kernel busy with `msg` until it settles. */
  onMsg: ((data: unknown, msg: KernelMessage) => unknown) | null;
  onClose: ((data: unknown, msg: KernelMessage) => void) | null;
  send(data?: unknown, metadata?: Record<string, unknown>): void;
  close(data?: unknown): void;
}

export interface KernelMessage {
  header: { msg_id: string; msg_type: string };
  content: Record<string, unknown>;
}

export type Publish = (msgType: string, content: Record<string, unknown>, metadata?: Record<string, unknown>) => void;

export interface CommRegistry {
  open(target: string, data?: unknown, metadata?: Record<string, unknown>): KernelComm;
  registerTarget(name: string, handler: (comm: KernelComm, data: unknown, msg: KernelMessage) => void): void;
  publish: Publish | null;
}

const COUNTER = Symbol.for("gradlab.widgets.count");

/**
 * Opens a widget's comm. Its id (the model id) counts up within the kernel process, so that two
 * runs of a notebook save the same outputs (the registry's own ids are random); a restarted kernel
 * is a new page of models for the front end, so the ids may start again.
 */
function openComm(registry: CommRegistry, data: unknown, metadata: Record<string, unknown>): KernelComm {
  const internals = registry as CommRegistry & {
    create?: (id: string, target: string) => KernelComm;
    send?: (type: string, content: unknown, metadata?: Record<string, unknown>) => void;
  };
  if (typeof internals.create !== "function" || typeof internals.send !== "function")
    return registry.open("jupyter.widget", data, metadata);
  const store = globalThis as Record<symbol, unknown>;
  const n = ((store[COUNTER] as number | undefined) ?? 0) + 1;
  store[COUNTER] = n;
  const id = `gradlab-widget-${n}`;
  const comm = internals.create(id, "jupyter.widget");
  internals.send("comm_open", { comm_id: id, target_name: "jupyter.widget", data, metadata }, metadata);
  return comm;
}

/** The widgets with a comm, by model id (what the control comm reports to a reloaded page). */
const liveWidgets = new Map<string, Widget>();
let controlRegistered = false;

/**
 * The "jupyter.widget.control" target of protocol 2.1: a page that (re)connects to the kernel asks
 * it once for every widget's state (`request_states`), instead of one `request_state` per widget.
 */
function registerControl(registry: CommRegistry): void {
  if (controlRegistered) return;
  controlRegistered = true;
  registry.registerTarget("jupyter.widget.control", (comm) => {
    comm.onMsg = (data) => {
      if (typeof data !== "object" || data === null || !("method" in data) || data.method !== "request_states") return;
      const states: Record<string, unknown> = {};
      for (const [id, widget] of liveWidgets) {
        if (!widget.live) continue;
        const state = widget.fullState();
        states[id] = {
          model_name: state._model_name,
          model_module: state._model_module,
          model_module_version: state._model_module_version,
          state,
        };
      }
      comm.send({ method: "update_states", states, buffer_paths: [] });
    };
  });
}

/** The kernel's comm registry, when this code runs in the gradlab kernel and a cell has run. */
export function kernelComms(): CommRegistry | undefined {
  const registry = (globalThis as Record<symbol, unknown>)[Symbol.for("gradlab.kernel.comms")] as CommRegistry | undefined;
  return registry && typeof registry.open === "function" && registry.publish ? registry : undefined;
}

// Registered as soon as gradlab is loaded in a kernel, so that a page reloaded later finds it.
{
  const registry = (globalThis as Record<symbol, unknown>)[Symbol.for("gradlab.kernel.comms")] as CommRegistry | undefined;
  if (registry && typeof registry.registerTarget === "function") registerControl(registry);
}

let handling: KernelMessage | undefined;

/** The front end's comm message being handled now (while widgets' callbacks run), if any. */
export function currentMessage(): KernelMessage | undefined {
  return handling;
}

let held: Array<Promise<unknown>> | undefined;

/**
 * Keeps the kernel busy with the message being handled until `work` settles (the kernel reports it
 * idle only then, as ipykernel does while a comm handler runs). JupyterLab routes output to an
 * Output widget only while the message that caused it is not yet done.
 */
export function holdMessage(work: Promise<unknown>): void {
  held?.push(work);
}

type Listener = (value: unknown, old: unknown) => void;

/** A widget model: its state, its comm (in a kernel) and the callbacks that watch it. */
export class Widget {
  readonly modelId: string;
  protected readonly state: State;
  private readonly comm: KernelComm | undefined;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly customListeners = new Set<(content: unknown) => void>();
  /** Messages the front end sent that this widget could not use (kept for tests and debugging). */
  readonly rejected: string[] = [];

  constructor(state: State) {
    this.state = { ...state };
    const registry = kernelComms();
    if (registry) {
      this.comm = openComm(registry, { state: this.state, buffer_paths: [] }, { version: PROTOCOL_VERSION });
      this.modelId = this.comm.commId;
      this.comm.onMsg = (data, msg) => this.handle(data, msg);
      this.comm.onClose = () => liveWidgets.delete(this.modelId);
      liveWidgets.set(this.modelId, this);
      registerControl(registry);
    } else {
      this.modelId = randomBytes(16).toString("hex");
    }
  }

  /** True when the widget has a comm to front ends (it runs in a kernel). */
  get live(): boolean {
    return this.comm !== undefined && !this.comm.closed;
  }

  /** A copy of the whole state, as a front end receives it. */
  fullState(): State {
    return { ...this.state };
  }

  get(key: string): unknown {
    return this.state[key];
  }

  /** Sets state from the kernel side: front ends follow, and the watchers of `key` are called. */
  set(key: string, value: unknown): void {
    this.setMany({ [key]: value });
  }

  setMany(changes: State): void {
    const old: State = {};
    for (const [key, value] of Object.entries(changes)) {
      old[key] = this.state[key];
      this.state[key] = value;
    }
    this.sendState(changes);
    for (const [key, value] of Object.entries(changes)) this.fire(key, value, old[key]);
  }

  /** Calls `listener(value, old)` whenever `key` changes (from the kernel or a front end). Returns an unsubscribe function. */
  observe(key: string, listener: Listener): () => void {
    const set = this.listeners.get(key) ?? new Set<Listener>();
    this.listeners.set(key, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Calls `listener(content)` for each custom message (e.g. a button's `{ event: "click" }`). */
  onCustom(listener: (content: unknown) => void): () => void {
    this.customListeners.add(listener);
    return () => this.customListeners.delete(listener);
  }

  /** The MIME bundle that shows this widget: the widget view, with text (and HTML) for everything else. */
  mimeBundle(): MimeBundle {
    const text = this.describe();
    return {
      [WIDGET_VIEW_MIME]: { model_id: this.modelId, version_major: 2, version_minor: 0 },
      "text/plain": text,
      "text/html": `<pre class="gradlab-widget-fallback">${escapeHtml(text)}</pre>`,
    };
  }

  [Symbol.for("gradlab.mimebundle")](): MimeBundle {
    return this.mimeBundle();
  }

  /** Displays the widget in the running cell's output. */
  display(): void {
    displayBundle(this.mimeBundle());
  }

  /** A one-line text description (the fallback for front ends without widgets). */
  describe(): string {
    const name = String(this.state._model_name).replace(/Model$/, "");
    return `${name} widget (live in JupyterLab while the kernel runs)`;
  }

  /** Closes the comm: front ends remove the model and its views. */
  close(): void {
    liveWidgets.delete(this.modelId);
    this.comm?.close();
  }

  /** Validates and converts a value a front end sent for `key`; throws when it cannot be used. */
  protected accept(key: string, value: unknown): unknown {
    void key;
    return value;
  }

  protected fire(key: string, value: unknown, old: unknown): void {
    for (const listener of [...(this.listeners.get(key) ?? [])]) listener(value, old);
  }

  private sendState(state: State): void {
    if (this.live) this.comm?.send({ method: "update", state, buffer_paths: [] });
  }

  private handle(data: unknown, msg: KernelMessage): Promise<unknown> | undefined {
    const [previous, previousHeld] = [handling, held];
    handling = msg;
    const work: Array<Promise<unknown>> = [];
    held = work;
    try {
      this.dispatch(data, msg);
    } finally {
      [handling, held] = [previous, previousHeld];
    }
    return work.length > 0 ? Promise.all(work) : undefined;
  }

  private dispatch(data: unknown, msg: KernelMessage): void {
    const field = (key: string): unknown => (typeof data === "object" && data !== null ? Reflect.get(data, key) : undefined);
    const method = field("method");
    const state = field("state");
    if (method === "request_state") {
      this.sendState(this.state);
    } else if (method === "update" && typeof state === "object" && state !== null) {
      this.applyUpdate(Object.fromEntries(Object.entries(state)), msg);
    } else if (method === "custom") {
      for (const listener of [...this.customListeners]) listener(field("content"));
    } else {
      this.rejected.push(`unknown method ${JSON.stringify(method)}`);
    }
  }

  private applyUpdate(incoming: State, msg: KernelMessage): void {
    const accepted: State = {};
    const corrected: State = {};
    for (const [key, value] of Object.entries(incoming)) {
      try {
        const v = this.accept(key, value);
        accepted[key] = v;
        if (!Object.is(v, value)) corrected[key] = v;
      } catch (e) {
        this.rejected.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
        corrected[key] = this.state[key];
      }
    }
    // Protocol 2.1: echo what the front end sent, so that every front end (and the sender) agree.
    if (this.live) this.comm?.send({ method: "echo_update", state: incoming, buffer_paths: [] });
    if (Object.keys(corrected).length > 0) this.sendState(corrected);
    void msg;
    const old: State = {};
    for (const [key, value] of Object.entries(accepted)) {
      old[key] = this.state[key];
      this.state[key] = value;
    }
    for (const [key, value] of Object.entries(accepted)) {
      if (!Object.is(value, old[key])) this.fire(key, value, old[key]);
    }
  }
}

/** A reference to a widget inside another widget's state ("IPY_MODEL_<id>"). */
export function modelRef(widget: Widget): string {
  return `IPY_MODEL_${widget.modelId}`;
}

function header(module: { module: string; version: string }, model: string, view: string | null, viewModule = module): State {
  return {
    _model_module: module.module,
    _model_module_version: module.version,
    _model_name: model,
    _view_module: viewModule.module,
    _view_module_version: viewModule.version,
    _view_name: view,
    _view_count: null,
  };
}

/** A Layout model (`@jupyter-widgets/base`), e.g. `{ width: "420px" }`. */
export function layoutModel(layout: Record<string, string> = {}): Widget {
  return new Widget({ ...header(BASE, "LayoutModel", "LayoutView"), ...layout });
}

/** A style model of `@jupyter-widgets/controls` (SliderStyleModel, DescriptionStyleModel, ...). */
export function styleModel(model: string, style: State = {}): Widget {
  return new Widget({ ...header(CONTROLS, model, "StyleView", BASE), ...style });
}

export function controlsHeader(model: string, view: string | null): State {
  return header(CONTROLS, model, view);
}

export function outputHeader(): State {
  return header(OUTPUT, "OutputModel", "OutputView");
}
