"""`make clean` drops build outputs but keeps the downloaded packages, the
images and the QEMU build; `make distclean` drops the whole build tree
(README's table). Run on a scratch BUILD, never the real one."""
import subprocess

from .conftest import REPO

OUTPUTS = ["harness", "hypervisor", "toolstack", "guests", "test-results", "reports"]
KEPT = ["fixtures", "qemu"]


def scratch_build(tmp_path):
    build = tmp_path / "build"
    for d in OUTPUTS + KEPT:
        (build / d).mkdir(parents=True)
        (build / d / "file").write_text(d)
    return build


def make(target, build):
    return subprocess.run(["make", "--no-print-directory", "-C", REPO, target, "BUILD=%s" % build],
                          capture_output=True, text=True, timeout=60)


def test_make_clean_keeps_fixtures_and_qemu(tmp_path):
    build = scratch_build(tmp_path)
    r = make("clean", build)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in build.iterdir()) == KEPT
    assert (build / "fixtures" / "file").read_text() == "fixtures"


def test_make_distclean_drops_the_build_tree(tmp_path):
    build = scratch_build(tmp_path)
    r = make("distclean", build)
    assert r.returncode == 0, r.stderr
    assert not build.exists()
