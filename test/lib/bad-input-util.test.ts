// Bad input to the small public helpers: lib/data (CSV, synthetic data), lib/regression, the util
// exports of lib/index.ts (linspace, fmt, Matrix, special functions, progress, params), env, the
// tf helpers and lib/display. Each bad value gets a clear error naming the argument.
import assert from "node:assert/strict";
import * as data from "../../lib/data";
import * as regression from "../../lib/regression";
import * as array from "../../lib/util/array";
import * as format from "../../lib/util/format";
import * as special from "../../lib/util/special";
import * as progress from "../../lib/util/progress";
import * as params from "../../lib/util/params";
import * as errors from "../../lib/util/errors";
import * as matrix from "../../lib/util/matrix";
import * as env from "../../lib/env";
import * as tfHelpers from "../../lib/tf";
import * as display from "../../lib/display";
import * as table from "../../lib/display/table";
import * as math from "../../lib/display/math";
import * as source from "../../lib/display/source";
import { badInputTable, call, fields, rows } from "./bad-input";

const X = () => [
  [1, 2],
  [2, 1],
  [3, 5],
  [4, 3],
];

badInputTable(
  "lib/data",
  data as unknown as Record<string, unknown>,
  {
    parseCsv: rows(data.parseCsv, () => ["a,b\n1,2\n", "f.csv"], ["text:text", "source:string?"]),
    toCsv: rows(data.toCsv, () => [["a", "b"], [[1, 2]], [0, 1]], ["columns", "rows", "decimals"]).map((a) =>
      a.name === "rows"
        ? { ...a, valid: ["an empty array"], mentions: /\brows?\b/ }
        : a.name === "columns"
          ? { ...a, valid: ["an array of strings"] }
          : a,
    ),
    readCsv: rows(data.readCsv, () => ["regression-2d.csv"], ["file:value"]).map((a) => ({ ...a, mentions: /file|does not exist/ })),
    makeLinearData: fields(call(data.makeLinearData), () => ({ seed: 1 }), [
      "seed:number",
      "n:count?",
      "weights?",
      "bias:number?",
      "noise:number?",
    ]),
    makeHousePrices: fields(call(data.makeHousePrices), () => ({ seed: 1 }), ["seed:number", "n:count?"]),
  },
  { dataDir: "takes no input: the data/ folder" },
);

