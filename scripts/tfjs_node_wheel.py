"""Unpacks what @tensorflow/tfjs-node needs from a TensorFlow wheel into the package's deps/.

Used by scripts/setup-tfjs-node.mjs (run with the project's .venv Python; standard library only):

    python tfjs_node_wheel.py WHEEL PACKAGE_DIR LIB_NAME...

- deps/lib/: the named shared libraries from the wheel's tensorflow/ folder;
- deps/include/: the C headers the addon's sources include, followed through their own
  `#include "..."` lines (a dozen or so of the wheel's 13,000 headers).

A wheel is a zip file. Each library is written to a `.part` file and renamed when complete, so an
interrupted run never leaves a truncated library behind.
"""

import os
import re
import shutil
import sys
import zipfile

INCLUDE_ROOT = "tensorflow/include/"
LIB_ROOT = "tensorflow/"
QUOTED_INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.MULTILINE)
CHUNK = 8 << 20


class WheelError(Exception):
    pass


def binding_includes(package_dir):
    """The quoted includes of the addon's sources that are not the addon's own headers."""
    binding = os.path.join(package_dir, "binding")
    if not os.path.isdir(binding):
        raise WheelError(f"{binding} is missing: is @tensorflow/tfjs-node installed?")
    own = set(os.listdir(binding))
    wanted = set()
    for name in sorted(own):
        if name.endswith((".cc", ".h")):
            with open(os.path.join(binding, name), encoding="utf-8") as source:
                wanted.update(i for i in QUOTED_INCLUDE.findall(source.read()) if i not in own)
    return sorted(wanted)


def header_closure(wheel, start):
    """Every header reachable from `start` through quoted includes, as paths under include/."""
    members = set(wheel.namelist())
    found = {}
    todo = list(start)
    while todo:
        header = todo.pop()
        if header in found:
            continue
        member = INCLUDE_ROOT + header
        if member not in members:
            raise WheelError(f"the wheel has no header {header} (looked for {member})")
        text = wheel.read(member)
        found[header] = text
        todo.extend(QUOTED_INCLUDE.findall(text.decode("utf-8", errors="replace")))
    return found


def extract_library(wheel, name, lib_dir):
    member = LIB_ROOT + name
    try:
        info = wheel.getinfo(member)
    except KeyError:
        raise WheelError(f"the wheel has no {member}") from None
    target = os.path.join(lib_dir, name)
    partial = target + ".part"
    total = info.file_size
    done = 0
    next_report = total // 4
    with wheel.open(info) as source, open(partial, "wb") as out:
        while True:
            chunk = source.read(CHUNK)
            if not chunk:
                break
            out.write(chunk)
            done += len(chunk)
            if done >= next_report:
                print(f"  {name}: {done / 1e6:.0f} / {total / 1e6:.0f} MB", flush=True)
                next_report += max(1, total // 4)
    os.replace(partial, target)
    return total


def main(argv):
    if len(argv) < 4:
        print("usage: tfjs_node_wheel.py WHEEL PACKAGE_DIR LIB_NAME...", file=sys.stderr)
        return 2
    wheel_path, package_dir, libraries = argv[1], argv[2], argv[3:]
    deps = os.path.join(package_dir, "deps")
    lib_dir = os.path.join(deps, "lib")
    include_dir = os.path.join(deps, "include")
    try:
        with zipfile.ZipFile(wheel_path) as wheel:
            headers = header_closure(wheel, binding_includes(package_dir))
            shutil.rmtree(include_dir, ignore_errors=True)
            for header, text in sorted(headers.items()):
                target = os.path.join(include_dir, *header.split("/"))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as out:
                    out.write(text)
            print(f"  {len(headers)} C headers -> deps/include", flush=True)
            os.makedirs(lib_dir, exist_ok=True)
            sizes = {name: extract_library(wheel, name, lib_dir) for name in libraries}
    except WheelError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except zipfile.BadZipFile as error:
        print(f"error: {wheel_path} is not a valid wheel ({error})", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: could not write to {deps}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"  {len(sizes)} libraries ({sum(sizes.values()) / 1e6:.0f} MB) -> deps/lib", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except KeyboardInterrupt:
        sys.exit(130)  # the caller says what happened and cleans up
