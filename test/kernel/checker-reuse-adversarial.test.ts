// Cells a learner could write that a type checker holding the earlier cells could get wrong
// (patches/tslab+*.patch, converter.js, reuseChecker): names declared again with another shape,
// declaration merging, overloads, a name first a type then a value, types that refer to an
// earlier cell's declarations, failing cells and cells that throw, long chains. Every case is
// compiled with and without the reuse (GRADLAB_KERNEL_REUSE_CHECKER=0) and everything the kernel
// uses of each cell (JS, declarations, diagnostics) must be the same. test/kernel/checker-reuse.test.ts
// has the base cases.
import assert from "node:assert/strict";
import { CellSession, comparable, createConverter, type Converted } from "../support/converter";

/** A converter with the checker reuse on or off, as the kernel would run it. */
class Session extends CellSession {
  constructor(reuse: boolean) {
    super(createConverter(), reuse);
  }
}

const messages = (out: Converted) => out.diagnostics.map((d) => `${d.start.line}:${d.start.character} ${d.messageText}`);

/** A cell; `!` in front: it throws at run time (the kernel keeps the declarations from before it). */
type Case = [title: string, cells: string[], check?: (results: Converted[]) => void];

const CASES: Case[] = [
  [
    "a type alias declared again with another shape",
    [
      "type T = { a: number };\nconst t1: T = { a: 1 };",
      "type T = { b: string };",
      "const t2: T = { a: 1 };",
      "const t3: T = { b: 'x' };\nt1.a + t3.b.length",
    ],
    (r) => {
      assert.ok(r[2]!.diagnostics.length > 0, "the old shape is an error");
      // `t1` was declared as a `T`: the `T` of now.
      assert.deepEqual(messages(r[3]!), ["1:3 Property 'a' does not exist on type 'T'."]);
    },
  ],
  [
    "an interface declared again, and merged within a cell",
    [
      "interface I { a: number }\nconst i1: I = { a: 1 };",
      "interface I { b: string }\ninterface I { c: boolean }",
      "const i2: I = { a: 1 };",
      "const i3: I = { b: 'x', c: true };\ni1.a",
    ],
    (r) => assert.equal(r[2]!.diagnostics.length > 0, true),
  ],
  [
    "a class declared again; an instance of the old class",
    ["class C { x = 1 }\nconst c = new C();", "class C { y = 's' }", "c.x + 1", "new C().x", "const c2: C = c;", "new C().y.length"],
    (r) => assert.equal(r[3]!.diagnostics.length, 1),
  ],
  ["an enum declared again", ["enum E { A, B }\nconst ea = E.B;", "enum E { C = 'c' }", "E.A", "E.C.toUpperCase()", "const eb: E = ea;"]],
  [
    "function overloads, then the function declared again",
    [
      "function f(a: number): number;\nfunction f(a: string): string;\nfunction f(a: number | string) { return a; }",
      "f(1).toFixed(2) + f('s').length",
      "f(true)",
      "function f(a: boolean) { return !a; }",
      "f(1)",
      "f(false)",
    ],
    (r) => {
      assert.ok(r[2]!.diagnostics.length > 0);
      assert.ok(r[4]!.diagnostics.length > 0);
    },
  ],
  [
    "a const declared again with another type",
    ["const z = 1;", "const z = 'str';", "z.length", "z.toFixed()", "let z = [1, 2];\nz.push(3)", "z = ['a'];"],
    (r) => assert.equal(r[3]!.diagnostics.length, 1),
  ],
  [
    "a name first a type, then a value, then a type again",
    [
      "type N = number;\nconst n1: N = 1;",
      "const N = 'value';",
      "const n2: N = 2;",
      "N.length",
      "type N = string;",
      "const n3: N = 'x';\nN",
    ],
  ],
  [
    "a value, then a type of the same name (both meanings)",
    ["const V = { k: 1 };", "type V = { k: string };", "const v1: V = V;", "const v2: V = { k: 's' };\nV.k"],
  ],
  [
    "a type from an earlier cell used after that cell's type was declared again",
    [
      "type P = { x: number };\nconst p: P = { x: 1 };\nfunction useP(q: P) { return q.x; }",
      "type P = { y: string };",
      "p.x",
      "useP({ x: 2 })",
      "useP({ y: 's' })",
      "const q: typeof p = { x: 3 };",
      "const q2: P = p;",
    ],
  ],
  [
    "generic inference from earlier cells' declarations",
    [
      "function id<T>(v: T) { return v; }\nconst arr = [1, 2, 3];",
      "const doubled = id(arr).map((x) => x * 2);\ndoubled",
      "const arr = ['a', 'b'];",
      "id(arr)[0].length",
      "id(arr)[0].toFixed()",
      "function pair<A, B>(a: A, b: B): [A, B] { return [a, b]; }",
      "const pr = pair(doubled, arr);\npr[1][0].length + pr[0][0]",
    ],
  ],
  [
    "declare statements",
    [
      "declare const dc: number;\ndeclare function df(x: number): string;\ndeclare let dl: string;\ndeclare class DC { m(): number }",
      "dc + df(1).length + dl.length",
      "df('x')",
      "declare const dc: string;",
      "dc.length",
      "const dci: DC = { m: () => 1 };",
    ],
  ],
  [
    "namespaces: declared again, merged, types inside",
    [
      "namespace N1 { export const a = 1; export type T = string; }",
      "const nt: N1.T = 'x';\nN1.a",
      "namespace N1 { export const b = 2; }",
      "N1.a",
      "N1.b",
      "const nt2: N1.T = 's';",
      "namespace N1 { export const a = 's'; }\nnamespace N1 { export const b = true; }\nN1.a.length",
    ],
  ],
  [
    "a cell that fails type checking, then cells that use its names",
    ["const bad1: number = 'x';\nconst good1 = 1;", "good1", "bad1", "const good1 = 2;\ngood1", "good1 + 1"],
    (r) => {
      assert.equal(r[0]!.output, undefined, "the failing cell is not run");
      assert.equal(r[1]!.diagnostics.length, 1, "its names are not declared");
    },
  ],
  [
    "a cell that throws at run time, then cells that use its names",
    [
      "const before = 1;",
      "!const th = 2;\ntype TH = number;\nthrow new Error('x');",
      "th",
      "const h: TH = 1;",
      "before + 1",
      "const th = 's';\nth.length",
    ],
    (r) => assert.equal(r[2]!.diagnostics.length, 1),
  ],
  [
    "top-level await",
    [
      "const aw = await Promise.resolve({ k: 1 });",
      "aw.k + 1",
      "async function* gen() { yield 1; yield 2; }",
      "let sum = 0;\nfor await (const v of gen()) sum += v;\nsum",
      "const aw2: string = await Promise.resolve(2);",
      "await new Promise((r) => setTimeout(r, 0));",
    ],
  ],
  [
    "satisfies",
    [
      "const cfg = { a: 1, b: 'x' } satisfies Record<string, number | string>;",
      "cfg.a.toFixed() + cfg.b.length",
      "const bad = { a: true } satisfies Record<string, number>;",
      "const cfg2 = { a: 2 } satisfies { a: number; b?: string };\ncfg2.b",
    ],
  ],
  [
    "keyof typeof an earlier object, the object declared again",
    [
      "const obj = { alpha: 1, beta: 2 };\ntype K = keyof typeof obj;",
      "const k1: K = 'alpha';",
      "const k2: K = 'gamma';",
      "const obj = { gamma: 3 };",
      "const k3: K = 'gamma';",
      "const k4: K = 'alpha';",
      "const k5: keyof typeof obj = 'gamma';",
    ],
  ],
  [
    "const assertions",
    [
      "const tup = [1, 'a'] as const;\nconst cfgc = { mode: 'fast', n: 3 } as const;",
      "const one: 1 = tup[0];\nconst fast: 'fast' = cfgc.mode;",
      "tup.push(3)",
      "cfgc.n = 4;",
      "const tup = [2] as const;\nconst two: 2 = tup[0];",
    ],
  ],
  [
    "a class with private fields declared again",
    [
      "class Acc { #v = 0; private w = 1; inc() { return ++this.#v + this.w; } }\nconst acc = new Acc();",
      "acc.inc()",
      "class Acc { #v = 's'; private w = 's'; get() { return this.#v + this.w; } }",
      "const acc2: Acc = acc;",
      "acc.inc() + new Acc().get().length",
      "new Acc().w",
    ],
  ],
  [
    "interfaces that classes implement, the interface declared again",
    [
      "interface Shape { area(): number }\nclass Sq implements Shape { area() { return 1; } }",
      "interface Shape { perimeter(): number }",
      "class Sq2 implements Shape { area() { return 1; } }",
      "const sh: Shape = new Sq();",
      "abstract class Base { abstract m(): number }\nclass D extends Base {}",
    ],
  ],
  [
    "generic types declared again",
    [
      "type Box<T> = { v: T };\nconst b1: Box<number> = { v: 1 };",
      "type Box<T> = { w: T[] };",
      "const b2: Box<string> = { v: 's' };",
      "const b3: Box<string> = { w: ['s'] };\nb1.v + b3.w[0]!.length",
      "interface Tree<T> { value: T; children: Tree<T>[] }",
      "const tr: Tree<number> = { value: 1, children: [{ value: 2, children: [] }] };\ntr.children[0]!.value",
      "type Json = string | number | boolean | null | Json[] | { [k: string]: Json };\nconst js: Json = { a: [1, 's', { b: null }] };",
      "const js2: Json = { a: undefined };",
    ],
  ],
  [
    "let across cells: declared type, no narrowing from the earlier cell",
    [
      "let maybe: string | undefined = 'x';\nmaybe.length",
      "maybe.length",
      "let counter = 0;",
      "counter++;\ncounter",
      "counter = 's';",
      "maybe = undefined;",
    ],
  ],
  [
    "unique symbols and computed keys",
    [
      "const sym: unique symbol = Symbol('s');\nconst so = { [sym]: 1 };",
      "so[sym] + 1",
      "const sym: unique symbol = Symbol('t');",
      "so[sym]",
    ],
  ],
  [
    "a function type from a later cell, and types only in declarations",
    [
      "function usesLater(): number { return 1; }\nconst ul = usesLater();",
      "type Later = ReturnType<typeof usesLater>;\nconst lt: Later = 2;",
      "function usesLater(): string { return 's'; }",
      "const lt2: Later = 3;",
      "const lt3: ReturnType<typeof usesLater> = 4;",
      "function mk() { class Local { a = 1; } return new Local(); }\nconst mkv = mk();",
      "mkv.a",
    ],
  ],
  [
    "the same error in consecutive cells at the same place, and comment directives",
    [
      "const e1: string = 1;",
      "const e1: string = 1;",
      "// @ts-expect-error\nconst e1: string = 1;",
      "// @ts-expect-error\nconst e1: string = 1;",
      "// @ts-expect-error\nconst e2: string = 's';",
      "// @ts-expect-error\nconst e2: string = 's';",
      "const e1: string = 1;",
    ],
  ],
  [
    "cells the kernel must take the old path for, between reused ones",
    [
      "const base = 1;",
      'declare module "virtual-mod" { export const vm: number; }',
      "base + 1",
      'import type { Rng } from "gradlab";',
      "const rt: Rng | undefined = undefined;",
      '/// <reference types="node" />\nconst refd = 1;',
      "refd + base",
      "interface Array<T> { localOnly: T }\nconst la: number[] = [];\nla.localOnly",
    ],
  ],
  [
    "const enums (inlined in the emitted JS) declared again, decorators, accessors",
    [
      "const enum CE { A = 1, B = A * 2 }",
      "CE.B",
      "const enum CE { A = 10, B = A * 3 }",
      "CE.B + CE.A",
      "function dec<T>(t: T, _c: ClassDecoratorContext) { return t; }\n@dec class Dd { accessor v = 1; }",
      "@dec class Dd2 {}\nnew Dd().v",
      "function dec(t: unknown) { return t; }",
      "@dec class Dd3 {}",
    ],
    (r) => {
      assert.match(r[1]!.output ?? "", /2 \/\* CE\.B \*\//);
      assert.match(r[3]!.output ?? "", /30 \/\* CE\.B \*\/ \+ 10 \/\* CE\.A \*\//);
    },
  ],
  [
    "a namespace import declared again as a value, and imported again",
    [
      'import * as fs from "fs";',
      "fs.existsSync('.')",
      "const fs = 1;",
      "fs + 1",
      "fs.existsSync('.')",
      'import { existsSync } from "fs";',
      "const ex: typeof existsSync = existsSync;\nfs + 2",
    ],
  ],
  [
    "two classes of the same name with private members (the message names the earlier one)",
    [
      "class Q { private a = 1; }\nconst q = new Q();\nfunction mkQ() { return new Q(); }",
      "class Q { private a = 1; }\nconst q2: Q = mkQ();",
      "const q3: Q = q;",
      "type Fn = typeof mkQ;\nconst fnv: Fn = () => 1;",
    ],
    (r) => assert.ok(messages(r[1]!).some((m) => m.includes("Types have separate declarations of a private property 'a'."))),
  ],
  [
    "comment directives in other places (the reused checker applies them itself)",
    [
      "/* @ts-expect-error */\nconst d1: string = 1;",
      "// @ts-expect-error\n\n// a comment\n\nconst d2: string = 1;",
      "// @ts-expect-error\nconst d3: string = 1; const d4: number = 's';",
      "const d5: string = 1; // @ts-expect-error",
      "//@ts-ignore: reason\nconst d6: string = 1;",
      "// @ts-expect-error -- reason\nconst d7: string = 1;",
      "function inner() {\n  // @ts-expect-error\n  const x: string = 1;\n  return x;\n}",
      "const tpl = `\n// @ts-expect-error\n`;\nconst d8: string = 1;",
      "// @ts-expect-error\n// @ts-expect-error\nconst d9: string = 1;",
      "/** @ts-expect-error */\nconst d10: string = 1;",
      "// @ts-expect-error\nconst d11 = (1 + ;",
      "// @ts-expect-error\nconst d12: string =\n  1;",
      "const d13: string =\n  // @ts-expect-error\n  1;",
    ],
  ],
  [
    "a chain of cells using gradlab's types, imports in between",
    [
      'import * as gl from "gradlab";',
      "const rng = gl.createRng(7);\nconst xs = rng.normals(3);",
      "const m = gl.Matrix.fromFlat(1, 3, xs);\nm.get(0, 1)",
      "gl.fmt(m.get(0, 0), 3)",
      "const wrong: string = gl.fmt;",
      'import { fmt, Matrix, type Rng } from "gradlab";',
      "function draw(r: Rng, n: number) { return Matrix.fromFlat(1, n, r.normals(n)); }\nconst m2 = draw(rng, 2);",
      "fmt(m2.get(0, 1))",
      "const rng = 5;",
      "draw(rng, 2)",
      "const fork: gl.Rng = gl.createRng(1).fork();\nfmt(fork.uniform())",
      'import * as gl from "gradlab";\nconst again = gl.createRng(2);',
      "again.int(0, 3) + m2.get(0, 0)",
    ],
  ],
  [
    // A cell that imports only declaration files the program holds keeps the checker; anything
    // else (a local .ts or .json file, whose output the kernel emits, an ambient module such as
    // "fs", a module the program has not got) takes the old path.
    "imports on the reused checker: names, aliases, conflicts, types from them in later cells",
    [
      'import { fmt } from "gradlab";\nfmt(1 / 7)',
      'import { fmt as show7, Matrix } from "gradlab";\nconst im = Matrix.fromFlat(1, 2, [1, 2]);\nshow7(im.get(0, 1))',
      "im.get(0, 0) + 1",
      'import { fmt } from "gradlab";\nconst fmt = 2;',
      'import { createRng } from "gradlab";\nconst ir = createRng(3);\ntype IR = typeof ir;',
      "const ir2: IR = createRng(4);\nir2.uniform()",
      'import { tf } from "gradlab";\nconst it1 = tf.tensor1d([1, 2]);',
      "it1.shape",
      'import type { Rng } from "gradlab";\nfunction useRng(r: Rng) { return r.uniform(); }',
      "useRng(ir)",
      'import { missingName } from "gradlab";',
      'import * as nope from "no-such-module";',
      'const lazy = await import("gradlab");\nlazy.fmt(0.25)',
      'export { fmt as exportedFmt } from "gradlab";\nconst afterExport = 1;',
      'import glr = require("gradlab");\nglr.fmt(3)',
      'import { Matrix } from "gradlab";\nclass Wrap { constructor(public m: Matrix) {} }\nconst wr = new Wrap(Matrix.fromFlat(1, 1, [5]));',
      "wr.m.get(0, 0)",
    ],
    (r) => {
      assert.ok(messages(r[3]!).some((m) => m.includes("Import declaration conflicts with local declaration of 'fmt'.")));
      assert.deepEqual(messages(r[10]!), [`0:9 Module '"gradlab"' has no exported member 'missingName'.`]);
      assert.ok(messages(r[11]!).some((m) => m.includes("Cannot find module 'no-such-module'")));
      const importsReused = [0, 1, 4, 6, 8, 12, 14, 15].filter((i) => r[i]!.reusedChecker).length;
      assert.ok(importsReused >= 6, `cells importing gradlab kept the checker: ${importsReused} of 8`);
      assert.equal(r[11]!.reusedChecker, false, "a module the program has not got: a new program");
    },
  ],
  [
    "imports the kernel must take the old path for: local files, JSON, ambient and built-in modules",
    [
      'import { fmt } from "gradlab";',
      'import { DivergenceError as LocalError } from "./lib/util/errors";\nLocalError.name',
      "fmt(2)",
      'import pkg from "./package.json";\npkg.name.length',
      "pkg.version.length + LocalError.name.length",
      'import { readFileSync } from "node:fs";\nreadFileSync.name',
      "readFileSync.length",
      'import * as nodePath from "path";\nnodePath.sep',
      "nodePath.sep + pkg.name",
      'import { fmt as again } from "gradlab";\nagain(nodePath.sep.length)',
      "again(1) + fmt(2)",
    ],
    (r) => {
      for (const i of [1, 3, 5, 7]) assert.equal(r[i]!.reusedChecker, false, `cell ${i}: a new program`);
      assert.match(r[1]!.output ?? "", /require\("\.\/lib\/util\/errors"\)/);
    },
  ],
];

/** Compiles `cells` on new converters with and without the reuse; every cell must agree. */
function divergenceCase(cells: string[]): void {
  const a = new Session(true);
  const b = new Session(false);
  try {
    for (const src of cells) {
      const x = a.run(src);
      const y = b.run(src);
      assert.deepEqual(messages(x), messages(y), `cell: ${src}`);
      assert.deepEqual(comparable(x), comparable(y), `cell: ${src}`);
    }
  } finally {
    a.converter.close();
    b.converter.close();
  }
}

/** Splits off the `!` marking a cell that throws at run time. */
function cellOf(raw: string): [src: string, throws: boolean] {
  return raw.startsWith("!") ? [raw.slice(1), true] : [raw, false];
}

describe("kernel: one type checker across cells, adversarial cells", function () {
  this.timeout(300_000);
  // One session of each kind for all cases, as one long notebook: each case also runs on the
  // checker (and declarations) the cases before it left.
  let reused: Session;
  let fresh: Session;
  let reusedCells = 0;
  before(() => {
    reused = new Session(true);
    fresh = new Session(false);
    reused.run("0");
    fresh.run("0");
  });
  after(() => {
    reused.converter.close();
    fresh.converter.close();
  });

  for (const [title, cells, check] of CASES) {
    it(title, () => {
      const withReuse: Converted[] = [];
      const without: Converted[] = [];
      for (const raw of cells) {
        const [src, throws] = cellOf(raw);
        const a = reused.run(src, throws);
        const b = fresh.run(src, throws);
        assert.equal(b.reusedChecker, false);
        if (a.reusedChecker) reusedCells++;
        assert.deepEqual(
          comparable(a),
          comparable(b),
          `cell: ${src}\nwith the reuse: ${JSON.stringify(messages(a))}\nwithout: ${JSON.stringify(messages(b))}`,
        );
        assert.equal(reused.prev, fresh.prev, `declarations after: ${src}`);
        withReuse.push(a);
        without.push(b);
      }
      assert.ok(withReuse.filter((r) => r.reusedChecker).length >= cells.length / 2, "most cells on the reused checker");
      check?.(withReuse);
    });
  }

  // A cell with `declare global { ... }` takes the old path (a new program) and fails its type
  // check (the kernel's rewrite reports "Cannot find name '__global'"), so it is not run and its
  // declarations are not kept. Its program's checker has merged its global declarations, so the
  // next cell must not reuse that checker: without the rule that the previous cell's declarations
  // were adopted (lastDeclOutput in the converter), `probeGlobal + [1].probeExtra!` compiled and ran.
  it("a failed cell's global augmentation does not reach the next cells", () => {
    divergenceCase([
      "declare global { var probeGlobal: number; interface Array<T> { probeExtra?: T } }\nconst ga = 1;",
      "probeGlobal + [1].probeExtra!",
    ]);
  });

  // The same for a module augmentation: after `import * as gl from "gradlab";`, the cell
  // `declare module "gradlab" { interface Rng { extra: number } }` fails and is not run; the next
  // cell `gl.createRng(1).extra` must get "Property 'extra' does not exist on type 'Rng'.".
  it("a failed cell's module augmentation does not reach the next cells", () => {
    divergenceCase([
      'import * as gl from "gradlab";',
      'declare module "gradlab" { interface Rng { extra: number } }\nconst dm = 1;',
      "gl.createRng(1).extra",
    ]);
  });

  it("120 cells, each using the one before (the checker is renewed on the way)", () => {
    const srcs = ["type Acc0 = { n: number };\nconst c0: Acc0 = { n: 0 };"];
    for (let i = 1; i < 120; i++) {
      srcs.push(
        i % 10 === 0
          ? `type Acc${i} = Acc${i - 1} & { ['k${i}']: ${i % 20 === 0 ? "string" : "number"} };\nconst c${i}: Acc${i} = { ...c${i - 1}, k${i}: ${i % 20 === 0 ? `'${i}'` : i} };`
          : `type Acc${i} = Acc${i - 1};\nconst c${i}: Acc${i} = { ...c${i - 1}, n: c${i - 1}.n + 1 };`,
      );
    }
    srcs.push("const last: number = c119.n + c110.k110 + c100.k100.length;\nlast", "const wrongLast: string = c119.k110;");
    let reusedHere = 0;
    srcs.forEach((src) => {
      const a = reused.run(src);
      const b = fresh.run(src);
      if (a.reusedChecker) reusedHere++;
      assert.deepEqual(comparable(a), comparable(b), `cell: ${src}`);
    });
    reusedCells += reusedHere;
    assert.ok(reusedHere > 100, `${reusedHere}`);
  });

  it("the cases ran on a reused checker, not only on new ones", () => {
    assert.ok(reusedCells > 200, `cells on a reused checker: ${reusedCells}`);
  });
});
