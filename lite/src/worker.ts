// The in-browser TypeScript kernel's worker: it compiles each cell with TypeScript's
// transpileModule, runs it, and posts the outputs to the kernel (extension.ts) on the page.
//
// Top-level declarations carry across cells as in the server kernel: every top-level name a cell
// declares (const, let, var, function, class, enum, import) lives in one scope object shared by all
// cells, so a later cell reads it and may declare it again. The scope object is put in front of the
// worker's globals with `with`, inside a non-strict function made for each cell.
import { format, inspect } from "./shims/util";

declare const self: DedicatedWorkerGlobalScope & Record<string, unknown>;
interface DedicatedWorkerGlobalScope {
  location: { href: string };
  postMessage(message: unknown): void;
  onmessage: ((event: { data: Request }) => void) | null;
  importScripts(...urls: string[]): void;
}

type Bundle = Record<string, unknown>;
/** A Jupyter message from the page (comm_open, comm_msg, comm_close), as lib/widgets receives it. */
interface JupyterMessage {
  header: { msg_id: string; msg_type: string };
  content: Record<string, unknown>;
}
type Request =
  | { type: "execute"; id: number; code: string; backends?: string[] }
  | { type: "comm_open" | "comm_msg" | "comm_close"; id: number; msg: JupyterMessage }
  | { type: "comm_info"; id: number; target?: string };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type TS = any;

const post = (message: Record<string, unknown>): void => self.postMessage(message);

let current = 0; // id of the request whose outputs are being written
const stream = (name: "stdout" | "stderr", text: string): void => post({ type: "stream", id: current, name, text });
/** Any iopub message, with the request `id` (a cell or a comm message) as its parent. */
const iopub = (id: number, msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): void =>
  post({ type: "iopub", id, msgType, content, metadata });

// What lib expects of Node: process (env, stdout, cwd), and a require for the modules it loads
// lazily (the kernel's display writer; tfjs-node, which is never in a browser). Installed after
// the TypeScript compiler has loaded: with them it would take the worker for Node.
const env: Record<string, string | undefined> = {};
const nodeProcess = {
  env,
  platform: "browser",
  version: "none (cells run in the browser)",
  versions: {},
  argv: [],
  cwd: () => "/gradlab/notebooks",
  stdout: { write: (text: string) => (stream("stdout", String(text)), true), isTTY: false },
  stderr: { write: (text: string) => (stream("stderr", String(text)), true), isTTY: false },
  hrtime: { bigint: () => BigInt(Math.round(performance.now() * 1e6)) },
  nextTick: (fn: (...a: unknown[]) => void, ...args: unknown[]) => queueMicrotask(() => fn(...args)),
  // lib/widgets listens for SIGINT (the server kernel's stop button); a worker has no signals.
  on: () => nodeProcess,
  off: () => nodeProcess,
  removeListener: () => nodeProcess,
  emitWarning: () => undefined,
};
// lib/widgets yields to the event loop with setImmediate (Node); a worker has setTimeout.
self.setImmediate ??= (fn: (...a: unknown[]) => void, ...args: unknown[]) => setTimeout(fn, 0, ...args);

const displayWriter = {
  lastWriteDisplayData: (
    content: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> },
    update: boolean,
  ) => post({ type: "display", id: current, content, update }),
};

function display(mime: string) {
  return (value: unknown) =>
    displayWriter.lastWriteDisplayData({ data: { [mime]: value, "text/plain": String(value) }, metadata: {}, transient: {} }, false);
}
const tslabModule = {
  display: {
    html: display("text/html"),
    markdown: display("text/markdown"),
    latex: display("text/latex"),
    svg: display("image/svg+xml"),
    text: (s: string) => stream("stdout", `${s}\n`),
    raw: (mime: string, value: unknown) => display(mime)(value),
  },
  versions: { tslab: "browser", typescript: "", node: "" },
};

/**
 * Jupyter comms, as the server kernel's patch provides them (lib/widgets uses them): a registry at
 * `globalThis[Symbol.for("gradlab.kernel.comms")]` with registerTarget, open, create and send.
 * `publish` sends an iopub message whose parent is the request being handled (a cell, or the
 * front end's comm message), so that an Output widget captures what a widget's callback shows.
 */
