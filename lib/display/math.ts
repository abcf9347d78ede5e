/**
 * Mathematics in notebook output. JupyterLab and VS Code typeset `text/latex` and the `$...$` of
 * `text/markdown` with MathJax; terminals and logs get the `text/plain` fallback.
 *
 * @example showMath("\\frac{d}{dx} x^{2} = 2x", "d/dx x^2 = 2x")
 * Introduced in [notebook 03](../../notebooks/03-derivative-rules.ipynb).
 */
import { displayBundle } from "./index";

/** Shows one displayed equation (LaTeX without the surrounding $$). @example showMath("x^{2}", "x^2") */
export function showMath(latex: string, plain: string): void {
  if (typeof latex !== "string" || typeof plain !== "string") throw new TypeError("showMath(latex, plain) needs two strings");
  displayBundle({ "text/latex": `$$${latex}$$`, "text/plain": plain });
}

/** Shows Markdown (which may contain $...$ math), with a plain-text fallback. @example showMarkdown("**rule**: $2x$", "rule: 2x") */
export function showMarkdown(markdown: string, plain: string): void {
  if (typeof markdown !== "string" || typeof plain !== "string") throw new TypeError("showMarkdown(markdown, plain) needs two strings");
  displayBundle({ "text/markdown": markdown, "text/plain": plain });
}
