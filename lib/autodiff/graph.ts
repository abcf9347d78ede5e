/**
 * Draws the computation graph behind a `Value` as SVG, with no system binary (no Graphviz): each
 * value is a box "label | data | grad", each operation a small oval between its operands and its
 * result, laid out left to right by depth. `showGraph` puts the drawing in the notebook (13).
 *
 * Layout: an operation sits one column right of its deepest operand and its result one column
 * further; inputs and constants move right, next to the operation that uses them. Within a
 * column, nodes are ordered by the average height of their neighbours (a few barycenter sweeps),
 * which removes most edge crossings in small graphs.
 *
 * @example
 * const x = new Value(2, "x"), y = new Value(3, "y");
 * const z = x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2));
 * z.label = "z";
 * z.backward();
 * showGraph(z, { title: "z = x² + 3xy + y²" });
 * Introduced in [notebook 13](../../notebooks/13-automatic-differentiation.ipynb).
 */
import { displayBundle, escapeHtml } from "../display";
import { fmt } from "../util/format";
import { Value, checkValue, topologicalOrder } from "./value";
import { checkOptions } from "../util/validate";

import { at } from "../util/array";
export interface GraphOptions {
  /** Shown above the drawing. */
  title?: string;
  /** Significant digits of data and grad (default 4). */
  digits?: number;
  /** Show gradients (default true; turn off before `backward()` has run). */
  showGrad?: boolean;
  /** Refuse graphs with more values than this (default 300): larger drawings are unreadable. */
  maxNodes?: number;
  /**
   * Widest the drawing is shown, in pixels (default 900, inside JupyterLab's output area at common
   * window sizes): a wider layout is scaled down as a whole (the viewBox keeps every part).
   */
  maxWidth?: number;
}

export type NodeRole = "input" | "constant" | "intermediate" | "output" | "op";

export interface LayoutNode {
  role: NodeRole;
  /** Text compartments: [label?, data, grad?] for a value, [op] for an operation. */
  parts: string[];
  /** True when parts[0] is the value's label. */
  labelled: boolean;
  /** Centre and size, in SVG user units. */
  x: number;
  y: number;
  width: number;
  height: number;
  column: number;
}

export interface LayoutEdge {
  from: number;
  to: number;
  /** Start (right side of `from`), waypoints, end (left side of `to`). */
  points: Array<[number, number]>;
}

export interface GraphLayoutResult {
  nodes: LayoutNode[];
  /** From an operand (or operation) to its consumer (indices into `nodes`), through `points`. */
  edges: LayoutEdge[];
  width: number;
  height: number;
  /** The values drawn, in the same order as their boxes in `nodes`. */
  values: Value[];
}

const CHAR_WIDTH = 7.2; // monospace 12px
const BOX_HEIGHT = 26;
const ROW_GAP = 18;
const COLUMN_GAP = 34;
const MARGIN = 16;
const TITLE_HEIGHT = 26;

function valueRole(v: Value, root: Value): NodeRole {
  if (v === root) return "output";
  if (v.children.length > 0) return "intermediate";
  return v.label ? "input" : "constant";
}

