/**
 * TensorFlow.js for gradlab: the reference autograd every hand-written derivative is checked
 * against. `setupTf()` picks the best backend present, in this order:
 *
 * - `tensorflow`: @tensorflow/tfjs-node, the native TensorFlow library (optional; see README),
 * - `wasm`: @tensorflow/tfjs-backend-wasm, WebAssembly shipped in the npm package,
 * - `cpu`: plain JavaScript, always present.
 *
 * Set `GRADLAB_TF_BACKEND=cpu` (or wasm, tensorflow) to force one. All tfjs math is float32.
 *
 * @example
 * const info = await setupTf(); // once, in a notebook's first cell
 * tf.grad((x) => x.square())(tf.scalar(2)).print(); // 4
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm";
import { checkBoolean, checkOptions, show } from "../util/validate";

export { tf };

export const TF_BACKENDS = ["tensorflow", "wasm", "cpu"] as const;
export type TfBackendName = (typeof TF_BACKENDS)[number];

export interface TfAttempt {
  backend: TfBackendName;
  ok: boolean;
  /** Why a backend was skipped; empty when it was chosen. */
  reason: string;
}

export interface TfInfo {
  backend: TfBackendName;
  tfjsVersion: string;
  /** The native TensorFlow library's version when the backend is "tensorflow" (e.g. "2.21.0"). */
  nativeVersion?: string;
  attempts: TfAttempt[];
}

let current: TfInfo | undefined;
let pending: Promise<TfInfo> | undefined;

/** Loads @tensorflow/tfjs-node if it was built; it registers the "tensorflow" backend. */
function loadNative(): string {
  // TensorFlow's C++ side reads these when the library loads. Unless the user set them: log errors
  // only, and leave oneDNN's kernels off (TF 2.21 announces them on stderr at load whatever the log
  // level, and they were no faster on the course's tensor sizes).
  process.env.TF_CPP_MIN_LOG_LEVEL ??= "2";
  process.env.TF_ENABLE_ONEDNN_OPTS ??= "0";
  // Without a built addon, requiring tfjs-node loads ~200 modules (node-pre-gyp and its
  // dependencies) only to throw, about half a second of every notebook's first cell: look first.
  const unbuilt = missingAddon();
  if (unbuilt) return unbuilt;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("@tensorflow/tfjs-node");
    return "";
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Cannot find module '@tensorflow\/tfjs-node'/.test(message)) return "@tensorflow/tfjs-node is not installed";
    if (/tfjs_binding\.node\) can not be found/.test(message)) {
      return "@tensorflow/tfjs-node is installed but its native addon is not built (npm run setup:tfjs-node)";
    }
    return `@tensorflow/tfjs-node does not load (npm run setup:tfjs-node -- --force rebuilds it): ${message.split("\n")[0]}`;
  }
}

/**
 * Why tfjs-node cannot load, found without loading it: not installed, or no native addon
 * (node-pre-gyp puts it at lib/napi-v<N>/tfjs_binding.node); "" when an addon is there.
 */
function missingAddon(): string {
  let root: string;
  try {
    root = path.dirname(require.resolve("@tensorflow/tfjs-node/package.json"));
  } catch {
    return "@tensorflow/tfjs-node is not installed";
  }
  const lib = path.join(root, "lib");
  const built =
    fs.existsSync(lib) && fs.readdirSync(lib).some((d) => /^napi-v\d+$/.test(d) && fs.existsSync(path.join(lib, d, "tfjs_binding.node")));
  return built ? "" : "@tensorflow/tfjs-node is installed but its native addon is not built (npm run setup:tfjs-node)";
}

/** The TensorFlow C library's own version, as tfjs-node's addon reports it. */
function nativeVersion(): string {
  const binding = (tf.backend() as unknown as { binding?: { TF_Version?: unknown } }).binding;
  return typeof binding?.TF_Version === "string" ? binding.TF_Version : "unknown";
}

