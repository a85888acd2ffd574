#!/usr/bin/python3
"""What a user would script: load two snapshots with PyYAML's C loader
(Debian python3-yaml, libyaml underneath) or the json module, index the
entities by key and compare them with a recursive dict comparison.

usage: py_diff.py yaml|json OLD NEW
prints: {"entities_changed": N, "diff_records": M}
"""

import json
import sys

import yaml


def load(fmt, path):
    with open(path, "rb") as f:
        if fmt == "yaml":
            d = yaml.load(f, Loader=yaml.CLoader)
        else:
            d = json.load(f)
    if isinstance(d, dict) and "data" in d and "collections" not in d:
        d = d["data"]
    return d


def compare(a, b, path, out):
    if type(a) is not type(b):
        out.append((path, a, b))
    elif isinstance(a, dict):
        for k in a:
            if k in b:
                compare(a[k], b[k], path + (k,), out)
            else:
                out.append((path + (k,), a[k], None))
        for k in b:
            if k not in a:
                out.append((path + (k,), None, b[k]))
    elif isinstance(a, list):
        if len(a) != len(b):
            out.append((path, a, b))
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                compare(x, y, path + (i,), out)
    elif a != b:
        out.append((path, a, b))


def diff_list(a, b, key):
    a = a or []
    b = b or []
    ia = {key(x): x for x in a}
    ib = {key(x): x for x in b}
    changed = 0
    records = 0
    for k, x in ia.items():
        y = ib.get(k)
        if y is None:
            changed += 1
            records += 1
            continue
        out = []
        compare(x, y, (), out)
        if out:
            changed += 1
            records += len(out)
    for k in ib:
        if k not in ia:
            changed += 1
            records += 1
    return changed, records


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("yaml", "json"):
        sys.stderr.write("usage: py_diff.py yaml|json OLD NEW\n")
        return 2
    fmt = sys.argv[1]
    a = load(fmt, sys.argv[2])
    b = load(fmt, sys.argv[3])
    ck = lambda x: x["collection"]
    fk = lambda x: (x["collection"], x["field"])
    ent = rec = 0
    for name, key in (("collections", ck), ("fields", fk),
                      ("systemFields", fk), ("relations", fk)):
        e, r = diff_list(a.get(name), b.get(name), key)
        ent += e
        rec += r
    print(json.dumps({"entities_changed": ent, "diff_records": rec}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
