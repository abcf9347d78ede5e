// The in-browser TypeScript kernel as a JupyterLite federated extension. This file is bundled by
// scripts/lite.mjs (esbuild) into static/remoteEntry.js, a module-federation container by hand:
// JupyterLite loads it, calls init(shareScope) and get("./extension"); the container takes
// BaseKernel and the IKernelSpecs token from the page's shared @jupyterlite/services, so no
// webpack build of the extension is needed. The kernel itself runs in worker.js.
/* eslint-disable @typescript-eslint/no-explicit-any */

const NAME = "@gradlab/lite-kernel";
// The folder of remoteEntry.js: worker.js, typescript.js, gradlab.js and the wasm files sit next to it.
const STATIC = new URL("./", (document.currentScript as HTMLScriptElement).src).href;

interface Shared {
  [version: string]: { get: () => Promise<() => any> };
}

let shareScope: Record<string, Shared> = {};

async function shared(name: string): Promise<any> {
  const versions = shareScope[name];
  if (!versions) throw new Error(`${NAME}: the page does not share ${name}`);
  const newest = Object.keys(versions)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
    .pop() as string;
  return (await versions[newest].get())();
}

interface WorkerMessage {
  type: "stream" | "display" | "result" | "reply" | "iopub";
  id: number;
  [key: string]: any;
}

/** The kernels of this page by id, for the interrupt hook (see extensionModule). */
const kernels = new Map<string, { interruptRunning(): void }>();

const INTERRUPTED =
  "the browser kernel cannot stop a running cell, so it stopped its worker and started a new one, as Kernel → Restart does: " +
  "every variable is forgotten; run the cells above this one again";

