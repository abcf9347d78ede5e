// Page frames for the book: the same head (styles, plotly.js once, the plot helper) and the
// navigation between sections on every page.
import { escapeHtml } from "./render";

export interface PageLink {
  file: string;
  title: string;
  summary: string;
}

const HEAD = (title: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="assets/katex/katex.min.css">
<link rel="stylesheet" href="assets/highlight.css">
<link rel="stylesheet" href="assets/book.css">
<script src="assets/plotly.min.js"></script>
<script src="assets/book.js"></script>
</head>`;

function nav(prev: PageLink | undefined, next: PageLink | undefined): string {
  const left = prev ? `<a class="prev" href="${prev.file}">← ${escapeHtml(prev.title)}</a>` : "<span></span>";
  const right = next ? `<a class="next" href="${next.file}">${escapeHtml(next.title)} →</a>` : "<span></span>";
  return `<nav class="pager">${left}<a class="home" href="index.html">Contents</a>${right}</nav>`;
}

export function page(options: { title: string; body: string; prev?: PageLink; next?: PageLink; source: string }): string {
  return `${HEAD(`${options.title} · gradlab`)}
<body>
<header class="site"><a href="index.html">gradlab · Derivatives and Gradients</a></header>
${nav(options.prev, options.next)}
<main class="notebook">
${options.body}
</main>
${nav(options.prev, options.next)}
<footer class="site">Executed notebook: <a href="${escapeHtml(options.source)}">${escapeHtml(options.source)}</a></footer>
</body>
</html>
`;
}

export function indexPage(pages: PageLink[]): string {
  const items = pages.map((p) => `<li><a href="${p.file}">${escapeHtml(p.title)}</a><p>${escapeHtml(p.summary)}</p></li>`).join("\n");
  return `${HEAD("gradlab · Derivatives and Gradients: the math behind learning")}
<body>
<header class="site"><a href="index.html">gradlab · Derivatives and Gradients</a></header>
<main class="index">
<h1>Derivatives and Gradients: the math behind learning</h1>
<p>A runnable course in TypeScript notebooks. These pages show each notebook as it ran; to change
the code and run it yourself, clone the project and run <code>npm start</code>.</p>
<ol class="outline">
${items}
</ol>
</main>
</body>
</html>
`;
}

export const BOOK_CSS = `
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0; }
header.site, footer.site { padding: 0.6em 1.2em; background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
footer.site { border-top: 1px solid #d0d7de; border-bottom: none; font-size: 0.85em; }
header.site a { color: inherit; text-decoration: none; font-weight: 600; }
main { max-width: 980px; margin: 0 auto; padding: 1em 1.2em 3em; }
nav.pager { display: flex; justify-content: space-between; max-width: 980px; margin: 0.6em auto; padding: 0 1.2em; }
nav.pager a { text-decoration: none; }
pre { overflow-x: auto; padding: 0.6em 0.8em; border-radius: 6px; font-size: 0.88em; }
pre.code { background: #f6f8fa; border: 1px solid #d0d7de; }
pre.stream, pre.text-output { background: #fff; border-left: 3px solid #d0d7de; margin-left: 0.2em; }
pre.error { background: #ffebe9; color: #82071e; }
.outputs { margin: 0.3em 0 1.2em; }
.plot { width: 100%; min-height: 420px; }
.badge { display: inline-block; font-size: 0.75em; padding: 0.1em 0.6em; border-radius: 1em; background: #ddf4ff; color: #0969da; margin-bottom: 0.3em; }
.badge.test { background: #fff8c5; color: #7d4e00; }
.badge.parameters { background: #dafbe1; color: #1a7f37; }
table.gradlab-table { border-collapse: collapse; font-size: 0.88em; margin: 0.4em 0; }
table.gradlab-table th, table.gradlab-table td { border: 1px solid #d0d7de; padding: 0.2em 0.6em; }
table.gradlab-table caption { font-weight: 600; padding-bottom: 0.3em; }
ol.outline li { margin-bottom: 0.8em; }
ol.outline p { margin: 0.2em 0; color: #57606a; }
.image svg, .image img { max-width: 100%; height: auto; }
`;

/** Draws a figure with the site's plotly.js; sliders and play buttons use its frames. */
export const BOOK_JS = `
function gradlabPlot(id, figure) {
  var draw = function () {
    Plotly.newPlot(id, figure.data, figure.layout, figure.config).then(function () {
      if (figure.frames) return Plotly.addFrames(id, figure.frames);
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
}
`;
