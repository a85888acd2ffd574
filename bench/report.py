#!/usr/bin/python3
"""Formats what bench/run.sh measured: prints the table and writes
bench/RESULTS.md.  usage: report.py WORKDIR RESULTS.md|-"""

import json
import os
import sys

LABEL = {
    ("yaml", "floor"): "libyaml event scan (floor)",
    ("json", "floor"): "jansson json_loadb (floor)",
    ("yaml", "directus-drift"): "directus-drift diff",
    ("json", "directus-drift"): "directus-drift diff",
    ("yaml", "node"): "js-yaml + deep-diff (Directus)",
    ("json", "node"): "JSON.parse + deep-diff (Directus)",
    ("yaml", "python"): "PyYAML CLoader + dict compare",
    ("json", "python"): "python json + dict compare",
}
ORDER = ["floor", "directus-drift", "node", "python"]


def read_tsv(path, ncol):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            p += [""] * (ncol - len(p))
            rows.append(p)
    return rows


def num(s):
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def fmt_s(us):
    return "%.3f" % (us / 1e6) if us is not None else "n/a"


def fmt_ratio(a, b):
    if a is None or b is None or b == 0:
        return "n/a"
    return "%.2fx" % (a / b)


def fmt_ms(v):
    x = num(v)
    return "%.1f ms" % (x / 1000) if x is not None else (v or "n/a")