function kernelClass(BaseKernel: any, KernelMessage: any): any {
  return class GradlabKernel extends BaseKernel {
    private worker!: Worker;
    private nextId = 1;
    /** Requests the worker has not answered yet: at most one runs (JupyterLite sends them one at a time). */
    private pending = new Map<number, { parent: any; kind: string; done: (reply: WorkerMessage) => void }>();
    /** The parent header of each request, kept after its reply for outputs that come later (widget callbacks). */
    private parents = new Map<number, any>();

    constructor(options: any) {
      super(options);
      this.startWorker();
      kernels.set(this.id, this);
    }

    private startWorker(): void {
      this.worker = new Worker(`${STATIC}worker.js`);
      this.worker.onmessage = (event: MessageEvent<WorkerMessage>) => this.onWorker(event.data);
    }

    dispose(): void {
      if (this.isDisposed) return;
      kernels.delete(this.id);
      this.worker.terminate();
      super.dispose();
    }

    /**
     * Kernel → Interrupt while a request runs: a worker cannot be interrupted without
     * SharedArrayBuffer (which needs COOP/COEP headers a plain static host does not send), so the
     * worker is stopped and a new one started; the running cell ends with a KeyboardInterrupt error.
     */
    interruptRunning(): void {
      if (this.pending.size === 0) return;
      this.worker.terminate();
      const jobs = [...this.pending.entries()];
      this.pending.clear();
      this.startWorker();
      for (const [id, job] of jobs) {
        if (job.kind === "execute")
          job.done({
            type: "reply",
            id,
            status: "error",
            ename: "KeyboardInterrupt",
            evalue: INTERRUPTED,
            traceback: [`\x1b[31mKeyboardInterrupt\x1b[0m: ${INTERRUPTED}`],
          });
        else {
          this.stream({ name: "stderr", text: `KeyboardInterrupt: ${INTERRUPTED}\n` }, job.parent);
          job.done({ type: "reply", id, status: "ok", comms: {} });
        }
      }
    }

    private request(kind: string, parent: any, message: Record<string, unknown>): Promise<WorkerMessage> {
      const id = this.nextId++;
      this.parents.set(id, parent);
      if (this.parents.size > 2000) this.parents.delete(this.parents.keys().next().value as number);
      return new Promise<WorkerMessage>((done) => {
        this.pending.set(id, { parent, kind, done });
        this.worker.postMessage({ ...message, type: kind, id });
      });
    }

    private onWorker(message: WorkerMessage): void {
      const job = this.pending.get(message.id);
      const parent = job?.parent ?? this.parents.get(message.id);
      if (!parent) return;
      if (message.type === "stream") this.stream({ name: message.name, text: message.text }, parent);
      else if (message.type === "display") {
        const content = {
          data: message.content.data,
          metadata: message.content.metadata ?? {},
          transient: message.content.transient ?? {},
        };
        if (message.update) this.updateDisplayData(content, parent);
        else this.displayData(content, parent);
      } else if (message.type === "iopub") this.publish(message.msgType, message.content, message.metadata ?? {}, parent);
      else if (message.type === "result")
        this.publishExecuteResult({ execution_count: this.executionCount, data: message.data, metadata: {} }, parent);
      else if (message.type === "reply" && job) {
        this.pending.delete(message.id);
        job.done(message);
      }
    }

    /** An iopub message from the worker (widgets' comms, and the output a widget callback makes). */
    private publish(msgType: string, content: any, metadata: any, parent: any): void {
      if (msgType === "comm_open" || msgType === "comm_msg" || msgType === "comm_close")
        this.handleComm(msgType, content, metadata, [], parent);
      else if (msgType === "stream") this.stream(content, parent);
      else if (msgType === "display_data") this.displayData({ metadata: {}, transient: {}, ...content }, parent);
      else if (msgType === "update_display_data") this.updateDisplayData({ metadata: {}, transient: {}, ...content }, parent);
      else if (msgType === "clear_output") this.clearOutput(content, parent);
      else if (msgType === "error") this.publishExecuteError(content, parent);
      else console.warn(`${NAME}: the worker sent an iopub message of unknown type ${msgType}`);
    }

    /** comm_info_request is not among the messages JupyterLite's BaseKernel answers: answered here. */
    async handleMessage(msg: any): Promise<void> {
      if (msg.header.msg_type !== "comm_info_request") return super.handleMessage(msg);
      const reply = await this.request("comm_info", msg.header, { target: msg.content?.target_name });
      const message = KernelMessage.createMessage({
        msgType: "comm_info_reply",
        channel: "shell",
        session: msg.header.session,
        parentHeader: msg.header,
        content: { status: "ok", comms: reply.comms ?? {} },
      });
      (this as any)._sendMessage(message);
    }

    async kernelInfoRequest(): Promise<any> {
      return {
        implementation: "gradlab-lite",
        implementation_version: "0.1.0",
        language_info: {
          name: "typescript",
          version: "5.9",
          mimetype: "text/typescript",
          file_extension: ".ts",
          codemirror_mode: { name: "typescript" },
          pygments_lexer: "typescript",
          nbconvert_exporter: "script",
        },
        protocol_version: "5.3",
        status: "ok",
        banner: "TypeScript in the browser (gradlab): cells are compiled and run in a web worker",
        help_links: [],
      };
    }

    async executeRequest(content: { code: string }): Promise<any> {
      const parent = this.parentHeader;
      const params = new URLSearchParams(location.search).get("gradlab-backends");
      const reply = await this.request("execute", parent, { code: content.code, backends: params ? params.split(",") : undefined });
      if (reply.status === "ok") return { status: "ok", execution_count: this.executionCount, user_expressions: {} };
      const error = { ename: reply.ename, evalue: reply.evalue, traceback: reply.traceback };
      this.publishExecuteError(error, parent);
      return { status: "error", execution_count: this.executionCount, ...error };
    }

    async completeRequest(content: { cursor_pos: number }): Promise<any> {
      return { status: "ok", matches: [], cursor_start: content.cursor_pos, cursor_end: content.cursor_pos, metadata: {} };
    }

    async inspectRequest(): Promise<any> {
      return { status: "ok", found: false, data: {}, metadata: {} };
    }

    async isCompleteRequest(): Promise<any> {
      return { status: "unknown" };
    }

    async commInfoRequest(content: { target_name?: string }): Promise<any> {
      const reply = await this.request("comm_info", this.parentHeader, { target: content?.target_name });
      return { status: "ok", comms: reply.comms ?? {} };
    }

    inputReply(): void {}

    private comm(kind: string, msg: any): Promise<void> {
      return this.request(kind, msg.header, { msg: { header: msg.header, content: msg.content } }).then(() => undefined);
    }
    async commOpen(msg: any): Promise<void> {
      await this.comm("comm_open", msg);
    }
    async commMsg(msg: any): Promise<void> {
      await this.comm("comm_msg", msg);
    }
    async commClose(msg: any): Promise<void> {
      await this.comm("comm_close", msg);
    }
  };
}

async function extensionModule(): Promise<any> {
  const services = await shared("@jupyterlite/services");
  const { KernelMessage } = await shared("@jupyterlab/services");
  const GradlabKernel = kernelClass(services.BaseKernel, KernelMessage);
  const plugin = {
    id: `${NAME}:kernel`,
    autoStart: true,
    requires: [services.IKernelSpecs],
    optional: services.IKernelClient ? [services.IKernelClient] : [],
    activate: (_app: unknown, kernelspecs: any, kernelClient?: any) => {
      // Kernel → Interrupt: JupyterLite cancels the queued requests; a running one is stopped here.
      if (kernelClient && typeof kernelClient.interrupt === "function") {
        const interrupt = kernelClient.interrupt.bind(kernelClient);
        kernelClient.interrupt = async (id: string) => {
          kernels.get(id)?.interruptRunning();
          return interrupt(id);
        };
      }
      kernelspecs.register({
        spec: {
          // The course notebooks name the server kernel "tslab": they open on this one unchanged.
          name: "tslab",
          display_name: "TypeScript (gradlab, in the browser)",
          language: "typescript",
          argv: [],
          resources: {},
        },
        create: async (options: any) => new GradlabKernel(options),
      });
    },
  };
  return { __esModule: true, default: [plugin] };
}

const registry = ((window as any)._JUPYTERLAB ??= {});
registry[NAME] = {
  init: (scope: Record<string, Shared>) => {
    shareScope = scope;
  },
  get: async (module: string) => {
    if (module !== "./extension") throw new Error(`${NAME} has no module ${module}`);
    const mod = await extensionModule();
    return () => mod;
  },
};
