/**
 * Turns a benchmark run into what people read: a text table for the terminal, a markdown summary
 * (bench/results/latest.md, linked from the README) and a figure (latest.svg), next to the raw
 * numbers (latest.json). A skipped or failed peer appears with its reason, never as a number.
 */
import fs from "node:fs";
import path from "node:path";
import type { BenchResults, Peer, Target } from "./main";
import type { Summary } from "./stats";
import { barPanel, linePanel, svgDocument, type Bar } from "./svg";
import { symbolicMarkdown } from "./symbolic";

/** "1.23 s", "45.6 ms", "189 s": three significant digits. */
export function fmtSeconds(s: number): string {
  if (s >= 100) return `${s.toFixed(0)} s`;
  if (s >= 1) return `${s.toPrecision(3)} s`;
  return fmtMs(s * 1000);
}

export function fmtMs(ms: number): string {
  if (ms >= 1000) return fmtSeconds(ms / 1000);
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  return `${ms.toPrecision(3)} ms`;
}

function fmtRatio(x: number): string {
  return x >= 100 ? `${x.toFixed(0)}×` : `${x.toPrecision(3)}×`;
}

function spread(s: Summary, f: (x: number) => string): string {
  return s.n === 1 ? "1 run" : `${f(s.min)} – ${f(s.max)} (n = ${s.n})`;
}

function notANumber(p: Peer<unknown>): string {
  return `${p.status}: ${p.reason ?? ""}`.trim();
}

/**
 * One table row per peer: `lead` (e.g. the part), the peer's name, then `cells` of its result, or,
 * for a peer that gave no number, the reason; filled with empty cells up to `width`.
 */
function peerRows<R>(peers: readonly Peer<R>[], width: number, cells: (result: R) => string[], lead: string[] = []): string[][] {
  return peers.map((p) => {
    const row = [...lead, p.name, ...(p.result ? cells(p.result) : [notANumber(p)])];
    return [...row, ...Array.from({ length: width - row.length }, () => "")];
  });
}

function mdTable(head: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  return [`| ${head.join(" | ")} |`, `| ${head.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`)].join(
    "\n",
  );
}

function textTable(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] as number))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function targetCells(t: Target): string[] {
  const value =
    t.value === undefined
      ? "no number"
      : t.unit === "s"
        ? fmtSeconds(t.value)
        : t.unit === "exponent"
          ? t.value.toFixed(2)
          : fmtRatio(t.value);
  const met = t.met === null ? "not judged" : t.met ? "met" : "MISSED";
  return [t.part, t.what, t.target, value, met, t.note ?? ""];
}

/** The rows every report shows: one per compared thing. */
function summaryRows(r: BenchResults): string[][] {
  const rows: string[][] = [];
  const { scalar, tensor, cheapGradient, notebooks } = r.parts;
  if (scalar) {
    rows.push(
      ...peerRows(
        scalar.peers,
        5,
        (result) => [
          `${fmtSeconds(result.seconds.median)} per run`,
          spread(result.seconds, fmtSeconds),
          `loss ${result.loss.toFixed(4)}, accuracy ${(result.accuracy * 100).toFixed(0)}%`,
        ],
        ["1 micrograd demo"],
      ),
    );
    rows.push([
      "1 micrograd demo",
      "speed-up (micrograd / gradlab, medians)",
      scalar.speedup === null ? "no number" : fmtRatio(scalar.speedup),
      "",
      "",
    ]);
  }
  if (tensor) {
    const base = tensor.peers[0]?.result?.stepMs.median;
    rows.push(
      ...peerRows(
        tensor.peers,
        5,
        (result) => [
          `${fmtMs(result.stepMs.median)} per step`,
          spread(result.stepMs, fmtMs),
          base ? `${fmtRatio(result.stepMs.median / base)} the hand-written step` : "",
        ],
        ["2 MLP step"],
      ),
    );
  }
  if (cheapGradient) {
    for (const p of cheapGradient.points) {
      rows.push([
        "3 cheap gradient",
        `n = ${p.n}`,
        `gradient ${fmtRatio(p.reverseRatio)} forward`,
        `forward ${fmtMs(p.forwardMs)}`,
        `finite differences ${fmtRatio(p.finiteDifferenceRatio)} forward${p.estimated ? " (estimated)" : ""}`,
      ]);
    }
    if (cheapGradient.status !== "ok")
      rows.push(["3 cheap gradient", "", `${cheapGradient.status}: ${cheapGradient.reason ?? ""}`, "", ""]);
  }
  if (notebooks) {
    const k = notebooks.kernel;
    rows.push(
      k.result
        ? [
            "4 course",
            "kernel start (until a first cell ran)",
            fmtSeconds(k.result.firstCell.median),
            spread(k.result.firstCell, fmtSeconds),
            `ready ${fmtSeconds(k.result.ready.median)}; gradlab import cell ${fmtSeconds(k.result.importCell.median)}`,
          ]
        : ["4 course", "kernel start", notANumber(k), "", ""],
    );
    for (const n of notebooks.notebooks) {
      rows.push(
        n.status === "ok" && n.seconds !== undefined && n.slowestCell
          ? [
              "4 course",
              n.notebook,
              fmtSeconds(n.seconds),
              `${n.cells} cells`,
              `slowest cell #${n.slowestCell.index}: ${fmtSeconds(n.slowestCell.seconds)}`,
            ]
          : ["4 course", n.notebook, `${n.status}: ${n.reason ?? ""}`, "", ""],
      );
    }
    if (notebooks.totalSeconds !== null) rows.push(["4 course", "all notebooks above", fmtSeconds(notebooks.totalSeconds), "", ""]);
  }
  return rows;
}

