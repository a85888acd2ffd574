#!/bin/sh
# e2e: ci-examples/github-actions.yml and gitlab-ci.yml, their shell steps
# read from the YAML (python3-yaml) and run as the runners would (GitHub:
# "if:" conditions, a failed step skipping the rest but always() ones;
# GitLab: the script lines in one shell), offline: DRIFT_COMMAND="diff OLD
# URL" stands in for "check", the URL being the fault server on 127.0.0.1
# (tests/fault/server.py) with a secret-looking path.  Runs:
#   - with secrets and drift: the job fails after publishing; SARIF, job
#     summary, JUnit, Code Quality written; the text report in the log
#     (every --format goes to a file); the secret URL nowhere, the label
#     instead;
#   - with secrets, no drift: the job passes;
#   - without secrets (a fork or Dependabot pull request): a notice, the
#     live step and the publishing steps skipped, the job passes;
#   - bad input: the job fails and no step fails on a file never written.
# The pre-push and pre-commit gates are in gates.sh.
set -u
top=${DRIFT_TOP:?}
bin=${DRIFT_BIN:?}
ex=$top/ci-examples
tmp=$(mktemp -d) || exit 1
spid=""
cleanup() {
	[ -n "$spid" ] && kill "$spid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy \
    DIRECTUS_URL DIRECTUS_TOKEN NO_COLOR FORCE_COLOR CLICOLOR_FORCE \
    GITHUB_ACTIONS GITLAB_CI 2>/dev/null || true

py=""
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	    "$p" -c 'import yaml' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "ci_examples: skipped: python3 with PyYAML is missing"
	exit 77
fi

DRIFT_TOP=$top
. "$top/tests/fault/start.sh"
fault_start "$tmp/server" 120
spid=$last
base="http://127.0.0.1:$(cat "$tmp/server/port")"

mkdir -p "$tmp/ws/.directus-drift-bin"
ln -s "$bin" "$tmp/ws/.directus-drift-bin/directus-drift"
"$py" - "$ex" "$tmp" "$top/fixtures/live" "$base" <<'EOF'
import json, os, re, subprocess, sys
import xml.etree.ElementTree as ET
import yaml

ex, tmp, live, base = sys.argv[1:5]
ws = tmp + "/ws"
bad = []
def check(cond, msg):
    if not cond:
        bad.append(msg)

# the "live instance": a secret-looking URL; drifted (a field removed) or
# the same as the committed snapshot
secret = "s3cr3t-tenant-7f2a"
drifted = base + "/s/ok,file=snapshot-drifted.json,tag=" + secret
same = base + "/s/ok,tag=" + secret
committed = live + "/snapshot.yaml"
host = base.split("//", 1)[1]

# -- GitHub Actions
wf = yaml.safe_load(open(ex + "/github-actions.yml"))
steps = wf["jobs"]["directus-drift"]["steps"]
byname = {s.get("name"): s for s in steps}
text = open(ex + "/github-actions.yml").read()
uses = [s["uses"] for s in steps if "uses" in s]
for want in ("actions/checkout@v6", "actions/cache@v5",
             "github/codeql-action/upload-sarif@v4"):
    check(want in uses, "github: %s (current major) not used: %s"
          % (want, uses))
check(all(re.search(r"@v\d+$", u) for u in uses), "github: unpinned action")
check("--least-privilege" in text, "github: --least-privilege not explained")
check("Advanced Security" in text, "github: Advanced Security not mentioned")
check(re.search(r"DRIFT_VERSION: v\d+\.\d+\.\d+", text) is not None and
      byname["Check out directus-drift"]["with"].get("ref") ==
      "${{ env.DRIFT_VERSION }}", "github: the tool is not pinned to a release")
check(byname.get("Cache the directus-drift build", {}).get("uses", "")
      .startswith("actions/cache@"), "github: the build is not cached")
inst = byname.get("Install build dependencies", {}).get("run", "")
check("apt-get install -y libyaml-dev libjansson-dev libcurl4-openssl-dev "
      "pkg-config" in inst, "github: apt-get install line")
drift_env = byname.get("Check for schema drift", {}).get("env", {})
check(drift_env.get("DIRECTUS_URL") == "${{ secrets.DIRECTUS_URL }}" and
      drift_env.get("DIRECTUS_TOKEN") == "${{ secrets.DIRECTUS_TOKEN }}",
      "github: URL and token from secrets")

def gh_if(expr, ctx):
    """A GitHub expression, for the few forms the workflow uses."""
    if expr is None:
        return not ctx["failed"]
    e = expr
    if "always()" not in e and ctx["failed"]:
        return False           # an implicit success()
    e = e.replace("always()", "True")
    e = re.sub(r"hashFiles\('([^']*)'\)",
               lambda m: repr("h" if os.path.exists(ws + "/" + m.group(1))
                              else ""), e)
    e = e.replace("steps.drift.outputs.status", repr(ctx["status"]))
    e = e.replace("steps.cache.outputs.cache-hit", repr("true"))
    e = e.replace("&&", " and ").replace("||", " or ")
    return eval(e, {"__builtins__": {}}, {"True": True})

def run_github(command, url, token):
    out = tmp + "/gh_output"
    summ = tmp + "/gh_summary"
    for f in (out, summ):
        open(f, "w").close()
    for f in ("drift.sarif", "drift.md"):
        if os.path.exists(ws + "/" + f):
            os.unlink(ws + "/" + f)
    e = dict(os.environ, **{k: str(v) for k, v in wf.get("env", {}).items()})
    e.update(GITHUB_OUTPUT=out, GITHUB_STEP_SUMMARY=summ,
             GITHUB_ACTIONS="true", DIRECTUS_URL=url, DIRECTUS_TOKEN=token,
             DRIFT_COMMAND=command)
    ctx = {"status": "", "failed": False}
    ran, log = [], ""
    for s in steps:
        if not gh_if(s.get("if"), ctx):
            continue
        name = s.get("name")
        if "uses" in s:
            if "upload-sarif" in s["uses"]:
                # the action fails on a missing or broken file
                f = ws + "/" + s["with"]["sarif_file"]
                ok = os.path.exists(f)
                if ok:
                    json.load(open(f))
                ran.append(name)
                ctx["failed"] |= not ok
            continue
        if "apt-get" in s["run"] or "make -C" in s["run"]:
            continue           # the cache hit: nothing to build
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo",
                            "pipefail", "-c", s["run"]], cwd=ws, env=e,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        ran.append(name)
        log += r.stdout
        for line in open(out):
            if line.startswith("status="):
                ctx["status"] = line.strip().split("=", 1)[1]
        if r.returncode != 0:
            ctx["failed"] = True
    return ctx["status"], ctx["failed"], open(summ).read(), ran, log