/** Positions every value and operation of the graph of `root`. */
export function graphLayout(root: Value, options: GraphOptions = {}): GraphLayoutResult {
  checkValue("graphLayout: root", root);
  checkOptions("graphLayout: options", options);
  const digits = options.digits ?? 4;
  const showGrad = options.showGrad ?? true;
  const maxNodes = options.maxNodes ?? 300;
  const values = topologicalOrder(root);
  if (values.length > maxNodes) {
    throw new RangeError(
      `graphLayout: the graph has ${values.length} values; drawings are limited to ${maxNodes} (raise options.maxNodes, or draw a smaller expression)`,
    );
  }
  // Columns: values on even columns, operations on odd ones.
  const index = new Map(values.map((v, i) => [v, i] as const));
  // topologicalOrder lists every child of a listed value, so each child has an index
  const indexOf = (c: Value): number => {
    const i = index.get(c);
    if (i === undefined) throw new Error("graphLayout: a child missing from the topological order");
    return i;
  };
  const column = new Array<number>(values.length).fill(0);
  values.forEach((v, i) => {
    if (v.children.length > 0) column[i] = 2 + Math.max(...v.children.map((c) => at(column, indexOf(c), "column")));
  });
  const consumers: number[][] = values.map(() => []);
  values.forEach((v, i) => v.children.forEach((c) => at(consumers, indexOf(c), "consumers").push(i)));
  values.forEach((v, i) => {
    const users = at(consumers, i, "consumers");
    if (v.children.length === 0 && users.length > 0) column[i] = Math.min(...users.map((u) => at(column, u, "column") - 2));
  });

  // Nodes: value boxes first (same order as `values`), then one operation per computed value.
  const nodes: LayoutNode[] = values.map((v, i) => {
    const parts = [...(v.label ? [v.label] : []), `data ${fmt(v.data, digits)}`, ...(showGrad ? [`grad ${fmt(v.grad, digits)}`] : [])];
    const width = parts.reduce((w, p) => w + p.length * CHAR_WIDTH + 12, 0);
    return {
      role: valueRole(v, root),
      parts,
      labelled: v.label !== "",
      x: 0,
      y: 0,
      width,
      height: BOX_HEIGHT,
      column: at(column, i, "column"),
    };
  });
  const edges: Array<[number, number]> = [];
  values.forEach((v, i) => {
    if (v.children.length === 0) return;
    const op = nodes.length;
    nodes.push({
      role: "op",
      parts: [v.op],
      labelled: false,
      x: 0,
      y: 0,
      width: Math.max(28, v.op.length * CHAR_WIDTH + 16),
      height: 22,
      column: at(column, i, "column") - 1,
    });
    for (const c of new Set(v.children)) edges.push([indexOf(c), op]);
    edges.push([op, i]);
  });
  const waypoints = placeNodes(nodes, edges);
  const top = options.title ? TITLE_HEIGHT : 0;
  const ys = [...nodes.map((n) => n.y - n.height / 2), ...waypoints.flat().map((p) => p[1])];
  const shift = MARGIN + top - Math.min(...ys);
  for (const n of nodes) n.y += shift;
  const routes = edges.map(([from, to], k) => {
    const a = at(nodes, from, "nodes");
    const b = at(nodes, to, "nodes");
    const middle = at(waypoints, k, "waypoints").map(([x, y]): Point => [x, y + shift]);
    const points: Point[] = [[a.x + a.width / 2, a.y], ...middle, [b.x - b.width / 2, b.y]];
    return { from, to, points };
  });
  const width = Math.max(...nodes.map((n) => n.x + n.width / 2)) + MARGIN;
  const height = Math.max(...nodes.map((n) => n.y + n.height / 2), ...routes.flatMap((e) => e.points.map((p) => p[1]))) + MARGIN;
  return { nodes, edges: routes, width, height, values };
}

interface Slot {
  column: number;
  /** Index into nodes, or -1 for a waypoint of a long edge. */
  node: number;
  height: number;
  y: number;
}

/**
 * Column x from the widest node of each column; rows by barycenter sweeps. An edge spanning several
 * columns gets a waypoint in each column it crosses, which takes part in the ordering like a node,
 * so long edges run between boxes instead of behind them. Returns each edge's waypoints.
 */
type Point = [number, number];

