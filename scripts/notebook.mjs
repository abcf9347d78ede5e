// `npm run notebook -- 07 -p lr=0.5 -p seed=7`: run a course notebook headless with new values for
// its parameters cell, print what it outputs, and save the executed copy under runs/ (the
// notebook in notebooks/ is never written).
//   npm run notebook -- 00                    # as committed
//   npm run notebook -- 00 -p x0=-1           # with x0 = -1
//   npm run notebook -- 00 --params           # list the parameters and their defaults
// Options: --out DIR (default runs/), --quiet (no outputs, just the result), --timeout SECONDS.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { parseArgs as parseArgv } from "node:util";
import { createRequire } from "node:module";
import { setup, runMain, SetupError } from "./setup.mjs";

const require = createRequire(import.meta.url);
const { ROOT, VENV_PYTHON, projectEnv } = require("./project.cjs");

const USAGE = "usage: npm run notebook -- <notebook, e.g. 07> [-p name=value ...] [--params] [--out DIR] [--quiet] [--timeout SECONDS]";

function parseArgs(argv) {
  let parsed;
  try {
    parsed = parseArgv({
      args: argv,
      allowPositionals: true,
      options: {
        param: { type: "string", short: "p", multiple: true },
        params: { type: "boolean" },
        quiet: { type: "boolean" },
        out: { type: "string" },
        timeout: { type: "string" },
      },
    });
  } catch (error) {
    // node's messages name the option ("Option '--out <value>' argument missing"); add the usage
    throw new SetupError(`${error.message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const options = { notebook: positionals[0], params: {}, list: values.params === true, quiet: values.quiet === true, timeout: 300 };
  for (const assignment of values.param ?? []) {
    const eq = assignment.indexOf("=");
    if (eq <= 0) throw new SetupError(`-p needs name=value (e.g. -p lr=0.5); got ${assignment || "nothing"}\n${USAGE}`);
    options.params[assignment.slice(0, eq)] = assignment.slice(eq + 1);
  }
  if (values.out !== undefined && values.out.trim() === "")
    throw new SetupError(`--out needs a folder (e.g. --out runs/); got nothing\n${USAGE}`);
  options.out = path.resolve(values.out ?? path.join(ROOT, "runs"));
  if (values.timeout !== undefined) options.timeout = Number(values.timeout);
  if (positionals.length > 1) throw new SetupError(`one notebook at a time; got ${positionals.join(" and ")}\n${USAGE}`);
  if (!options.notebook) throw new SetupError(USAGE);
  if (!(options.timeout > 0)) throw new SetupError(`--timeout must be a positive number of seconds; got ${values.timeout}`);
  return options;
}

function resolveNotebook(name) {
  const dir = path.join(ROOT, "notebooks");
  const all = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".ipynb"))
    .sort();
  const base = path.basename(name).replace(/\.ipynb$/, "");
  // "07" is 07-learning-rate, not also 07b-adaptive-methods: a whole name or number wins over a prefix.
  const exact = all.filter((n) => n === `${base}.ipynb` || n.startsWith(`${base}-`));
  const matches = exact.length > 0 ? exact : all.filter((n) => n.startsWith(base));
  if (matches.length === 1) return path.join("notebooks", matches[0]);
  const list = all.map((n) => `  ${n.replace(/\.ipynb$/, "")}`).join("\n");
  throw new SetupError(
    `${matches.length === 0 ? "no notebook matches" : "several notebooks match"} "${name}"; the notebooks are:\n${list}`,
  );
}

function slug(params) {
  return Object.entries(params)
    .map(([k, v]) => `${k}-${v}`.replace(/[^\w.-]+/g, "_"))
    .join("__");
}

function python(args) {
  return spawnSync(VENV_PYTHON, args, { cwd: ROOT, env: projectEnv(), encoding: "utf8", maxBuffer: 1 << 28 });
}

function listParameters(notebook) {
  const code =
    "import json,sys,nbformat; sys.path.insert(0,'scripts'); from nbparams import read_parameters; " +
    "print(json.dumps(read_parameters(nbformat.read(sys.argv[1], as_version=4))))";
  const result = python(["-c", code, notebook]);
  if (result.status !== 0) throw new SetupError(result.stderr.trim());
  const params = JSON.parse(result.stdout);
  process.stdout.write(`Parameters of ${notebook}:\n`);
  for (const [name, p] of Object.entries(params)) {
    const value = Array.isArray(p.default) ? `[${p.default.join(", ")}]` : String(p.default);
    process.stdout.write(
      `  ${name} = ${value}${p.comment ? `    // ${p.comment}` : ""}${p.kind === "expression" ? "  (computed; not settable)" : ""}\n`,
    );
  }
}

/** The text a terminal can show for each executed cell: streams and text/plain displays. */
function printOutputs(executed, injectedIndex) {
  const nb = JSON.parse(fs.readFileSync(executed, "utf8"));
  nb.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code" || cell.outputs.length === 0) return;
    const texts = cell.outputs
      .map((o) =>
        o.output_type === "stream" ? [o.text].flat().join("") : o.data?.["text/plain"] ? [o.data["text/plain"]].flat().join("") : "",
      )
      .filter(Boolean);
    if (texts.length === 0) return;
    process.stdout.write(`\n[cell ${i}${i === injectedIndex ? ", injected parameters" : ""}]\n${texts.join("\n").trimEnd()}\n`);
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  await setup({ quiet: true });
  const notebook = resolveNotebook(options.notebook);
  if (options.list) return listParameters(notebook);
  const stem = path.basename(notebook, ".ipynb");
  const out = path.join(options.out, `${stem}${Object.keys(options.params).length ? `__${slug(options.params)}` : ""}.ipynb`);
  const shown = Object.entries(options.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(", ");
  process.stdout.write(`running ${notebook}${shown ? ` with ${shown}` : ""} ...\n`);
  const args = [path.join(ROOT, "scripts", "nbrun.py"), notebook, "--out", out, "--timeout", String(options.timeout)];
  if (Object.keys(options.params).length) args.push("--params", JSON.stringify(options.params));
  const result = python(args);
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    throw new SetupError(`the notebook runner failed (exit ${result.status}):\n${result.stderr.slice(-3000)}`);
  }
  if (report.parameter_error)
    throw new SetupError(`${notebook}: ${report.parameter_error}\n(list the parameters with: npm run notebook -- ${stem} --params)`);
  if (!options.quiet && fs.existsSync(out)) printOutputs(out, report.injected_cell);
  const rel = path.relative(ROOT, out);
  if (!report.ok) {
    const f = report.failure;
    const where = f.cell === null ? "the notebook" : `cell ${f.cell}`;
    const source = f.source?.length ? `\n  source: ${f.source.join("\n          ")}` : "";
    const copy = fs.existsSync(out) ? `\n  executed copy: ${rel}` : "";
    process.stderr.write(`\n✗ ${notebook}: ${where} failed (${f.kind})${source}\n  ${f.lines.join("\n  ")}${copy}\n`);
    process.exit(1);
  }
  process.stdout.write(`\n✓ ${notebook} ran in ${report.seconds.toFixed(1)} s; executed copy: ${rel}\n`);
}

await runMain(main);
