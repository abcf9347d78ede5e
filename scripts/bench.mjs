// `npm run bench`: the set-up (as npm start does), then the benchmark compiled to plain JavaScript
// with esbuild (bench/.build/, gitignored; ts-node's garbage collection is far slower on graph-heavy
// code, so timings never come from it), run with every argument passed on. See bench/main.ts.
//   npm run bench                  # everything, results in bench/results/latest.{json,md,svg}
//   npm run bench -- --quick       # a short smoke run
//   npm run bench -- --peer        # the course kernel against Deno's (scripts/bench-peer.mjs)
//   npm run bench -- --lite        # first result in the browser (JupyterLite) beside the server (scripts/bench-lite.mjs)
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { setup, runMain } from "./setup.mjs";

const require = createRequire(import.meta.url);
const { ROOT } = require("./project.cjs");

export async function buildBench() {
  const esbuild = require(path.join(ROOT, "node_modules", "esbuild"));
  await esbuild.build({
    entryPoints: ["main", "kernel-breakdown"].map((name) => path.join(ROOT, "bench", `${name}.ts`)),
    outdir: path.join(ROOT, "bench", ".build"),
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    sourcemap: true,
    logLevel: "warning",
  });
}

async function main() {
  // `--peer`: only the comparison of the course kernel with Deno's (scripts/bench-peer.mjs).
  if (process.argv.includes("--peer")) {
    await import("./bench-peer.mjs");
    return;
  }
  await setup({ quiet: true });
  if (process.argv.includes("--lite")) {
    await import("./bench-lite.mjs");
    return;
  }
  await buildBench();
  const child = spawn(process.execPath, ["--enable-source-maps", path.join(ROOT, "bench", ".build", "main.js"), ...process.argv.slice(2)], {
    cwd: ROOT,
    stdio: "inherit",
  });
  const code = await new Promise((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  process.exit(code);
}

await runMain(main);
