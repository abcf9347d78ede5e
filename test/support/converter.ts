// tslab's converter (node_modules/tslab/dist/converter.js, as patched) driven in the test process,
// cell after cell as the kernel drives it: for the kernel tests that look at what a cell compiles
// to (its JavaScript, declarations, diagnostics) without starting a kernel.
import path from "node:path";
import { ROOT } from "./jupyter";

/** What the converter makes of a cell (the fields the tests read). */
export interface Converted {
  output?: string;
  declOutput?: string;
  diagnostics: Array<{ messageText: string; code: number; start: { line: number; character: number } }>;
  lastExpressionVar?: string;
  sourceMaps?: string[];
  hasToplevelAwait?: boolean;
  sideOutputs?: unknown[];
  declaredNames?: Set<string>;
  declarationsEmitted?: boolean;
  reusedChecker?: boolean;
  phaseMs?: Record<string, number>;
}

export interface Converter {
  convert(prevDecl: string, src: string): Converted;
  addModule(name: string, content: string, meta?: { mode?: string }): unknown[];
  close(): void;
}

/** A new converter, as the kernel makes it for TypeScript cells. */
export function createConverter(): Converter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.join(ROOT, "node_modules", "tslab", "dist", "converter")) as {
    createConverter: (o: { isJS: boolean; isBrowser: boolean }) => Converter;
  };
  return mod.createConverter({ isJS: false, isBrowser: false });
}

/** The switch the converter reads for each cell: "0" gives every cell a new program and checker. */
export const REUSE_SWITCH = "GRADLAB_KERNEL_REUSE_CHECKER";

/**
 * A converter's cells one after another, with the declarations the kernel would give the next cell:
 * a cell with errors, or one that throws at run time, leaves them as they were. `reuse` turns the
 * checker reuse on or off for each cell (REUSE_SWITCH); undefined leaves the environment alone.
 */
export class CellSession {
  prev = "";
  constructor(
    readonly converter: Converter,
    readonly reuse?: boolean,
  ) {}

  run(src: string, throws = false): Converted {
    const saved = process.env[REUSE_SWITCH];
    try {
      if (this.reuse === true) delete process.env[REUSE_SWITCH];
      else if (this.reuse === false) process.env[REUSE_SWITCH] = "0";
      const out = this.converter.convert(this.prev, src);
      if (out.diagnostics.length === 0 && !throws) this.prev = out.declOutput ?? this.prev;
      return out;
    } finally {
      if (saved === undefined) delete process.env[REUSE_SWITCH];
      else process.env[REUSE_SWITCH] = saved;
    }
  }
}

/** What the kernel uses of a converted cell (not the timings, not whether the checker was reused). */
export function comparable(out: Converted): unknown {
  const { phaseMs: _phaseMs, reusedChecker: _reused, declaredNames, ...rest } = out;
  return { ...rest, declaredNames: [...(declaredNames ?? [])].sort() };
}
