"""`make scenarios [SHARD=i/n] [JOBS=n]` (README's table): the gate runs it
whole, so here only what the gate does not type is checked, that SHARD and
JOBS reach labrun and that its verdict is make's. labrun is a stand-in on
a scratch BUILD (`-o` keeps make from building the tree there); how labrun
splits the shards is test_labrun.py's test_shards_partition."""
import glob
import os
import subprocess

from .conftest import REPO

FAKE_LABRUN = """#!/bin/sh
printf '%s\\n' "$@" > "$BUILD/labrun-argv"
exit "${FAKE_STATUS:-0}"
"""


def make_scenarios(tmp_path, *args, status=0):
    build = tmp_path / "build"
    (build / "harness").mkdir(parents=True)
    labrun = build / "harness" / "labrun"
    labrun.write_text(FAKE_LABRUN)
    labrun.chmod(0o755)
    env = dict(os.environ, FAKE_STATUS=str(status))
    r = subprocess.run(["make", "--no-print-directory", "-C", REPO, "-o", "all", "-o", "fixtures",
                        "scenarios", "BUILD=%s" % build, *args],
                       capture_output=True, text=True, timeout=60, env=env)
    argv_file = build / "labrun-argv"
    return r, argv_file.read_text().split("\n")[:-1] if argv_file.exists() else None


def scenario_files():
    return sorted(os.path.relpath(p, REPO) for p in glob.glob(os.path.join(REPO, "scenarios", "*.scn")))


def test_shard_and_jobs_reach_labrun(tmp_path):
    r, argv = make_scenarios(tmp_path, "SHARD=2/3", "JOBS=1")
    assert r.returncode == 0, r.stderr
    assert argv[:4] == ["-j", "1", "--shard", "2/3"]
    assert sorted(a for a in argv if a.endswith(".scn")) == scenario_files()


def test_without_shard_every_scenario_runs(tmp_path):
    r, argv = make_scenarios(tmp_path)
    assert r.returncode == 0, r.stderr
    assert "--shard" not in argv
    assert argv[:2] == ["-j", "2"]
    assert sorted(a for a in argv if a.endswith(".scn")) == scenario_files()


def test_a_failed_scenario_fails_make(tmp_path):
    r, argv = make_scenarios(tmp_path, "SHARD=1/2", status=1)
    assert argv is not None
    assert r.returncode != 0