function placeNodes(nodes: LayoutNode[], edges: Array<[number, number]>): Point[][] {
  const slots: Slot[] = nodes.map((n, i) => ({ column: n.column, node: i, height: n.height, y: 0 }));
  const links: Array<[number, number]> = [];
  const chains = edges.map(([a, b]) => {
    const chain = [a];
    for (let c = at(nodes, a, "nodes").column + 1; c < at(nodes, b, "nodes").column; c++) {
      chain.push(slots.push({ column: c, node: -1, height: 4, y: 0 }) - 1);
    }
    chain.push(b);
    for (let k = 1; k < chain.length; k++) links.push([at(chain, k - 1, "chain"), at(chain, k, "chain")]);
    return chain.slice(1, -1);
  });
  const columnCount = Math.max(...slots.map((s) => s.column)) + 1;
  const columns: number[][] = Array.from({ length: columnCount }, () => []);
  slots.forEach((s, i) => at(columns, s.column, "columns").push(i));
  const neighbours: number[][] = slots.map(() => []);
  for (const [a, b] of links) {
    at(neighbours, a, "neighbours").push(b);
    at(neighbours, b, "neighbours").push(a);
  }
  const assign = () =>
    columns.forEach((col) => {
      const total = col.reduce((h, i) => h + at(slots, i, "slots").height + ROW_GAP, -ROW_GAP);
      let y = -total / 2;
      for (const i of col) {
        const slot = at(slots, i, "slots");
        slot.y = y + slot.height / 2;
        y += slot.height + ROW_GAP;
      }
    });
  assign();
  const sweep = (order: number[]) => {
    for (const c of order) {
      const col = at(columns, c, "columns");
      const keyed = col.map((i, k) => {
        const ns = at(neighbours, i, "neighbours");
        const mean = ns.reduce((sum, m) => sum + at(slots, m, "slots").y, 0) / ns.length;
        return { i, key: ns.length > 0 ? mean : at(slots, i, "slots").y + k * 1e-9 };
      });
      keyed.sort((p, q) => p.key - q.key); // stable: the same order as sorting col by its keys
      col.splice(0, col.length, ...keyed.map((e) => e.i));
      assign();
    }
  };
  const forward = Array.from({ length: columnCount }, (_, c) => c);
  for (let pass = 0; pass < 6; pass++) sweep(pass % 2 === 0 ? forward : [...forward].reverse());

  const left: number[] = [];
  const right: number[] = [];
  let x = MARGIN;
  for (const col of columns) {
    const width = Math.max(
      0,
      ...col.map((i) => {
        const node = at(slots, i, "slots").node;
        return node >= 0 ? at(nodes, node, "nodes").width : 0;
      }),
    );
    left.push(x);
    right.push(x + width);
    for (const i of col) {
      const slot = at(slots, i, "slots");
      if (slot.node < 0) continue;
      const n = at(nodes, slot.node, "nodes");
      n.x = x + width / 2;
      n.y = slot.y;
    }
    x += width + COLUMN_GAP;
  }
  // A waypoint is crossed horizontally, from the left to the right of its column.
  return chains.map((chain) =>
    chain.flatMap((i): Point[] => {
      const slot = at(slots, i, "slots");
      return [
        [at(left, slot.column, "left"), slot.y],
        [at(right, slot.column, "right"), slot.y],
      ];
    }),
  );
}

const FILL: Record<NodeRole, string> = {
  input: "#dbeafe",
  constant: "#f3f4f6",
  intermediate: "#ffffff",
  output: "#fef3c7",
  op: "#ede9fe",
};

/** The graph of `root` as a standalone SVG document (a string). */
export function graphSvg(root: Value, options: GraphOptions = {}): string {
  checkValue("graphSvg: root", root);
  checkOptions("graphSvg: options", options);
  const layout = graphLayout(root, options);
  const w = Math.ceil(layout.width);
  const h = Math.ceil(layout.height);
  const maxWidth = options.maxWidth ?? 900;
  if (!(maxWidth > 0)) throw new RangeError(`graphSvg: maxWidth must be a positive number of pixels; got ${maxWidth}`);
  const scale = Math.min(1, maxWidth / w);
  const shownW = Math.round(w * scale);
  const shownH = Math.round(h * scale);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${shownW}" height="${shownH}" viewBox="0 0 ${w} ${h}" ` +
      'style="max-width: 100%; height: auto" font-family="monospace" font-size="12">',
    '<defs><marker id="gradlab-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">' +
      '<path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>',
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
  ];
  if (options.title)
    out.push(`<text x="${MARGIN}" y="${MARGIN + 8}" font-size="14" font-weight="bold">${escapeHtml(options.title)}</text>`);
  for (const edge of layout.edges) out.push(edgeSvg(edge.points));
  for (const n of layout.nodes) out.push(n.role === "op" ? opSvg(n) : valueSvg(n));
  out.push("</svg>");
  return out.join("\n");
}

