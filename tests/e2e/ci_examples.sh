#!/bin/sh
# e2e: the examples under ci-examples/ do what they say, offline:
#   - pre-push: in a scratch repository pushing to a local bare remote, a
#     push that removes a field is refused (the remote keeps its commit), a
#     cosmetic change goes through; the snapshot path comes from git
#     config; DIRECTUS_URL (here a file standing in for the live instance)
#     adds the live comparison;
#   - .pre-commit-hooks.yaml: the shape pre-commit reads, and its entry run
#     in a scratch repository;
#   - github-actions.yml and gitlab-ci.yml: their shell steps, read from
#     the YAML (python3-yaml) and run with the CI environment faked and
#     DRIFT_COMMAND="diff OLD NEW" standing in for "check" (no network).
set -u
top=${DRIFT_TOP:?}
bin=${DRIFT_BIN:?}
ex=$top/ci-examples
fx=$top/fixtures/formats
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fails=0
checks=0

fail() {
	printf 'FAIL: %s\n' "$*"
	fails=$((fails + 1))
}
ok() {
	checks=$((checks + 1))
}

if ! command -v git >/dev/null 2>&1; then
	echo "ci_examples: skipped: git is missing"
	exit 77
fi

# a cosmetic-only variant of the fixture (an icon), and the removal
sed 's/icon: person/icon: face/' "$fx/old.yaml" >"$tmp/cosmetic.yaml"

# ---- pre-push ----
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME="$tmp"
unset DIRECTUS_URL DIRECTUS_TOKEN DIRECTUS_DRIFT_SNAPSHOT \
    DIRECTUS_DRIFT_FAIL_ON || true
git init -q --bare "$tmp/remote.git"
git init -q -b main "$tmp/work"
cd "$tmp/work" || exit 1
cp "$fx/old.yaml" schema.yaml
git add schema.yaml && git commit -q -m one
cp "$ex/pre-push" .git/hooks/pre-push
chmod +x .git/hooks/pre-push
export DIRECTUS_DRIFT="$bin"
git remote add origin "$tmp/remote.git"
# a new branch: nothing to compare with, goes through
if git push -q origin main >"$tmp/push.log" 2>&1; then ok; else
	fail "pre-push: first push refused: $(cat "$tmp/push.log")"
fi
# a cosmetic change goes through
cp "$tmp/cosmetic.yaml" schema.yaml
git commit -q -am cosmetic
if git push -q origin main >"$tmp/push.log" 2>&1; then ok; else
	fail "pre-push: cosmetic change refused: $(cat "$tmp/push.log")"
fi
pushed=$(git rev-parse HEAD)
# a removed field is refused, the remote keeps its commit
cp "$fx/new.yaml" schema.yaml
git commit -q -am removal
if git push -q origin main >"$tmp/push.log" 2>&1; then
	fail "pre-push: a push removing a field went through"
else
	ok
	grep -q 'field articles.views was removed' "$tmp/push.log" ||
	    fail "pre-push: the report is not shown"
	grep -q 'push refused by directus-drift' "$tmp/push.log" ||
	    fail "pre-push: no refusal message"
fi
[ "$(git --git-dir="$tmp/remote.git" rev-parse main)" = "$pushed" ] ||
    fail "pre-push: the remote moved"
# --fail-on from git config: never lets it through
git config directus-drift.failOn never
if git push -q origin main >"$tmp/push.log" 2>&1; then ok; else
	fail "pre-push: failOn never still refused"
fi
git config --unset directus-drift.failOn
# a deleted branch is not compared
git push -q origin main:gone >/dev/null 2>&1
if git push -q origin :gone >"$tmp/push.log" 2>&1; then ok; else
	fail "pre-push: deleting a branch refused: $(cat "$tmp/push.log")"
fi
# the snapshot path from git config
mkdir db
cp "$fx/old.yaml" db/s.yaml
git add db/s.yaml && git commit -q -m db
git config directus-drift.snapshot db/s.yaml
git push -q origin main >/dev/null 2>&1 || fail "pre-push: db/s.yaml push"
cp "$fx/new.yaml" db/s.yaml
git commit -q -am "db removal"
if git push -q origin main >"$tmp/push.log" 2>&1; then
	fail "pre-push: removal in db/s.yaml (git config) went through"
else
	ok
