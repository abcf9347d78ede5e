// `npm run bench -- --peer [--rounds N]`: the course kernel against Deno's Jupyter kernel, both driven
// through jupyter_client in one run (bench/peer_kernels.py), rounds interleaved. Deno comes from the
// npm package `deno` (pinned below), installed for the bench only into .venv/share/gradlab/peer/,
// with a kernelspec there whose argv is [deno, "jupyter", "--kernel", "--conn", "{connection_file}"]
// (never `deno jupyter --install`). Results: bench/results/peer.{json,md}; ratios are ours / Deno's,
// per round, then their median and range.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { setup, runMain, log, SetupError } from "./setup.mjs";

const require = createRequire(import.meta.url);
const { ROOT, VENV_PYTHON, projectEnv } = require("./project.cjs");

const DENO_VERSION = "2.9.6";
const PEER = path.join(ROOT, ".venv", "share", "gradlab", "peer");
const DENO = path.join(PEER, "node_modules", ".bin", "deno");

function installDeno() {
  const have = spawnSync(DENO, ["--version"], { encoding: "utf8" });
  if (have.status === 0 && have.stdout.includes(`deno ${DENO_VERSION}`)) return;
  fs.mkdirSync(PEER, { recursive: true });
  fs.writeFileSync(path.join(PEER, "package.json"), JSON.stringify({ private: true, description: "Deno for the kernel bench" }) + "\n");
  log(`installing deno@${DENO_VERSION} from the npm registry into ${path.relative(ROOT, PEER)} (bench only)`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["install", "--no-audit", "--no-fund", "--no-save", "--no-package-lock", `deno@${DENO_VERSION}`], {
    cwd: PEER,
    stdio: "inherit",
  });
  if (r.status !== 0 || spawnSync(DENO, ["--version"]).status !== 0)
    throw new SetupError(`could not install deno@${DENO_VERSION} with npm`);
}

function denoKernelspec() {
  const dir = path.join(PEER, "jupyter", "kernels", "deno");
  fs.mkdirSync(dir, { recursive: true });
  const spec = {
    argv: [DENO, "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: `Deno ${DENO_VERSION} (bench)`,
    language: "typescript",
    env: { DENO_DIR: path.join(PEER, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  };
  fs.writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  return path.join(PEER, "jupyter");
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (s) => (s * 1000 < 10 ? (s * 1000).toFixed(1) : (s * 1000).toFixed(0));

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== "--peer");
  const at = args.indexOf("--rounds");
  const rounds = at >= 0 ? Number(args[at + 1]) : 5;
  if (!Number.isInteger(rounds) || rounds < 1) throw new SetupError(`--rounds takes a whole number >= 1; got ${args[at + 1]}`);
  await setup({ quiet: true });
  installDeno();
  const peerPath = denoKernelspec();
  const env = projectEnv();
  env.JUPYTER_PATH = [env.JUPYTER_PATH, peerPath].join(path.delimiter);
  // The same library in both: ours by name; Deno loads the CommonJS build with require (its cells
  // are ES modules, and dist/ is CommonJS).
  const cellPath = JSON.stringify(path.join(ROOT, "notebooks", "cell.js"));
  const spec = {
    kernels: [
      { label: "gradlab (tslab)", name: "tslab", timings: true },
      { label: "Deno", name: "deno" },
    ],
    rounds,
    cwd: path.join(ROOT, "notebooks"),
    import: {
      "gradlab (tslab)": 'import { fmt } from "gradlab";',
      Deno: `import { createRequire } from "node:module";\nconst { fmt } = createRequire(${cellPath})("gradlab");`,
    },
  };
  log(
    `kernel bench: our kernel and Deno's, ${rounds} interleaved rounds (machine load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")})`,
  );
  const load = [os.loadavg()];
  const r = spawnSync(VENV_PYTHON, [path.join(ROOT, "bench", "peer_kernels.py"), JSON.stringify(spec)], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  load.push(os.loadavg());
  if (r.status !== 0) throw new SetupError(`bench/peer_kernels.py failed (exit ${r.status})`);
  const { breakdown, ...results } = JSON.parse(r.stdout);
  const [ours, deno] = spec.kernels.map((k) => results[k.label]);
  // Where one cell's time goes in our kernel (its own report), medians over the rounds.
  const phaseRows = Object.entries(breakdown[spec.kernels[0].label] ?? {}).flatMap(([cell, phases]) =>
    Object.entries(phases).map(([phase, values]) => ({
      cell,
      phase,
      median: median(values),
      min: Math.min(...values),
      max: Math.max(...values),
    })),
  );
  const rows = Object.keys(ours).map((measure) => {
    const a = ours[measure];
    const b = deno[measure];
    const ratios = a.map((x, i) => x / b[i]);
    return {
      measure,
      ours: { median: median(a), min: Math.min(...a), max: Math.max(...a) },
      deno: { median: median(b), min: Math.min(...b), max: Math.max(...b) },
      ratio: { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) },
    };
  });
  const lines = [
    `# Kernel bench: gradlab's kernel (tslab, patched) vs Deno ${DENO_VERSION}`,
    "",
    `${rounds} rounds, the order of the two kernels alternating; times in ms (median, range); ratio = ours / Deno's per round.`,
    `Machine load (1/5/15 min) before: ${load[0].map((l) => l.toFixed(2)).join(" ")}, after: ${load[1].map((l) => l.toFixed(2)).join(" ")}; ${os.cpus().length} CPUs.`,
    "Our kernel type-checks every cell; Deno's does not by default.",
    "",
    "| measure | ours (ms) | Deno (ms) | ratio (median, range) |",
    "|---|---|---|---|",
    ...rows.map(
      (row) =>
        `| ${row.measure} | ${ms(row.ours.median)} (${ms(row.ours.min)}-${ms(row.ours.max)}) | ` +
        `${ms(row.deno.median)} (${ms(row.deno.min)}-${ms(row.deno.max)}) | ` +
        `${row.ratio.median.toFixed(2)} (${row.ratio.min.toFixed(2)}-${row.ratio.max.toFixed(2)}) |`,
    ),
    "",
    "Where one cell's time goes in our kernel: the phases it reports for the cell (compile: `names` parses the",
    "cell alone for the names it declares, `program` is TypeScript's new program, `checker` its new type checker,",
    "`check` the type check of the cell, `emit` the CommonJS output, declarations and source map), its run, and",
    "the rest of the round trip that the client measures (messages, queueing). ms, median over the rounds (range).",
    "",
    "| cell | phase | ms |",
    "|---|---|---|",
    ...phaseRows.map((row) => `| ${row.cell} | ${row.phase} | ${row.median.toFixed(2)} (${row.min.toFixed(2)}-${row.max.toFixed(2)}) |`),
    "",
  ];
  const outDir = path.join(ROOT, "bench", "results");
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "peer.md"), lines.join("\n"));
  fs.writeFileSync(
    path.join(outDir, "peer.json"),
    JSON.stringify(
      { measured: new Date().toISOString(), deno: DENO_VERSION, rounds, load, rows, breakdown: phaseRows, raw: results },
      null,
      2,
    ) + "\n",
  );
  process.stdout.write(lines.join("\n"));
  log("written: bench/results/peer.md, bench/results/peer.json");
}

await runMain(main);