interface Comm {
  commId: string;
  targetName: string;
  closed: boolean;
  onMsg: ((data: unknown, msg: JupyterMessage) => unknown) | null;
  onClose: ((data: unknown, msg: JupyterMessage) => void) | null;
  send(data?: unknown, metadata?: Record<string, unknown>): void;
  close(data?: unknown): void;
}
type Publish = (msgType: string, content: Record<string, unknown>, metadata?: Record<string, unknown>) => void;

class CommRegistry {
  readonly targets = new Map<string, (comm: Comm, data: unknown, msg: JupyterMessage) => void>();
  readonly comms = new Map<string, Comm>();
  publish: Publish | null = null;

  registerTarget(name: string, handler: (comm: Comm, data: unknown, msg: JupyterMessage) => void): void {
    if (typeof name !== "string" || name === "" || typeof handler !== "function")
      throw new TypeError(
        "registerTarget(name, handler): name must be a non-empty string and handler a function (comm, data, msg) => void",
      );
    this.targets.set(name, handler);
  }
  unregisterTarget(name: string): void {
    this.targets.delete(name);
  }
  open(targetName: string, data: unknown = {}, metadata: Record<string, unknown> = {}): Comm {
    const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
    const comm = this.create(id, targetName);
    this.send("comm_open", { comm_id: id, target_name: targetName, data, metadata }, metadata);
    return comm;
  }
  create(commId: string, targetName: string): Comm {
    const comm: Comm = {
      commId,
      targetName,
      closed: false,
      onMsg: null,
      onClose: null,
      send: (data = {}, metadata = {}) => {
        if (comm.closed) throw new Error(`comm ${commId} (${targetName}) is closed`);
        this.send("comm_msg", { comm_id: commId, data }, metadata);
      },
      close: (data = {}) => {
        if (comm.closed) return;
        comm.closed = true;
        this.comms.delete(commId);
        this.send("comm_close", { comm_id: commId, data });
      },
    };
    this.comms.set(commId, comm);
    return comm;
  }
  send(msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): void {
    if (!this.publish) throw new Error("comms: no cell has run in this kernel yet");
    this.publish(msgType, content, metadata);
  }
  handleOpen(msg: JupyterMessage): void {
    const { comm_id, target_name, data } = msg.content as { comm_id: string; target_name: string; data: unknown };
    const handler = this.targets.get(target_name);
    if (!handler) {
      this.send("comm_close", { comm_id, data: {} });
      return;
    }
    const comm = this.create(comm_id, target_name);
    try {
      handler(comm, data, msg);
    } catch (e) {
      original.error(`comm_open: the handler of "${target_name}" failed`, e);
      comm.close();
    }
  }
  async handleMsg(msg: JupyterMessage): Promise<void> {
    const comm = this.comms.get(msg.content.comm_id as string);
    if (!comm?.onMsg) return;
    try {
      await comm.onMsg(msg.content.data, msg);
    } catch (e) {
      original.error(`comm_msg: the handler of comm ${comm.commId} (${comm.targetName}) failed`, e);
    }
  }
  handleClose(msg: JupyterMessage): void {
    const comm = this.comms.get(msg.content.comm_id as string);
    if (!comm) return;
    comm.closed = true;
    this.comms.delete(comm.commId);
    comm.onClose?.(msg.content.data, msg);
  }
  info(targetName?: string): Record<string, { target_name: string }> {
    const comms: Record<string, { target_name: string }> = {};
    for (const comm of this.comms.values())
      if (!targetName || comm.targetName === targetName) comms[comm.commId] = { target_name: comm.targetName };
    return comms;
  }
}
const comms = new CommRegistry();
(self as unknown as Record<symbol, unknown>)[Symbol.for("gradlab.kernel.comms")] = comms;
// A page that connects asks for every widget's state (ipywidgets' control comm, protocol 2.1).
// Until gradlab is loaded there are none; lib/widgets replaces this target when it loads.
comms.registerTarget("jupyter.widget.control", (comm) => {
  comm.onMsg = (data) => {
    if ((data as { method?: unknown } | null)?.method === "request_states")
      comm.send({ method: "update_states", states: {}, buffer_paths: [] });
  };
});

