/**
 * What the numbers were measured on: CPU, cores, memory, Node, Python, and how busy the machine
 * was (the load average at the start and at the end of the run), since the machine may be shared.
 */
import os from "node:os";
import { execFileSync } from "node:child_process";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  platform: string;
  node: string;
  python: string | null;
  /** 1, 5 and 15 minute load averages when the run started. */
  loadAtStart: [number, number, number];
  date: string;
}

/** The Python interpreter's version ("3.11.7"), or null when it cannot be run. */
export function pythonVersion(python: string): string | null {
  try {
    return execFileSync(python, ["-c", "import sys; print(sys.version.split()[0])"], { encoding: "utf8" }).trim();
  } catch {
    return null;
  }
}

export function loadAverage(): [number, number, number] {
  const [a, b, c] = os.loadavg();
  return [round2(a ?? 0), round2(b ?? 0), round2(c ?? 0)];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function describeMachine(python: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: (cpus[0]?.model ?? "unknown").trim(),
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    python: pythonVersion(python),
    loadAtStart: loadAverage(),
    date: new Date().toISOString(),
  };
}
