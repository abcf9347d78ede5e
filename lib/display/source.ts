/**
 * A library function's own source, shown in the notebook where the code is the lesson.
 * `showSource(gradientDescent)` finds the declaration in lib/ (the TypeScript the package was
 * compiled from, found relative to this module, so it works from dist/ and from lib/), and shows
 * it as a highlighted TypeScript block under a link to its file. The link is relative to the
 * kernel's folder (the notebook's), and no absolute path of the machine is ever shown.
 *
 * Names are looked up among lib's top-level `function | class | const` declarations, exported or
 * not (so a module's private class can be shown too); "Class.method" picks a method. A name
 * declared in two files needs `{ file }` to choose.
 * The source is prettier-formatted, so a top-level declaration ends at the first line that
 * starts with "}" (or ends with ";" at depth 0 for one-liners); a method, at "  }".
 *
 * @example showSource(gradientDescent) // the whole function, with its doc comment
 * @example showSource("Value.backward") // one method of a class
 * Introduced in [notebook 06](../../notebooks/06-gradient-descent.ipynb).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { displayBundle } from "./index";
import { checkBoolean, checkOptions, checkString } from "../util/validate";

import { at } from "../util/array";
export interface SourceSnippet {
  /** The name looked up, e.g. "gradientDescent" or "Value.backward". */
  name: string;
  /** The file, relative to the project's folder: "lib/optim/gradient-descent.ts". */
  file: string;
  /** First and last line shown (1-based, inclusive). */
  lines: [number, number];
  code: string;
}

export interface SourceOptions {
  /** The file to look in when the name is exported from several, e.g. "lib/tape/ops/reductions.ts". */
  file?: string;
  /** Include the doc comment above the declaration. @default true */
  doc?: boolean;
}

/** The project's folder: the one holding lib/index.ts, two levels above this module (lib/display or dist/display). */
function projectRoot(): string {
  const root = path.resolve(__dirname, "..", "..");
  if (!fs.existsSync(path.join(root, "lib", "index.ts"))) {
    throw new Error("showSource: the library's TypeScript sources (lib/) are not next to its compiled code, so there is nothing to show");
  }
  return root;
}

let fileCache: string[] | undefined;

function libFiles(root: string): string[] {
  if (fileCache) return fileCache;
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) found.push(path.relative(root, full).split(path.sep).join("/"));
    }
  };
  walk(path.join(root, "lib"));
  fileCache = found.sort();
  return fileCache;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Start of the doc comment ending just above line `at` (or `at` itself when there is none). */
function docStart(lines: string[], at: number): number {
  const above = lines[at - 1] ?? "";
  if (/^\s*\/\*\*.*\*\/\s*$/.test(above)) return at - 1; // a one-line doc comment
  if (!/^\s*\*\/\s*$/.test(above)) return at;
  let i = at - 1;
  while (i > 0 && !/^\s*\/\*\*/.test(lines[i] as string)) i--;
  return i;
}

const balanced = (line: string) => [..."{(["].every((open, k) => line.split(open).length === line.split("})]"[k] as string).length);

