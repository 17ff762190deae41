"""bench/run's header names the QEMU the scenarios actually run."""
import os
import pathlib
import subprocess

BENCH = pathlib.Path(__file__).resolve().parents[2] / "bench" / "run"


def header(build, **env):
    e = dict(os.environ, BENCH_ONLY="header")
    e.pop("LABRUN_QEMU", None)
    e.update(env)
    return subprocess.run(["sh", str(BENCH), str(build)], capture_output=True, text=True, check=True, env=e).stdout


def fake_qemu(path, version, comment=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["#!/bin/sh"] + ([comment] if comment else []) + [f'echo "{version}"']
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o755)
    return path


def test_the_patched_build_with_its_debian_version_and_patches(tmp_path):
    q = fake_qemu(tmp_path / "qemu" / "qemu-system-x86_64", "QEMU emulator version 7.2.99",
                  "# Debian's QEMU 1:7.2+dfsg-7 with a.patch b.patch (qemu/README.md)")
    out = header(tmp_path)
    assert f"QEMU emulator version 7.2.99 (Debian 1:7.2+dfsg-7 + a.patch b.patch, {q})" in out


def test_labrun_qemu_wins_over_the_patched_build(tmp_path):
    fake_qemu(tmp_path / "qemu" / "qemu-system-x86_64", "QEMU emulator version 7.2.99",
              "# Debian's QEMU 1:7.2+dfsg-7 with a.patch (qemu/README.md)")
    other = fake_qemu(tmp_path / "other" / "qemu", "QEMU emulator version 9.9.9")
    out = header(tmp_path, LABRUN_QEMU=str(other))
    assert f"QEMU emulator version 9.9.9 ({other})" in out
    assert "7.2.99" not in out


def test_a_qemu_that_cannot_run_is_said(tmp_path):
    out = header(tmp_path, LABRUN_QEMU=str(tmp_path / "missing"))
    assert f"{tmp_path / 'missing'}: cannot run" in out


def test_make_bench_runs_bench_run_on_the_build_tree(tmp_path):
    """`make bench` (README's table) is bench/run on $(BUILD); `-o` keeps
    make from installing, building and fetching in the scratch tree."""
    q = fake_qemu(tmp_path / "qemu" / "qemu-system-x86_64", "QEMU emulator version 7.2.42")
    e = dict(os.environ, BENCH_ONLY="header")
    e.pop("LABRUN_QEMU", None)
    r = subprocess.run(["make", "--no-print-directory", "-C", str(BENCH.parents[1]),
                        "-o", "deps", "-o", "all", "-o", "fixtures", "bench", "BUILD=%s" % tmp_path],
                       capture_output=True, text=True, timeout=60, env=e)
    assert r.returncode == 0, r.stderr
    assert f"QEMU emulator version 7.2.42 ({q})" in r.stdout