/** A smooth path through the points, leaving and entering each one horizontally. */
function edgeSvg(points: Point[]): string {
  const [x0, y0] = at(points, 0, "edge points");
  const segments = points.slice(1).map(([x, y], k) => {
    const [px, py] = at(points, k, "edge points");
    if (py === y) return `L ${r(x)} ${r(y)}`;
    const dx = (x - px) / 2;
    return `C ${r(px + dx)} ${r(py)}, ${r(x - dx)} ${r(y)}, ${r(x)} ${r(y)}`;
  });
  return `<path d="M ${r(x0)} ${r(y0)} ${segments.join(" ")}" fill="none" stroke="#555" marker-end="url(#gradlab-arrow)"/>`;
}

function r(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** How an op is written in the drawing when it differs from Value.op. */
const OP_TEXT: Record<string, string> = { "*": "×" };

function opSvg(n: LayoutNode): string {
  return (
    `<g class="op"><ellipse cx="${r(n.x)}" cy="${r(n.y)}" rx="${r(n.width / 2)}" ry="${r(n.height / 2)}" fill="${FILL.op}" stroke="#6d28d9"/>` +
    `<text x="${r(n.x)}" y="${r(n.y + 4)}" text-anchor="middle">${escapeHtml(OP_TEXT[n.parts[0] ?? ""] ?? n.parts[0] ?? "")}</text></g>`
  );
}

function valueSvg(n: LayoutNode): string {
  const left = n.x - n.width / 2;
  const top = n.y - n.height / 2;
  const pieces = [`<g class="value ${n.role}">`];
  pieces.push(
    `<rect x="${r(left)}" y="${r(top)}" width="${r(n.width)}" height="${n.height}" rx="3" fill="${FILL[n.role]}" stroke="#333"/>`,
  );
  let x = left;
  n.parts.forEach((part, k) => {
    const w = part.length * CHAR_WIDTH + 12;
    if (k > 0) pieces.push(`<line x1="${r(x)}" y1="${r(top)}" x2="${r(x)}" y2="${r(top + n.height)}" stroke="#333"/>`);
    const weight = k === 0 && n.labelled ? ' font-weight="bold"' : "";
    pieces.push(`<text x="${r(x + w / 2)}" y="${r(n.y + 4)}" text-anchor="middle"${weight}>${escapeHtml(part)}</text>`);
    x += w;
  });
  pieces.push("</g>");
  return pieces.join("");
}

/** A one-line description of the graph (the text/plain part of the display). */
export function describeGraph(root: Value, options: GraphOptions = {}): string {
  checkValue("describeGraph: root", root);
  checkOptions("describeGraph: options", options);
  const values = topologicalOrder(root);
  const ops = new Map<string, number>();
  for (const v of values) if (v.op) ops.set(v.op, (ops.get(v.op) ?? 0) + 1);
  const opText = [...ops].map(([op, count]) => `${op} ×${count}`).join(", ");
  const showGrad = options.showGrad ?? true;
  const inputs = values
    .filter((v) => v.children.length === 0 && v.label)
    .map((v) => `${v.label} = ${fmt(v.data)}${showGrad ? ` (grad ${fmt(v.grad)})` : ""}`);
  const name = root.label || "output";
  return (
    `[computation graph${options.title ? ` "${options.title}"` : ""}: ${values.length} values, ` +
    `${values.filter((v) => v.op).length} operations (${opText}); ${name} = ${fmt(root.data)}` +
    `${inputs.length ? `; inputs ${inputs.join(", ")}` : ""}]`
  );
}

/** Shows the graph of `root` in the notebook (image/svg+xml, with a text/plain summary). */
export function showGraph(root: Value, options: GraphOptions = {}): void {
  checkValue("showGraph: root", root);
  checkOptions("showGraph: options", options);
  displayBundle({ "image/svg+xml": graphSvg(root, options), "text/plain": describeGraph(root, options) });
}