let bundle: Bundle | undefined;
let ts: TS;
const moduleCache: Record<string, unknown> = {};

/** Versions written by scripts/lite.mjs at build time. */
declare const GRADLAB_LITE_VERSIONS: { kernel: string; jupyterlite: string; gradlab: string; plotly: string };

/**
 * What lib's environment() reads with require("<package>/package.json"): in the browser, the
 * kernel is this worker (not tslab), and figures are drawn by JupyterLite's plotly renderer.
 */
function packageJson(name: string): { version: string } | undefined {
  const v = GRADLAB_LITE_VERSIONS;
  if (name === "tslab") return { version: `not used: gradlab's in-browser kernel ${v.kernel} (JupyterLite ${v.jupyterlite})` };
  if (name === "@tslab/typescript-for-tslab") return { version: `${ts.version} (in the browser, without type checking)` };
  if (name === "gradlab") return { version: v.gradlab };
  if (name === "plotly.js-dist") return { version: `${v.plotly} (JupyterLite's plotly renderer)` };
  return undefined;
}

function requireModule(name: string): unknown {
  const pkg = name.endsWith("/package.json") ? packageJson(name.slice(0, -"/package.json".length)) : undefined;
  if (pkg) return pkg;
  if (name === "gradlab") return (bundle as Bundle).gradlab;
  if (name === "@tensorflow/tfjs" || name === "@tensorflow/tfjs-core") return (bundle as Bundle).tf;
  if (name === "tslab/dist/jupyter") return displayWriter;
  if (name === "tslab") return tslabModule;
  if (name === "util" || name === "node:util") return { inspect, format };
  const error = new Error(`Cannot find module '${name}': in the browser kernel a cell can import "gradlab" and "@tensorflow/tfjs"`);
  (error as Error & { code: string }).code = "MODULE_NOT_FOUND";
  throw error;
}
function installNodeGlobals(): void {
  self.process = nodeProcess;
  self.require = Object.assign(requireModule, { cache: moduleCache, resolve: (name: string) => name });
}

// Everything lib and the cells print goes to the cell that is running.
const original = self.console as Console;
// Through process.stdout.write, as in Node: lib/widgets redirects it into an output area.
const out = (...a: unknown[]) => nodeProcess.stdout.write(`${format(...a)}\n`);
const err = (...a: unknown[]) => nodeProcess.stderr.write(`${format(...a)}\n`);
const routed = {
  ...original,
  log: out,
  info: out,
  debug: out,
  warn: err,
  error: err,
  table: (data: unknown) => nodeProcess.stdout.write(`${inspect(data)}\n`),
};
Object.defineProperty(self, "console", { value: routed, writable: true, configurable: true });

