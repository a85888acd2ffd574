"""Prints one line per change of a JSON report, sorted, for pinning:
severity rule collection field path, then the summary counts."""
import json
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    report = json.load(f)
lines = []
for c in report["changes"]:
    lines.append(" ".join(str(x) for x in (
        c["severity"], c["rule"], c["collection"],
        c["field"] if c["field"] is not None else "-",
        c["path"] if c["path"] is not None else "-")))
for line in sorted(lines):
    print(line)
s = report["summary"]
print("summary: %d breaking, %d dangerous, %d safe, %d cosmetic" % (
    s["breaking"], s["dangerous"], s["safe"], s["cosmetic"]))
for note in report.get("notes", []):
    print("note: " + note)
