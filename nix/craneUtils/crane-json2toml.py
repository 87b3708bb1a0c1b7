#!/usr/bin/env python3
"""crane-json2toml: reads one JSON object on stdin, writes it as a TOML
document on stdout. Objects become tables ([a.b]), arrays of objects
become arrays of tables ([[a.b]]), other values are written inline (an
object inside an array as an inline table). JSON null has no TOML form:
it is an error naming the key. Exit status 1 with one line on stderr for
bad input, nothing written."""
import json
import sys

from toml_out import Unwritable, document


def main():
    try:
        doc = json.load(sys.stdin)
    except ValueError as e:
        print(f"crane-json2toml: stdin: not JSON ({e})", file=sys.stderr)
        return 1
    if not isinstance(doc, dict):
        print("crane-json2toml: stdin: a TOML document must be a JSON object", file=sys.stderr)
        return 1
    try:
        text = document(doc)
    except Unwritable as e:
        print(f"crane-json2toml: {e}", file=sys.stderr)
        return 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
