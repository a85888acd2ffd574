#!/usr/bin/env python3
"""walltime.py ROUNDS NAME=CMD...: wall time of shell commands, side by side.

Each round runs every command once, in the order given, so that a slow
spell of a shared machine falls on all of them alike (best-of-N of one
command, then of the next, does not: on a VM with steal time one command
can get the quiet minute and the other the busy one).  Times come from
time.perf_counter() around fork and wait (microseconds, not the 10 ms of
/usr/bin/time %e).  One warm-up run of each command first, not
counted.  (No peak RSS: the forked child's would count this
interpreter's pages until the exec; bench/usage.sh takes it from
/usr/bin/time.)

Prints one line per command:
    NAME min SECONDS median SECONDS
Exit 1 when a command fails (its status and command line on stderr).
"""
import os
import statistics
import subprocess
import sys
import time


def run(cmd):
    """seconds of one run of cmd; exits on failure"""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, shell=True, stdout=subprocess.DEVNULL)
    _, status = os.waitpid(p.pid, 0)
    t = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.stderr.write("walltime: exit %d: %s\n" % (p.returncode, cmd))
        sys.exit(1)
    return t


def main(argv):
    if len(argv) < 3 or not argv[1].isdigit() or int(argv[1]) < 1:
        sys.stderr.write("usage: walltime.py ROUNDS NAME=CMD...\n")
        return 2
    rounds = int(argv[1])
    cmds = []
    for a in argv[2:]:
        name, eq, cmd = a.partition("=")
        if not eq or not name or not cmd:
            sys.stderr.write("walltime: not NAME=CMD: %s\n" % a)
            return 2
        cmds.append((name, cmd))
    for _, cmd in cmds:
        run(cmd)
    times = [[] for _ in cmds]
    for _ in range(rounds):
        for i, (_, cmd) in enumerate(cmds):
            times[i].append(run(cmd))
    for i, (name, _) in enumerate(cmds):
        print("%s min %.4f median %.4f" %
              (name, min(times[i]), statistics.median(times[i])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