fi
git reset -q --hard HEAD~1
# the live comparison: DIRECTUS_URL (a file here) lacks the field
DIRECTUS_URL=$fx/new.yaml
export DIRECTUS_URL
cp "$tmp/cosmetic.yaml" db/s.yaml
git commit -q -am "db cosmetic"
if git push -q origin main >"$tmp/push.log" 2>&1; then
	fail "pre-push: drift against DIRECTUS_URL went through"
else
	ok
	grep -q "against $fx/new.yaml: drift" "$tmp/push.log" ||
	    fail "pre-push: the live comparison is not named"
fi
unset DIRECTUS_URL
if git push -q origin main >"$tmp/push.log" 2>&1; then ok; else
	fail "pre-push: cosmetic db change refused without DIRECTUS_URL"
fi
cd "$tmp" || exit 1

# ---- the YAML examples ----
py=""
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	    "$p" -c 'import yaml' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "ci_examples: python3-yaml missing: the YAML examples are" \
	    "not checked"
	[ "$fails" -eq 0 ] || exit 1
	exit 77
fi

mkdir -p "$tmp/ws/.directus-drift"
ln -s "$bin" "$tmp/ws/.directus-drift/directus-drift"
"$py" - "$ex" "$tmp" "$bin" "$fx" <<'EOF' || fail "YAML examples (see above)"
import json, os, re, subprocess, sys
import xml.etree.ElementTree as ET
import yaml

ex, tmp, binary, fx = sys.argv[1:5]
ws = tmp + "/ws"
bad = []
def check(cond, msg):
    if not cond:
        bad.append(msg)

# -- .pre-commit-hooks.yaml: the manifest pre-commit reads
hooks = yaml.safe_load(open(ex + "/.pre-commit-hooks.yaml"))
check(isinstance(hooks, list) and len(hooks) == 1, "pre-commit: one hook")
h = hooks[0]
for k in ("id", "name", "entry", "language"):
    check(isinstance(h.get(k), str) and h[k], "pre-commit: " + k)
check(h.get("language") == "system", "pre-commit: language system")
check(h.get("pass_filenames") is False, "pre-commit: pass_filenames")
check(re.search(h.get("files", ""), "schema.yaml") is not None and
      re.search(h.get("files", ""), "other/schema.yaml.bak") is None,
      "pre-commit: files regex")
known = {"id", "name", "entry", "language", "files", "exclude", "types",
         "types_or", "exclude_types", "always_run", "fail_fast", "verbose",
         "pass_filenames", "require_serial", "description",
         "language_version", "minimum_pre_commit_version", "args", "stages"}
check(set(h) <= known, "pre-commit: unknown keys %s" % (set(h) - known))
entry = h["entry"].split()
check(entry[0] == "directus-drift", "pre-commit: entry program")
repo = tmp + "/pc"
env = dict(os.environ)
def sh(cmd, cwd, **kw):
    return subprocess.run(cmd, cwd=cwd, env=env, shell=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kw)
os.makedirs(repo)
sh("git init -q . && cp %s/old.yaml schema.yaml && git add schema.yaml && "
   "git commit -q -m one" % fx, repo)
