"""Parameters of a course notebook: read them from its `parameters` cell, check new values, and
inject them, the way papermill does for Python (papermill has no TypeScript translator).

A parameters cell holds one declaration per line, optionally with a constraint in brackets at the
end of its comment:

    const lr = 0.1;          // learning rate [> 0]
    const steps = 20;        // iterations [integer, >= 1]
    const x0 = [-1.5, 2];    // starting point
    const name = "adam";     // optimizer [one of: sgd | momentum | adam]

Injected values go into a new cell right after it (tagged `injected-parameters`) that declares the
same names again; later cells then read the new values.
"""
import json
import math
import re

DECLARATION = re.compile(
    r"^\s*(?:export\s+)?(?:const|let)\s+(?P<name>[A-Za-z_$][\w$]*)\s*(?::\s*(?P<type>[^=]+?))?\s*=\s*"
    r"(?P<value>.+?)\s*;?\s*(?://\s*(?P<comment>.*))?$"
)
NUMBER = re.compile(r"^-?(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
CONSTRAINT = re.compile(r"\[([^\[\]]+)\]\s*$")
COMPARISON = re.compile(r"^(>=|<=|>|<)\s*(-?[\d.]+(?:[eE][-+]?\d+)?)$")


# Injected declarations carry a type, so `const lr = 1.5` does not get the literal type 1.5
# (which would make `lr === 0.1` a compile error in a later cell).
TS_TYPES = {"number": "number", "boolean": "boolean", "string": "string", "numbers": "number[]"}


class ParameterError(ValueError):
    """A parameter name or value that cannot be used; the message says why and what would work."""


def parameters_cell_index(nb):
    indices = [i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(indices) != 1:
        raise ParameterError(f"the notebook must have exactly one cell tagged 'parameters'; it has {len(indices)}")
    return indices[0]


def literal(text):
    """(kind, value) of a declaration's initialiser; kind "expression" when it is not a plain literal."""
    text = text.strip()
    if NUMBER.match(text):
        return "number", float(text.replace("_", ""))
    if text in ("true", "false"):
        return "boolean", text == "true"
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return "string", text[1:-1]
    if text.startswith("[") and text.endswith("]"):
        try:
            value = json.loads(text.replace("_", ""))
        except ValueError:
            return "expression", text
        if isinstance(value, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            return "numbers", [float(v) for v in value]
    return "expression", text


def read_parameters(nb):
    """Name -> {kind, default, comment, constraints} for every declaration in the parameters cell."""
    cell = nb.cells[parameters_cell_index(nb)]
    params = {}
    for line in cell.source.splitlines():
        match = DECLARATION.match(line)
        if not match:
            continue
        kind, default = literal(match.group("value"))
        comment = (match.group("comment") or "").strip()
        found = CONSTRAINT.search(comment)
        params[match.group("name")] = {
            "kind": kind,
            "type": (match.group("type") or "").strip() or TS_TYPES.get(kind),
            "default": default,
            "comment": comment,
            "constraints": [c.strip() for c in found.group(1).split(",")] if found else [],
        }
    return params


def check_constraint(name, value, constraint):
    if constraint == "integer":
        if not float(value).is_integer():
            raise ParameterError(f"{name} must be an integer; got {format_value(value)}")
        return
    if constraint.startswith("one of:"):
        allowed = [a.strip() for a in constraint[len("one of:"):].split("|") if a.strip()]
        if str(value) not in allowed:
            raise ParameterError(f"{name} must be one of {', '.join(allowed)}; got {format_value(value)}")
        return
    match = COMPARISON.match(constraint)
    if not match:
        raise ParameterError(f"the parameters cell declares an unknown constraint for {name}: [{constraint}]")
    op, bound = match.group(1), float(match.group(2))
    ok = {">": value > bound, ">=": value >= bound, "<": value < bound, "<=": value <= bound}[op]
    if not ok:
        raise ParameterError(f"{name} must be {op} {match.group(2)}; got {format_value(value)}")


def parse_value(name, text, spec):
    """Turns the command-line text for `name` into a value of the parameter's kind, or explains why not."""
    kind = spec["kind"]
    if kind == "expression":
        raise ParameterError(f"{name} is computed in the notebook ({spec['default']}) and cannot be set from the command line")
    if kind == "number":
        try:
            value = float(text.replace("_", ""))
        except ValueError:
            raise ParameterError(f"{name} must be a number; got {text!r}") from None
        if not math.isfinite(value):
            raise ParameterError(f"{name} must be a finite number; got {text}")
    elif kind == "boolean":
        if text not in ("true", "false"):
            raise ParameterError(f"{name} must be true or false; got {text!r}")
        value = text == "true"
    elif kind == "string":
        value = text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'" else text
    else:  # numbers
        try:
            value = json.loads(text)
        except ValueError:
            raise ParameterError(f"{name} must be a list of numbers like [1, 2]; got {text!r}") from None
        if not (isinstance(value, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)):
            raise ParameterError(f"{name} must be a list of numbers like [1, 2]; got {text!r}")
        if len(value) != len(spec["default"]):
            raise ParameterError(f"{name} must have {len(spec['default'])} numbers; got {len(value)}")
        value = [float(v) for v in value]
    for constraint in spec["constraints"]:
        for item in value if isinstance(value, list) else [value]:
            check_constraint(name, item, constraint)
    return value


def format_value(value):
    """The value as a TypeScript literal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return json.dumps(value)


def resolve(nb, assignments):
    """{name: text} from the command line -> {name: value}; every problem is reported at once."""
    params = read_parameters(nb)
    problems = []
    values = {}
    for name, text in assignments.items():
        if name not in params:
            known = ", ".join(params) or "(none)"
            problems.append(f"unknown parameter {name!r}; this notebook's parameters are: {known}")
            continue
        try:
            values[name] = parse_value(name, text, params[name])
        except ParameterError as error:
            problems.append(str(error))
    if problems:
        raise ParameterError("\n".join(problems))
    return values


def inject(nb, values):
    """Adds the cell that redeclares `values` right after the parameters cell; returns its index."""
    import nbformat

    if not values:
        return None
    index = parameters_cell_index(nb) + 1
    lines = ["// Parameters set for this run (npm run notebook -- ... -p name=value)"]
    types = {name: spec["type"] for name, spec in read_parameters(nb).items()}
    lines += [f"const {name}: {types[name]} = {format_value(value)};" for name, value in values.items()]
    cell = nbformat.v4.new_code_cell("\n".join(lines))
    cell.metadata["tags"] = ["injected-parameters"]
    cell.id = "injected-parameters"
    nb.cells.insert(index, cell)
    return index