/** Loads the TypeScript compiler and the gradlab bundle once, saying what it fetches. */
function load(backends: string[] | undefined): void {
  if (bundle) return;
  const started = performance.now();
  // One output that each step updates (a worker started again after an interrupt has its own).
  const displayId = `gradlab-lite-loading-${Date.now()}`;
  const steps: string[] = [];
  let shown = false;
  const progress = (text: string) => {
    displayWriter.lastWriteDisplayData(
      {
        data: { "text/plain": text, "text/html": `<code>${text}</code>` },
        metadata: {},
        transient: { display_id: displayId },
      },
      shown,
    );
    shown = true;
  };
  const step = (label: string, url: string): void => {
    const t0 = performance.now();
    progress(`gradlab in the browser: fetching ${label} ...`);
    self.importScripts(new URL(url, self.location.href).href);
    steps.push(`${label} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };
  step("the TypeScript compiler", "typescript.js");
  ts = self.ts as TS;
  installNodeGlobals();
  step("the gradlab library and TensorFlow.js", "gradlab.js");
  bundle = self.gradlabLite as Bundle;
  // The wasm backend's binaries are served next to this worker (no CDN).
  (bundle.setWasmPaths as (prefix: string) => void)(new URL("./", self.location.href).href);
  self.GRADLAB_BROWSER_BACKENDS = backends ?? chooseBackends();
  post({
    type: "display",
    id: current,
    update: true,
    content: {
      data: {
        "text/plain": `gradlab in the browser: ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${steps.join(", ")}); the wasm binaries load with setupTf()`,
      },
      metadata: {},
      transient: { display_id: displayId },
    },
  });
}

/**
 * wasm first, then webgl when this browser gives a worker a WebGL2 context, then cpu. wasm computes
 * in float32 like the server's native TensorFlow; webgl's sin, cos and exp are GPU approximations
 * (in headless Chromium's software WebGL, d/dx x² sin x at 1.5 came out 1.4e-4 relative off, beyond
 * the course's float32 tolerance of 1e-4, and notebook 03's cross-check failed), and the course's
 * tensors are small, where wasm is faster anyway. `?gradlab-backends=webgl,wasm,cpu` in the page's
 * address chooses another order.
 */
function chooseBackends(): string[] {
  const order = ["wasm", "cpu"];
  try {
    const Offscreen = (self as unknown as { OffscreenCanvas?: new (w: number, h: number) => { getContext(kind: string): unknown } })
      .OffscreenCanvas;
    if (Offscreen && new Offscreen(1, 1).getContext("webgl2")) order.splice(1, 0, "webgl");
  } catch {
    // no WebGL in this worker
  }
  return order;
}

const scope: Record<string, unknown> = Object.create(null);

interface Compiled {
  js: string;
  names: string[];
}

class CompileError extends Error {
  override name = "CompileError";
}

function bindingNames(node: TS, out: string[]): void {
  if (ts.isIdentifier(node)) out.push(node.text);
  else if (ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node)) {
    for (const element of node.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
  }
}

/**
 * Imports become declarations (`import { a, b as c } from "m"` -> `const { a, b: c } = require("m")`),
 * so that the names they bind carry to later cells like any other top-level name, as in the server
 * kernel. Type-only imports are dropped.
 */
function rewriteImports(code: string): string {
  const sf = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const st of sf.statements) {
    if (!ts.isImportDeclaration(st)) continue;
    const from = `require(${st.moduleSpecifier.getText()})`;
    const clause = st.importClause;
    const parts: string[] = [];
    if (clause && !clause.isTypeOnly) {
      if (clause.name) parts.push(`const ${clause.name.text} = ${from}.default;`);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) parts.push(`const ${bindings.name.text} = ${from};`);
      else if (bindings) {
        const names = bindings.elements
          .filter((e: TS) => !e.isTypeOnly)
          .map((e: TS) => (e.propertyName ? `${e.propertyName.getText()}: ${e.name.text}` : e.name.text));
        if (names.length > 0) parts.push(`const { ${names.join(", ")} } = ${from};`);
      }
    } else if (!clause) parts.push(`${from};`);
    edits.push({ start: st.getStart(), end: st.end, text: parts.join(" ") });
  }
  let out = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** TypeScript -> JavaScript, then the top-level declarations rewritten into assignments. */
export function compileCell(code: string): Compiled {
  const out = ts.transpileModule(rewriteImports(code), {
    fileName: "cell.ts",
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true, sourceMap: false },
  });
  if (out.diagnostics && out.diagnostics.length > 0) {
    const lines = out.diagnostics.map((d: TS) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      return where ? `${where.line + 1}:${where.character + 1} - ${text}` : text;
    });
    throw new CompileError(lines.join("\n"));
  }
  const js: string = out.outputText;
  const sf = ts.createSourceFile("cell.js", js, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  const names: string[] = [];
  const hoisted: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const statements = sf.statements;
  statements.forEach((st: TS, index: number) => {
    if (ts.isExpressionStatement(st) && ts.isStringLiteral(st.expression) && st.expression.text === "use strict") {
      edits.push({ start: st.getStart(), end: st.end, text: "" });
    } else if (ts.isVariableStatement(st)) {
      const parts = st.declarationList.declarations.map((d: TS) => {
        const declared: string[] = [];
        bindingNames(d.name, declared);
        names.push(...declared);
        const target = d.name.getText();
        return d.initializer ? `${target} = ${d.initializer.getText()}` : `${target} = undefined`;
      });
      edits.push({ start: st.getStart(), end: st.end, text: `;(${parts.join(", ")});` });
    } else if (ts.isFunctionDeclaration(st) && st.name) {
      names.push(st.name.text);
      hoisted.push(`__scope[${JSON.stringify(st.name.text)}] = ${st.name.text};`);
    } else if (ts.isClassDeclaration(st) && st.name) {
      names.push(st.name.text);
      edits.push({ start: st.getStart(), end: st.end, text: `;(${st.name.text} = ${st.getText()});` });
    } else if (index === statements.length - 1 && ts.isExpressionStatement(st)) {
      edits.push({ start: st.getStart(), end: st.end, text: `return (${st.expression.getText()});` });
    }
  });
  let body = js;
  for (const e of edits.sort((a, b) => b.start - a.start)) body = body.slice(0, e.start) + e.text + body.slice(e.end);
  return { js: `${hoisted.join("\n")}\n${body}`, names };
}

// The kernel runs the code of cells: that is its job. eslint-disable-next-line below.
// eslint-disable-next-line no-new-func
const makeRunner = (js: string) => new Function("__scope", "exports", `with (__scope) { return (async () => {\n${js}\n})(); }`);

function mimeBundleOf(value: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (value !== null && (typeof value === "object" || typeof value === "function")) {
    const v = value as Record<string | symbol, unknown>;
    const method = v[Symbol.for("gradlab.mimebundle")] ?? v.toMimeBundle;
    if (typeof method === "function") {
      try {
        const b = method.call(value) as unknown;
        if (b && typeof b === "object" && !Array.isArray(b))
          for (const [mime, x] of Object.entries(b)) if (mime.includes("/") && x !== undefined) data[mime] = x;
      } catch {
        // falls back to the text below
      }
    }
  }
  if (typeof data["text/plain"] !== "string") data["text/plain"] = inspect(value);
  return data;
}

function errorContent(e: unknown): { ename: string; evalue: string; traceback: string[] } {
  if (!(e instanceof Error) && !(e && typeof e === "object" && "message" in e)) {
    const text = typeof e === "string" ? e : String(e);
    return { ename: "Thrown", evalue: text, traceback: [`\x1b[31mThrown\x1b[0m (not an Error): ${text}`] };
  }
  const err = e as Error;
  const ename = String(err.name || err.constructor?.name || "Error");
  const evalue = String(err.message);
  const frames = String(err.stack ?? "")
    .split("\n")
    .filter((line) => /^\s+at /.test(line) && !/worker\.js|typescript\.js/.test(line))
    .map((line) => line.replace(/\(?(https?:\/\/[^)\s]*\/)([^/)\s]+)\)?/g, "($2)"));
  return { ename, evalue, traceback: [`\x1b[31m${ename}\x1b[0m: ${evalue}`, ...frames] };
}

/** Comm messages published while handling request `id` (and later, until the next one) have it as parent. */
function handling(id: number): void {
  current = id;
  comms.publish = (msgType, content, metadata) => iopub(id, msgType, content, metadata);
}

async function execute(request: Extract<Request, { type: "execute" }>): Promise<void> {
  handling(request.id);
  try {
    load(request.backends);
    const { js, names } = compileCell(request.code);
    for (const name of names) if (!(name in scope)) scope[name] = undefined;
    const value = await (makeRunner(js)(scope, {}) as Promise<unknown>);
    if (value !== undefined && value !== null) post({ type: "result", id: request.id, data: mimeBundleOf(value) });
    post({ type: "reply", id: request.id, status: "ok" });
  } catch (e) {
    post({ type: "reply", id: request.id, status: "error", ...errorContent(e) });
  }
}

async function comm(request: Extract<Request, { type: "comm_open" | "comm_msg" | "comm_close" }>): Promise<void> {
  handling(request.id);
  try {
    if (request.type === "comm_open") comms.handleOpen(request.msg);
    else if (request.type === "comm_msg") await comms.handleMsg(request.msg);
    else comms.handleClose(request.msg);
  } finally {
    post({ type: "reply", id: request.id, status: "ok" });
  }
}

let queue: Promise<void> = Promise.resolve();
self.onmessage = (event) => {
  const request = event.data;
  if (request.type === "comm_info") post({ type: "reply", id: request.id, status: "ok", comms: comms.info(request.target) });
  else if (request.type === "execute") queue = queue.then(() => execute(request));
  else queue = queue.then(() => comm(request));
};
