#!/usr/bin/env python3
"""The front-end oracle (issue 12): send every request of the fixture
front ends (fixtures/frontends/requests.json) to a real Directus before
and after a drift, and compare what Directus does with what directus-drift
says.

  oracle.py baseline OUT.json        send the reads, keep the answers
  oracle.py observe BASE.json OUT.json   send everything, judge each one
  oracle.py compare OBSERVED.json REPORT.json USAGE.json
      REPORT: diff --usage --format json of the two snapshots
      USAGE:  usage --format json of the drifted snapshot
      exit 1 unless the requests Directus rejects or answers short are
      exactly those the report touches with a breaking change or a
      finding, and the scan found a reference in each request's lines.

The token is read from $DD_ADMIN_TOKEN_FILE, never from argv.
"""
import json, os, sys, urllib.error, urllib.request

TOP = os.path.dirname(os.path.abspath(__file__)) + "/../../.."
FRONT = os.path.join(TOP, "fixtures/frontends")


def manifest():
    with open(os.path.join(FRONT, "requests.json")) as f:
        return json.load(f)["requests"]


def send(r):
    url = os.environ["DIRECTUS_URL"] + r["path"]
    with open(os.environ["DD_ADMIN_TOKEN_FILE"]) as f:
        tok = f.read().strip()
    body = None
    if "graphql" in r:
        body = json.dumps({"query": r["graphql"]}).encode()
    elif "body" in r:
        body = json.dumps(r["body"]).encode()
    req = urllib.request.Request(url, data=body, method=r["method"])
    req.add_header("Authorization", "Bearer " + tok)
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            status, text = resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    try:
        doc = json.loads(text) if text else None
    except ValueError:
        doc = None
    return {"status": status, "body": doc}


def is_read(r):
    return r["method"] == "GET" or ("graphql" in r and
                                    not r["graphql"].lstrip().startswith("mutation"))


def shape(v):
    """the JSON types of a value, as a comparable tree"""
    if isinstance(v, dict):
        return {k: shape(x) for k, x in v.items()}
    if isinstance(v, list):
        return [shape(x) for x in v]
    return type(v).__name__


def rest_paths(path):
    """the dotted field paths a REST query string asks for"""
    from urllib.parse import parse_qsl, urlsplit
    out = []
    for k, v in parse_qsl(urlsplit(path).query):
        if k.startswith("fields"):
            out += [p.strip() for p in v.split(",") if p.strip()]
    return out


def has_path(items, path):
    """every item holds the dotted path (m2a scopes item:c match when
    the item's collection is c)"""
    if isinstance(items, dict):
        items = [items]
    segs = path.split(".")
    def walk(v, i, coll=None):
        if i == len(segs):
            return True
        if isinstance(v, list):
            return all(walk(x, i, coll) for x in v)
        if not isinstance(v, dict):
            return False
        s = segs[i]
        scope = None
        if ":" in s:
            s, scope = s.split(":", 1)
        if scope is not None and v.get("collection") not in (None, scope):
            return True  # another member of the m2a
        if s not in v:
            return False
        return walk(v[s], i + 1)
    return all(walk(x, 0) for x in (items or []))


def judge(r, now, before):
    st, body = now["status"], now["body"]
    if "graphql" in r:
        if body is None or body.get("errors"):
            return "rejected"
        if before is not None and shape(body.get("data")) != shape(before["body"].get("data")):
            return "short"
        return "ok"
    if not 200 <= st < 300:
        return "rejected"
    data = body.get("data") if body else None
    if r["method"] == "GET":
        for p in rest_paths(r["path"]):
            if not has_path(data, p):
                return "short"
        if before is not None and shape(data) != shape(before["body"].get("data")):
            return "short"
        return "ok"
    # a write: keys of the payload that did not land are discarded
    for k in (r.get("body") or {}):
        if isinstance(data, dict) and k not in data:
            return "short"
    return "ok"


def cmd_baseline(out):
    res = {r["id"]: send(r) for r in manifest() if is_read(r)}
    with open(out, "w") as f:
        json.dump(res, f, indent=1)


def cmd_observe(base, out):
    with open(base) as f:
        before = json.load(f)
    res = {}
    # the reads first: the writes add items the reads would then see
    for r in sorted(manifest(), key=lambda r: not is_read(r)):
        now = send(r)
        res[r["id"]] = {"verdict": judge(r, now, before.get(r["id"])),
                        "status": now["status"]}
    with open(out, "w") as f:
        json.dump(res, f, indent=1)


def within(r, file, line):
    return file is not None and os.path.normpath(file).endswith(
        os.path.normpath(r["file"])) and r["lines"][0] <= (line or 0) <= r["lines"][1]


def cmd_compare(observed, report, usage):
    with open(observed) as f:
        obs = json.load(f)
    with open(report) as f:
        rep = json.load(f)
    with open(usage) as f:
        use = json.load(f)
    reqs = manifest()
    bad = 0
    flagged = {}
    for c in rep["changes"]:
        if c["status"] != "reported" or c["severity"] != "breaking":
            continue
        sites = [(s["file"], s["line"]) for s in (c.get("usage") or {}).get("sites", [])]
        if c["entity"] == "front-end" and c["location"]:
            sites.append((c["location"]["file"], c["location"]["line"]))
        for r in reqs:
            if any(within(r, f, l) for f, l in sites):
                flagged.setdefault(r["id"], []).append(c["rule"] + " " +
                    c["collection"] + ("." + c["field"] if c["field"] else ""))
    for r in reqs:
        v = obs[r["id"]]["verdict"]
        if v != r["expect"]:
            print("FAIL %s: Directus: %s (HTTP %s), manifest expects %s" %
                  (r["id"], v, obs[r["id"]]["status"], r["expect"]))
            bad += 1
        broken = v != "ok"
        told = r["id"] in flagged
        if broken != told:
            print("FAIL %s: Directus: %s, directus-drift: %s" %
                  (r["id"], v, "; ".join(flagged.get(r["id"], [])) or "untouched"))
            bad += 1
        else:
            print("ok   %s: Directus %s, directus-drift %s" %
                  (r["id"], v, "; ".join(flagged.get(r["id"], [])) or "untouched"))
        sites = [(s["file"], s["line"]) for u in use["usage"] for s in u["sites"]]
        if not any(within(r, f, l) for f, l in sites):
            print("FAIL %s: the scan found no reference in %s:%d-%d" %
                  (r["id"], r["file"], r["lines"][0], r["lines"][1]))
            bad += 1
    print("oracle: %d requests, %d failed" % (len(reqs), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[:1] == ["baseline"] and len(a) == 2:
        cmd_baseline(a[1])
    elif a[:1] == ["observe"] and len(a) == 3:
        cmd_observe(a[1], a[2])
    elif a[:1] == ["compare"] and len(a) == 4:
        sys.exit(cmd_compare(a[1], a[2], a[3]))
    else:
        sys.exit(__doc__)
