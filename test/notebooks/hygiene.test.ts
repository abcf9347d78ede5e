// How notebooks are kept in the repository: without outputs (see README, "Notebooks in git"),
// on the tslab kernel, with stable cell ids, and with exercises that nbgrader understands
// (CONTRIBUTING.md, "Exercises"). Every notebook in notebooks/ is checked, and the course-like
// fixtures of the grading tests (test/fixtures/grading) with it.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { HINTS } from "../../lib/check/hints";
import { ROOT } from "../support/jupyter";
import {
  HIDDEN,
  SOLUTION,
  cellText,
  exercises,
  isSolution,
  isTest,
  readNotebook,
  regions,
  type Cell,
  type Notebook,
} from "../support/exercises";

const list = (...parts: string[]) => {
  const dir = path.join(ROOT, ...parts);
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".ipynb"))
    .sort()
    .map((n) => path.join(dir, n));
};
const courseNotebooks = [...list("notebooks"), ...list("test", "fixtures", "grading")];
const notebooks = [...courseNotebooks, ...list("test", "fixtures", "notebooks")];

const SOLUTION_WORDS = /BEGIN SOLUTION|END SOLUTION/;
const HIDDEN_WORDS = /BEGIN HIDDEN TESTS|END HIDDEN TESTS/;
/** A call of a check from lib/check: checkDerivative(, checkClose(, crossCheck(, ... */
const CHECK_CALL = /\b(check[A-Z]\w*|crossCheck\w*)\s*\(/;

/**
 * The notebook's section number, from its file name: NN-name.ipynb, or NNb-name.ipynb for the
 * second notebook of section NN (07b-adaptive-methods.ipynb is the second half of section 07).
 */
const number = (file: string) => /^(\d\d)[a-z]?-/.exec(path.basename(file))?.[1];

/** The course notebooks of the same section as `file` (itself included), in file order. */
const sectionNotebooks = (file: string) =>
  courseNotebooks.filter((f) => number(f) === number(file) && path.dirname(f) === path.dirname(file));

/** The K of each exercise's grade id exNN-K-name (NaN where the id has another form). */
const exerciseNumbers = (nb: Notebook) => exercises(nb).map((e) => Number(/^ex\d\d-(\d+)-/.exec(e.id)?.[1] ?? NaN));

/** Code without line comments and whitespace, for comparing expressions. */
const squeeze = (code: string) => code.replace(/\/\/.*$/gm, "").replace(/\s+/g, "");

/** A test cell as students see it: without its hidden tests. */
function visiblePart(text: string): string {
  const lines = text.split("\n");
  return regions(text, HIDDEN)
    .reduceRight((acc, r) => [...acc.slice(0, r.begin), ...acc.slice(r.end + 1)], lines)
    .join("\n");
}

/**
 * The answers a solution region gives, as squeezed expressions: what a `return` returns and what
 * an assignment assigns. Short ones ("0", "x*x") say nothing about an exercise and are left out.
 */
function answerExpressions(lines: string[]): string[] {
  const found: string[] = [];
  for (const line of lines) {
    const code = line.replace(/\/\/.*$/, "").trim();
    const match =
      /^return\s+(.+?);?$/.exec(code) ?? /^(?:(?:const|let|var)\s+)?[\w.[\]]+(?:\s*:\s*[^=]+)?\s*[-+*/]?=\s*(.+?);?$/.exec(code);
    const expression = squeeze(match?.[1] ?? "");
    // A bare name, or a call with bare names as arguments (`f(x)`), gives nothing away.
    if (expression.length >= 4 && !/^[\w.]+(\([\w.,]*\))?$/.test(expression)) found.push(expression);
  }
  return found;
}

/**
 * The exercise convention of CONTRIBUTING.md; throws an AssertionError naming the first problem.
 * `numbers` are the K the notebook's exercises must have, in order: 1, 2, ... by default; in a
 * section of several notebooks the K count across the section (checked there), increasing within
 * each notebook.
 */
function checkExercises(name: string, nn: string | undefined, nb: Notebook, numbers?: number[]): void {
  assert.ok(nn, `${name} is named NN-short-name.ipynb`);
  const list = exercises(nb);
  const minimum = nn === "00" ? 1 : 2;
  assert.ok(list.length >= minimum, `${name} has ${list.length} exercises; at least ${minimum} expected`);

  const where = (cell: Cell, i: number) => `${name} cell ${i} (${String(cell.metadata.nbgrader?.grade_id ?? cell.id)})`;
  nb.cells.forEach((cell, i) => {
    const text = cellText(cell);
    const meta = cell.metadata.nbgrader;
    if (isSolution(cell)) {
      assert.equal(cell.cell_type, "code", `${where(cell, i)}: exercises are code cells`);
      assert.deepEqual(
        { solution: meta?.solution, grade: meta?.grade, locked: meta?.locked, schema_version: meta?.schema_version },
        { solution: true, grade: false, locked: false, schema_version: 3 },
        `${where(cell, i)}: solution cell metadata`,
      );
      assert.ok(regions(text, SOLUTION).length > 0, `${where(cell, i)} marks its answer between "${SOLUTION.begin}" and "${SOLUTION.end}"`);
      assert.doesNotMatch(text, HIDDEN_WORDS, `${where(cell, i)}: hidden tests belong in test cells`);
    } else if (isTest(cell)) {
      assert.equal(cell.cell_type, "code", `${where(cell, i)}: test cells are code cells`);
      assert.deepEqual(
        { solution: meta?.solution, grade: meta?.grade, locked: meta?.locked, schema_version: meta?.schema_version },
        { solution: false, grade: true, locked: true, schema_version: 3 },
        `${where(cell, i)}: test cell metadata`,
      );
      assert.ok(Number.isFinite(meta?.points) && Number(meta?.points) > 0, `${where(cell, i)} is worth a positive number of points`);
      assert.doesNotMatch(text, SOLUTION_WORDS, `${where(cell, i)}: solutions belong in solution cells`);
      assert.match(visiblePart(text), CHECK_CALL, `${where(cell, i)}: the visible part calls a check from lib/check`);
    } else {
      assert.doesNotMatch(text, SOLUTION_WORDS, `${where(cell, i)}: solution delimiters outside a solution cell`);
      assert.doesNotMatch(text, HIDDEN_WORDS, `${where(cell, i)}: hidden-test delimiters outside a test cell`);
      if (meta && (meta.grade || meta.solution || meta.locked)) {
        assert.ok(meta.grade_id, `${where(cell, i)}: nbgrader cells need a grade_id`);
      }
    }
  });

  const firstSolution = nb.cells.findIndex(isSolution);
  nb.cells.forEach((cell, i) => {
    if (isTest(cell)) assert.ok(i > firstSolution, `${where(cell, i)}: a test cell comes after the exercise it tests`);
  });
  const expected = numbers ?? list.map((_, k) => k + 1);
  expected.forEach((n, k) => {
    if (k > 0) assert.ok(n > expected[k - 1]!, `${name}: exercise ${k + 1} (K = ${n}) comes after K = ${expected[k - 1]}`);
  });
  list.forEach((exercise, k) => {
    const pattern = new RegExp(`^ex${nn}-${expected[k]}-[a-z0-9]+(-[a-z0-9]+)*$`);
    assert.match(exercise.id, pattern, `${name}: exercise ${k + 1} has grade id ex${nn}-${expected[k]}-short-name`);
    assert.ok(!/-test(-\d+)?$/.test(exercise.id), `${exercise.id}: "-test" is for test cells`);
    assert.ok(exercise.tests.length > 0, `${exercise.id} is followed by a test cell`);
    exercise.tests.forEach((test, j) => {
      assert.equal(test.id, j === 0 ? `${exercise.id}-test` : `${exercise.id}-test-${j + 1}`, `${name}: test ${j + 1} of ${exercise.id}`);
    });
  });
  const gradeIds = nb.cells.map((c) => c.metadata.nbgrader?.grade_id).filter(Boolean);
  assert.equal(new Set(gradeIds).size, gradeIds.length, `${name}: grade ids are unique`);
}

/** No visible part of a test cell shows an answer of the exercise it tests. */
function checkAnswersHidden(nb: Notebook): void {
  for (const exercise of exercises(nb)) {
    const answers = regions(cellText(nb.cells[exercise.cell]!), SOLUTION).flatMap((r) => answerExpressions(r.lines));
    for (const test of exercise.tests) {
      const shown = squeeze(visiblePart(cellText(nb.cells[test.cell]!)));
      for (const answer of answers) {
        assert.ok(
          !shown.includes(answer),
          `${test.id} shows the answer of ${exercise.id} ("${answer}"); move that check between "${HIDDEN.begin}" and "${HIDDEN.end}"`,
        );
      }
    }
  }
}

/** The part of a test cell between its hidden-test delimiters. */
function hiddenPart(text: string): string {
  return regions(text, HIDDEN)
    .map((r) => r.lines.join("\n"))
    .join("\n");
}

/**
 * The integrity rules of the course's exercises (CONTRIBUTING.md, "Exercises"): every answer is a
 * function of its inputs (so hidden tests can call it on new ones), every exercise has a hidden test
 * on inputs drawn at grading time, every test cell imports the checks it calls (so a solution cell
 * cannot shadow them), and hints come in tiers from lib (no hint text in a test cell).
 */
function checkIntegrityRules(name: string, nb: Notebook): void {
  for (const exercise of exercises(nb)) {
    const id = /^(ex\d\d-\d+)-/.exec(exercise.id)?.[1] ?? exercise.id;
    const solution = cellText(nb.cells[exercise.cell]!);
    for (const region of regions(solution, SOLUTION)) {
      assert.ok(
        region.indent.length > 0,
        `${exercise.id}: the answer is the body of a function (a top-level answer cannot be called on hidden inputs)`,
      );
    }
    assert.ok(HINTS[id], `${exercise.id}: lib/check/hints.ts has the two hint tiers of ${id}`);
    const tests = exercise.tests.map((t) => cellText(nb.cells[t.cell]!));
    assert.ok(
      tests.some((text) => new RegExp(`\\bcheckHidden\\(\\s*"${id}"`).test(hiddenPart(text))),
      `${exercise.id}: a hidden test calls checkHidden("${id}", ...) on inputs drawn at grading time`,
    );
    exercise.tests.forEach((test, j) => {
      const text = tests[j]!;
      const imported = new Set(
        [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"gradlab"/g)].flatMap((m) => m[1]!.split(",").map((n) => n.trim())),
      );
      const called = [...text.matchAll(/\b(check[A-Z]\w*|crossCheck\w*)\s*\(/g)].map((m) => m[1]!);
      for (const check of called)
        assert.ok(imported.has(check), `${name} ${test.id}: imports ${check} from "gradlab" in the test cell itself`);
      assert.doesNotMatch(text, /\bhint\s*:/, `${name} ${test.id}: hints come in tiers from lib/check/hints.ts (pass exercise: "${id}")`);
      assert.match(
        visiblePart(text),
        new RegExp(`"${id}"`),
        `${name} ${test.id}: the visible checks name the exercise ("${id}") for its hints`,
      );
    });
  }
}

describe("notebook hygiene", () => {
  it("finds the course notebooks and the grading fixtures", () => {
    assert.ok(courseNotebooks.some((f) => f.includes(`${path.sep}notebooks${path.sep}`)));
    assert.ok(courseNotebooks.some((f) => f.includes(`${path.sep}grading${path.sep}`)));
  });

  for (const file of notebooks) {
    const name = path.relative(ROOT, file);
    it(`${name} is committed without outputs, on the tslab kernel`, () => {
      const nb = readNotebook(file);
      assert.equal(nb.metadata.kernelspec?.name, "tslab");
      assert.equal(nb.metadata.kernelspec?.language, "typescript");
      nb.cells.forEach((cell, i) => {
        if (cell.cell_type !== "code") return;
        assert.deepEqual(cell.outputs, [], `${name} cell ${i} has outputs`);
        assert.equal(cell.execution_count, null, `${name} cell ${i} has an execution count`);
      });
      const ids = nb.cells.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, `${name}: cell ids are unique`);
    });
  }

  for (const file of courseNotebooks) {
    const name = path.relative(ROOT, file);
    const nn = number(file);

    it(`${name} has exactly one cell tagged "parameters"`, () => {
      const parameters = readNotebook(file).cells.filter((c) => c.metadata.tags?.includes("parameters"));
      assert.equal(parameters.length, 1, `${name} has exactly one cell tagged "parameters"`);
    });

    it(`${name} follows the exercise convention (nbgrader metadata, delimiters, grade ids)`, () => {
      const section = sectionNotebooks(file);
      const nb = readNotebook(file);
      checkExercises(name, nn, nb, section.length > 1 ? exerciseNumbers(nb) : undefined);
    });

    if (sectionNotebooks(file).length > 1 && sectionNotebooks(file)[0] === file) {
      it(`section ${nn}'s notebooks number their exercises ex${nn}-1, ex${nn}-2, ... across the section, each K once`, () => {
        const section = sectionNotebooks(file);
        const all = section.flatMap((f) => exerciseNumbers(readNotebook(f)));
        assert.deepEqual(
          [...all].sort((a, b) => a - b),
          all.map((_, k) => k + 1),
          `exercise numbers of ${section.map((f) => path.basename(f)).join(", ")}: ${all.join(", ")}`,
        );
      });
    }

    it(`${name}: no visible test shows the answer (hidden tests hold expected answers)`, () => {
      checkAnswersHidden(readNotebook(file));
    });

    if (!file.includes(`${path.sep}notebooks${path.sep}`)) continue;
    it(`${name}: answers are functions, hidden tests draw inputs at grading time, tests import their checks, hints are tiered`, () => {
      checkIntegrityRules(name, readNotebook(file));
    });
  }
});

