/**
 * What the course is running on, for notebook 00 and for bug reports.
 * Introduced in [notebook 00](../notebooks/00-start-here.ipynb).
 */
import { showTable } from "./display/table";
import { tfInfo } from "./tf";

function packageVersion(name: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return "not installed";
  }
}

export interface EnvironmentInfo {
  node: string;
  tslab: string;
  /** The TypeScript compiler tslab uses for notebook cells (not the one that builds lib/). */
  kernelTypeScript: string;
  gradlab: string;
  tfjs: string;
  tfBackend: string;
  /** The native TensorFlow library's version, when the backend is "tensorflow". */
  tfNative?: string;
  /** Backends that were tried first and why they were skipped. */
  tfSkipped: string[];
  plotly: string;
}

/** Versions and the tfjs backend in use; call after `await setupTf()`. */
export function environment(): EnvironmentInfo {
  const tf = tfInfo();
  return {
    node: process.version,
    tslab: packageVersion("tslab"),
    kernelTypeScript: packageVersion("@tslab/typescript-for-tslab"),
    gradlab: packageVersion("gradlab"),
    tfjs: tf.tfjsVersion,
    tfBackend: tf.backend,
    ...(tf.nativeVersion ? { tfNative: tf.nativeVersion } : {}),
    tfSkipped: tf.attempts.filter((a) => !a.ok).map((a) => `${a.backend}: ${a.reason}`),
    plotly: packageVersion("plotly.js-dist"),
  };
}

/** Shows the environment as a table (use `environment()` for the data). */
export function environmentReport(): void {
  const env = environment();
  const rows: Array<[string, string]> = [
    ["Node.js", env.node],
    ["tslab (kernel)", env.tslab],
    ["TypeScript (notebook cells)", env.kernelTypeScript],
    ["gradlab", env.gradlab],
    ["TensorFlow.js", env.tfjs],
    ["tfjs backend in use", env.tfNative ? `${env.tfBackend} (native TensorFlow ${env.tfNative})` : env.tfBackend],
    ...env.tfSkipped.map((s): [string, string] => ["tfjs backend skipped", s]),
    ["plotly.js", env.plotly],
  ];
  showTable({ caption: "Environment", columns: ["component", "version / state"], rows });
}
