"""harness/soak: N labrun runs in a row, stopping at the first failure,
passing only when no run failed and none needed a known-fault rerun.
labrun is a stand-in whose run K behaves as the test script says."""
import os
import subprocess

from .conftest import REPO

SOAK = os.path.join(REPO, "harness", "soak")

# Run K reads line K of $PLAN: "pass", "rerun" or "fail".
FAKE_LABRUN = """#!/bin/sh
k=$(($(cat "$STATE" 2>/dev/null || echo 0) + 1))
echo $k > "$STATE"
printf '%s\\n' "$@" > "$STATE.argv.$k"
what=$(sed -n "${k}p" "$PLAN")
echo "1..1"
case $what in
pass) echo "ok 1 - a@xen (1.0 s)"
      echo "labrun: 1 passed, 0 failed, 0 skipped, 0 run again on a known fault in 1.0 s; report in x" >&2 ;;
rerun) echo "ok 1 - a@xen (2.0 s) # ran twice"
      echo "labrun: 1 passed, 0 failed, 0 skipped, 1 run again on a known fault in 2.0 s; report in x" >&2 ;;
*)    echo "not ok 1 - a@xen (1.0 s)"; echo "#   step a.scn:3: boom"
      echo "labrun: 0 passed, 1 failed, 0 skipped, 0 run again on a known fault in 1.0 s; report in x" >&2
      exit 1 ;;
esac
"""


def soak(tmp_path, plan, *args):
    fake = tmp_path / "labrun"
    fake.write_text(FAKE_LABRUN)
    fake.chmod(0o755)
    (tmp_path / "plan").write_text("\n".join(plan) + "\n")
    env = dict(os.environ, LABRUN=str(fake), PLAN=str(tmp_path / "plan"),
               STATE=str(tmp_path / "state"))
    r = subprocess.run([SOAK, *args], capture_output=True, text=True, timeout=60, env=env)
    state = tmp_path / "state"
    runs = int(state.read_text()) if state.exists() else 0
    return r, runs


def test_all_runs_pass(tmp_path):
    r, runs = soak(tmp_path, ["pass"] * 3, "3", "--report", str(tmp_path / "rep"), "-j", "2", "a.scn")
    assert r.returncode == 0, r.stdout + r.stderr
    assert runs == 3
    assert "soak: 3 consecutive runs passed, none run again on a known fault" in r.stdout
    assert "run 2/3: 1 passed, 0 failed" in r.stdout
    # --report is soak's: each run gets its own folder; the rest is labrun's.
    argv = (tmp_path / "state.argv.2").read_text().split("\n")[:-1]
    assert argv == ["--report", str(tmp_path / "rep" / "run-2"), "-j", "2", "a.scn"]


def test_a_failed_run_stops_the_soak(tmp_path):
    r, runs = soak(tmp_path, ["pass", "fail", "pass"], "3", "--report", str(tmp_path / "rep"), "a.scn")
    assert r.returncode == 1
    assert runs == 2
    assert "not ok 1 - a@xen" in r.stdout
    assert "soak: run 2 of 3 failed (exit 1)" in r.stdout


def test_a_rerun_is_not_a_pass(tmp_path):
    r, runs = soak(tmp_path, ["pass", "rerun"], "2", "--report", str(tmp_path / "rep"), "a.scn")
    assert r.returncode == 1
    assert runs == 2
    assert "1 scenario run(s) needed a known-fault rerun" in r.stdout


def test_bad_count(tmp_path):
    for n in ["0", "x", "-1"]:
        r, runs = soak(tmp_path, ["pass"], n, "a.scn")
        assert r.returncode == 2, n
        assert runs == 0
        assert "usage: soak N" in r.stderr