describe("notebook hygiene checks themselves", () => {
  it("find an answer expression shown by a visible test", () => {
    assert.deepEqual(
      answerExpressions(["  return 3 * x ** 2;", "const slope = (f(b) - f(a)) / (b - a);", "return 0;", "let t: number = x * x;"]),
      ["3*x**2", "(f(b)-f(a))/(b-a)"],
    );
  });

  it("reject malformed, nested and unclosed delimiters", () => {
    assert.throws(() => regions("x = 1; // BEGIN SOLUTION\n// END SOLUTION", SOLUTION), /line 1 should be exactly "\/\/ BEGIN SOLUTION"/);
    assert.throws(() => regions("// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION", SOLUTION), /line 2: .* inside another region/);
    assert.throws(() => regions("// BEGIN HIDDEN TESTS\ncheck()", HIDDEN), /line 1: .* is never closed/);
    assert.throws(() => regions("// END SOLUTION", SOLUTION), /line 1: .* without/);
    assert.deepEqual(regions("a\n  // BEGIN SOLUTION\n  b\n  // END SOLUTION", SOLUTION), [
      { begin: 1, end: 3, indent: "  ", lines: ["  b"] },
    ]);
  });

  const fixture = path.join(ROOT, "test", "fixtures", "grading", "90-grading-fixture.ipynb");
  const NAME = "90-grading-fixture.ipynb";
  /** A copy of the fixture with one cell changed by `change` (the cell with that grade id). */
  function broken(gradeId: string, change: (cell: Cell, nb: Notebook) => void): Notebook {
    const nb = readNotebook(fixture);
    const cell = nb.cells.find((c) => c.metadata.nbgrader?.grade_id === gradeId);
    assert.ok(cell, gradeId);
    change(cell, nb);
    return nb;
  }
  const setText = (cell: Cell, text: string) => (cell.source = text);

  it("pass the unchanged fixture", () => {
    checkExercises(NAME, "90", readNotebook(fixture));
    checkAnswersHidden(readNotebook(fixture));
  });

  it("fail a test cell that students could edit, or that is worth nothing", () => {
    const unlocked = broken("ex90-2-secant-slope-test", (c) => (c.metadata.nbgrader!.locked = false));
    assert.throws(() => checkExercises(NAME, "90", unlocked), /ex90-2-secant-slope-test\): test cell metadata/);
    const free = broken("ex90-1-product-rule-test", (c) => (c.metadata.nbgrader!.points = 0));
    assert.throws(() => checkExercises(NAME, "90", free), /is worth a positive number of points/);
  });

  it("fail grade ids that are not the stable exNN-K-name form", () => {
    const random = broken("ex90-2-secant-slope", (c) => (c.metadata.nbgrader!.grade_id = "cell-8f2c1a"));
    assert.throws(() => checkExercises(NAME, "90", random), /exercise 2 has grade id ex90-2-short-name/);
    const test = broken("ex90-3-tangent-line-test-2", (c) => (c.metadata.nbgrader!.grade_id = "ex90-3-intercept"));
    assert.throws(() => checkExercises(NAME, "90", test), /test 2 of ex90-3-tangent-line/);
  });

  it("fail delimiters outside their cells and a test without a visible check", () => {
    const prose = broken(
      "ex90-1-product-rule",
      (_c, nb) => (nb.cells[0]!.source = "Answers go between `// BEGIN SOLUTION` and `// END SOLUTION`."),
    );
    assert.throws(() => checkExercises(NAME, "90", prose), /solution delimiters outside a solution cell/);
    const allHidden = broken("ex90-1-product-rule-test", (c) =>
      setText(c, cellText(c).replace(/^checkDerivative\([\s\S]*?\n\}\);\n/m, "")),
    );
    assert.throws(() => checkExercises(NAME, "90", allHidden), /the visible part calls a check/);
  });

  it("fail a visible test that shows the answer", () => {
    const shown = broken("ex90-3-tangent-line-test", (c) => setText(c, 'checkClose("tangentSlope", tangentSlope, 2 * x0);'));
    assert.throws(() => checkAnswersHidden(shown), /ex90-3-tangent-line-test shows the answer of ex90-3-tangent-line \("2\*x0"\)/);
  });

  const course06 = path.join(ROOT, "notebooks", "06-gradient-descent.ipynb");
  /** A copy of notebook 06 with the cell of `gradeId` changed. */
  function broken06(gradeId: string, change: (text: string) => string): Notebook {
    const nb = readNotebook(course06);
    const cell = nb.cells.find((c) => c.metadata.nbgrader?.grade_id === gradeId)!;
    cell.source = change(cellText(cell));
    return nb;
  }

  it("pass notebook 06 and fail each broken integrity rule", () => {
    checkIntegrityRules("06", readNotebook(course06));
    const noHidden = broken06("ex06-2-iterations-test", (t) => t.replace(/\/\/ BEGIN HIDDEN TESTS[\s\S]*\/\/ END HIDDEN TESTS/, ""));
    assert.throws(() => checkIntegrityRules("06", noHidden), /ex06-2-iterations: a hidden test calls checkHidden\("ex06-2"/);
    const shadowable = broken06("ex06-1-one-step-test", (t) => t.replace(/^import .*\n/, ""));
    assert.throws(
      () => checkIntegrityRules("06", shadowable),
      /ex06-1-one-step-test: imports checkExercise from "gradlab" in the test cell itself/,
    );
    const plainHint = broken06("ex06-1-one-step-test", (t) =>
      t.replace("[-2, 0.05],", '[-2, 0.05],\n], { hint: "x - rate * (2x - 4)" }, ['),
    );
    assert.throws(() => checkIntegrityRules("06", plainHint), /hints come in tiers/);
    const topLevel = broken06("ex06-2-iterations", () => "// BEGIN SOLUTION\nconst iterationsNeeded = 35;\n// END SOLUTION");
    assert.throws(() => checkIntegrityRules("06", topLevel), /ex06-2-iterations: the answer is the body of a function/);
  });
});
