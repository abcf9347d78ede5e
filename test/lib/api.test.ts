// gradlab's public API (lib/index.ts, README "How it fits together"): a small top level and one
// namespace per engine or topic. The names, types included, are read with the TypeScript compiler.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const LIB = path.resolve(__dirname, "../../lib");
const NOTEBOOKS = path.resolve(__dirname, "../../notebooks");

/** The checks a learner calls by name (exercise checks and witnesses); every other `check...` is internal. */
export const LEARNER_CHECKS: readonly string[] = [
  "checkClose",
  "checkAllClose",
  "checkDerivative",
  "checkGradient",
  "checkExercise",
  "checkHidden",
  "checkMatrices",
  "checkHessianMatrix",
];

/** Names of lib's input validation and grading plumbing: `checkShape`, `assertFinite`, `validateX` ... */
const INTERNAL_CHECKER = /^(check|assert|validate|ensure|require)[A-Z0-9_]/;

/** Every exported name of lib/index.ts (values and types), and of each namespace it exports. */
export function publicNames(): { top: string[]; namespaces: Map<string, string[]> } {
  const index = path.join(LIB, "index.ts");
  const program = ts.createProgram([index], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  const top: string[] = [];
  const namespaces = new Map<string, string[]>();
  for (const e of checker.getExportsOfModule(moduleSymbol)) {
    top.push(e.name);
    const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    const decl = target.declarations?.[0];
    // `export * as symbolic from "./api/symbolic"`: a namespace made of one of lib/api's modules
    if (decl && ts.isSourceFile(decl) && path.dirname(decl.fileName) === path.join(LIB, "api").replace(/\\/g, "/"))
      namespaces.set(
        e.name,
        checker.getExportsOfModule(target).map((x) => x.name),
      );
  }
  return { top, namespaces };
}

/** The broken rules for one list of exported names (one line each). */
export function nameProblems(names: readonly string[], where: string, learnerChecks = LEARNER_CHECKS): string[] {
  const problems: string[] = [];
  const byLower = new Map<string, string[]>();
  for (const n of names) byLower.set(n.toLowerCase(), [...(byLower.get(n.toLowerCase()) ?? []), n]);
  for (const same of byLower.values()) if (same.length > 1) problems.push(`${where}: ${same.join(" and ")} differ only in case`);
  for (const n of names)
    if (INTERNAL_CHECKER.test(n) && !learnerChecks.includes(n))
      problems.push(`${where}: ${n} looks like an internal checker; export it only if learners call it (then add it to LEARNER_CHECKS)`);
  return problems;
}

describe("gradlab's public API", () => {
  const { top, namespaces } = publicNames();

  it("has no two top-level names that differ only in case, and no internal checker at the top", () => {
    assert.deepEqual(nameProblems(top, "gradlab"), []);
  });

  it("has, in every namespace, no two names that differ only in case and no internal checker", () => {
    assert.ok(namespaces.size >= 11, `the namespaces were read (${[...namespaces.keys()].join(", ")})`);
    const problems = [...namespaces].flatMap(([ns, names]) => nameProblems(names, ns));
    assert.deepEqual(problems, []);
  });

  it("has a namespace per engine, and engine names stay out of the top level", () => {
    for (const ns of [
      "symbolic",
      "forward",
      "numeric",
      "scalar",
      "tape",
      "nn",
      "optim",
      "secondorder",
      "regression",
      "monitor",
      "datasets",
    ])
      assert.ok(namespaces.has(ns), `the namespace ${ns}`);
    for (const generic of ["sum", "evaluate", "grad", "differentiate", "mlp", "Param"]) assert.ok(!top.includes(generic), generic);
    assert.ok(namespaces.get("scalar")!.includes("grad") && namespaces.get("symbolic")!.includes("differentiate"));
  });

  it("keeps every learner-facing check at the top level, and a notebook uses each of them", () => {
    const text = fs
      .readdirSync(NOTEBOOKS)
      .filter((f) => f.endsWith(".ipynb"))
      .map((f) => fs.readFileSync(path.join(NOTEBOOKS, f), "utf8"))
      .join("\n");
    for (const check of LEARNER_CHECKS) {
      assert.ok(top.includes(check), `${check} is exported at the top level`);
      assert.match(text, new RegExp(`\\b${check}\\b`), `a notebook uses ${check}`);
    }
  });

  it("reports names that differ only in case and internal checkers", () => {
    assert.deepEqual(nameProblems(["mlp", "MLP", "checkShape", "checkClose", "assertFinite", "checker", "show"], "x"), [
      "x: mlp and MLP differ only in case",
      "x: checkShape looks like an internal checker; export it only if learners call it (then add it to LEARNER_CHECKS)",
      "x: assertFinite looks like an internal checker; export it only if learners call it (then add it to LEARNER_CHECKS)",
    ]);
  });
});
