"""pytest plugin: --tap-file F writes one TAP line per test (SKIP included)."""
import pytest


def pytest_addoption(parser):
    parser.addoption("--tap-file", default=None, help="also write TAP results to this file")


class TapWriter:
    def __init__(self, path):
        self.path = path
        self.lines = []

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report):
        name = report.nodeid.replace("#", "\\#")
        n = len(self.lines) + 1
        if report.when == "setup" and report.skipped:
            reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
            self.lines.append("ok %d - %s # SKIP %s" % (n, name, reason.replace("\n", " ")))
        elif report.when == "setup" and report.failed:
            self.lines.append("not ok %d - %s (setup)" % (n, name))
        elif report.when == "call":
            if report.skipped:
                self.lines.append("ok %d - %s # SKIP" % (n, name))
            else:
                self.lines.append("%sok %d - %s" % ("" if report.passed else "not ", n, name))

    @pytest.hookimpl
    def pytest_sessionfinish(self, session):
        with open(self.path, "w") as f:
            f.write("1..%d\n" % len(self.lines))
            for line in self.lines:
                f.write(line + "\n")


def pytest_configure(config):
    path = config.getoption("--tap-file")
    if path:
        config.pluginmanager.register(TapWriter(path), "tap-writer")