function machineLine(r: BenchResults): string {
  const m = r.machine;
  return (
    `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.platform}; Node ${m.node}, Python ${m.python ?? "not found"}. ` +
    `Load average (1, 5, 15 min) ${m.loadAtStart.join(", ")} at the start, ${r.loadAtEnd.join(", ")} at the end.`
  );
}

function markdown(r: BenchResults, svgName: string): string {
  const out: string[] = [];
  const command = r.mode === "full" ? "npm run bench" : `npm run bench -- --${r.mode}`;
  out.push("# gradlab benchmarks", "");
  out.push(`Measured ${r.machine.date.slice(0, 16).replace("T", " ")} UTC with \`${command}\` (${fmtSeconds(r.seconds)} in all).`, "");
  out.push(
    `**Machine:** ${machineLine(r)} The machine is shared with other work, so a load above 0 means other processes competed for the ${r.machine.cores} cores while this ran; times are medians of several runs, with their spread.`,
    "",
  );
  for (const c of r.carriedOver ?? []) {
    out.push(
      `**Part ${c.part} was not re-run:** its numbers are carried over from the run of ${c.measured.slice(0, 16).replace("T", " ")} UTC (load average ${c.load.join(", ")} at its start).`,
      "",
    );
  }
  if (r.mode !== "full")
    out.push(
      `**${r.mode} mode**: smaller workloads than the targets are defined for; these numbers only show that the benchmark works.`,
      "",
    );
  out.push(`![benchmark figure](${svgName})`, "");
  out.push("## Targets", "");
  out.push(mdTable(["part", "what", "target", "measured", "", "note"], r.targets.map(targetCells)), "");

  const { scalar, tensor, cheapGradient, notebooks } = r.parts;
  if (scalar) {
    const s = scalar.spec;
    out.push("## 1. Scalar engine against micrograd", "");
    out.push(
      `The micrograd demo: ${s.points} moons points (noise ${s.noise}, seed ${s.seed}), MLP 2-${s.sizes.join("-")}, ${s.steps} full-batch steps, ` +
        `learning rate 1.0 → 0.1, SVM max-margin loss plus L2 ${s.alpha}. ${scalar.note}`,
      "",
    );
    out.push(
      mdTable(
        ["engine", "time per run (median)", "spread (min – max)", "final loss", "accuracy", "how"],
        peerRows(scalar.peers, 6, (result) => [
          fmtSeconds(result.seconds.median),
          spread(result.seconds, fmtSeconds),
          result.loss.toFixed(4),
          `${(result.accuracy * 100).toFixed(0)}%`,
          result.detail,
        ]),
      ),
      "",
    );
    out.push(
      `Speed-up, micrograd's median over gradlab's: **${scalar.speedup === null ? "no number (a peer did not run)" : fmtRatio(scalar.speedup)}**.`,
      "",
    );
  }
  if (tensor) {
    const s = tensor.spec;
    out.push("## 2. A tensor MLP training step", "");
    out.push(
      `MLP ${s.sizes.join("-")} (ReLU), batch ${s.batch}, synthetic data (seed ${s.seed}); ${s.warmup} warm-up steps, then ${s.steps} timed steps` +
        `${s.rounds ? ` per round, ${s.rounds} round${s.rounds === 1 ? "" : "s"}` : ""}. ${tensor.note}`,
      "",
    );
    const base = tensor.peers[0]?.result?.stepMs.median;
    out.push(
      mdTable(
        ["engine", "time per step (median)", "quartiles", "spread (min – max)", "vs hand-written", "first-step loss", "how"],
        peerRows(tensor.peers, 7, (result) => [
          fmtMs(result.stepMs.median),
          `${fmtMs(result.stepMs.q1)} – ${fmtMs(result.stepMs.q3)}`,
          spread(result.stepMs, fmtMs),
          base ? fmtRatio(result.stepMs.median / base) : "",
          result.firstLoss.toPrecision(6),
          result.detail,
        ]),
      ),
      "",
    );
  }
  if (cheapGradient) {
    out.push("## 3. The cheap-gradient principle", "");
    out.push(`${cheapGradient.note}`, "");
    if (cheapGradient.status !== "ok") out.push(`**${cheapGradient.status}**: ${cheapGradient.reason ?? ""}`, "");
    out.push(
      mdTable(
        [
          "n",
          "forward pass",
          "reverse-mode gradient",
          "gradient / forward",
          "finite differences",
          "FD / forward",
          "FD vs reverse (max rel. diff.)",
        ],
        cheapGradient.points.map((p) => [
          String(p.n),
          fmtMs(p.forwardMs),
          fmtMs(p.reverseMs),
          fmtRatio(p.reverseRatio),
          `${fmtMs(p.finiteDifferenceMs)}${p.estimated ? ` (estimated from ${p.sampled})` : ""}`,
          fmtRatio(p.finiteDifferenceRatio),
          p.maxRelativeDifference.toExponential(1),
        ]),
      ),
      "",
    );
  }
  if (notebooks) {
    out.push("## 4. The course, headless", "");
    const k = notebooks.kernel;
    if (k.result) {
      out.push(
        `Kernel start through jupyter_client, median of ${k.result.firstCell.n}: answers kernel_info after ${fmtSeconds(k.result.ready.median)}, ` +
          `a first trivial cell has run after ${fmtSeconds(k.result.firstCell.median)}; the first \`gradlab\` import cell then takes ` +
          `${fmtSeconds(k.result.importCell.median)} and a small cell after it ${fmtSeconds(k.result.smallCell.median)}.`,
        "",
      );
    } else out.push(`Kernel start: ${notANumber(k)}`, "");
    const b = notebooks.breakdown;
    if (b.result) {
      out.push("Where the kernel's start goes (one fresh process doing what the kernel does):", "");
      out.push(
        mdTable(
          ["phase", "time"],
          b.result.phases.map((p) => [p.phase, fmtMs(p.ms)]),
        ),
        "",
      );
    } else out.push(`Kernel start breakdown: ${notANumber(b)}`, "");
    out.push(
      mdTable(
        ["notebook", "time (kernel start, all cells)", "cells", "slowest cell", "its first line"],
        notebooks.notebooks.map((n) =>
          n.status === "ok" && n.seconds !== undefined && n.slowestCell
            ? [
                n.notebook,
                fmtSeconds(n.seconds),
                String(n.cells),
                `#${n.slowestCell.index}: ${fmtSeconds(n.slowestCell.seconds)}`,
                `\`${n.slowestCell.source}\``,
              ]
            : [n.notebook, `${n.status}: ${n.reason ?? ""}`, "", "", ""],
        ),
      ),
      "",
    );
    if (notebooks.totalSeconds !== null) out.push(`All notebooks: **${fmtSeconds(notebooks.totalSeconds)}**.`, "");
  }
  if (r.parts.symbolic) out.push(...symbolicMarkdown(r.parts.symbolic));
  out.push("Raw numbers: [latest.json](latest.json).", "");
  return out.join("\n");
}

