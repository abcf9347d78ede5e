// Counts the type assertions in lib/ on the syntax tree: non-null assertions (`x!`) and casts
// (`x as T`, `<T>x`), leaving out `as const` (which asserts nothing). Printed per file, most first.
//   node -r ts-node/register/transpile-only scripts/count-assertions.ts [--all] [dir]
// --all also lists each assertion with its line. test/static/assertions.test.ts holds lib/ to a
// ceiling with `countAssertions`.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export interface Assertion {
  file: string;
  line: number;
  kind: "non-null" | "as" | "angle";
  text: string;
}

function isAsConst(node: ts.AsExpression | ts.TypeAssertion): boolean {
  return ts.isTypeReferenceNode(node.type) && ts.isIdentifier(node.type.typeName) && node.type.typeName.text === "const";
}

/** The assertions in one TypeScript source text. */
export function assertionsIn(file: string, text: string): Assertion[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: Assertion[] = [];
  const add = (node: ts.Node, kind: Assertion["kind"]) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    found.push({ file, line, kind, text: node.getText(source).replace(/\s+/g, " ").slice(0, 100) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isNonNullExpression(node)) add(node, "non-null");
    else if (ts.isAsExpression(node) && !isAsConst(node)) add(node, "as");
    else if (ts.isTypeAssertionExpression(node) && !isAsConst(node)) add(node, "angle");
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return tsFiles(full);
      return entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [full] : [];
    })
    .sort();
}

/** Every assertion in the .ts files under `dir`, with paths relative to `base`. */
export function countAssertions(dir: string, base = process.cwd()): Assertion[] {
  return tsFiles(dir).flatMap((file) => assertionsIn(path.relative(base, file), fs.readFileSync(file, "utf8")));
}

/** Counts per file, most first (ties by path). */
export function perFile(assertions: readonly Assertion[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const a of assertions) counts.set(a.file, (counts.get(a.file) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const all = args.includes("--all");
  const dir = args.find((a) => !a.startsWith("--")) ?? "lib";
  const found = countAssertions(path.resolve(dir));
  if (all) for (const a of found) console.log(`${a.file}:${a.line}\t${a.kind}\t${a.text}`);
  for (const [file, n] of perFile(found)) console.log(`${String(n).padStart(4)}  ${file}`);
  const nonNull = found.filter((a) => a.kind === "non-null").length;
  console.log(`${String(found.length).padStart(4)}  total in ${dir} (${nonNull} non-null, ${found.length - nonNull} as/angle casts)`);
}
