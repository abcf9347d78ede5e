/**
 * Guards the exercise checks against the notebook they grade. A solution cell runs in the same
 * process as the test cells after it, so it could change what a test computes: replace `Math.abs`,
 * add a property to `Object.prototype`, reassign one of gradlab's exports (directly or through
 * `require.cache`), or patch a tfjs tensor method. Every check calls `assertIntegrity()` first; it
 * compares all of these with the snapshot taken when gradlab was loaded (before any learner code
 * ran, since notebooks import gradlab in their first code cell) and fails the test with a message
 * naming what changed. The modules of lib/check are frozen, so their exports cannot be replaced
 * at all. (Shadowing a check by declaring a name of the same name is handled in the notebooks:
 * each test cell imports its checks itself, and a cell's own import binds the name in that cell.)
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import path from "node:path";
import { tf } from "../tf";

// The intrinsics this file itself uses, captured before anything else can change them.
const ownKeys = Reflect.ownKeys;
const getDescriptor = Reflect.getOwnPropertyDescriptor;
const getPrototypeOf = Reflect.getPrototypeOf;
const freeze = Object.freeze;
const defineProperty = Reflect.defineProperty;
const isFrozen = Object.isFrozen;
const objectIs = Object.is;
const ErrorCtor = Error;
const MapCtor = Map;
const mapGet = Map.prototype.get;
const mapSet = Map.prototype.set;
const mapHas = Map.prototype.has;
const strStartsWith = String.prototype.startsWith;
const apply = Reflect.apply;

/** What a watched object looked like when gradlab was loaded: each own property's value, getter and setter. */
type Snapshot = Map<PropertyKey, readonly [unknown, unknown, unknown]>;

function snapshot(target: object): Snapshot {
  const out: Snapshot = new MapCtor();
  for (const key of ownKeys(target)) {
    const d = getDescriptor(target, key);
    if (d) apply(mapSet, out, [key, [d.value, d.get, d.set] as const]);
  }
  return out;
}

/** The first difference between `target` and its snapshot, as "Math.abs", or "". */
function firstChange(label: string, target: object, before: Snapshot): string {
  const keys = ownKeys(target);
  for (const key of keys) {
    const d = getDescriptor(target, key);
    const name = `${label}.${String(key)}`;
    if (!apply(mapHas, before, [key])) return `added ${name}`;
    const [value, get, set] = apply(mapGet, before, [key]) as readonly [unknown, unknown, unknown];
    if (!d || !objectIs(d.value, value) || d.get !== get || d.set !== set) return `changed ${name}`;
  }
  if (keys.length !== before.size) return `deleted a property of ${label}`;
  return "";
}

interface Watched {
  label: string;
  target: object;
  before: Snapshot;
}

const watched: Watched[] = [];
const watchedTargets = new Set<object>();

function watch(label: string, target: unknown): void {
  if ((typeof target !== "object" && typeof target !== "function") || target === null || watchedTargets.has(target)) return;
  watchedTargets.add(target);
  watched.push({ label, target, before: snapshot(target) });
}

// The language's own objects that checks (and the test cells' witnesses) rely on.
const TypedArrayPrototype = getPrototypeOf(Float64Array.prototype) as object;
const INTRINSICS: Array<[string, unknown]> = [
  ["Math", Math],
  ["Number", Number],
  ["Number.prototype", Number.prototype],
  ["Object", Object],
  ["Object.prototype", Object.prototype],
  ["Array", Array],
  ["Array.prototype", Array.prototype],
  ["Function.prototype", Function.prototype],
  ["String.prototype", String.prototype],
  ["Reflect", Reflect],
  ["JSON", JSON],
  ["Map.prototype", Map.prototype],
  ["Set.prototype", Set.prototype],
  ["Error.prototype", Error.prototype],
  ["Float64Array.prototype", Float64Array.prototype],
  ["Float32Array.prototype", Float32Array.prototype],
  ["TypedArray.prototype", TypedArrayPrototype],
  ["Symbol", Symbol],
  ["Promise.prototype", Promise.prototype],
];
for (const [label, target] of INTRINSICS) watch(label, target);

// The global names of those objects: `globalThis.Math = {...}` replaces Math for later cells.
const GLOBAL_NAMES = [
  "Math",
  "Number",
  "Object",
  "Array",
  "Function",
  "String",
  "Reflect",
  "JSON",
  "Map",
  "Set",
  "Error",
  "Float64Array",
  "Float32Array",
  "Symbol",
  "Promise",
  "isFinite",
  "isNaN",
  "parseFloat",
];
const globalsBefore = new Map<string, unknown>();
for (const name of GLOBAL_NAMES) globalsBefore.set(name, (globalThis as Record<string, unknown>)[name]);