cmd = [binary] + entry[1:]
for variant, want in (("cosmetic", 0), ("new", 1)):
    src = tmp + "/cosmetic.yaml" if variant == "cosmetic" else fx + "/new.yaml"
    sh("cp %s schema.yaml" % src, repo)
    r = subprocess.run(cmd, cwd=repo, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    check(r.returncode == want, "pre-commit entry on %s: exit %d, want %d: %s"
          % (variant, r.returncode, want, r.stdout[-300:]))

# -- GitHub Actions: the shell steps, with the runner's environment faked
wf = yaml.safe_load(open(ex + "/github-actions.yml"))
steps = wf["jobs"]["directus-drift"]["steps"]
byname = {s.get("name"): s for s in steps}
inst = byname.get("Install build dependencies", {}).get("run", "")
check("apt-get install -y libyaml-dev libjansson-dev libcurl4-openssl-dev "
      "pkg-config" in inst, "github: apt-get install line")
check("make" in byname.get("Build directus-drift", {}).get("run", ""),
      "github: build step")
up = byname.get("Upload SARIF to code scanning", {})
check(up.get("uses", "").startswith("github/codeql-action/upload-sarif@"),
      "github: upload-sarif")
drift_env = byname.get("Check for schema drift", {}).get("env", {})
check(drift_env.get("DIRECTUS_URL") == "${{ secrets.DIRECTUS_URL }}" and
      drift_env.get("DIRECTUS_TOKEN") == "${{ secrets.DIRECTUS_TOKEN }}",
      "github: URL and token from secrets")

def gh_if(expr, status):
    if expr is None:
        return True
    e = expr.replace("always()", "True").replace("&&", " and ")
    e = e.replace("||", " or ").replace("steps.drift.outputs.status",
                                        repr(status))
    return eval(e, {"__builtins__": {}}, {"True": True})

def run_github(old, new):
    out = tmp + "/gh_output"
    summ = tmp + "/gh_summary"
    for f in (out, summ):
        open(f, "w").close()
    for f in ("drift.sarif", "drift.md"):
        if os.path.exists(ws + "/" + f):
            os.unlink(ws + "/" + f)
    e = dict(os.environ, GITHUB_OUTPUT=out, GITHUB_STEP_SUMMARY=summ,
             DIRECTUS_URL="", DIRECTUS_TOKEN="",
             DRIFT_COMMAND="diff %s %s" % (old, new))
    status, failed = "", False
    for s in steps:
        if "run" not in s or s["name"] in ("Install build dependencies",
                                          "Build directus-drift"):
            continue
        if not gh_if(s.get("if"), status) or failed:
            continue
        r = subprocess.run(["bash", "--noprofile", "--norc", "-eo",
                            "pipefail", "-c", s["run"]], cwd=ws, env=e,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        for line in open(out):
            if line.startswith("status="):
                status = line.strip().split("=", 1)[1]
        if r.returncode != 0:
            failed = True
    return status, failed, open(summ).read()

status, failed, summary = run_github(fx + "/old.yaml", fx + "/new.yaml")
check(status == "1", "github: drift: status output %r" % status)
check(failed, "github: drift: the job did not fail")
check(summary.startswith("## :x: directus-drift"), "github: job summary")
sarif = json.load(open(ws + "/" + up.get("with", {}).get("sarif_file", "-")))
check(sarif.get("version") == "2.1.0" and
      len(sarif["runs"][0]["results"]) == 5, "github: SARIF file")
status, failed, summary = run_github(fx + "/old.yaml", tmp + "/cosmetic.yaml")
check(status == "0" and not failed, "github: cosmetic: job failed")
check(":white_check_mark:" in summary, "github: cosmetic: summary")
status, failed, summary = run_github(fx + "/old.yaml", tmp + "/nope.yaml")
check(status == "3" and failed, "github: bad input: status %r" % status)

# -- GitLab CI: script lines in one shell, stopping at the first failure
gl = yaml.safe_load(open(ex + "/gitlab-ci.yml"))
job = gl["directus-drift"]
rep = job["artifacts"]["reports"]
check(job["artifacts"].get("when") == "always", "gitlab: artifacts always")
check(any("apt-get install" in l and "libyaml-dev" in l
          for l in job["before_script"]), "gitlab: apt-get install")
def run_gitlab(old, new):
    for f in rep.values():
        if os.path.exists(ws + "/" + f):
            os.unlink(ws + "/" + f)
    e = dict(os.environ, DRIFT_COMMAND="diff %s %s" % (old, new))
    script = "set -e\n" + "\n".join(job["script"])
    return subprocess.run(["sh", "-c", script], cwd=ws, env=e,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
r = run_gitlab(fx + "/old.yaml", fx + "/new.yaml")
check(r.returncode == 1, "gitlab: drift: exit %d" % r.returncode)
check("field articles.views was removed" in r.stdout, "gitlab: job log")
root = ET.parse(ws + "/" + rep["junit"]).getroot()
check(root.tag == "testsuites" and root.get("failures") == "1",
      "gitlab: junit report")
cq = json.load(open(ws + "/" + rep["codequality"]))
check(isinstance(cq, list) and len(cq) == 5 and
      all({"description", "check_name", "fingerprint", "severity",
           "location"} <= set(i) for i in cq), "gitlab: code quality report")
r = run_gitlab(fx + "/old.yaml", tmp + "/cosmetic.yaml")
check(r.returncode == 0, "gitlab: cosmetic: exit %d" % r.returncode)
check(os.path.exists(ws + "/" + rep["junit"]), "gitlab: cosmetic: junit")

for b in bad:
    print("FAIL:", b)
print("ci_examples: YAML examples: %d problem(s)" % len(bad))
sys.exit(1 if bad else 0)
EOF

[ "$fails" -eq 0 ] || { echo "ci_examples: $fails failure(s)"; exit 1; }
echo "ci_examples: ok ($checks hook checks)"