function figure(r: BenchResults): string {
  const W = 1100;
  const panels: string[] = [];
  const { scalar, tensor, cheapGradient, notebooks } = r.parts;
  const half = { w: W / 2 - 20, h: 300 };
  const bar = (p: Peer<{ seconds: Summary }>, highlight: boolean): Bar =>
    p.result
      ? {
          label: p.name.replace(/ \(.*\)$/, ""),
          value: p.result.seconds.median,
          spread: [p.result.seconds.min, p.result.seconds.max],
          highlight,
          note: fmtSeconds(p.result.seconds.median),
        }
      : { label: p.name.replace(/ \(.*\)$/, ""), note: `${p.status}: ${p.reason ?? ""}`.slice(0, 60) };
  if (scalar) {
    panels.push(
      barPanel(
        { x: 10, y: 10, ...half },
        `1. micrograd demo, time per run${scalar.speedup ? ` (${fmtRatio(scalar.speedup)} faster)` : ""}`,
        "seconds (log scale)",
        [bar(scalar.peers[0], true), bar(scalar.peers[1], false)],
      ),
    );
  }
  if (tensor) {
    panels.push(
      barPanel(
        { x: W / 2 + 10, y: 10, ...half },
        `2. MLP ${tensor.spec.sizes.join("-")} training step, batch ${tensor.spec.batch}`,
        "milliseconds per step (log scale)",
        tensor.peers.map((p, i) =>
          p.result
            ? {
                label: p.name.replace(/^TensorFlow\.js, /, "tfjs ").replace(/ \(.*\)$/, ""),
                value: p.result.stepMs.median,
                spread: [p.result.stepMs.min, p.result.stepMs.max],
                highlight: i < 2,
                note: fmtMs(p.result.stepMs.median),
              }
            : {
                label: p.name.replace(/^TensorFlow\.js, /, "tfjs ").replace(/ \(.*\)$/, ""),
                note: `${p.status}: ${p.reason ?? ""}`.slice(0, 48),
              },
        ),
      ),
    );
  }
  if (cheapGradient) {
    const est = new Set(cheapGradient.points.flatMap((p, i) => (p.estimated ? [i] : [])));
    panels.push(
      linePanel(
        { x: 10, y: 330, ...half, h: 340 },
        "3. Gradient cost relative to one forward pass",
        { x: "n (number of parameters)", y: "time / forward pass" },
        [
          { name: "reverse mode (backprop)", points: cheapGradient.points.map((p) => [p.n, p.reverseRatio]) },
          {
            name: "central differences (hollow: estimated)",
            points: cheapGradient.points.map((p) => [p.n, p.finiteDifferenceRatio]),
            estimated: est,
          },
        ],
        { reference: { value: 3, label: "target: 3" } },
      ),
    );
  }
  if (notebooks) {
    const bars: Bar[] = notebooks.notebooks.map((n) =>
      n.status === "ok" && n.seconds !== undefined
        ? {
            label: n.notebook,
            value: n.seconds,
            highlight: true,
            note: `${fmtSeconds(n.seconds)} (slowest cell ${fmtSeconds(n.slowestCell?.seconds ?? 0)})`,
          }
        : { label: n.notebook, note: `${n.status}` },
    );
    panels.push(
      barPanel(
        { x: W / 2 + 10, y: 330, w: half.w, h: Math.max(200, 40 + 22 * bars.length) },
        `4. Notebooks headless${notebooks.totalSeconds !== null ? `: ${fmtSeconds(notebooks.totalSeconds)} in all` : ""}`,
        "seconds per notebook, kernel start included (log scale)",
        bars,
      ),
    );
  }
  const height = Math.max(700, notebooks ? 330 + Math.max(200, 40 + 22 * notebooks.notebooks.length) + 30 : 700);
  return svgDocument(
    W,
    height,
    panels,
    `${r.machine.cpu}, ${r.machine.cores} cores; load ${r.machine.loadAtStart.join(", ")}; ${r.machine.date.slice(0, 10)}; ${r.mode} mode`,
  );
}

/** Writes latest.json, latest.md and latest.svg into `dir`; returns the terminal table too. */
export function writeReports(r: BenchResults, dir: string): { table: string; files: string[] } {
  fs.mkdirSync(dir, { recursive: true });
  const files = ["latest.json", "latest.md", "latest.svg"].map((f) => path.join(dir, f));
  const [json, md, svg] = files as [string, string, string];
  fs.writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  fs.writeFileSync(md, markdown(r, "latest.svg"));
  fs.writeFileSync(svg, figure(r));
  const table = [
    textTable(["part", "what", "median", "spread", "also"], summaryRows(r)),
    "",
    textTable(
      ["part", "target", "", "measured", "", "note"],
      r.targets.map((t) => {
        const c = targetCells(t);
        return [c[0] as string, c[1] as string, c[2] as string, c[3] as string, c[4] as string, c[5] as string];
      }),
    ),
    "",
    `Machine: ${machineLine(r)}`,
  ].join("\n");
  return { table, files };
}