def no_secret(what, s):
    check(secret not in s and host not in s,
          "%s: the instance URL leaks: %r" % (what, s[:300]))

# with secrets, drift
status, failed, summary, ran, log = run_github(
    "diff %s %s" % (committed, drifted), drifted, "tok")
check(status == "1", "github: drift: status output %r: %s" % (status, log))
check(failed, "github: drift: the job did not fail")
check(summary.startswith("## :x: directus-drift"),
      "github: job summary: %r" % summary[:80])
check("Upload SARIF to code scanning" in ran and
      "Write the job summary" in ran, "github: drift: not published: %s" % ran)
sarif_text = open(ws + "/drift.sarif").read() if os.path.exists(
    ws + "/drift.sarif") else "{}"
sarif = json.loads(sarif_text)
check(sarif.get("version") == "2.1.0" and
      len(sarif.get("runs", [{}])[0].get("results", [])) >= 1,
      "github: SARIF file")
check("field articles.title was removed" in log,
      "github: the text report is not in the log: %r" % log[:300])
check("-> production (" in log, "github: the log does not use the label")
for what, s in (("github SARIF", sarif_text), ("github summary", summary),
                ("github drift.md", open(ws + "/drift.md").read()
                 if os.path.exists(ws + "/drift.md") else ""),
                ("github log", log)):
    no_secret(what, s)
# with secrets, no drift
status, failed, summary, ran, log = run_github(
    "diff %s %s" % (committed, same), same, "tok")
check(status == "0" and not failed, "github: clean: status %r, failed %r"
      % (status, failed))