/** The cpu backend greets Node users on stderr once; a notebook must not show that as an error. */
function silenceCpuBanner(): void {
  const cpu = tf.findBackend("cpu") as { firstUse?: boolean } | null;
  if (cpu && "firstUse" in cpu) cpu.firstUse = false;
}

function parsePreference(value: string | undefined): TfBackendName[] {
  if (!value) return [...TF_BACKENDS];
  const wanted = value.trim().toLowerCase();
  if (!(TF_BACKENDS as readonly string[]).includes(wanted)) {
    throw new Error(`GRADLAB_TF_BACKEND must be one of ${TF_BACKENDS.join(", ")}; got "${value}"`);
  }
  return [wanted as TfBackendName];
}

async function pick(order: TfBackendName[]): Promise<TfInfo> {
  const attempts: TfAttempt[] = [];
  for (const backend of order) {
    if (backend === "tensorflow") {
      const reason = loadNative();
      if (reason) {
        attempts.push({ backend, ok: false, reason });
        continue;
      }
    }
    try {
      if (await tf.setBackend(backend)) {
        await tf.ready();
        silenceCpuBanner();
        attempts.push({ backend, ok: true, reason: "" });
        const info: TfInfo = { backend, tfjsVersion: tf.version.tfjs, attempts };
        if (backend === "tensorflow") info.nativeVersion = nativeVersion();
        return info;
      }
      attempts.push({ backend, ok: false, reason: "tf.setBackend returned false" });
    } catch (error) {
      attempts.push({ backend, ok: false, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const tried = attempts.map((a) => `${a.backend}: ${a.reason}`).join("; ");
  throw new Error(`no TensorFlow.js backend could be started (${tried})`);
}

/**
 * Chooses and initialises the tfjs backend. Safe to call again: later calls return the first
 * result (unless `force` asks for a fresh choice, e.g. after changing GRADLAB_TF_BACKEND).
 */
export async function setupTf(options: { backends?: TfBackendName[]; force?: boolean } = {}): Promise<TfInfo> {
  checkOptions("setupTf: options", options);
  const { backends, force } = options;
  if (backends !== undefined && !(Array.isArray(backends) && backends.length > 0 && backends.every((b) => TF_BACKENDS.includes(b))))
    throw new RangeError(
      `setupTf: backends must be a non-empty array of ${TF_BACKENDS.map((b) => `"${b}"`).join(", ")}; got ${show(backends)}`,
    );
  if (force !== undefined) checkBoolean("setupTf: force", force);
  if (current && !options.force) return current;
  if (pending && !options.force) return pending;
  const order = options.backends ?? parsePreference(process.env.GRADLAB_TF_BACKEND);
  pending = pick(order).then(
    (info) => (current = info),
    (error: unknown) => {
      pending = undefined;
      throw error;
    },
  );
  return pending;
}

/** The chosen backend; throws with the fix if `setupTf()` has not finished yet. */
export function tfInfo(): TfInfo {
  if (!current) {
    throw new Error("TensorFlow.js is not set up yet: run `await setupTf()` first (the first code cell of each notebook does)");
  }
  return current;
}

/** Number of live tensors: a helper that leaks shows up as growth between two calls. */
export function liveTensors(): number {
  return tf.memory().numTensors;
}

/** Disposes a tfjs optimizer and all its tensors. */
export function disposeTfOptimizer(optimizer: tf.Optimizer): void {
  if (typeof optimizer !== "object" || optimizer === null || !(optimizer instanceof tf.Optimizer))
    throw new TypeError(`disposeTfOptimizer: optimizer must be a tfjs optimizer such as tf.train.sgd(0.1); got ${show(optimizer)}`);
  // tfjs 4.22's MomentumOptimizer.dispose() forgets the learning-rate scalar its SGD parent keeps.
  const rate = (optimizer as unknown as { c?: tf.Tensor }).c;
  optimizer.dispose();
  if (rate && !rate.isDisposed) rate.dispose();
}
