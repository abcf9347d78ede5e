// node:perf_hooks for the browser bundle.
export const performance = globalThis.performance;
export default { performance };
