/**
 * Progress lines for long loops: silent for short runs, then one line every few seconds, so a
 * notebook cell that takes a while says what it is doing without flooding the output.
 *
 * @example
 * const progress = createProgress({ label: "Rosenbrock, adam", total: 5000 });
 * for (let i = 0; i < 5000; i++) { ...; progress.update(i + 1, `loss ${fmt(loss)}`); }
 * progress.finish("done");
 * Introduced in [notebook 15](../../notebooks/15-capstone.ipynb).
 */
import { performance } from "node:perf_hooks";
import { checkFunction, checkInteger, checkObject, checkStep, checkString } from "./validate";

export interface ProgressOptions {
  /** What is running, e.g. "LR finder". */
  label: string;
  /** Number of steps expected, for "step i / total". */
  total?: number;
  /** Stay silent until this many seconds have passed. @default 3 */
  minSeconds?: number;
  /** Then print at most once per this many seconds. @default 2 */
  everySeconds?: number;
  /** Clock in milliseconds (tests pass a fake one). @default performance.now */
  now?: () => number;
  /** Where lines go. @default console.log */
  log?: (line: string) => void;
}

export interface Progress {
  update(step: number, detail?: string): void;
  /** Prints a closing line, only if progress lines were printed. */
  finish(detail?: string): void;
  /** Seconds since the start. */
  elapsed(): number;
}

export function createProgress(options: ProgressOptions): Progress {
  checkObject("createProgress: options", options, '{ label: "training", total: 100 }');
  checkString("createProgress: label", options.label);
  if (options.total !== undefined) checkInteger("createProgress: total", options.total, 1);
  if (options.minSeconds !== undefined) checkStep(options.minSeconds, "createProgress: minSeconds");
  if (options.everySeconds !== undefined) checkStep(options.everySeconds, "createProgress: everySeconds");
  if (options.now !== undefined) checkFunction("createProgress: now", options.now, "() => milliseconds");
  if (options.log !== undefined) checkFunction("createProgress: log", options.log, "(line: string) => void");
  const now = options.now ?? (() => performance.now());
  const log = options.log ?? ((line: string) => console.log(line));
  const minMs = (options.minSeconds ?? 3) * 1000;
  const everyMs = (options.everySeconds ?? 2) * 1000;
  const start = now();
  let lastPrint: number | undefined;
  const seconds = () => (now() - start) / 1000;
  const where = (step: number) => (options.total ? `step ${step} / ${options.total}` : `step ${step}`);
  return {
    update(step, detail) {
      const t = now();
      if (t - start < minMs) return;
      if (lastPrint !== undefined && t - lastPrint < everyMs) return;
      lastPrint = t;
      log(`${options.label}: ${where(step)}${detail ? `, ${detail}` : ""} (${seconds().toFixed(1)} s)`);
    },
    finish(detail) {
      if (lastPrint !== undefined) log(`${options.label}: finished${detail ? `, ${detail}` : ""} (${seconds().toFixed(1)} s)`);
    },
    elapsed: seconds,
  };
}