// tfjs computes the witnesses: its namespace and the tensor methods (x.square(), x.mul(y) ...).
watch("tf", tf);
watch("tf.Tensor.prototype", tf.Tensor.prototype);
watch("tf.Variable.prototype", tf.Variable.prototype);

/** dist/ (or lib/ under ts-node): every gradlab module lives below it. */
const LIB_ROOT = path.resolve(__dirname, "..");
const CHECK_DIR = path.resolve(__dirname);

/**
 * Watches (and, for lib/check, freezes) the exports of every gradlab module loaded so far, and pins
 * its entry in require.cache: a cell that puts a fake module there (`require.cache[file] = {...}`)
 * would otherwise hand the next test cell's `import ... from "gradlab"` fake checks.
 */
function watchLoadedModules(): void {
  const cache = require.cache;
  for (const file of ownKeys(cache) as string[]) {
    if (!apply(strStartsWith, file, [LIB_ROOT + path.sep]) && !isPackageEntry(file)) continue;
    const mod = cache[file];
    if (!mod || !mod.loaded) continue;
    const slot = getDescriptor(cache, file);
    if (slot?.configurable) defineProperty(cache, file, { value: mod, writable: false, enumerable: true, configurable: false });
    const exports = mod.exports as object;
    if (apply(strStartsWith, file, [CHECK_DIR + path.sep]) && !isFrozen(exports)) freeze(exports);
    watch(`gradlab's ${path.relative(LIB_ROOT, file).replace(/\\/g, "/")}`, exports);
  }
}

/** node_modules/gradlab/... when the package is reached through a link that require.cache keeps apart. */
function isPackageEntry(file: string): boolean {
  return /[\\/]node_modules[\\/]gradlab[\\/]dist[\\/]/.test(file);
}

/**
 * Inside the notebook kernel, the module loader's entry points are made read-only, so that a cell
 * cannot make `require("gradlab")` return something else (`Module._load = ...`). Not done in plain
 * node, where test tools may legitimately hook the loader.
 */
function pinLoader(): void {
  const inKernel = (ownKeys(require.cache) as string[]).some((file) => /[\\/]node_modules[\\/]tslab[\\/]/.test(file));
  if (!inKernel) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require("node:module") as unknown as Record<string, unknown> & { prototype: Record<string, unknown> };
  const pin = (target: Record<string, unknown>, key: string) => {
    const d = getDescriptor(target, key);
    if (d && d.configurable && "value" in d)
      defineProperty(target, key, { value: d.value, writable: false, enumerable: d.enumerable ?? false, configurable: false });
  };
  for (const key of ["_load", "_resolveFilename", "_cache", "_extensions", "_findPath"]) pin(Module, key);
  for (const key of ["require", "_compile", "load"]) pin(Module.prototype, key);
  watch("Module", Module);
  watch("Module.prototype", Module.prototype);
}
pinLoader();

// Right now only the modules gradlab loaded before this one are complete; the rest finish in the
// same synchronous import, before any other cell can run: a microtask sees them all.
watchLoadedModules();
queueMicrotask(watchLoadedModules);

/** Why the checks cannot be trusted any more, or "" when nothing they rely on was changed. */
export function integrityProblem(): string {
  watchLoadedModules();
  for (const name of GLOBAL_NAMES) {
    if (!objectIs((globalThis as Record<string, unknown>)[name], globalsBefore.get(name))) return `replaced the global ${name}`;
  }
  for (const { label, target, before } of watched) {
    const change = firstChange(label, target, before);
    if (change) return change;
  }
  return "";
}

/** The error a check throws when the notebook has tampered with what it relies on. */
export class IntegrityError extends ErrorCtor {
  override name = "IntegrityError";
}

/**
 * Throws an IntegrityError when anything the checks rely on differs from when gradlab was loaded.
 * Every exercise check calls it before looking at the learner's answer.
 */
export function assertIntegrity(): void {
  const problem = integrityProblem();
  if (problem) {
    throw new IntegrityError(
      `The notebook ${problem} after gradlab was loaded, so this test cannot trust its own arithmetic and scores 0. ` +
        "Restart the kernel and run the notebook without that change (change your own copies, never the built-in objects or gradlab's exports).",
    );
  }
}
