// The exercise convention (CONTRIBUTING.md, "Exercises"), read from notebook JSON: solution and
// test cells, the regions between their delimiters, and the stub nbgrader puts in their place.
// Shared by the hygiene test and the grading tests; independent of nbgrader's own code, so the
// tests can check what nbgrader did.
import fs from "node:fs";

export interface NbgraderMeta {
  grade?: boolean;
  solution?: boolean;
  locked?: boolean;
  points?: number;
  grade_id?: string;
  schema_version?: number;
  [key: string]: unknown;
}

export interface Cell {
  cell_type: string;
  id?: string;
  source: string | string[];
  metadata: { tags?: string[]; nbgrader?: NbgraderMeta; [key: string]: unknown };
  outputs?: unknown[];
  execution_count?: number | null;
}

export interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string; language?: string } };
}

/** The delimiters and the stub of nbgrader_config.py. */
export const SOLUTION = { begin: "// BEGIN SOLUTION", end: "// END SOLUTION" } as const;
export const HIDDEN = { begin: "// BEGIN HIDDEN TESTS", end: "// END HIDDEN TESTS" } as const;
export const STUB = ["// YOUR CODE HERE", 'throw new Error("not implemented");'] as const;

export type Delimiters = { begin: string; end: string };

export const readNotebook = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
export const cellText = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
export const isSolution = (cell: Cell) => cell.metadata.nbgrader?.solution === true;
export const isTest = (cell: Cell) => cell.metadata.nbgrader?.grade === true && cell.metadata.nbgrader?.solution !== true;

export interface Region {
  /** Line index of the begin delimiter. */
  begin: number;
  /** Line index of the end delimiter. */
  end: number;
  /** The begin delimiter's indentation. */
  indent: string;
  /** The lines strictly between the delimiters. */
  lines: string[];
}

/**
 * The regions between `delims` in `text`. Throws on a delimiter line with anything besides
 * indentation and the delimiter, on nesting and on an unclosed or unopened region: nbgrader
 * matches delimiters as substrings, so a malformed line would not be removed as expected.
 */
export function regions(text: string, delims: Delimiters): Region[] {
  const lines = text.split("\n");
  const found: Region[] = [];
  let open: { begin: number; indent: string } | null = null;
  const keyword = (d: string) => d.replace(/^\/\/\s*/, "");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const isBegin = line.includes(keyword(delims.begin));
    const isEnd = line.includes(keyword(delims.end));
    if (!isBegin && !isEnd) continue;
    const expected = isBegin ? delims.begin : delims.end;
    if (line.trim() !== expected) throw new Error(`line ${i + 1} should be exactly "${expected}" (after indentation); got "${line}"`);
    if (isBegin) {
      if (open) throw new Error(`line ${i + 1}: "${delims.begin}" inside another region (opened on line ${open.begin + 1})`);
      open = { begin: i, indent: /^\s*/.exec(line)![0] };
    } else {
      if (!open) throw new Error(`line ${i + 1}: "${delims.end}" without "${delims.begin}"`);
      found.push({ begin: open.begin, end: i, indent: open.indent, lines: lines.slice(open.begin + 1, i) });
      open = null;
    }
  }
  if (open) throw new Error(`line ${open.begin + 1}: "${delims.begin}" is never closed`);
  return found;
}

/** `text` with each region (delimiters included) replaced by `replacement(region)`. */
export function replaceRegions(text: string, delims: Delimiters, replacement: (region: Region) => string[]): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let i = 0;
  for (const region of regions(text, delims)) {
    out.push(...lines.slice(i, region.begin), ...replacement(region));
    i = region.end + 1;
  }
  out.push(...lines.slice(i));
  return out.join("\n");
}

/** What nbgrader's generate_assignment should make of a cell of the instructor's notebook. */
export function expectedStudentText(cell: Cell): string {
  const text = cellText(cell);
  if (isSolution(cell)) return replaceRegions(text, SOLUTION, (r) => STUB.map((line) => r.indent + line));
  if (isTest(cell)) return replaceRegions(text, HIDDEN, () => []);
  return text;
}

/** How many stubs a cell shows (the two stub lines in a row, at any indentation). */
export function stubCount(text: string): number {
  const lines = text.split("\n").map((l) => l.trim());
  return lines.filter((l, i) => l === STUB[0] && lines[i + 1] === STUB[1]).length;
}

/**
 * Fills the stubs of a released solution cell, in order, with `answers` (one per stub; lines are
 * indented like the stub they replace). Throws when the counts differ.
 */
export function fillStubs(text: string, answers: string[]): string {
  const lines = text.split("\n");
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === STUB[0] && lines[i + 1]?.trim() === STUB[1]) {
      const answer = answers[used++];
      if (answer === undefined) throw new Error(`more stubs than answers (${answers.length})`);
      const indent = /^\s*/.exec(line)![0];
      out.push(...answer.split("\n").map((l) => (l ? indent + l : l)));
      i++;
    } else {
      out.push(line);
    }
  }
  if (used !== answers.length) throw new Error(`${answers.length} answers for ${used} stubs`);
  return out.join("\n");
}

/** The instructor's answers of a solution cell: the text of each solution region, unindented. */
export function solutionAnswers(cell: Cell): string[] {
  return regions(cellText(cell), SOLUTION).map((r) =>
    r.lines.map((l) => (l.startsWith(r.indent) ? l.slice(r.indent.length) : l)).join("\n"),
  );
}

export interface Exercise {
  id: string;
  /** Index of the solution cell. */
  cell: number;
  /** The test cells that follow it, before the next solution cell. */
  tests: Array<{ id: string; cell: number; points: number }>;
}

/** The exercises of a notebook, in order. */
export function exercises(nb: Notebook): Exercise[] {
  const list: Exercise[] = [];
  nb.cells.forEach((cell, i) => {
    if (isSolution(cell)) list.push({ id: String(cell.metadata.nbgrader?.grade_id), cell: i, tests: [] });
    else if (isTest(cell) && list.length > 0) {
      list[list.length - 1]!.tests.push({
        id: String(cell.metadata.nbgrader?.grade_id),
        cell: i,
        points: Number(cell.metadata.nbgrader?.points),
      });
    }
  });
  return list;
}
