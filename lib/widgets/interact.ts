/**
 * `interact(fn, controls)`: controls above an output area; every change of a control runs `fn`
 * with the new values and replaces what the area shows (plots, tables, text).
 *
 * - The first run happens in the cell, with the controls' initial values (a notebook's parameters),
 *   and its output goes to the cell itself: a headless run, an export or the book shows that static
 *   figure and never waits for a front end. In a live front end the first change hides it and the
 *   output area takes over.
 * - Changes are debounced (a drag sends many values; only the last one after a pause runs).
 * - At most one run at a time; the newest values win: a run in flight is superseded (its
 *   `run.signal` aborts and `await run.checkpoint()` throws), and the newest values run next.
 * - The kernel's stop button (SIGINT) interrupts a run: a synchronous `fn` at once, an async one at
 *   its next `await run.checkpoint()` (or it is left behind).
 * - An error in `fn` shows in the output area; the controls keep working.
 * - Each run is a tfjs scope: tensors it does not dispose are disposed when it ends.
 */
import vm from "node:vm";
import { captureDisplays, displayBundle, escapeHtml, type MimeBundle } from "../display";
import { tf, tfInfo } from "../tf";
import { html, output, vbox, type BoxWidget, type OutputWidget, type ValueWidget } from "./controls";
import { checkFields } from "../util/validate";
import { currentMessage, holdMessage, kernelComms, Widget, type Publish } from "./model";

interface Route {
  publish: Publish;
  parent: string;
}

interface Job {
  route: Route | undefined;
  /** Lets the kernel report the message that asked for this run idle. */
  release: () => void;
}

export type Controls = Record<string, ValueWidget<unknown>>;
export type ValuesOf<C extends Controls> = { [K in keyof C]: C[K] extends ValueWidget<infer T> ? T : never };

/** What a run of `fn` receives besides the values. */
export interface RunContext {
  /** Aborted when a newer value supersedes this run or the kernel is interrupted. */
  readonly signal: AbortSignal;
  /** Lets the kernel handle messages, then throws if this run was superseded or interrupted. */
  checkpoint(): Promise<void>;
  /** 0 for the run in the cell, then 1, 2, ... */
  readonly index: number;
}

export type RunOutcome = "done" | "error" | "superseded" | "interrupted";

export interface RunRecord {
  index: number;
  values: Record<string, unknown>;
  outcome: RunOutcome;
  /** The error's message, for outcome "error". */
  error?: string;
  /** Tensors alive after the run minus before it (0: no leak); null when tfjs is not set up (no `setupTf()`). */
  tensorGrowth: number | null;
  ms: number;
}

export interface InteractOptions {
  /** Milliseconds a control must rest before a run starts (default 150). */
  debounceMs?: number;
  /** A title above the controls. */
  title?: string;
  /** More widgets for the box, below the controls (e.g. a `play` button linked to a slider). */
  extra?: readonly Widget[];
}

export class SupersededError extends Error {
  constructor() {
    super("superseded by a newer value");
    this.name = "Superseded";
  }
}

export class InterruptedError extends Error {
  constructor() {
    super("interrupted (the kernel's stop button)");
    this.name = "KeyboardInterrupt";
  }
}

interface JupyterModule {
  lastWriteDisplayData?: ((content: Record<string, unknown>, update: boolean) => void) | null;
}

function jupyterModule(): JupyterModule | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("tslab/dist/jupyter") as JupyterModule;
  } catch {
    return undefined;
  }
}

function tfReady(): boolean {
  try {
    tfInfo();
    return true;
  } catch {
    return false;
  }
}

const CALL = Symbol.for("gradlab.widgets.call");
let interruptibleScript: vm.Script | undefined;

