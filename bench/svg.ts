/**
 * Just enough SVG for the benchmark's figure: panels of horizontal bars (with the spread drawn as
 * a whisker, and a text note instead of a bar for a peer that has no number) and log-log line
 * charts. A static file, so it shows on a repository page and in any browser without scripts.
 */

export interface Bar {
  label: string;
  /** Absent for a skipped or failed peer: the note is shown instead. */
  value?: number;
  /** min and max of the samples, drawn as a whisker. */
  spread?: [number, number];
  note?: string;
  highlight?: boolean;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function text(x: number, y: number, s: string, attrs = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${FONT} ${attrs}>${escapeXml(s)}</text>`;
}

/** Tick values for a log axis: powers of ten inside [lo, hi] (and the ends when there are few). */
function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  const decades = ticks.filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
  return decades.length >= 3 ? decades : ticks;
}

export function fmtTick(v: number): string {
  if (v >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (v >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

function logRange(values: number[]): [number, number] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return [10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi) + 1e-9)];
}

/** A panel of horizontal bars on a logarithmic axis (values span decades). */
export function barPanel(
  box: Box,
  title: string,
  unit: string,
  bars: Bar[],
  options: { target?: { value: number; label: string } } = {},
): string {
  const out: string[] = [];
  out.push(text(box.x, box.y + 14, title, 'font-size="14" font-weight="bold"'));
  const labelW = 200;
  const plot = { x: box.x + labelW, y: box.y + 28, w: box.w - labelW - 20, h: box.h - 60 };
  const values = bars.flatMap((b) => (b.value === undefined ? [] : [b.value, ...(b.spread ?? [])]));
  if (options.target) values.push(options.target.value);
  if (values.length === 0) {
    out.push(text(plot.x, plot.y + 20, "no numbers in this run", 'font-size="12" fill="#666"'));
    return out.join("\n");
  }
  const [lo, hi] = logRange(values);
  const sx = (v: number) => plot.x + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * plot.w;
  const rowH = plot.h / Math.max(bars.length, 1);
  for (const v of logTicks(lo, hi)) {
    out.push(`<line x1="${sx(v).toFixed(1)}" y1="${plot.y}" x2="${sx(v).toFixed(1)}" y2="${plot.y + plot.h}" stroke="#ddd"/>`);
    out.push(text(sx(v), plot.y + plot.h + 14, fmtTick(v), 'font-size="10" text-anchor="middle" fill="#444"'));
  }
  out.push(text(plot.x + plot.w / 2, plot.y + plot.h + 28, unit, 'font-size="11" text-anchor="middle" fill="#444"'));
  bars.forEach((b, i) => {
    const cy = plot.y + rowH * (i + 0.5);
    out.push(text(plot.x - 8, cy + 4, b.label, 'font-size="11" text-anchor="end"'));
    if (b.value === undefined) {
      out.push(text(plot.x + 4, cy + 4, b.note ?? "no number", 'font-size="11" fill="#a00" font-style="italic"'));
      return;
    }
    const bh = Math.min(18, rowH * 0.6);
    const color = b.highlight ? COLORS[0] : "#9aa9b8";
    out.push(
      `<rect x="${plot.x}" y="${(cy - bh / 2).toFixed(1)}" width="${Math.max(1, sx(b.value) - plot.x).toFixed(1)}" height="${bh.toFixed(1)}" fill="${color}"/>`,
    );
    if (b.spread) {
      const [a, c] = b.spread.map(sx) as [number, number];
      out.push(`<line x1="${a.toFixed(1)}" y1="${cy}" x2="${c.toFixed(1)}" y2="${cy}" stroke="#222" stroke-width="1.2"/>`);
      for (const e of [a, c])
        out.push(`<line x1="${e.toFixed(1)}" y1="${cy - 4}" x2="${e.toFixed(1)}" y2="${cy + 4}" stroke="#222" stroke-width="1.2"/>`);
    }
    out.push(
      text(
        Math.min(sx(b.spread?.[1] ?? b.value) + 6, plot.x + plot.w - 40),
        cy - bh / 2 - 2,
        b.note ?? fmtTick(b.value),
        'font-size="10" fill="#222"',
      ),
    );
  });
  if (options.target) {
    const x = sx(options.target.value);
    out.push(
      `<line x1="${x.toFixed(1)}" y1="${plot.y}" x2="${x.toFixed(1)}" y2="${plot.y + plot.h}" stroke="#d62728" stroke-dasharray="4 3"/>`,
    );
    out.push(text(x + 3, plot.y + 10, options.target.label, 'font-size="10" fill="#d62728"'));
  }
  return out.join("\n");
}

export interface Series {
  name: string;
  points: Array<[number, number]>;
  /** Indices of points that are estimates (drawn hollow). */
  estimated?: Set<number>;
}

/** A log-log line chart with a legend; an optional horizontal reference line. */
export function linePanel(
  box: Box,
  title: string,
  axes: { x: string; y: string },
  series: Series[],
  options: { reference?: { value: number; label: string } } = {},
): string {
  const out: string[] = [];
  out.push(text(box.x, box.y + 14, title, 'font-size="14" font-weight="bold"'));
  const plot = { x: box.x + 60, y: box.y + 50, w: box.w - 80, h: box.h - 95 };
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  if (options.reference) ys.push(options.reference.value);
  if (xs.length === 0) {
    out.push(text(plot.x, plot.y + 20, "no numbers in this run", 'font-size="12" fill="#666"'));
    return out.join("\n");
  }
  const [xlo, xhi] = logRange(xs);
  const [ylo, yhi] = logRange(ys);
  const sx = (v: number) => plot.x + ((Math.log10(v) - Math.log10(xlo)) / (Math.log10(xhi) - Math.log10(xlo))) * plot.w;
  const sy = (v: number) => plot.y + plot.h - ((Math.log10(v) - Math.log10(ylo)) / (Math.log10(yhi) - Math.log10(ylo))) * plot.h;
  for (const v of logTicks(xlo, xhi)) {
    out.push(`<line x1="${sx(v).toFixed(1)}" y1="${plot.y}" x2="${sx(v).toFixed(1)}" y2="${plot.y + plot.h}" stroke="#eee"/>`);
    out.push(text(sx(v), plot.y + plot.h + 14, fmtTick(v), 'font-size="10" text-anchor="middle" fill="#444"'));
  }
  for (const v of logTicks(ylo, yhi)) {
    out.push(`<line x1="${plot.x}" y1="${sy(v).toFixed(1)}" x2="${plot.x + plot.w}" y2="${sy(v).toFixed(1)}" stroke="#eee"/>`);
    out.push(text(plot.x - 6, sy(v) + 3, fmtTick(v), 'font-size="10" text-anchor="end" fill="#444"'));
  }
  out.push(`<rect x="${plot.x}" y="${plot.y}" width="${plot.w}" height="${plot.h}" fill="none" stroke="#999"/>`);
  out.push(text(plot.x + plot.w / 2, plot.y + plot.h + 30, axes.x, 'font-size="11" text-anchor="middle" fill="#444"'));
  const yMid = plot.y + plot.h / 2;
  out.push(text(box.x + 12, yMid, axes.y, `font-size="11" text-anchor="middle" fill="#444" transform="rotate(-90 ${box.x + 12} ${yMid})"`));
  if (options.reference) {
    const y = sy(options.reference.value);
    out.push(
      `<line x1="${plot.x}" y1="${y.toFixed(1)}" x2="${plot.x + plot.w}" y2="${y.toFixed(1)}" stroke="#d62728" stroke-dasharray="4 3"/>`,
    );
    out.push(text(plot.x + plot.w - 4, y - 4, options.reference.label, 'font-size="10" text-anchor="end" fill="#d62728"'));
  }
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length] as string;
    const d = s.points.map((p, k) => `${k === 0 ? "M" : "L"}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(" ");
    out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    s.points.forEach((p, k) => {
      const hollow = s.estimated?.has(k);
      out.push(
        `<circle cx="${sx(p[0]).toFixed(1)}" cy="${sy(p[1]).toFixed(1)}" r="3.5" fill="${hollow ? "white" : color}" stroke="${color}" stroke-width="1.5"/>`,
      );
    });
    const ly = box.y + 30 + i * 14;
    out.push(`<line x1="${plot.x}" y1="${ly - 4}" x2="${plot.x + 18}" y2="${ly - 4}" stroke="${color}" stroke-width="2"/>`);
    out.push(text(plot.x + 24, ly, s.name, 'font-size="11"'));
  });
  return out.join("\n");
}

/** Wraps panels into one SVG document. */
export function svgDocument(width: number, height: number, body: string[], caption: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...body,
    text(10, height - 8, caption, 'font-size="10" fill="#666"'),
    "</svg>",
    "",
  ].join("\n");
}
