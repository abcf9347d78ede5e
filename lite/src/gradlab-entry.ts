// The browser bundle of lib: `import ... from "gradlab"` in a cell of the in-browser kernel gets
// this module. Built by scripts/lite.mjs (esbuild, IIFE, global `gradlabLite`), with node:fs,
// node:path, node:util and node:perf_hooks replaced by the shims next to this file.
import * as gradlab from "../../lib/index";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";

export { gradlab, tf, setWasmPaths };