/** Calls `f` so that SIGINT (the kernel's stop button) stops it even while it computes synchronously. */
function callInterruptibly<T>(f: () => T): T {
  interruptibleScript ??= new vm.Script(`globalThis[Symbol.for("gradlab.widgets.call")]()`, { filename: "gradlab-interact" });
  (globalThis as Record<symbol, unknown>)[CALL] = f;
  try {
    return interruptibleScript.runInThisContext({ breakOnSigint: true }) as T;
  } catch (e) {
    if ((e as { code?: string })?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") throw new InterruptedError();
    throw e;
  } finally {
    delete (globalThis as Record<symbol, unknown>)[CALL];
  }
}

/** The live controls, their output area and the record of runs. */
export class Interactive<C extends Controls> {
  readonly box: BoxWidget;
  readonly output: OutputWidget;
  readonly status: ReturnType<typeof html>;
  readonly runs: RunRecord[] = [];
  private pending: ValuesOf<C> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private current: { controller: AbortController; done: Promise<void> } | undefined;
  private staticDisplays: string[] = [];
  private runCount = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    readonly fn: (values: ValuesOf<C>, run: RunContext) => unknown,
    readonly controls: C,
    private readonly options: InteractOptions,
  ) {
    this.output = output({ width: "100%" });
    this.status = html("");
    const children = [...Object.values(controls), ...(options.extra ?? []), this.status, this.output];
    this.box = vbox(options.title ? [html(`<b>${escapeHtml(options.title)}</b>`), ...children] : children);
    for (const control of Object.values(controls)) control.onChange(() => this.schedule());
  }

  /** The controls' current values. */
  values(): ValuesOf<C> {
    return Object.fromEntries(Object.entries(this.controls).map(([k, c]) => [k, c.value])) as ValuesOf<C>;
  }

  /** Resolves when no run is in flight or waiting. */
  whenIdle(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  mimeBundle(): MimeBundle {
    const bundle = this.box.mimeBundle();
    const values = Object.entries(this.values())
      .map(([k, v]) => `${k} = ${typeof v === "number" ? String(Number(v.toPrecision(6))) : JSON.stringify(v)}`)
      .join(", ");
    const text = `Live controls (${values}): move them in JupyterLab with the kernel running; the output below is for these values.`;
    return { ...bundle, "text/plain": text, "text/html": `<p class="gradlab-widget-fallback"><i>${escapeHtml(text)}</i></p>` };
  }

  [Symbol.for("gradlab.mimebundle")](): MimeBundle {
    return this.mimeBundle();
  }

  /** The first run, in the cell: its displays carry ids so that the first live run can hide them. */
  async runInCell(): Promise<void> {
    const jupyter = jupyterModule();
    const writer = jupyter?.lastWriteDisplayData;
    if (!writer || !kernelComms()) {
      await this.execute(this.values(), undefined);
      return;
    }
    const base = `gradlab-interact-${this.box.modelId}-`;
    let text = "";
    const flush = (): void => {
      if (text === "") return;
      const id = base + this.staticDisplays.length;
      this.staticDisplays.push(id);
      writer({ data: { "text/plain": text }, metadata: {}, transient: { display_id: id } }, false);
      text = "";
    };
    const restoreDisplays = captureDisplays((m) => {
      flush();
      const id = base + this.staticDisplays.length;
      this.staticDisplays.push(id);
      writer({ data: m.data, metadata: m.metadata, transient: { display_id: id } }, false);
    });
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array): boolean => {
      text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      return true;
    }) as typeof process.stdout.write;
    try {
      await this.execute(this.values(), undefined);
    } finally {
      process.stdout.write = write;
      restoreDisplays();
      flush();
    }
  }

  private busy(): boolean {
    return this.timer !== undefined || this.current !== undefined || this.pending !== undefined;
  }

  private schedule(): void {
    this.pending = this.values();
    if (this.timer) clearTimeout(this.timer);
    // The front end's message that carried the change: the run's outputs are published with it as
    // parent, the output area captures that parent, and the kernel stays busy with it until the
    // run is over (or the message is superseded). A change made by kernel code has none.
    const message = currentMessage();
    const registry = kernelComms();
    const route = message && registry?.publish ? { publish: registry.publish, parent: message.header.msg_id } : undefined;
    let release: () => void = () => undefined;
    if (route) holdMessage(new Promise<void>((resolve) => (release = resolve)));
    this.waitingRelease?.(); // a change still in the debounce window will not run: let its message go
    this.waitingRelease = release;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const job: Job = { route, release: this.waitingRelease ?? (() => undefined) };
      this.waitingRelease = undefined;
      this.current?.controller.abort(new SupersededError());
      if (!this.current) void this.startNext(job);
      else {
        this.next?.release(); // replaced before it started
        this.next = job;
      }
    }, this.options.debounceMs ?? 150);
  }

  private waitingRelease: (() => void) | undefined;
  private next: Job | undefined;

  private async startNext(job: Job): Promise<void> {
    const values = this.pending;
    this.pending = undefined;
    if (values === undefined) {
      job.release();
      if (!this.busy()) for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    const controller = new AbortController();
    const done = this.execute(values, job.route, controller);
    this.current = { controller, done };
    try {
      await done;
    } finally {
      this.current = undefined;
      job.release();
    }
    const next = this.next;
    this.next = undefined;
    if (next) await this.startNext(next);
    else if (!this.busy()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Runs fn once; with `publish` (a live run) its output goes to the output area. */
  private async execute(values: ValuesOf<C>, route: Route | undefined, controller = new AbortController()): Promise<void> {
    const index = this.runCount++;
    const started = Date.now();
    // Only once the notebook has set tfjs up: touching it earlier would pick a backend behind setupTf's back.
    const tfjs = tfReady();
    const before = tfjs ? tf.memory().numTensors : 0;
    const record: RunRecord = { index, values: { ...values }, outcome: "done", tensorGrowth: 0, ms: 0 };
    const publish = route?.publish;
    const restore = route ? this.routeTo(route.publish, route.parent) : undefined;
    const onSigint = (): void => controller.abort(new InterruptedError());
    process.on("SIGINT", onSigint);
    let interruptReject: ((e: unknown) => void) | undefined;
    const interrupted = new Promise<never>((_, reject) => (interruptReject = reject));
    interrupted.catch(() => undefined);
    controller.signal.addEventListener("abort", () => {
      if (controller.signal.reason instanceof InterruptedError) interruptReject!(controller.signal.reason);
    });
    const context: RunContext = {
      signal: controller.signal,
      index,
      checkpoint: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        if (controller.signal.aborted) throw controller.signal.reason;
      },
    };
    if (tfjs) tf.engine().startScope();
    try {
      if (index > 0) this.status.set("value", `<span class="gradlab-interact-status">running (run ${index})…</span>`);
      const result = callInterruptibly(() => this.fn(values, context));
      if (result && typeof (result as Promise<unknown>).then === "function") {
        const finished = Promise.resolve(result);
        finished.catch(() => undefined);
        await Promise.race([finished, interrupted]);
      }
    } catch (e) {
      record.outcome = e instanceof SupersededError ? "superseded" : e instanceof InterruptedError ? "interrupted" : "error";
      record.error = e instanceof Error ? e.message : String(e);
      if (record.outcome === "error" || record.outcome === "interrupted") this.showError(e, publish);
      else if (controller.signal.aborted && controller.signal.reason instanceof SupersededError) record.outcome = "superseded";
    } finally {
      if (tfjs) tf.engine().endScope();
      process.removeListener("SIGINT", onSigint);
      restore?.();
    }
    if (record.outcome === "done" && controller.signal.aborted) {
      record.outcome = controller.signal.reason instanceof InterruptedError ? "interrupted" : "superseded";
    }
    record.ms = Date.now() - started;
    record.tensorGrowth = tfjs ? tf.memory().numTensors - before : null;
    this.runs.push(record);
    if (index > 0) {
      const word = { done: "done", error: "failed (see below)", superseded: "superseded by a newer value", interrupted: "interrupted" }[
        record.outcome
      ];
      this.status.set(
        "value",
        `<span class="gradlab-interact-status" data-run="${index}" data-outcome="${record.outcome}">run ${index}: ${word} in ${record.ms} ms</span>`,
      );
    }
  }

  /** Sends the run's displays and text to the output area (msg_id = the parent), clearing it first. */
  private routeTo(publish: Publish, parent: string): () => void {
    for (const id of this.staticDisplays.splice(0)) {
      publish("update_display_data", { data: { "text/plain": "" }, metadata: {}, transient: { display_id: id } });
    }
    this.output.set("msg_id", parent);
    publish("clear_output", { wait: true });
    const jupyter = jupyterModule();
    const previousWriter = jupyter?.lastWriteDisplayData;
    const writer = (content: Record<string, unknown>, update: boolean): void =>
      publish(update ? "update_display_data" : "display_data", content);
    if (jupyter) jupyter.lastWriteDisplayData = writer;
    const [out, err] = [process.stdout.write, process.stderr.write];
    const stream = (name: "stdout" | "stderr") =>
      ((chunk: string | Uint8Array): boolean => {
        publish("stream", { name, text: typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8") });
        return true;
      }) as typeof process.stdout.write;
    const [myOut, myErr] = [stream("stdout"), stream("stderr")];
    process.stdout.write = myOut;
    process.stderr.write = myErr;
    return () => {
      // A cell that started meanwhile installed its own writers: leave those.
      if (jupyter && jupyter.lastWriteDisplayData === writer) jupyter.lastWriteDisplayData = previousWriter;
      if (process.stdout.write === myOut) process.stdout.write = out;
      if (process.stderr.write === myErr) process.stderr.write = err;
      this.output.set("msg_id", "");
    };
  }

  private showError(e: unknown, publish: Publish | undefined): void {
    const ename = e instanceof Error ? e.name : "Thrown";
    const evalue = e instanceof Error ? e.message : String(e);
    if (publish) {
      const frames =
        e instanceof Error
          ? String(e.stack ?? "")
              .split("\n")
              .filter((l) => /^\s+at /.test(l) && !l.includes("node_modules"))
          : [];
      publish("error", { ename, evalue, traceback: [`\x1b[31m${ename}\x1b[0m: ${evalue}`, ...frames.slice(0, 5)] });
    } else {
      displayBundle({ "text/plain": `${ename}: ${evalue}` });
    }
  }
}

/**
 * Shows `controls` with an output area, runs `fn(values, run)` once now (in the cell, with the
 * initial values) and again after every change in a front end. Returns the live `Interactive`.
 *
 * @example
 * await interact(({ lr, steps }) => show(descentPath(lr, steps)), {
 *   lr: floatSlider({ value: LEARNING_RATE, min: 0.01, max: 1.2, description: "learning rate" }),
 *   steps: intSlider({ value: 20, min: 1, max: 60, description: "steps" }),
 * });
 */
export async function interact<C extends Controls>(
  fn: (values: ValuesOf<C>, run: RunContext) => unknown,
  controls: C,
  options: InteractOptions = {},
): Promise<Interactive<C>> {
  if (typeof fn !== "function") throw new TypeError("interact(fn, controls): fn must be a function (values, run) => void");
  checkFields("interact", options, { debounceMs: "number?", title: "text?" });
  if (!controls || typeof controls !== "object" || Object.keys(controls).length === 0) {
    throw new TypeError(
      "interact(fn, controls): controls must be an object of widgets, e.g. { lr: floatSlider({ value: 0.1, min: 0, max: 1 }) }",
    );
  }
  for (const [name, control] of Object.entries(controls)) {
    if (!control || typeof control !== "object" || !("value" in control) || typeof control.onChange !== "function") {
      throw new TypeError(`interact: controls.${name} must be a widget with a value (intSlider, floatSlider, dropdown, ...)`);
    }
  }
  if (options.extra !== undefined && (!Array.isArray(options.extra) || options.extra.some((w) => !(w instanceof Widget)))) {
    throw new TypeError("interact: options.extra must be an array of widgets (e.g. [widgets.play(...)])");
  }
  const debounce = options.debounceMs ?? 150;
  if (!(Number.isFinite(debounce) && debounce >= 0))
    throw new RangeError(`interact: options.debounceMs must be a number >= 0; got ${debounce}`);
  const live = new Interactive(fn, controls, options);
  displayBundle(live.mimeBundle());
  await live.runInCell();
  return live;
}
