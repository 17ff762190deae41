"""Shared helpers: a scratch scenario folder and a labrun that uses the fake QEMU."""
import os
import subprocess
import textwrap

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("BUILD") or os.path.join(REPO, "build")
LABRUN = os.path.join(BUILD, "harness", "labrun")
LABNET = os.path.join(BUILD, "harness", "labnet")
FAKEQEMU = os.path.join(HERE, "fakeqemu.py")


class Lab:
    """A folder with scenarios, profiles and fake kernels."""

    def __init__(self, tmp_path):
        self.dir = tmp_path
        (tmp_path / "profiles").mkdir()
        self.report = tmp_path / "report"
        self.qemu_log = tmp_path / "fakeqemu.log"

    def kernel(self, name, script):
        path = self.dir / (name + ".kernel")
        path.write_text(textwrap.dedent(script).lstrip())
        return str(path)

    def profile(self, stack, name, text):
        (self.dir / "profiles" / ("%s-%s.profile" % (stack, name))).write_text(textwrap.dedent(text).lstrip())

    def scenario(self, sid, text):
        path = self.dir / (sid + ".scn")
        path.write_text(textwrap.dedent(text).lstrip())
        return path.name

    def run(self, *args, timeout=60, env=None):
        e = dict(os.environ, LABRUN_QEMU=FAKEQEMU, BUILD=str(self.dir / "build"),
                 FAKEQEMU_LOG=str(self.qemu_log))
        e.update(env or {})
        cmd = [LABRUN, "--report", str(self.report)] + list(args)
        return subprocess.run(cmd, cwd=self.dir, env=e, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=timeout)

    def popen(self, *args):
        e = dict(os.environ, LABRUN_QEMU=FAKEQEMU, BUILD=str(self.dir / "build"),
                 FAKEQEMU_LOG=str(self.qemu_log))
        cmd = [LABRUN, "--report", str(self.report)] + list(args)
        return subprocess.Popen(cmd, cwd=self.dir, env=e, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)


@pytest.fixture
def lab(tmp_path):
    if not os.access(LABRUN, os.X_OK):
        pytest.skip("labrun not built (%s); run make -C harness" % LABRUN)
    return Lab(tmp_path)


def pgrep(marker):
    """Fake QEMUs (not labrun itself) whose command line has marker."""
    r = subprocess.run(["pgrep", "-f", "fakeqemu[.]py .*" + marker], stdout=subprocess.PIPE, text=True)
    return [int(p) for p in r.stdout.split()]


def labnets_under(folder):
    """labnet processes working in folder or below it."""
    r = subprocess.run(["pgrep", "-x", "labnet"], stdout=subprocess.PIPE, text=True)
    found = []
    for pid in r.stdout.split():
        try:
            cwd = os.readlink("/proc/%s/cwd" % pid)
        except OSError:
            continue
        if cwd.startswith(str(folder)):
            found.append(int(pid))
    return found
