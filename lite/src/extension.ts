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
  type: "stream" | "display" | "result" | "reply";
  id: number;
  [key: string]: any;
}

function kernelClass(BaseKernel: any): any {
  return class GradlabKernel extends BaseKernel {
    private worker: Worker;
    private nextId = 1;
    private pending = new Map<number, { parent: any; done: (reply: WorkerMessage) => void }>();

    constructor(options: any) {
      super(options);
      this.worker = new Worker(`${STATIC}worker.js`);
      this.worker.onmessage = (event: MessageEvent<WorkerMessage>) => this.onWorker(event.data);
    }

    dispose(): void {
      if (this.isDisposed) return;
      this.worker.terminate();
      super.dispose();
    }

    private onWorker(message: WorkerMessage): void {
      const job = this.pending.get(message.id);
      if (!job) return;
      const parent = job.parent;
      if (message.type === "stream") this.stream({ name: message.name, text: message.text }, parent);
      else if (message.type === "display") {
        const content = {
          data: message.content.data,
          metadata: message.content.metadata ?? {},
          transient: message.content.transient ?? {},
        };
        if (message.update) this.updateDisplayData(content, parent);
        else this.displayData(content, parent);
      } else if (message.type === "result")
        this.publishExecuteResult({ execution_count: this.executionCount, data: message.data, metadata: {} }, parent);
      else if (message.type === "reply") {
        this.pending.delete(message.id);
        job.done(message);
      }
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
      const id = this.nextId++;
      const parent = this.parentHeader;
      const params = new URLSearchParams(location.search).get("gradlab-backends");
      const reply = await new Promise<WorkerMessage>((done) => {
        this.pending.set(id, { parent, done });
        this.worker.postMessage({ type: "execute", id, code: content.code, backends: params ? params.split(",") : undefined });
      });
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

    async commInfoRequest(): Promise<any> {
      return { status: "ok", comms: {} };
    }

    inputReply(): void {}
    async commOpen(): Promise<void> {}
    async commMsg(): Promise<void> {}
    async commClose(): Promise<void> {}
  };
}

async function extensionModule(): Promise<any> {
  const services = await shared("@jupyterlite/services");
  const GradlabKernel = kernelClass(services.BaseKernel);
  const plugin = {
    id: `${NAME}:kernel`,
    autoStart: true,
    requires: [services.IKernelSpecs],
    activate: (_app: unknown, kernelspecs: any) => {
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