describe("bad input: readCsv's message shows no machine path", () => {
  it("a missing data set is named data/<file>, a missing path as the caller wrote it", () => {
    const message = (file: string) => {
      try {
        data.readCsv(file);
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    };
    assert.match(message("missing.csv"), /^readCsv: data\/missing\.csv does not exist; data sets available: .*regression-2d\.csv/);
    assert.match(message("nowhere/missing.csv"), /^readCsv: nowhere\/missing\.csv does not exist/);
    for (const file of ["missing.csv", "nowhere/missing.csv"]) assert.ok(!message(file).includes(process.cwd()), message(file));
  });
});

badInputTable(
  "lib/regression",
  regression as unknown as Record<string, unknown>,
  {
    leastSquares: rows(regression.leastSquares, () => [X(), [1, 2, 3, 4], {}], ["X", "y", "options:options"]),
    fitStandardizer: rows(regression.fitStandardizer, () => [X()], ["X"]),
  },
  {},
);

badInputTable(
  "util exports",
  // what lib/index.ts exports of lib/util
  {
    linspace: array.linspace,
    ...format,
    ...special,
    ...progress,
    ...params,
    ...errors,
    Matrix: matrix.Matrix,
    shapeText: matrix.shapeText,
  } as Record<string, unknown>,
  {
    linspace: rows(array.linspace, () => [0, 1, 5], ["start:number", "stop:number", "n:count"]),
    fmt: rows(format.fmt, () => [1.5, 3], ["-", "digits:count?"]),
    fmtVector: rows(format.fmtVector, () => [[1, 2], 3], ["values", "digits:count?"]).map((a) =>
      a.name === "values" ? { ...a, valid: ["an empty array"] } : a,
    ),
    wrapText: rows(format.wrapText, () => ["some words to wrap", 40, ""], ["text:text", "width:count?", "indent:text?"]),
    erf: rows(special.erf, () => [0.5], ["x:real"]),
    erfc: rows(special.erfc, () => [0.5], ["x:real"]),
    normalCdf: rows(special.normalCdf, () => [0.5], ["x:real"]),
    normalPdf: rows(special.normalPdf, () => [0.5], ["x:real"]),
    createProgress: fields(call(progress.createProgress), () => ({ label: "run" }), [
      "label:string",
      "total:count?",
      "minSeconds:positive?",
      "everySeconds:positive?",
      "now:function?",
      "log:function?",
    ]),
    param: rows(params.param, () => ["w", [2], [1, 2]], ["name:string", "shape", "value?"]),
    zeroGrads: rows(params.zeroGrads, () => [[params.param("w", [1])]], ["params"]).map((a) => ({ ...a, valid: ["an empty array"] })),
    Matrix: rows(
      (...a: unknown[]) => new (matrix.Matrix as unknown as new (...b: unknown[]) => unknown)(...a),
      () => [2, 2],
      ["rows:count", "cols:count", "data?"],
    ),
    shapeText: rows(matrix.shapeText, () => [new matrix.Matrix(1, 1)], ["m"]),
  },
  {
    NonFiniteError: "an error class lib throws (its source and detail come from lib, not from a caller)",
    DivergenceError: "an error class lib throws (its message and step come from lib's training loops)",
    libUpdateCount: "takes no input: the count of lib's optimizer steps",
    countLibUpdate: "takes no input: advances that count",
  },
);

badInputTable(
  "env and tf helpers",
  { ...env, ...tfHelpers } as Record<string, unknown>,
  {
    setupTf: fields(call(tfHelpers.setupTf), () => ({}), ["backends?", "force:boolean?"], { valid: ["undefined", "an empty object"] }),
    disposeTfOptimizer: rows(tfHelpers.disposeTfOptimizer, () => [tfHelpers.tf.train.sgd(0.1)], ["optimizer"]),
  },
  {
    environment: "takes no input: reports the versions",
    environmentReport: "takes no input: prints environment()",
    tfInfo: "takes no input: the chosen backend",
    liveTensors: "takes no input: tf.memory().numTensors",
  },
);

const goodTable = () => ({ columns: ["a", "b"], rows: [[1, 2]] });
badInputTable(
  "lib/display",
  { ...display, ...table, ...math, ...source } as Record<string, unknown>,
  {
    displayBundle: rows(display.displayBundle, () => [{ "text/plain": "x" }, {}], ["data", "metadata:options"]),
    captureDisplays: rows(display.captureDisplays, () => [() => undefined], ["capture:function"]),
    escapeHtml: rows(display.escapeHtml, () => ["<b>"], ["text:text"]),
    ...Object.fromEntries(
      (["tableText", "tableHtml", "showTable"] as const).map((name) => [
        name,
        fields(call(table[name]), goodTable, ["columns", "rows", "caption:text?"], { name: "table" }).map((a) =>
          a.name === "rows"
            ? { ...a, valid: ["an empty array"], mentions: /\brows?\b/ }
            : a.name === "columns"
              ? { ...a, valid: ["an array of strings"] }
              : a,
        ),
      ]),
    ),
    showMath: rows(math.showMath, () => ["x^2", "x^2"], ["latex:text", "plain:text"]),
    showMarkdown: rows(math.showMarkdown, () => ["*x*", "x"], ["markdown:text", "plain:text"]),
    sourceOf: [
      { name: "target", call: (b) => source.sourceOf(b as never), valid: ["a string"], mentions: /target/ },
      ...fields(
        (o) => source.sourceOf("linspace", o as never),
        () => ({}),
        ["file:string?", "doc:boolean?"],
        { valid: ["undefined", "an empty object"] },
      ),
    ],
    showSource: [
      { name: "target", call: (b) => source.showSource(b as never), valid: ["a string"], mentions: /target/ },
      ...fields(
        (o) => source.showSource("linspace", o as never),
        () => ({}),
        ["file:string?", "doc:boolean?"],
        { valid: ["undefined", "an empty object"] },
      ),
    ],
  },
  { inKernel: "takes no input: whether a kernel display is there" },
);
