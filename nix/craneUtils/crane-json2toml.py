#!/usr/bin/env python3
"""crane-json2toml: reads one JSON object on stdin, writes it as a TOML
document on stdout. Objects become tables ([a.b]), arrays of objects
become arrays of tables ([[a.b]]), other values are written inline (an
object inside an array as an inline table). JSON null has no TOML form:
it is an error naming the key. Exit status 1 with one line on stderr for
bad input, nothing written."""
import json
import math
import re
import sys

BARE = re.compile(r"^[A-Za-z0-9_-]+$")


class Unwritable(Exception):
    pass


def key(k):
    return k if BARE.match(k) else json.dumps(k, ensure_ascii=False)


def dotted(path):
    return ".".join(key(k) for k in path)


def inline(v, path):
    if v is None:
        raise Unwritable(f"{dotted(path) or '(top)'}: null has no TOML form")
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list):
        return "[" + ", ".join(inline(e, path) for e in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{key(k)} = {inline(e, path + [k])}" for k, e in v.items()) + " }"
    raise Unwritable(f"{dotted(path)}: cannot write a {type(v).__name__}")


def table_list(v):
    return isinstance(v, list) and len(v) > 0 and all(isinstance(e, dict) for e in v)


def table(t, path, out):
    for k, v in t.items():
        if not isinstance(v, dict) and not table_list(v):
            out.append(f"{key(k)} = {inline(v, path + [k])}\n")
    for k, v in t.items():
        if isinstance(v, dict):
            out.append(f"\n[{dotted(path + [k])}]\n")
            table(v, path + [k], out)
    for k, v in t.items():
        if table_list(v):
            for e in v:
                out.append(f"\n[[{dotted(path + [k])}]]\n")
                table(e, path + [k], out)


def main():
    try:
        doc = json.load(sys.stdin)
    except ValueError as e:
        print(f"crane-json2toml: stdin: not JSON ({e})", file=sys.stderr)
        return 1
    if not isinstance(doc, dict):
        print("crane-json2toml: stdin: a TOML document must be a JSON object", file=sys.stderr)
        return 1
    out = []
    try:
        table(doc, [], out)
    except Unwritable as e:
        print(f"crane-json2toml: {e}", file=sys.stderr)
        return 1
    sys.stdout.write("".join(out).lstrip("\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
