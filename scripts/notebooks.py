"""Authoring tool for the course notebooks: edit them as percent-format TypeScript text, keep the
committed .ipynb files clean.

  npm run nb -- to-text notebooks/03-rules.ipynb            # prints the notebook as text
  npm run nb -- to-text notebooks/03-rules.ipynb -o x.ts    # writes it to x.ts
  npm run nb -- from-text x.ts -o notebooks/03-rules.ipynb  # text -> committed notebook

Text format: jupytext's percent format (`// %%` starts a code cell, `// %% [markdown]` a markdown
cell; cell metadata such as tags=["parameters"] or nbgrader={...} follows on the same line).
`from-text` writes the notebook the way the repository keeps it: no outputs, no execution counts,
the tslab kernelspec, stable cell ids (c00, c01, ...), and no jupytext metadata.
It refuses to overwrite a notebook that has outputs (it might be someone's work).
"""
import argparse
import json
import os
import sys

import jupytext
import nbformat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNELSPEC = {"display_name": "TypeScript (gradlab)", "language": "typescript", "name": "tslab"}


def typescript_version():
    """The TypeScript the kernel compiles cells with (what its kernel_info_reply reports)."""
    package = os.path.join(ROOT, "node_modules", "@tslab", "typescript-for-tslab", "package.json")
    with open(package, encoding="utf-8") as handle:
        return json.load(handle)["version"]


def language_info():
    """Exactly the kernel's language_info (tslab, patched), so JupyterLab finds nothing to update on open."""
    return {
        "codemirror_mode": {"mode": "typescript", "name": "javascript", "typescript": True},
        "file_extension": ".ts",
        "mimetype": "text/typescript",
        "name": "typescript",
        "version": typescript_version(),
    }


def normalize(nb):
    nb.metadata = nbformat.from_dict({"kernelspec": KERNELSPEC, "language_info": language_info()})
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i:02d}"
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("jupytext", None)
    nbformat.validate(nb)
    return nb


def has_outputs(path):
    try:
        nb = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        return False
    return any(c.cell_type == "code" and (c.outputs or c.execution_count) for c in nb.cells)


def main():
    parser = argparse.ArgumentParser(description="notebook <-> percent-format text")
    sub = parser.add_subparsers(dest="command", required=True)
    to_text = sub.add_parser("to-text")
    to_text.add_argument("notebook")
    to_text.add_argument("-o", "--output")
    from_text = sub.add_parser("from-text")
    from_text.add_argument("text")
    from_text.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    if args.command == "to-text":
        nb = nbformat.read(args.notebook, as_version=4)
        nb.metadata["jupytext"] = {"cell_metadata_filter": "tags,nbgrader,-all"}
        text = jupytext.writes(nb, fmt="ts:percent")
        if args.output:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            sys.stdout.write(text)
    else:
        if not args.output.endswith(".ipynb"):
            parser.error("--output must be an .ipynb file")
        if has_outputs(args.output):
            parser.error(f"{args.output} has outputs; clear them first (it may be someone's executed work)")
        with open(args.text, encoding="utf-8") as handle:
            nb = jupytext.reads(handle.read(), fmt="ts:percent")
        nbformat.write(normalize(nb), args.output)
        print(f"wrote {args.output} ({len(nb.cells)} cells)")


if __name__ == "__main__":
    main()