def main():
    work, out = sys.argv[1], sys.argv[2]
    meta = dict(read_tsv(os.path.join(work, "meta.tsv"), 2))
    res = {}
    sizes = []
    for size, fmt, who, med, rss, inb, runs, status in read_tsv(
            os.path.join(work, "raw.tsv"), 8):
        size = int(size)
        if size not in sizes:
            sizes.append(size)
        res[(size, fmt, who)] = {
            "us": num(med) if status == "ok" else None,
            "rss": num(rss) if status == "ok" else None,
            "in": num(inb), "runs": runs, "status": status}
    lines = []
    w = lines.append

    w("| fields | input | contender | median s | vs floor | "
      "vs directus-drift | peak RSS MB | RSS / input |")
    w("|---:|---|---|---:|---:|---:|---:|---:|")
    for size in sizes:
        for fmt in ("yaml", "json"):
            fl = res.get((size, fmt, "floor"), {}).get("us")
            dd = res.get((size, fmt, "directus-drift"), {}).get("us")
            for who in ORDER:
                r = res.get((size, fmt, who))
                if r is None:
                    continue
                inb = r["in"] or res[(size, fmt, "floor")]["in"]
                if r["us"] is None:
                    w("| %d | %s %.0f MB | %s | %s | | | | |" % (
                        size, fmt, inb / 1e6, LABEL[(fmt, who)],
                        r["status"]))
                    continue
                rss_mb = r["rss"] / 1024
                note = "" if r["runs"] in ("", str(meta.get("runs"))) \
                    else " (%s run%s)" % (r["runs"],
                                          "" if r["runs"] == "1" else "s")
                w("| %d | %s %.0f MB | %s | %s%s | %s | %s | %.0f | %.2f |" % (
                    size, fmt, inb / 1e6, LABEL[(fmt, who)],
                    fmt_s(r["us"]), note,
                    fmt_ratio(r["us"], fl), fmt_ratio(r["us"], dd),
                    rss_mb, r["rss"] * 1024 / inb))
    table = "\n".join(lines)

    # Scaling: microseconds per field, per contender.
    sl = []
    s = sl.append
    s("| input | contender | " + " | ".join(
        "%d" % n for n in sizes) + " |")
    s("|---|---|" + "---:|" * len(sizes))
    for fmt in ("yaml", "json"):
        for who in ORDER:
            cells = []
            for n in sizes:
                r = res.get((n, fmt, who))
                if r is None or r["us"] is None:
                    cells.append("n/a")
                else:
                    cells.append("%.1f us, %.0f MB" % (
                        r["us"] / n, r["rss"] / 1024))
            s("| %s | %s | %s |" % (fmt, LABEL[(fmt, who)],
                                   " | ".join(cells)))
    scaling = "\n".join(sl)

    # Targets on the largest size.
    big = max(sizes) if sizes else None
    t = []

    def target(name, ok, detail):
        mark = "n/a" if ok is None else ("PASS" if ok else "FAIL")
        t.append("| %s | %s | %s |" % (name, detail, mark))

    def g(fmt, who):
        return res.get((big, fmt, who), {})

    yd, yf, yn = (g("yaml", x).get("us") for x in
                  ("directus-drift", "floor", "node"))
    jd, jf, jn = (g("json", x).get("us") for x in
                  ("directus-drift", "floor", "node"))
    t.append("| target (largest size: %s fields) | measured | |" % big)
    t.append("|---|---|---|")
    target("YAML total within 1.5x of the libyaml scan",
           None if yd is None else yd <= 1.5 * yf,
           fmt_ratio(yd, yf) + (" of the scan" if yd else ""))
    target("YAML >= 1.5x faster than js-yaml + deep-diff",
           None if yd is None or yn is None else yn >= 1.5 * yd,
           fmt_ratio(yn, yd) + (" faster" if yd else ""))
    target("JSON >= 1.5x faster than JSON.parse + deep-diff",
           None if jd is None or jn is None else jn >= 1.5 * jd,
           fmt_ratio(jn, jd) + (" faster" if jd else ""))
    target("JSON >= 3x faster than jansson's load alone",
           None if jd is None else jf >= 3 * jd,
           fmt_ratio(jf, jd) + (" faster" if jd else ""))
    for fmt in ("yaml", "json"):
        r = g(fmt, "directus-drift")
        ok = None if r.get("rss") is None else r["rss"] * 1024 <= 2 * r["in"]
        target("peak RSS <= 2x combined input (%s)" % fmt, ok,
               "n/a" if ok is None else "%.0f MB for %.0f MB: %.2fx" % (
                   r["rss"] / 1024, r["in"] / 1e6,
                   r["rss"] * 1024 / r["in"]))
    for k, name in (("version_us", "--version"), ("rules_us", "rules")):
        v = num(meta.get(k))
        target("%s < 5 ms" % name, None if v is None else v < 5000,
               fmt_ms(meta.get(k)) + " (exec from bash; /bin/true: %s)" %
               fmt_ms(meta.get("true_us")))
    v = num(meta.get("agencyos_us"))
    target("agencyos pair (~1 MB each) < 30 ms",
           None if v is None else v < 30000,
           fmt_ms(meta.get("agencyos_us")) +
           ("" if v is None else ", exit %s" % meta.get("agencyos_rc")))
    c, k = num(meta.get("check_us")), num(meta.get("curl_us"))
    target("check vs a real Directus within 1.1x of bare curl",
           None if c is None or k is None else c <= 1.1 * k,
           "not measured (set BENCH_DIRECTUS_URL)" if c is None else
           "%s vs curl %s" % (fmt_ms(c), fmt_ms(k)))
    targets = "\n".join(t)

    # Sanity: what each tool found against the manifest.
    san = []
    for n in sizes:
        try:
            with open(os.path.join(work, "snap-%d-manifest.json" % n)) as f:
                man = json.load(f)
        except OSError:
            continue
        parts = ["%d fields: manifest %d changes (%s)" % (
            n, man["changes_total"], ", ".join(
                "%s %d" % kv for kv in sorted(man["by_kind"].items())))]
        for fmt in ("yaml", "json"):
            try:
                with open(os.path.join(work, "report-%d-%s.json" %
                                       (n, fmt))) as f:
                    rep = json.load(f)
                nc = len(rep.get("changes", []))
                # a field-renamed change stands for one removal and one
                # addition of the manifest (same type and schema)
                nren = sum(1 for c in rep.get("changes", [])
                           if c.get("rule") == "field-renamed")
                parts.append("directus-drift %s: %d changes %s%s, %s" % (
                    fmt, nc, json.dumps(rep.get("summary", {})),
                    " (%d field-renamed, each one removal + one addition)"
                    % nren if nren else "",
                    "matches the manifest" if nc + nren ==
                    man["changes_total"] else "MISMATCH with the manifest"))
            except (OSError, ValueError):
                pass
            try:
                with open(os.path.join(work, "node-%d-%s.json" %
                                       (n, fmt))) as f:
                    nd = json.load(f)
                parts.append("deep-diff %s: %d entities changed, %d records"
                             % (fmt, nd["entities_changed"],
                                nd["diff_records"]))
            except (OSError, ValueError):
                pass
        san.append("- " + "; ".join(parts))
    sanity = "\n".join(san)

    cg = "n/a (directus-drift cannot diff yet, or BENCH_CALLGRIND=0)"
    if meta.get("callgrind_size", "n/a") != "n/a":
        n = meta["callgrind_size"]
        rows = ["| %s fields | directus-drift Ir | floor Ir | ratio |" % n,
                "|---|---:|---:|---:|"]
        for fmt, fl in (("yaml", "libyaml scan"), ("json", "jansson load")):
            d = num(meta.get("callgrind_%s_ir" % fmt))
            f = num(meta.get("callgrind_%s_floor_ir" % fmt))
            rows.append("| %s pair (floor: %s) | %s | %s | %s |" % (
                fmt.upper(), fl,
                "{:,}".format(int(d)) if d else "?",
                "{:,}".format(int(f)) if f else "?",
                fmt_ratio(d, f)))
        cg = "\n".join(rows) + (
            "\n\nPer-function summaries: bench/callgrind/drift-%s-yaml.txt,"
            " drift-%s-json.txt, floor-%s-yaml.txt, floor-%s-json.txt. "
            "Compare a later change against these totals." % (n, n, n, n))

    drift_note = ""
    if meta.get("drift_ok") != "1":
        drift_note = ("\n**directus-drift could not diff in this run: %s.** "
                      "Its rows are n/a.\n" % meta.get("drift_why", ""))

    print(table)
    print()
    print(targets)
    if out == "-":
        return 0
    doc = """# make bench: results

Written by `bench/run.sh` (`make bench`); do not edit by hand.

- Date: {date}
- Commit: {commit}
- Machine: {cpu}, {nproc} cores, {mem} RAM, {os} (load average at the
  end: {load}; the machine is shared, so absolute numbers are noisy)
- Tools: {cc}; node {node}; {python}; libyaml {libyaml}; jansson {jansson}
- Sizes: {sizes} fields; median of {runs} runs (a contender whose first run
  takes longer than BENCH_SLOW seconds is run once; the run count is shown)
{drift_note}
## Side by side

Each contender reads the same two files (old and drifted twin, generated by
`bench/gen.py`) and, except the floors, compares them. directus-drift runs
`diff --format json OLD NEW > /dev/null` (exit 1 = changes found). Wall time
includes process start. RSS is the peak resident set (`/usr/bin/time %M`),
divided by the combined size of both inputs in the last column.

{table}

## Targets

{targets}

## Scaling (time per field, peak RSS)

Growth is linear when the time per field stays flat as the size grows.

{scaling}

## What each tool found

{sanity}

## Instruction counts

{cg}

## Method

- Floors: `bench/floor_yaml.c` pulls every libyaml parser event from both
  files (nothing built); `bench/floor_jansson.c` loads both JSON files with
  `json_loadb` into jansson DOMs (both alive at once).
- Directus: `bench/node/diff.js` with js-yaml 4.1.1 and deep-diff 1.0.2 (the
  versions @directus/api 35.2.0, i.e. Directus 11.17.4, depends on), diffing
  collections, fields, systemFields and relations entity by entity as
  `getSnapshotDiff()` does. Directus matches entities with `Array.find`,
  which is quadratic; the bench matches through a `Map` instead (`--find`
  restores Directus's own matching), so the Node numbers are a lower bound
  for Directus itself. Node runs with `--max-old-space-size=16384`.
- A user's script: `bench/py_diff.py`, Debian's python3-yaml with
  `yaml.CLoader` (or `json`), entities indexed by key, recursive compare.
- Startup times are medians of 51 runs, each a fork and exec from bash
  (the `/bin/true` figure is that overhead).
- Data: `bench/gen.py` (seeded, deterministic) writes YAML byte-identical to
  js-yaml's `dump()` (checked by `bench/node/check_style.js`) and JSON as
  `JSON.stringify(data, null, 2)`, with the key mix of Directus 11.17.4 on
  postgres; the drifted twin changes about 1% of the entities and lists them
  in `bench/work/snap-N-manifest.json`.
""".format(drift_note=drift_note, table=table, targets=targets,
           scaling=scaling, sanity=sanity, cg=cg, **meta)
    with open(out, "w", encoding="utf-8") as f:
        f.write(doc)
    print("\nbench: wrote %s" % out, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
