// node:vm for the browser bundle. lib/widgets runs its callback through a vm.Script whose code is
// `globalThis[Symbol.for("gradlab.widgets.call")]()`, so that the server kernel's stop button can
// interrupt it. In the browser there is no SIGINT to break on (a running cell stops with Restart),
// so the script calls that callback directly; any other script is refused, loudly.
const CALL = Symbol.for("gradlab.widgets.call");

export class Script {
  constructor(private readonly code: string) {}
  runInThisContext(): unknown {
    const call = (globalThis as Record<symbol, unknown>)[CALL];
    if (!this.code.includes('Symbol.for("gradlab.widgets.call")') || typeof call !== "function") {
      throw new Error(`node:vm is not available in the browser kernel; cannot run ${this.code}`);
    }
    return (call as () => unknown)();
  }
}
export default { Script };