/** Last line of the declaration starting at `start`, whose closing line is indented by `indent`. */
function declarationEnd(lines: string[], start: number, indent: string): number {
  const first = lines[start] as string;
  if (/[;}]\s*$/.test(first) && balanced(first)) return start;
  const closing = new RegExp(`^${indent}[})\\]]`);
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    // "): Type {" and "} else {" open a block rather than close one
    if (closing.test(line) && !/[{([]\s*$/.test(line)) return i;
  }
  throw new Error(`showSource: could not find where the declaration on line ${start + 1} ends`);
}

/**
 * Finds the declaration of `target` (a lib function or class, or its name) in lib/.
 * @example sourceOf("gradientDescent").file // "lib/optim/gradient-descent.ts"
 */
export function sourceOf(
  target: string | ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown),
  options: SourceOptions = {},
): SourceSnippet {
  checkOptions("showSource: options", options);
  if (options.file !== undefined) checkString("showSource: options.file", options.file);
  if (options.doc !== undefined) checkBoolean("showSource: options.doc", options.doc);
  const name = typeof target === "string" ? target : typeof target === "function" ? target.name : "";
  if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/.test(name)) {
    throw new TypeError(
      `showSource: target must be a lib function or class (e.g. gradientDescent) or its name (e.g. "Value.backward"); got ${typeof target === "string" ? JSON.stringify(target) : typeof target}`,
    );
  }
  const [outer, member] = name.split(".") as [string, string | undefined];
  const root = projectRoot();
  const declaration = new RegExp(
    `^(?:export )?(?:declare )?(?:async )?(?:abstract )?(?:function\\*?|class|const|let) ${escapeRegExp(outer)}\\b`,
  );
  const files = options.file ? [options.file.replace(/^\.\//, "")] : libFiles(root);
  const hits: Array<{ file: string; lines: string[]; starts: number[] }> = [];
  for (const file of files) {
    const full = path.join(root, file);
    // A file listed from lib/ and gone a moment later (removed while the list was read) is skipped;
    // one the caller named must exist.
    if (!options.file && !fs.existsSync(full)) continue;
    if (!fs.existsSync(full))
      throw new RangeError(
        `showSource: options.file "${file}" is not a file of the project; give a path such as "lib/optim/gradient-descent.ts"`,
      );
    const lines = fs.readFileSync(full, "utf8").split("\n");
    const starts = lines.flatMap((line, i) => (declaration.test(line) ? [i] : []));
    if (starts.length > 0) hits.push({ file, lines, starts });
  }
  if (hits.length === 0) {
    throw new RangeError(
      `showSource: no top-level function, class or const named "${outer}" in ${options.file ?? "lib/"}; pass a lib function such as gradientDescent`,
    );
  }
  if (hits.length > 1) {
    throw new RangeError(
      `showSource: "${outer}" is declared in ${hits.map((h) => h.file).join(", ")}; choose one with { file: "${hits[0]?.file}" }`,
    );
  }
  const { file, lines, starts } = hits[0] as (typeof hits)[number];
  // Overloads: the signatures come first, the implementation (with the body) last.
  let first = at(starts, 0, "starts");
  let last = declarationEnd(lines, at(starts, starts.length - 1, "starts"), "");
  if (member) {
    const method = new RegExp(
      `^  (?:(?:public|private|protected|static|readonly|override|async|get|set) )*${escapeRegExp(member)}\\s*[(<]`,
    );
    const at = lines.findIndex((line, i) => i > first && i < last && method.test(line));
    if (at < 0) throw new RangeError(`showSource: ${outer} in ${file} has no method "${member}"`);
    first = at;
    last = declarationEnd(lines, at, "  ");
  }
  const from = options.doc === false ? first : docStart(lines, first);
  const shown = lines.slice(from, last + 1);
  const indent = Math.min(...shown.filter((l) => l.trim()).map((l) => (/^ */.exec(l) as RegExpExecArray)[0].length));
  return { name, file, lines: [from + 1, last + 1], code: shown.map((l) => l.slice(indent)).join("\n") };
}

/**
 * Shows a lib function's (or class's, or method's) TypeScript source, highlighted, with a link to
 * its file. Returns nothing, so that a notebook cell ending with it prints nothing more
 * (`sourceOf` returns the same snippet as data).
 * @example showSource(gradientDescent)
 */
export function showSource(
  target: string | ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown),
  options: SourceOptions = {},
): void {
  const snippet = sourceOf(target, options);
  // The link is relative to the kernel's folder (the notebook's), e.g. ../lib/optim/gradient-descent.ts.
  const href = path.relative(process.cwd(), path.join(projectRoot(), snippet.file)).split(path.sep).join("/");
  const fence = "`".repeat(Math.max(3, ...(snippet.code.match(/`+/g) ?? []).map((m) => m.length + 1)));
  const where = `lines ${snippet.lines[0]}–${snippet.lines[1]}`;
  displayBundle({
    "text/markdown": `\`${snippet.name}\` in [${snippet.file}](${href}), ${where}:\n\n${fence}typescript\n${snippet.code}\n${fence}\n`,
    "text/plain": `// ${snippet.name}: ${snippet.file}, ${where}\n${snippet.code}`,
  });
}
