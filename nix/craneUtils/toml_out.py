"""TOML output shared by craneUtils' programs: a document of Python values
(as json.load or tomllib.load give them) written as TOML. Tables become
[a.b] sections (a table holding only tables gets no header of its own),
lists of tables become [[a.b]], everything else is written inline (a table
inside a list as an inline table). A value TOML cannot hold (JSON's null)
raises Unwritable naming its key."""
import datetime
import json
import math
import re

BARE = re.compile(r"^[A-Za-z0-9_-]+$")


class Unwritable(Exception):
    pass


def key(k):
    return k if BARE.match(k) else string(k)


def string(s):
    # json's escapes are TOML's, except that TOML also forbids a raw DEL
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def dotted(path):
    return ".".join(key(k) for k in path)


def value(v, path):
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
        return string(v)
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(value(e, path) for e in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{key(k)} = {value(e, path + [k])}" for k, e in v.items()) + " }"
    raise Unwritable(f"{dotted(path)}: cannot write a {type(v).__name__}")


def is_table_list(v):
    return isinstance(v, list) and len(v) > 0 and all(isinstance(e, dict) for e in v)


def table(t, path, out):
    """Appends table `t` (at `path`, a list of keys) to the list of strings `out`."""
    for k, v in t.items():
        if not isinstance(v, dict) and not is_table_list(v):
            out.append(f"{key(k)} = {value(v, path + [k])}\n")
    for k, v in t.items():
        if isinstance(v, dict):
            if not v or any(not isinstance(e, dict) for e in v.values()):
                out.append(f"\n[{dotted(path + [k])}]\n")
            table(v, path + [k], out)
    for k, v in t.items():
        if is_table_list(v):
            for e in v:
                out.append(f"\n[[{dotted(path + [k])}]]\n")
                table(e, path + [k], out)


def document(doc):
    """The TOML text of the table `doc`."""
    out = []
    table(doc, [], out)
    return "".join(out).lstrip("\n")
