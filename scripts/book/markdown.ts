// Markdown with math, rendered at build time: KaTeX turns $...$ and $$...$$ into HTML, so pages
// need only KaTeX's stylesheet and fonts (shipped with the site), no script and no network.
import katex from "katex";
import MarkdownIt from "markdown-it";
import texmath from "markdown-it-texmath";
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";
import javascript from "highlight.js/lib/languages/javascript";

hljs.registerLanguage("typescript", typescript);
hljs.registerLanguage("javascript", javascript);

/** Syntax-highlighted HTML for a code cell or a fenced block. */
export function highlight(code: string, language = "typescript"): string {
  const lang = hljs.getLanguage(language) ? language : "typescript";
  return hljs.highlight(code, { language: lang }).value;
}

const md = new MarkdownIt({ html: true, linkify: true, highlight: (code, lang) => highlight(code, lang || "typescript") });
md.use(texmath, { engine: katex, delimiters: "dollars", katexOptions: { throwOnError: false, output: "html" } });

export function renderMarkdown(source: string): string {
  return md.render(source);
}

/** Display math for text/latex outputs (which arrive as "$$...$$" or bare LaTeX). */
export function renderLatex(source: string): string {
  const tex = source.trim().replace(/^\$\$?|\$\$?$/g, "");
  return katex.renderToString(tex, { displayMode: true, throwOnError: false, output: "html" });
}