check(":white_check_mark:" in summary, "github: clean: summary")
# without secrets (a fork, Dependabot): a notice, nothing else runs
status, failed, summary, ran, log = run_github(
    "diff %s %s" % (committed, drifted), "", "")
check(status == "skipped" and not failed,
      "github: no secrets: status %r, failed %r: %s" % (status, failed, log))
check("::notice title=directus-drift::" in log, "github: no secrets: notice")
check("Upload SARIF to code scanning" not in ran and
      "Write the job summary" not in ran and "Fail on drift" not in ran,
      "github: no secrets: steps ran: %s" % ran)
check(summary == "", "github: no secrets: a summary was written")
# bad input: fails, and nothing fails later on a file never written
status, failed, summary, ran, log = run_github(
    "diff %s %s" % (tmp + "/nope.yaml", drifted), drifted, "tok")
check(status == "3" and failed, "github: bad input: status %r" % status)
check("Upload SARIF to code scanning" not in ran and
      "Write the job summary" not in ran,
      "github: bad input: published files never written: %s" % ran)

# -- GitLab CI: the script lines in one shell, stopping at the first failure
gltext = open(ex + "/gitlab-ci.yml").read()
gl = yaml.safe_load(gltext)
job = gl["directus-drift"]
rep = job["artifacts"]["reports"]
check(job["artifacts"].get("when") == "always", "gitlab: artifacts always")
check(any("apt-get install" in l and "libyaml-dev" in l
          for l in job["before_script"]), "gitlab: apt-get install")
check("masked, protected" not in gltext and
      "merge-request pipelines of ordinary branches" in gltext,
      "gitlab: the protected-variable advice")
check(job.get("variables", {}).get("DRIFT_VERSION", "").startswith("v") and
      "--branch \"$DRIFT_VERSION\"" in gltext, "gitlab: not pinned")
check(job.get("cache", {}).get("paths") == [".directus-drift-bin/"],
      "gitlab: the build is not cached")
def run_gitlab(command, url, token):
    for f in rep.values():
        if os.path.exists(ws + "/" + f):
            os.unlink(ws + "/" + f)
    e = dict(os.environ, DRIFT_COMMAND=command, GITLAB_CI="true",
             DIRECTUS_URL=url, DIRECTUS_TOKEN=token,
             **{k: str(v) for k, v in job.get("variables", {}).items()})
    script = "set -e\n" + "\n".join(job["script"])
    return subprocess.run(["sh", "-c", script], cwd=ws, env=e,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
r = run_gitlab("diff %s %s" % (committed, drifted), drifted, "tok")
check(r.returncode == 1, "gitlab: drift: exit %d: %s" % (r.returncode,
                                                         r.stdout[-300:]))
check("field articles.title was removed" in r.stdout, "gitlab: job log")
def read(f):
    return open(f).read() if os.path.exists(f) else ""
junit = read(ws + "/" + rep["junit"]) or "<none/>"
root = ET.fromstring(junit)
check(root.tag == "testsuites" and int(root.get("failures", "0")) >= 1,
      "gitlab: junit report")
cqtext = read(ws + "/" + rep["codequality"]) or "null"
cq = json.loads(cqtext)
check(isinstance(cq, list) and len(cq) >= 1 and
      all({"description", "check_name", "fingerprint", "severity",
           "location"} <= set(i) for i in cq), "gitlab: code quality report")
for what, s in (("gitlab junit", junit), ("gitlab code quality", cqtext),
                ("gitlab log", r.stdout)):
    no_secret(what, s)
r = run_gitlab("diff %s %s" % (committed, same), same, "tok")
check(r.returncode == 0, "gitlab: clean: exit %d" % r.returncode)
check(os.path.exists(ws + "/" + rep["junit"]), "gitlab: clean: junit")
r = run_gitlab("diff %s %s" % (committed, drifted), "", "")
check(r.returncode == 0 and "live comparison is skipped" in r.stdout,
      "gitlab: no variables: exit %d: %s" % (r.returncode, r.stdout))
check(not os.path.exists(ws + "/" + rep["junit"]),
      "gitlab: no variables: a report was written")

for b in bad:
    print("FAIL:", b)
print("ci_examples: %d problem(s)" % len(bad))
sys.exit(1 if bad else 0)
EOF
